"""Date cells: every spelling people and spreadsheets write, and the file's day/month order.

Dates are read in two steps because 03/04/2026 means nothing until the whole file has
said whether it puts the day or the month first (`date_order`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from psoas_track import schema
from psoas_track.read.cells import PLAIN_NUMBER, parse_time, show
from psoas_track.read.problems import ERROR, WARNING, Problem

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serials from 1954 to 2119: anything else in a date column is no date.
SERIAL_RANGE = (20000, 80000)

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](.+))?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?(?:[ T](.+))?")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:[ T](.+))?")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?(?:[ ,\-]*(\d{4}|\d{2}))?", re.I)
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


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2100 else None


@dataclass
class DateToken:
    """A date cell, parsed as far as it can be before the file's date order is known."""

    date: dt.date | None = None
    time: str | None = None
    slash: tuple[int, int, int] | None = None  # (first, second, year) of 03/04/2026
    no_year: tuple[int, int] | None = None  # (month, day) of 'Tue 3 Nov'


def date_token(raw: Any) -> DateToken | None:
    if isinstance(raw, dt.datetime):
        time = raw.strftime("%H:%M") if raw.time() != dt.time() else None
        return DateToken(raw.date() if 1900 <= raw.year <= 2100 else None, time)
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
        return DateToken(_make_date(int(y), int(m), int(d)), _parse_time_part(rest))
    if match := _DOTTED.fullmatch(text):
        d, m, y, rest = match.groups()
        return DateToken(_make_date(_year(y), int(m), int(d)), _parse_time_part(rest))
    if match := _SLASHED.fullmatch(text):
        a, b, y, rest = match.groups()
        return DateToken(slash=(int(a), int(b), _year(y)), time=_parse_time_part(rest))
    return _named_month_token(_ORDINAL.sub(r"\1", _WEEKDAY.sub("", text, count=1)))


def _named_month_token(text: str) -> DateToken | None:
    """'3 Nov 2026', '3-Nov-26', 'Nov 3, 2026', '9 November' (the year may come later)."""
    if match := _DAY_MONTH_NAME.fullmatch(text):
        d, name, y = match.groups()
    elif match := _MONTH_NAME_DAY.fullmatch(text):
        name, d, y = match.groups()
    else:
        return None
    month = _MONTHS.get(name.lower())
    if month is None:
        return None
    if y is None:
        return DateToken(no_year=(month, int(d))) if _make_date(2000, month, int(d)) else None
    return DateToken(_make_date(_year(y), month, int(d)))


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
    plain &= (year >= 1900) & (year <= 2100) & (month >= 1) & (month <= 12) & (day >= 1)
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


def slash_date(slash: tuple[int, int, int], dayfirst: bool) -> dt.date | None:
    a, b, year = slash
    return _make_date(year, b, a) if dayfirst else _make_date(year, a, b)


Slash = tuple[int, int, int]  # (first, second, year) of 03/04/2026


def date_order(
    slashes: list[tuple[Slash, str]], dayfirst: bool | None
) -> tuple[bool | None, str, str | None]:
    """Decide how slash dates are read: (dayfirst, why, warning or None).

    slashes: each slash date's (first, second, year) and the cell as written.
    """
    # Only a date that is real in some order says anything about the order.
    slashes = [(s, shown) for s, shown in slashes if slash_date(s, True) or slash_date(s, False)]
    if not slashes:
        return (
            None,
            "no real date here is written like 03/04/2026, so the order does not matter",
            None,
        )
    example = _examples(slashes)
    slashes_only = [s for s, _ in slashes]
    # After the filter above, 30/04 can only be day-first and 04/30 only month-first.
    proves_dayfirst = sum(a > 12 >= b for a, b, _ in slashes_only)
    proves_monthfirst = sum(b > 12 >= a for a, b, _ in slashes_only)
    if proves_dayfirst or proves_monthfirst:
        return _order_from_evidence(proves_dayfirst, proves_monthfirst, example, dayfirst)
    if dayfirst is not None:
        return (
            dayfirst,
            (
                f"no date in the file tells day from month, so your choice "
                f"({'day-first' if dayfirst else 'month-first'}) was used"
            ),
            None,
        )
    return _order_by_spread(slashes_only, example[True])


def order_is_guessed(slashes: list[tuple[Slash, str]], dayfirst: bool | None) -> bool:
    """True when slash dates were read in an order nothing in the file (or you) chose."""
    real = [s for s, _ in slashes if slash_date(s, True) or slash_date(s, False)]
    proof = any(a > 12 >= b or b > 12 >= a for a, b, _ in real)
    return bool(real) and not proof and dayfirst is None


def _examples(slashes: list[tuple[Slash, str]]) -> dict[bool, str]:
    """A date as written that proves each order (the first one that does), for messages."""
    example = {True: slashes[0][1], False: slashes[0][1]}
    for (a, b, _), shown in reversed(slashes):
        if a > 12 >= b:
            example[True] = shown
        elif b > 12 >= a:
            example[False] = shown
    return example


def _order_from_evidence(
    proves_dayfirst: int, proves_monthfirst: int, example: dict[bool, str], dayfirst: bool | None
) -> tuple[bool, str, str | None]:
    chosen = proves_dayfirst >= proves_monthfirst
    why = f"dates like '{example[chosen]}' can only be {'day-first' if chosen else 'month-first'}"
    if proves_dayfirst and proves_monthfirst:
        why += (
            f" ({max(proves_dayfirst, proves_monthfirst)} dates say so, "
            f"{min(proves_dayfirst, proves_monthfirst)} say the other order)"
        )
    warning = None
    if dayfirst is not None and dayfirst != chosen:
        warning = (
            f"You asked for {'day-first' if dayfirst else 'month-first'} dates, "
            f"but {why}; they were read that way."
        )
    return chosen, why, warning


def _spread(slashes: list[Slash], first: bool) -> int:
    """Days between consecutive dates read in one order: a log is kept day by day."""
    dates = [slash_date(s, first) for s in slashes]
    dates = [d for d in dates if d is not None]
    return sum(abs((b - a).days) for a, b in zip(dates, dates[1:], strict=False))


def _order_by_spread(slashes: list[Slash], example: str) -> tuple[bool, str, str]:
    chosen = _spread(slashes, True) <= _spread(slashes, False)
    order = "day-first" if chosen else "month-first"
    why = (
        f"no date in the file tells day from month; read {order} because the dates "
        "then lie closest together"
    )
    flag = "--monthfirst" if chosen else "--dayfirst"
    warning = (
        f"No date in this file shows whether a date like '{example}' puts the "
        f"day or the month first; it was read {order} because the dates then lie "
        f"closest together. If that is wrong, read the file with {flag}."
    )
    return chosen, why, warning


def resolve_date(
    token: DateToken | None, dayfirst: bool | None, year: int | None = None
) -> dt.date | None:
    if token is None:
        return None
    if token.no_year is not None:
        return _no_year_date(token.no_year, year)
    if token.slash is not None:
        return slash_date(token.slash, True if dayfirst is None else dayfirst)
    return token.date


def _no_year_date(month_day: tuple[int, int], year: int | None) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, *month_day)
    except ValueError:  # 29 February in a year without one
        return None


def date_problem(
    row: int, header: str, raw: Any, token: DateToken | None, order: bool | None
) -> Problem:
    shown = show(raw).strip()
    hint = schema.BY_NAME["date"].hint
    if token is not None and token.no_year is not None:
        message = (
            f"'{shown}' has no year and no other date in the file gives one, so this row was "
            "not used; read the file with --year (for example --year 2026)."
        )
    elif not shown:
        message = f"This row has no date, so it was not used; {hint}."
    elif (
        token is not None
        and token.slash is not None
        and order is not None
        and (slash_date(token.slash, not order) is not None)
    ):
        rest = "day-first" if order else "month-first"
        message = (
            f"'{shown}' does not fit the {rest} order the other dates in this file "
            "use, so this row was not used; check the date."
        )
    else:
        message = f"'{shown}' is not a date, so this row was not used; {hint}."
    return Problem(row, header, shown, message, ERROR)


def future_problems(rows: Any, days: Any, raws: Any, header: str, today: dt.date) -> list[Problem]:
    """A warning for each entry dated after today, on its own row.

    rows: the entries' spreadsheet rows (ints); days: their dates (dt.date); raws: their
    date cells as written. The entries stay in the log (writers check that every row is
    accounted for before they add one); daily() leaves their days out until they come.
    """
    messages: dict[tuple[str, dt.date], str] = {}  # one sentence per date, not per row
    problems = []
    for row, day, raw in zip(rows, days, raws, strict=True):
        shown = show(raw).strip()
        message = messages.get((shown, day))
        if message is None:
            message = messages[shown, day] = _future_message(shown, day, today)
        problems.append(Problem(row, header, shown, message, WARNING))
    return problems


def _future_message(shown: str, day: dt.date, today: dt.date) -> str:
    written = day.isoformat()
    what = written if shown.startswith(written) or not shown else f"'{shown}' (read as {written})"
    return (
        f"{what} is after today ({today.isoformat()}); the row is kept in the file but left "
        "out of days, charts and reports until that day comes. If the date is wrong, "
        "correct it in the file."
    )
