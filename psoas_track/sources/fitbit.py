"""Fitbit: the account export's per-metric JSON files (one, or the export's .zip holding
many) and the legacy "Export a selection" CSV with its Body / Activities / Sleep sections.

What is read:

- ``steps-*.json`` -> ``steps``, summed per day. Per-minute records are stamped in UTC
  (checked against the Fitbit app's day totals by converters that move this export
  elsewhere), so they are counted into days in this computer's time zone; records that
  are all at midnight are day totals and keep the day they name.
- ``sedentary_minutes-*.json`` (one record a day) -> ``sedentary_hours``: minutes / 60.
  Fitbit counts sedentary time while awake, which is what ``sedentary_hours`` means.
- The legacy CSV's ``Activities`` section: ``Steps`` and ``Minutes Sedentary`` the same
  way, with its quoted thousands ("11,204") and its day/month order found from the dates.

A day of exactly 1440 sedentary minutes is a day the tracker was not worn: its
sedentary time is missing (never 24 h) and so are its steps when they are 0.

Not imported: the lightly / moderately / very active minutes. They are intensity levels,
not walking or running, no schema measure holds them, and three overlapping custom
columns would crowd every report; steps and sedentary time carry the day's load.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psoas_track.cells import date_order, date_token, grouped_number, number, resolve_date
from psoas_track.sources.base import Entry, Found, SourceError

NAME = "fitbit"
TITLE = "Fitbit export"
FILES = (
    "steps-*.json or sedentary_minutes-*.json, the Fitbit export .zip, "
    "or a fitbit_export_*.csv with an Activities section"
)

MINUTES_A_DAY = 1440
#: The metric files read, by the name Fitbit gives them.
METRICS = ("steps", "sedentary_minutes")
_MEMBER = re.compile(r"(?:^|/)([a-z_]+)-\d{4}-\d{2}-\d{2}\.json$", re.I)
_SINGLE = re.compile(r"^(steps|sedentary_minutes)(?:[-_ .].*)?\.json$", re.I)
_RECORDS = re.compile(r'^\s*\[\s*\{[^{}\[\]]*"dateTime"\s*:')
_FITBIT_STAMP = re.compile(r"(\d\d)/(\d\d)/(\d\d) (\d\d):(\d\d):(\d\d)")

NOT_WORN = "a day the tracker was not worn (1440 sedentary minutes)"
BAD_RECORD = "a Fitbit record with an unreadable date or value"
BAD_FILE = "a Fitbit file that is not readable JSON"
REPEATED_DAY = "a day Fitbit's export gives twice (the first was kept)"
BAD_DATE = "a Fitbit Activities row with an unreadable date"
BAD_NUMBER = "a Fitbit Activities value that is not a whole number"

STEPS_MINUTES = "steps (per minute, Fitbit) -> steps: summed per day"
STEPS_DAYS = "steps (per day, Fitbit) -> steps: as counted"
SEDENTARY = "sedentary minutes (Fitbit) -> sedentary_hours: minutes / 60 = hours"


def looks_like(path: Path, head: str) -> bool:
    """A Fitbit export: a .zip whose members include steps-/sedentary_minutes- JSON
    files, a JSON list of {"dateTime", "value"} records, or a CSV with an Activities
    section headed like Fitbit's."""
    if zipfile.is_zipfile(path):
        return any(_metric_of_member(name) in METRICS for name in head.splitlines())
    return bool(_RECORDS.match(head)) or _activities_header_at(head.splitlines()) is not None


def read(path: Path, found: Found) -> Iterator[Entry]:
    """Fitbit's days as entries: steps and sedentary hours (see the module's docstring)."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        yield from _tally_entries(_tally_zip(path, found), found)
    elif _first_character(path) == "[":
        yield from _tally_entries(_tally_json_file(path, found), found)
    else:
        yield from _activities_entries(path, found)


# ---- the JSON export: tally every file's records into days, then yield the days -------


@dataclass
class Tally:
    """What the export's files say about each day, in Fitbit's units."""

    steps: dict[dt.date, float] = field(default_factory=dict)
    sedentary_minutes: dict[dt.date, float] = field(default_factory=dict)
    steps_day_totals: set[dt.date] = field(default_factory=set)  # days a day total gave


def _metric_of_member(name: str) -> str | None:
    match = _MEMBER.search(name.strip())
    return match.group(1).lower() if match else None


def _tally_zip(path: Path, found: Found) -> Tally:
    tally = Tally()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        wanted = [n for n in names if _metric_of_member(n) in METRICS]
        if not wanted:
            raise SourceError(
                f"{path.name} holds no steps-*.json or sedentary_minutes-*.json file. Give "
                "the .zip from Fitbit's 'Export your account archive' (or Google Takeout's "
                "Fitbit folder), or one of those JSON files."
            )
        for name in sorted(wanted):
            with archive.open(name) as member:
                _tally_file(
                    io.TextIOWrapper(member, "utf-8-sig", errors="replace"),
                    _metric_of_member(name),
                    tally,
                    found,
                )
    found.note(
        f"Read {len(wanted)} of the {len(names)} files in {path.name}: the steps and "
        "sedentary-minutes files. The others (heart rate, sleep, active minutes, "
        "profile, ...) are not imported."
    )
    return tally


def _tally_json_file(path: Path, found: Found) -> Tally:
    # The records carry no metric name: only the file's name says what they count.
    match = _SINGLE.match(path.name)
    if not match:
        raise SourceError(
            f"{path.name} holds Fitbit records, but its name does not say what they count. "
            "Fitbit names these files steps-2019-12-22.json or "
            "sedentary_minutes-2019-12-22.json; give one of those (keep Fitbit's name), "
            "or the whole export .zip."
        )
    tally = Tally()
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        _tally_file(handle, match.group(1).lower(), tally, found)
    return tally


def _tally_file(handle: io.TextIOBase, metric: str, tally: Tally, found: Found) -> None:
    records = _parsed_records(handle, found)
    if metric == "steps":
        _tally_steps(records, tally, found)
    else:
        _tally_sedentary(records, tally, found)


def _parsed_records(handle: io.TextIOBase, found: Found) -> list[tuple[dt.datetime, float]]:
    """Each record's (stamp, value); a file or record that cannot be read is counted."""
    try:
        data = json.load(handle)
    except (ValueError, UnicodeDecodeError):
        found.leave_out(BAD_FILE)
        return []
    if not isinstance(data, list):
        found.leave_out(BAD_FILE)
        return []
    records = []
    for record in data:
        parsed = _parsed_record(record)
        if parsed is None:
            found.leave_out(BAD_RECORD)
        else:
            records.append(parsed)
    return records


def _parsed_record(record: Any) -> tuple[dt.datetime, float] | None:
    if not isinstance(record, dict):
        return None
    stamp = _stamp(record.get("dateTime"))
    value = number(record.get("value"))  # Fitbit writes its numbers as strings: "600"
    if stamp is None or value is None:
        return None
    return stamp, value


def _stamp(text: Any) -> dt.datetime | None:
    """Fitbit's MM/DD/YY HH:MM:SS (or an ISO date and time) as a datetime."""
    if not isinstance(text, str):
        return None
    if match := _FITBIT_STAMP.fullmatch(text):
        # A year of minutes is half a million stamps: strptime would take most of the read.
        month, day, year, hour, minute, second = map(int, match.groups())
        try:
            return dt.datetime(2000 + year, month, day, hour, minute, second)
        except ValueError:
            return None
    for form in ("%m/%d/%y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(text.strip(), form)
        except ValueError:
            pass
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def local_zone() -> dt.tzinfo | None:
    """The time zone per-minute records are counted into days in: this computer's
    (None asks the system, which also honours the TZ environment variable)."""
    return None


def _tally_steps(records: list[tuple[dt.datetime, float]], tally: Tally, found: Found) -> None:
    if not records:
        return
    if all(stamp.time() == dt.time() for stamp, _ in records):
        _tally_day_totals(records, tally, found)
        return
    zone = local_zone()
    for stamp, value in records:
        day = stamp.replace(tzinfo=dt.UTC).astimezone(zone).date()
        tally.steps[day] = tally.steps.get(day, 0.0) + value
    found.converted("steps", STEPS_MINUTES)
    found.note(
        "Fitbit stamps its per-minute steps in UTC; they were counted into days in this "
        f"computer's time zone ({_zone_name(zone)}). If you wore the tracker in another "
        "time zone, import again with the TZ setting of that zone (for example "
        "TZ=Europe/Berlin)."
    )


def _tally_day_totals(records: list[tuple[dt.datetime, float]], tally: Tally, found: Found) -> None:
    for stamp, value in records:
        day = stamp.date()
        if day in tally.steps_day_totals:
            found.leave_out(REPEATED_DAY)
            continue
        tally.steps_day_totals.add(day)
        tally.steps[day] = tally.steps.get(day, 0.0) + value
    found.converted("steps", STEPS_DAYS)


def _tally_sedentary(records: list[tuple[dt.datetime, float]], tally: Tally, found: Found) -> None:
    # One record a day, on the day it names (a local date, not a UTC minute).
    for stamp, minutes in records:
        day = stamp.date()
        if day in tally.sedentary_minutes:
            found.leave_out(REPEATED_DAY)
            continue
        tally.sedentary_minutes[day] = minutes


def _zone_name(zone: dt.tzinfo | None) -> str:
    now = dt.datetime.now(dt.UTC).astimezone(zone)
    return now.tzname() or now.strftime("UTC%z")


def _tally_entries(tally: Tally, found: Found) -> Iterator[Entry]:
    for day in sorted(set(tally.steps) | set(tally.sedentary_minutes)):
        values = _day_values(tally.steps.get(day), tally.sedentary_minutes.get(day), found)
        if values:
            yield Entry(day, values)


def _day_values(steps: float | None, sedentary: float | None, found: Found) -> dict:
    """A day's schema values; a day the tracker was not worn keeps only steps it counted
    (a phone can count them), never its 24 sedentary hours."""
    if sedentary == MINUTES_A_DAY:
        found.leave_out(NOT_WORN)
        sedentary = None
        if steps == 0:
            steps = None
    values: dict[str, float] = {}
    if steps is not None:
        values["steps"] = steps
    if sedentary is not None:
        values["sedentary_hours"] = sedentary / 60
        found.converted("sedentary_hours", SEDENTARY)
    return values


def _first_character(path: Path) -> str:
    with open(path, "rb") as handle:
        start = handle.read(4096).decode("utf-8-sig", errors="replace")
    return start.lstrip()[:1]


# ---- the legacy "Export a selection" CSV: its Activities section --------------------


def _cells(record: list[str]) -> list[str]:
    return [cell.strip().strip('"').strip() for cell in record]


def _title(cells: list[str]) -> str | None:
    """A section's title ('Body', 'Activities', 'Food Log 20170101'): a first cell that is
    no date and nothing beside it (a spreadsheet saving the file again adds the commas)."""
    filled = [c for c in cells if c]
    if len(filled) == 1 and cells[0] and date_token(cells[0]) is None:
        return cells[0]
    return None


def _is_activities_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "Date" and "Steps" in cells and "Calories Burned" in cells


def _activities_header_at(lines: list[str]) -> int | None:
    """The index of the Activities section's header line (the line after its title)."""
    try:
        records = [_cells(record) for record in csv.reader(lines)]
    except csv.Error:
        return None
    for index, cells in enumerate(records[:-1]):
        if _title(cells) == "Activities" and _is_activities_header(records[index + 1]):
            return index + 1
    return None


def _activities_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The Activities section's header and rows (the section ends at a blank line or at
    the next section's title)."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        try:
            records = [_cells(record) for record in csv.reader(handle)]
        except csv.Error as error:
            raise SourceError(
                f"{path.name} cannot be read as a CSV file ({error}). Export it again from "
                "Fitbit's website and give the file as it was downloaded."
            ) from error
    for index, cells in enumerate(records[:-1]):
        if _title(cells) == "Activities" and _is_activities_header(records[index + 1]):
            return records[index + 1], list(_section_rows(records[index + 2 :]))
    raise SourceError(
        f"{path.name} has no Activities section headed 'Date,Calories Burned,Steps,...'. "
        "Export it again from Fitbit's website with Activities ticked, as CSV (the kit "
        "reads Fitbit's English headers)."
    )


def _section_rows(records: list[list[str]]) -> Iterator[list[str]]:
    for cells in records:
        if not any(cells) or _title(cells):
            return  # a blank line or the next section's title
        yield cells


def _activities_entries(path: Path, found: Found) -> Iterator[Entry]:
    header, rows = _activities_rows(path)
    position = {
        name: header.index(name)
        for name in ("Date", "Steps", "Minutes Sedentary")
        if name in header
    }
    days = _row_days([_cell(row, position["Date"]) for row in rows], found)
    for row, day in zip(rows, days, strict=True):
        if day is None:
            found.leave_out(BAD_DATE)
            continue
        steps = _whole_number(_cell(row, position.get("Steps")), found)
        sedentary = _whole_number(_cell(row, position.get("Minutes Sedentary")), found)
        if steps is not None:
            found.converted(
                "steps",
                "Steps (Fitbit Activities) -> steps: thousands commas removed (11,204 = 11204)",
            )
        values = _day_values(steps, sedentary, found)
        if values:
            yield Entry(day, values)


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _row_days(cells: list[str], found: Found) -> list[dt.date | None]:
    """Each row's day; 09-11-2026 means nothing until the section's dates have said
    whether the day or the month comes first."""
    tokens = [date_token(cell) for cell in cells]
    slashes = [
        (t.slash, cell)
        for t, cell in zip(tokens, cells, strict=True)
        if t is not None and t.slash is not None
    ]
    dayfirst, why, _ = date_order(slashes, None)
    if dayfirst is not None:
        order = "day first" if dayfirst else "month first"
        found.note(f"Dates in the Activities section were read {order}: {why}.")
    return [resolve_date(token, dayfirst) for token in tokens]


def _whole_number(text: str, found: Found) -> float | None:
    """'11,204' -> 11204 (Fitbit writes thousands with the account's separator); blank is
    missing; anything else is counted and missing."""
    if not text.strip():
        return None
    value = grouped_number(text)
    if value is not None and value >= 0 and value.is_integer():
        return value
    found.leave_out(BAD_NUMBER)
    return None
