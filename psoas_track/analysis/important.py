"""When a change matters: each outcome's minimal important change, from the literature,
and whether a person's change is beyond what their own days produce by chance.

"Clinically important" needs both (issue 26): a change at least the published minimal
important change (MIC) AND larger than the person's own day-to-day variation, with its
streakiness, would produce between the two periods by chance. The MICs were measured as
change over a treatment in groups of patients; one person's ratings wobble, and a
flare-prone but stable log must not be called improved. docs/calibration.md measures
how often the rule fires on stable logs and how often it finds a real change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from psoas_track import schema
from psoas_track.analysis.distributions import normal_quantile

LOWER, HIGHER = "lower", "higher"  # which way is better


@dataclass(frozen=True)
class MinimalChange:
    """The smallest change that matters to people, as published for a measure."""

    points: float  # a change of this many points matters...
    better: str  # LOWER or HIGHER
    source: str
    share: float | None = None  # ...or this share of the baseline,
    share_needs_points: float = 0.0  # when it is also this many points,
    share_needs_from: float = 0.0  # from a baseline of at least this
    #: One person's smallest detectable change, where published: used in place of their
    #: own variation when too few ratings show it (scores kept every few weeks).
    detectable: float | None = None

    @property
    def words(self) -> str:
        text = f"{self.points:g} points"
        if self.share is not None:
            text += f" or {self.share:.0%}"
        return text


_PAIN = MinimalChange(
    2.0,
    LOWER,
    "Farrar 2001 (2 points or 30% = much improved); Salaffi 2004 (depends on the baseline)",
    share=0.30,
    share_needs_points=1.0,
    share_needs_from=4.0,
)
_KOOS = MinimalChange(
    10.0,
    HIGHER,
    "Roos and Lohmander 2003; Collins 2016 (8-10 points in groups; one person's detectable "
    "change is larger, about 26 for knee osteoarthritis pain)",
)

#: The minimal important change of every outcome the kit tracks (docs/design.md has the
#: table with its sources). PGIC is itself a change: see PGIC_RESPONDER.
MINIMAL_CHANGES: dict[str, MinimalChange] = {
    **dict.fromkeys(schema.PAIN_COLUMNS, _PAIN),
    schema.PSFS: MinimalChange(
        2.0, HIGHER, "Stratford 1995; Horn 2012 (1.3-2.7 by size of change)", detectable=2.0
    ),
    schema.PEG: MinimalChange(1.0, LOWER, "Krebs 2009; Reed 2023 (0.6-1.75)"),
    "odi": MinimalChange(
        10.0, LOWER, "Ostelo 2008 (10 points or 30%)", share=0.30, share_needs_points=5.0
    ),
    **{
        f"{scale}_{part}": _KOOS
        for scale in ("koos", "hoos")
        for part in ("pain", "symptoms", "adl", "sport", "qol")
    },
}
#: One PSFS activity: the mean's 2 points matter; one item's detectable change is 3.
PSFS_ITEM = MinimalChange(2.0, HIGHER, "Stratford 1995; Horn 2012", detectable=3.0)
#: PGIC 1-2 ("very much" or "much improved") is a responder (IMMPACT, Dworkin 2008).
PGIC_RESPONDER = 2.0
PGIC_SOURCE = "IMMPACT (Dworkin 2008): 1 or 2, much or very much improved, is a responder"


def minimal_change(measure: str) -> MinimalChange | None:
    if schema.is_psfs_item(measure):
        return PSFS_ITEM
    return MINIMAL_CHANGES.get(measure)


def direction(change: float, mc: MinimalChange) -> str:
    """'better', 'worse' or 'same' (a change under 0.05 of a point)."""
    if not math.isfinite(change) or abs(change) < 0.05:
        return "same"
    lower = change < 0
    return "better" if lower == (mc.better == LOWER) else "worse"


def meets_minimal_change(before: float, after: float, mc: MinimalChange) -> bool:
    """Is the change from before to after at least the minimal important change (either
    way)? By points, or by its share of the baseline where the MIC allows that."""
    change = abs(after - before)
    eps = 1e-9
    if change >= mc.points - eps:
        return True
    if mc.share is None:
        return False
    return bool(
        before >= mc.share_needs_from - eps
        and change >= mc.share * abs(before) - eps
        and change >= mc.share_needs_points - eps
    )


# --------------------------------------------------------------------------- own variation

#: Ratings needed to estimate a person's variation and its streakiness.
MIN_RATINGS_FOR_VARIATION = 8
#: How sure "beyond chance" is: a two-sided 5% test.
CHANCE_LEVEL = 0.05
#: The most day-to-day autocorrelation assumed: beyond it a log is a drift, not noise.
MAX_AUTOCORRELATION = 0.97


@dataclass(frozen=True)
class OwnVariation:
    """A person's day-to-day variation around their slow course, and its streakiness."""

    sd: float  # of a day's value around the log's straight-line course
    autocorrelation: float  # from one day to the next (AR(1)), bias-corrected
    ratings: int


def own_variation(days: np.ndarray, values: np.ndarray) -> OwnVariation | None:
    """The variation of ratings `values` on day numbers `days` (ints, gaps allowed) around
    a straight line through them, so that a real improvement is not counted as noise.

    Streakiness is the autocorrelation from one rating to the next, turned into a day's
    (r_gap ** (1 / typical gap): weekly scores give a daily one too). A straight line
    fitted to a short streaky series soaks up part of its wandering, so both are
    corrected for it (calibrated in benchmarks/bench_progress.py): the autocorrelation by
    its bias with a fitted line and mean, (2 + 4 r) / n, then taken one standard error
    higher (sqrt((1 - r²) / n)), and the sd by the share of the
    variance a line and a mean take from an AR(1) series of that length. None with fewer
    than MIN_RATINGS_FOR_VARIATION ratings.
    """
    ok = np.isfinite(values)
    days, values = np.asarray(days, float)[ok], np.asarray(values, float)[ok]
    n = len(values)
    if n < MIN_RATINGS_FOR_VARIATION:
        return None
    slope, intercept = np.polyfit(days, values, 1)
    resid = values - (intercept + slope * days)
    s2 = float(np.sum(resid**2) / (n - 2))
    if s2 == 0:
        return OwnVariation(0.0, 0.0, n)
    gap = float(np.median(np.diff(days)))
    r = float(np.sum(resid[:-1] * resid[1:]) / np.sum(resid**2))
    r = min(max(r + (2 + 4 * r) / n, 0.0), MAX_AUTOCORRELATION)
    # Its upper one-standard-error value: a streaky log read as less streaky than it is
    # would call its flares changes (the calibration's very streaky logs).
    r = min(r + math.sqrt((1 - r**2) / n), MAX_AUTOCORRELATION)
    daily_r = r ** (1 / gap) if r > 0 else 0.0
    kept = 1 - 2 * (1 + r) / ((1 - r) * n)  # of the variance, after a line and a mean
    sd = math.sqrt(s2 / max(kept, 0.25))
    return OwnVariation(sd, min(daily_r, MAX_AUTOCORRELATION), n)


def chance_sd(before_days: np.ndarray, after_days: np.ndarray, variation: OwnVariation) -> float:
    """The standard deviation of (mean after - mean before) from the person's variation
    alone: AR(1) covariances sd² r^|i-j| between every pair of rated days."""
    days = np.concatenate([before_days, after_days]).astype(float)
    weights = np.concatenate(
        [
            np.full(len(before_days), -1 / len(before_days)),
            np.full(len(after_days), 1 / len(after_days)),
        ]
    )
    lags = np.abs(days[:, None] - days[None, :])
    cov = variation.sd**2 * variation.autocorrelation**lags
    return float(np.sqrt(max(weights @ cov @ weights, 0.0)))


def beyond_chance(change: float, sd: float) -> bool:
    if sd <= 0:
        return change != 0
    return bool(abs(change) > -normal_quantile(CHANCE_LEVEL / 2) * sd)
