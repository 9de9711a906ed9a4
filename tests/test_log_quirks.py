"""What read_log must make of each quirky file in tests/data/ (see tests/data/README.md).

Row numbers are the spreadsheet rows a person sees (header = row 1). Problem columns are
the headers as written in the file ('' for a whole row or the whole file). Messages are
the reader's own wording: at most one key word of a message is checked here.
The data files are written by tests/data/make_text_files.py and make_spreadsheets.py.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from psoas_track import schema
from psoas_track.read.log import LogError, Problem, read_log

DATA = Path(__file__).parent / "data"
CANNOT_READ = ("empty.csv", "binary.bin", "no_date_column.csv")
READABLE = sorted(
    p.name
    for p in DATA.iterdir()
    if p.is_file() and p.suffix not in {".py", ".md"} and p.name not in CANNOT_READ
)
NA = math.nan
NUMERIC = set(schema.NUMERIC)
TEXT = {m.name for m in schema.MEASURES if m.kind == schema.TEXT}


def read(name: str, **kwargs):
    return read_log(DATA / name, **kwargs)


def days(*isodates: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(d) for d in isodates]


def dates(log) -> list[pd.Timestamp]:
    return list(log.entries["date"])


def rows(log) -> list[int]:
    return [int(r) for r in log.entries["row"]]


def numbers(log, column: str):
    """The column's values for comparison with pytest.approx([...], nan_ok=True)."""
    return [float(v) for v in log.entries[column].astype("float64")]


def values(log, column: str) -> list:
    """Text, time or flag values with every kind of missing as None."""
    return [None if pd.isna(v) else v for v in log.entries[column]]


def found(log) -> list[tuple[int | None, str, str]]:
    """(row, column as written, severity) of every problem, sorted (file-level first)."""
    return sorted(
        ((p.row, p.column, p.severity) for p in log.problems),
        key=lambda t: (-1 if t[0] is None else t[0], t[1], t[2]),
    )


def problems_at(log, row: int | None) -> list[Problem]:
    return [p for p in log.problems if p.row == row]


def assert_counts(log, *, rows: int, entries: int, unusable: int, blank: int) -> None:
    assert (log.rows, log.n_entries, log.unusable_rows, log.blank_rows) == (
        rows,
        entries,
        unusable,
        blank,
    )
    assert len(log.entries) == entries


def assert_columns(log, expected: list[str], custom: list[str] = ()) -> None:
    """row, date (and time) first; then exactly the expected schema columns; custom last."""
    columns = list(log.entries.columns)
    lead = ["row", "date", "time"] if "time" in expected else ["row", "date"]
    assert columns[: len(lead)] == lead
    assert set(columns) == set(expected) | set(custom) | {"row", "date"}
    assert log.custom_columns == list(custom)
    if custom:
        assert columns[-len(custom) :] == list(custom)


def assert_shape(log) -> None:
    """The dtypes the contract promises, for any file."""
    e = log.entries
    assert pd.api.types.is_integer_dtype(e["row"])
    assert pd.api.types.is_datetime64_any_dtype(e["date"])
    assert e["date"].notna().all()
    assert (e["date"] == e["date"].dt.normalize()).all(), "dates are at midnight"
    assert e["row"].is_monotonic_increasing and e["row"].is_unique
    assert (e["row"] >= 2).all()
    if "time" in e:
        for t in e["time"]:
            assert pd.isna(t) or re.fullmatch(r"\d\d:\d\d", t), t
    for column in e.columns:
        if column in NUMERIC:
            assert pd.api.types.is_float_dtype(e[column]), column
        elif column == "towel":
            assert str(e[column].dtype) == "boolean"
        elif column in TEXT:
            assert all(pd.isna(v) or isinstance(v, str) for v in e[column]), column


def assert_sentence(message: str) -> None:
    text = message.strip()
    assert text, "the message is empty"
    assert text.endswith("."), text
    assert "Traceback" not in text


# --- every readable file ----------------------------------------------------------------


@pytest.mark.parametrize("name", READABLE)
def test_nothing_disappears_silently(name):
    log = read(name)
    assert log.rows == log.n_entries + log.unusable_rows + log.blank_rows
    assert len(log.entries) == log.n_entries
    assert_shape(log)
    assert log.dayfirst in (True, False, None)
    assert set(log.custom_columns) <= set(log.entries.columns)
    for p in log.problems:
        assert isinstance(p, Problem)
        assert p.severity in ("error", "warning")
        assert p.row is None or 1 <= p.row <= log.rows + 1
        assert isinstance(p.column, str) and isinstance(p.value, str)
        assert p.message.strip() and "Traceback" not in p.message


# --- 1. UTF-8 BOM, ';', decimal commas, CRLF, day-first ------------------------------------


def test_bom_semicolon_decimal_comma_dayfirst():
    log = read("bom_semicolon_decimal_comma_dayfirst.csv")
    assert_counts(log, rows=8, entries=8, unusable=0, blank=0)
    assert log.problems == []
    assert log.dayfirst is True  # 13/11, 17/11, 20/11, 24/11 prove it
    assert_columns(log, ["sitting_hours", "back_pain", "rest_minutes", "towel", "notes"])
    assert rows(log) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert dates(log) == days(
        "2026-11-03",
        "2026-11-04",
        "2026-11-05",
        "2026-11-10",
        "2026-11-13",
        "2026-11-17",
        "2026-11-20",
        "2026-11-24",
    )
    assert numbers(log, "sitting_hours") == pytest.approx([7.5, 8, 6.25, 9, 5, 4.75, 7, 6])
    assert numbers(log, "back_pain") == pytest.approx([4, 5.5, 3, 6, 2.5, 2, 3, 3.5])
    assert numbers(log, "rest_minutes") == pytest.approx(
        [10, 0, 12.5, NA, 15, 10, 10, 20], nan_ok=True
    )
    # yes, no, Y, N, TRUE, false, 1, blank
    assert values(log, "towel") == [True, False, True, False, True, False, True, None]
    assert values(log, "notes") == [
        None,
        "long meeting, no breaks",
        None,
        None,
        "physio",
        None,
        None,
        "felt good",
    ]


def test_evidence_beats_the_callers_choice():
    log = read("bom_semicolon_decimal_comma_dayfirst.csv", dayfirst=False)
    assert log.dayfirst is True
    assert dates(log)[0] == pd.Timestamp("2026-11-03")
    log = read("us_monthfirst_trailing_empty.csv", dayfirst=True)
    assert log.dayfirst is False
    assert dates(log)[0] == pd.Timestamp("2026-11-03")


# --- 2. month-first, trailing empty columns and rows ---------------------------------------


def test_us_monthfirst_trailing_empty():
    log = read("us_monthfirst_trailing_empty.csv")
    # rows 2-8 are entries, rows 9-11 are ',,,,,' (blank), the two empty columns vanish
    assert_counts(log, rows=10, entries=7, unusable=0, blank=3)
    assert log.problems == []
    assert log.dayfirst is False  # 11/13, 11/17, 11/24 prove it
    assert_columns(log, ["sitting_hours", "back_pain", "walking_minutes"])
    assert rows(log) == [2, 3, 4, 5, 6, 7, 8]
    assert dates(log) == days(
        "2026-11-03",
        "2026-11-04",
        "2026-11-05",
        "2026-11-10",
        "2026-11-13",
        "2026-11-17",
        "2026-11-24",
    )
    assert numbers(log, "sitting_hours") == pytest.approx([7.5, 8, 6, 9.5, 5, 4.5, 6])
    assert numbers(log, "walking_minutes") == pytest.approx(
        [30, 20, 45, 10, 60, NA, 35], nan_ok=True
    )


# --- 3. UTF-16 with BOM, tabs ----------------------------------------------------------------


def test_utf16_tab():
    log = read("utf16_tab.txt")
    assert_counts(log, rows=4, entries=4, unusable=0, blank=0)
    assert log.problems == []
    assert log.dayfirst is None  # ISO dates only
    assert_columns(log, ["time", "back_pain", "hip_pain", "steps", "notes"])
    assert rows(log) == [2, 3, 4, 5]
    assert dates(log) == days("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23")
    assert values(log, "time") == ["07:30", "08:15", None, "21:00"]
    assert numbers(log, "hip_pain") == pytest.approx([2, NA, 3, 1], nan_ok=True)
    assert numbers(log, "steps") == pytest.approx([8000, 10500, NA, 12000], nan_ok=True)
    assert values(log, "notes") == ["Rücken steif, café", None, "gut 🙂", "Straße, naïve"]


# --- 4. Excel serial dates -------------------------------------------------------------------


def test_excel_serial_dates():
    log = read("excel_serial_dates.csv")
    assert_counts(log, rows=6, entries=6, unusable=0, blank=0)
    assert log.problems == []
    assert log.dayfirst is None
    assert_columns(log, ["sitting_hours", "back_pain", "steps"])
    # 46344 .. 46357 counted from 1899-12-30
    assert dates(log) == days(
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-23",
        "2026-11-24",
        "2026-12-01",
    )
    assert numbers(log, "steps") == pytest.approx([8000, 9000, NA, 12000, 11000, 7000], nan_ok=True)


# --- 5. xlsx and ods with real cells ---------------------------------------------------------


@pytest.mark.parametrize("name", ["real_dates.xlsx", "real_dates.ods"])
def test_real_spreadsheet_cells(name):
    log = read(name)
    assert_counts(log, rows=5, entries=5, unusable=0, blank=0)
    assert log.problems == []
    assert log.dayfirst is None
    assert_columns(log, ["time", "sitting_hours", "back_pain", "steps", "towel", "notes"])
    assert rows(log) == [2, 3, 4, 5, 6]
    # date cells, a text cell '2026-11-22', a datetime cell at midnight
    assert dates(log) == days(
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
        "2026-11-24",
    )
    assert values(log, "time") == ["07:30", None, None, None, None]
    assert numbers(log, "sitting_hours") == pytest.approx([7.5, 6, 8, 5.25, 4])
    assert numbers(log, "back_pain") == pytest.approx([4, 3.5, 5, 2, 1])
    assert numbers(log, "steps") == pytest.approx([8000, 10500, NA, 12000, 9000], nan_ok=True)
    # a TRUE cell, 'no', 'yes', a FALSE cell, an empty cell
    assert values(log, "towel") == [True, False, True, False, None]
    assert values(log, "notes") == ["desk day", None, "Rücken steif", "walked, felt fine", None]


# --- 6. several entries a day ----------------------------------------------------------------


def test_multi_entry_times():
    log = read("multi_entry_times.csv")
    assert_counts(log, rows=6, entries=6, unusable=0, blank=0)
    assert log.problems == []
    assert_columns(log, ["time", "sitting_hours", "back_pain", "rest_minutes", "towel"])
    assert rows(log) == [2, 3, 4, 5, 6, 7]
    assert values(log, "time") == ["07:30", "12:00", "21:15", "07:05", "21:15", "12:00"]
    assert values(log, "towel") == [None, True, True, None, True, None]  # x = yes
    by_day = log.entries.groupby("date")
    assert by_day.size().tolist() == [3, 2, 1]
    assert by_day["sitting_hours"].sum().tolist() == pytest.approx([7.5, 7, 2.5])
    assert by_day["back_pain"].mean().tolist() == pytest.approx([4, 3, 1])
    assert by_day["rest_minutes"].sum().tolist() == pytest.approx([15, 10, 15])


# --- 7. one bad thing per row ----------------------------------------------------------------


def test_bad_values_rows_and_counts():
    log = read("bad_values.csv")
    # 14 data rows: 10 entries; row 8 (31/02), row 9 (no date), row 10 (header again)
    # unusable; row 12 blank.
    assert_counts(log, rows=14, entries=10, unusable=3, blank=1)
    assert rows(log) == [2, 3, 4, 5, 6, 7, 11, 13, 14, 15]
    assert_columns(log, ["time", "sitting_hours", "walking_minutes", "back_pain", "towel", "notes"])


def test_bad_values_exact_problems():
    log = read("bad_values.csv")
    assert found(log) == [
        (3, "Back pain (0-10)", "error"),  # 'seven'
        (4, "Back pain (0-10)", "error"),  # 12, outside 0-10
        (5, "Walking (min)", "error"),  # -15
        (6, "Sitting (h)", "error"),  # 25 h
        (7, "Towel", "error"),  # 'maybe'
        (8, "Date", "error"),  # 31/02/2026
        (9, "Date", "error"),  # values but no date
        (10, "", "warning"),  # the header pasted again
        (11, "", "warning"),  # two cells more than the header
        (14, "Time", "warning"),  # 25:99: the entry is kept without a time
    ]
    value = {p.row: p.value for p in log.problems}
    assert value[3] == "seven"
    assert value[4] == "12"
    assert value[5] == "-15"
    assert value[6] == "25"
    assert value[7] == "maybe"
    assert value[8] == "31/02/2026"
    assert value[9] == ""
    assert value[14] == "25:99"
    assert "number" in problems_at(log, 3)[0].message.lower()
    assert "date" in problems_at(log, 9)[0].message.lower()
    repeat = problems_at(log, 10)[0].message.lower()
    assert "header" in repeat or "column" in repeat, repeat
    assert problems_at(log, 12) == []  # a blank row is counted, not reported


def test_bad_cell_becomes_blank_and_the_row_is_kept():
    log = read("bad_values.csv")
    e = log.entries.set_index("row")
    assert math.isnan(e.loc[3, "back_pain"]) and e.loc[3, "sitting_hours"] == 5
    assert math.isnan(e.loc[4, "back_pain"]) and e.loc[4, "walking_minutes"] == 20
    assert math.isnan(e.loc[5, "walking_minutes"]) and e.loc[5, "back_pain"] == 3
    assert math.isnan(e.loc[6, "sitting_hours"]) and e.loc[6, "walking_minutes"] == 20
    assert pd.isna(e.loc[7, "towel"]) and e.loc[7, "back_pain"] == 3
    assert pd.isna(e.loc[14, "time"]) and e.loc[14, "date"] == pd.Timestamp("2026-11-11")
    assert e.loc[2, "towel"]  # yes
    assert e.loc[11, "notes"] == "two extra cells"  # the extra cells are ignored
    assert e.loc[11, "date"] == pd.Timestamp("2026-11-09")
    assert e.loc[13, "notes"] == '=HYPERLINK("x")'  # the guarding apostrophe is stripped
    assert e.loc[15, "notes"] == "'tis fine"  # not before = + - @: kept


# --- 8. quoted cells with line breaks --------------------------------------------------------


def test_quoted_newlines_crlf_count_spreadsheet_rows():
    log = read("quoted_newlines_crlf.csv")
    assert_counts(log, rows=5, entries=5, unusable=0, blank=0)
    assert rows(log) == [2, 3, 4, 5, 6]
    assert dates(log) == days(
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
        "2026-11-24",
    )
    notes = values(log, "notes")
    assert notes[0] == "line one\nline two"
    assert notes[1] == "walked 3 km, then sat"
    assert notes[2].replace("\r\n", "\n") == 'she said "sit less"\nand "move more"'
    assert notes[3] == "a\nb\nc, d"
    assert notes[4] == "after the quotes"
    # 'eleven' sits on text line 10 but in spreadsheet row 6
    assert found(log) == [(6, "Back pain (0-10)", "error")]
    assert log.problems[0].value == "eleven"
    assert math.isnan(numbers(log, "back_pain")[4])


# --- 9. Windows-1252 -------------------------------------------------------------------------


def test_cp1252_reads_with_an_encoding_warning():
    log = read("cp1252.csv")
    assert_counts(log, rows=4, entries=4, unusable=0, blank=0)
    assert found(log) == [(None, "", "warning")]
    message = log.problems[0].message.lower()
    assert any(word in message for word in ("encoding", "1252", "windows")), message
    assert log.dayfirst in (None, True)  # dot dates only: no slash order was needed
    # 'Datum' and 'Notizen' are aliases; 'Kosten (€)' is a custom numeric column
    assert_columns(log, ["back_pain", "sitting_hours", "notes"], custom=["kosten"])
    assert dates(log) == days("2026-11-02", "2026-11-03", "2026-11-04", "2026-11-24")
    assert numbers(log, "sitting_hours") == pytest.approx([7.5, 6, 8, 5])
    assert numbers(log, "back_pain") == pytest.approx([4, 3, 5.5, 2])
    assert numbers(log, "kosten") == pytest.approx([12.5, NA, 45, NA], nan_ok=True)
    assert values(log, "notes") == ["Rücken steif", "café mit Freunden", "Physio 45 €", None]


# --- 10. custom columns ----------------------------------------------------------------------


def test_custom_columns():
    log = read("custom_columns.csv")
    assert_counts(log, rows=4, entries=4, unusable=0, blank=0)
    assert log.problems == []
    assert_columns(log, ["back_pain", "steps"], custom=["mood", "weather"])
    assert pd.api.types.is_float_dtype(log.entries["mood"])
    assert numbers(log, "mood") == pytest.approx([3, 4, NA, 5], nan_ok=True)
    assert values(log, "weather") == ["rainy", "sunny", "cloudy", None]
    assert numbers(log, "steps") == pytest.approx([8000, NA, 12000, 9500], nan_ok=True)


# --- 11. slash dates with no evidence --------------------------------------------------------

FEBRUARY = days(*(f"2026-02-0{d}" for d in range(1, 7)))


def test_ambiguous_dates_closest_together_with_a_warning():
    log = read("ambiguous_no_evidence.csv")
    assert_counts(log, rows=6, entries=6, unusable=0, blank=0)
    assert log.dayfirst is True
    assert dates(log) == FEBRUARY  # day-first: consecutive days
    assert found(log) == [(None, "Date", "warning")]


def test_ambiguous_dates_follow_the_callers_choice():
    log = read("ambiguous_no_evidence.csv", dayfirst=False)
    assert log.dayfirst is False
    assert log.problems == []
    assert dates(log) == days(*(f"2026-0{m}-02" for m in range(1, 7)))
    log = read("ambiguous_no_evidence.csv", dayfirst=True)
    assert log.dayfirst is True
    assert log.problems == []
    assert dates(log) == FEBRUARY


# --- a day's sitting over 24 h ---------------------------------------------------------------


def test_daily_sitting_over_24_hours_is_a_warning():
    log = read("daily_sitting_over_24h.csv")
    assert_counts(log, rows=3, entries=3, unusable=0, blank=0)
    assert numbers(log, "sitting_hours") == pytest.approx([14, 12, 8])  # each cell is valid
    assert len(log.problems) == 1
    p = log.problems[0]
    assert (p.column, p.severity) == ("Sitting (h)", "warning")
    assert p.row in (2, 3)  # an entry of 2026-11-20


# --- 12. header only, and files that cannot be read ------------------------------------------


def test_header_only_reads_with_no_entries():
    log = read("header_only.csv")
    assert_counts(log, rows=0, entries=0, unusable=0, blank=0)
    assert log.problems == []
    assert {"row", "date", "back_pain", "notes"} <= set(log.entries.columns)


@pytest.mark.parametrize("name", CANNOT_READ)
def test_unreadable_file_raises_one_plain_log_error(name):
    with pytest.raises(LogError) as err:
        read(name)
    assert_sentence(str(err.value))


def test_no_date_column_says_so():
    with pytest.raises(LogError) as err:
        read("no_date_column.csv")
    assert "date" in str(err.value).lower()
