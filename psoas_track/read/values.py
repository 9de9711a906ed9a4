"""One cell in its column -> a value in the measure's unit, or the problem with it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from psoas_track import schema
from psoas_track.read.cells import (
    is_blank,
    parse_duration,
    parse_flag,
    parse_number,
    parse_text,
    parse_time,
    show,
)
from psoas_track.read.columns import Column
from psoas_track.read.problems import ERROR, WARNING, Problem
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
    measure = column.measure
    if column.kind not in (NUMBER, COUNT) or not cells:
        return values
    dot = column.decimal == "."
    plain = np.array([_is_plain(c, dot) for c in cells], dtype=bool)
    numbers = np.array(cells, dtype=object)[plain].astype(float) * column.factor
    keep = np.ones(len(numbers), dtype=bool)
    if measure is not None:
        if measure.kind == COUNT:
            keep &= numbers == np.floor(numbers)
        if measure.low is not None:
            keep &= numbers >= measure.low
        if measure.high is not None:
            keep &= numbers <= measure.high
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
    dimension, size = schema.UNIT_WORDS.get(unit or "", (None, 60.0))
    return size if dimension == schema.UNIT_TIME else 60.0


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
    if measure.kind == COUNT and not value.is_integer():
        return f"'{shown}' is not a whole number; {hint}.", ERROR
    if measure.low is not None and value < measure.low:
        limit = (
            f"outside {show(measure.low)} to {show(measure.high)}"
            if measure.high is not None
            else f"below {show(measure.low)}"
        )
        return f"'{shown}' is {limit}; {hint}.", ERROR
    if measure.high is not None and value > measure.high:
        return f"'{shown}' is outside {show(measure.low)} to {show(measure.high)}; {hint}.", ERROR
    return None


def day_limit_problems(entries: Any, columns: list[Column]) -> list[Problem]:
    """A day's entries that add up to more than a day can hold (26 hours sat).

    entries: the typed entries table (row, date and a column per measure).
    """
    problems = []
    for column in columns:
        measure = column.measure
        if measure is None or measure.day_limit is None:
            continue
        values = entries[column.name]
        near = values.groupby(entries["date"]).sum() > measure.day_limit * (1 - 1e-9)
        for date in near.index[near.to_numpy()]:
            # The exact total of the day, added in row order as a person would.
            day = entries.loc[(entries["date"] == date) & values.notna()]
            total = sum(float(v) for v in day[column.name])
            if total > measure.day_limit:
                problems.append(_day_limit_problem(column, measure, date.date(), day, total))
    return problems


def _day_limit_problem(
    column: Column, measure: schema.Measure, date: dt.date, day: Any, total: float
) -> Problem:
    rows = [int(r) for r in day[schema.ROW]]
    shown = ", ".join(str(r) for r in rows)
    return Problem(
        rows[-1],
        column.header,
        show(total),
        f"{measure.label} adds up to {show(round(total, 2))} {measure.unit} "
        f"on {date.isoformat()} (rows {shown}), more than the "
        f"{show(measure.day_limit)} a day has; check those entries.",
        WARNING,
    )
