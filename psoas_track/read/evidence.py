"""A sheet once its header is found: what each row is, the decimal marks, the date order.

The steps of read_log between the table and the rows: classify each row (blank, a
repeated header, a totals row, data), decide each number column's decimal mark and the
file's date order from the evidence of all its cells, and each row's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from psoas_track.cells import (
    DateToken,
    column_decimal,
    date_order,
    date_token,
    decimal_mark,
    is_blank,
    order_is_guessed,
    plain_iso_dates,
    resolve_date,
    show,
    year_of_file,
)
from psoas_track.log import WARNING, Problem
from psoas_track.read.columns import (
    Column,
    header_cells,
    header_keys,
    is_repeated_header,
    map_columns,
)
from psoas_track.read.grid import NAT, Distinct, Grid
from psoas_track.read.layout import (
    find_header,
    is_totals_row,
    is_totals_text,
    skipped_above_problem,
)
from psoas_track.read.table import Table
from psoas_track.schema import COUNT, NUMBER


@dataclass
class Sheet:
    """The table once its header is found: columns, data rows and what they are."""

    header: list[Any]
    data: list[list[Any]]
    first_row: int  # spreadsheet row number of data[0]
    columns: list[Column]
    problems: list[Problem]
    delimiter: str | None
    grid: Grid
    kinds: list[str] = field(default_factory=list)  # 'blank', 'header', 'totals' or 'data'
    decimal: str = "."
    order: bool | None = None
    order_reason: str = ""
    order_guessed: bool = False
    year: int | None = None  # for dates written without one ('Tue 3 Nov')
    fill_dates: bool = False  # take a blank date from the row above (merged date cells)
    # Each row's date cell, worked out once per distinct cell (see decide_date_order).
    date_blank: Any = None  # bool per row
    date_tokens: list[DateToken | None] = field(default_factory=list)  # per distinct cell
    dates: Any = None  # datetime64[ns] per row, NaT where there is none
    date_times: Any = None  # the time a date cell gives ('2026-11-03 07:30'), per row
    _date_codes: Any = None  # each row's distinct date cell
    plain_dates: Any = None  # datetime64 per distinct date cell written like 2026-11-03
    _is_data: Any = None  # bool per row: kinds == 'data'
    unclosed: int | None = None  # the data row a never-closed quote opens in
    unclosed_lines: tuple[int, int] = (0, 0)  # the file's lines that row swallowed

    @classmethod
    def of(cls, path: Path, table: Table) -> Sheet:
        problems = [Problem(None, "", "", warning, WARNING) for warning in table.warnings]
        header_index = find_header(path, table.records)
        if skipped := skipped_above_problem(table.records, header_index):
            problems.append(skipped)
        header = table.records[header_index]
        data = table.records[header_index + 1 :]
        columns = map_columns(header, data, problems)
        sheet = cls(header, data, header_index + 2, columns, problems, table.delimiter, Grid(data))
        if table.unclosed_quote is not None and table.unclosed_quote[0] > header_index:
            sheet.unclosed = table.unclosed_quote[0] - header_index - 1
            sheet.unclosed_lines = table.unclosed_quote[1:]
        return sheet

    @property
    def date_column(self) -> Column:
        return next(c for c in self.columns if c.name == "date")

    @property
    def width(self) -> int:
        """Cells up to the last named header; cells right of it are a row's extras."""
        header = self.header
        trailing = next((i for i, c in enumerate(reversed(header)) if not is_blank(c)), 0)
        return max(len(header) - trailing, 1)

    @property
    def is_data(self) -> np.ndarray:
        return self._is_data

    def classify_rows(self) -> None:
        grid, date_index = self.grid, self.date_column.index
        dates = grid.distinct(date_index)
        # A date written 2026-11-03 is no blank, no column name and no total: skip those.
        self.plain_dates = plain_iso_dates(dates.uniques)
        other = np.isnat(self.plain_dates)
        self.date_blank = dates.map(is_blank, bool, only=other, otherwise=False)
        blank = self.date_blank.copy()
        for index in range(grid.width):
            if index != date_index:
                blank &= grid.distinct(index).blank()
        header = self._header_rows(other) & ~blank
        totals = dates.map(is_totals_text, bool, only=other, otherwise=False) | self.date_blank
        totals &= ~blank & ~header
        for i in np.flatnonzero(totals):  # the exact test, on the few rows it could be
            totals[i] = is_totals_row(self.data[i], date_index)
        kinds = np.full(grid.n, "data", dtype=object)
        kinds[totals], kinds[header], kinds[blank] = "totals", "header", "blank"
        if self.unclosed is not None:
            kinds[self.unclosed] = "unclosed"  # it holds the rest of the file as one cell
        self.kinds = list(kinds)
        self._is_data = kinds == "data"
        self.fill_dates = self._dates_are_merged()

    def _header_rows(self, not_plain_dates: np.ndarray) -> np.ndarray:
        """Rows that repeat the column names (checked in full only where one cell does)."""
        keys = header_keys(self.header)
        maybe = np.zeros(self.grid.n, dtype=bool)
        for index, (first, key) in enumerate(keys):
            if first and index < self.grid.width:
                cells = self.grid.distinct(index)
                asked = cells.uniques
                if index == self.date_column.index:  # dates written 2026-11-03 name nothing
                    asked = [
                        c if ask else None for c, ask in zip(asked, not_plain_dates, strict=True)
                    ]
                maybe |= np.array(header_cells(asked, first, key), dtype=bool)[cells.codes]
        for i in np.flatnonzero(maybe):
            maybe[i] = is_repeated_header(self.data[i], keys, self.header)
        return maybe

    def _dates_are_merged(self) -> bool:
        """Blank dates right under dated rows, again and again: merged cells, one per day."""
        data = self.is_data
        under = data[1:] & data[:-1] & self.date_blank[1:]
        return int(under.sum()) >= 2

    def decide_decimal_mark(self) -> None:
        """The file's decimal mark, then each number column's own, from its cells' evidence."""
        if self.delimiter is None:  # spreadsheet cells hold numbers, not text
            return
        texts: dict[int, dict[str, int]] = {}
        for column in self.columns:
            if column.kind in (NUMBER, COUNT):
                cells = self.grid.distinct(column.index, self.is_data)
                # Only a cell with a mark in it says anything about the mark.
                texts[column.index] = {
                    value: int(times)
                    for value, times in zip(cells.uniques, cells.counts(), strict=True)
                    if type(value) is str and ("," in value or "." in value)
                }
        every: dict[str, int] = {}
        for cells in texts.values():
            for value, times in cells.items():
                every[value] = every.get(value, 0) + times
        proven = decimal_mark(every)
        self.decimal = proven or "."
        for column in self.columns:
            if column.index in texts:
                column.decimal, ambiguous = column_decimal(
                    texts[column.index], proven, self.delimiter == ";"
                )
                if ambiguous:
                    self.problems.append(
                        _thousands_warning(column.header, ambiguous, column.decimal)
                    )

    def decide_date_order(self, dayfirst: bool | None, year: int | None = None) -> None:
        """Date order from the evidence of the whole file, then each row's date."""
        cells = self.grid.distinct(self.date_column.index)
        fast = self.plain_dates
        self.date_tokens = [None] * len(fast)
        for code in np.flatnonzero(np.isnat(fast)):  # the cells not written 2026-11-03
            raw = cells.uniques[code]
            self.date_tokens[code] = None if is_blank(raw) else date_token(raw)
        data = self.is_data
        slashes = [
            (self.date_tokens[code].slash, show(cells.uniques[code]).strip())
            for code in cells.codes[data & self._rows_whose_token_has("slash", cells.codes)]
        ]
        self.order, self.order_reason, warning = date_order(slashes, dayfirst)
        self.order_guessed = order_is_guessed(slashes, dayfirst)
        self.year = year if year is not None else year_of_file(self._years(cells, fast, data))
        if warning:
            self.problems.append(Problem(None, self.date_column.header, "", warning, WARNING))
        resolved = fast.copy()
        times = np.full(len(fast), None, dtype=object)
        for code in np.flatnonzero(np.isnat(fast)):
            if (token := self.date_tokens[code]) is not None:
                date = resolve_date(token, self.order, self.year)
                resolved[code] = NAT if date is None else np.datetime64(date, "ns")
                times[code] = token.time
        self.dates = np.where(data, resolved[cells.codes], NAT)
        self.date_times = times[cells.codes]
        self._date_codes = cells.codes

    def _rows_whose_token_has(self, attribute: str, codes: np.ndarray) -> np.ndarray:
        has = np.array(
            [t is not None and getattr(t, attribute) is not None for t in self.date_tokens],
            dtype=bool,
        )
        return has[codes]

    def _years(self, cells: Distinct, fast: np.ndarray, data: np.ndarray) -> np.ndarray:
        """The year of each row's full date, in row order (dates with a year only)."""
        years = np.array(pd.DatetimeIndex(fast).year, dtype=float)
        for code in np.flatnonzero(np.isnat(fast)):
            token = self.date_tokens[code]
            if token is not None and token.date is not None:
                years[code] = token.date.year
        per_row = years[cells.codes][data & ~self.date_blank]
        return per_row[~np.isnan(per_row)].astype(int)

    def date_token_of(self, row_index: int) -> DateToken | None:
        """The date cell of data[row_index] as date_token reads it (for problem messages;
        a cell written like 2026-11-03 has no token here, but such a cell is a date)."""
        return self.date_tokens[self._date_codes[row_index]]

    @property
    def no_year_dates(self) -> bool:
        return bool((self.is_data & self._rows_whose_token_has("no_year", self._date_codes)).any())


def _thousands_warning(header: str, example: str, decimal: str) -> Problem:
    mark = "," if "," in example else "."
    as_thousands = example.replace(mark, "")
    as_decimal = example.replace(mark, ".")
    chosen, other = (as_decimal, as_thousands) if mark == decimal else (as_thousands, as_decimal)
    how = "a decimal mark" if mark == decimal else "a thousands separator"
    return Problem(
        None,
        header,
        example,
        f"Numbers like '{example}' in this column could be {as_thousands} or {as_decimal}; "
        f"nothing in the file tells, so they were read as {chosen} (the '{mark}' as {how}). "
        f"If they mean {other}, write one cell of the file with its decimal mark shown "
        "(like 7,5 or 7.5).",
        WARNING,
    )
