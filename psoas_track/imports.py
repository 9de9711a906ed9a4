"""An app's or device's export as days: what `psoas-track import` writes (what it says
about them is words.exports).

The sources yield entries (sources/); here they become one row per day by the schema's
daily rules (steps summed, pain ratings averaged), ready for a log of their own (-o) or
for the person's log (write.append_imported). `read_any` opens either kind of file, so a
report can use the person's log together with imported ones (`report LOG --with FILE`).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from psoas_track import schema
from psoas_track.daily import daily

#: Columns of an entries table that are not a day's values.
_NOT_VALUES = ("row", "date", "time", schema.SOURCE)


def day_rows(log) -> list[dict[str, Any]]:
    """One dict per day with entries: {'date': date, measure: value, ...}, only the
    measures the export gave (a blank towel cell is not a 'no' from a device)."""
    given = [c for c in log.entries.columns if c not in _NOT_VALUES]
    if not len(log.entries):
        return []
    days = daily(log)
    days = days.loc[days[schema.LOGGED], given]
    rows = []
    for day, values in zip(days.index, days.to_dict("records"), strict=True):
        kept = {k: _plain(v) for k, v in values.items() if not _blank(v)}
        if kept:
            rows.append({"date": day.date(), **kept})
    return rows


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    return value.item() if hasattr(value, "item") else value


def write_rows(rows: list[dict[str, Any]], source: str, path: str | Path) -> Path:
    """A log-format CSV of the days (schema order, then the export's own measures, then
    `source`), UTF-8, read back by read_log like any log."""
    names = list(dict.fromkeys(k for row in rows for k in row if k != "date"))
    order = {name: i for i, name in enumerate(schema.COLUMNS)}
    names.sort(key=lambda n: order.get(n, len(order)))
    header = ["date", *names, schema.SOURCE]
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            cells = [row["date"].isoformat(), *(_cell(row.get(n)) for n in names), source]
            writer.writerow(cells)
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def read_any(path: str | Path, today: dt.date | None = None):
    """A log the person keeps, or an app's export (told apart by content): a Log."""
    from psoas_track import sources
    from psoas_track.read.log import read_log

    try:
        module = sources.detect(path)
    except sources.SourceError:
        return read_log(path, today=today)
    return sources.read_source(path, module.NAME)  # told: not detected a second time
