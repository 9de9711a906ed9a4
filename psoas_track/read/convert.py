"""One cell in its column -> a value in the measure's unit, or the problem with it.

How a cell is written is psoas_track.cells; here the column decides which reading a cell
gets (its kind, its header's unit, its decimal mark) and a bad cell gets its sentence.
"""

from __future__ import annotations

import re
from typing import Any

from psoas_track import schema
from psoas_track.cells import (
    BELOW,
    is_blank,
    minutes_per_unit,
    not_whole,
    out_of_range,
    parse_duration,
    parse_flag,
    parse_number,
    parse_text,
    parse_time,
    plausible,
    show,
)
from psoas_track.log import ERROR, WARNING
from psoas_track.read.columns import Column
from psoas_track.schema import COUNT, FLAG, NUMBER, TEXT, TIME


def parse_cell(raw: Any, column: Column) -> tuple[Any, tuple[str, str] | None]:
    """(value, (message, severity) or None). A bad cell becomes None."""
    if is_blank(raw):
        return None, None
    measure = column.measure
    shown = show(raw).strip()
    hint = measure.hint if measure else f"the column '{column.header}' holds numbers"
    if column.kind == TEXT:
        return parse_text(raw), None
    if column.kind == TIME:
        time = parse_time(raw)
        if time is None:
            return None, (
                f"'{shown}' is not a time of day; {measure.hint}. The entry was "
                "kept without a time.",
                WARNING,
            )
        return time, None
    if column.kind == FLAG:
        flag = parse_flag(raw)
        if flag is None:
            return None, (f"'{shown}' is not yes or no; {hint}.", ERROR)
        return flag, None
    value, note = _quantity(raw, column)
    if value is None:
        return None, (f"'{shown}' is not a number; {hint}.", ERROR)
    if measure is None:
        return value, None
    if problem := _out_of_range(value, shown, measure, hint):
        return None, problem
    return value, ((note, WARNING) if note else None)


def _is_plain(text: Any, dot: bool) -> bool:
    """'3577', or '7.25' where the dot is the decimal mark: at most 15 ASCII digits a side."""
    if type(text) is not str or not text.isascii():
        return False
    whole, mark, fraction = text.partition(".")
    if not mark:
        return whole.isdigit() and len(whole) <= 15
    return dot and whole.isdigit() and fraction.isdigit() and max(len(whole), len(fraction)) <= 15


def plain_numbers(cells: list[Any], column: Column) -> Any:
    """float64 of each cell that is a plain number in range ('3577', '7.25'), NaN for every
    other cell: what parse_cell makes of those cells, for a column's distinct cells at once.
    The rest (decimal commas, units, '~3', bad cells) go through parse_cell one by one."""
    import numpy as np

    values = np.full(len(cells), np.nan)
    if column.kind not in (NUMBER, COUNT) or not cells:
        return values
    dot = column.decimal == "."
    plain = np.array([_is_plain(c, dot) for c in cells], dtype=bool)
    numbers = np.array(cells, dtype=object)[plain].astype(float) * column.factor
    keep = plausible(column.measure, numbers)
    where = np.flatnonzero(plain)[keep]
    values[where] = numbers[keep]
    return values


def _quantity(raw: Any, column: Column) -> tuple[float | None, str | None]:
    """A number cell in the measure's unit, and a note when it was read loosely."""
    measure = column.measure
    per_unit = schema.MINUTES_PER_UNIT.get(measure.unit) if measure else None
    if per_unit is not None and (minutes := parse_duration(raw)) is not None:
        return minutes / per_unit, None  # the cell names its own unit
    is_rating = measure is not None and measure.name in schema.PAIN_SITES
    if (
        is_rating
        and isinstance(raw, str)
        and (rating := _loose_rating(raw.strip(), column.decimal))
    ):
        return rating
    if (
        measure is None
        and (minutes := parse_duration(raw)) is not None
        and not isinstance(raw, str)
    ):
        return minutes / _minutes_per_header_unit(column.unit), None  # a duration cell
    value = parse_number(raw, measure, column.decimal)
    return (None if value is None else value * column.factor), None


def _minutes_per_header_unit(unit: str | None) -> float:
    """A duration in your own column is counted in the header's unit of time, else hours."""
    return minutes_per_unit(unit) or 60.0


_APPROXIMATE = re.compile(r"(?:~|≈|ca\.?|about|approx\.?)\s*(\d+(?:[.,]\d+)?)", re.I)
_BETWEEN = re.compile(r"(\d+(?:[.,]\d+)?)\s*[-–]\s*(\d+(?:[.,]\d+)?)")


def _loose_rating(text: str, decimal: str) -> tuple[float, str] | None:
    """'~3' is 3 and '4-5' is 4.5, each with a note that says so."""
    if match := _APPROXIMATE.fullmatch(text):
        value = parse_number(match.group(1), None, decimal)
        return value, f"'{text}' was read as {show(value)}."
    if match := _BETWEEN.fullmatch(text):
        low, high = (parse_number(g, None, decimal) for g in match.groups())
        if low is not None and high is not None and low <= high:
            value = (low + high) / 2
            return value, f"'{text}' was read as {show(value)}, the middle of the range."
    return None


def _out_of_range(
    value: float, shown: str, measure: schema.Measure, hint: str
) -> tuple[str, str] | None:
    if not_whole(measure, value):
        return f"'{shown}' is not a whole number; {hint}.", ERROR
    side = out_of_range(measure, value)
    if side is None:
        return None
    if side == BELOW and measure.high is None:
        return f"'{shown}' is below {show(measure.low)}; {hint}.", ERROR
    return f"'{shown}' is outside {show(measure.low)} to {show(measure.high)}; {hint}.", ERROR
