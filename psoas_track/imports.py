"""An app's or device's export in words: what `psoas-track import` prints.

The export is read by sources.read_source (or the front door, readers.read_any), made
days by daily.day_rows and written by write.write_rows or write.append_imported.
"""

from __future__ import annotations

from typing import Any

from psoas_track import schema


def describe(log, rows: list[dict[str, Any]]) -> str:
    """What was found, in lines a person reads: source, days, measures with their units
    and how they were converted, what was left out and why."""
    found = log.found
    lines = [f"Source: {found.source} ({log.path.name})"]
    if not rows:
        lines.append("Days: none with values")
    else:
        first, last = rows[0]["date"], rows[-1]["date"]
        lines.append(f"Days: {len(rows):,}, from {first.isoformat()} to {last.isoformat()}")
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            if name != "date":
                counts[name] = counts.get(name, 0) + 1
    if counts:
        lines.append("Measures:")
        for name, n in counts.items():
            how = found.conversions.get(name)
            unit = _unit(name)
            said = f"  {schema.phrase(name)}{unit}: {_days(n)}"
            lines.append(said + (f" ({how})" if how else ""))
    if found.left_out:
        lines.append("Left out:")
        lines += [f"  {n:,} {reason}" for reason, n in found.left_out.most_common()]
    lines += [f"Note: {text}" for text in found.notes]
    return "\n".join(lines)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n:,} days"


def _unit(name: str) -> str:
    measure = schema.BY_NAME.get(name)
    if measure is None or not measure.unit or measure.unit in schema.phrase(name):
        return ""
    return f" ({measure.unit})"
