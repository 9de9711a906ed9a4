"""Bearable export: the app's data export, a long CSV with one row per rating or record.

The layout (checked against public parsers and a published export; see
tests/test_source_bearable.py for where):

    date,date formatted,weekday,time of day,category,rating/amount,detail,notes

Exports before `date formatted` existed have the other seven columns. `date` is written
like "22nd Sep 2020"; `date formatted` like 2024-03-14. Both are the day as the app
showed it to the person (no time zone), and `date formatted` wins when both can be read.
A `date` written as a timestamp (2021-03-14T21:00:00.000Z) counts on the day it names,
which can be a day off if that is UTC; the import says so when it had to use one.
`time of day` is a clock time ("09:53", "3:04", "10:15 PM") or one of Bearable's parts of
the day (pre, am, mid, pm, all day), which have no clock time: those entries get none.

What becomes what, by `category`:

- Symptom: `detail` is the symptom and its severity, "Back (lower) pain (Moderate)", and
  `rating/amount` the severity 0-4 (None, Mild, Moderate, Severe, Unbearable). A pain
  symptom naming the back, the hip or the knee (pain, ache, sore, hurt: "Hip pain", "Knee
  ache") becomes back_pain, hip_pain or knee_pain at 0, 2.5, 5, 7.5 or 10 on the 0-10
  scale. A site without a word of pain ("Hip stiffness") is not a pain rating and is left
  out, and so are the other symptoms (headache, anxiety ...): each counted by name.
- Mood and Energy: the custom measures `mood` and `energy`, kept as the numbers Bearable
  wrote (mood 1-10, energy 1-5 in the exports seen). Never part of pain.
- Sleep: `sleep_hours` from "7:30" (hours:minutes); Sleep quality: `sleep_quality`.
- Meds/Supplements (or Medication): the custom text `medication`, "Ibuprofen 600 mg".
- Health measurements: "Step count" becomes steps; the other measurements are left out.
- Notes, Extra notes, Journal: notes. The `notes` cell of any row is a note too (once per
  day when the same words repeat on several rows).
- Factors (the old "Factors" category, and the factor groups of newer exports: Lifestyle,
  Active, Social ... or any category with no rating): `detail` lists the factors
  ("Sedentary | Walk - Moderate | 🧘 Stretching"). A factor about one of the kit's loads
  becomes a note, "Bearable factor: Walk (Moderate)"; Physio, Massage, Osteopath ...
  become the therapy flag; "Towel" the towel flag. A factor holds no minutes, so no
  minutes are made up. Other factors are counted and left out.
- Gratitudes, Period and any other rating are counted and left out.

A row that cannot be read (no date, missing cells) is counted with its reason; the rest
of the export still comes in.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from psoas_track import schema
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.words import (
    PAIN_WORDS,
    clock_time,
    header_fields,
    load_kind,
    name_words,
    records,
)

NAME = "bearable"
TITLE = "Bearable export"
FILES = "the CSV from Bearable's data export (columns date, category, rating/amount, detail)"

REQUIRED = ("category", "rating/amount", "detail")
DATE_COLUMNS = ("date formatted", "date")

SEVERITY_WORDS = ("none", "mild", "moderate", "severe", "unbearable")
PAIN_PER_SEVERITY_STEP = 2.5  # 0-4 onto 0-10: Unbearable (4) is 10
SEVERITY_HOW = (
    "Bearable symptom severity 0-4 (None, Mild, Moderate, Severe, Unbearable) -> "
    "0, 2.5, 5, 7.5, 10 on the 0-10 scale"
)

SITE_WORDS = {
    "back_pain": {"back", "backache", "lumbar"},
    "hip_pain": {"hip", "hips"},
    "knee_pain": {"knee", "knees"},
}
MONTHS = {
    name: month
    for month, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
WORDY_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
SEVERITY_SUFFIX = re.compile(r"^(.*?)\s*\(\s*([A-Za-z. ]+?)\s*\)\s*$")
NAME_AND_UNIT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
NOTE_JOIN = "; "  # several texts of one row, inside one entry's note


# -- detection ----------------------------------------------------------------------------


def looks_like(path: Path, head: str) -> bool:
    """True when the first line names Bearable's columns (category, rating/amount, detail
    and a date)."""
    fields = header_fields(head)
    return all(name in fields for name in REQUIRED) and any(d in fields for d in DATE_COLUMNS)


def number(text: str) -> float | None:
    """A number written "3", "3.5" or "3,5"; None for anything else."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # float() also reads "nan" and "inf"


def without_emoji(text: str) -> str:
    """The name without the emoji or signs an app puts before it ("🧘 Stretching")."""
    return re.sub(r"^[^\w(]+", "", text.strip()).strip()


# -- one row ------------------------------------------------------------------------------


@dataclass
class Row:
    day: dt.date
    time: dt.time | None
    category: str  # lower case
    category_as_written: str  # for messages
    rating: str
    detail: str
    notes: str


@dataclass
class Reading:
    """One pass over an export: what was found, and what to say about it at the end."""

    found: Found
    notes_seen: set[tuple[dt.date, str]] = field(default_factory=set)
    site_names: dict[str, set[str]] = field(default_factory=dict)
    parts_of_day: bool = False
    timestamps: bool = False  # a day taken from a timestamp in `date`

    def note_once(self, day: dt.date, text: str) -> str | None:
        """The text, unless the same words were already a note of that day."""
        text = text.strip()
        if not text or (day, text) in self.notes_seen:
            return None
        self.notes_seen.add((day, text))
        return text

    def finish(self) -> None:
        for site, names in self.site_names.items():
            listed = ", ".join(sorted(names))
            self.found.note(f"Bearable symptoms read as {schema.phrase(site)}: {listed}.")
        if self.timestamps:
            self.found.note(
                "Some Bearable rows give their day only as a timestamp (no 'date formatted'); "
                "they count on the day the timestamp names, which can be a day off if it is "
                "in UTC."
            )
        if self.parts_of_day:
            self.found.note(
                "Bearable's parts of the day (pre, am, mid, pm, all day) have no clock time, "
                "so those entries have no time."
            )


def day_of(cells: dict[str, str]) -> dt.date | None:
    """The day of a row: `date formatted` (2024-03-14) when it can be read, else `date`
    ("22nd Sep 2020", or a date written the ISO way)."""
    for column in DATE_COLUMNS:
        day = _calendar_day(cells.get(column, ""))
        if day is not None:
            return day
    return None


def _calendar_day(text: str) -> dt.date | None:
    text = text.strip()
    match = ISO_DAY.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = WORDY_DAY.match(text)
        if match is None or match[2].lower() not in MONTHS:
            return None
        year, month, day = int(match[3]), MONTHS[match[2].lower()], int(match[1])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def row_of(cells: dict[str, str], reading: Reading) -> Row | None:
    day = day_of(cells)
    if day is None:
        reading.found.leave_out("Bearable rows whose date could not be read")
        return None
    if _calendar_day(cells.get("date formatted", "")) is None and "T" in cells.get("date", ""):
        reading.timestamps = True
    when = cells.get("time of day", "").strip()
    time = clock_time(when)
    if time is None and when:
        reading.parts_of_day = True
    category = cells.get("category", "").strip()
    return Row(
        day=day,
        time=time,
        category=category.lower(),
        category_as_written=category,
        rating=cells.get("rating/amount", "").strip(),
        detail=cells.get("detail", "").strip(),
        notes=cells.get("notes", "").strip(),
    )


# -- the categories -----------------------------------------------------------------------


def symptom(row: Row, reading: Reading) -> dict:
    """A back, hip or knee pain symptom as its site's 0-10 rating; others counted."""
    found = reading.found
    name, word = split_severity(row.detail)
    words = set(name_words(name))
    sites = [site for site, names in SITE_WORDS.items() if names & words]
    if not sites:
        found.leave_out(f"Bearable symptom '{name}': not back, hip or knee pain")
        return {}
    if len(sites) > 1:
        found.leave_out(f"Bearable symptom '{name}': names more than one of back, hip and knee")
        return {}
    if not (PAIN_WORDS & words or any(w.endswith("ache") for w in words)):
        found.leave_out(f"Bearable symptom '{name}': names a site but is not a pain rating")
        return {}
    severity = severity_of(row.rating, word)
    if severity is None:
        found.leave_out("Bearable back, hip or knee symptoms with no severity from 0 to 4")
        return {}
    site = sites[0]
    found.converted(site, SEVERITY_HOW)
    reading.site_names.setdefault(site, set()).add(name)
    return {site: severity * PAIN_PER_SEVERITY_STEP}


def split_severity(detail: str) -> tuple[str, str]:
    """'Back (lower) pain (Moderate)' -> ('Back (lower) pain', 'moderate')."""
    detail = without_emoji(detail)
    match = SEVERITY_SUFFIX.match(detail)
    if match and match[2].lower() in SEVERITY_WORDS:
        return match[1].strip(), match[2].lower()
    return detail, ""


def severity_of(rating: str, word: str) -> float | None:
    """Bearable's severity 0-4: the rating, else the word in brackets."""
    value = number(rating)
    if value is None and word:
        value = float(SEVERITY_WORDS.index(word))
    if value is None or not 0 <= value <= 4:
        return None
    return value


def rated(measure: str, how: str):
    """A reader for a category whose rating is kept as a custom number."""

    def read_rating(row: Row, reading: Reading) -> dict:
        value = number(row.rating)
        if value is None:
            reading.found.leave_out(f"Bearable {row.category_as_written} records with no number")
            return {}
        reading.found.converted(measure, how)
        return {measure: value}

    return read_rating


MOOD_NUMBER = rated(
    "mood",
    "Bearable mood kept as the number Bearable wrote (its own scale, 1-10 in the exports "
    "seen); a measure of its own, never part of pain",
)


def mood(row: Row, reading: Reading) -> dict:
    values = MOOD_NUMBER(row, reading)
    if values and row.detail:
        reading.found.leave_out("Bearable mood words such as 'Meh | Anxious' (the number is kept)")
    return values


def sleep(row: Row, reading: Reading) -> dict:
    hours = hours_of(row.rating)
    if hours is None:
        reading.found.leave_out("Bearable sleep records with no hours")
        return {}
    reading.found.converted("sleep_hours", "Bearable sleep 'hours:minutes' -> sleep_hours")
    return {"sleep_hours": hours}


def hours_of(text: str) -> float | None:
    """'7:30' -> 7.5; a plain number is hours already."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if match:
        return int(match[1]) + int(match[2]) / 60
    value = number(text)
    return value if value is not None and 0 <= value <= 24 else None


def medication(row: Row, reading: Reading) -> dict:
    """A medication or supplement as text, 'Ibuprofen 600 mg' (not a count: a day's texts
    are joined)."""
    name = without_emoji(row.detail)
    match = NAME_AND_UNIT.match(name)
    unit = ""
    if match:
        name, unit = match[1].strip(), match[2].strip()
    text = " ".join(part for part in (name, row.rating, unit if row.rating else "") if part)
    if not text:
        reading.found.leave_out("Bearable medication records with no name")
        return {}
    reading.found.converted(
        "medication",
        "Bearable medication and supplements kept as text: name, amount and unit "
        "('Ibuprofen 600 mg'); never part of pain",
    )
    return {"medication": text}


def health_measurement(row: Row, reading: Reading) -> dict:
    name = without_emoji(row.detail)
    if not {"step", "steps"} & set(name_words(name)):
        label = NAME_AND_UNIT.sub(r"\1", name) or "(no name)"
        reading.found.leave_out(f"Bearable health measurement '{label}' (not read by this import)")
        return {}
    steps = number(row.rating)
    if steps is None:
        reading.found.leave_out("Bearable step counts with no number")
        return {}
    reading.found.converted("steps", "Bearable health measurement 'Step count' -> steps")
    return {"steps": round(steps)}


def journal(row: Row, reading: Reading) -> dict:
    text = reading.note_once(row.day, row.notes or row.detail)
    return {"notes": text} if text else {}


def factors(row: Row, reading: Reading) -> dict:
    """Factors about the kit's loads as a note (and the therapy or towel flag)."""
    kept: list[str] = []
    values: dict = {}
    for item in (i for i in re.split(r"\s*\|\s*", row.detail) if i.strip()):
        name, level = factor_name(item)
        kind = load_kind(name)
        if kind is None:
            reading.found.leave_out(
                "Bearable factors that are none of the kit's loads (walking, stretching, sitting, "
                "rest, therapy ...)"
            )
            continue
        if kind == "pain":
            reading.found.leave_out(
                "Bearable factors that name pain: kept as a note, not a rating (a factor "
                "has no 0-10 value)"
            )
        if kind == "therapy":
            reading.found.converted(
                "therapy", "Bearable factor such as Physio or Massage -> therapy"
            )
            values["therapy"] = f"Bearable factor: {name}"
        elif kind == "towel":
            values["towel"] = True
        kept.append(f"{name} ({level})" if level else name)
    if kept:
        reading.found.note(
            "Bearable factors about the kit's loads became notes ('Bearable factor: Walk'); "
            "a factor holds no minutes, so no minutes were made up."
        )
        label = "Bearable factor" if len(kept) == 1 else "Bearable factors"
        values["notes"] = f"{label}: " + ", ".join(kept)
    return values


def factor_name(item: str) -> tuple[str, str]:
    """'👣 Walk - Moderate' -> ('Walk', 'Moderate')."""
    name = without_emoji(item)
    if " - " in name:
        name, level = name.rsplit(" - ", 1)
        return name.strip(), level.strip()
    return name, ""


def left_out(reason: str):
    def leave(row: Row, reading: Reading) -> dict:
        reading.found.leave_out(reason)
        return {}

    return leave


READERS = {
    "symptom": symptom,
    "symptoms": symptom,
    "mood": mood,
    "energy": rated("energy", "Bearable energy kept as the number Bearable wrote (1-5)"),
    "sleep": sleep,
    "sleep quality": rated("sleep_quality", "Bearable sleep quality kept as written"),
    "meds/supplements": medication,
    "medication": medication,
    "medications": medication,
    "medication/supplements": medication,
    "health measurements": health_measurement,
    "notes": journal,
    "extra notes": journal,
    "journal": journal,
    "notes/journal": journal,
    "factors": factors,
    "gratitudes": left_out("Bearable gratitudes (not read by this import)"),
    "period": left_out("Bearable period records (not read by this import)"),
}


def reader_for(row: Row):
    """The category's reader; an unknown category with no rating is a factor group
    (newer exports name each group: Lifestyle, Active, Social ...)."""
    if row.category in READERS:
        return READERS[row.category]
    if "factor" in row.category or not row.rating:
        return factors
    return left_out(f"Bearable '{row.category_as_written}' ratings (not read by this import)")


def values_of(row: Row, reading: Reading) -> dict:
    values = reader_for(row)(row, reading)
    if row.category not in ("notes", "extra notes", "journal", "notes/journal"):
        own = reading.note_once(row.day, row.notes)
        if own:
            values["notes"] = NOTE_JOIN.join(t for t in (values.get("notes"), own) if t)
    return values


# -- the file -----------------------------------------------------------------------------


def read(path: Path, found: Found) -> Iterator[Entry]:
    """The export's entries, one per row that holds something the kit reads."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        lines = csv.reader(handle)
        names = checked_header(next(lines, None), path)
        reading = Reading(found)
        for cells in records(lines, len(names), found):
            row = row_of(dict(zip(names, cells, strict=True)), reading)
            if row is None:
                continue
            values = values_of(row, reading)
            if values:
                yield Entry(row.day, values, row.time)
        reading.finish()


def checked_header(header: list[str] | None, path: Path) -> list[str]:
    names = [cell.strip().lower() for cell in header or []]
    if not all(n in names for n in REQUIRED) or not any(d in names for d in DATE_COLUMNS):
        raise SourceError(
            f"{Path(path).name} is not a Bearable export: its first line should name the "
            "columns date, category, rating/amount and detail. Export your data again from "
            "the Bearable app and give the CSV file it makes."
        )
    return names
