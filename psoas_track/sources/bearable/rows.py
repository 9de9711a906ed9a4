"""One row of a Bearable export: its day, its time, its category and cells, and the
account of the whole reading (notes said once a day, what to tell at the end)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from psoas_track import schema
from psoas_track.cells import clock_time, iso_day, named_month_day
from psoas_track.log import Found

DATE_COLUMNS = ("date formatted", "date")


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
    return iso_day(text) or named_month_day(text)


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
