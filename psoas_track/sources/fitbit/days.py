"""Fitbit's days: the rule for a day the tracker was not worn, shared by the JSON export
and the legacy CSV."""

from __future__ import annotations

from psoas_track.schema import MINUTES_A_DAY
from psoas_track.sources.base import Found

NOT_WORN = "a day the tracker was not worn (1440 sedentary minutes)"
SEDENTARY = "sedentary minutes (Fitbit) -> sedentary_hours: minutes / 60 = hours"


def day_values(steps: float | None, sedentary: float | None, found: Found) -> dict:
    """A day's schema values; a day the tracker was not worn keeps only steps it counted
    (a phone can count them), never its 24 sedentary hours."""
    if sedentary == MINUTES_A_DAY:
        found.leave_out(NOT_WORN)
        sedentary = None
        if steps == 0:
            steps = None
    values: dict[str, float] = {}
    if steps is not None:
        values["steps"] = steps
    if sedentary is not None:
        values["sedentary_hours"] = sedentary / 60
        found.converted("sedentary_hours", SEDENTARY)
    return values
