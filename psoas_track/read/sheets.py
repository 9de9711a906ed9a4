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
from typing import Any

from psoas_track import schema
from psoas_track.read.cells import is_blank


class LogError(Exception):
    """The file cannot be read at all; the message says what to do."""


@dataclass
class Table:
    records: list[list[Any]]  # every row of the file, header included
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read
    warnings: list[str] = field(default_factory=list)  # of those, what the person should check


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


def _choose_delimiter(text: str, suffix: str) -> str:
    """The delimiter under which the header holds a date column and the most known names.

    A header of one column tells nothing, so ties go to the delimiter the rows use most.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
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


def _read_text(path: Path, data: bytes) -> Table:
    name = path.name
    text, encoding, notes = _decode(data, name)
    if _looks_binary(text):
        raise LogError(
            f"The file {name} does not look like a spreadsheet or a text file. Save your log as "
            ".csv, .xlsx or .ods and try again."
        )
    delimiter = _choose_delimiter(text, path.suffix.lower())
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        records = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise LogError(
            f"The file {name} could not be read as a table ({error}). Open it in your spreadsheet "
            "program and save it again as CSV."
        ) from error
    return Table(records, encoding, delimiter, None, notes, warnings=list(notes))


def _read_xlsx(path: Path) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise LogError(
            f"The file {path.name} could not be opened as an Excel file ({type(error).__name__}). "
            "Open it in your spreadsheet program and save it again as .xlsx or .csv."
        ) from error
    try:
        sheets = [
            (ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book.worksheets
        ]
    finally:
        book.close()
    return _pick_sheet(path, sheets)


def _read_ods(path: Path) -> Table:
    import pandas as pd

    try:
        frames = pd.read_excel(path, engine="odf", header=None, dtype=object, sheet_name=None)
    except Exception as error:  # odfpy raises many kinds for a damaged file
        raise LogError(
            f"The file {path.name} could not be opened as an OpenDocument spreadsheet "
            f"({type(error).__name__}). Open it in LibreOffice and save it again."
        ) from error
    sheets = []
    for title, frame in frames.items():
        records = [
            [None if is_blank(v) else _from_pandas(v) for v in row]
            for row in frame.itertuples(index=False, name=None)
        ]
        sheets.append((str(title), records))
    return _pick_sheet(path, sheets)


def _from_pandas(value: Any) -> Any:
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def _pick_sheet(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> Table:
    """The first sheet whose header holds a date column (a log may sit behind a cover)."""
    # Formatted but empty rows at the end of a sheet are layout, not rows anyone typed.
    sheets = [(title, _trim_trailing_blank(records)) for title, records in sheets]
    for title, records in sheets:
        header = next((r for r in records[:10] if not all(is_blank(c) for c in r)), None)
        if header is not None and has_date_header(header):
            notes = [f"Read the sheet '{title}'."] if len(sheets) > 1 else []
            return Table(records, sheet=title, notes=notes)
    if sheets and sheets[0][1]:
        return Table(sheets[0][1], sheet=sheets[0][0])
    raise LogError(
        f"The file {path.name} has no rows to read. Fill in the first sheet, starting "
        "with a header row that names the columns (one of them 'date')."
    )


def _trim_trailing_blank(records: list[list[Any]]) -> list[list[Any]]:
    end = len(records)
    while end and all(is_blank(c) for c in records[end - 1]):
        end -= 1
    return records[:end]


def read_table(path: Path) -> Table:
    if not path.exists():
        raise LogError(f"There is no file at {path}. Check the name and the folder.")
    if path.is_dir():
        raise LogError(f"The path {path} is a folder, not a log file. Give the path of the file.")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LogError(
            f"The file {path.name} is an old Excel .xls file, which cannot be read here. "
            "In your spreadsheet program, save it as .xlsx or .csv and try again."
        )
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise LogError(
            f"The file {path.name} is empty: there is nothing to read. Start from "
            "data/template.csv or run 'psoas-track init'."
        )
    if suffix in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        if suffix == ".ods":
            return _read_ods(path)
        return _read_xlsx(path)
    if suffix == ".ods":
        return _read_ods(path)
    return _read_text(path, data)
