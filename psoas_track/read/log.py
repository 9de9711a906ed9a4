"""Read a log file (CSV/TSV/TXT/XLSX/ODS) into entries and a list of problems.

Reading never raises on bad content: a bad cell becomes blank and is reported with the
spreadsheet row number the person sees (header = row 1). Only a file that cannot be read
at all raises LogError. Every data row is accounted for:
rows == n_entries + unusable_rows + blank_rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.read.cells import (
    DateToken,
    date_order,
    date_token,
    decimal_mark,
    is_blank,
    parse_flag,
    parse_number,
    parse_text,
    parse_time,
    show,
    slash_date,
)
from psoas_track.read.sheets import LogError, has_date_header, read_table
from psoas_track.schema import COUNT, FLAG, NUMBER, TEXT, TIME

__all__ = ["ERROR", "WARNING", "Log", "LogError", "Problem", "read_log"]

ERROR = "error"
WARNING = "warning"

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number (header = 1); None for the whole file
    column: str  # the header as written in the file; '' for the whole row
    value: str
    message: str
    severity: str  # ERROR or WARNING

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(self.column)
        place = ", ".join(where)
        message = self.message.rstrip(".")
        return (
            f"{place}: {message} ({self.severity})" if place else (f"{message} ({self.severity})")
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass
class Log:
    entries: Any  # pandas DataFrame, one row per usable entry
    problems: list[Problem]
    rows: int  # data rows in the file (after the header)
    unusable_rows: int
    blank_rows: int
    dayfirst: bool | None  # how slash dates were read; None when there were none
    dayfirst_reason: str
    custom_columns: list[str]
    columns: dict[str, str]  # header as written -> column name in entries
    path: Path | None = None
    encoding: str | None = None  # None for spreadsheet files
    delimiter: str | None = None
    decimal: str = "."
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read, for `check`

    @property
    def n_entries(self) -> int:
        return len(self.entries)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


# ---------------------------------------------------------------- columns


@dataclass
class _Column:
    index: int
    header: str  # as written
    name: str  # in entries
    measure: schema.Measure | None  # None for custom columns
    kind: str


def _map_columns(
    header: list[Any], records: list[list[Any]], problems: list[Problem]
) -> list[_Column]:
    columns: list[_Column] = []
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
        columns.append(_Column(index, written, name, measure, kind))
    return columns


def _custom_name(written: str, taken: set[str]) -> str:
    base = schema.normalize_header(written) or "column"
    if base in schema.COLUMNS or base in schema.DERIVED:
        base = f"{base}_custom"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _is_repeated_header(record: list[Any], header: list[Any]) -> bool:
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


# ---------------------------------------------------------------- read_log


def read_log(path: str | Path, dayfirst: bool | None = None) -> Log:
    """Read a log file into entries and problems.

    dayfirst: how to read slash dates like 03/04/2026 when nothing in the file tells;
    None lets the reader choose the order under which the dates lie closest together.

    >>> log = read_log("data/example_log.csv")
    >>> log.entries[["date", "sitting_hours", "back_pain"]].head()  # doctest: +SKIP
    """
    import pandas as pd

    path = Path(path)
    table = read_table(path)
    problems = [Problem(None, "", "", warning, WARNING) for warning in table.warnings]
    records = table.records

    header_index = next(
        (i for i, r in enumerate(records[:10]) if not all(is_blank(c) for c in r)), None
    )
    if header_index is None:
        raise LogError(
            f"The file {path.name} has no header row. The first row should name the "
            "columns, one of them 'date'."
        )
    header = records[header_index]
    if not has_date_header(header):
        shown = ", ".join(show(c) for c in header if not is_blank(c))[:200]
        raise LogError(
            f"The file {path.name} has no date column. The first row should name the columns, one "
            f"of them 'date'; here it reads: '{shown}'. Start from data/template.csv if "
            "unsure."
        )
    data = records[header_index + 1 :]
    first_row = header_index + 2  # spreadsheet row number of data[0]
    columns = _map_columns(header, data, problems)
    date_column = next(c for c in columns if c.name == "date")
    width = max(
        len(header) - next((i for i, c in enumerate(reversed(header)) if not is_blank(c)), 0), 1
    )

    # Classify rows: blank, a pasted header, or data.
    kinds: list[str] = []
    for record in data:
        if all(is_blank(c) for c in record):
            kinds.append("blank")
        elif _is_repeated_header(record, header):
            kinds.append("header")
        else:
            kinds.append("data")

    decimal = "."
    if table.delimiter is not None:
        texts = [
            r[c.index]
            for r, k in zip(data, kinds, strict=True)
            if k == "data"
            for c in columns
            if c.index < len(r) and isinstance(r[c.index], str) and c.kind in (NUMBER, COUNT)
        ]
        decimal = decimal_mark(texts)

    # Custom columns are numbers when nearly all their values are.
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

    # Date order from the evidence of the whole file.
    tokens: list[DateToken | None] = []
    for record, kind in zip(data, kinds, strict=True):
        raw = record[date_column.index] if date_column.index < len(record) else None
        tokens.append(date_token(raw) if kind == "data" and not is_blank(raw) else None)
    slashes = [
        (t.slash, show(r[date_column.index]).strip())
        for t, r in zip(tokens, data, strict=True)
        if t and t.slash
    ]
    order, order_reason, order_warning = date_order(slashes, dayfirst)
    if order_warning:
        problems.append(Problem(None, date_column.header, "", order_warning, WARNING))

    rows_out: list[dict[str, Any]] = []
    unusable = blank = 0
    day_rows: dict[dt.date, list[int]] = {}
    for offset, (record, kind, token) in enumerate(zip(data, kinds, tokens, strict=True)):
        row = first_row + offset
        if kind == "blank":
            blank += 1
            continue
        if kind == "header":
            unusable += 1
            problems.append(
                Problem(
                    row,
                    "",
                    "",
                    "This row repeats the column names, so it was not read as an entry.",
                    WARNING,
                )
            )
            continue
        raw_date = record[date_column.index] if date_column.index < len(record) else None
        date = _resolve_date(token, order)
        if date is None:
            unusable += 1
            problems.append(_date_problem(row, date_column.header, raw_date, token, order))
            continue
        extra = [show(c) for c in record[width:] if not is_blank(c)]
        if extra:
            shown = ", ".join(f"'{c}'" for c in extra)
            problems.append(
                Problem(
                    row,
                    "",
                    shown,
                    f"This row has {len(extra)} more "
                    f"{'cell' if len(extra) == 1 else 'cells'} than there are "
                    f"column names; {'it was' if len(extra) == 1 else 'they were'}"
                    f" ignored: {shown}.",
                    WARNING,
                )
            )
        entry: dict[str, Any] = {schema.ROW: row, "date": date}
        for column in columns:
            if column is date_column:
                continue
            raw = record[column.index] if column.index < len(record) else None
            value, problem = _parse_cell(raw, column, decimal)
            if problem:
                problems.append(Problem(row, column.header, show(raw), problem[0], problem[1]))
            entry[column.name] = value
        if (
            entry.get("time") is None
            and token is not None
            and token.time
            and any(c.name == "time" for c in columns)
        ):
            entry["time"] = token.time
        rows_out.append(entry)
        day_rows.setdefault(date, []).append(len(rows_out) - 1)

    problems.extend(_day_limit_problems(rows_out, day_rows, columns))
    problems.sort(key=lambda p: -1 if p.row is None else p.row)
    names = [schema.ROW, "date"] + [c.name for c in _ordered(columns) if c is not date_column]
    entries = pd.DataFrame(rows_out, columns=names)
    entries = _typed(entries, columns)
    notes = list(table.notes)
    if table.delimiter is not None:
        notes.append(_dialect_note(table.encoding, table.delimiter, decimal))
    return Log(
        entries=entries,
        problems=problems,
        rows=len(data),
        unusable_rows=unusable,
        blank_rows=blank,
        dayfirst=order,
        dayfirst_reason=order_reason,
        custom_columns=[c.name for c in columns if c.measure is None],
        columns={c.header: c.name for c in columns},
        path=path,
        encoding=table.encoding,
        delimiter=table.delimiter,
        decimal=decimal,
        sheet=table.sheet,
        notes=notes,
    )


def _dialect_note(encoding: str | None, delimiter: str, decimal: str) -> str:
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
    mark = "decimal commas" if decimal == "," else "decimal points"
    return f"Read as {encoding} text with cells split by {names[delimiter]} and {mark}."


def _ordered(columns: list[_Column]) -> list[_Column]:
    """Schema columns in schema order, then custom columns in file order."""
    known = sorted((c for c in columns if c.measure), key=lambda c: schema.COLUMNS.index(c.name))
    return known + [c for c in columns if c.measure is None]


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


def _parse_cell(raw: Any, column: _Column, decimal: str) -> tuple[Any, tuple[str, str] | None]:
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
    entries: list[dict[str, Any]], day_rows: dict[dt.date, list[int]], columns: list[_Column]
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


def _typed(entries: Any, columns: list[_Column]) -> Any:
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
