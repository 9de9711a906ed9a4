"""Imported days beside typed ones: the person's entries win, nothing is added twice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from psoas_track import schema
from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.write import append_imported

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 20)


def _entries(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame.insert(0, schema.ROW, range(2, len(frame) + 2))
    return frame


def test_typed_rows_win_over_imported_ones_measure_by_measure():
    entries = _entries([
        {"date": "2026-11-20", "steps": 5000.0, "back_pain": 4.0, "towel": True,
         "notes": "typed", "source": None},
        {"date": "2026-11-20", "steps": 8000.0, "sedentary_hours": 9.5, "towel": None,
         "notes": "from the watch", "source": "fitbit"},
        {"date": "2026-11-21", "steps": 7000.0, "sedentary_hours": 8.0, "towel": None,
         "notes": None, "source": "fitbit"},
    ])  # fmt: skip
    days = daily(entries)
    first, second = days.loc["2026-11-20"], days.loc["2026-11-21"]
    assert first["steps"] == 5000  # typed, neither the watch's 8000 nor the sum 13000
    assert first["sedentary_hours"] == 9.5  # only the watch has it
    assert first["towel"] and first["back_pain"] == 4
    assert first["notes"] == "typed | from the watch"
    assert second["steps"] == 7000 and second["sedentary_hours"] == 8
    assert pd.isna(second["towel"])  # a device's blank towel cell is not a "no"
    assert bool(second["logged"]) and first["entries"] == 2


def test_several_logs_take_each_value_from_the_first_that_has_it():
    typed = _entries([{"date": "2026-11-20", "steps": 5000.0, "back_pain": 4.0}])
    device = _entries([
        {"date": "2026-11-19", "steps": 9000.0},
        {"date": "2026-11-20", "steps": 8000.0, "sedentary_hours": 10.0},
    ])  # fmt: skip
    days = daily([typed, device])
    assert list(days.index.date) == [dt.date(2026, 11, 19), DAY]
    assert days["steps"].tolist() == [9000, 5000]
    assert days["sedentary_hours"].tolist()[1] == 10
    assert pd.isna(days.loc["2026-11-19", "back_pain"])
    assert pd.isna(days.loc["2026-11-19", "pain"]) and days.loc["2026-11-20", "pain"] == 4
    assert list(days.columns[-4:]) == [schema.PAIN, schema.LOGGED, schema.ENTRIES,
                                       schema.REST_TARGET_MET]  # fmt: skip


@pytest.mark.parametrize("name", ["example_log.csv", "template.xlsx"])
def test_imported_days_are_added_once_and_typed_rows_are_kept(tmp_path, name):
    log_path = tmp_path / name
    shutil.copy(ROOT / "data" / name, log_path)
    before = read_log(log_path).entries
    rows = [
        {"date": DAY, "steps": 8123.0, "sedentary_hours": 9.5, "mood": 3.0},
        {"date": DAY + dt.timedelta(days=1), "steps": 10000.0},
    ]
    merged = append_imported(log_path, rows, "fitbit")
    assert merged.added == [DAY, DAY + dt.timedelta(days=1)] and merged.already == []
    assert merged.left_out == ["mood"]  # the log has no mood column: not invented
    again = append_imported(log_path, rows, "fitbit")
    assert again.added == [] and again.already == merged.added

    log = read_log(log_path)
    assert not [p for p in log.problems if p.severity == "error"]
    kept = log.entries.iloc[: len(before)]
    columns = [c for c in before.columns if c != schema.ROW]
    pd.testing.assert_frame_equal(
        kept[columns].reset_index(drop=True), before[columns].reset_index(drop=True),
        check_dtype=False,
    )  # fmt: skip
    added = log.entries.iloc[len(before) :]
    assert added["source"].tolist() == ["fitbit", "fitbit"]
    assert added["steps"].tolist() == [8123, 10000]
    assert added["sedentary_hours"].tolist()[0] == 9.5
    assert added[schema.ROW].tolist()[-1] == merged.last_row
    days = daily(log)
    if name == "example_log.csv":  # the person typed steps that day: theirs count
        typed = before.loc[before["date"] == pd.Timestamp(DAY), "steps"].sum()
        assert days.loc[str(DAY), "steps"] == typed != 8123
    assert days.loc[str(DAY), "sedentary_hours"] == 9.5


# ------------------------------------------------------------------ psoas-track import

SOURCES = ROOT / "tests" / "data" / "sources"


def run(*args):
    from click.testing import CliRunner

    from psoas_track.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args])


def test_import_says_what_it_found_and_writes_a_log_that_reads_back(tmp_path):
    from psoas_track.sources import read_source

    export = SOURCES / "garmin" / "Activities.csv"
    out = tmp_path / "garmin.csv"
    result = run("import", export, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Source: Garmin Connect activities (Activities.csv)" in result.output
    assert "Days: 5, from 2025-02-27 to 2025-03-04" in result.output
    assert "walking (min): 4 days (Time of walking" in result.output
    assert "1 Cycling activities (not walking or running)" in result.output
    assert f"Wrote 5 days to {out}" in result.output
    written, direct = daily(read_log(out)), daily(read_source(export))
    columns = ["walking_minutes", "running_minutes", "activity_steps"]
    pd.testing.assert_frame_equal(written[columns], direct[columns], check_freq=False)
    assert set(read_log(out).entries["source"]) == {"garmin"}
    again = run("import", export, "-o", out)
    assert again.exit_code == 2 and "already exists" in again.output


def test_import_into_a_log_adds_each_day_once(tmp_path):
    log_path = tmp_path / "pain.csv"
    shutil.copy(ROOT / "data" / "example_log.csv", log_path)
    export = SOURCES / "samsung" / "com.samsung.shealth.step_daily_trend.20201113093000.csv"
    first = run("import", export, "--into", log_path)
    assert first.exit_code == 0, first.output
    assert f"Added 4 days to {log_path}." in first.output
    second = run("import", export, "--into", log_path)
    assert f"Added 0 days to {log_path}; 4 days were imported before" in second.output
    entries = read_log(log_path).entries
    assert entries.loc[entries["source"] == "samsung", "steps"].tolist() == [8123, 9500, 7000, 2345]


def test_a_file_that_is_no_known_export_is_refused_with_the_known_formats():
    result = run("import", ROOT / "data" / "example_log.csv")
    assert result.exit_code == 2
    assert "is not an export this kit knows" in result.output
    for name in ("apple", "fitbit", "googlefit", "garmin", "samsung", "bearable", "daylio"):
        assert f"  {name}: " in result.output


def test_every_sample_export_is_told_apart_by_its_content(tmp_path):
    from psoas_track import sources

    told = {}
    for folder in sorted(p for p in SOURCES.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.suffix == ".py":
                continue
            # The same bytes under a name that says nothing: content decides.
            blind = tmp_path / f"export{path.suffix}"
            shutil.copy(path, blind)
            try:
                told[path.name] = (folder.name, sources.detect(blind).NAME)
            except sources.SourceError:
                told[path.name] = (folder.name, None)
    wrong = {n: t for n, t in told.items() if t[0] != t[1]}
    assert not wrong, wrong  # (folder, told as)
    assert len(told) >= 20


def test_a_report_uses_device_days_beside_the_log(tmp_path):
    from psoas_track.write import write_rows

    days = pd.date_range("2026-11-02", "2026-11-22", freq="D").date
    device = write_rows(
        [{"date": d, "sedentary_hours": 9.0 + (i % 3), "steps": 99999.0} for i, d in
         enumerate(days)], "fitbit", tmp_path / "watch.csv",
    )  # fmt: skip
    result = run("report", ROOT / "data" / "example_log.csv", "--week", "2026-W47",
                 "--with", device, "--out", tmp_path / "out")  # fmt: skip
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "2026-W47.html").read_text(encoding="utf-8")
    assert "Sedentary (device)" in html
    assert "99,999" not in html and "99999" not in html  # the typed steps win
    figures = (tmp_path / "out" / "2026-W47.json").read_text(encoding="utf-8")
    assert "sedentary_hours" in figures


def test_a_device_measure_no_device_filled_in_is_not_a_row_of_links():
    """Every day table has the device's sedentary column; without an export it is empty,
    and the heatmap had shown a grey row of n=0 for a watch the person does not own."""
    from psoas_track import analysis

    log = read_log(ROOT / "data" / "example_log.csv")
    days = daily(log)
    assert days["sedentary_hours"].isna().all()
    assert "sedentary_hours" not in analysis.default_loads(days)
    table = analysis.associations(days, pains=["back_pain"], n_boot=50)
    assert "sedentary_hours" not in set(table["load"]) and "sitting_hours" in set(table["load"])
    watch = _entries([{"date": "2026-11-20", "sedentary_hours": 9.5}])
    assert "sedentary_hours" in analysis.default_loads(daily([log, watch]))
