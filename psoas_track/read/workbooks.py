"""A spreadsheet file (.xlsx, .ods) -> the Table of its log's sheet: the sheet asked for,
else the one most like a log. A zip that would unpack to too much is refused first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.cells import date_token, is_blank
from psoas_track.read.table import MAX_COLUMNS, LogError, Table, has_date_header, too_big, too_wide


def check_unpacked_size(path: Path, limit: int) -> None:
    """A zip that unpacks to gigabytes (a 'zip bomb') is refused before it is opened."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # the spreadsheet reader says what is wrong in its own words
    if unpacked > limit:
        raise too_big(path, unpacked, limit, "unpacks to")


def _trimmed(row: Any, path: Path) -> list[Any]:
    cells = list(row)
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    if end > MAX_COLUMNS:
        raise too_wide(path, end)
    return cells[:end]


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """The log's sheet of an Excel workbook, each cell as openpyxl gives its value."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise LogError(
            f"The file {path.name} could not be opened as an Excel file ({type(error).__name__}). "
            "Open it in your spreadsheet program and save it again as .xlsx or .csv."
        ) from error
    try:
        sheets = []
        for ws in book.worksheets:
            # The declared range (A1:XFD1048576 in a hostile file) is not trusted: only
            # the cells that exist are read.
            ws.reset_dimensions()
            sheets.append((ws.title, [_trimmed(r, path) for r in ws.iter_rows(values_only=True)]))
    finally:
        book.close()
    return _pick_sheet(path, sheets, sheet)


def read_ods(path: Path, sheet: str | None = None) -> Table:
    """The log's sheet of an OpenDocument spreadsheet, streamed from its XML (read/ods)."""
    from psoas_track.read.ods import OdsError, ods_sheets

    try:
        sheets = ods_sheets(path, MAX_COLUMNS)
    except OdsError as error:
        if error.columns:
            raise too_wide(path, error.columns) from error
        raise LogError(
            f"The file {path.name} could not be opened as an OpenDocument spreadsheet "
            f"({error}). Open it in LibreOffice and save it again."
        ) from error
    return _pick_sheet(path, sheets, sheet)


def _pick_sheet(
    path: Path, sheets: list[tuple[str, list[list[Any]]]], wanted: str | None = None
) -> Table:
    """The sheet asked for, else the one with the most dated rows and known columns.

    A workbook often opens on a summary or a chart sheet; the log is the sheet that
    looks most like one.
    """
    # Formatted but empty rows at the end of a sheet are layout, not rows anyone typed.
    sheets = [(title, _trim_trailing_blank(records)) for title, records in sheets]
    if wanted is not None:
        return _wanted_sheet(path, sheets, wanted)
    scored = [(_log_likeness(records), title, records) for title, records in sheets]
    best = max(scored, key=lambda s: s[0], default=None)
    if best is None or not (best[0][0] or best[0][1] or best[2]):
        raise LogError(
            f"The file {path.name} has no rows to read. Fill in the first sheet, starting "
            "with a header row that names the columns (one of them 'date')."
        )
    (dated, known), title, records = best
    notes = []
    if len(sheets) > 1:
        others = ", ".join(f"'{t}' {d}" for (d, _), t, _ in scored if t != title)
        notes.append(
            f"Read the sheet '{title}': it has the most dated rows ({dated}) and known "
            f"columns ({known}); dated rows in the others: {others}. Choose another with --sheet."
        )
    return Table(records, sheet=title, notes=notes)


def _wanted_sheet(path: Path, sheets: list[tuple[str, list[list[Any]]]], wanted: str) -> Table:
    for title, records in sheets:
        if title == wanted or title.strip().lower() == wanted.strip().lower():
            return Table(records, sheet=title, notes=[f"Read the sheet '{title}', as asked."])
    names = ", ".join(f"'{t}'" for t, _ in sheets)
    raise LogError(f"The file {path.name} has no sheet called '{wanted}'; its sheets are {names}.")


def _log_likeness(records: list[list[Any]]) -> tuple[int, int]:
    """(rows with a date under the date header, known columns in that header)."""
    header_at = next((i for i, r in enumerate(records[:10]) if has_date_header(r)), None)
    if header_at is None:
        return 0, 0
    header = records[header_at]
    known = sum(isinstance(c, str) and schema.canonical(c) is not None for c in header)
    column = next(
        i for i, c in enumerate(header) if isinstance(c, str) and schema.canonical(c) == "date"
    )
    dated = sum(
        1
        for r in records[header_at + 1 :]
        if column < len(r) and not is_blank(r[column]) and date_token(r[column]) is not None
    )
    return dated, known


def _trim_trailing_blank(records: list[list[Any]]) -> list[list[Any]]:
    end = len(records)
    while end and all(is_blank(c) for c in records[end - 1]):
        end -= 1
    return records[:end]
