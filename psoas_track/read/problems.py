"""What reading a log gives: the entries, and every problem with its spreadsheet row."""

from __future__ import annotations

import datetime as dt
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
    # For a log imported from an app or device export: what was converted and left out
    # (psoas_track.sources.base.Found). None for a file the person keeps.
    found: Any = None

    @property
    def n_entries(self) -> int:
        return len(self.entries)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]
