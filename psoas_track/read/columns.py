"""The header row: each header as written -> a measure of the schema, or a custom column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psoas_track import schema
from psoas_track.cells import is_blank, not_recorded, parse_duration, parse_number, show
from psoas_track.log import ERROR, WARNING, Problem
from psoas_track.read.table import has_date_header
from psoas_track.schema import NUMBER, TEXT

if TYPE_CHECKING:
    import numpy as np

    from psoas_track.read.grid import Grid


@dataclass
class Column:
    """A column of the file and what it was read as."""

    index: int
    header: str  # as written
    name: str  # in entries
    measure: schema.Measure | None  # None for custom columns
    kind: str
    factor: float = 1.0  # a plain number in this column times factor = the measure's unit
    unit: str | None = None  # the unit the header names, as written
    decimal: str = "."  # the decimal mark of this column's text cells

    @property
    def reading(self) -> str:
        """What the column was read as, for `check`: 'sitting_hours, minutes converted to hours'."""
        if self.measure is None:
            return f"your own column '{self.name}' ({'numbers' if self.kind == NUMBER else 'text'})"
        unit = _unit_name(self.measure.unit)
        if self.factor != 1.0:
            written = _unit_name(_unit_minutes_name(self.unit))
            return f"{self.name}, {written} converted to {unit}"
        return f"{self.name} ({unit})" if unit else self.name


def map_columns(
    header: list[Any], records: list[list[Any]], problems: list[Problem]
) -> list[Column]:
    columns: list[Column] = []
    taken: set[str] = set()
    # Cells right of the last named column are a row's extra cells, not a column.
    width = max((i + 1 for i, c in enumerate(header) if not is_blank(c)), default=0)
    for index in range(width):
        written = show(header[index]).strip() if index < len(header) else ""
        values_here = any(index < len(r) and not is_blank(r[index]) for r in records)
        if not written:
            if not values_here:
                continue  # a trailing or spacer column with nothing in it
            written = f"column {index + 1}"
            problems.append(
                Problem(
                    None,
                    written,
                    "",
                    f"Column {index + 1} has values but no name in the "
                    f"first row; it was kept as '{_custom_name(written, taken)}'.",
                    WARNING,
                )
            )
        name = schema.canonical(written) or schema.psfs_item(written)
        measure = schema.measure_of(name) if name else None
        factor, unit = 1.0, schema.header_unit(written)
        if name is not None and name in taken:
            custom = _custom_name(written, taken)
            problems.append(
                Problem(
                    None,
                    written,
                    "",
                    f"The column '{written}' means the same as an earlier "
                    f"column ({name}); the first one is used as {name} and "
                    f"this one is kept as '{custom}'.",
                    WARNING,
                )
            )
            name, measure = custom, None
        elif measure is not None and (factor := _unit_factor(measure, unit)) is None:
            problems.append(_unit_problem(written, unit, _custom_name(written, taken), measure))
            name, measure = _custom_name(written, taken), None
            factor = 1.0
        elif name is None:
            name = _custom_name(written, taken)
            if guess := schema.near_miss(written):
                problems.append(_near_miss_problem(written, name, guess))
        if schema.is_psfs_item(name) and _psfs_items(taken) == schema.PSFS_MAX_ITEMS:
            problems.append(_sixth_psfs_item(written))
        taken.add(name)
        kind = measure.kind if measure else NUMBER  # custom kinds are settled later
        columns.append(Column(index, written, name, measure, kind, factor, unit))
    return columns


def _psfs_items(taken: set[str]) -> int:
    return sum(schema.is_psfs_item(name) for name in taken)


def _sixth_psfs_item(written: str) -> Problem:
    return Problem(
        None,
        written,
        "",
        f"The PSFS asks for up to {schema.PSFS_MAX_ITEMS} activities; '{written}' is one more. "
        "It is read and counted in the day's PSFS like the others: check with your therapist "
        "which activities you follow.",
        WARNING,
    )


def _custom_name(written: str, taken: set[str]) -> str:
    base = schema.normalize_header(written) or "column"
    if base in schema.COLUMNS or base in schema.DERIVED:
        base = f"{base}_custom"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def header_keys(header: list[Any]) -> list[tuple[str, str]]:
    """Each header cell's first letter and normalised name, worked out once per file."""
    keys = []
    for cell in header:
        text = show(cell)
        first = next((c for c in text if c.isalnum()), "").lower()
        keys.append((first, schema.normalize_header(text)))
    return keys


def is_header_cell(cell: Any, first: str, key: str) -> bool:
    """True when the cell names the same column as the header cell with this key."""
    if not isinstance(cell, str) or not first:
        return False
    start = cell.lstrip(" \ufeff\"'([")[:1].lower()
    return start == first and schema.normalize_header(cell) == key


def header_cells(cells: list[Any], first: str, key: str) -> list[bool]:
    """is_header_cell of each cell (a list at once: a column's distinct cells)."""
    strip = " \ufeff\"'(["
    return [
        type(c) is str and c.lstrip(strip)[:1].lower() == first and is_header_cell(c, first, key)
        for c in cells
    ]


def is_repeated_header(record: list[Any], keys: list[tuple[str, str]], header: list[Any]) -> bool:
    same = sum(
        is_header_cell(cell, first, key) for cell, (first, key) in zip(record, keys, strict=False)
    )
    filled = sum(1 for c in record if not is_blank(c))
    return (
        filled > 0
        and same >= max(2, (filled + 1) // 2)
        or (filled == 1 and same == 1 and has_date_header(record))
    )


def settle_custom_kinds(columns: list[Column], grid: Grid, data: np.ndarray) -> None:
    """Custom columns are numbers when nearly all their values are, else text.

    data: which rows of the grid are entries (not blank, header or totals rows).
    """
    for column in columns:
        if column.measure is not None:
            continue
        cells = grid.distinct(column.index, data)
        values = numbers = 0
        for value, times in zip(cells.uniques, cells.counts(), strict=True):
            if is_blank(value) or not_recorded(value):
                continue
            values += times
            if parse_number(value, None, column.decimal) is not None or (
                not isinstance(value, str) and parse_duration(value) is not None
            ):
                numbers += times
        column.kind = NUMBER if values and numbers >= 0.9 * values else TEXT


def ordered(columns: list[Column]) -> list[Column]:
    """Schema columns in schema order, then PSFS items and custom columns in file order."""
    known = [c for c in columns if c.measure and c.name in schema.COLUMNS]
    known.sort(key=lambda c: schema.COLUMNS.index(c.name))
    return known + [c for c in columns if c not in known]


_TIME_NAMES = {1 / 60_000: "milliseconds", 1 / 60: "seconds", 1.0: "minutes", 60.0: "hours"}
_UNIT_NAMES = {"h": "hours", "min": "minutes", "0-10": "0-10", "steps": "steps", "count": "count"}


def _unit_name(unit: str) -> str:
    return _UNIT_NAMES.get(unit, unit)


def _unit_minutes_name(unit: str | None) -> str:
    size = schema.UNIT_WORDS[unit][1] if unit in schema.UNIT_WORDS else 1.0
    return _TIME_NAMES.get(size, unit or "")


def _unit_factor(measure: schema.Measure, unit: str | None) -> float | None:
    """How a plain number under this header becomes the measure's unit; None: it cannot."""
    if unit is None:
        return 1.0
    dimension, size = schema.UNIT_WORDS[unit]
    per_unit = schema.MINUTES_PER_UNIT.get(measure.unit)
    if per_unit is not None:  # a measure of time takes any unit of time
        return size / per_unit if dimension == schema.UNIT_TIME else None
    return 1.0 if dimension == schema.UNIT_PLAIN else None


def _unit_problem(written: str, unit: str | None, kept_as: str, measure: schema.Measure) -> Problem:
    return Problem(
        None,
        written,
        "",
        f"The column '{written}' is in {unit}, which cannot be turned into "
        f"{measure.label.lower()} ({_unit_name(measure.unit)}); it was kept as your own "
        f"column '{kept_as}'. If it is {measure.label.lower()}, give the header a unit "
        f"like '{schema.label(measure.name)}'.",
        ERROR,
    )


def _near_miss_problem(written: str, kept_as: str, guess: str) -> Problem:
    return Problem(
        None,
        written,
        "",
        f"The column '{written}' is not a name this kit knows, so it was kept as your own "
        f"column '{kept_as}' and not analysed as {guess}. Did you mean {guess}? If so, "
        f"rename the header to '{schema.label(guess)}'.",
        WARNING,
    )
