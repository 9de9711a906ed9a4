"""One cell of a log as a value: numbers, yes/no, times of day and dates.

Each parser returns None for a cell it cannot read; the reader turns that into a problem
with the row number. Dates are read in two steps because 03/04/2026 means nothing until
the whole file has said whether it puts the day or the month first (`date_order`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from psoas_track import schema

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serials from 1954 to 2119: anything else in a date column is no date.
SERIAL_RANGE = (20000, 80000)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def show(value: Any) -> str:
    """A cell as the person sees it, for problem messages."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else (value.date().isoformat())
    return str(value)


PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?\d*,\d+")
_DOT_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_OUT_OF_TEN = re.compile(r"(.+?)\s*/\s*10")
_UNITS = {
    "h": ("h", "hr", "hrs", "hour", "hours", "std"),
    "min": ("m", "min", "mins", "minute", "minutes"),
}


def _number_text(text: str, decimal: str) -> float | None:
    s = re.sub(r"[\s\u00a0\u202f']", "", text)
    if decimal == ",":
        if _THOUSANDS_DOT.fullmatch(s):
            s = s.replace(".", "")
        if s.count(",") == 1:
            s = s.replace(",", ".")
    else:
        if _THOUSANDS_COMMA.fullmatch(s):
            s = s.replace(",", "")
        elif s.count(",") == 1 and "." not in s:
            s = s.replace(",", ".")
    if PLAIN_NUMBER.fullmatch(s):
        value = float(s)
        return value if math.isfinite(value) else None
    return None


def parse_number(raw: Any, measure: schema.Measure | None, decimal: str) -> float | None:
    """A cell as a number, or None when it is not one (the caller reports it)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
        return value if math.isfinite(value) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if measure is not None and measure.name in schema.PAIN_SITES:
        match = _OUT_OF_TEN.fullmatch(text)
        if match:
            text = match.group(1)
    if measure is not None and measure.unit in _UNITS:
        lowered = text.lower()
        for unit in sorted(_UNITS[measure.unit], key=len, reverse=True):
            if lowered.endswith(unit) and lowered[: -len(unit)].strip()[-1:].isdigit():
                text = text[: -len(unit)]
                break
    return _number_text(text, decimal)


def decimal_mark(values: list[str]) -> str:
    commas = sum(bool(_COMMA_DECIMAL.fullmatch(v.strip())) for v in values)
    dots = sum(bool(_DOT_DECIMAL.fullmatch(v.strip())) for v in values)
    return "," if commas > dots else "."


# The words a yes/no cell may hold; journal writes in the same words.
YES_WORDS = frozenset(
    {"yes", "y", "true", "t", "1", "x", "✓", "✔", "ja", "j", "oui", "si", "sí", "on"}
)
NO_WORDS = frozenset({"no", "n", "false", "f", "0", "nein", "non", "off", "-"})


def parse_flag(raw: Any) -> bool | None:
    """A yes/no cell as True/False, or None when it is neither."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
    return None


def parse_text(raw: Any) -> str:
    text = show(raw).strip().replace("\r\n", "\n").replace("\r", "\n")
    # A leading apostrophe is how we (and spreadsheets) keep a formula-looking cell text.
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.I)


def parse_time(raw: Any) -> str | None:
    if isinstance(raw, dt.datetime):
        return raw.strftime("%H:%M")
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 0 <= raw < 1:  # a spreadsheet time is a fraction of a day
            minutes = round(raw * 24 * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes < 1440 else None
        return None
    if not isinstance(raw, str):
        return None
    match = _TIME.fullmatch(raw.strip())
    if not match or (match.group(2) is None and match.group(4) is None):
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(4) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# ---------------------------------------------------------------- dates

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
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?[ -,]*(\d{4})", re.I)
_MONTH_NAME_DAY = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4})", re.I)


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
    if match := _DAY_MONTH_NAME.fullmatch(text):
        d, name, y = match.groups()
        month = _MONTHS.get(name.lower())
        return DateToken(_make_date(int(y), month, int(d)) if month else None)
    if match := _MONTH_NAME_DAY.fullmatch(text):
        name, d, y = match.groups()
        month = _MONTHS.get(name.lower())
        return DateToken(_make_date(int(y), month, int(d)) if month else None)
    return None


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


def slash_date(slash: tuple[int, int, int], dayfirst: bool) -> dt.date | None:
    a, b, year = slash
    return _make_date(year, b, a) if dayfirst else _make_date(year, a, b)


def date_order(
    slashes: list[tuple[tuple[int, int, int], str]], dayfirst: bool | None
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
    example = {True: slashes[0][1], False: slashes[0][1]}
    for (a, b, _), shown in reversed(slashes):
        if a > 12 >= b:
            example[True] = shown
        elif b > 12 >= a:
            example[False] = shown
    slashes_only = [s for s, _ in slashes]
    # After the filter above, 30/04 can only be day-first and 04/30 only month-first.
    proves_dayfirst = sum(a > 12 >= b for a, b, _ in slashes_only)
    proves_monthfirst = sum(b > 12 >= a for a, b, _ in slashes_only)
    if proves_dayfirst or proves_monthfirst:
        chosen = proves_dayfirst >= proves_monthfirst
        why = (
            f"dates like '{example[chosen]}' can only be {'day-first' if chosen else 'month-first'}"
        )
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
    if dayfirst is not None:
        return (
            dayfirst,
            (
                f"no date in the file tells day from month, so your choice "
                f"({'day-first' if dayfirst else 'month-first'}) was used"
            ),
            None,
        )

    def spread(first: bool) -> int:
        dates = [slash_date(s, first) for s in slashes_only]
        dates = [d for d in dates if d is not None]
        return sum(abs((b - a).days) for a, b in zip(dates, dates[1:], strict=False))

    chosen = spread(True) <= spread(False)
    order = "day-first" if chosen else "month-first"
    why = (
        f"no date in the file tells day from month; read {order} because the dates "
        "then lie closest together"
    )
    flag = "--monthfirst" if chosen else "--dayfirst"
    warning = (
        f"No date in this file shows whether a date like '{example[True]}' puts the "
        f"day or the month first; it was read {order} because the dates then lie "
        f"closest together. If that is wrong, read the file with {flag}."
    )
    return chosen, why, warning
