"""A log's own way of writing, shared by text and .xlsx logs: which column each value
goes to, and how dates, yes/no, new headers and formula-looking text are written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from psoas_track import schema
from psoas_track.cells import FORMULA_PREFIXES, NO_WORDS, YES_WORDS

# ---------------------------------------------------------------- dialect helpers


def _looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_PREFIXES


def _neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP).

    Like in a spreadsheet, an apostrophe typed before = + - @ is itself such a marker:
    the reader strips it, so "'=x" reads back as "=x", as Excel and LibreOffice show it.
    """
    return "'" + text if _looks_like_formula(text) else text


@dataclass
class _DateStyle:
    kind: str = "iso"  # iso, dot, slash
    dayfirst: bool = True
    padded: bool = True
    short_year: bool = False

    def format(self, date: dt.date) -> str:
        if self.kind == "iso":
            return date.isoformat()
        day, month = (
            (f"{date.day:02d}", f"{date.month:02d}")
            if self.padded
            else (str(date.day), str(date.month))
        )
        year = f"{date.year % 100:02d}" if self.short_year else str(date.year)
        if self.kind == "dot":
            return f"{day}.{month}.{year}"
        first, second = (day, month) if self.dayfirst else (month, day)
        return f"{first}/{second}/{year}"


_STYLE_PATTERNS = {
    "iso": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "dot": re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})"),
    "slash": re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"),
}


def _date_style(samples: list[str], dayfirst: bool | None) -> _DateStyle:
    """Write new dates the way the file's latest dates are written."""
    for sample in reversed(samples):
        text = sample.strip()
        for kind, pattern in _STYLE_PATTERNS.items():
            if not pattern.fullmatch(text):
                continue
            if kind == "iso" or (kind == "slash" and dayfirst is None):
                return _DateStyle()
            same = [m for s in samples if (m := pattern.fullmatch(s.strip()))]
            parts = [p for m in same for p in (m.group(1), m.group(2))]
            padded = any(p.startswith("0") for p in parts) or not any(len(p) == 1 for p in parts)
            return _DateStyle(
                kind, bool(dayfirst) if kind == "slash" else True, padded, len(same[-1][3]) == 2
            )
    return _DateStyle()


def _flag_words(samples: list[Any]) -> tuple[Any, Any]:
    """How the file writes yes and no in its flag column (default 'yes'/'no')."""
    yes: Counter[Any] = Counter()
    no: Counter[Any] = Counter()
    for value in samples:
        if isinstance(value, bool):
            (yes if value else no)[value] += 1
        elif isinstance(value, str) and value.strip():
            text = value.strip()
            if text.lower() in YES_WORDS:
                yes[text] += 1
            elif text.lower() in NO_WORDS:
                no[text] += 1
    return (
        yes.most_common(1)[0][0] if yes else "yes",
        no.most_common(1)[0][0] if no else "no",
    )


def _new_header(name: str, existing: list[str]) -> str:
    """A header for a column the file lacks, in the style of the file's other headers."""
    if schema.is_psfs_item(name):  # the activity named as people write it
        return f"PSFS: {schema.psfs_activity(name)}"
    plain = all(h == schema.normalize_header(h) for h in existing if h)
    if not plain:
        text = schema.label(name)
        if schema.canonical(text) == name:
            return text
    return name


# ---------------------------------------------------------------- the plan


@dataclass
class _Target:
    """A column the entry writes to: its index in the file, and its header."""

    index: int
    header: str
    measure: schema.Measure | None  # None for the file's own (custom) columns
    numeric: bool = True


def _cell_text(value: Any) -> str:
    """A header cell as the reader names it (a number 1.0 as '1')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _map_header(cells: list[tuple[int, str]], log) -> dict[str, _Target]:
    """Column name -> where it is in the file, from the header as written.

    The first header meaning a measure is that measure, as in the reader; other headers
    are the file's own columns, by the name the reader gave them (Log.columns).
    """
    targets: dict[str, _Target] = {}
    for index, cell in cells:
        written = cell.strip()
        if not written:
            continue
        name = schema.canonical(written) or schema.psfs_item(written)
        if name is None or name in targets:
            name = log.columns.get(written)
            if name is None or name in targets or schema.measure_of(name) is not None:
                continue
        measure = schema.measure_of(name)
        if measure is not None:
            numeric = measure.numeric
        elif name in log.entries:
            numeric = str(log.entries[name].dtype).startswith("float")
        else:
            continue
        targets[name] = _Target(index, written, measure, numeric)
    return targets
