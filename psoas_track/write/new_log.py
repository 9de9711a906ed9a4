"""A new log written whole as CSV: the one writer of new CSV files (an import's days,
the template, `init_log`'s empty log). Adding to a log that exists is text.py's job, in
that file's own dialect; both write each value with the same `cell_text`.

A new log is UTF-8 with a byte-order mark (so that Excel shows letters like ü and é
right), cells split by commas, lines ending in a line feed.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.write.text import cell_text

__all__ = ["csv_bytes", "write_csv", "write_rows"]


def csv_bytes(header: Sequence[str], rows: Iterable[dict[str, Any]], bom: bool = True) -> bytes:
    """A CSV log's bytes: the header, then each row's values by column name."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell_text(name, row.get(name)) for name in header])
    return (codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode("utf-8")


def write_csv(
    path: str | Path, header: Sequence[str], rows: Iterable[dict[str, Any]], bom: bool = True
) -> Path:
    """Write a new CSV log (an existing file of that name is replaced)."""
    path = Path(path)
    path.write_bytes(csv_bytes(header, rows, bom))
    return path


def write_rows(rows: list[dict[str, Any]], source: str, path: str | Path) -> Path:
    """An import's days as a log (schema order, then the export's own measures, then
    `source` naming where they came from), read back by read_log like any log.

    rows: one dict per day, {'date': date, measure: value, ...} (daily.day_rows).
    """
    names = list(dict.fromkeys(k for row in rows for k in row if k != "date"))
    order = {name: i for i, name in enumerate(schema.COLUMNS)}
    names.sort(key=lambda n: order.get(n, len(order)))
    header = ["date", *names, schema.SOURCE]
    return write_csv(path, header, ({**row, schema.SOURCE: source} for row in rows))
