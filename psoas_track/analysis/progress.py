"""Progress against the start: each outcome now vs its baseline, and whether the change
is clinically important (important.py), with the red flags the person noted.

The baseline of an outcome is the mean over its first `baseline_days` calendar days from
its first value; "now" is the mean over the last `baseline_days` days up to `until`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.common import as_float, jsonable, on_calendar
from psoas_track.analysis.important import (
    PGIC_RESPONDER,
    PGIC_SOURCE,
    beyond_chance,
    chance_sd,
    direction,
    meets_minimal_change,
    minimal_change,
    own_variation,
)

BASELINE_DAYS = 14


@dataclass
class Outcome:
    """One outcome at baseline and now, the change, and whether it is important."""

    measure: str
    label: str
    baseline: float | None
    current: float | None
    change: float | None
    direction: str  # better, worse, same, or "" when not compared
    mcid: str  # the minimal important change, in words
    mcid_source: str
    important: bool
    baseline_days: int  # days rated in each period
    current_days: int
    why: str  # a short reason when not compared or not important

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class Progress:
    """Every outcome the log has, and the red flags noted up to `until`."""

    until: pd.Timestamp | None
    baseline_days: int
    outcomes: list[Outcome] = field(default_factory=list)
    red_flags: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "until": self.until,
                "baseline_days": self.baseline_days,
                "outcomes": [o.to_dict() for o in self.outcomes],
                "red_flags": self.red_flags,
            }
        )


def outcome_columns(days: pd.DataFrame) -> list[str]:
    """The outcomes a day table has values for: pain sites, pain (with two or more sites
    rated), PSFS and its items (with two or more), PEG, ODI, PGIC, KOOS and HOOS."""

    def rated(c: str) -> bool:
        return c in days.columns and bool(np.isfinite(as_float(days[c], c)).any())

    sites = [c for c in schema.PAIN_SITES if rated(c)]
    items = [c for c in days.columns if schema.is_psfs_item(c) and rated(c)]
    pain = [schema.PAIN] if len(sites) > 1 and rated(schema.PAIN) else []
    psfs = [schema.PSFS] if rated(schema.PSFS) else []
    others = [c for c in schema.OUTCOMES if c != schema.PSFS and rated(c)]
    return [*sites, *pain, *psfs, *(items if len(items) > 1 else []), *others]


def red_flags(days: pd.DataFrame, start=None, end=None) -> list[dict[str, str]]:
    """Every day with a red flag noted between start and end: [{'date', 'text'}]."""
    if "red_flags" not in days.columns:
        return []
    noted = days["red_flags"].loc[start:end].dropna()
    return [
        {"date": day.date().isoformat(), "text": str(text).strip()}
        for day, text in noted.items()
        if str(text).strip()
    ]


def progress(
    days: pd.DataFrame, baseline_days: int = BASELINE_DAYS, until: dt.date | str | None = None
) -> Progress:
    """Each outcome's baseline, current value, change and whether it is clinically
    important (at least its minimal important change AND beyond the person's own
    variation by chance), and every red flag noted.

    >>> progress(daily(read_log("pain.csv"))).to_dict()["outcomes"][0]   # doctest: +SKIP
    {'measure': 'back_pain', 'baseline': 5.9, 'current': 3.1, 'change': -2.8, ...}
    """
    if int(baseline_days) < 1:
        raise ValueError(f"The baseline needs at least one day; {baseline_days} was given.")
    frame = on_calendar(days)
    end = pd.Timestamp(until).normalize() if until is not None else None
    if end is not None:
        frame = frame.loc[frame.index <= end]
    elif len(frame):
        end = frame.index[-1]
    result = Progress(end, int(baseline_days))
    if not len(frame):
        return result
    result.outcomes = [_outcome(frame, c, int(baseline_days)) for c in outcome_columns(frame)]
    result.red_flags = red_flags(frame)
    return result


def _outcome(frame: pd.DataFrame, column: str, window: int) -> Outcome:
    values = as_float(frame[column], column)
    day_numbers = (frame.index - frame.index[0]).days.to_numpy()
    rated = np.flatnonzero(np.isfinite(values))
    first, last = day_numbers[rated[0]], day_numbers[-1]
    before = rated[day_numbers[rated] < first + window]
    after = rated[day_numbers[rated] > last - window]
    if column == "pgic":  # a change itself: no baseline
        return _pgic(values, after, window)
    after = after[day_numbers[after] >= first + window]  # the periods never overlap
    mc = minimal_change(column)
    base = _mean(values, before)
    now = _mean(values, after)
    outcome = Outcome(
        column, schema.label(column), base, now, None, "", mc.words, mc.source, False,
        len(before), len(after), "",
    )  # fmt: skip
    if now is None:
        outcome.why = f"not rated in the last {window} days after the baseline"
        return outcome
    outcome.change = now - base
    outcome.direction = direction(outcome.change, mc)
    if not meets_minimal_change(base, now, mc):
        outcome.why = f"less than the minimal important change ({mc.words})"
        return outcome
    variation = own_variation(day_numbers[rated], values[rated])
    if variation is None:
        outcome.important = mc.detectable is not None and abs(outcome.change) >= mc.detectable
        outcome.why = (
            f"too few ratings to know your own variation; one person's detectable change "
            f"is {mc.detectable:g} points"
            if mc.detectable is not None
            else "too few ratings to tell it from your own ups and downs"
        )
        return outcome
    sd = chance_sd(day_numbers[before], day_numbers[after], variation)
    outcome.important = beyond_chance(outcome.change, sd)
    if not outcome.important:
        outcome.why = "within what your own ups and downs give by chance"
    return outcome


def _pgic(values: np.ndarray, after: np.ndarray, window: int) -> Outcome:
    """PGIC rates the change itself: a responder at 1 or 2 over the last days."""
    now = _mean(values, after)
    responder = now is not None and now <= PGIC_RESPONDER
    why = "" if responder else (
        f"not rated in the last {window} days" if now is None else "not 1 or 2 (much improved)"
    )  # fmt: skip
    said = "" if now is None else "better" if now < 3.5 else "worse" if now > 4.5 else "same"
    return Outcome(
        "pgic", schema.label("pgic"), None, now, None, said, "1 or 2 (much improved)",
        PGIC_SOURCE, responder, 0, len(after), why,
    )  # fmt: skip


def _mean(values: np.ndarray, where: np.ndarray) -> float | None:
    if not len(where):
        return None
    mean = float(np.mean(values[where]))
    return mean if math.isfinite(mean) else None
