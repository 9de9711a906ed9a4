"""Today's entry in words: the row `psoas-track log` and the entry form just wrote
(describe_entry), and the day so far in the log (day_so_far)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.read.log import LogError, read_log
from psoas_track.schema import FLAG, TEXT
from psoas_track.write.errors import JournalError
from psoas_track.write.values import ENTRY_MEASURES, check_date, show_number


def _unit_text(measure: schema.Measure, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        shown = show_number(float(value))
        if measure.unit == "0-10":
            return f"{shown}/10"
        if measure.unit in ("h", "min", "steps"):
            return f"{shown} {measure.unit}"
        return shown
    return f'"{value}"' if measure.kind == TEXT else str(value)


def describe_entry(written: dict[str, Any]) -> str:
    """One line for people: 'Row 12: 2026-11-24 21:30 · Sitting 7.5 h · Back pain 4/10'."""
    parts = []
    when = written["date"].isoformat()
    if written.get("time"):
        when += f" {written['time']}"
    for name, value in written.items():
        if name in (schema.ROW, "date", "time"):
            continue
        measure = schema.measure_of(name)
        if measure is None:
            parts.append(f"{name} {value}")
        else:
            parts.append(f"{measure.label} {_unit_text(measure, value)}")
    head = f"Row {written[schema.ROW]}: {when}" if schema.ROW in written else when
    return " · ".join([head, *parts])


_SUMMED = ("sum", "max")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_name(day: dt.date) -> str:
    """'Tue 24 Nov 2026', the same in every locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def day_so_far(path: str | Path, date: Any = None) -> str:
    """One line on a day's entries in the log: totals, rest target, pain.

    >>> day_so_far("psoas_log.csv", "2026-11-23")              # doctest: +SKIP
    'Mon 23 Nov 2026 in all: 2 entries: sitting 7.5 h, back pain 4/10.'
    """
    today = dt.date.today()
    day = check_date(today if date is None else date, today)
    rows = _entries_on(path, day, today)
    name = "Today" if day == today else _day_name(day)
    when = f"{name} ({day.isoformat()})" if day == today else name
    if not len(rows):
        return f"{when}: nothing logged yet."
    parts = [part for measure in ENTRY_MEASURES if (part := _measure_part(measure, rows))]
    count = len(rows)
    entries_text = f"{count} {'entry' if count == 1 else 'entries'}"
    span = "so far" if day == today else "in all"
    return f"{when} {span}: {entries_text}" + (": " + ", ".join(parts) if parts else "") + "."


def _entries_on(path: str | Path, day: dt.date, today: dt.date):
    """The log's entries on `day` (a JournalError when the log cannot be read)."""
    try:
        log = read_log(path, today=today)
    except LogError as error:
        raise JournalError(str(error)) from error
    entries = log.entries
    return entries[entries["date"].dt.date == day] if len(entries) else entries


def _measure_part(measure: schema.Measure, rows) -> str | None:
    """'sitting 7.5 h', 'back pain 4/10 (mean of 2, highest 5)', 'towel yes', or None."""
    if measure.name not in rows:
        return None
    column = rows[measure.name].dropna()
    if not len(column):
        return None
    if measure.daily in _SUMMED and measure.numeric:
        return _total_part(measure, column)
    if measure.role == schema.PAIN_SITE:
        mean, high = float(column.mean()), float(column.max())
        text = f"{measure.label.lower()} {show_number(round(mean, 1))}/10"
        if len(column) > 1:
            text += f" (mean of {len(column)}, highest {show_number(high)})"
        return text
    if measure.kind == FLAG:
        return f"towel {'yes' if bool(column.any()) else 'no'}"
    if measure.name == "therapy":
        return "therapy: " + "; ".join(str(v) for v in column)
    return None


def _total_part(measure: schema.Measure, column) -> str:
    """A summed or longest measure of the day; rest says whether its target is met."""
    total = float(column.sum() if measure.daily == "sum" else column.max())
    text = f"{measure.label.lower()} {_unit_text(measure, round(total, 2))}"
    if measure.name == "rest_minutes":
        met = "met" if total >= schema.REST_TARGET_MINUTES else "not met yet"
        text += f" ({schema.REST_TARGET_MINUTES}-minute target {met})"
    return text
