"""What was read from a log, in words: what `psoas-track check` prints and the explorer
shows, the same lines in both."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psoas_track.daily import daily
from psoas_track.read.summary import check_summary

if TYPE_CHECKING:
    import pandas as pd

    from psoas_track.read.problems import Log

_ORDER = {True: "day-first", False: "month-first", None: "not needed"}


def check_text(log: Log, days: pd.DataFrame | None = None) -> str:
    """What was read from the log, how each column was read, and every problem on a line
    of its own with its spreadsheet row.

    days: `daily(log)` when the caller has it already (made here otherwise).

    >>> print(check_text(read_log("tests/data/bad_values.csv")))   # doctest: +SKIP
    Log: tests/data/bad_values.csv
    ...
    row 3, Back pain (0-10): 'seven' is not a number; pain is rated 0 to 10 (error)
    """
    summary = check_summary(log, daily(log) if days is None else days)
    return "\n".join(
        [*_file_lines(log), *_count_lines(summary), _order_line(log), *_column_lines(log)]
        + _problem_lines(log)
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _file_lines(log: Log) -> list[str]:
    """The file, its sheet, and the notes on how it was read."""
    lines = [f"Log: {log.path}"] if log.path is not None else []
    if log.sheet:
        lines.append(f"Sheet: {log.sheet}")
    return lines + list(log.notes)


def _count_lines(summary: dict[str, Any]) -> list[str]:
    """Rows read (entries, unusable, blank) and the days they cover."""
    rows = (
        f"Rows read: {summary['rows']} ({_count(summary['entries'], 'entry', 'entries')}, "
        f"{summary['unusable_rows']} unusable, {summary['blank_rows']} blank)"
    )
    if not summary["days"]:
        return [rows, "Days: none yet (no entries)"]
    return [
        rows,
        f"Days: {summary['days']} from {summary['first_day']} to "
        f"{summary['last_day']}, {summary['days_logged']} of them logged",
    ]


def _order_line(log: Log) -> str:
    """How slash dates were read, and a warning when nothing in the file told."""
    guess = " -- A GUESS: check a few dates" if log.dayfirst_guessed else ""
    return f"Date order: {_ORDER[log.dayfirst]} ({log.dayfirst_reason}){guess}"


def _column_lines(log: Log) -> list[str]:
    """Every column as read, the person's own columns among them."""
    return ["Columns, as read:", *(f"  {h}: {reading}" for h, reading in log.readings.items())]


def _problem_lines(log: Log) -> list[str]:
    """How many errors and warnings, then each on its own line (grep-able, with its row)."""
    if not log.problems:
        return ["Problems: none. The log is fine."]
    errors = _count(len(log.errors), "error", "errors")
    warnings = _count(len(log.warnings), "warning", "warnings")
    return [f"Problems: {errors}, {warnings}", *(str(p) for p in log.problems)]
