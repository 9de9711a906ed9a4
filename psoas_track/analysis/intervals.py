"""The interval rule of associations and compare: when an interval is given, and how.

An interval is given only when the result has enough data, resamples were asked for
(n_boot > 0) and its days span at least MIN_WEEKS_FOR_INTERVAL weeks: over fewer, the
block bootstrap cannot tell streaks from the resampling (docs/calibration.md: 45-day logs
missed). It is the 95% percentile interval of the block-bootstrap replicates, widened
around the estimate by the stretch for streaks longer than a block
(``bootstrap.effective_n_and_stretch``), on the Fisher z scale for a correlation.
"""

from __future__ import annotations

import warnings

import numpy as np

#: Intervals are given only for results whose days span this many weeks: over fewer, the
#: block bootstrap cannot see the spread of streaky days (docs/calibration.md).
MIN_WEEKS_FOR_INTERVAL = 8


def weeks_spanned(mask: np.ndarray) -> np.ndarray:
    """Weeks from each row's first to last True day (0 for a row with none).

    >>> weeks_spanned(np.array([[False, True] + [False] * 12 + [True]]))
    array([2.])
    """
    any_day = mask.any(axis=1)
    first = np.argmax(mask, axis=1)
    last = mask.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)
    return np.where(any_day, (last - first + 1) / 7, 0.0)


def too_few_weeks(mask: np.ndarray, n_boot: int) -> np.ndarray:
    """Per row: resamples were asked for, but the days span too few weeks for an interval."""
    return (n_boot > 0) & (weeks_spanned(mask) < MIN_WEEKS_FOR_INTERVAL)


def interval_given(enough: np.ndarray, mask: np.ndarray, n_boot: int) -> np.ndarray:
    """Per row: enough data, resamples asked for, and the weeks an interval needs."""
    return np.asarray(enough, dtype=bool) & (n_boot > 0) & ~too_few_weeks(mask, n_boot)


def percentile_interval(
    replicates: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over axis 0, ignoring NaN; NaN when half the replicates failed."""
    if replicates.shape[0] == 0:
        nan = np.full(replicates.shape[1:], np.nan)
        return nan, nan.copy()
    tail = (1.0 - level) / 2.0
    ok = np.isfinite(replicates)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanquantile(np.where(ok, replicates, np.nan), [tail, 1.0 - tail], axis=0)
    bad = ok.mean(axis=0) < 0.5
    low[bad], high[bad] = np.nan, np.nan
    return low, high


def widened(
    estimate: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    stretch: np.ndarray,
    fisher: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """An interval stretched away from its estimate by a factor (1 leaves it as it is).

    fisher: stretch on the Fisher z scale, as a correlation's interval must be, so that
    it stays within -1 and 1.
    """
    if not fisher:
        return estimate + stretch * (low - estimate), estimate + stretch * (high - estimate)
    limit = 1.0 - 1e-12
    z = np.arctanh(np.clip(estimate, -limit, limit))
    with np.errstate(invalid="ignore"):
        z_low = np.arctanh(np.clip(low, -limit, limit))
        z_high = np.arctanh(np.clip(high, -limit, limit))
    return np.tanh(z + stretch * (z_low - z)), np.tanh(z + stretch * (z_high - z))


def bootstrap_interval(
    estimate: np.ndarray, replicates: np.ndarray, stretch: np.ndarray, fisher: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The 95% interval: percentiles of the (n_boot, rows) replicates, widened by stretch."""
    return widened(estimate, *percentile_interval(replicates), stretch, fisher)
