"""Read a log file (CSV/TSV/TXT/XLSX/ODS) into entries and a list of problems.

Reading never raises on bad content: a bad cell becomes blank and is reported with the
spreadsheet row number the person sees (header = row 1). Only a file that cannot be read
at all raises LogError. Every data row is accounted for:
rows == n_entries + unusable_rows + blank_rows.

`read_log` is a pipeline of named steps: read the table, find the header, map the
columns, classify the rows, decide the decimal mark and the date order, parse each row,
check the days' totals, and type the entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.read.cells import (
    column_decimal,
    decimal_mark,
    is_blank,
    not_recorded,
    show,
)
from psoas_track.read.columns import (
    Column,
    header_keys,
    is_repeated_header,
    map_columns,
    ordered,
    settle_custom_kinds,
)
from psoas_track.read.dates import (
    DateToken,
    date_order,
    date_problem,
    date_token,
    order_is_guessed,
    resolve_date,
    year_of_file,
)
from psoas_track.read.layout import (
    REPEATED_HEADER,
    TOTALS_ROW,
    cell,
    extra_cells_problem,
    find_header,
    is_totals_row,
    merged_dates_problem,
    skipped_above_problem,
)
from psoas_track.read.problems import ERROR, WARNING, Log, Problem
from psoas_track.read.sheets import MAX_SIZE, LogError, Table, read_table
from psoas_track.read.values import day_limit_problems, parse_cell
from psoas_track.schema import COUNT, FLAG, NUMBER, TEXT

__all__ = ["ERROR", "WARNING", "Log", "LogError", "Problem", "read_log"]


def read_log(
    path: str | Path,
    dayfirst: bool | None = None,
    year: int | None = None,
    max_size: int = MAX_SIZE,
    sheet: str | None = None,
) -> Log:
    """Read a log file into entries and problems.

    dayfirst: how to read slash dates like 03/04/2026 when nothing in the file tells;
    None lets the reader choose the order under which the dates lie closest together.
    year: the year of dates written without one ('Tue 3 Nov'); None takes the year most
    of the file's other dates have.
    max_size: the most bytes read, and the most a zipped spreadsheet may unpack to.
    sheet: the sheet of an .xlsx or .ods to read; None picks the one most like a log.

    >>> log = read_log("data/example_log.csv")
    >>> log.entries[["date", "sitting_hours", "back_pain"]].head()  # doctest: +SKIP
    """
    path = Path(path)
    table = read_table(path, max_size, sheet)
    sheet = _Sheet.of(path, table)
    sheet.classify_rows()
    sheet.decide_decimal_mark()
    settle_custom_kinds(sheet.columns, sheet.data, sheet.kinds)
    sheet.decide_date_order(dayfirst, year)
    rows = _Rows(sheet)
    rows.read_all()
    sheet.problems.extend(day_limit_problems(rows.entries, rows.day_rows, sheet.columns))
    return _log(path, table, sheet, rows)


@dataclass
class _Sheet:
    """The table once its header is found: columns, data rows and what they are."""

    header: list[Any]
    data: list[list[Any]]
    first_row: int  # spreadsheet row number of data[0]
    columns: list[Column]
    problems: list[Problem]
    delimiter: str | None
    kinds: list[str] = field(default_factory=list)  # 'blank', 'header' or 'data' per row
    decimal: str = "."
    tokens: list[DateToken | None] = field(default_factory=list)
    order: bool | None = None
    order_reason: str = ""
    order_guessed: bool = False
    year: int | None = None  # for dates written without one ('Tue 3 Nov')
    fill_dates: bool = False  # take a blank date from the row above (merged date cells)

    @classmethod
    def of(cls, path: Path, table: Table) -> _Sheet:
        problems = [Problem(None, "", "", warning, WARNING) for warning in table.warnings]
        header_index = find_header(path, table.records)
        if skipped := skipped_above_problem(table.records, header_index):
            problems.append(skipped)
        header = table.records[header_index]
        data = table.records[header_index + 1 :]
        columns = map_columns(header, data, problems)
        return cls(header, data, header_index + 2, columns, problems, table.delimiter)

    @property
    def date_column(self) -> Column:
        return next(c for c in self.columns if c.name == "date")

    @property
    def width(self) -> int:
        """Cells up to the last named header; cells right of it are a row's extras."""
        header = self.header
        trailing = next((i for i, c in enumerate(reversed(header)) if not is_blank(c)), 0)
        return max(len(header) - trailing, 1)

    def classify_rows(self) -> None:
        keys = header_keys(self.header)
        for record in self.data:
            if all(is_blank(c) for c in record):
                self.kinds.append("blank")
            elif is_repeated_header(record, keys, self.header):
                self.kinds.append("header")
            elif is_totals_row(record, self.date_column.index):
                self.kinds.append("totals")
            else:
                self.kinds.append("data")
        self.fill_dates = self._dates_are_merged()

    def _dates_are_merged(self) -> bool:
        """Blank dates right under dated rows, again and again: merged cells, one per day."""
        index = self.date_column.index
        under = sum(
            1
            for above, record, kind in zip(self.kinds, self.data[1:], self.kinds[1:], strict=False)
            if kind == "data" and above == "data" and is_blank(cell(record, index))
        )
        return under >= 2

    def data_rows(self):
        return (r for r, k in zip(self.data, self.kinds, strict=True) if k == "data")

    def decide_decimal_mark(self) -> None:
        """The file's decimal mark, then each number column's own, from its cells' evidence."""
        if self.delimiter is None:  # spreadsheet cells hold numbers, not text
            return
        texts = {c.index: [] for c in self.columns if c.kind in (NUMBER, COUNT)}
        for r in self.data_rows():
            for index, cells in texts.items():
                if index < len(r) and isinstance(r[index], str) and not is_blank(r[index]):
                    cells.append(r[index])
        proven = decimal_mark([v for cells in texts.values() for v in cells])
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
        """Date order from the evidence of the whole file."""
        index = self.date_column.index
        for record, kind in zip(self.data, self.kinds, strict=True):
            raw = record[index] if index < len(record) else None
            self.tokens.append(date_token(raw) if kind == "data" and not is_blank(raw) else None)
        slashes = [
            (t.slash, show(r[index]).strip())
            for t, r in zip(self.tokens, self.data, strict=True)
            if t and t.slash
        ]
        self.order, self.order_reason, warning = date_order(slashes, dayfirst)
        self.order_guessed = order_is_guessed(slashes, dayfirst)
        self.year = year if year is not None else year_of_file(self.tokens)
        if warning:
            self.problems.append(Problem(None, self.date_column.header, "", warning, WARNING))


class _Rows:
    """Every data row of a sheet -> an entry, or a reported problem; counted either way."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        self.entries: list[dict[str, Any]] = []
        self.day_rows: dict[dt.date, list[int]] = {}
        self.unusable = 0
        self.blank = 0
        self.not_recorded: dict[str, set[str]] = {}  # header -> the words used
        self.previous_kind = ""
        self.previous_date: dt.date | None = None
        self.filled: list[int] = []  # rows whose blank date came from the row above
        self.parsed: dict[tuple, tuple[Any, Any, bool]] = {}

    def read_all(self) -> None:
        sheet = self.sheet
        rows = zip(sheet.data, sheet.kinds, sheet.tokens, strict=True)
        for offset, (record, kind, token) in enumerate(rows):
            row = sheet.first_row + offset
            if kind == "blank":
                self.blank += 1
            elif kind == "header":
                self.unusable += 1
                sheet.problems.append(Problem(row, "", "", REPEATED_HEADER, WARNING))
            elif kind == "totals":
                self.unusable += 1
                shown = show(cell(record, sheet.date_column.index)).strip()
                sheet.problems.append(Problem(row, "", shown, TOTALS_ROW, WARNING))
            else:
                self.read_entry(row, record, token)
            self.previous_kind = kind
        if self.filled:
            sheet.problems.append(merged_dates_problem(self.filled, sheet.date_column.header))

    def cell_value(self, raw: Any, column: Column) -> tuple[Any, Any, bool]:
        """(value, problem, was a 'not recorded' word), once per distinct cell of a column.

        Logs repeat the same few cells (pain 0 to 10, hours in quarters) thousands of
        times; parsing each distinct one once makes reading several times faster.
        """
        key = (column.index, type(raw), raw)
        found = self.parsed.get(key)
        if found is None:
            if column.kind != TEXT and not_recorded(raw, flag=column.kind == FLAG):
                found = (None, None, True)
            else:
                found = (*parse_cell(raw, column), False)
            self.parsed[key] = found
        return found

    def read_entry(self, row: int, record: list[Any], token: DateToken | None) -> None:
        sheet, date_column = self.sheet, self.sheet.date_column
        date = resolve_date(token, sheet.order, sheet.year)
        raw_date = cell(record, date_column.index)
        if (
            date is None
            and sheet.fill_dates
            and is_blank(raw_date)
            and self.previous_kind == "data"
        ):
            date = self.previous_date
            if date is not None:
                self.filled.append(row)
        self.previous_date = date
        if date is None:
            self.unusable += 1
            problem = date_problem(row, date_column.header, raw_date, token, sheet.order)
            sheet.problems.append(problem)
            return
        if extra := extra_cells_problem(row, record[sheet.width :]):
            sheet.problems.append(extra)
        entry: dict[str, Any] = {schema.ROW: row, "date": date}
        for column in sheet.columns:
            if column is date_column:
                continue
            raw = record[column.index] if column.index < len(record) else None
            value, problem, blank_word = self.cell_value(raw, column)
            if blank_word:
                self.not_recorded.setdefault(column.header, set()).add(raw.strip())
            elif problem:
                sheet.problems.append(Problem(row, column.header, show(raw), *problem))
            entry[column.name] = value
        has_time_column = any(c.name == "time" for c in sheet.columns)
        if entry.get("time") is None and token is not None and token.time and has_time_column:
            entry["time"] = token.time  # a date cell like 2026-11-03 07:30
        self.entries.append(entry)
        self.day_rows.setdefault(date, []).append(len(self.entries) - 1)


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


def _log(path: Path, table: Table, sheet: _Sheet, rows: _Rows) -> Log:
    import pandas as pd

    problems = sorted(sheet.problems, key=lambda p: -1 if p.row is None else p.row)
    date_column = sheet.date_column
    names = [schema.ROW, "date"] + [c.name for c in ordered(sheet.columns) if c is not date_column]
    entries = _typed(pd.DataFrame(rows.entries, columns=names), sheet.columns)
    notes = list(table.notes)
    if table.delimiter is not None:
        notes.append(_dialect_note(table.encoding, table.delimiter, sheet.decimal))
    if any(t is not None and t.no_year for t in sheet.tokens) and sheet.year is not None:
        notes.append(f"Dates written without a year were read as {sheet.year}.")
    for header, words in rows.not_recorded.items():
        shown = ", ".join(f"'{w}'" for w in sorted(words))
        notes.append(f"{header}: {shown} read as not recorded (blank).")
    return Log(
        entries=entries,
        problems=problems,
        rows=len(sheet.data),
        unusable_rows=rows.unusable,
        blank_rows=rows.blank,
        dayfirst=sheet.order,
        dayfirst_reason=sheet.order_reason,
        dayfirst_guessed=sheet.order_guessed,
        custom_columns=[c.name for c in sheet.columns if c.measure is None],
        columns={c.header: c.name for c in sheet.columns},
        readings={c.header: c.reading for c in sheet.columns},
        path=path,
        encoding=table.encoding,
        delimiter=table.delimiter,
        decimal=sheet.decimal,
        sheet=table.sheet,
        notes=notes,
    )


def _dialect_note(encoding: str | None, delimiter: str, decimal: str) -> str:
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
    mark = "decimal commas" if decimal == "," else "decimal points"
    return f"Read as {encoding} text with cells split by {names[delimiter]} and {mark}."


def _typed(entries: Any, columns: list[Column]) -> Any:
    import pandas as pd

    entries[schema.ROW] = entries[schema.ROW].astype("int64")
    entries["date"] = pd.to_datetime(entries["date"]).astype("datetime64[ns]")
    for column in columns:
        if column.name == "date":
            continue
        series = entries[column.name]
        if column.kind in (NUMBER, COUNT):
            entries[column.name] = pd.to_numeric(series, errors="coerce").astype("float64")
        elif column.kind == FLAG:
            entries[column.name] = series.astype("boolean")
        else:
            entries[column.name] = series.astype("string")
    return entries
