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
from collections.abc import Iterator
from pathlib import Path

from psoas_track.cells import clock_time
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.bearable.categories import values_of
from psoas_track.sources.bearable.rows import DATE_COLUMNS, Reading, day_of, row_of
from psoas_track.sources.limits import lines, open_text
from psoas_track.sources.words import first_row, header_fields, load_kind, records

NAME = "bearable"
TITLE = "Bearable export"
FILES = "the CSV from Bearable's data export (columns date, category, rating/amount, detail)"

REQUIRED = ("category", "rating/amount", "detail")

# What a row's day and time and a factor's name are read as (rows, cells, words).
__all__ = ["FILES", "NAME", "TITLE", "clock_time", "day_of", "load_kind", "looks_like", "read"]


def looks_like(path: Path, head: str) -> bool:
    """True when the first line names Bearable's columns (category, rating/amount, detail
    and a date)."""
    fields = header_fields(head)
    return all(name in fields for name in REQUIRED) and any(d in fields for d in DATE_COLUMNS)


def read(path: Path, found: Found) -> Iterator[Entry]:
    """The export's entries, one per row that holds something the kit reads."""
    with open_text(path) as handle:
        rows = csv.reader(lines(handle, path.name))
        names = checked_header(first_row(rows, path), path)
        reading = Reading(found)
        for cells in records(rows, len(names), found):
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
