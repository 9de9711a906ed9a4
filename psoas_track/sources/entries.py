"""Entries from a source -> the Log that `daily` and the writer take, like read_log's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from psoas_track import schema
from psoas_track.cells import out_of_range
from psoas_track.log import Found, Log
from psoas_track.sources.base import Entry


def _checked(entry: Entry, found: Found) -> dict | None:
    """The entry's values that the schema accepts; the others counted as left out."""
    kept: dict = {}
    for name, value in entry.values.items():
        if value is None or (isinstance(value, float) and value != value):
            continue
        measure = schema.BY_NAME.get(name)
        if measure is not None and measure.numeric:
            if out_of_range(measure, float(value)):
                found.leave_out(f"{schema.phrase(name)} out of range ({measure.hint})")
                continue
            value = float(value)
        kept[name] = value
    return kept or None


def as_log(entries: list[Entry], found: Found, path: Path, name: str) -> Log:
    """A Log of the entries, oldest first; `row` numbers the entries (an export has no
    spreadsheet rows), and every entry's `source` is the source's name."""
    records = []
    for entry in sorted(entries, key=lambda e: (e.day, e.time or dt.time())):
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
        found=found,
    )
    return log
