"""An app's or device's export in words: what `psoas-track import` says it found."""

from __future__ import annotations

from typing import Any

from psoas_track import schema


def describe_export(log, rows: list[dict[str, Any]]) -> str:
    """What was found, in lines a person reads: source, days, measures with their units
    and how they were converted, what was left out and why.

    log: what `read_source` read; rows: its days (`imports.day_rows(log)`).
    """
    found = log.found
    lines = [f"Source: {found.source} ({log.path.name})", _days_line(rows)]
    lines += _measure_lines(rows, found.conversions)
    if found.left_out:
        lines.append("Left out:")
        lines += [f"  {n:,} {reason}" for reason, n in found.left_out.most_common()]
    lines += [f"Note: {text}" for text in found.notes]
    return "\n".join(lines)


def _days_line(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "Days: none with values"
    first, last = rows[0]["date"], rows[-1]["date"]
    return f"Days: {len(rows):,}, from {first.isoformat()} to {last.isoformat()}"


def _measure_lines(rows: list[dict[str, Any]], conversions: dict[str, str]) -> list[str]:
    """Each measure with its unit, the days that have it, and how it was converted."""
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            if name != "date":
                counts[name] = counts.get(name, 0) + 1
    if not counts:
        return []
    lines = ["Measures:"]
    for name, n in counts.items():
        how = conversions.get(name)
        said = f"  {schema.phrase(name)}{_unit(name)}: {_days(n)}"
        lines.append(said + (f" ({how})" if how else ""))
    return lines


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n:,} days"


def _unit(name: str) -> str:
    measure = schema.BY_NAME.get(name)
    if measure is None or not measure.unit or measure.unit in schema.phrase(name):
        return ""
    return f" ({measure.unit})"
