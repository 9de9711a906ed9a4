"""psoas_track.cells: the one module of cell parsing that the log's reader, every app's
reader and the writer's check share. Each parser alone, then the readers agreeing."""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_track import cells, schema
from psoas_track.cells import (
    ABOVE,
    BELOW,
    clock_time,
    column_decimal,
    date_order,
    date_token,
    decimal_mark,
    grouped_number,
    iso_day,
    minutes_per_unit,
    month_number,
    named_month_day,
    not_whole,
    number,
    out_of_range,
    parse_duration,
    parse_number,
    parse_time,
    plausible,
    resolve_date,
    stopwatch_minutes,
)
from psoas_track.read.log import read_log
from psoas_track.sources import read_source

PAIN = schema.BY_NAME["back_pain"]
STEPS = schema.BY_NAME["steps"]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("600", 600.0),
        (600, 600.0),
        (" 12 ", 12.0),
        ("-2", -2.0),
        ("3.5", 3.5),
        (".5", 0.5),
        ("1.6e12", 1.6e12),
        ("3,5", None),  # an app's decimal comma only when the reader says so
        ("nan", None),
        ("inf", None),
        (float("nan"), None),
        (float("inf"), None),
        (True, None),
        (None, None),
        ("", None),
        ("12x", None),
        ("1_000", None),
    ],
)
def test_an_apps_number(raw, expected):
    assert number(raw) == expected


def test_an_apps_decimal_comma_when_the_reader_expects_one():
    assert number("3,5", decimal_comma=True) == 3.5
    assert number("3.5", decimal_comma=True) == 3.5
    assert number("1,2,3", decimal_comma=True) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11,204", 11204.0),
        ("11.204", 11204.0),
        ("11 204", 11204.0),
        ("1,234,567", 1234567.0),
        ("4808", 4808.0),
        ("12.5", 12.5),  # no groups of three: a plain number
        ("12,5", None),
        ("--", None),
    ],
)
def test_a_count_with_its_thousands_grouped(raw, expected):
    assert grouped_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "measure", "decimal", "expected"),
    [
        ("7,5", None, ",", 7.5),
        ("1.234,5", None, ",", 1234.5),
        ("1,234", None, ".", 1234.0),
        ("7,5", None, ".", 7.5),  # one comma and no point is a decimal comma anywhere
        ("1 234", None, ".", 1234.0),
        ("8/10", PAIN, ".", 8.0),
        ("8/10", None, ".", None),  # out of ten only for a pain rating
        (True, None, ".", None),
        (7, None, ".", 7.0),
        ("seven", None, ".", None),
    ],
)
def test_a_logs_number(raw, measure, decimal, expected):
    assert parse_number(raw, measure, decimal) == expected


def test_a_columns_decimal_mark_from_its_cells():
    assert decimal_mark({"7,5": 3, "7.25": 1}) == ","
    assert decimal_mark({"10": 4}) is None
    assert column_decimal({"1,500": 1}, None) == (".", "1,500")
    assert column_decimal({"1.500": 1}, None, semicolons=True) == (",", "1.500")
    assert column_decimal({"1.500": 1}, ",") == (",", None)  # the file's proof decides


# ---------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [
        ("7h30", 450.0),
        ("1:30", 90.0),  # a log's h:mm
        ("90 min", 90.0),
        ("0.5h", 30.0),
        ("7,5 h", 450.0),
        ("45 s", 0.75),
        (dt.timedelta(hours=26, minutes=30), 1590.0),
        (dt.time(1, 30), 90.0),
        ("7", None),  # a plain number takes the header's unit
        ("7:75", None),
        (0.5, None),
    ],
)
def test_a_logs_duration_in_minutes(raw, minutes):
    assert parse_duration(raw) == minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("01:05:30", 65.5),
        ("45:12", 45.2),  # a stopwatch's mm:ss
        ("25:00", 25.0),
        ("26:10:00", 1570.0),
        ("00:00:02.9", 2.9 / 60),
        ("01:65:00", None),
        ("00:10:75", None),
        ("6:30 PM", None),
        ("", None),
    ],
)
def test_a_stopwatch_reading_in_minutes(text, minutes):
    if minutes is None:
        assert stopwatch_minutes(text) is None
    else:
        assert stopwatch_minutes(text) == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("unit", "minutes"),
    [("min", 1.0), ("s", 1 / 60), ("ms", 1 / 60_000), ("h", 60.0), ("hr", 60.0), ("km", None)],
)
def test_minutes_in_a_unit_are_the_schemas(unit, minutes):
    assert minutes_per_unit(unit) == minutes
    assert minutes_per_unit(None) is None


# ---------------------------------------------------------------- times of day


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8:15 pm", dt.time(20, 15)),
        ("10:00 PM", dt.time(22, 0)),
        ("10:00 p. m.", dt.time(22, 0)),
        ("12:30 am", dt.time(0, 30)),
        ("12:05 pm", dt.time(12, 5)),
        ("20:15", dt.time(20, 15)),
        ("7:05:00", dt.time(7, 5)),
        ("07.30", dt.time(7, 30)),
        ("7h30", dt.time(7, 30)),
        ("7 pm", dt.time(19, 0)),
        (0.5, dt.time(12, 0)),  # a spreadsheet's fraction of a day
        (dt.timedelta(hours=7, minutes=30), dt.time(7, 30)),
        (dt.datetime(2026, 11, 3, 7, 30, 15), dt.time(7, 30)),
        ("13:00 pm", None),
        ("25:00", None),
        ("7", None),  # a bare hour needs am or pm
        ("evening", None),
        (1.5, None),
        (True, None),
    ],
)
def test_a_time_of_day(raw, expected):
    assert clock_time(raw) == expected
    assert parse_time(raw) == (None if expected is None else expected.strftime("%H:%M"))


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("name", "month"),
    [("Sep", 9), ("sept", 9), ("SEPTEMBER", 9), ("may", 5), ("Sepember", None), ("", None)],
)
def test_month_names(name, month):
    assert month_number(name) == month


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-03-14", dt.date(2024, 3, 14)),
        ("2024-3-4", dt.date(2024, 3, 4)),
        ("2025-02-06 17:06:03", dt.date(2025, 2, 6)),
        ("2021-03-14T21:00:00.000Z", dt.date(2021, 3, 14)),
        ("2024-02-30", None),
        ("1850-01-01", None),  # not a plausible year
        ("14/03/2024", None),
        ("", None),
    ],
)
def test_an_iso_day(text, day):
    assert iso_day(text) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("22nd Sep 2020", dt.date(2020, 9, 22)),
        ("1st March 2024", dt.date(2024, 3, 1)),
        ("Tue 3 Nov 2026", dt.date(2026, 11, 3)),
        ("Nov 3, 2026", dt.date(2026, 11, 3)),
        ("3-Nov-26", dt.date(2026, 11, 3)),
        ("3. Nov 2026", dt.date(2026, 11, 3)),
        ("31st Feb 2022", None),
        ("3 Nov", None),  # no year
        ("3 Novembre 2026", None),
    ],
)
def test_a_date_with_its_months_name(text, day):
    assert named_month_day(text) == day
    token = date_token(text)
    assert (token.date if token else None) == day


def test_the_order_of_slash_dates_comes_from_the_whole_file():
    cells_written = ["03/04/2026", "13/04/2026"]
    tokens = [date_token(c) for c in cells_written]
    slashes = [(t.slash, c) for t, c in zip(tokens, cells_written, strict=True)]
    dayfirst, why, warning = date_order(slashes, None)
    assert dayfirst is True and "13/04/2026" in why and warning is None
    assert resolve_date(tokens[0], dayfirst) == dt.date(2026, 4, 3)


# ---------------------------------------------------------------- plausible values


def test_out_of_range_and_whole_counts():
    assert out_of_range(PAIN, 11) == ABOVE
    assert out_of_range(PAIN, -1) == BELOW
    assert out_of_range(PAIN, 10) is None
    assert not_whole(STEPS, 1.5) and not not_whole(STEPS, 2.0)
    assert not not_whole(PAIN, 1.5)


NUMERIC = [m for m in schema.MEASURES if m.numeric]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(NUMERIC),
    st.lists(st.floats(-50, 2000, allow_nan=False) | st.integers(-5, 30).map(float), max_size=20),
)
def test_a_columns_plausible_numbers_are_the_scalar_checks_at_once(measure, values):
    """The log reader's fast path (a column at once) keeps what the checks cell by cell,
    the app readers' and the writer's, keep."""
    at_once = plausible(measure, np.array(values, dtype=float))
    one_by_one = [out_of_range(measure, v) is None and not not_whole(measure, v) for v in values]
    assert at_once.tolist() == one_by_one


# ---------------------------------------------------------------- one reading everywhere


def test_every_reader_takes_its_cell_parsers_from_cells():
    """One definition each: the app readers and the log reader use the same functions."""
    from psoas_track.read import columns, convert, evidence
    from psoas_track.sources import bearable, daylio, fitbit, garmin

    assert bearable.clock_time is daylio.clock_time is cells.clock_time
    assert garmin.iso_day is daylio.iso_day is cells.iso_day
    assert fitbit.date_order is evidence.date_order is cells.date_order
    assert columns.parse_number is convert.parse_number is cells.parse_number


def _daylio_export(path: Path, times: list[str]) -> Path:
    rows = [
        f'2026-03-{10 + i},March {10 + i},Tuesday,"{t}",good,walk,,' for i, t in enumerate(times)
    ]
    header = "full_date,date,weekday,time,mood,activities,note_title,note"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _log(path: Path, times: list[str]) -> Path:
    rows = [f'2026-03-{i + 10},"{t}",3' for i, t in enumerate(times)]
    path.write_text("\n".join(["date,time,back_pain", *rows]) + "\n", encoding="utf-8")
    return path


def test_a_log_and_an_apps_export_read_a_time_the_same_way(tmp_path):
    times = ["8:15 pm", "10:00 p. m.", "07.30", "7h30", "7 pm", "12:30 am"]
    log = read_log(_log(tmp_path / "log.csv", times), today=dt.date(2026, 12, 31))
    export = read_source(_daylio_export(tmp_path / "daylio.csv", times), source="daylio")
    assert log.entries["time"].tolist() == export.entries["time"].tolist()
    assert export.entries["time"].tolist() == ["20:15", "22:00", "07:30", "07:30", "19:00", "00:30"]


def test_a_log_and_bearable_read_a_date_with_its_months_name_the_same_way(tmp_path):
    from psoas_track.sources import bearable

    written = ["22nd Sep 2020", "3 Sept 2023", "1st March 2024"]
    path = tmp_path / "log.csv"
    path.write_text("date,back_pain\n" + "".join(f'"{d}",3\n' for d in written))
    days = [d.date() for d in read_log(path).entries["date"]]
    assert days == [bearable.day_of({"date": d}) for d in written]


@pytest.mark.parametrize("typed", ["7 pm", "10:15 PM", "7h30", "07.30", "7:05:00"])
def test_the_writer_takes_a_time_as_the_reader_reads_it(tmp_path, typed):
    from psoas_track.write import append_entry

    path = tmp_path / "log.csv"
    path.write_text("date,time,back_pain\n")
    written = append_entry(path, date="2026-11-24", time=typed, back_pain=3)
    assert written["time"] == parse_time(typed)
    assert read_log(path).entries["time"].tolist() == [parse_time(typed)]
