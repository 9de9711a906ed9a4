"""A new log written whole as CSV: the one writer of new CSV files (an import's days,
the template, `init_log`'s empty log). Adding to a log that exists is text.py's job, in
that file's own dialect; both write each value with the same `cell_text` (so text that
a spreadsheet would run as a formula gets its apostrophe here too).

A new log is UTF-8 with a byte-order mark (so that Excel shows letters like ü and é
right), cells split by commas, lines ending in a line feed. It is written whole or not
at all (files.write_new_file): a full disk leaves no cut-off file that reads as a log.
`import -o` (write_rows) writes only where check_new_log allows: never through a symbolic
link (it may point anywhere, even at a file of yours), never over a file without force.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from psoas_track import paths, schema
from psoas_track.write.errors import JournalError
from psoas_track.write.files import write_new_file
from psoas_track.write.text import cell_text

__all__ = ["check_new_log", "csv_bytes", "write_csv", "write_rows"]


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
    """Write a new CSV log, whole or not at all (an existing file of that name is
    replaced once the new one is complete)."""
    path = Path(path)
    write_new_file(path, csv_bytes(header, rows, bom), replace=True)
    return path


def check_new_log(path: str | Path, force: bool = False) -> None:
    """JournalError, in one sentence, unless a new log may be written at path: not a
    symbolic link (dangling or not), a folder or a device; not an existing file unless
    force; in a folder that exists. Quick, so that a caller may ask before a long read."""
    path = Path(path)
    if os.path.islink(path):
        raise JournalError(
            f"{path} is a symbolic link, so nothing was written: a link may point at any "
            "file, even one of yours that must not change. Give the name of a new file."
        )
    try:
        kind = paths.kind_of(path)
    except OSError as error:
        raise JournalError(f"{path} cannot be looked at ({error.strerror}).") from None
    if kind == paths.FOLDER:
        raise JournalError(f"{path} is a folder; give the name of the new file in it.")
    if kind == paths.SPECIAL:
        raise JournalError(
            f"{path} is not a regular file (it is {paths.SPECIAL_IN_WORDS}), so nothing was "
            "written to it. Give the name of a new file."
        )
    if kind == paths.FILE and not force:
        raise JournalError(f"{path} already exists; choose another name or add --force.")
    if not path.parent.is_dir():
        raise JournalError(
            f"There is no folder {path.parent}; create it first, or give a file in a folder "
            "that exists."
        )


def write_rows(
    rows: list[dict[str, Any]], source: str, path: str | Path, force: bool = False
) -> Path:
    """An import's days as a log (schema order, then the export's own measures, then
    `source` naming where they came from), read back by read_log like any log.

    rows: one dict per day, {'date': date, measure: value, ...} (daily.day_rows).
    force: replace a file already at path (only once the new one is complete).

    The whole safe write of `import -o`: check_new_log, then the file written whole or
    not at all. JournalError, in one sentence and with nothing written (a file that was
    there left as it was), when the path is refused or the write fails (a full disk).
    """
    path = Path(path)
    check_new_log(path, force)
    names = list(dict.fromkeys(k for row in rows for k in row if k != "date"))
    order = {name: i for i, name in enumerate(schema.COLUMNS)}
    names.sort(key=lambda n: order.get(n, len(order)))
    header = ["date", *names, schema.SOURCE]
    data = csv_bytes(header, ({**row, schema.SOURCE: source} for row in rows))
    try:
        write_new_file(path, data, replace=force)
    except FileExistsError:
        raise JournalError(f"{path} already exists; choose another name or add --force.") from None
    except OSError as error:
        kept = " and the file that was there is as it was" if force and path.exists() else ""
        raise JournalError(
            f"{path} could not be written ({error.strerror or error}), so nothing was "
            f"written{kept}. Check that the disk is not full and that the folder is yours, "
            "then try again."
        ) from None
    return path
