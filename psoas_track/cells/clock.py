"""Times of day in cells: '07:30', '7.30', '7h30', '10:15 PM', '10:00 p. m.', a
spreadsheet's time or fraction of a day. One reading for a log and for the apps."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from psoas_track.schema import MINUTES_A_DAY

_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.I)


def clock_time(raw: Any) -> dt.time | None:
    """A time of day, to the minute; None when the cell is none.

    A bare hour needs am or pm ('7 pm'); '13:00 pm' and '25:00' are no times.

    >>> clock_time("10:15 PM")
    datetime.time(22, 15)
    """
    if isinstance(raw, dt.datetime):
        return raw.time().replace(second=0, microsecond=0)
    if isinstance(raw, dt.time):
        return raw.replace(second=0, microsecond=0)
    if isinstance(raw, dt.timedelta):  # an .ods time cell is a duration since midnight
        return _of_minutes(round(raw.total_seconds() / 60))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # A spreadsheet time is a fraction of a day.
        return _of_minutes(round(raw * 24 * 60)) if 0 <= raw < 1 else None
    if not isinstance(raw, str):
        return None
    match = _TIME.fullmatch(raw.strip())
    if not match or (match.group(2) is None and match.group(4) is None):
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(4) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _of_minutes(minutes: int) -> dt.time | None:
    return dt.time(minutes // 60, minutes % 60) if 0 <= minutes < MINUTES_A_DAY else None


def parse_time(raw: Any) -> str | None:
    """A time of day as a log keeps it, 'HH:MM'; None when the cell is none."""
    time = clock_time(raw)
    return None if time is None else time.strftime("%H:%M")
