"""Spearman rho row by row over paired days: its rank residuals, p-value and interval.

Each row is one (load, pain, lag) cell: the load on each day, the pain lag days later,
and which days have both. The ranks are taken over the paired days, then each row's
drift (and weekday means, when asked) is taken out of the ranks; rho is the
correlation of what is left. The p-value uses Student's t on an effective n; the
interval is a block bootstrap of the days with the ranks held fixed, so the whole grid
is one matrix product.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from psoas_track.analysis.bootstrap import seeded_block_counts

# No scipy here: scipy.stats takes about a second to import and scipy.special a third of
# one, paid by every report kernel. distributions.py has the t distribution, checked
# against scipy in tests/test_stats.py.
from psoas_track.analysis.distributions import t_cdf
from psoas_track.analysis.drift import rows_without_drift, rows_without_weekday
from psoas_track.analysis.intervals import bootstrap_interval

#: Cells bootstrapped together in one matrix product (bounds memory on very wide grids).
_CELLS_PER_CHUNK = 256
#: A cell whose paired days span less than this share of the calendar (a measure kept
#: only for a while) is resampled over its own span, not the whole calendar.
_OWN_SPAN_BELOW = 0.8


def ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks along axis 1 ignoring NaN, centred on each row's mean; 0 where NaN.

    >>> ranks(np.array([[3.0, np.nan, 1.0, 2.0]]))
    array([[ 1.,  0., -1.,  0.]])
    """
    ranked = pd.DataFrame(values).rank(axis=1, method="average").to_numpy(dtype=float)
    ok = np.isfinite(ranked)
    n = ok.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, ranked, 0.0).sum(axis=1, keepdims=True) / n
    return np.where(ok, ranked - mean, 0.0)


def rank_correlation(
    x: np.ndarray,
    y: np.ndarray,
    mask: np.ndarray,
    drift: str = "none",
    weekday: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(centred rank residuals of x, of y, rho, whether each side varies, paired days).

    Ranks over the paired days, then each row's drift taken out of the RANKS (and its
    weekday means, when ``weekday`` is given): taking a local level out of a load that is
    mostly 0 (therapy once a week) and ranking afterwards would spread the 0-days over
    the whole range of ranks by the tiny differences in their levels, and made links out
    of nothing (6.5% of null logs; docs/calibration.md). rho is the correlation of the
    residuals (Spearman's rho when drift is "none"). A day whose level cannot be told
    (no paired day around it) leaves the pairs.
    """
    rx = ranks(np.where(mask, x, np.nan))
    ry = ranks(np.where(mask, y, np.nan))
    if drift != "none" or weekday is not None:
        rx = rows_without_drift(np.where(mask, rx, np.nan), drift)
        ry = rows_without_drift(np.where(mask, ry, np.nan), drift)
        if weekday is not None:
            rx, ry = rows_without_weekday(rx, weekday), rows_without_weekday(ry, weekday)
        mask = mask & np.isfinite(rx) & np.isfinite(ry)
        rx, ry = _centred(rx, mask), _centred(ry, mask)
    sxx, syy = (rx * rx).sum(axis=1), (ry * ry).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (rx * ry).sum(axis=1) / np.sqrt(sxx * syy)
    return rx, ry, np.clip(rho, -1.0, 1.0), (sxx > 1e-12) & (syy > 1e-12), mask


def _centred(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Each row less its mean over the masked days; 0 elsewhere."""
    n = np.maximum(mask.sum(axis=1, keepdims=True), 1)
    kept = np.where(mask, values, 0.0)
    return np.where(mask, kept - kept.sum(axis=1, keepdims=True) / n, 0.0)


def p_values(rho: np.ndarray, n_eff: np.ndarray) -> np.ndarray:
    """Two-sided p of each rho from Student's t on the effective n."""
    with np.errstate(invalid="ignore", divide="ignore"):
        t = rho * np.sqrt((n_eff - 2.0) / np.maximum(1.0 - rho * rho, 1e-300))
    return 2.0 * t_cdf(n_eff - 2.0, -np.abs(t))


def rho_intervals(
    use: np.ndarray,
    rx: np.ndarray,
    ry: np.ndarray,
    mask: np.ndarray,
    rho: np.ndarray,
    stretch: np.ndarray,
    n_boot: int,
    block: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """95% intervals for the cells in ``use`` (NaN elsewhere), resampled span by span.

    Each span draws from its own generator seeded by (seed, first day, last day), so a
    cell's interval does not depend on which other cells share the grid.
    """
    low = np.full(len(rho), np.nan)
    high = np.full(len(rho), np.nan)
    if not (len(use) and n_boot > 0):
        return low, high
    for span, group in _spans(mask, use):
        first, last = span
        counts = seeded_block_counts(last - first + 1, n_boot, block, (seed, first, last))
        days_in = slice(first, last + 1)
        replicates = _bootstrap_rho(
            counts, rx[group, days_in], ry[group, days_in], mask[group, days_in]
        )
        low[group], high[group] = bootstrap_interval(
            rho[group], replicates, stretch[group], fisher=True
        )
    return low, high


def _spans(mask: np.ndarray, cells: np.ndarray) -> list[tuple[tuple[int, int], np.ndarray]]:
    """Cells grouped by the days their bootstrap resamples: the whole calendar, or for a
    cell whose pairs cover less than _OWN_SPAN_BELOW of it, the span of its pairs."""
    n_days = mask.shape[1]
    groups: dict[tuple[int, int], list[int]] = {}
    for cell in cells:
        days = np.flatnonzero(mask[cell])
        first, last = int(days[0]), int(days[-1])
        if last - first + 1 >= _OWN_SPAN_BELOW * n_days:
            first, last = 0, n_days - 1
        groups.setdefault((first, last), []).append(int(cell))
    return [(span, np.array(group)) for span, group in sorted(groups.items())]


def _bootstrap_rho(
    counts: np.ndarray, rx: np.ndarray, ry: np.ndarray, mask: np.ndarray
) -> np.ndarray:
    """(n_boot, cells) replicates of rho: weighted Pearson of the fixed ranks of each cell.

    A resample's counts are weights on the days; with the ranks held fixed, every moment a
    correlation needs is a weighted sum, so the whole grid is one matrix product.
    """
    cells = rx.shape[0]
    out = np.empty((counts.shape[0], cells))
    # Ranks scaled to unit mean square, so single precision (twice as fast) is ample.
    counts = counts.astype(np.float32, copy=False)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.maximum(mask.sum(axis=1, keepdims=True), 1)
        rx = rx / np.sqrt(np.maximum((rx * rx).sum(axis=1, keepdims=True) / n, 1e-300))
        ry = ry / np.sqrt(np.maximum((ry * ry).sum(axis=1, keepdims=True) / n, 1e-300))
    for start in range(0, cells, _CELLS_PER_CHUNK):
        s = slice(start, min(start + _CELLS_PER_CHUNK, cells))
        m, x, y = mask[s].astype(float), rx[s], ry[s]
        features = np.concatenate([m, x, y, x * x, y * y, x * y]).T  # days x (6 * cells)
        sums = (counts @ features.astype(np.float32)).astype(float)
        w, sx, sy, sxx, syy, sxy = np.split(sums, 6, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mx, my = sx / w, sy / w
            cov = sxy / w - mx * my
            var_x = sxx / w - mx * mx
            var_y = syy / w - my * my
            rho = cov / np.sqrt(var_x * var_y)
        degenerate = (w < 3) | ~(var_x > 1e-6) | ~(var_y > 1e-6)
        out[:, s] = np.where(degenerate, np.nan, np.clip(rho, -1.0, 1.0))
    return out
