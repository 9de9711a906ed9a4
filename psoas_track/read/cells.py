"""One cell of a log as a value: numbers, decimal marks, yes/no, times of day.

Each parser returns None for a cell it cannot read; the reader turns that into a problem
with the row number. Dates have their own module, `dates`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from typing import Any

from psoas_track import schema

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
    return _number_text(text, decimal)


def decimal_mark(cells: Mapping[str, int]) -> str | None:
    """The decimal mark the cells prove (',' when more prove commas), None if none does.

    cells: each distinct text cell and how many times it is written.
    """
    commas, dots = _proof_counts(cells)
    if not commas and not dots:
        return None
    return "," if commas > dots else "."


# What a number cell proves about its decimal mark. '7,5' and '1.234,5' can only have a
# decimal comma; '1,234,567' and '7.25' only a decimal point; '10,000' or '1.500' alone
# could be either (groups of three), and prove nothing.
_PROVES_COMMA = re.compile(
    r"[+-]?(\d+,\d{1,2}|\d+,\d{4,}|\d{4,},\d+|,\d+|\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,})"
)
_PROVES_DOT = re.compile(
    r"[+-]?(\d+\.\d{1,2}|\d+\.\d{4,}|\d{4,}\.\d+|\.\d+|\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,})"
)
_GROUPS_OF_THREE = re.compile(r"[+-]?\d{1,3}[,.]\d{3}")


@functools.lru_cache(maxsize=65536)  # a column repeats the same few numbers
def _proves(value: str) -> str | None:
    text = re.sub(r"[\s\u00a0\u202f']", "", value)
    if _PROVES_COMMA.fullmatch(text):
        return ","
    if _PROVES_DOT.fullmatch(text):
        return "."
    return None


def _proof_counts(cells: Mapping[str, int]) -> tuple[int, int]:
    """(cells that prove a decimal comma, cells that prove a decimal point)."""
    commas = dots = 0
    for value, times in cells.items():
        if "," not in value and "." not in value:
            continue  # only a cell with a mark can prove which mark it is
        proof = _proves(value)
        commas += times if proof == "," else 0
        dots += times if proof == "." else 0
    return commas, dots


def column_decimal(
    cells: Mapping[str, int], file_mark: str | None, semicolons: bool = False
) -> tuple[str, str | None]:
    """(decimal mark, an ambiguous cell as written or None) for one column's text cells
    (each distinct cell, in the order first written, and how many times it is).

    The column's own cells decide; without proof, the file's other columns do. Without
    any, '1,500' is read as thousands, and so is '1.500' in a semicolon file (Europe's
    spreadsheets write both), '1.500' elsewhere as 1.5; the cell is returned so the
    reader can say which reading it chose.
    """
    commas, dots = _proof_counts(cells)
    if commas or dots:
        return ("," if commas > dots else "."), None
    if file_mark is not None:
        return file_mark, None
    ambiguous = next((v.strip() for v in cells if _GROUPS_OF_THREE.fullmatch(v.strip())), None)
    if ambiguous is None:
        return ("," if semicolons else "."), None
    if "." in ambiguous and semicolons:
        return ",", ambiguous
    return ".", ambiguous


# Words that mean "not recorded" in a number, time or yes/no cell ('-' is "no" for yes/no).
NOT_RECORDED = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "n.a",
        "nan",
        "-",
        "--",
        "---",
        "—",
        "–",
        "?",
        "??",
        "none",
        "nil",
        "null",
        "#n/a",
        "k.a.",
        "keine",
        "n/d",
        "nd",
        "/",
    }
)


def not_recorded(raw: Any, flag: bool = False) -> bool:
    if not isinstance(raw, str):
        return False
    text = raw.strip().lower()
    return text in NOT_RECORDED and not (flag and text in NO_WORDS)


_DURATION_HM = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")


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

    A plain number is no duration (its unit comes from the header); nor is a time cell
    written as a fraction of a day. Spreadsheet time and duration cells are.
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
    if isinstance(raw, dt.timedelta):  # an .ods time cell is a duration since midnight
        minutes = round(raw.total_seconds() / 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}" if 0 <= minutes < 1440 else None
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
