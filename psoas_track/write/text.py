"""Add a row to a text log (.csv, .tsv, ...) in its own dialect: encoding and BOM,
delimiter, quoting, decimal mark, line endings.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from psoas_track import schema
from psoas_track.schema import FLAG, TIME
from psoas_track.write.dialect import (
    _date_style,
    _DateStyle,
    _flag_words,
    _map_header,
    _neutralise,
    _new_header,
    _Target,
)
from psoas_track.write.errors import JournalError
from psoas_track.write.values import show_number

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class _Record:
    start: int  # offset in the text
    end: int  # offset after its line ending
    cells: list[str]

    @property
    def blank(self) -> bool:
        return all(not c.strip() for c in self.cells)


def _records(text: str, delimiter: str) -> list[_Record]:
    """Every record of a delimited text with its exact span (quoted cells may hold newlines)."""
    lines: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        end = _LINE.match(text, position).end()
        lines.append((position, end))
        position = end
    consumed = 0

    def feed() -> Iterator[str]:
        nonlocal consumed
        for start, end in lines:
            consumed += 1
            yield text[start:end]

    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    records = []
    first = 0
    for cells in csv.reader(feed(), delimiter=delimiter):
        records.append(_Record(lines[first][0], lines[consumed - 1][1], cells))
        first = consumed
    return records


def _line_ending(text: str, records: list[_Record]) -> str:
    counts: Counter[str] = Counter()
    for record in records:
        tail = text[max(record.start, record.end - 2) : record.end]
        if tail.endswith("\r\n"):
            counts["\r\n"] += 1
        elif tail.endswith("\n"):
            counts["\n"] += 1
        elif tail.endswith("\r"):
            counts["\r"] += 1
    if counts:
        return counts.most_common(1)[0][0]
    return "\r\n" if os.name == "nt" else "\n"


def _codec(data: bytes, encoding: str | None) -> tuple[bytes, str]:
    """(BOM, codec) to write the file back byte for byte."""
    if data.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8, "utf-8"
    if data.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE, "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return codecs.BOM_UTF16_BE, "utf-16-be"
    return b"", encoding or "utf-8"


_DOT_DECIMAL = re.compile(r"[+-]?\d*\.\d+")


def _decimal_mark(log, records: list[_Record], targets: dict[str, _Target]) -> str:
    """The file's decimal mark; with no decimals yet, ',' in a ';' file (European Excel)."""
    if log.decimal == "," or log.delimiter != ";":
        return log.decimal
    numeric = [t.index for t in targets.values() if t.numeric]
    for record in records[1:]:
        for index in numeric:
            cell = record.cells[index] if index < len(record.cells) else ""
            if _DOT_DECIMAL.fullmatch(cell.strip()):
                return "."
    return ","


def cell_text(
    name: str,
    value: Any,
    decimal: str = ".",
    dates: _DateStyle | None = None,
    flags: dict[str, tuple[Any, Any]] | None = None,
) -> str:
    """A value as the text of its cell in column `name`, in a file's style: its decimal
    mark, date style and yes/no words (by default 7.5, 2026-11-24, yes and no). Text that
    a spreadsheet would run as a formula gets a leading apostrophe; None is a blank."""
    measure = schema.measure_of(name)
    dates = dates or _DateStyle()
    flags = flags or {}
    if value is None:
        return ""
    if name == "date":
        return dates.format(value)
    if isinstance(value, bool):
        yes, no = flags.get(name, ("yes", "no"))
        return str(yes if value else no)
    if isinstance(value, (int, float)):
        text = show_number(float(value)) if not isinstance(value, int) else str(value)
        return text.replace(".", decimal)
    if measure is not None and measure.kind == TIME:
        return value
    return _neutralise(str(value))


def _append_text(
    data: bytes, log, fields: dict[str, Any], custom: dict[str, tuple[str, Any]]
) -> tuple[bytes, int]:
    """The file's bytes with the entry added as its last row, and that row's number.

    New measures get columns at the right of the header; the row is written in the file's
    own encoding, delimiter, quoting, date style, flag words and decimal mark.
    """
    new, last = _append_text_rows(data, log, [(fields, custom)])
    return new, last


def _append_text_rows(
    data: bytes, log, rows: list[tuple[dict[str, Any], dict[str, tuple[str, Any]]]]
) -> tuple[bytes, int]:
    """The file's bytes with the entries added after its last row, in order, and the row
    number of the last one (the file is split and its style worked out once)."""
    bom, codec = _codec(data, log.encoding)
    text = _decode(data[len(bom) :], codec)
    records = _split(text, log.delimiter)
    header_at = _header_at(records)
    header = records[header_at]
    targets = _map_header(list(enumerate(header.cells)), log)
    used = _columns_used(records)
    names = dict.fromkeys(name for fields, _ in rows for name in fields)
    cells, added = _add_columns(names, targets, header, used)
    style = _line_style(text, log, records, header_at, targets)
    lines = [
        _styled_line(style, targets, cells, {**fields, **_values(custom)})
        for fields, custom in rows
    ]
    eol = _line_ending(text, records)
    new_text, last = _insert_line(text, records, header_at, eol.join(lines))
    if added:
        new_text = _rewrite_header(new_text, text, header, cells, added, used, log.delimiter)
    # spreadsheet row: header = row 1 at record 0; the entries take the rows after `last`
    return _encode(new_text, bom, codec), last + 1 + len(rows)


def _decode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError) as error:
        raise JournalError(
            f"The log holds bytes that are not valid {codec} text, so it cannot be written "
            "back exactly. Open it in your spreadsheet program, save it as 'CSV UTF-8', "
            "and try again."
        ) from error


def _split(text: str, delimiter: str) -> list[_Record]:
    try:
        return _records(text, delimiter)
    except csv.Error as error:
        raise JournalError(
            f"The log could not be split into rows ({error}). Open it in your spreadsheet "
            "program and save it again as CSV."
        ) from error


def _header_at(records: list[_Record]) -> int:
    """The header: the first record that is not blank, among the first ten."""
    header_at = next((i for i, r in enumerate(records[:10]) if not r.blank), None)
    if header_at is None:
        raise JournalError("The log has no header row; start from 'psoas-track init'.")
    return header_at


def _columns_used(records: list[_Record]) -> int:
    """How many columns hold anything, in any record."""
    return max(
        (max((i + 1 for i, c in enumerate(r.cells) if c.strip()), default=0) for r in records),
        default=0,
    )


def _add_columns(
    fields: dict[str, Any], targets: dict[str, _Target], header: _Record, used: int
) -> tuple[list[str], list[str]]:
    """Where each field goes: the file's own columns first, new ones at the right.

    Adds a target for each field the header lacks; returns the header's cells with the
    new names in place, and the new names.
    """
    cells = list(header.cells)
    added: list[str] = []
    for name in fields:
        if name in targets:
            continue
        index = used + len(added)
        written = _new_header(name, [c.strip() for c in header.cells])
        while len(cells) <= index:
            cells.append("")
        cells[index] = written
        added.append(written)
        measure = schema.measure_of(name)
        targets[name] = _Target(index, written, measure, measure.numeric)
    return cells, added


def _values(custom: dict[str, tuple[str, Any]]) -> dict[str, Any]:
    return {name: value for name, (_, value) in custom.items()}


@dataclass
class _LineStyle:
    """How the file writes its cells: dates, flag words, decimal mark, quotes."""

    delimiter: str
    dates: _DateStyle
    flags: dict[str, tuple[Any, Any]]
    decimal: str
    quote_text: bool


def _line_style(
    text: str, log, records: list[_Record], header_at: int, targets: dict[str, _Target]
) -> _LineStyle:
    header = records[header_at]
    data_records = [r for r in records[header_at + 1 :] if not r.blank]
    at_date = targets["date"].index
    dates = _date_style(
        [r.cells[at_date] for r in data_records[-200:] if at_date < len(r.cells)], log.dayfirst
    )
    flags = {
        name: _flag_words([r.cells[t.index] for r in data_records if t.index < len(r.cells)])
        for name, t in targets.items()
        if t.measure is not None and t.measure.kind == FLAG
    }
    decimal = _decimal_mark(log, [header, *data_records], targets)
    quote_text = _quotes_text(text, header, log.delimiter)
    return _LineStyle(log.delimiter, dates, flags, decimal, quote_text)


def _styled_line(
    style: _LineStyle, targets: dict[str, _Target], cells: list[str], values: dict[str, Any]
) -> str:
    """The entry as one record in the file's style."""
    row = [""] * max(len(cells), 1)
    quoted: set[int] = set()
    for name, value in values.items():
        index = targets[name].index
        row[index] = cell_text(name, value, style.decimal, style.dates, style.flags)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if style.quote_text and name != "date" and not number:
            quoted.add(index)
    return _csv_line(row, style.delimiter, quoted)


def _insert_line(text: str, records: list[_Record], header_at: int, line: str) -> tuple[str, int]:
    """The text with the line after its last record that is not blank, and that record."""
    eol = _line_ending(text, records)
    last = max((i for i, r in enumerate(records) if not r.blank), default=header_at)
    at = records[last].end
    ends_with_eol = text[records[last].start : at].endswith(("\n", "\r"))
    insert = (line + eol) if ends_with_eol else (eol + line + (eol if at < len(text) else ""))
    return text[:at] + insert + text[at:], last


def _rewrite_header(
    new_text: str,
    text: str,
    header: _Record,
    cells: list[str],
    added: list[str],
    used: int,
    delimiter: str,
) -> str:
    """The new text with the header naming the added columns too.

    The entry went in after the header, so the header's span in `text` is its span in
    `new_text`; a quoted header gets its new names quoted too.
    """
    quote_text = _quotes_text(text, header, delimiter)
    head = text[header.start : header.end]
    content = head.rstrip("\r\n")
    ending = head[len(content) :]
    if len(header.cells) <= used:
        pad = delimiter * (used - len(header.cells))
        extra = "".join(
            delimiter + _csv_line([h], delimiter, {0} if quote_text else set()) for h in added
        )
        new_head = content + pad + extra + ending
    else:
        every = set(range(len(cells))) if quote_text else set()
        new_head = _csv_line(cells, delimiter, every) + ending
    return new_text[: header.start] + new_head + new_text[header.end :]


def _encode(new_text: str, bom: bytes, codec: str) -> bytes:
    try:
        return bom + new_text.encode(codec)
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise JournalError(
            f"The entry holds '{bad}', which this log cannot store: it is saved as {codec} "
            "text. Leave that character out, or save the log as 'CSV UTF-8' in your "
            "spreadsheet program and try again."
        ) from error


def _csv_line(cells: list[str], delimiter: str, quoted: set[int]) -> str:
    """One CSV record without its line ending; cells in `quoted` are always quoted."""
    buffer = io.StringIO()
    # "\r\n" as terminator makes the writer quote any cell holding \r or \n.
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    parts = []
    for index, cell in enumerate(cells):
        if not cell:
            parts.append("")
        elif index in quoted:
            parts.append('"' + cell.replace('"', '""') + '"')
        else:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([cell])
            parts.append(buffer.getvalue()[:-2])
    return delimiter.join(parts)


def _quotes_text(text: str, header: _Record, delimiter: str) -> bool:
    """True when the file quotes its text cells, as LibreOffice does: its header is quoted."""
    raw = text[header.start : header.end].rstrip("\r\n")
    parts = raw.split(delimiter)
    return len(parts) > 1 and all(p.startswith('"') and p.endswith('"') for p in parts)
