"""OpenDocument spreadsheets (.ods) read straight from their XML, one cell at a time.

pandas' odf reader builds the whole document in memory (minutes for a 2 MB file) and
stops at a duration over 24 hours (PT26H30M00S). This reads content.xml as a stream,
keeps each cell's own value (numbers, dates, durations, yes/no, text), and never
repeats an empty cell or row that the file declares a million times.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from psoas_track.errors import PsoasError

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE, ROW, CELL, COVERED = (
    f"{{{_TABLE}}}{n}" for n in ("table", "table-row", "table-cell", "covered-table-cell")
)
PARAGRAPH = f"{{{_TEXT}}}p"
# Repeats of a filled row or cell kept at most: a real log never repeats one this often.
MAX_REPEAT = 10_000
_DURATION = re.compile(r"-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?")


class OdsError(PsoasError):
    """The file is not a readable .ods; `columns` is set when a row is too wide."""

    def __init__(self, message: str, columns: int = 0) -> None:
        super().__init__(message)
        self.columns = columns


def ods_sheets(path: Path, max_columns: int) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet's title and rows of cell values, trailing blanks left out."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            return _parse(content, max_columns)
    except (zipfile.BadZipFile, KeyError, ParseError, OSError) as error:
        raise OdsError(type(error).__name__) from error


def _parse(content: Any, max_columns: int) -> list[tuple[str, list[list[Any]]]]:
    sheets: list[tuple[str, list[list[Any]]]] = []
    rows: list[list[Any]] = []
    row: list[Any] = []
    width = 0  # cells in the row so far, counting empty runs
    # End events only: a cell, row or table is complete when it ends, and what follows
    # starts afresh (half the events of asking for starts too).
    for _, element in iterparse(content, events=("end",)):
        tag = element.tag
        if tag in (CELL, COVERED):
            width = _add_cell(row, width, element, max_columns)
            element.clear()
        elif tag == ROW:
            _add_row(rows, row, element)
            row, width = [], 0
            element.clear()
        elif tag == TABLE:
            sheets.append((element.get(f"{{{_TABLE}}}name", ""), _without_trailing_blanks(rows)))
            rows = []
            element.clear()
    return sheets


def _repeat(element: Any, attribute: str) -> int:
    return int(element.get(f"{{{_TABLE}}}{attribute}", "1") or 1)


def _add_cell(row: list[Any], width: int, element: Any, max_columns: int) -> int:
    """Add the cell (or its repeats) to the row; the row's new width."""
    value = _value(element)
    count = _repeat(element, "number-columns-repeated")
    if value is None:
        # Empty cells only matter when a filled one follows; keep a count, not the cells.
        row.append(_Gap(count))
        return width + count
    kept = min(count, MAX_REPEAT)
    if width + kept > max_columns:
        raise OdsError("too many columns", width + count)
    row.extend([value] * kept)
    return width + kept


class _Gap(int):
    """A run of empty cells, opened into Nones only when a filled cell comes after it."""


def _cells(row: list[Any]) -> list[Any]:
    while row and isinstance(row[-1], _Gap):
        row.pop()
    cells: list[Any] = []
    for cell in row:
        cells.extend([None] * int(cell) if isinstance(cell, _Gap) else [cell])
    return cells


def _add_row(rows: list[list[Any]], row: list[Any], element: Any) -> None:
    cells = _cells(row)
    count = _repeat(element, "number-rows-repeated")
    if not cells:
        rows.append(_Gap(count))  # type: ignore[arg-type]
        return
    rows.extend([list(cells) for _ in range(min(count, MAX_REPEAT))])


def _without_trailing_blanks(rows: list[Any]) -> list[list[Any]]:
    while rows and isinstance(rows[-1], _Gap):
        rows.pop()
    out: list[list[Any]] = []
    for row in rows:
        if isinstance(row, _Gap):
            out.extend([] for _ in range(min(int(row), MAX_REPEAT)))
        else:
            out.append(row)
    return out


def _value(element: Any) -> Any:
    kind = element.get(f"{{{_OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        return float(element.get(f"{{{_OFFICE}}}value"))
    if kind == "date":
        return _date(element.get(f"{{{_OFFICE}}}date-value", ""))
    if kind == "time":
        return _duration(element.get(f"{{{_OFFICE}}}time-value", ""))
    if kind == "boolean":
        return element.get(f"{{{_OFFICE}}}boolean-value") == "true"
    text = "\n".join("".join(p.itertext()) for p in element.iter(PARAGRAPH))
    return text if text else None


def _date(text: str) -> dt.date | dt.datetime | str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return moment if "T" in text else moment.date()


def _duration(text: str) -> dt.timedelta | str:
    match = _DURATION.fullmatch(text.strip())
    if not match or not any(match.groups()):
        return text
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    span = dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -span if text.strip().startswith("-") else span
