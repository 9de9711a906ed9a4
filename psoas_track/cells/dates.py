"""Date cells: every spelling people, spreadsheets and apps write, month names included.

A date like 03/04/2026 means nothing until the whole file has said whether it puts the
day or the month first, so a cell is first read as a DateToken; `date_order` decides the
order and `resolve_date` gives the day.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from psoas_track.cells.clock import parse_time
from psoas_track.cells.numbers import PLAIN_NUMBER

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serials from 1954 to 2119: anything else in a date column is no date.
SERIAL_RANGE = (20000, 80000)
# The years a date may have: anything else is a typing slip or a misread number.
FIRST_YEAR, LAST_YEAR = 1900, 2100

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](.+))?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?(?:[ T](.+))?")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:[ T](.+))?")
#: Month names and their short forms (English), lower case -> month number.
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
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})\.?[ -]([a-z]+)\.?(?:[ ,\-]*(\d{4}|\d{2}))?", re.I)
_MONTH_NAME_DAY = re.compile(r"([a-z]+)\.? (\d{1,2}),?(?: (\d{4}))?", re.I)
# 'Monday, ' before a date and 'nd' after a day number say nothing the date does not.
_WEEKDAY = re.compile(
    r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|sday|urday|rsday)?\.?,?\s+", re.I
)
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.I)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, when the calendar has it and its year is plausible; None otherwise."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if FIRST_YEAR <= date.year <= LAST_YEAR else None


def iso_day(text: str) -> dt.date | None:
    """The day of a date written the ISO way: '2024-03-14', '2024-3-14', or with a time
    after it ('2024-03-14 07:30', '2021-03-14T21:00:00Z'); None otherwise."""
    match = _ISO_DAY.fullmatch(text.strip())
    return make_date(int(match[1]), int(match[2]), int(match[3])) if match else None


def month_number(name: str) -> int | None:
    """'Sep', 'sept' or 'September' -> 9; None for a word that is no month."""
    return MONTHS.get(name.strip().lower())


@dataclass
class DateToken:
    """A date cell, parsed as far as it can be before the file's date order is known."""

    date: dt.date | None = None
    time: str | None = None
    slash: tuple[int, int, int] | None = None  # (first, second, year) of 03/04/2026
    no_year: tuple[int, int] | None = None  # (month, day) of 'Tue 3 Nov'


def date_token(raw: Any) -> DateToken | None:
    """A date cell read as far as it can be alone; None when it is no date at all."""
    if isinstance(raw, dt.datetime):
        time = raw.strftime("%H:%M") if raw.time() != dt.time() else None
        return DateToken(raw.date() if FIRST_YEAR <= raw.year <= LAST_YEAR else None, time)
    if isinstance(raw, dt.date):
        return DateToken(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _serial_token(float(raw))
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if PLAIN_NUMBER.fullmatch(text):
        return _serial_token(float(text))
    if match := _ISO.fullmatch(text):
        y, m, d, rest = match.groups()
        return DateToken(make_date(int(y), int(m), int(d)), _parse_time_part(rest))
    if match := _DOTTED.fullmatch(text):
        d, m, y, rest = match.groups()
        return DateToken(make_date(_year(y), int(m), int(d)), _parse_time_part(rest))
    if match := _SLASHED.fullmatch(text):
        a, b, y, rest = match.groups()
        return DateToken(slash=(int(a), int(b), _year(y)), time=_parse_time_part(rest))
    return _named_month_token(text)


def named_month_day(text: str) -> dt.date | None:
    """The day of a date written with its month's name and a year: '22nd Sep 2020',
    'Tue 3 Nov 2026', 'Nov 3, 2026', '3-Nov-26'; None otherwise."""
    token = _named_month_token(text.strip())
    return token.date if token is not None else None


def _named_month_token(text: str) -> DateToken | None:
    """'3 Nov 2026', '3-Nov-26', 'Nov 3, 2026', '9 November' (the year may come later)."""
    text = _ORDINAL.sub(r"\1", _WEEKDAY.sub("", text, count=1))
    if match := _DAY_MONTH_NAME.fullmatch(text):
        d, name, y = match.groups()
    elif match := _MONTH_NAME_DAY.fullmatch(text):
        name, d, y = match.groups()
    else:
        return None
    month = month_number(name)
    if month is None:
        return None
    if y is None:
        return DateToken(no_year=(month, int(d))) if make_date(2000, month, int(d)) else None
    return DateToken(make_date(_year(y), month, int(d)))


def _parse_time_part(rest: str | None) -> str | None:
    if not rest:
        return None
    return parse_time(rest.strip().removesuffix("Z").split("+")[0].split(".")[0])


def _serial_token(serial: float) -> DateToken | None:
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        return None
    days = math.floor(serial)
    fraction = serial - days
    time = parse_time(fraction) if fraction > 1e-9 else None
    return DateToken(EXCEL_EPOCH + dt.timedelta(days=days), time)


def plain_iso_dates(cells: list[Any]) -> Any:
    """datetime64[ns] of each cell written exactly like 2026-11-03 that is a real date
    from 1900 to 2100, NaT for every other cell: what date_token makes of those cells,
    for a whole column at once (a log writes its dates this way more than any other)."""
    import numpy as np

    dates = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[ns]")
    texts = [c if type(c) is str and len(c) == 10 else "" for c in cells]
    if not any(texts):
        return dates
    # The characters as numbers, one row per cell: digits and dashes checked all at once.
    chars = np.array(texts, dtype="<U10").view(np.uint32).reshape(len(texts), 10)
    digit = (chars >= ord("0")) & (chars <= ord("9"))
    plain = digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1)
    plain &= (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-"))
    value = (chars - ord("0")).astype(np.int64)
    year = value[:, 0] * 1000 + value[:, 1] * 100 + value[:, 2] * 10 + value[:, 3]
    month = value[:, 5] * 10 + value[:, 6]
    day = value[:, 8] * 10 + value[:, 9]
    plain &= (year >= FIRST_YEAR) & (year <= LAST_YEAR) & (month >= 1) & (month <= 12)
    plain &= day >= 1
    months = (year[plain] - 1970) * 12 + month[plain] - 1
    first = months.astype("datetime64[M]").astype("datetime64[D]")
    found = first + (day[plain] - 1).astype("timedelta64[D]")
    real = found.astype("datetime64[M]") == first.astype("datetime64[M]")  # not 30 February
    where = np.flatnonzero(plain)[real]
    dates[where] = found[real].astype("datetime64[ns]")
    return dates


def year_of_file(years: Any) -> int | None:
    """The year most full dates in the file have, for dates written without one.

    years: the year of each full date, in the order the rows give them; of years that
    are equally common, the one written first.
    """
    import numpy as np

    if not len(years):
        return None
    found, first, counts = np.unique(np.asarray(years), return_index=True, return_counts=True)
    best = max(range(len(found)), key=lambda i: (counts[i], -first[i]))
    return int(found[best])
