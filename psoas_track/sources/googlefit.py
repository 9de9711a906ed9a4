"""Google Fit, from Google Takeout: ``Takeout/Fit/Daily activity metrics/``.

That folder holds one summary file, ``Daily activity metrics.csv`` (``Daily
Summaries.csv`` in ``Daily Aggregations/`` before 2020), with a row per day, and one file
per day, ``2025-01-31.csv``, with the same columns in 15-minute rows (``Start time``,
``End time``, times only: the date is in the file's name).

What is read, per day:

- ``Step count`` -> ``steps``;
- ``Walking duration (ms)`` -> ``walking_minutes`` and ``Running duration (ms)`` ->
  ``running_minutes``: milliseconds / 60,000;
- ``Move Minutes count`` -> ``move_minutes``, a custom column: Google's minutes of any
  movement, the figure its app shows first, which no schema measure holds.

A blank cell is missing, never 0. The summary file is read when there is one; a per-day
file alone (or a Takeout .zip without the summary) is summed per day. Not imported:
``Inactive duration (ms)`` (the phone lying still, asleep or on a desk, is not sedentary
time while awake), cycling and the other sports, calories, distance, heart and weight.
Takeout writes these headers in the account's language; the English ones are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from psoas_track.cells import iso_day, number
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.limits import lines, member_label, open_member_text, open_text

NAME = "googlefit"
TITLE = "Google Fit (Takeout)"
FILES = "Daily activity metrics.csv from Takeout/Fit/Daily activity metrics, or the Takeout .zip"

SUMMARY_NAMES = ("Daily activity metrics.csv", "Daily Summaries.csv")
MS_PER_MINUTE = 60_000

#: header -> (measure, divisor, how the values were converted)
COLUMNS: dict[str, tuple[str, int, str]] = {
    "Step count": ("steps", 1, "Step count -> steps: as counted"),
    "Walking duration (ms)": (
        "walking_minutes",
        MS_PER_MINUTE,
        "Walking duration (ms) -> walking_minutes: milliseconds / 60,000 = minutes",
    ),
    "Running duration (ms)": (
        "running_minutes",
        MS_PER_MINUTE,
        "Running duration (ms) -> running_minutes: milliseconds / 60,000 = minutes",
    ),
    "Move Minutes count": (
        "move_minutes",
        1,
        "Move Minutes count -> move_minutes (a custom column): as counted",
    ),
}

_DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})\.csv$")
_DAY_MEMBER = re.compile(
    r"(?:^|/)(?:Daily activity metrics|Daily Aggregations)/\d{4}-\d{2}-\d{2}\.csv$"
)

NOTHING_USED = "a Google Fit day with no steps, walking, running or move minutes"
BAD_DATE = "a Google Fit row with an unreadable date"
BAD_NUMBER = "a Google Fit value that is not a number"


def looks_like(path: Path, head: str) -> bool:
    """Google Fit's daily summary (Date, ..., Step count, ...), one of its per-day files
    (Start time, End time, ...), or a Takeout .zip holding them."""
    if zipfile.is_zipfile(path):
        names = head.splitlines()
        return any(_is_summary_member(n) or _DAY_MEMBER.search(n) for n in names)
    return _header_kind(_first_line(head)) is not None


def read(path: Path, found: Found) -> Iterator[Entry]:
    """Google Fit's days as entries: steps, walking and running minutes, move minutes."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        yield from _zip_entries(path, found)
        return
    with open_text(path) as handle:
        yield from _file_entries(lines(handle, path.name), path.name, found)


# ---- which file is which ----------------------------------------------------------


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


def _header_kind(line: str) -> str | None:
    """'summary' for Date, ...; 'day' for Start time, End time, ...; None for others."""
    try:
        header = next(csv.reader([line]), [])
    except csv.Error:
        return None
    is_fit = ("Step count" in header or "Move Minutes count" in header) and (
        "Calories (kcal)" in header or any(h.endswith(" duration (ms)") for h in header)
    )
    if not is_fit:
        return None
    if header[:1] == ["Date"]:
        return "summary"
    if header[:2] == ["Start time", "End time"]:
        return "day"
    return None


def _is_summary_member(name: str) -> bool:
    return name.rsplit("/", 1)[-1] in SUMMARY_NAMES


def _file_entries(handle: Iterable[str], name: str, found: Found) -> Iterator[Entry]:
    lines = iter(handle)
    first = next(lines, "")
    kind = _header_kind(first.lstrip("\ufeff").rstrip("\r\n"))
    if kind is None:
        raise SourceError(
            f"{name} does not start with Google Fit's header (Date, ..., Step count, ...). "
            "Give 'Daily activity metrics.csv' from Takeout/Fit/Daily activity metrics, "
            "exported with English as the account's language."
        )
    rows = csv.DictReader(_chain(first, lines))
    try:
        if kind == "summary":
            yield from _summary_entries(rows, found)
        else:
            yield from _day_file_entry(rows, _day_of_file(name), found)
    except csv.Error as error:
        raise SourceError(
            f"{name} stops being a CSV file at line {rows.line_num} ({error}). Export it "
            "again from Google Takeout and give the file as it was downloaded."
        ) from error


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first.lstrip("\ufeff")
    yield from rest


def _day_of_file(name: str) -> dt.date:
    # A per-day file's rows hold times only: the day is in the file's name.
    match = _DAY_FILE.search(name)
    day = iso_day(match.group(1)) if match else None
    if day is None:
        raise SourceError(
            f"{name} is one of Google Fit's per-day files (15-minute rows with no date); "
            "its day comes from its name, like 2025-01-31.csv. Give the summary file "
            "'Daily activity metrics.csv' from the same folder instead, or keep the "
            "per-day file's own name."
        )
    return day


def _zip_entries(path: Path, found: Found) -> Iterator[Entry]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        summaries = [n for n in names if _is_summary_member(n)]
        days = sorted(n for n in names if _DAY_MEMBER.search(n))
        if not summaries and not days:
            raise SourceError(
                f"{path.name} holds no Google Fit daily activity metrics. Ask Takeout for "
                "Fit and give the .zip it makes (or 'Daily activity metrics.csv' from it); "
                "when Takeout splits the export into several .zip files, give the one "
                "holding Takeout/Fit/Daily activity metrics."
            )
        if summaries and days:
            found.note(
                f"Read the daily summary in {path.name}; its {len(days)} per-day files hold "
                "the same days in 15-minute rows and were not read again."
            )
        for name in summaries or days:
            label = member_label(name, path)
            with open_member_text(archive, name, label) as text:
                yield from _file_entries(lines(text, label), name, found)


# ---- the rows -----------------------------------------------------------------------


def _summary_entries(rows: Iterable[dict[str, str]], found: Found) -> Iterator[Entry]:
    for row in rows:
        day = iso_day(row.get("Date") or "")
        if day is None:
            found.leave_out(BAD_DATE)
            continue
        values = _row_values(row, found)
        if values:
            yield Entry(day, _converted(values, found))
        else:
            found.leave_out(NOTHING_USED)


def _day_file_entry(rows: Iterable[dict[str, str]], day: dt.date, found: Found) -> Iterator[Entry]:
    """The day's one entry: its 15-minute rows summed."""
    totals: dict[str, float] = {}
    for row in rows:
        for header, value in _row_values(row, found).items():
            totals[header] = totals.get(header, 0.0) + value
    if totals:
        yield Entry(day, _converted(totals, found))
    else:
        found.leave_out(NOTHING_USED)


def _row_values(row: dict[str, str], found: Found) -> dict[str, float]:
    """The row's numbers in the columns read, by header; blank cells are missing."""
    values = {}
    for header in COLUMNS:
        text = (row.get(header) or "").strip()
        if not text:
            continue
        value = number(text)
        if value is None:
            found.leave_out(BAD_NUMBER)
        else:
            values[header] = value
    return values


def _converted(values: dict[str, float], found: Found) -> dict[str, float]:
    measures = {}
    for header, value in values.items():
        measure, divisor, how = COLUMNS[header]
        measures[measure] = value / divisor if divisor != 1 else value
        found.converted(measure, how)
    return measures
