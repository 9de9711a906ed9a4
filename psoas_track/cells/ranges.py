"""Plausible values: the schema's range for each measure (pain 0-10, sitting 0-24 h,
steps 0 or more) and whole counts, checked the same way for a log's cells, an app's
entries and an entry typed into the writer."""

from __future__ import annotations

from typing import Any

from psoas_track import schema

BELOW, ABOVE = "below", "above"


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
