"""What a file becomes before anything is read from its cells: a Table of raw rows (and
how its text was read), the limits a file is read up to, and LogError for a file that
cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.errors import PsoasError


class LogError(PsoasError):
    """The file cannot be read at all; the message says what to do."""


# Limits that keep a broken or hostile file from taking the machine; a 20-year log with
# a dozen entries a day is some 20 MB as text.
MAX_SIZE = 200 * 1024 * 1024  # bytes read, and bytes a zipped spreadsheet unpacks to
MAX_COLUMNS = 500


def too_big(path: Path, size: int, limit: int, what: str) -> LogError:
    """The error for a file (or what it unpacks to) over the size a log is read up to."""
    size_mb, limit_mb = size / 2**20, limit / 2**20
    return LogError(
        f"The file {path.name} {what} {size_mb:,.0f} MB, more than the {limit_mb:,.0f} MB "
        "a log is read up to, so it was not read. If it really is your log, raise the limit "
        "with --max-size (in MB)."
    )


def too_wide(path: Path, columns: int) -> LogError:
    """The error for a row of more cells than a log can have columns."""
    return LogError(
        f"The file {path.name} has a row of {columns:,} cells, more than the {MAX_COLUMNS} "
        "columns a log can have, so it was not read. Check that it is your log, saved as a "
        "table with one entry per row."
    )


@dataclass
class Table:
    """A file's rows of raw cells, and how the file was read."""

    records: list[list[Any]]  # every row of the file, header included
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read
    warnings: list[str] = field(default_factory=list)  # of those, what the person should check
    # A quote that never closes: (index in records of the row it opens in, its line in
    # the file, the file's last line). That row swallowed the rest of the file.
    unclosed_quote: tuple[int, int, int] | None = None


def has_date_header(record: list[Any]) -> bool:
    """True when a row names a date column: the header a log's table starts at."""
    return any(isinstance(c, str) and schema.canonical(c) == "date" for c in record)
