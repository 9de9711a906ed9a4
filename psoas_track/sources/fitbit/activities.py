"""Fitbit's legacy "Export a selection" CSV: its Activities section (steps and sedentary
minutes a day), with its quoted thousands ("11,204") and its day/month order found from
the dates."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from psoas_track.cells import date_order, date_token, grouped_number, resolve_date
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.fitbit.days import day_values
from psoas_track.sources.limits import lines, open_text

BAD_DATE = "a Fitbit Activities row with an unreadable date"
BAD_NUMBER = "a Fitbit Activities value that is not a whole number"


def _cells(record: list[str]) -> list[str]:
    return [cell.strip().strip('"').strip() for cell in record]


def _title(cells: list[str]) -> str | None:
    """A section's title ('Body', 'Activities', 'Food Log 20170101'): a first cell that is
    no date and nothing beside it (a spreadsheet saving the file again adds the commas)."""
    filled = [c for c in cells if c]
    if len(filled) == 1 and cells[0] and date_token(cells[0]) is None:
        return cells[0]
    return None


def _is_activities_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "Date" and "Steps" in cells and "Calories Burned" in cells


def activities_header_at(head_lines: list[str]) -> int | None:
    """The index of the Activities section's header line (the line after its title)."""
    try:
        records = [_cells(record) for record in csv.reader(head_lines)]
    except csv.Error:
        return None
    for index, cells in enumerate(records[:-1]):
        if _title(cells) == "Activities" and _is_activities_header(records[index + 1]):
            return index + 1
    return None


def _activities_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The Activities section's header and rows (the section ends at a blank line or at
    the next section's title)."""
    with open_text(path) as handle:
        try:
            records = [_cells(record) for record in csv.reader(lines(handle, path.name))]
        except csv.Error as error:
            raise SourceError(
                f"{path.name} cannot be read as a CSV file ({error}). Export it again from "
                "Fitbit's website and give the file as it was downloaded."
            ) from error
    for index, cells in enumerate(records[:-1]):
        if _title(cells) == "Activities" and _is_activities_header(records[index + 1]):
            return records[index + 1], list(_section_rows(records[index + 2 :]))
    raise SourceError(
        f"{path.name} has no Activities section headed 'Date,Calories Burned,Steps,...'. "
        "Export it again from Fitbit's website with Activities ticked, as CSV (the kit "
        "reads Fitbit's English headers)."
    )


def _section_rows(records: list[list[str]]) -> Iterator[list[str]]:
    for cells in records:
        if not any(cells) or _title(cells):
            return  # a blank line or the next section's title
        yield cells


def activities_entries(path: Path, found: Found) -> Iterator[Entry]:
    header, rows = _activities_rows(path)
    position = {
        name: header.index(name)
        for name in ("Date", "Steps", "Minutes Sedentary")
        if name in header
    }
    days = _row_days([_cell(row, position["Date"]) for row in rows], found)
    for row, day in zip(rows, days, strict=True):
        if day is None:
            found.leave_out(BAD_DATE)
            continue
        steps = _whole_number(_cell(row, position.get("Steps")), found)
        sedentary = _whole_number(_cell(row, position.get("Minutes Sedentary")), found)
        if steps is not None:
            found.converted(
                "steps",
                "Steps (Fitbit Activities) -> steps: thousands commas removed (11,204 = 11204)",
            )
        values = day_values(steps, sedentary, found)
        if values:
            yield Entry(day, values)


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _row_days(cells: list[str], found: Found) -> list[dt.date | None]:
    """Each row's day; 09-11-2026 means nothing until the section's dates have said
    whether the day or the month comes first."""
    tokens = [date_token(cell) for cell in cells]
    slashes = [
        (t.slash, cell)
        for t, cell in zip(tokens, cells, strict=True)
        if t is not None and t.slash is not None
    ]
    dayfirst, why, _ = date_order(slashes, None)
    if dayfirst is not None:
        order = "day first" if dayfirst else "month first"
        found.note(f"Dates in the Activities section were read {order}: {why}.")
    return [resolve_date(token, dayfirst) for token in tokens]


def _whole_number(text: str, found: Found) -> float | None:
    """'11,204' -> 11204 (Fitbit writes thousands with the account's separator); blank is
    missing; anything else is counted and missing."""
    if not text.strip():
        return None
    value = grouped_number(text)
    if value is not None and value >= 0 and value.is_integer():
        return value
    found.leave_out(BAD_NUMBER)
    return None
