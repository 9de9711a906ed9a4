"""Add a row to an .xlsx log, in the cell types, formats and tables it already uses."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from psoas_track import schema
from psoas_track.write.dialect import (
    _cell_text,
    _date_style,
    _flag_words,
    _looks_like_formula,
    _map_header,
    _new_header,
    _Target,
)
from psoas_track.write.errors import JournalError
from psoas_track.write.formulas import keep_cached_values

# Parts of a workbook that openpyxl does not keep when it saves: refuse rather than lose them.
_LOSSY_PARTS = re.compile(
    r"xl/(drawings/drawing\d+\.xml|charts/|media/|pivot|slicer|timeline|embeddings/|activeX/"
    r"|ctrlProps/|vbaProject)",
    re.I,
)


def _blank_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _append_xlsx(
    data: bytes, log, fields: dict[str, Any], custom: dict[str, tuple[str, Any]], name: str
) -> tuple[bytes, int]:
    """The workbook's bytes with the entry added below its last row, and that row's number.

    New measures get columns at the right of the header, styled like their neighbour; each
    cell takes the style and the kind of value (date, time, flag words) of the one above.
    """
    return _append_xlsx_rows(data, log, [(fields, custom)], name)


def _append_xlsx_rows(
    data: bytes, log, rows: list[tuple[dict[str, Any], dict[str, tuple[str, Any]]]], name: str
) -> tuple[bytes, int]:
    """The workbook's bytes with the entries added below its last row, in order, and the
    row number of the last one (the workbook is opened and saved once)."""
    book = _open_workbook(data, name)
    sheet = book[log.sheet] if log.sheet in book.sheetnames else book.worksheets[0]
    header_row = _header_row(sheet, name)
    header_cells = list(sheet[header_row])
    targets = _map_header(
        [(c.column, _cell_text(c.value)) for c in header_cells if not _blank_cell(c.value)], log
    )
    last, used = _extent(sheet, header_row, header_cells)
    names = dict.fromkeys(key for fields, _ in rows for key in fields)
    _add_columns(sheet, header_row, header_cells, names, targets, used)
    before = last
    for fields, custom in rows:
        values: dict[str, Any] = dict(fields)
        values.update({k: v for k, (_, v) in custom.items()})
        for key, value in values.items():
            _write_cell(sheet, key, value, targets[key].index, header_row, last, log)
        last += 1
    _extend_tables(sheet, header_row, before, last)
    # Spreadsheet programs recompute on opening (a sum over the column now has a new row);
    # until then, every formula keeps the value it had.
    book.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    book.save(buffer)
    return keep_cached_values(data, buffer.getvalue()), last


def _open_workbook(data: bytes, name: str):
    """The workbook, refused when it is damaged or holds parts openpyxl would not keep."""
    import warnings
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            lossy = [n for n in archive.namelist() if _LOSSY_PARTS.match(n)]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise JournalError(
            f"The file {name} could not be opened as an Excel file ({type(error).__name__}). "
            "Open it in your spreadsheet program and save it again as .xlsx."
        ) from error
    dropped = [str(w.message) for w in caught if "will be removed" in str(w.message)]
    if lossy or dropped:
        raise JournalError(
            f"The workbook {name} holds charts, pictures, pivot tables or other extras that "
            "would be lost if this program saved it. Add the entry in your spreadsheet "
            "program instead, or keep the log in a workbook of its own."
        )
    return book


def _row_values(sheet, r: int) -> list[Any]:
    return [c.value for c in sheet[r]] if r <= sheet.max_row else []


def _header_row(sheet, name: str) -> int:
    """The header: the first row that is not blank, among the first ten."""
    header_row = next(
        (
            r
            for r in range(1, min(sheet.max_row, 10) + 1)
            if not all(_blank_cell(v) for v in _row_values(sheet, r))
        ),
        None,
    )
    if header_row is None:
        raise JournalError(f"The workbook {name} has no header row; start from 'psoas-track init'.")
    return header_row


def _extent(sheet, header_row: int, header_cells: list) -> tuple[int, int]:
    """(the last row holding anything, the last column holding anything)."""
    last = header_row
    used = max((c.column for c in header_cells if not _blank_cell(c.value)), default=0)
    for r, values in enumerate(
        sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        filled = [i + 1 for i, v in enumerate(values) if not _blank_cell(v)]
        if filled:
            last = r
            used = max(used, filled[-1])
    return last, used


def _add_columns(
    sheet,
    header_row: int,
    header_cells: list,
    fields: dict[str, Any],
    targets: dict[str, _Target],
    used: int,
) -> None:
    """A header cell, styled like its left neighbour, for each field the header lacks."""
    from copy import copy

    existing_headers = [str(c.value).strip() for c in header_cells if not _blank_cell(c.value)]
    for key in fields:
        if key in targets:
            continue
        used += 1
        written = _new_header(key, existing_headers)
        cell = sheet.cell(row=header_row, column=used, value=written)
        neighbour = sheet.cell(row=header_row, column=max(used - 1, 1))
        if neighbour.has_style and used > 1:
            cell._style = copy(neighbour._style)
        measure = schema.measure_of(key)
        targets[key] = _Target(used, written, measure, measure.numeric)


def _write_cell(sheet, key: str, value: Any, column: int, header_row: int, last: int, log) -> None:
    """Write one value in the new row, in the style and kind of the cells above it."""
    from copy import copy

    cell = sheet.cell(row=last + 1, column=column)
    above = sheet.cell(row=last, column=column) if last > header_row else None
    if not cell.has_style and above is not None and above.has_style:
        cell._style = copy(above._style)
    samples = (
        [v for v in _column_samples(sheet, column, header_row, last) if not _blank_cell(v)]
        if above
        else []
    )
    _set_value(cell, key, value, samples, log)
    # The quote prefix marks formula-looking text as text; nothing else carries one.
    text = isinstance(cell.value, str) and _looks_like_formula(cell.value)
    if cell.quotePrefix != text:
        cell.quotePrefix = text


def _column_samples(sheet, column: int, header_row: int, last: int) -> list[Any]:
    """The column's values in the last 200 rows or so, header left out."""
    return [
        sheet.cell(row=r, column=column).value
        for r in range(max(header_row + 1, last - 200), last + 1)
    ]


def _set_value(cell, key: str, value: Any, samples: list[Any], log) -> None:
    """The cell's value as the samples above it hold theirs (text dates, times, flags)."""
    if key == "date":
        strings = [s for s in samples if isinstance(s, str)]
        if samples and len(strings) == len(samples):
            cell.value = _date_style(strings, log.dayfirst).format(value)
        else:
            cell.value = value
            if not cell.is_date:
                cell.number_format = "yyyy-mm-dd"
    elif key == "time":
        if any(isinstance(s, (dt.time, dt.datetime)) for s in samples):
            hour, minute = map(int, value.split(":"))
            cell.value = dt.time(hour, minute)
            if not cell.is_date:
                cell.number_format = "hh:mm"
        else:
            cell.value = value
    elif isinstance(value, bool):
        if any(isinstance(s, bool) for s in samples):
            cell.value = value
        else:
            yes, no = _flag_words(samples)
            cell.value = yes if value else no
    elif isinstance(value, (int, float)):
        cell.value = int(value) if float(value).is_integer() else float(value)
    else:
        cell.value = str(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with


def _extend_tables(sheet, header_row: int, last: int, new_row: int) -> None:
    """An Excel table (Insert > Table) that ended at the last entry now takes the new row."""
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    for table in sheet.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if min_row != header_row or max_row != last:
            continue
        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{new_row}"
        table.ref = ref
        if table.autoFilter is not None:
            table.autoFilter.ref = ref
