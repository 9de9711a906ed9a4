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
    decimal_mark,
    is_blank,
    parse_flag,
    parse_number,
    parse_text,
    parse_time,
    show,
)
from psoas_track.read.columns import (
    Column,
    is_repeated_header,
    map_columns,
    ordered,
    settle_custom_kinds,
)
from psoas_track.read.dates import DateToken, date_order, date_token, slash_date
from psoas_track.read.problems import ERROR, WARNING, Log, Problem
from psoas_track.read.sheets import LogError, Table, has_date_header, read_table
from psoas_track.schema import COUNT, FLAG, NUMBER, TEXT, TIME

__all__ = ["ERROR", "WARNING", "Log", "LogError", "Problem", "read_log"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")


def read_log(path: str | Path, dayfirst: bool | None = None) -> Log:
    """Read a log file into entries and problems.

    dayfirst: how to read slash dates like 03/04/2026 when nothing in the file tells;
    None lets the reader choose the order under which the dates lie closest together.

    >>> log = read_log("data/example_log.csv")
    >>> log.entries[["date", "sitting_hours", "back_pain"]].head()  # doctest: +SKIP
    """
    path = Path(path)
    table = read_table(path)
    sheet = _Sheet.of(path, table)
    sheet.classify_rows()
    sheet.decide_decimal_mark()
    settle_custom_kinds(sheet.columns, sheet.data, sheet.kinds, sheet.decimal)
    sheet.decide_date_order(dayfirst)
    rows = _Rows(sheet)
    rows.read_all()
    sheet.problems.extend(_day_limit_problems(rows.entries, rows.day_rows, sheet.columns))
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

    @classmethod
    def of(cls, path: Path, table: Table) -> _Sheet:
        problems = [Problem(None, "", "", warning, WARNING) for warning in table.warnings]
        header_index = _header_index(path, table.records)
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
        for record in self.data:
            if all(is_blank(c) for c in record):
                self.kinds.append("blank")
            elif is_repeated_header(record, self.header):
                self.kinds.append("header")
            else:
                self.kinds.append("data")

    def data_rows(self):
        return (r for r, k in zip(self.data, self.kinds, strict=True) if k == "data")

    def decide_decimal_mark(self) -> None:
        if self.delimiter is None:  # spreadsheet cells hold numbers, not text
            return
        texts = [
            r[c.index]
            for r in self.data_rows()
            for c in self.columns
            if c.index < len(r) and isinstance(r[c.index], str) and c.kind in (NUMBER, COUNT)
        ]
        self.decimal = decimal_mark(texts)

    def decide_date_order(self, dayfirst: bool | None) -> None:
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
        if warning:
            self.problems.append(Problem(None, self.date_column.header, "", warning, WARNING))


def _header_index(path: Path, records: list[list[Any]]) -> int:
    """The first non-blank row of the first ten is the header; it must name a date."""
    found = next((i for i, r in enumerate(records[:10]) if not all(is_blank(c) for c in r)), None)
    if found is None:
        raise LogError(
            f"The file {path.name} has no header row. The first row should name the "
            "columns, one of them 'date'."
        )
    header = records[found]
    if not has_date_header(header):
        shown = ", ".join(show(c) for c in header if not is_blank(c))[:200]
        raise LogError(
            f"The file {path.name} has no date column. The first row should name the columns, one "
            f"of them 'date'; here it reads: '{shown}'. Start from data/template.csv if "
            "unsure."
        )
    return found


class _Rows:
    """Every data row of a sheet -> an entry, or a reported problem; counted either way."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        self.entries: list[dict[str, Any]] = []
        self.day_rows: dict[dt.date, list[int]] = {}
        self.unusable = 0
        self.blank = 0

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
            else:
                self.read_entry(row, record, token)

    def read_entry(self, row: int, record: list[Any], token: DateToken | None) -> None:
        sheet, date_column = self.sheet, self.sheet.date_column
        date = _resolve_date(token, sheet.order)
        if date is None:
            raw_date = record[date_column.index] if date_column.index < len(record) else None
            self.unusable += 1
            problem = _date_problem(row, date_column.header, raw_date, token, sheet.order)
            sheet.problems.append(problem)
            return
        if extra := _extra_cells_problem(row, record[sheet.width :]):
            sheet.problems.append(extra)
        entry: dict[str, Any] = {schema.ROW: row, "date": date}
        for column in sheet.columns:
            if column is date_column:
                continue
            raw = record[column.index] if column.index < len(record) else None
            value, problem = _parse_cell(raw, column, sheet.decimal)
            if problem:
                sheet.problems.append(Problem(row, column.header, show(raw), *problem))
            entry[column.name] = value
        has_time_column = any(c.name == "time" for c in sheet.columns)
        if entry.get("time") is None and token is not None and token.time and has_time_column:
            entry["time"] = token.time  # a date cell like 2026-11-03 07:30
        self.entries.append(entry)
        self.day_rows.setdefault(date, []).append(len(self.entries) - 1)


REPEATED_HEADER = "This row repeats the column names, so it was not read as an entry."


def _extra_cells_problem(row: int, beyond: list[Any]) -> Problem | None:
    extra = [show(c) for c in beyond if not is_blank(c)]
    if not extra:
        return None
    shown = ", ".join(f"'{c}'" for c in extra)
    one = len(extra) == 1
    return Problem(
        row,
        "",
        shown,
        f"This row has {len(extra)} more {'cell' if one else 'cells'} than there are "
        f"column names; {'it was' if one else 'they were'} ignored: {shown}.",
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
    return Log(
        entries=entries,
        problems=problems,
        rows=len(sheet.data),
        unusable_rows=rows.unusable,
        blank_rows=rows.blank,
        dayfirst=sheet.order,
        dayfirst_reason=sheet.order_reason,
        custom_columns=[c.name for c in sheet.columns if c.measure is None],
        columns={c.header: c.name for c in sheet.columns},
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


def _resolve_date(token: DateToken | None, dayfirst: bool | None) -> dt.date | None:
    if token is None:
        return None
    if token.slash is not None:
        return slash_date(token.slash, True if dayfirst is None else dayfirst)
    return token.date


def _date_problem(
    row: int, header: str, raw: Any, token: DateToken | None, order: bool | None
) -> Problem:
    shown = show(raw).strip()
    hint = schema.BY_NAME["date"].hint
    if not shown:
        message = f"This row has no date, so it was not used; {hint}."
    elif (
        token is not None
        and token.slash is not None
        and order is not None
        and (slash_date(token.slash, not order) is not None)
    ):
        rest = "day-first" if order else "month-first"
        message = (
            f"'{shown}' does not fit the {rest} order the other dates in this file "
            "use, so this row was not used; check the date."
        )
    else:
        message = f"'{shown}' is not a date, so this row was not used; {hint}."
    return Problem(row, header, shown, message, ERROR)


def _parse_cell(raw: Any, column: Column, decimal: str) -> tuple[Any, tuple[str, str] | None]:
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
    value = parse_number(raw, measure, decimal)
    if value is None:
        return None, (f"'{shown}' is not a number; {hint}.", ERROR)
    if measure is None:
        return value, None
    if measure.kind == COUNT and not value.is_integer():
        return None, (f"'{shown}' is not a whole number; {hint}.", ERROR)
    if measure.low is not None and value < measure.low:
        limit = (
            f"outside {show(measure.low)} to {show(measure.high)}"
            if measure.high is not None
            else f"below {show(measure.low)}"
        )
        return None, (f"'{shown}' is {limit}; {hint}.", ERROR)
    if measure.high is not None and value > measure.high:
        return None, (
            f"'{shown}' is outside {show(measure.low)} to {show(measure.high)}; {hint}.",
            ERROR,
        )
    return value, None


def _day_limit_problems(
    entries: list[dict[str, Any]], day_rows: dict[dt.date, list[int]], columns: list[Column]
) -> list[Problem]:
    """A day's entries that add up to more than a day can hold (26 hours sat)."""
    problems = []
    for column in columns:
        measure = column.measure
        if measure is None or measure.day_limit is None:
            continue
        for date, indexes in day_rows.items():
            values = [entries[i].get(column.name) for i in indexes]
            total = sum(v for v in values if v is not None)
            if total > measure.day_limit:
                rows = [
                    entries[i][schema.ROW]
                    for i in indexes
                    if entries[i].get(column.name) is not None
                ]
                shown = ", ".join(str(r) for r in rows)
                problems.append(
                    Problem(
                        rows[-1],
                        column.header,
                        show(total),
                        f"{measure.label} adds up to {show(round(total, 2))} {measure.unit} "
                        f"on {date.isoformat()} (rows {shown}), more than the "
                        f"{show(measure.day_limit)} a day has; check those entries.",
                        WARNING,
                    )
                )
    return problems


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
