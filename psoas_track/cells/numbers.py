"""Numbers in cells: a log's numbers with their decimal marks, and an app export's numbers.

A log is typed by people, in any country's spreadsheet: '7,5', '1.234,5', '~3', '8/10'.
An app writes plain numbers ('600', '3.5', '1.6e12'), sometimes with thousands grouped
('11,204'). Both kinds are read here, and each reader says which kind its file holds.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from typing import Any

from psoas_track import schema

PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_OUT_OF_TEN = re.compile(r"(.+?)\s*/\s*10")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
# A count with its thousands grouped, as exports write them: 11,204 or 11.204 or 11 204.
_GROUPED = re.compile(r"\d{1,3}(?:[,.\u00a0' ]\d{3})+")


def number(raw: Any, decimal_comma: bool = False) -> float | None:
    """A number as an app's export writes it: 600, '600', '-2', '3.5', '1.6e12' (and
    '3,5' when decimal_comma). None for anything else: words, a blank, True, nan, inf.

    >>> number("3,5", decimal_comma=True)
    3.5
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if decimal_comma:
            text = text.replace(",", ".")
        if not PLAIN_NUMBER.fullmatch(text):
            return None
        value = float(text)
    else:
        return None
    return value if math.isfinite(value) else None


def grouped_number(raw: Any) -> float | None:
    """A count whose thousands an export grouped ('11,204', '11.204', '11 204' -> 11204),
    else `number(raw)`."""
    if isinstance(raw, str) and _GROUPED.fullmatch(raw.strip()):
        return float(re.sub(r"\D", "", raw))
    return number(raw)


def _number_text(text: str, decimal: str) -> float | None:
    s = _SPACES.sub("", text)
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
    """A log's cell as a number, or None when it is not one (the caller reports it).

    decimal: the column's decimal mark ('.' or ','), see column_decimal; a pain rating
    may be written out of ten ('8/10').
    """
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
    text = _SPACES.sub("", value)
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
