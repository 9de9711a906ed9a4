"""A log file as rows of raw cells: text encodings, delimiters, .xlsx and .ods sheets.

Only a file that cannot be read at all raises LogError; what is in the cells is left to
the reader.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas_track import schema
from psoas_track.errors import PsoasError
from psoas_track.read.cells import is_blank
from psoas_track.read.dates import date_token

if TYPE_CHECKING:
    from psoas_track.read.grid import ColumnRows


class LogError(PsoasError):
    """The file cannot be read at all; the message says what to do."""


# Limits that keep a broken or hostile file from taking the machine; a 20-year log with
# a dozen entries a day is some 20 MB as text.
MAX_SIZE = 200 * 1024 * 1024  # bytes read, and bytes a zipped spreadsheet unpacks to
MAX_COLUMNS = 500


def _too_big(path: Path, size: int, limit: int, what: str) -> LogError:
    size_mb, limit_mb = size / 2**20, limit / 2**20
    return LogError(
        f"The file {path.name} {what} {size_mb:,.0f} MB, more than the {limit_mb:,.0f} MB "
        "a log is read up to, so it was not read. If it really is your log, raise the limit "
        "with --max-size (in MB)."
    )


def _too_wide(path: Path, columns: int) -> LogError:
    return LogError(
        f"The file {path.name} has a row of {columns:,} cells, more than the {MAX_COLUMNS} "
        "columns a log can have, so it was not read. Check that it is your log, saved as a "
        "table with one entry per row."
    )


@dataclass
class Table:
    records: list[list[Any]]  # every row of the file, header included
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read
    warnings: list[str] = field(default_factory=list)  # of those, what the person should check
    # A quote that never closes: (index in records of the row it opens in, its line in
    # the file, the file's last line). That row swallowed the rest of the file.
    unclosed_quote: tuple[int, int, int] | None = None


def has_date_header(record: list[Any]) -> bool:
    return any(isinstance(c, str) and schema.canonical(c) == "date" for c in record)


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Bytes -> text, trying what spreadsheets write: UTF-8 (BOM or not), UTF-16, cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    head = data[:400]
    if head and head.count(0) > len(head) // 4:
        # UTF-16 without a BOM shows a zero byte beside every ASCII character.
        even_zeros = head[0::2].count(0)
        odd_zeros = head[1::2].count(0)
        if max(even_zeros, odd_zeros) > len(head) // 4 and min(even_zeros, odd_zeros) < 3:
            encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
            text = data.decode(encoding, errors="replace")
            if "\x00" not in text:
                return text, encoding, []
    if b"\x00" in data:
        raise LogError(
            f"The file {name} does not look like a spreadsheet or a text file. Save your log as "
            ".csv, .xlsx or .ods and try again."
        )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    note = (
        f"The file is not UTF-8; it was read as Windows text ({encoding}). If letters "
        "like ü or € look wrong, save the file as 'CSV UTF-8' and read it again."
    )
    return text, encoding, [note]


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f")
    return controls > max(2, len(sample) // 50)


_DELIMITERS = (",", ";", "\t", "|")


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` lines that are not blank, without splitting the whole text."""
    size = 65_536
    while True:
        head = text[:size]
        lines = [ln for ln in head.splitlines() if ln.strip()]
        if len(lines) > count or size >= len(text):  # line count+1 may be cut short
            return lines[:count]
        size *= 4


def _choose_delimiter(text: str, suffix: str) -> str:
    """The delimiter under which the header holds a date column and the most known names.

    A header of one column tells nothing, so ties go to the delimiter the rows use most.
    """
    lines = _first_lines(text, 50)
    best, best_score = None, (-1, -1, -1, -1)
    for delimiter in _DELIMITERS:
        for line in lines[:10]:
            fields = _split_line(line, delimiter)
            if not has_date_header(fields):
                continue
            known = sum(schema.canonical(f) is not None for f in fields)
            preferred = int(delimiter == "\t" and suffix in (".tsv", ".tab"))
            used = sum(ln.count(delimiter) for ln in lines)
            score = (known, preferred, len(fields), used)
            if score > best_score:
                best, best_score = delimiter, score
            break
    if best is None:
        return "\t" if suffix in (".tsv", ".tab") else ","
    return best


def _check_width(path: Path, text: str) -> None:
    """Refuse a row of thousands of cells before splitting it (a million take minutes)."""
    for line in text[:10_000_000].split("\n", 50)[:50]:
        for delimiter in _DELIMITERS:
            if line.count(delimiter) >= MAX_COLUMNS:
                filled = sum(1 for f in line.split(delimiter) if f.strip(' "'))
                if filled > MAX_COLUMNS:
                    raise _too_wide(path, filled)


def _read_text(path: Path, data: bytes) -> Table:
    name = path.name
    text, encoding, notes = _decode(data, name)
    if _looks_binary(text):
        raise LogError(
            f"The file {name} does not look like a spreadsheet or a text file. Save your log as "
            ".csv, .xlsx or .ods and try again."
        )
    _check_width(path, text)
    delimiter = _choose_delimiter(text, path.suffix.lower())
    records = _split_by_pandas(text, delimiter)
    unclosed = None
    if records is None:
        records, last_start, last_line = _split_by_csv(name, text, delimiter)
        unclosed = _unclosed_quote(text, delimiter, len(records), last_start, last_line)
    table = Table(records, encoding, delimiter, None, notes, warnings=list(notes))
    table.unclosed_quote = unclosed
    return table


def _unclosed_quote(
    text: str, delimiter: str, rows: int, last_start: int, last_line: int
) -> tuple[int, int, int] | None:
    """Where a quoted cell opens that never closes (the csv module reads on to the end
    of the file as one cell): (row index, line it starts on, last line), else None.
    rows, last_start, last_line: what the csv module read (_split_by_csv)."""
    if not rows or last_line == last_start:
        return None  # the last row is one line: no quoted cell ran on
    tail = "".join(io.StringIO(text, newline="").readlines()[last_start - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            return rows - 1, last_start, last_line
    return None


def _split_by_pandas(text: str, delimiter: str) -> ColumnRows | None:
    """The cells of a CSV text as columns, split by pandas' C reader (ten times faster
    than row by row); None when it cannot split the file the way the csv module would."""
    import pandas as pd

    from psoas_track.read.grid import ColumnRows

    if "\x00" in text:  # the csv module refuses NUL, with a message of its own
        return None
    try:
        frame = _pandas_split(text, delimiter, None)
    except pd.errors.ParserError:  # a row longer than the first: give it room
        # At most as many cells as a line has delimiters (a quoted delimiter counts extra).
        widest = max((line.count(delimiter) for line in text.splitlines()), default=0) + 1
        if widest > MAX_COLUMNS + 1:
            return None
        try:
            frame = _pandas_split(text, delimiter, widest)
        except (pd.errors.ParserError, ValueError):
            return None  # e.g. a quoted cell with line breaks and many delimiters
    except (pd.errors.EmptyDataError, ValueError):
        return None
    columns = [frame[c].to_numpy(dtype=object, copy=False) for c in frame.columns]
    while columns and not (columns[-1] != "").any():  # padding past the widest row
        columns.pop()
    return ColumnRows(columns) if columns else None


def _pandas_split(text: str, delimiter: str, width: int | None) -> Any:
    import pandas as pd

    return pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        header=None,
        names=None if width is None else range(width),
        dtype=object,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )


def _split_by_csv(name: str, text: str, delimiter: str) -> tuple[list[list[str]], int, int]:
    """(the rows, the line the last row starts on, the last line read)."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, last_start, line = [], 0, 0
    try:
        for record in reader:
            records.append(record)
            last_start, line = line + 1, reader.line_num
        return records, last_start, line
    except csv.Error as error:
        raise LogError(
            f"The file {name} could not be read as a table ({error}). Open it in your spreadsheet "
            "program and save it again as CSV."
        ) from error


def _check_unpacked_size(path: Path, limit: int) -> None:
    """A zip that unpacks to gigabytes (a 'zip bomb') is refused before it is opened."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # the spreadsheet reader says what is wrong in its own words
    if unpacked > limit:
        raise _too_big(path, unpacked, limit, "unpacks to")


def _trimmed(row: Any, path: Path) -> list[Any]:
    cells = list(row)
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    if end > MAX_COLUMNS:
        raise _too_wide(path, end)
    return cells[:end]


def _read_xlsx(path: Path, sheet: str | None = None) -> Table:
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


def _read_ods(path: Path, sheet: str | None = None) -> Table:
    from psoas_track.read.ods import OdsError, ods_sheets

    try:
        sheets = ods_sheets(path, MAX_COLUMNS)
    except OdsError as error:
        if error.columns:
            raise _too_wide(path, error.columns) from error
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


def read_table(path: Path, max_size: int = MAX_SIZE, sheet: str | None = None) -> Table:
    _check_is_a_file(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LogError(
            f"The file {path.name} is an old Excel .xls file, which cannot be read here. "
            "In your spreadsheet program, save it as .xlsx or .csv and try again."
        )
    size = path.stat().st_size
    if size > max_size:
        raise _too_big(path, size, max_size, "is")
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise LogError(
            f"The file {path.name} is empty: there is nothing to read. Start from "
            "data/template.csv or run 'psoas-track init'."
        )
    if suffix in (".xlsx", ".xlsm", ".ods") or data[:4] == b"PK\x03\x04":
        _check_unpacked_size(path, max_size)
        return _read_ods(path, sheet) if suffix == ".ods" else _read_xlsx(path, sheet)
    return _read_text(path, data)


def _check_is_a_file(path: Path) -> None:
    """Only a regular file is read: a pipe would wait forever, a device never ends."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise LogError(f"There is no file at {path}. Check the name and the folder.") from None
    except OSError as error:
        raise LogError(f"The file {path} cannot be opened ({error.strerror}).") from error
    if stat.S_ISDIR(mode):
        raise LogError(f"The path {path} is a folder, not a log file. Give the path of the file.")
    if not stat.S_ISREG(mode):
        raise LogError(
            f"{path} is not a regular file (it is a pipe, a device or a socket), so it was not "
            "read. Give the path of your log file."
        )
