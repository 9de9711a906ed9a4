"""What a week's report was made from, as one key, so `report --all` can skip the weeks
whose report would come out the same.

A report for a week uses only the rows dated up to the week's end (week.build), so
its key is: those rows as read, the problems found in them, the log's file name and date
order, the settings, the template and the package's version, and the last day that can
count (today, for the week that is still going). The key goes into the week's .json.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

KEY_FIELD = "made_from"


def _version() -> str:
    try:
        return metadata.version("psoas_track")
    except metadata.PackageNotFoundError:  # running from a source tree not installed
        return "source"


def week_key(
    log: Any,
    log_name: str,
    week_end: dt.date,
    params: dict[str, Any],
    template: Path,
    today: dt.date | None = None,
) -> str:
    """A hex digest of everything the week's report is made from."""
    import pandas as pd

    from psoas_track import schema

    last = min(week_end, today or dt.date.today())
    entries = log.entries
    dates = pd.to_datetime(entries["date"]).dt.date
    rows = entries[dates <= last]
    in_scope = {int(r) for r in rows[schema.ROW]}
    problems = [p.as_dict() for p in log.problems if p.row is None or p.row in in_scope]
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(rows, index=False).to_numpy().tobytes())
    digest.update(repr(list(rows.columns)).encode())
    described = {
        "problems": problems,
        "log": log_name,
        "dayfirst": [log.dayfirst, log.dayfirst_guessed],
        "params": params,
        "last_day": last.isoformat(),
        "version": _version(),
        "template": hashlib.sha256(template.read_bytes()).hexdigest(),
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def recorded_key(figures: Path) -> str | None:
    """The key saved in a week's .json, or None (no file, unreadable, or made before keys)."""
    try:
        return json.loads(figures.read_text(encoding="utf-8")).get(KEY_FIELD)
    except (OSError, ValueError, AttributeError):
        return None
