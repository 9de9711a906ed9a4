"""What `psoas-track check` says about a log: what was read, how, and every problem."""

from __future__ import annotations

from typing import Any

from psoas_track.log import Log


def check_summary(log: Log, days: Any) -> dict[str, Any]:
    """What `psoas-track check` reports, as plain data; days is `daily(log)`."""
    return {
        "rows": log.rows,
        "entries": log.n_entries,
        "unusable_rows": log.unusable_rows,
        "blank_rows": log.blank_rows,
        "days": len(days),
        "days_logged": int(days["logged"].sum()),
        "first_day": days.index[0].date().isoformat() if len(days) else None,
        "last_day": days.index[-1].date().isoformat() if len(days) else None,
        "dayfirst": log.dayfirst,
        "dayfirst_guessed": log.dayfirst_guessed,
        "custom_columns": log.custom_columns,
        "columns": log.readings,
    }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def check_text(log: Log, summary: dict[str, Any]) -> str:
    """The check summary in words, every problem on its own line."""
    lines = [f"Log: {log.path}"]
    if log.sheet:
        lines.append(f"Sheet: {log.sheet}")
    lines += log.notes
    lines.append(
        f"Rows read: {summary['rows']} ({_count(summary['entries'], 'entry', 'entries')}, "
        f"{summary['unusable_rows']} unusable, {summary['blank_rows']} blank)"
    )
    if summary["days"]:
        lines.append(
            f"Days: {summary['days']} from {summary['first_day']} to "
            f"{summary['last_day']}, {summary['days_logged']} of them logged"
        )
    else:
        lines.append("Days: none yet (no entries)")
    order = {True: "day-first", False: "month-first", None: "not needed"}[log.dayfirst]
    guess = " -- A GUESS: check a few dates" if log.dayfirst_guessed else ""
    lines.append(f"Date order: {order} ({log.dayfirst_reason}){guess}")
    lines.append("Columns, as read:")
    lines += [f"  {header}: {reading}" for header, reading in log.readings.items()]
    errors, warnings = len(log.errors), len(log.warnings)
    if not log.problems:
        lines.append("Problems: none. The log is fine.")
    else:
        lines.append(
            f"Problems: {_count(errors, 'error', 'errors')}, "
            f"{_count(warnings, 'warning', 'warnings')}"
        )
        lines += [str(p) for p in log.problems]
    return "\n".join(lines)
