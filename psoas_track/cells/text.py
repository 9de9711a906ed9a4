"""What a cell says in words: blank or not, as shown, text, yes/no, "not recorded".

The log's reader, the writer (which writes yes/no in the same words) and the app readers
all use these, so a word means the same wherever a file comes from.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

#: What a spreadsheet runs as a formula when a text cell starts with it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_blank(value: Any) -> bool:
    """None, NaN, or nothing but spaces."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def show(value: Any) -> str:
    """A cell as the person sees it, for messages: 7.0 as '7', a midnight datetime as its date."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else (value.date().isoformat())
    return str(value)


def parse_text(raw: Any) -> str:
    """A text cell, its line breaks made plain and a protecting apostrophe taken off."""
    text = show(raw).strip().replace("\r\n", "\n").replace("\r", "\n")
    # A leading apostrophe is how we (and spreadsheets) keep a formula-looking cell text.
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


# The words a yes/no cell may hold; the writer writes in the same words.
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
    """True for a word that means "not recorded" ('n/a', '-', '?'); flag: the cell is a
    yes/no one, where '-' means no."""
    if not isinstance(raw, str):
        return False
    text = raw.strip().lower()
    return text in NOT_RECORDED and not (flag and text in NO_WORDS)
