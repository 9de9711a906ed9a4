"""The layout of a sheet: where the header is, and which rows are titles, totals or merged dates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from psoas_track.cells import is_blank, show
from psoas_track.log import WARNING, Problem
from psoas_track.read.table import LogError, has_date_header


def find_header(path: Path, records: list[list[Any]]) -> int:
    """The first of the first ten rows that names a date column is the header."""
    first = next((i for i, r in enumerate(records[:10]) if not all(is_blank(c) for c in r)), None)
    if first is None:
        raise LogError(
            f"The file {path.name} has no header row. The first row should name the "
            "columns, one of them 'date'."
        )
    found = next((i for i, r in enumerate(records[:10]) if has_date_header(r)), None)
    if found is None:
        shown = ", ".join(show(c) for c in records[first] if not is_blank(c))[:200]
        raise LogError(
            f"The file {path.name} has no date column. The first row should name the columns, one "
            f"of them 'date'; here it reads: '{shown}'. Start from data/template.csv if "
            "unsure."
        )
    return found


def skipped_above_problem(records: list[list[Any]], header_index: int) -> Problem | None:
    """Title rows above the header ('My pain log 2026') are not data; say they were skipped."""
    above = [
        (i + 1, " ".join(show(c).strip() for c in r if not is_blank(c)))
        for i, r in enumerate(records[:header_index])
        if not all(is_blank(c) for c in r)
    ]
    if not above:
        return None
    rows = ", ".join(str(row) for row, _ in above)
    shown = "; ".join(f"'{text[:60]}'" for _, text in above)
    return Problem(
        None,
        "",
        shown,
        f"The column names are in row {header_index + 1}; "
        f"{'the row' if len(above) == 1 else 'the rows'} above ({rows}: {shown}) "
        f"{'was' if len(above) == 1 else 'were'} skipped as a title.",
        WARNING,
    )


_TOTALS = re.compile(
    r"\W*(week(ly)?\s+|month(ly)?\s+|grand\s+)?(total|totals|sum|summe|gesamt|average|avg|mean|"
    r"durchschnitt|moyenne|totaal|gemiddelde|promedio)\b.*",
    re.I,
)


def cell(record: list[Any], index: int) -> Any:
    return record[index] if index < len(record) else None


def is_totals_text(value: Any) -> bool:
    """'Total', 'Week total', 'Average' ...: a cell that names a total of other rows."""
    return isinstance(value, str) and _TOTALS.fullmatch(value.strip()) is not None


def is_totals_row(record: list[Any], date_index: int) -> bool:
    """'Total' or 'Average' in the date cell, or a dateless row whose text says so."""
    date = cell(record, date_index)
    if is_totals_text(date):
        return True
    if not is_blank(date):
        return False
    return any(is_totals_text(c) for c in record)


TOTALS_ROW = (
    "This row is a total or an average of other rows, so it was left out "
    "(it would count them twice)."
)
REPEATED_HEADER = "This row repeats the column names, so it was not read as an entry."


def merged_dates_problem(rows: list[int], header: str) -> Problem:
    shown = ", ".join(str(r) for r in rows)
    return Problem(
        rows[0],
        header,
        "",
        f"Rows {shown} have no date but sit right under a dated row, as merged date cells "
        "export; each was given the date of the row above. If a row belongs to another day, "
        "fill in its date.",
        WARNING,
    )


def extra_cells_problem(row: int, beyond: list[Any]) -> Problem | None:
    extra = [show(c) for c in beyond if not is_blank(c)]
    if not extra:
        return None
    shown = ", ".join(f"'{c}'" for c in extra)
    one = len(extra) == 1
    return Problem(
        row,
        "",
        shown,
        f"This row has {len(extra)} more {'cell' if one else 'cells'} than there are "
        f"column names; {'it was' if one else 'they were'} ignored: {shown}.",
        WARNING,
    )
