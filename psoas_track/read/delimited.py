"""A delimited text file (CSV, TSV, semicolons) -> a Table of raw rows: its encoding,
its delimiter, and its cells split by pandas' C reader (the csv module where that cannot
split it the same way).

Only a file that cannot be read at all raises LogError; what is in the cells is left to
the reader.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas_track import schema
from psoas_track.read.table import MAX_COLUMNS, LogError, Table, has_date_header, too_wide

if TYPE_CHECKING:
    from psoas_track.read.grid import ColumnRows


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
                    raise too_wide(path, filled)


def read_text(path: Path, data: bytes) -> Table:
    """The rows of a text file's bytes, in the encoding and delimiter it shows."""
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
