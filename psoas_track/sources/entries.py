"""Entries from a source -> the Log that `daily` and the writer take, like read_log's.

What no day can hold is left out here, for every source, and counted with its reason
(`import` prints it under "Left out"): a record dated before 1900 (the first year
psoas_track.cells reads) or after today, and a number that is no finite number, outside
its measure's range or more than a day holds (psoas_track.cells.implausible).
"""

from __future__ import annotations

import datetime as dt
import numbers
from pathlib import Path
from typing import Any

import pandas as pd

from psoas_track import schema
from psoas_track.cells import NOT_FINITE, OVER_A_DAY, implausible
from psoas_track.cells.dates import FIRST_YEAR
from psoas_track.log import Found, Log
from psoas_track.sources.base import Entry

__all__ = ["as_log", "implausible_reason"]


def implausible_reason(name: str, value: Any, summed: bool = False) -> str | None:
    """Why a value of the measure `name` is left out, in the words `import` prints; None
    when it is kept. Only numbers are checked: text and yes/no are what the export says.

    summed: the value is a day's total of several entries (daily.day_rows).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    measure = schema.BY_NAME.get(name)
    if measure is not None and not measure.numeric:
        return None
    try:
        why = implausible(measure, float(value))
    except OverflowError:  # an int past any float
        why = NOT_FINITE
    if why is None:
        return None
    what = measure.label.lower() if measure is not None else name
    if why == NOT_FINITE:
        return f"{what} values that are no finite number (inf or nan)"
    if why == OVER_A_DAY:
        limit = f"{measure.day_limit:,.0f} {measure.unit}"
        if summed:
            return f"days whose {what} add up to more than {limit}, more than a day holds"
        return f"{what} above {limit} in a day, more than a day holds"
    return f"{schema.phrase(name)} out of range ({measure.hint})"


def _checked(entry: Entry, found: Found) -> dict | None:
    """The entry's values that are plausible; the others counted as left out."""
    kept: dict = {}
    for name, value in entry.values.items():
        if value is None:
            continue
        reason = implausible_reason(name, value)
        if reason is not None:
            found.leave_out(reason)
            continue
        measure = schema.BY_NAME.get(name)
        kept[name] = float(value) if measure is not None and measure.numeric else value
    return kept or None


def _plausibly_dated(entry: Entry, found: Found, today: dt.date) -> bool:
    """False (and counted) for a record before 1900 or after today."""
    if entry.day.year < FIRST_YEAR:
        found.leave_out(f"records dated before {FIRST_YEAR}")
        return False
    if entry.day > today:
        found.leave_out(f"records dated after today ({today.isoformat()})")
        return False
    return True


def as_log(
    entries: list[Entry], found: Found, path: Path, name: str, today: dt.date | None = None
) -> Log:
    """A Log of the entries, oldest first; `row` numbers the entries (an export has no
    spreadsheet rows), and every entry's `source` is the source's name. Entries dated
    before 1900 or after `today` (default: today), and values no day can hold, are left
    out and counted in `found`."""
    today = today or dt.date.today()
    records = []
    for entry in sorted(entries, key=lambda e: (e.day, e.time or dt.time())):
        if not _plausibly_dated(entry, found, today):
            continue
        values = _checked(entry, found)
        if values is None:
            continue
        record = {"date": pd.Timestamp(entry.day), **values, schema.SOURCE: name}
        if entry.time is not None:
            record["time"] = entry.time.strftime("%H:%M")
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        frame = pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]")})
    frame["date"] = frame["date"].astype("datetime64[ns]")
    frame.insert(0, schema.ROW, range(1, len(frame) + 1))
    for column in frame.columns:
        measure = schema.BY_NAME.get(column)
        if measure is not None and measure.numeric:
            frame[column] = frame[column].astype("float64")
        elif measure is not None and measure.kind == schema.FLAG:
            frame[column] = frame[column].astype("boolean")
        elif column not in (schema.ROW, "date") and frame[column].dtype == object:
            try:
                frame[column] = frame[column].astype("float64")
            except (TypeError, ValueError):
                frame[column] = frame[column].astype("string")
    custom = [c for c in frame.columns if c not in schema.COLUMNS and c != schema.ROW]
    log = Log(
        entries=frame,
        problems=[],
        rows=len(frame),
        unusable_rows=0,
        blank_rows=0,
        dayfirst=None,
        dayfirst_reason="",
        custom_columns=custom,
        columns={c: c for c in frame.columns if c != schema.ROW},
        path=path,
        notes=[f"Imported from {found.source}."],
        today=today,
        found=found,
    )
    return log
