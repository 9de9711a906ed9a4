"""Slow drift taken out of daily series, and the lags its dependence reaches.

A routine started while recovering moves rest, sitting and pain together for unrelated
reasons; what is left once each day's slow level is taken out is how the day differs
from the days around it, which is where a load acting on the next days' pain shows
(docs/calibration.md). Used by associations and by compare.
"""

from __future__ import annotations

import warnings

import numpy as np

#: Days in the centred window whose mean is a day's slow level (drift="local"). Two
#: weeks and a day: chosen by benchmarks/bench_calibration.py over 29 and 43 (the same
#: false claims on drifting logs, more power for a next-day effect; docs/calibration.md).
DRIFT_WINDOW = 15


def dependence_lags(drift: str) -> int:
    """Lags the effective n counts: taking out a window's mean leaves dependence (negative
    at lags up to the window) that fewer lags do not see (docs/calibration.md)."""
    return DRIFT_WINDOW + 1 if drift == "local" else 10


def without_drift(values: np.ndarray, how: str = "local", window: int = DRIFT_WINDOW) -> np.ndarray:
    """A daily series with its slow drift taken out, NaN where not recorded.

    how: "local" subtracts the mean of the other recorded days in the centred `window`
    days (a level that wanders, a routine started partway, a trend: all slow); "linear"
    subtracts a straight line through time; "none" leaves the series as it is. What is
    left is how each day differs from the days around it, which is where a load acting
    on the next days' pain shows, and where two series that merely drift together do not.
    A day with no recorded day around it has no level, so it is NaN.

    >>> without_drift(np.array([1.0, 2.0, 3.0, 2.0, 1.0]), window=3)
    array([-1.,  0.,  1.,  0., -1.])
    """
    values = np.asarray(values, dtype=float)
    return rows_without_drift(values[None], how, window)[0]


def rows_without_drift(values: np.ndarray, how: str, window: int = DRIFT_WINDOW) -> np.ndarray:
    """without_drift for each row of a (rows, days) array."""
    ok = np.isfinite(values)
    if how == "none":
        return values
    if how == "linear":
        out = values.copy()
        for row, recorded in zip(out, ok, strict=True):
            if recorded.sum() >= 3:
                t = np.flatnonzero(recorded).astype(float)
                slope, intercept = np.polyfit(t, row[recorded], 1)
                row -= intercept + slope * np.arange(len(row))
        return out
    # The level is the mean of the OTHER recorded days in the window: with the day itself
    # in it, every difference from the level shrinks by 1/window (compare()'s difference
    # of -1.0 read as -0.93 over 15 days).
    filled = np.where(ok, values, 0.0)
    others = _window_sums(filled, window) - filled
    counts = _window_sums(ok.astype(float), window) - 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok & (counts > 0), values - others / counts, np.nan)


def _window_sums(values: np.ndarray, window: int) -> np.ndarray:
    """Sums over the centred `window` days of each row (as np.convolve(..., "same") with
    a kernel of ones; a row shorter than the window sums all of it)."""
    n = values.shape[1]
    window = min(window, n)
    cumulative = np.concatenate([np.zeros((len(values), 1)), np.cumsum(values, axis=1)], axis=1)
    k = np.arange(n)
    high = np.minimum(k + (window - 1) // 2, n - 1)
    low = np.maximum(k + (window - 1) // 2 - window + 1, 0)
    return cumulative[:, high + 1] - cumulative[:, low]


def rows_without_weekday(values: np.ndarray, weekday: np.ndarray) -> np.ndarray:
    """Each row less its mean for each day of the week (over its finite days)."""
    out = values.copy()
    for day in range(7):
        on = weekday == day
        if on.any():
            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a weekday with no days
                out[:, on] -= np.nanmean(values[:, on], axis=1, keepdims=True)
    return out
