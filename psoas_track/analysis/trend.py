"""Trends: the Theil-Sen slope of a daily measure, per week, with its interval."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.common import (
    as_float,
    checked_columns,
    format_number,
    jsonable,
    on_calendar,
)

# No scipy here: scipy.stats takes about a second to import and scipy.special a third of
# one, paid by every report kernel. The few pieces of scipy.stats used here are below or
# in distributions.py, checked against scipy in tests/test_stats.py.
from psoas_track.analysis.distributions import normal_quantile


def _repeats(values: np.ndarray) -> np.ndarray:
    counts = np.unique(values, return_counts=True)[1]
    return counts[counts > 1].astype(float)


def theil_sen(
    y: np.ndarray, x: np.ndarray, level: float = 0.95, variance_factor: float = 1.0
) -> tuple[float, float, float]:
    """Theil-Sen slope with Sen's (1968) interval: (slope, low, high).

    The same numbers as scipy.stats.theilslopes(y, x, alpha=level)[[0, 2, 3]] with
    variance_factor 1; a factor above 1 widens the interval for days that run in streaks
    (Hamed and Rao 1998: the variance of the rank statistic times n / n*).
    """
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    dx = x[:, None] - x
    dy = y[:, None] - y
    slopes = np.sort(dy[dx > 0] / dx[dx > 0])
    slope = float(np.median(slopes))
    z = normal_quantile((1.0 - level) / 2.0)
    n = len(y)

    def ties(counts: np.ndarray) -> float:
        return float((counts * (counts - 1) * (2 * counts + 5)).sum())

    variance = (n * (n - 1) * (2 * n + 5) - ties(_repeats(x)) - ties(_repeats(y))) / 18
    variance *= variance_factor
    if not variance >= 0:  # heavy ties: no interval (scipy gives NaN too)
        return slope, math.nan, math.nan
    sigma = math.sqrt(variance)
    upper = min(int(np.round((len(slopes) - z * sigma) / 2.0)), len(slopes) - 1)
    lower = max(int(np.round((len(slopes) + z * sigma) / 2.0)) - 1, 0)
    return slope, float(slopes[lower]), float(slopes[upper])


@dataclass
class Trend:
    """Theil-Sen slope of a daily measure per week over a window, with its 95% interval."""

    column: str
    weeks: int
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    n: int
    slope_per_week: float | None
    ci_low: float | None
    ci_high: float | None
    enough: bool
    summary: str

    def to_dict(self) -> dict[str, Any]:
        """The trend as plain JSON-ready values."""
        return jsonable(asdict(self))


#: Above this share of exactly-zero pairwise slopes the daily ratings are too coarse: the
#: median lands in the block of zeros (the example log's hip pain: 49% of slopes down,
#: 18% up, 33% zero gives a slope of 0). Mean pain of the sites has ~10%, sitting ~3%.
_TIED_SHARE = 0.2
#: A week's mean counts for the weekly fallback when this many of its days are recorded.
_MIN_DAYS_A_WEEK = 3


def mostly_tied(y: np.ndarray, x: np.ndarray) -> bool:
    """Whether so many pairs of days have equal y that a Theil-Sen slope is tied to 0."""
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    dx = x[:, None] - x
    dy = y[:, None] - y
    later = dx > 0
    return bool(later.any()) and float((dy[later] == 0).mean()) > _TIED_SHARE


def _weekly_means(window: pd.Series, first: pd.Timestamp) -> pd.Series:
    """Mean of each 7-day block from `first` with enough days recorded, by block number."""
    values = pd.to_numeric(window, errors="coerce")
    block = (window.index - first).days // 7
    grouped = values.groupby(block)
    means = grouped.mean()[grouped.count() >= _MIN_DAYS_A_WEEK]
    return means.astype(float)


def _unit(column: str) -> str:
    """The unit a slope of this column is read in: points for pain, else the column's."""
    if column in schema.PAIN_COLUMNS:
        return "points"
    return schema.BY_NAME[column].unit if column in schema.BY_NAME else ""


def _window(
    frame: pd.DataFrame, column: str, weeks: int, end: str | pd.Timestamp | None
) -> tuple[pd.Timestamp, pd.Timestamp, pd.Series]:
    """(first day, last day, the column over those days): ``weeks`` whole weeks to ``end``."""
    last = pd.Timestamp(end).normalize() if end is not None else frame.index[-1]
    first = last - pd.Timedelta(days=7 * int(weeks) - 1)
    return first, last, frame.loc[(frame.index >= first) & (frame.index <= last), column]


def _recorded_points(
    window: pd.Series, column: str, first: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """(day number from ``first``, value) of the recorded days in the window."""
    values = as_float(window, column)
    ok = np.isfinite(values)
    x = ((window.index - first).days.to_numpy(dtype=float))[ok]
    return x, values[ok]


#: A trend is told only when the days, allowing for their streaks, are worth this many
#: independent ones (n / the variance factor); below it the window is too short to tell.
MIN_INDEPENDENT_DAYS = 8


def streak_factor(x: np.ndarray, residuals: np.ndarray) -> float:
    """How much streaks inflate the variance of a trend test (Hamed and Rao 1998, on
    ranks): 1 + 2 sum (1 - k/n) r_k over lags k while the autocorrelation r_k of the
    ranks of the residuals stays positive; at least 1. x are day numbers (gaps allowed)."""
    n = len(residuals)
    if n < 4:
        return 1.0
    ranks = np.array(pd.Series(residuals).rank(), dtype=float)
    ranks -= ranks.mean()
    series = np.full(int(x.max()) + 1, np.nan)
    series[x.astype(int)] = ranks
    total = float((ranks * ranks).sum()) / n
    factor, lag_one = 1.0, 0.0
    for k in range(1, max(n // 4, 1) + 1):
        a, b = series[:-k], series[k:]
        both = np.isfinite(a) & np.isfinite(b)
        if both.sum() < 3 or total <= 0:
            break
        r = float((a[both] * b[both]).mean()) / total
        if r <= 0:
            break
        factor += 2 * (1 - k / n) * r
        if k == 1:
            lag_one = r
    # The sum is biased low on a few weeks of days (every r_k is); an AR(1) with the
    # lag-1 autocorrelation corrected for that bias (Marriott and Pope 1954) bounds it.
    phi = min(lag_one + (1 + 3 * lag_one) / n, 0.95) if factor > 1.0 else 0.0
    return max(factor, (1 + phi) / (1 - phi)) if phi > 0 else factor


def _slope_and_basis(
    window: pd.Series, first: pd.Timestamp, x: np.ndarray, y: np.ndarray
) -> tuple[float, float, float, str, float]:
    """(slope, low, high per week, what it was computed from, the number of independent
    days the recorded ones are worth): daily, or weekly means."""
    n = len(y)
    slope = theil_sen(y, x, level=0.95)[0]
    factor = streak_factor(x, y - slope * x)
    slope, low, high = (7 * v for v in theil_sen(y, x, 0.95, factor))
    independent = n / factor
    basis = f"{n} days recorded"
    if mostly_tied(y, x):
        # Whole-number ratings that stay the same for days make most pairwise slopes
        # exactly 0, and the median and its interval collapse onto 0 whatever the drift.
        # Weekly means are not tied that way.
        weekly = _weekly_means(window, first)
        if len(weekly) >= 3:
            wx, wy = weekly.index.to_numpy(float), weekly.to_numpy()
            factor = streak_factor(wx, wy - theil_sen(wy, wx)[0] * wx)
            slope, low, high = theil_sen(wy, wx, 0.95, factor)
            independent = 7 * len(weekly) / factor
            basis = (
                f"from the means of {len(weekly)} weeks, as many day-to-day ratings "
                f"were equal; {n} days recorded"
            )
    return slope, low, high, basis, independent


def _trend_summary(
    period: str, column: str, slope: float, low: float, high: float, basis: str
) -> str:
    """The trend in a sentence: up or down when the interval excludes 0, else no trend."""
    interval = f"95% interval {format_number(low, 2)} to {format_number(high, 2)}; {basis}"
    unit = _unit(column)
    unit_words = f" {unit}" if unit else ""
    if low > 0:
        words = f"went up by about {format_number(slope, 2)}{unit_words} a week"
    elif high < 0:
        words = f"went down by about {format_number(-slope, 2)}{unit_words} a week"
    else:
        # The interval's own parenthesis is opened by the words, so it closes the sentence.
        words = f"showed no clear trend ({format_number(slope, 2)}{unit_words} a week"
        return f"{period}, {schema.phrase(column)} {words}, {interval})."
    return f"{period}, {schema.phrase(column)} {words} ({interval})."


def trend(
    days: pd.DataFrame,
    column: str = schema.PAIN,
    weeks: int = 8,
    end: str | pd.Timestamp | None = None,
    min_days: int = 7,
) -> Trend:
    """How fast a daily measure went up or down per week over the last weeks (Theil-Sen).

    The slope is the median of the slopes between every two recorded days, so a few odd
    days barely move it; the interval is Sen's, widened for streaks (Hamed and Rao's
    variance correction, see streak_factor), and a window whose days are worth fewer than
    8 independent ones is "too short to tell". Whole-number ratings
    that stay equal for days tie that median to 0, so when over a fifth of the pairs are
    ties the slope is taken between weekly means instead, and the summary says so.

    >>> trend(days, "back_pain", weeks=8).summary             # doctest: +SKIP
    'Over the 8 weeks to 2026-11-22, back pain went down by about 0.2 points a week
    (95% interval −0.3 to −0.1; 54 days recorded).'
    """
    frame = on_calendar(days)
    column = checked_columns(frame, column, "trend")[0]
    if len(frame) == 0:
        summary = f"No days recorded for {schema.phrase(column)}."
        return Trend(column, weeks, None, None, 0, None, None, None, False, summary)
    first, last, window = _window(frame, column, weeks, end)
    x, y = _recorded_points(window, column, first)
    n = len(y)
    period = f"Over the {weeks} weeks to {last.date()}"
    if n < max(min_days, 2) or np.unique(x).size < 2:
        summary = (
            f"{period}, not enough days with {schema.phrase(column)} recorded to tell a "
            f"trend ({n}; at least {min_days} are needed)."
        )
        return Trend(column, int(weeks), first, last, n, None, None, None, False, summary)
    slope, low, high, basis, independent = _slope_and_basis(window, first, x, y)
    if independent < MIN_INDEPENDENT_DAYS:
        summary = (
            f"{period}, {schema.phrase(column)} ran in long streaks, so {n} days are too few "
            f"to tell a trend from a streak (they are worth about {independent:.0f} "
            f"independent days; {MIN_INDEPENDENT_DAYS} are needed). Look again over more weeks."
        )
        return Trend(column, int(weeks), first, last, n, slope, None, None, False, summary)
    summary = _trend_summary(period, column, slope, low, high, basis)
    return Trend(column, int(weeks), first, last, n, slope, low, high, True, summary)
