"""Daylio export: the CSV Daylio writes (daylio_export_2026_03_14.csv), one row per entry.

The layout (checked against public parsers and their sample exports; see
tests/test_source_daylio.py for where):

    full_date,date,weekday,time,mood,activities,note_title,note

Older exports have no note_title; newer ones may add scales before note_title. `date` has
no year and follows the phone's language ("December 22", "28 September"), so the day is
`full_date` (2026-03-14), the day as the app showed it. `time` is "10:00 pm", "8:15 PM" or
"20:15"; it becomes the entry's time. Several entries a day add up by the schema's rules.

What becomes what:

- mood: Daylio's five default moods become the custom measure `mood` on 1-5: awful 1,
  bad 2, meh 3, good 4, rad 5. A mood the person named (renamed or added, "captivated")
  gets no number, because the export does not say which of the five it stands for: it is
  kept as a note, "Daylio mood: captivated", and counted. Mood is never part of pain.
- activities, split at " | ": an activity about one of the kit's loads (walk, stretching,
  yoga, sedentary ...) becomes a note, "Daylio activity: walk"; physio, massage,
  osteopath ... become the therapy flag and "towel" the towel flag. An activity holds no
  minutes, so no minutes are made up. An activity that names pain ("back pain") has no
  0-10 value, so it is kept as a note and never becomes a rating. Other activities are
  counted and left out.
- note_title and note become notes, "Title: note".
- scales are counted and left out.

A row that cannot be read (no full_date, missing cells) is counted with its reason; the
rest of the export still comes in.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from psoas_track.cells import clock_time, iso_day
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.limits import lines, open_text
from psoas_track.sources.words import first_row, header_fields, load_kind, records

NAME = "daylio"
TITLE = "Daylio export"
FILES = "daylio_export_YYYY_MM_DD.csv (columns full_date, date, weekday, time, mood, activities)"

REQUIRED = ("full_date", "mood", "activities")
DELIMITERS = ",\t;"
MOOD_LEVELS = {"awful": 1, "bad": 2, "meh": 3, "good": 4, "rad": 5}
MOOD_HOW = "Daylio mood words -> mood on 1-5: awful 1, bad 2, meh 3, good 4, rad 5"
NOTE_JOIN = "; "  # several texts of one row, inside one entry's note


def looks_like(path: Path, head: str) -> bool:
    """True when the first line names Daylio's columns (full_date, mood, activities)."""
    fields = header_fields(head, DELIMITERS)
    return all(name in fields for name in REQUIRED)


# -- one row ------------------------------------------------------------------------------


def time_of(text: str, found: Found) -> dt.time | None:
    """The entry's clock time; a time that cannot be read keeps the entry, without it."""
    time = clock_time(text)
    if time is None and text.strip():
        found.leave_out("Daylio times that could not be read (the entries are kept, untimed)")
    return time


def mood(text: str, found: Found) -> tuple[dict, str | None]:
    """The mood as {'mood': 1-5}, or, for a mood the person named, a note."""
    word = text.strip()
    if not word:
        return {}, None
    level = MOOD_LEVELS.get(word.lower())
    if level is None:
        found.leave_out(f"Daylio mood '{word}' has no known place on 1-5 (it is kept in the notes)")
        return {}, f"Daylio mood: {word}"
    found.converted("mood", MOOD_HOW)
    return {"mood": float(level)}, None


def activities(text: str, found: Found) -> tuple[dict, str | None]:
    """The activities about the kit's loads: flags, and one note naming them."""
    kept: list[str] = []
    values: dict = {}
    for name in (a.strip() for a in re.split(r"\s*\|\s*", text) if a.strip()):
        kind = load_kind(name)
        if kind is None:
            found.leave_out(
                "Daylio activities that are none of the kit's loads (walking, stretching, sitting, "
                "rest, therapy ...)"
            )
            continue
        if kind == "pain":
            found.leave_out(
                "Daylio activities that name pain: kept as a note, not a rating (an activity "
                "has no 0-10 value)"
            )
        elif kind == "therapy":
            found.converted("therapy", "Daylio activity such as physio or massage -> therapy")
            values["therapy"] = f"Daylio activity: {name}"
        elif kind == "towel":
            values["towel"] = True
        kept.append(name)
    if not kept:
        return values, None
    found.note(
        "Daylio activities about the kit's loads became notes ('Daylio activity: walk'); "
        "an activity holds no minutes, so no minutes were made up."
    )
    label = "Daylio activity" if len(kept) == 1 else "Daylio activities"
    return values, f"{label}: " + ", ".join(kept)


def own_note(cells: dict[str, str]) -> str | None:
    """The person's note, with its title: 'Title: note'."""
    title = cells.get("note_title", "").strip()
    note = cells.get("note", "").strip()
    return ": ".join(part for part in (title, note) if part) or None


def values_of(cells: dict[str, str], found: Found) -> dict:
    values, mood_note = mood(cells.get("mood", ""), found)
    flags, activity_note = activities(cells.get("activities", ""), found)
    values.update(flags)
    if cells.get("scales", "").strip():
        found.leave_out("Daylio scales (not read by this import)")
    notes = [n for n in (own_note(cells), activity_note, mood_note) if n]
    if notes:
        values["notes"] = NOTE_JOIN.join(notes)
    return values


# -- the file -----------------------------------------------------------------------------


def read(path: Path, found: Found) -> Iterator[Entry]:
    """The export's entries, one per row."""
    with open_text(path) as handle:
        text = lines(handle, path.name)
        first = next(text, "")
        delimiter = delimiter_of(first)
        names = checked_header(first_row(csv.reader([first], delimiter=delimiter), path), path)
        for cells in records(csv.reader(text, delimiter=delimiter), len(names), found, "Daylio"):
            row = dict(zip(names, cells, strict=True))
            day = iso_day(row.get("full_date", ""))
            if day is None:
                found.leave_out("Daylio rows whose full_date could not be read")
                continue
            values = values_of(row, found)
            if values:
                yield Entry(day, values, time_of(row.get("time", ""), found))


def delimiter_of(first_line: str) -> str:
    """The delimiter that splits the header into Daylio's columns (a comma, normally)."""
    for delimiter in DELIMITERS:
        if "full_date" in header_fields(first_line, delimiter):
            return delimiter
    return ","


def checked_header(header: list[str], path: Path) -> list[str]:
    names = [cell.strip().lower() for cell in header]
    if not all(name in names for name in REQUIRED):
        raise SourceError(
            f"{Path(path).name} is not a Daylio export: its first line should name the "
            "columns full_date, mood and activities. Export your entries from Daylio again "
            "as CSV and give the daylio_export file it makes."
        )
    return names
