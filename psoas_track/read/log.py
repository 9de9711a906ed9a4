"""Read a log file (CSV/TSV/TXT/XLSX/ODS) into entries and a list of problems.

Reading never raises on bad content: a bad cell becomes blank and is reported with the
spreadsheet row number the person sees (header = row 1). Only a file that cannot be read
at all raises LogError. Every data row is accounted for:
rows == n_entries + unusable_rows + blank_rows.

`read_log` is a pipeline of named steps: read the table (files), find the header and
map the columns (columns), classify the rows and decide the decimal marks and the date
order (evidence), read every row column by column (rows, grid, convert), check the days'
totals (day_limits), warn about entries dated after today (dates), and type the entries.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from psoas_track import schema
from psoas_track.log import ERROR, WARNING, Log, Problem
from psoas_track.read.columns import Column, ordered, settle_custom_kinds
from psoas_track.read.files import read_table
from psoas_track.read.table import MAX_SIZE, LogError, Table

if TYPE_CHECKING:
    import pandas as pd

    from psoas_track.read.evidence import Sheet
    from psoas_track.read.rows import Rows

__all__ = ["ERROR", "WARNING", "Log", "LogError", "Problem", "read_log"]


def read_log(
    path: str | Path,
    dayfirst: bool | None = None,
    year: int | None = None,
    max_size: int = MAX_SIZE,
    sheet: str | None = None,
    today: dt.date | None = None,
) -> Log:
    """Read a log file into entries and problems.

    dayfirst: how to read slash dates like 03/04/2026 when nothing in the file tells;
    None lets the reader choose the order under which the dates lie closest together.
    year: the year of dates written without one ('Tue 3 Nov'); None takes the year most
    of the file's other dates have.
    max_size: the most bytes read, and the most a zipped spreadsheet may unpack to.
    sheet: the sheet of an .xlsx or .ods to read; None picks the one most like a log.
    today: the day the log is read on (default: today). An entry dated after it is a
    warning on its row; it stays in `entries` but daily() leaves its day out.

    >>> log = read_log("data/example_log.csv")
    >>> log.entries[["date", "sitting_hours", "back_pain"]].head()  # doctest: +SKIP
    """
    # numpy and pandas load here, not when the CLI starts (`psoas-track --help`).
    from psoas_track.read.day_limits import day_limit_problems
    from psoas_track.read.evidence import Sheet
    from psoas_track.read.rows import read_rows

    today = today or dt.date.today()
    path = Path(path)
    table = read_table(path, max_size, sheet)
    sheet = Sheet.of(path, table)
    sheet.classify_rows()
    sheet.decide_decimal_mark()
    settle_custom_kinds(sheet.columns, sheet.grid, sheet.is_data)
    sheet.decide_date_order(dayfirst, year)
    rows = read_rows(sheet)
    entries = _entries(rows, sheet.columns)
    sheet.problems.extend(day_limit_problems(entries, sheet.columns))
    sheet.problems.extend(_future_problems(sheet, rows, today))
    return _log(path, table, sheet, rows, entries, today)


def _entries(rows: Rows, columns: list[Column]) -> pd.DataFrame:
    from psoas_track.read.rows import entries_frame

    date_column = next(c for c in columns if c.name == "date")
    names = [schema.ROW, "date"] + [c.name for c in ordered(columns) if c is not date_column]
    return entries_frame(rows, names, columns)


def _future_problems(sheet: Sheet, rows: Rows, today: dt.date) -> list[Problem]:
    """A warning on each row dated after today, with the date cell as written."""
    import numpy as np

    from psoas_track.read.dates import future_problems
    from psoas_track.read.layout import cell

    after = np.flatnonzero(rows.dates >= np.datetime64(today + dt.timedelta(days=1), "ns"))
    if not len(after):
        return []
    numbers = rows.row_numbers[after].tolist()  # Python ints
    days = rows.dates[after].astype("datetime64[D]").tolist()  # dt.date each
    index, first, data = sheet.date_column.index, sheet.first_row, sheet.data
    raws = [cell(data[r - first], index) for r in numbers]
    return future_problems(numbers, days, raws, sheet.date_column.header, today)


def _log(
    path: Path, table: Table, sheet: Sheet, rows: Rows, entries: pd.DataFrame, today: dt.date
) -> Log:
    problems = sorted(sheet.problems, key=lambda p: -1 if p.row is None else p.row)
    notes = list(table.notes)
    if table.delimiter is not None:
        notes.append(_dialect_note(table.encoding, table.delimiter, sheet.decimal))
    if sheet.no_year_dates and sheet.year is not None:
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
        unread=_unread(sheet),
        today=today,
    )


def _unread(sheet: Sheet) -> str | None:
    """Why part of the file could not be read, for writers, which then refuse to add to it."""
    if sheet.unclosed is None:
        return None
    from psoas_track.read.rows import unclosed_quote_message

    row = sheet.first_row + sheet.unclosed
    return f"Row {row}: {unclosed_quote_message(sheet)}"


def _dialect_note(encoding: str | None, delimiter: str, decimal: str) -> str:
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
    mark = "decimal commas" if decimal == "," else "decimal points"
    return f"Read as {encoding} text with cells split by {names[delimiter]} and {mark}."
