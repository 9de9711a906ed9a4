"""Entries dated after today (issue 14): one rule everywhere.

Reading warns on each such row and keeps it in `Log.entries` (and in the file, through
every write); daily() leaves its day out, so no analysis, chart, explorer or report
sees it and no future week is listed; `psoas-track log` refuses such a date and
`psoas-track sample` writes none.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from psoas_track import schema
from psoas_track.analysis.weekly import parse_week, week_of, weeks_with_entries
from psoas_track.cli import cli
from psoas_track.daily import daily
from psoas_track.read.log import WARNING, read_log
from psoas_track.report.render import weeks_in_log
from psoas_track.sample import generate_log, recent_log
from psoas_track.write import JournalError, append_entry

TODAY = dt.date(2026, 12, 2)  # injected: these tests do not depend on the clock
LOG = """date,sitting_hours,back_pain,notes
2026-11-30,7,4,
2026-12-01,8,5,
2026-12-02,6,3,today
2026-12-03,6,2,tomorrow
2026-12-03,1,2,tomorrow again
03.01.2027,5,1,next year
2027-01-03,20,1,over a day too
"""
FUTURE_ROWS = [5, 6, 7, 8]  # spreadsheet rows (header = 1) dated after TODAY


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _relative_log(path, offsets: list[int]) -> list[dt.date]:
    """A log with one entry on each day `offsets` from the real today (for the paths that
    take no `today`: the CLI, the report's weeks and append_entry)."""
    today = dt.date.today()
    days = [today + dt.timedelta(days=k) for k in offsets]
    path.write_text(
        "date,back_pain\n" + "".join(f"{_iso(d)},{k % 10}\n" for k, d in enumerate(days)),
        encoding="utf-8",
    )
    return days


def test_each_row_after_today_is_one_warning_on_its_row(write):
    log = read_log(write(LOG), today=TODAY)
    future = [p for p in log.problems if "after today" in p.message]
    assert [p.row for p in future] == FUTURE_ROWS
    assert {p.severity for p in future} == {WARNING}
    assert {p.column for p in future} == {"date"}
    assert [p.value for p in future] == ["2026-12-03", "2026-12-03", "03.01.2027", "2027-01-03"]
    assert str(future[0]) == (
        "row 5, date: 2026-12-03 is after today (2026-12-02); the row is kept in the file "
        "but left out of days, charts and reports until that day comes. If the date is "
        "wrong, correct it in the file (warning)"
    )
    assert future[2].message.startswith("'03.01.2027' (read as 2027-01-03) is after today")
    # Today itself is not in the future; the rest of the file's problems are still there.
    assert not any(p.row == 4 and "after today" in p.message for p in log.problems)
    assert any(p.row == 8 and "more than the 24" in p.message for p in log.problems)
    assert log.today == TODAY and not log.errors


def test_no_warning_when_nothing_is_after_today(write):
    log = read_log(write(LOG), today=dt.date(2027, 1, 3))
    assert not [p for p in log.problems if "after today" in p.message]


def test_future_rows_stay_in_the_entries_and_daily_leaves_their_days_out(write):
    log = read_log(write(LOG), today=TODAY)
    assert log.entries[schema.ROW].tolist() == [2, 3, 4, *FUTURE_ROWS]
    assert log.rows == log.n_entries == 7
    days = daily(log)
    assert days.index[0] == pd.Timestamp("2026-11-30")
    assert days.index[-1] == pd.Timestamp(TODAY)
    assert days["entries"].tolist() == [1, 1, 1]
    assert days["notes"].iloc[-1] == "today"
    # A later day (given, or the day the log was read on) lets the days in when they come.
    assert daily(log, today=dt.date(2026, 12, 3)).index[-1] == pd.Timestamp("2026-12-03")
    assert daily(read_log(log.path, today=dt.date(2027, 1, 3))).index[-1] == pd.Timestamp(
        "2027-01-03"
    )


def test_daily_of_a_bare_entries_table_cuts_at_a_given_today():
    entries = generate_log(days=30, seed=1, start=TODAY - dt.timedelta(days=9))
    days = daily(entries, today=TODAY)
    assert days.index[-1] == pd.Timestamp(TODAY) and len(days) == 10
    assert len(daily(entries)) == 30  # a synthetic table with no today is taken whole


def test_nothing_after_today_reaches_the_weeks(write):
    days = daily(read_log(write(LOG), today=TODAY))
    assert [w.label for w in weeks_with_entries(days)] == ["2026-W49"]
    assert parse_week("latest", days).label == "2026-W49"


def test_weeks_in_log_lists_no_future_week(tmp_path):
    path = tmp_path / "log.csv"
    days = _relative_log(path, [-15, -8, -1, 0, 8, 40, 400])
    weeks = weeks_in_log(path)
    this_week = week_of(_iso(dt.date.today()))
    assert weeks[-1] == this_week.label
    assert weeks == sorted({week_of(_iso(d)).label for d in days[:4]})


def test_check_warns_and_counts_no_future_day(tmp_path):
    path = tmp_path / "log.csv"
    days = _relative_log(path, [-2, -1, 0, 3, 30])
    result = run("check", path, "--json")
    assert result.exit_code == 0, result.output  # warnings only
    data = json.loads(result.output)
    future = [p for p in data["problems"] if "after today" in p["message"]]
    assert [p["row"] for p in future] == [5, 6]
    assert data["entries"] == 5 and data["days"] == 3
    assert data["last_day"] == _iso(days[2])
    text = run("check", path).output
    assert f"row 6, date: {_iso(days[4])} is after today ({_iso(days[2])})" in text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_write_keeps_the_future_rows(tmp_path, kind):
    today = dt.date.today()
    ahead = today + dt.timedelta(days=30)
    path = tmp_path / f"log.{kind}"
    if kind == "csv":
        path.write_text(
            f"date,back_pain,notes\n{_iso(today - dt.timedelta(days=2))},4,\n"
            f"{_iso(ahead)},2,planned\n",
            encoding="utf-8",
        )
        before = path.read_bytes()
        result = run("log", path, "--date", "yesterday", "--back-pain", 3)
        assert result.exit_code == 0, result.output
        assert path.read_bytes().startswith(before)  # appended; nothing rewritten
    else:
        book = openpyxl.Workbook()
        book.active.append(["date", "back_pain", "notes"])
        book.active.append([today - dt.timedelta(days=2), 4, None])
        book.active.append([ahead, 2, "planned"])
        book.save(path)
        append_entry(path, date="yesterday", back_pain=3)
    log = read_log(path, today=today)
    entries = log.entries
    assert entries["notes"].tolist()[1] == "planned" and len(entries) == 3
    assert entries["date"].dt.date.tolist()[1] == ahead
    assert [p.row for p in log.problems if "after today" in p.message] == [3]
    assert daily(log).index[-1] == pd.Timestamp(today - dt.timedelta(days=1))


def test_log_refuses_a_date_after_today_and_writes_nothing(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,back_pain\n2026-11-24,4\n", encoding="utf-8")
    before = path.read_bytes()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    result = run("log", path, "--date", _iso(tomorrow), "--back-pain", 3)
    assert result.exit_code == 2
    assert f"{_iso(tomorrow)} is in the future (today is {_iso(dt.date.today())})" in (
        result.output
    )
    with pytest.raises(JournalError, match="in the future"):
        append_entry(path, date=tomorrow, back_pain=3)
    assert path.read_bytes() == before


def test_recent_log_ends_on_today_or_the_end_given():
    entries = recent_log(days=400, seed=2, today=TODAY)
    assert entries["date"].iloc[0] == _iso(TODAY - dt.timedelta(days=399))
    assert entries["date"].iloc[-1] == _iso(TODAY)
    assert entries["date"].max() == _iso(TODAY)
    end = dt.date(2026, 11, 22)
    assert recent_log(days=7, end=end, today=TODAY)["date"].iloc[-1] == _iso(end)
    with pytest.raises(ValueError, match="after today"):
        recent_log(days=7, end=TODAY + dt.timedelta(days=1), today=TODAY)


def test_sample_writes_nothing_after_today(tmp_path):
    out = tmp_path / "sample.csv"
    result = run("sample", "--days", 400, "--seed", 1, "-o", out)
    assert result.exit_code == 0, result.output
    log = read_log(out)
    today = dt.date.today()
    assert log.entries["date"].max().date() == today
    assert log.entries["date"].min().date() == today - dt.timedelta(days=399)
    assert not [p for p in log.problems if "after today" in p.message]
    assert len(daily(log)) == 400
    late = run(
        "sample",
        "--days",
        10,
        "--end",
        _iso(today + dt.timedelta(days=1)),
        "-o",
        tmp_path / "late.csv",
    )
    assert late.exit_code == 2 and "after today" in late.output
    assert not (tmp_path / "late.csv").exists()
    fixed = run("sample", "--days", 10, "--end", "2026-11-22", "-o", tmp_path / "fixed.csv")
    assert fixed.exit_code == 0 and "(2026-11-13 to 2026-11-22)" in fixed.output
