"""Plausible values: the schema's range for each measure (pain 0-10, sitting 0-24 h,
steps 0 or more), whole counts and what a day can hold (a measure's day_limit), checked
the same way for a log's cells, an app's entries and an entry typed into the writer."""

from __future__ import annotations

import math
from typing import Any

from psoas_track import schema

BELOW, ABOVE = "below", "above"
NOT_FINITE = "not finite"  # inf or nan: no number a person or a device means
OVER_A_DAY = "over a day"  # more than a day holds: 1,500 minutes walked


def out_of_range(measure: schema.Measure, value: float) -> str | None:
    """BELOW or ABOVE when the value falls outside the measure's range, else None."""
    if measure.low is not None and value < measure.low:
        return BELOW
    if measure.high is not None and value > measure.high:
        return ABOVE
    return None


def not_whole(measure: schema.Measure, value: float) -> bool:
    """True for a count (steps, sit-ups) that is not a whole number."""
    return measure.kind == schema.COUNT and not float(value).is_integer()


def plausible(measure: schema.Measure | None, values: Any) -> Any:
    """A boolean array: which of the numbers (a numpy array) are in the measure's range
    and whole where it counts; all True for a column of your own (measure None)."""
    import numpy as np

    keep = np.ones(len(values), dtype=bool)
    if measure is None:
        return keep
    if measure.kind == schema.COUNT:
        keep &= values == np.floor(values)
    if measure.low is not None:
        keep &= values >= measure.low
    if measure.high is not None:
        keep &= values <= measure.high
    return keep


def implausible(measure: schema.Measure | None, value: float) -> str | None:
    """Why a number is no value of the measure a day can have: NOT_FINITE (inf, nan),
    BELOW or ABOVE its range, OVER_A_DAY (more than its day_limit); None when it is
    plausible. A column of your own (measure None) only has to be a finite number.

    >>> implausible(schema.BY_NAME["walking_minutes"], 1500.0)
    'over a day'
    """
    if not math.isfinite(value):
        return NOT_FINITE
    if measure is None:
        return None
    if reason := out_of_range(measure, value):
        return reason
    if measure.day_limit is not None and value > measure.day_limit:
        return OVER_A_DAY
    return None
