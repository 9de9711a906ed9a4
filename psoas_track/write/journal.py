"""Add an entry to a log without ever damaging it.

`append_entry` checks every value against the schema before it touches the file, then,
holding a lock on a sibling `<name>.lock` file, reads the log once, writes the new row in
the file's own dialect (encoding and BOM, delimiter, decimal mark, line endings, header
names and column order; cell types and formats in an .xlsx), keeps the previous version
as `<name>.bak` (and a few older ones), and replaces the file atomically: a temporary file
in the same folder, fsync, `os.replace`. A crash at any moment leaves either the old or
the new file, never a mix. It refuses, and writes nothing, while a spreadsheet program
holds the log open, when a value is bad, or when the file changed while it was writing.

Text cells that start with = + - @ (or tab/CR) are stored with a leading apostrophe so
that no spreadsheet runs them as a formula; numbers are never touched; `read_log` strips
the apostrophe again.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.read.log import LogError, read_log
from psoas_track.write.errors import JournalError
from psoas_track.write.files import (
    _locked,
    _refuse_if_open,
    _remove_stale_temps,
    replace_keeping_backups,
)
from psoas_track.write.new_log import csv_bytes
from psoas_track.write.text import _append_text, _append_text_rows
from psoas_track.write.values import (
    _check_day_limits,
    _resolve_others,
    validate_entry,
)
from psoas_track.write.xlsx import _append_xlsx, _append_xlsx_rows

LOG_NAME = "psoas_log"  # the file `init_log` creates in a folder
TEXT_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
XLSX_SUFFIXES = (".xlsx",)


# ---------------------------------------------------------------- append_entry


def append_entry(path: str | Path, date: Any = None, time: Any = None, **values: Any) -> dict:
    """Add one entry to the log at path, safely; return the row written.

    date: a date, '2026-11-24', 'today' or 'yesterday' (default today); time: '07:30'
    (default: now, when logging for today in a log that has a time column). values:
    measures by schema name or alias (sitting_hours=7.5, back_pain=4, rest=10,
    notes='...'), or the names of the file's own columns. Blank values are left out.

    Returns {'row': spreadsheet row number, 'date': ..., <name>: <value>, ...}.
    Raises JournalError, with nothing written, for a bad value, while a spreadsheet has
    the file open, or when the file changed while the entry was being written.
    """
    now = dt.datetime.now()
    fields, others = validate_entry(date, time, today=now.date(), **values)
    with _held(path, now.date()) as (given, target, kind, data, log):
        custom = _resolve_others(others, log)
        if date is None and time is None and "time" in log.columns.values():
            fields["time"] = now.strftime("%H:%M")
            fields = {"date": fields.pop("date"), "time": fields.pop("time"), **fields}
        _check_day_limits(fields, log)
        if kind == "xlsx":
            new, row = _append_xlsx(data, log, fields, custom, target.name)
        else:
            new, row = _append_text(data, log, fields, custom)
        _replace(given, target, data, new, "the entry was being written")
    written: dict[str, Any] = {schema.ROW: row, **fields}
    written.update({name: value for name, (_, value) in custom.items()})
    return written


@dataclass
class Merged:
    """What `append_imported` did: the days it added, and what it left as it was."""

    added: list[dt.date]
    already: list[dt.date]  # days this source had given the log before: not added again
    left_out: list[str]  # measures the log has no column for (custom ones: mood, ...)
    last_row: int | None  # the spreadsheet row of the last day added


def append_imported(path: str | Path, rows: list[dict[str, Any]], source: str) -> Merged:
    """Add days imported from an app or device to the log at path, safely, in one write.

    rows: one dict per day, {'date': date, measure: value, ...} in the schema's measures
    (custom names only where the log has that column). Each row is marked with the
    `source` column (added when the log lacks it); days this source already gave the log
    are skipped, so importing the same export twice adds nothing; no row the person typed
    is changed (daily() lets those win, measure by measure). Checks, lock, backup and
    atomic replace as in append_entry.
    """
    now = dt.datetime.now()
    with _held(path, now.date()) as (given, target, kind, data, log):
        merged, entries = _new_days(rows, source, log, now.date())
        if not entries:
            return merged
        if kind == "xlsx":
            new, merged.last_row = _append_xlsx_rows(data, log, entries, target.name)
        else:
            new, merged.last_row = _append_text_rows(data, log, entries)
        _replace(given, target, data, new, "the days were being added")
    return merged


@contextmanager
def _held(path: str | Path, today: dt.date) -> Iterator[tuple[Path, Path, str, bytes, Any]]:
    """The log locked, read once and known to be read to its end: (the path as given,
    the real file, its kind, its bytes, the Log). Refused while a spreadsheet holds it."""
    given = Path(path)
    target = Path(os.path.realpath(given))
    kind = _kind(target)
    _refuse_if_open(target)
    with _locked(target):
        _refuse_if_open(target)
        _remove_stale_temps(target)
        try:
            data = target.read_bytes()
            log = read_log(target, today=today)
        except LogError as error:
            raise JournalError(str(error)) from error
        except OSError as error:
            raise JournalError(f"The log {given} cannot be read ({error.strerror}).") from error
        _refuse_if_not_read_whole(log, given.name)
        yield given, target, kind, data, log


def _replace(given: Path, target: Path, data: bytes, new: bytes, while_: str) -> None:
    """Put the new bytes in place (backup kept), unless the file changed meanwhile."""
    if target.read_bytes() != data:
        raise JournalError(
            f"The log {given.name} changed while {while_} (perhaps a spreadsheet program "
            "saved it). Nothing was written; try again."
        )
    try:
        replace_keeping_backups(target, data, new)
    except OSError as error:
        raise JournalError(
            f"The log {given.name} could not be written ({error.strerror or error}), so "
            "it was left as it was. Check that the disk is not full and that the folder "
            "is not read-only, then try again."
        ) from error


def _imported_days(log, source: str) -> set[dt.date]:
    entries = log.entries
    if schema.SOURCE not in entries.columns or not len(entries):
        return set()
    mine = entries[schema.SOURCE].astype("string").str.strip() == source
    return set(entries.loc[mine.fillna(False).to_numpy(bool), "date"].dt.date)


def _new_days(rows, source: str, log, today: dt.date) -> tuple[Merged, list]:
    """The rows as checked (fields, custom) pairs, leaving out days already imported."""
    before = _imported_days(log, source)
    columns = {schema.normalize_header(h): n for h, n in log.columns.items()}
    merged = Merged([], [], [], None)
    entries = []
    for row in rows:
        values = dict(row)
        day = values.pop("date")
        if day in before:
            merged.already.append(day)
            continue
        values[schema.SOURCE] = source
        fields, others = validate_entry(day, None, today=today, **values)
        known = {k: v for k, v in others.items() if schema.normalize_header(k) in columns}
        merged.left_out += [k for k in others if k not in known and k not in merged.left_out]
        entries.append((fields, _resolve_others(known, log)))
        merged.added.append(day)
    return merged, entries


def _refuse_if_not_read_whole(log, name: str) -> None:
    """Add nothing to a file the reader could not read to its end: the entry would land
    after rows that were never understood, and the summary would count the wrong rows."""
    reason = log.unread
    accounted = log.n_entries + log.unusable_rows + log.blank_rows
    if reason is None and accounted != log.rows:
        reason = f"{log.rows - accounted} of its rows could not be accounted for."
    if reason is not None:
        raise JournalError(
            f"The log {name} could not be read to its end, so nothing was added to it. {reason}"
        )


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.exists():
        raise JournalError(
            f"There is no log at {path}. Create one with 'psoas-track init', or check the name."
        )
    if path.is_dir():
        raise JournalError(f"{path} is a folder; give the path of the log file in it.")
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in (".xlsm", ".xls", ".ods"):
        raise JournalError(
            f"Entries cannot be added to a {suffix} file from here. Add the entry in your "
            "spreadsheet program, or save the log as .xlsx or .csv and try again."
        )
    return "text"


# ---------------------------------------------------------------- init and summaries


def init_log(target: str | Path = ".", xlsx: bool = False) -> Path:
    """Create a new, empty log from the template and return its path.

    target is a folder (the log is psoas_log.csv, or psoas_log.xlsx with xlsx=True, in it;
    the folder is made if needed) or a file name ending in .csv or .xlsx. An existing file
    is never overwritten.
    """
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        path, xlsx = target, suffix == ".xlsx"
    else:
        path = target / f"{LOG_NAME}{'.xlsx' if xlsx else '.csv'}"
    if path.exists():
        raise JournalError(
            f"{path} already exists, so nothing was written. Keep logging in it, or give "
            "another folder or file name."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _template_xlsx() if xlsx else _template_csv()
        with open(path, "xb") as handle:
            try:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            except OSError:
                handle.close()
                path.unlink()
                raise
    except FileExistsError as error:
        raise JournalError(f"{path} already exists, so nothing was written.") from error
    except OSError as error:
        raise JournalError(f"{path} cannot be created ({error.strerror}).") from error
    return path


def _template_csv() -> bytes:
    return csv_bytes(schema.HAND_COLUMNS, [])


@functools.cache
def _template_xlsx() -> bytes:
    """data/template.xlsx's formats and input checks, without its example row."""
    import openpyxl

    from psoas_track.write import templates

    with tempfile.TemporaryDirectory() as folder:
        made = templates.write_template_xlsx(Path(folder) / "template.xlsx")
        book = openpyxl.load_workbook(made)
    sheet = book.active
    for cell in sheet[2]:
        cell.value = None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
