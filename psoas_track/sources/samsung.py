"""Samsung Health's daily step totals (`step_daily_trend`) -> steps a day.

The file comes from the Samsung Health app: Settings > Download personal data. The
export is a folder of CSV files, one per data type; the daily steps are in
`com.samsung.shealth.step_daily_trend.<export time>.csv`. Give that file, or the folder
zipped. Its layout, as public exports show it:

    com.samsung.shealth.step_daily_trend,6302001,3
    binning_data,update_time,create_time,source_pkg_name,source_type,count,speed,...,day_time,
    ,2020-11-12 08:00:00.000,2020-11-11 00:00:00.000,...,-2,9500,1.2,...,1605052800000,

- The first line is metadata (the data type, a version, a number), the second the
  header; the file may start with a byte-order mark and lines end with a comma.
- `day_time` is the day, as milliseconds since 1970 at UTC midnight of the local
  calendar day: 1605052800000 is 2020-11-11 wherever the phone was.
- `count` is the day's steps. `source_type` says whose: -2 is Samsung's total of all
  devices and apps, merged without counting a walk twice; every other value is one
  device's or app's own count (the phone, a watch, a partner app).
- Some versions prefix column names with the data type
  (`com.samsung.health.step.count`); the part after the last dot is the name.

Decisions:

- Only the -2 rows are used: they are what the Samsung Health app shows as the day's
  steps. Per-device rows are left out and counted; adding them would count a walk
  carried with phone and watch twice.
- A day with several -2 rows (the export keeps copies, e.g. after a reinstall or a
  resync) takes the one updated last (`update_time`), and the larger count when they
  were updated at the same time: Samsung rewrites the total as steps come in, so the
  last update is its final word on the day.
- A total of 0 steps is left out, not kept as 0: the phone or watch was almost
  certainly not carried, and a blank says "not recorded" where 0 would claim rest.
- `pedometer_day_summary` is recognised but not read: it has one row per device and no
  merged total to tell them apart, so the message points to step_daily_trend instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TextIO

from psoas_track.cells import iso_day, number
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.limits import lines, member_label, open_member_text, open_text
from psoas_track.sources.words import csv_rows

NAME = "samsung"
TITLE = "Samsung Health steps"
FILES = (
    "com.samsung.shealth.step_daily_trend.*.csv from Samsung Health's Download personal "
    "data, or that folder as a .zip"
)

STEP_DAILY_TREND = "com.samsung.shealth.step_daily_trend"
PEDOMETER_DAY_SUMMARY = "com.samsung.shealth.tracker.pedometer_day_summary"
ALL_SOURCES = -2  # Samsung's SOURCE_TYPE_ALL: the day's total over every device and app
NEEDED = ("day_time", "count", "source_type")
MS_PER_DAY = 86_400_000
# A day outside these years is a misread value (seconds taken for milliseconds land in
# January 1970), not a day someone walked.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# The metadata line: a data type, then numbers (the version, a count), maybe a comma.
_METADATA = re.compile(r"(com\.samsung\.[\w.]+)((?:,\d*)+)\s*")
_TREND_MEMBER = re.compile(r"com\.samsung\.shealth\.step_daily_trend(\.\d+)?\.csv")


@dataclass(frozen=True)
class DayTotal:
    """One -2 row: its day's steps and when Samsung last updated it (for duplicates)."""

    day: dt.date
    steps: int
    updated: dt.datetime | None

    def newer_than(self, other: DayTotal) -> bool:
        return self._order() > other._order()

    def _order(self) -> tuple:
        stamp = self.updated.timestamp() if self.updated is not None else float("-inf")
        return (stamp, self.steps)


@dataclass
class Days:
    """What the files said, day by day: the total kept for each day, and the oddities
    worth a note (days whose copies disagreed, day_times off UTC midnight)."""

    totals: dict[dt.date, DayTotal] = field(default_factory=dict)
    disagreeing: set[dt.date] = field(default_factory=set)
    off_midnight: int = 0


def looks_like(path: Path, head: str) -> bool:
    """True for a step_daily_trend (or pedometer_day_summary) file by its metadata line
    or, without one, its header; for a .zip, when a member is a step_daily_trend file."""
    if zipfile.is_zipfile(path):
        return any(_is_trend_member(name) for name in head.splitlines())
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip()
    datatype = _metadata_type(first)
    if datatype is not None:
        return datatype in (STEP_DAILY_TREND, PEDOMETER_DAY_SUMMARY)
    return set(NEEDED) <= set(_column_names(first.split(",")))


def read(path: Path, found: Found) -> Iterator[Entry]:
    """Each day's total steps (the -2 rows), oldest day first."""
    days = Days()
    for name, handle in _step_files(path):
        _collect(csv_rows(csv.reader(lines(handle, name)), found), name, days, found)
    _tell(found, days)
    for day in sorted(days.totals):
        yield Entry(day, {"steps": days.totals[day].steps})


def _is_trend_member(name: str) -> bool:
    # Zips made on Windows may separate folders with backslashes.
    base = PurePosixPath(name.strip().replace("\\", "/")).name
    return _TREND_MEMBER.fullmatch(base) is not None


def _metadata_type(line: str) -> str | None:
    match = _METADATA.fullmatch(line.strip())
    return match.group(1) if match else None


def _column_names(header: Iterable[str]) -> list[str]:
    """Column names without the data-type prefix: com.samsung.health.step.count -> count."""
    return [cell.strip().lstrip("\ufeff").rsplit(".", 1)[-1].lower() for cell in header]


def _step_files(path: Path) -> Iterator[tuple[str, TextIO]]:
    """(name, open text) of each step_daily_trend file: the file itself, or a zip's."""
    if not zipfile.is_zipfile(path):
        with open_text(path) as handle:
            yield path.name, handle
        return
    with zipfile.ZipFile(path) as archive:
        members = [name for name in archive.namelist() if _is_trend_member(name)]
        if not members:
            raise SourceError(_no_trend_in_zip(path, archive.namelist()))
        for member in members:
            with open_member_text(archive, member, member_label(member, path)) as handle:
                yield PurePosixPath(member).name, handle


def _no_trend_in_zip(path: Path, names: list[str]) -> str:
    if any(PEDOMETER_DAY_SUMMARY in name for name in names):
        return (
            f"{path.name} holds Samsung Health's pedometer_day_summary but no "
            "step_daily_trend file. Download your personal data again from Samsung Health "
            "(Settings > Download personal data) and give the file whose name starts with "
            f"{STEP_DAILY_TREND}."
        )
    return (
        f"{path.name} has no Samsung Health step file in it. Give the file whose name starts "
        f"with {STEP_DAILY_TREND} from Samsung Health's Download personal data, or that "
        "whole folder zipped."
    )


def _collect(rows: Iterator[list[str]], name: str, days: Days, found: Found) -> None:
    """Read one file's rows into days: the -2 rows, the newest copy of each day."""
    columns = _columns(rows, name)
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines (and a lone trailing comma) are not records
        cells = {column: row[index] for column, index in columns.items() if index < len(row)}
        total = _day_total(cells, days, found)
        if total is not None:
            _keep_newest(days, total, found)


def _columns(rows: Iterator[list[str]], name: str) -> dict[str, int]:
    """The position of each column, past the metadata line; SourceError naming what is
    missing when the file is not the daily step totals."""
    first = next(rows, None)
    if first is None:
        raise SourceError(
            f"{name} is empty. Download your personal data again from Samsung Health."
        )
    header = first
    datatype = _metadata_type(",".join(first).lstrip("\ufeff"))
    if datatype is not None:
        _check_datatype(datatype, name)
        header = next(rows, [])
    names = _column_names(header)
    missing = [column for column in NEEDED if column not in names]
    if missing:
        raise SourceError(
            f"{name} has no {', '.join(missing)} column, so its daily steps cannot be read. "
            f"Give the file whose name starts with {STEP_DAILY_TREND} from Samsung Health's "
            "Download personal data, as it was downloaded."
        )
    columns: dict[str, int] = {}
    for index, column in enumerate(names):
        columns.setdefault(column, index)
    return columns


def _check_datatype(datatype: str, name: str) -> None:
    if datatype == STEP_DAILY_TREND:
        return
    if datatype == PEDOMETER_DAY_SUMMARY:
        raise SourceError(
            f"{name} is Samsung Health's pedometer_day_summary: it has one row per phone or "
            "watch and no day total, so its steps could be counted twice. Give the file "
            f"from the same folder whose name starts with {STEP_DAILY_TREND} instead."
        )
    raise SourceError(
        f"{name} is Samsung Health's {datatype} data, not the daily steps. Give the file "
        f"from the same folder whose name starts with {STEP_DAILY_TREND}."
    )


def _day_total(cells: dict[str, str], days: Days, found: Found) -> DayTotal | None:
    """A -2 row as a day's total; None (counted with its reason) for any other row."""
    source = number(cells.get("source_type", ""))
    if source is None:
        found.leave_out("rows whose source_type is not a number")
        return None
    if source != ALL_SOURCES:
        found.leave_out(
            "per-device rows (source_type other than -2): the day totals already hold their steps"
        )
        return None
    day_time = cells.get("day_time", "")
    day = day_of(day_time)
    if day is None:
        found.leave_out("day totals whose day_time is not a day (milliseconds since 1970)")
        return None
    days.off_midnight += off_midnight(day_time)
    steps = number(cells.get("count", ""))
    if steps is None or steps < 0 or not steps.is_integer():
        found.leave_out("day totals whose count is not a whole number of steps")
        return None
    if steps == 0:
        found.leave_out("day totals of 0 steps (phone and watch not carried; left blank)")
        return None
    return DayTotal(day, int(steps), _moment(cells.get("update_time", "")))


def _keep_newest(days: Days, total: DayTotal, found: Found) -> None:
    kept = days.totals.get(total.day)
    if kept is None:
        days.totals[total.day] = total
        return
    found.leave_out("older copies of a day's total (the one updated last was kept)")
    if kept.steps != total.steps:
        days.disagreeing.add(total.day)
    if total.newer_than(kept):
        days.totals[total.day] = total


def day_of(text: str) -> dt.date | None:
    """The calendar day of a day_time: 1605052800000 -> 2020-11-11. A value off UTC
    midnight is taken as the nearest midnight's day; a date written out
    (2020-11-11 00:00:00.000, in some versions) is read as it is."""
    text = text.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        day = iso_day(text[:10])
    else:
        milliseconds = number(text)
        if milliseconds is None:
            return None
        day = _epoch_day(round(milliseconds / MS_PER_DAY))
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return day


def off_midnight(day_time: str) -> bool:
    """True when a day_time in milliseconds is not at a UTC midnight."""
    milliseconds = number(day_time)
    return milliseconds is not None and milliseconds % MS_PER_DAY != 0


def _epoch_day(days: int) -> dt.date | None:
    try:
        return dt.date(1970, 1, 1) + dt.timedelta(days=days)
    except OverflowError:
        return None


def _moment(text: str) -> dt.datetime | None:
    """update_time as a UTC moment: '2020-11-12 08:00:00.000' or epoch milliseconds."""
    text = text.strip()
    if not text:
        return None
    milliseconds = number(text)
    try:
        if milliseconds is not None:
            return dt.datetime.fromtimestamp(milliseconds / 1000, dt.UTC)
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _tell(found: Found, days: Days) -> None:
    """State the conversions, and what the import's oddities mean for the days."""
    if days.totals:
        found.converted(
            "steps",
            "count of each day's total row (source_type -2: every phone, watch and app "
            "merged by Samsung without counting a walk twice) -> steps, as it is",
        )
        found.converted(
            "date",
            "day_time (milliseconds since 1970 at UTC midnight of the day) -> that calendar day",
        )
        found.note(
            f"The last day, {max(days.totals).isoformat()}, holds only the steps up to the "
            "moment of the export if you downloaded it that day."
        )
    if days.disagreeing:
        found.note(
            f"On {len(days.disagreeing)} day(s) the export held different totals; the one "
            "Samsung updated last was kept."
        )
    if days.off_midnight:
        found.note(
            f"{days.off_midnight} day_time value(s) were not at UTC midnight; each was taken "
            "as the day of the nearest midnight."
        )
