"""Durations in cells, in minutes: a log's '7h30', '1:30', '90 min'; an app's units and
a stopwatch's '01:05:30'.

The unit words are the schema's (schema.UNIT_WORDS), so a header, a cell and an app's
unit name the same sizes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from psoas_track import schema

_DURATION_HM = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")
_STOPWATCH = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)")


def minutes_per_unit(unit: str | None) -> float | None:
    """Minutes in one of a unit of time ('s' -> 1/60, 'h' -> 60); None for other words."""
    dimension, size = schema.UNIT_WORDS.get(unit or "", (None, None))
    return size if dimension == schema.UNIT_TIME else None


def _unit_words(minutes: float) -> str:
    """The schema's words for one unit of time, as a regex alternation (longest first)."""
    words = [
        w
        for w, (kind, size) in schema.UNIT_WORDS.items()
        if kind == schema.UNIT_TIME and size == minutes
    ]
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_NUMBER = r"(\d+(?:[.,]\d+)?)"
_HOURS = re.compile(
    _NUMBER + rf"\s*(?:{_unit_words(60.0)})\.?\s*(?:(\d{{1,2}})\s*(?:{_unit_words(1.0)})?\.?)?",
    re.I,
)
_MINUTES = re.compile(_NUMBER + rf"\s*(?:{_unit_words(1.0)})\.?", re.I)
_SECONDS = re.compile(_NUMBER + rf"\s*(?:{_unit_words(1 / 60)})\.?", re.I)


def parse_duration(raw: Any) -> float | None:
    """A duration written with its unit, in minutes: '7h30', '1:30', '90 min', '0.5h'.

    'h:mm' is hours and minutes. A plain number is no duration (its unit comes from the
    header); nor is a time cell written as a fraction of a day. Spreadsheet time and
    duration cells are.

    >>> parse_duration("7h30")
    450.0
    """
    if isinstance(raw, dt.timedelta):
        return raw.total_seconds() / 60
    if isinstance(raw, dt.time):
        return raw.hour * 60 + raw.minute + raw.second / 60
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if match := _DURATION_HM.fullmatch(text):
        hours, minutes, seconds = match.groups()
        return int(hours) * 60 + int(minutes) + int(seconds or 0) / 60
    if match := _HOURS.fullmatch(text):
        return _float(match.group(1)) * 60 + int(match.group(2) or 0)
    if match := _MINUTES.fullmatch(text):
        return _float(match.group(1))
    if match := _SECONDS.fullmatch(text):
        return _float(match.group(1)) / 60
    return None


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def stopwatch_minutes(text: str) -> float | None:
    """A stopwatch's reading, '(h:)mm:ss' with fractions of a second, in minutes:
    '01:05:30' -> 65.5, '45:12' -> 45.2 (minutes and seconds, unlike a log's h:mm).
    None for anything else."""
    match = _STOPWATCH.fullmatch(text.strip())
    if match is None:
        return None
    hours, minutes, seconds = match.group(1), int(match.group(2)), float(match.group(3))
    if seconds >= 60 or (hours is not None and minutes >= 60):
        return None
    return int(hours or 0) * 60 + minutes + seconds / 60
