"""What `psoas-track check` reports about a log, as plain data (its words: words.check)."""

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
