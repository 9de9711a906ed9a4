"""The header row: each header as written -> a measure of the schema, or a custom column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psoas_track import schema
from psoas_track.read.cells import is_blank, parse_number, show
from psoas_track.read.problems import WARNING, Problem
from psoas_track.read.sheets import has_date_header
from psoas_track.schema import NUMBER, TEXT


@dataclass
class Column:
    """A column of the file and what it was read as."""

    index: int
    header: str  # as written
    name: str  # in entries
    measure: schema.Measure | None  # None for custom columns
    kind: str


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
        name = schema.canonical(written)
        measure = schema.BY_NAME.get(name) if name else None
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
        elif name is None:
            name = _custom_name(written, taken)
        taken.add(name)
        kind = measure.kind if measure else NUMBER  # custom kinds are settled later
        columns.append(Column(index, written, name, measure, kind))
    return columns


def _custom_name(written: str, taken: set[str]) -> str:
    base = schema.normalize_header(written) or "column"
    if base in schema.COLUMNS or base in schema.DERIVED:
        base = f"{base}_custom"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def is_repeated_header(record: list[Any], header: list[Any]) -> bool:
    same = sum(
        1
        for i, cell in enumerate(record)
        if isinstance(cell, str)
        and cell.strip()
        and i < len(header)
        and schema.normalize_header(cell) == schema.normalize_header(show(header[i]))
    )
    filled = sum(1 for c in record if not is_blank(c))
    return (
        filled > 0
        and same >= max(2, (filled + 1) // 2)
        or (filled == 1 and same == 1 and has_date_header(record))
    )


def settle_custom_kinds(
    columns: list[Column], data: list[list[Any]], kinds: list[str], decimal: str
) -> None:
    """Custom columns are numbers when nearly all their values are, else text."""
    for column in columns:
        if column.measure is not None:
            continue
        values = [
            r[column.index]
            for r, k in zip(data, kinds, strict=True)
            if k == "data" and column.index < len(r) and not is_blank(r[column.index])
        ]
        numbers = sum(parse_number(v, None, decimal) is not None for v in values)
        column.kind = NUMBER if values and numbers >= 0.9 * len(values) else TEXT


def ordered(columns: list[Column]) -> list[Column]:
    """Schema columns in schema order, then custom columns in file order."""
    known = sorted((c for c in columns if c.measure), key=lambda c: schema.COLUMNS.index(c.name))
    return known + [c for c in columns if c.measure is None]
