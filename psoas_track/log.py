"""What reading any file gives: a Log of entries and Problems, and for an app's export
the account of what was Found, converted and left out.

The one home of these types: the log's reader (read/), the app readers (sources/) and
the front door (readers.read_any) all give a Log, and everything after them takes one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number (header = 1); None for the whole file
    column: str  # the header as written in the file; '' for the whole row
    value: str
    message: str
    severity: str  # ERROR or WARNING

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(self.column)
        place = ", ".join(where)
        message = self.message.rstrip(".")
        return (
            f"{place}: {message} ({self.severity})" if place else (f"{message} ({self.severity})")
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass
class Found:
    """What an import found, converted and left out: printed by `psoas-track import`."""

    source: str  # the title of the source
    name: str = ""  # its module name, written in the log's `source` column
    # measure -> how its values were turned into the schema's unit, e.g.
    # "Walking duration (ms) -> walking_minutes: milliseconds / 60,000 = minutes"
    conversions: dict[str, str] = field(default_factory=dict)
    left_out: Counter = field(default_factory=Counter)  # reason -> how many records
    notes: list[str] = field(default_factory=list)  # anything else worth saying

    def converted(self, measure: str, how: str) -> None:
        self.conversions.setdefault(measure, how)

    def leave_out(self, reason: str, count: int = 1) -> None:
        self.left_out[reason] += count

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


@dataclass
class Log:
    entries: Any  # pandas DataFrame, one row per usable entry
    problems: list[Problem]
    rows: int  # data rows in the file (after the header)
    unusable_rows: int
    blank_rows: int
    dayfirst: bool | None  # how slash dates were read; None when there were none
    dayfirst_reason: str
    custom_columns: list[str]
    columns: dict[str, str]  # header as written -> column name in entries
    path: Path | None = None
    encoding: str | None = None  # None for spreadsheet files
    delimiter: str | None = None
    decimal: str = "."
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read, for `check`
    readings: dict[str, str] = field(default_factory=dict)  # header -> what it was read as
    dayfirst_guessed: bool = False  # no date proves the order: summaries and reports say so
    unread: str | None = None  # why part of the file could not be read (writers refuse)
    # The day the log was read on: entries after it stay in `entries` (writers count on
    # every row being there) but are warnings and left out of daily(). None: today.
    today: dt.date | None = None
    # For a log imported from an app or device export: what was converted and left out.
    # None for a file the person keeps.
    found: Found | None = None

    @property
    def n_entries(self) -> int:
        return len(self.entries)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]
