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

Reading: each JSON file (or zip member) within sources/limits.py's limits, its records
decoded one flat object at a time; a list or an object inside a record makes the file no
Fitbit file (counted as left out, not read), so nesting never reaches the decoder. Here:
the JSON export; activities.py: the legacy CSV; days.py: the not-worn rule both follow.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psoas_track.cells import date_order, number
from psoas_track.cells.dates import FIRST_YEAR, LAST_YEAR
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.fitbit.activities import (
    BAD_DATE,
    BAD_NUMBER,
    activities_entries,
    activities_header_at,
)
from psoas_track.sources.fitbit.days import MINUTES_A_DAY, NOT_WORN, SEDENTARY, day_values
from psoas_track.sources.limits import check_size, flat_json_list, member_label, open_member

NAME = "fitbit"
TITLE = "Fitbit export"
FILES = (
    "steps-*.json or sedentary_minutes-*.json, the Fitbit export .zip, "
    "or a fitbit_export_*.csv with an Activities section"
)

#: The metric files read, by the name Fitbit gives them.
METRICS = ("steps", "sedentary_minutes")
_MEMBER = re.compile(r"(?:^|/)([a-z_]+)-\d{4}-\d{2}-\d{2}\.json$", re.I)
_SINGLE = re.compile(r"^(steps|sedentary_minutes)(?:[-_ .].*)?\.json$", re.I)
_RECORDS = re.compile(r'^\s*\[\s*\{[^{}\[\]]*"dateTime"\s*:')
_FITBIT_STAMP = re.compile(r"(\d\d)/(\d\d)/(\d\d) (\d\d):(\d\d):(\d\d)")

# What is left out and why, for both kinds of file (days.py, activities.py); and the
# legacy CSV's date order, read as a log's (psoas_track.cells).
__all__ = [
    "BAD_DATE",
    "BAD_FILE",
    "BAD_NUMBER",
    "BAD_RECORD",
    "FILES",
    "MINUTES_A_DAY",
    "NAME",
    "NOT_WORN",
    "REPEATED_DAY",
    "SEDENTARY",
    "STEPS_DAYS",
    "STEPS_MINUTES",
    "TITLE",
    "date_order",
    "local_zone",
    "looks_like",
    "read",
]

BAD_RECORD = "a Fitbit record with an unreadable date or value"
BAD_FILE = "a Fitbit file that is not readable JSON"
REPEATED_DAY = "a day Fitbit's export gives twice (the first was kept)"

STEPS_MINUTES = "steps (per minute, Fitbit) -> steps: summed per day"
STEPS_DAYS = "steps (per day, Fitbit) -> steps: as counted"


def looks_like(path: Path, head: str) -> bool:
    """A Fitbit export: a .zip whose members include steps-/sedentary_minutes- JSON
    files, a JSON list of {"dateTime", "value"} records, or a CSV with an Activities
    section headed like Fitbit's."""
    if zipfile.is_zipfile(path):
        return any(_metric_of_member(name) in METRICS for name in head.splitlines())
    return bool(_RECORDS.match(head)) or activities_header_at(head.splitlines()) is not None


def read(path: Path, found: Found) -> Iterator[Entry]:
    """Fitbit's days as entries: steps and sedentary hours (see the module's docstring)."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        yield from _tally_entries(_tally_zip(path, found), found)
    elif _first_character(path) == "[":
        yield from _tally_entries(_tally_json_file(path, found), found)
    else:
        yield from activities_entries(path, found)


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
            with open_member(archive, name, member_label(name, path)) as member:
                text = member.read().decode("utf-8-sig", errors="replace")
            _tally_file(text, _metric_of_member(name), tally, found)
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
    check_size(path)
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    _tally_file(text, match.group(1).lower(), tally, found)
    return tally


def _tally_file(text: str, metric: str, tally: Tally, found: Found) -> None:
    records = _parsed_records(text, found)
    if metric == "steps":
        _tally_steps(records, tally, found)
    else:
        _tally_sedentary(records, tally, found)


def _parsed_records(text: str, found: Found) -> list[tuple[dt.datetime, float]]:
    """Each record's (stamp, value), decoded one at a time (only the parsed pairs are
    kept); a record that cannot be read is counted, and so is a file that is not a JSON
    list of flat records as Fitbit writes them (nothing of it is read)."""
    records, bad = [], 0
    try:
        for element in flat_json_list(text):
            parsed = _parsed_record(element)
            if parsed is None:
                bad += 1
            else:
                records.append(parsed)
    except ValueError:
        found.leave_out(BAD_FILE)
        return []
    if bad:
        found.leave_out(BAD_RECORD, bad)
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
    """Fitbit's MM/DD/YY HH:MM:SS (or an ISO date and time) as a datetime; None for no
    date, or one in a year no record has (the years psoas_track.cells reads)."""
    stamp = _any_stamp(text)
    return stamp if stamp is not None and FIRST_YEAR <= stamp.year <= LAST_YEAR else None


def _any_stamp(text: Any) -> dt.datetime | None:
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
        values = day_values(tally.steps.get(day), tally.sedentary_minutes.get(day), found)
        if values:
            yield Entry(day, values)


def _first_character(path: Path) -> str:
    with open(path, "rb") as handle:
        start = handle.read(4096).decode("utf-8-sig", errors="replace")
    return start.lstrip()[:1]
