"""Every data row of a sheet -> an entry, or a reported problem; counted either way.

Rows are read column by column (see grid): each distinct cell of a column is parsed
once, its value and problem spread over the rows that hold it. Problems come out in
the order a row-by-row reading gives them: by row, then the row's own cells left to
right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.cells import is_blank, not_recorded, show
from psoas_track.log import ERROR, WARNING, Problem
from psoas_track.read.columns import Column
from psoas_track.read.convert import parse_cell, plain_numbers
from psoas_track.read.dates import date_problem
from psoas_track.read.grid import NAT
from psoas_track.read.layout import (
    REPEATED_HEADER,
    TOTALS_ROW,
    cell,
    extra_cells_problem,
    merged_dates_problem,
)
from psoas_track.schema import FLAG, TEXT

if TYPE_CHECKING:
    from psoas_track.read.evidence import Sheet


@dataclass
class Rows:
    """What the rows gave: the entries' cells by column, and the counts of the rest."""

    row_numbers: np.ndarray  # spreadsheet row of each entry
    dates: np.ndarray  # datetime64[ns] of each entry
    cells: dict[str, np.ndarray] = field(default_factory=dict)  # name -> values (objects)
    unusable: int = 0
    blank: int = 0
    not_recorded: dict[str, set[str]] = field(default_factory=dict)  # header -> words used


def read_rows(sheet: Sheet) -> Rows:
    """The entries of the sheet's data rows; every problem goes into sheet.problems."""
    found: list[tuple[int, int, Problem]] = []  # (row, place in the row, problem)
    numbers = sheet.first_row + np.arange(len(sheet.data))
    kinds = np.asarray(sheet.kinds, dtype=object)
    found += _skipped_row_problems(sheet, numbers, kinds)
    dates, filled = _entry_dates(sheet, kinds)
    data = kinds == "data"
    found += _date_problems(sheet, numbers, data & np.isnat(dates))
    entry = data & ~np.isnat(dates)
    found += _extra_cell_problems(sheet, numbers, entry)
    rows = Rows(numbers[entry], dates[entry])
    rows.blank = int((kinds == "blank").sum())
    rows.unusable = int(np.isin(kinds, ["header", "totals", "unclosed"]).sum())
    rows.unusable += int((data & np.isnat(dates)).sum())
    for place, column in enumerate(sheet.columns, start=1):
        if column is not sheet.date_column:
            found += _read_column(sheet, column, entry, rows, place)
    _time_from_date_cells(sheet, rows, entry)
    found.sort(key=lambda item: item[:2])
    sheet.problems.extend(problem for _, _, problem in found)
    if filled:
        sheet.problems.append(merged_dates_problem(filled, sheet.date_column.header))
    return rows


def _skipped_row_problems(sheet: Sheet, numbers: np.ndarray, kinds: np.ndarray) -> list:
    found = []
    for i in np.flatnonzero(np.isin(kinds, ["header", "totals", "unclosed"])):
        row = int(numbers[i])
        if kinds[i] == "header":
            found.append((row, 0, Problem(row, "", "", REPEATED_HEADER, WARNING)))
        elif kinds[i] == "unclosed":
            found.append((row, 0, Problem(row, "", "", unclosed_quote_message(sheet), ERROR)))
        else:
            shown = show(cell(sheet.data[i], sheet.date_column.index)).strip()
            found.append((row, 0, Problem(row, "", shown, TOTALS_ROW, WARNING)))
    return found


def unclosed_quote_message(sheet: Sheet) -> str:
    first, last = sheet.unclosed_lines
    return (
        f'A quote mark (") opens in this row (line {first} of the file) and never closes, so '
        f"everything from there to the end of the file (lines {first} to {last}) was read "
        "as one cell and not used. Remove the quote mark, or close it, and read the file "
        "again."
    )


def _entry_dates(sheet: Sheet, kinds: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Each row's date (NaT if none), and the rows whose blank date came from the row above."""
    dates = sheet.dates.copy()
    if not sheet.fill_dates:
        return dates, []
    # Merged date cells: a blank date under a data row is that row's day (and so on down).
    filled, previous_kind, previous = [], "", NAT
    blank = sheet.date_blank
    for i, kind in enumerate(kinds):
        if kind == "data":
            if np.isnat(dates[i]) and blank[i] and previous_kind == "data":
                dates[i] = previous
                if not np.isnat(previous):
                    filled.append(sheet.first_row + i)
            previous = dates[i]
        previous_kind = kind
    return dates, filled


def _date_problems(sheet: Sheet, numbers: np.ndarray, dateless: np.ndarray) -> list:
    found = []
    column = sheet.date_column
    for i in np.flatnonzero(dateless):
        row = int(numbers[i])
        raw = cell(sheet.data[i], column.index)
        token = sheet.date_token_of(i)
        found.append((row, 0, date_problem(row, column.header, raw, token, sheet.order)))
    return found


def _extra_cell_problems(sheet: Sheet, numbers: np.ndarray, entry: np.ndarray) -> list:
    grid, width = sheet.grid, sheet.width
    extra = np.zeros(grid.n, dtype=bool)
    for index in range(width, grid.width):
        extra |= ~grid.distinct(index).map(is_blank, dtype=bool)
    found = []
    for i in np.flatnonzero(extra & entry):
        row = int(numbers[i])
        if problem := extra_cells_problem(row, sheet.data[i][width:]):
            found.append((row, 0, problem))
    return found


def _read_column(sheet: Sheet, column: Column, entry: np.ndarray, rows: Rows, place: int) -> list:
    """Parse each distinct cell of the column once; values to rows, problems per row."""
    cells = sheet.grid.distinct(column.index, entry)
    flag = column.kind == FLAG
    plain = plain_numbers(cells.uniques, column)
    answers = [
        (float(number), None, False)
        if number == number  # not NaN: a plain number, already read
        else (None, None, True)
        if column.kind != TEXT and not_recorded(raw, flag=flag)
        else (*parse_cell(raw, column), False)
        for raw, number in zip(cells.uniques, plain, strict=True)
    ]
    if column.kind in (schema.NUMBER, schema.COUNT):
        values = np.array([np.nan if v is None else v for v, _, _ in answers], dtype=float)
    else:
        values = np.empty(len(answers), dtype=object)
        values[:] = [value for value, _, _ in answers]
    rows.cells[column.name] = values[cells.codes]
    words = {raw.strip() for raw, (_, _, word) in zip(cells.uniques, answers, strict=True) if word}
    if words:
        rows.not_recorded.setdefault(column.header, set()).update(words)
    bad = np.array([problem is not None for _, problem, _ in answers], dtype=bool)
    found = []
    for i in np.flatnonzero(bad[cells.codes]):
        code = cells.codes[i]
        row = int(rows.row_numbers[i])
        problem = Problem(row, column.header, show(cells.uniques[code]), *answers[code][1])
        found.append((row, place, problem))
    return found


def _time_from_date_cells(sheet: Sheet, rows: Rows, entry: np.ndarray) -> None:
    """A date cell like 2026-11-03 07:30 gives the entry its time when the time cell is blank."""
    times = rows.cells.get("time")
    if times is None:
        return
    from_dates = sheet.date_times[entry]
    take = np.array([t is None for t in times], dtype=bool) & (from_dates != None)  # noqa: E711
    times[take] = from_dates[take]


def entries_frame(rows: Rows, names: list[str], columns: list[Column]) -> pd.DataFrame:
    """The entries as a typed table: numbers float64, yes/no boolean, the rest string."""
    data: dict[str, Any] = {
        schema.ROW: rows.row_numbers.astype("int64"),
        "date": rows.dates.astype("datetime64[ns]"),
    }
    kinds = {c.name: c.kind for c in columns}
    for name in names[2:]:
        values = rows.cells.get(name, np.full(len(rows.dates), None, dtype=object))
        if kinds[name] in (schema.NUMBER, schema.COUNT):
            data[name] = np.asarray(values, dtype="float64")
        elif kinds[name] == FLAG:
            data[name] = pd.array(values, dtype="boolean")
        else:
            data[name] = pd.Series(values, dtype=object).astype("string")
    return pd.DataFrame(data)
