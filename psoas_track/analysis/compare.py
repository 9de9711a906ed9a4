"""n-of-1 comparisons: mean pain on the days after a condition vs the days after its absence.

With a block-bootstrap interval (stretched for streaks longer than a block, as for
associations) and the n of each side.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.bootstrap import block_sums, effective_n_and_stretch
from psoas_track.analysis.common import (
    as_float,
    checked_columns,
    format_number,
    jsonable,
    on_calendar,
    shifted,
)
from psoas_track.analysis.distributions import t_quantile
from psoas_track.analysis.drift import dependence_lags, without_drift
from psoas_track.analysis.intervals import (
    MIN_WEEKS_FOR_INTERVAL,
    bootstrap_interval,
    interval_given,
    too_few_weeks,
)


@dataclass
class Comparison:
    """Mean outcome on days after a condition vs days after its absence, with an interval."""

    condition: str
    outcome: str
    lag: int
    n_with: int
    n_without: int
    mean_with: float | None
    mean_without: float | None
    diff: float | None
    ci_low: float | None
    ci_high: float | None
    enough: bool
    summary: str

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain JSON-ready values."""
        return jsonable(asdict(self))


def at_least(column: str, threshold: float, words: str | None = None) -> Callable:
    """A condition for compare(): the column is at least threshold (NA where unrecorded).

    >>> compare(days, at_least("sitting_hours", 8), outcome="back_pain")   # doctest: +SKIP
    """

    def condition(days: pd.DataFrame) -> pd.Series:
        values = days[column].astype("Float64")
        return values >= threshold

    m = schema.BY_NAME.get(column)
    if words is None:
        amount = f"{threshold:g}"
        if m is not None and m.unit:
            words = f"{amount}+ {m.unit} of {m.label.lower()}"
        else:
            words = f"{schema.phrase(column)} of {amount} or more"
    condition.label = words  # type: ignore[attr-defined]
    condition.__name__ = f"{column}_at_least_{threshold:g}"
    return condition


def _rest_target_words(frame: pd.DataFrame) -> str:
    """'10+ minutes of constructive rest' when the day table shows that target."""
    rest = schema.BY_NAME["rest_minutes"].name
    if rest in frame.columns and schema.REST_TARGET_MET in frame.columns:
        minutes = as_float(frame[rest], rest)
        met = as_float(frame[schema.REST_TARGET_MET], schema.REST_TARGET_MET)
        yes, no = minutes[met == 1], minutes[met == 0]
        target = schema.REST_TARGET_MINUTES
        if (len(yes) == 0 or yes.min() >= target) and (len(no) == 0 or no.max() < target):
            return f"{target:g}+ minutes of constructive rest"
    return "meeting the constructive-rest target"


def _condition_values(frame: pd.DataFrame, condition: str | Callable) -> tuple[np.ndarray, str]:
    if callable(condition):
        values = condition(frame)
        if not isinstance(values, pd.Series):
            values = pd.Series(np.asarray(values), index=frame.index)
        values = values.reindex(frame.index)
        words = getattr(condition, "label", None)
        if words is None:
            name = getattr(condition, "__name__", "")
            words = name.replace("_", " ") if name and name != "<lambda>" else "the condition"
        name = getattr(condition, "__name__", "condition")
    else:
        name = checked_columns(frame, condition, "condition")[0]
        values = frame[name]
        if name == schema.REST_TARGET_MET:
            words = _rest_target_words(frame)
        else:
            m = schema.BY_NAME.get(name)
            words = f"a day marked '{m.label if m is not None else name.replace('_', ' ')}'"
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        raise ValueError(f"The condition '{name}' must be yes/no for each day.")
    cond = as_float(values, name)
    bad = np.isfinite(cond) & (cond != 0) & (cond != 1)
    if bad.any():
        raise ValueError(f"The condition '{name}' must be yes/no for each day.")
    if schema.LOGGED in frame.columns:
        logged = frame[schema.LOGGED].astype("boolean").fillna(False).to_numpy(dtype=bool)
        cond = np.where(logged, cond, np.nan)
    return cond, words


def _checked_lag(lag: int) -> int:
    """The lag as an int, refused when negative (a day before the condition)."""
    lag = int(lag)
    if lag < 0:
        raise ValueError("A lag is a number of days after the condition: 0, 1, 2 and so on.")
    return lag


def _side_means(y: np.ndarray, on: np.ndarray, off: np.ndarray) -> tuple[int, int, float, float]:
    """(days with, days without, mean outcome with, without); NaN for an empty side."""
    n_with, n_without = int(on.sum()), int(off.sum())
    mean_with = float(y[on].mean()) if n_with else math.nan
    mean_without = float(y[off].mean()) if n_without else math.nan
    return n_with, n_without, mean_with, mean_without


def _diff_interval(
    cond: np.ndarray,
    y: np.ndarray,
    ok: np.ndarray,
    diff: float,
    n_boot: int,
    block: int,
    seed: int,
    max_lag: int = 10,
) -> tuple[float, float]:
    """95% moving-block bootstrap interval of the difference, widened for long streaks."""
    on, off = ok & (cond == 1), ok & (cond == 0)
    y0 = np.where(ok, y, 0.0)
    sides = np.stack([on, off, y0 * on, y0 * off], axis=1).astype(float)
    sums = block_sums(sides, n_boot, block, np.random.default_rng(seed))
    with np.errstate(invalid="ignore", divide="ignore"):
        replicates = sums[:, 2] / sums[:, 0] - sums[:, 3] / sums[:, 1]
    cx = np.where(ok, cond - cond[ok].mean(), 0.0)[None]
    cy = np.where(ok, y0 - y0[ok].mean(), 0.0)[None]
    n = float(ok.sum())
    n_eff, stretch = effective_n_and_stretch(cx, cy, ok[None], np.array([n]), block, max_lag)
    (low,), (high,) = bootstrap_interval(np.array([diff]), replicates[:, None], stretch)
    # Never narrower than the t interval on the effective n (the p-values' footing, which
    # the calibration shows holds): a few weeks of streaky days fool the bootstrap.
    half = _t_half_width(y[on], y[off], n / float(n_eff[0]))
    # A difference of two means of these days cannot pass the spread of the days (a log
    # that repeats a pattern exactly leaves almost no effective days, and t runs away).
    span = float(y[ok].max() - y[ok].min())
    return float(max(min(low, diff - half), -span)), float(min(max(high, diff + half), span))


def _t_half_width(with_: np.ndarray, without: np.ndarray, inflation: float) -> float:
    """Half the 95% t interval of a difference in means, its variance times inflation
    (n / n_eff for days that run in streaks), on n_eff - 2 degrees of freedom."""
    n1, n0 = len(with_), len(without)
    if n1 < 2 or n0 < 2:
        return math.inf
    pooled = ((n1 - 1) * with_.var(ddof=1) + (n0 - 1) * without.var(ddof=1)) / (n1 + n0 - 2)
    se = math.sqrt(pooled * (1 / n1 + 1 / n0) * max(inflation, 1.0))
    df = max((n1 + n0) / max(inflation, 1.0) - 2, 1.0)
    return -t_quantile(df, 0.025) * se


def _comparison_summary(
    lag: int,
    words: str,
    outcome: str,
    enough: bool,
    sides: tuple[int, int, float, float],
    diff: float,
    interval: tuple[float, float],
    min_days: int,
    short: bool = False,
) -> str:
    """The comparison in one sentence, or why there is not enough data for one."""
    n_with, n_without, mean_with, mean_without = sides
    low, high = interval
    when = "On days with" if lag == 0 else ("On days after" if lag == 1 else f"{lag} days after")
    subject = schema.phrase(outcome)
    if enough:
        interval_words = (
            f", 95% interval {format_number(low)} to {format_number(high)}"
            if math.isfinite(low)
            else f"; too few weeks for an interval, {MIN_WEEKS_FOR_INTERVAL} are needed"
            if short
            else ""
        )
        return (
            f"{when} {words}, {subject} averaged {format_number(mean_with)} vs "
            f"{format_number(mean_without)} on the other days (difference "
            f"{format_number(diff)} against the days around them{interval_words}; "
            f"{n_with} vs {n_without} days)."
        )
    return (
        f"Not enough data to compare {subject} {when.lower()} {words} with the "
        f"other days: {n_with} vs {n_without} days (at least {min_days} of each "
        "are needed)."
    )


def compare(
    days: pd.DataFrame,
    condition: str | Callable[[pd.DataFrame], pd.Series],
    outcome: str = schema.PAIN,
    lag: int = 1,
    n_boot: int = 1000,
    seed: int = 0,
    min_days: int = 5,
    block: int = 7,
    drift: str = "local",
) -> Comparison:
    """Mean outcome on the days after a condition minus the days after its absence.

    condition is a yes/no daily column (``rest_target_met``, ``towel``) or a function of
    the day table returning a yes/no Series (NA where unknown), e.g. ``at_least(
    "sitting_hours", 8)``. Days not logged count on neither side. The means are of the
    outcome as logged; the difference and its interval are of the outcome with its slow
    drift taken out (``drift``, as for associations): a routine started while recovering
    would otherwise be credited with the recovery. The 95% interval is a moving-block
    bootstrap of the days, widened for streaks longer than a block. Use drift="none" when
    the condition itself runs for weeks on end (a block of a self-experiment).

    >>> compare(days, "rest_target_met", outcome="back_pain").summary   # doctest: +SKIP
    'On days after 10+ minutes of constructive rest, back pain averaged 3.1 vs 4.0 on the
    other days (difference −0.9, 95% interval −1.5 to −0.3; 41 vs 63 days).'
    """
    frame = on_calendar(days)
    lag = _checked_lag(lag)
    outcome = checked_columns(frame, outcome, "outcome")[0]
    cond, words = _condition_values(frame, condition)
    name = condition if isinstance(condition, str) else getattr(condition, "__name__", "")
    logged = as_float(frame[outcome], outcome)
    y = shifted(logged, lag)
    free = shifted(without_drift(logged, drift), lag)
    ok = np.isfinite(cond) & np.isfinite(y)
    on, off = ok & (cond == 1), ok & (cond == 0)
    sides = _side_means(y, on, off)
    n_with, n_without, mean_with, mean_without = sides
    free_with, free_without = _side_means(free, on, off)[2:]
    diff = free_with - free_without
    enough = n_with >= max(min_days, 1) and n_without >= max(min_days, 1)
    low = high = math.nan
    if interval_given(enough, ok[None], n_boot)[0]:
        low, high = _diff_interval(
            cond, free, ok, diff, n_boot, block, seed, dependence_lags(drift)
        )
    return Comparison(
        condition=str(name),
        outcome=outcome,
        lag=lag,
        n_with=n_with,
        n_without=n_without,
        mean_with=mean_with if n_with else None,
        mean_without=mean_without if n_without else None,
        diff=diff if enough else None,
        ci_low=low if math.isfinite(low) else None,
        ci_high=high if math.isfinite(high) else None,
        enough=bool(enough),
        summary=_comparison_summary(
            lag,
            words,
            outcome,
            enough,
            sides,
            diff,
            (low, high),
            min_days,
            bool(too_few_weeks(ok[None], n_boot)[0]),
        ),
    )
