"""ISO weeks of a day table: parsing '2026-W47' and 'latest', and the weeks with entries.

A week is an ISO week, Monday to Sunday, written like 2026-W47. The week's summary
(``psoas_track.analysis.weekly``, which re-exports every name here) builds on these.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.common import on_calendar
from psoas_track.errors import PsoasError

_WEEK = re.compile(r"^\s*(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})\s*$")
_HOW_TO = "write a week like 2026-W47 (the year, a W and the week number), or 'latest'"


class WeekError(PsoasError, ValueError):
    """A week that is not written as one, or lies outside the log; the message says
    how to write one. A ValueError too, as parse_week's callers have always caught."""


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week (Monday to Sunday).

    >>> Week(2026, 47).label, Week(2026, 47).start.date(), Week(2026, 47).end.date()
    ('2026-W47', datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))
    """

    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def start(self) -> pd.Timestamp:
        """The Monday of the week."""
        return pd.Timestamp(dt.date.fromisocalendar(self.year, self.number, 1))

    @property
    def end(self) -> pd.Timestamp:
        """The Sunday of the week."""
        return self.start + pd.Timedelta(days=6)

    def shift(self, weeks: int) -> Week:
        """The week `weeks` weeks later (earlier when negative)."""
        return week_of(self.start + pd.Timedelta(days=7 * weeks))

    def __str__(self) -> str:
        return self.label


def week_of(day: str | dt.date | pd.Timestamp) -> Week:
    """The ISO week a day falls in.

    >>> week_of("2026-11-22").label
    '2026-W47'
    """
    iso = pd.Timestamp(day).isocalendar()
    return Week(int(iso[0]), int(iso[1]))


def logged_days(frame: pd.DataFrame) -> np.ndarray:
    """True on the days with an entry: the logged flag, else any value recorded."""
    if schema.LOGGED in frame.columns:
        return frame[schema.LOGGED].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return frame.notna().any(axis=1).to_numpy()


def _last_logged_day(days: pd.DataFrame) -> pd.Timestamp | None:
    frame = on_calendar(days)
    if len(frame) == 0:
        return None
    logged = logged_days(frame)
    if not logged.any():
        return None
    return frame.index[np.flatnonzero(logged)[-1]]


def parse_week(text: str | Week, days: pd.DataFrame | None = None) -> Week:
    """A week from text like '2026-W47' (also '2026w47', '2026-W5'), or 'latest'.

    'latest' is the last week with an entry in ``days`` (the output of daily()).
    A bad week raises WeekError (a ValueError) with a sentence saying how to write one.

    >>> parse_week("2026-W47").start.date()
    datetime.date(2026, 11, 16)
    >>> parse_week("latest", days).label                      # doctest: +SKIP
    '2026-W47'
    """
    if isinstance(text, Week):
        return text
    raw = str(text)
    if raw.strip().lower() == "latest":
        if days is None:
            raise WeekError("'latest' needs the log: it is the last week with an entry.")
        last = _last_logged_day(days)
        if last is None:
            raise WeekError("The log has no entries yet, so there is no latest week.")
        return week_of(last)
    match = _WEEK.match(raw)
    if not match:
        raise WeekError(f"'{raw}' is not a week: {_HOW_TO}.")
    year, number = int(match.group(1)), int(match.group(2))
    if number < 1:
        raise WeekError(f"'{raw}' is not a week: weeks are numbered from 1; {_HOW_TO}.")
    try:
        dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        weeks_in_year = dt.date(year, 12, 28).isocalendar()[1]
        raise WeekError(
            f"'{raw}' is not a week: {year} has {weeks_in_year} weeks; {_HOW_TO}."
        ) from None
    return Week(year, number)


def week_in_log(text: str | Week, days: pd.DataFrame) -> Week:
    """parse_week, refusing a week that lies wholly outside the log (WeekError)."""
    week = parse_week(text, days)
    if len(days) and (week.end < days.index[0] or week.start > days.index[-1]):
        raise WeekError(
            f"The week {week.label} is outside the log, which runs from "
            f"{days.index[0].date().isoformat()} to {days.index[-1].date().isoformat()}. "
            "Choose a week in that span, or 'latest'."
        )
    return week


def weeks_with_entries(days: pd.DataFrame) -> list[Week]:
    """Every ISO week holding at least one logged day, oldest first.

    >>> [w.label for w in weeks_with_entries(days)][-2:]       # doctest: +SKIP
    ['2026-W46', '2026-W47']
    """
    frame = on_calendar(days)
    if len(frame) == 0:
        return []
    return sorted({week_of(d) for d in frame.index[logged_days(frame)]})
