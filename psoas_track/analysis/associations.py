"""Lagged associations: Spearman rho between a load on day t and a pain on day t+lag.

Over the days where both are recorded (never across a missing day). The 95% interval
comes from a circular moving-block bootstrap of the days, stretched on the Fisher z
scale by the dependence longer than a block that the blocks cannot carry. The p-value
uses the t approximation on an *effective* sample size that shrinks n for the
day-to-day dependence of both series (Bartlett; Pyper & Peterman 1998); q-values are
Benjamini-Hochberg over every cell with enough data.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.bootstrap import _dependence, _quantiles, _seeded_block_counts
from psoas_track.analysis.common import (
    _columns,
    _fmt,
    _more,
    _shifted,
    as_float,
    default_loads,
    default_pains,
    lag_words,
    on_calendar,
)

# No scipy here: scipy.stats takes about a second to import and scipy.special a third of
# one, paid by every report kernel. The few pieces of scipy.stats used here are below or
# in distributions.py, checked against scipy in tests/test_stats.py.
from psoas_track.analysis.distributions import t_cdf

#: Cells bootstrapped together in one matrix product (bounds memory on very wide grids).
_CELLS_PER_CHUNK = 256
#: A cell whose paired days span less than this share of the calendar (a measure kept
#: only for a while) is resampled over its own span, not the whole calendar.
_OWN_SPAN_BELOW = 0.8

ASSOCIATION_COLUMNS: tuple[str, ...] = (
    "load",
    "pain",
    "lag",
    "n",
    "rho",
    "ci_low",
    "ci_high",
    "p",
    "q",
    "enough",
    "weekday_q",
)


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values (as scipy.stats.false_discovery_control(p, method='bh'))."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    scaled = p[order] * p.size / np.arange(1, p.size + 1)
    q = np.empty_like(p)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks along axis 1 ignoring NaN, centred on each row's mean; 0 where NaN."""
    ranks = pd.DataFrame(values).rank(axis=1, method="average").to_numpy(dtype=float)
    ok = np.isfinite(ranks)
    n = ok.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, ranks, 0.0).sum(axis=1, keepdims=True) / n
    return np.where(ok, ranks - mean, 0.0)


def _stretched(
    rho: np.ndarray, low: np.ndarray, high: np.ndarray, stretch: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Widen an interval for rho around rho by a factor, on the Fisher z scale."""
    limit = 1.0 - 1e-12
    z = np.arctanh(np.clip(rho, -limit, limit))
    with np.errstate(invalid="ignore"):
        z_low = np.arctanh(np.clip(low, -limit, limit))
        z_high = np.arctanh(np.clip(high, -limit, limit))
    return np.tanh(z + stretch * (z_low - z)), np.tanh(z + stretch * (z_high - z))


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


def _grid(
    frame: pd.DataFrame,
    loads: Sequence[str] | str | None,
    pains: Sequence[str] | str | None,
    lags: Iterable[int],
) -> list[tuple[str, str, int]]:
    """Every (load, pain, lag) cell asked for, loads outermost, lags innermost."""
    loads = default_loads(frame) if loads is None else _columns(frame, loads, "load")
    pains = default_pains(frame) if pains is None else _columns(frame, pains, "pain")
    lags = [int(k) for k in lags]
    if any(k < 0 for k in lags):
        raise ValueError("A lag is a number of days after the load: 0, 1, 2 and so on.")
    return [(load, pain, lag) for load in loads for pain in pains for lag in lags]


def _cell_table(cells: list[tuple[str, str, int]]) -> pd.DataFrame:
    """The load, pain and lag columns of the result, one row per cell."""
    return pd.DataFrame(
        {
            "load": [c[0] for c in cells],
            "pain": [c[1] for c in cells],
            "lag": np.array([c[2] for c in cells], dtype=int),
        }
    )


def _empty_columns(result: pd.DataFrame) -> pd.DataFrame:
    """An empty grid still has every column, with the dtypes a full one would have."""
    for col in ASSOCIATION_COLUMNS[3:]:
        result[col] = pd.Series(dtype=bool if col == "enough" else float)
    result["n"] = result["n"].astype(int)
    return result


#: Days in the centred window whose mean is a day's slow level (drift="local"). Two
#: weeks and a day: chosen by benchmarks/bench_calibration.py over 29 and 43 (the same
#: false claims on drifting logs, more power for a next-day effect; docs/calibration.md).
DRIFT_WINDOW = 15


#: Intervals are given only for cells whose pairs of days span this many weeks: over
#: fewer, the block bootstrap cannot see the spread of streaky days (docs/calibration.md).
MIN_WEEKS_FOR_INTERVAL = 8


def _weeks_spanned(mask: np.ndarray) -> np.ndarray:
    """Weeks from each row's first to last True day."""
    any_day = mask.any(axis=1)
    first = np.argmax(mask, axis=1)
    last = mask.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)
    return np.where(any_day, (last - first + 1) / 7, 0.0)


def _max_lag(drift: str) -> int:
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
    """
    values = np.asarray(values, dtype=float)
    return _rows_without_drift(values[None], how, window)[0]


def _rows_without_drift(values: np.ndarray, how: str, window: int = DRIFT_WINDOW) -> np.ndarray:
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


def _grid_columns(frame: pd.DataFrame, cells: list[tuple[str, str, int]]) -> dict[str, np.ndarray]:
    """Each load and pain of the grid as floats, once per column."""
    names = dict.fromkeys([c[0] for c in cells] + [c[1] for c in cells])
    return {c: as_float(frame[c], c) for c in names}


def _paired_days(
    series: dict[str, np.ndarray], cells: list[tuple[str, str, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(load, pain lag days later, both recorded): one row per cell, one column per day."""
    x = np.stack([series[load] for load, _, _ in cells])
    y = np.stack([_shifted(series[pain], lag) for _, pain, lag in cells])
    return x, y, np.isfinite(x) & np.isfinite(y)


def _rows_without_weekday(values: np.ndarray, weekday: np.ndarray) -> np.ndarray:
    """Each row less its mean for each day of the week (over its finite days)."""
    out = values.copy()
    for day in range(7):
        on = weekday == day
        if on.any():
            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a weekday with no days
                out[:, on] -= np.nanmean(values[:, on], axis=1, keepdims=True)
    return out


def _spearman(
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
    rx = _ranks(np.where(mask, x, np.nan))
    ry = _ranks(np.where(mask, y, np.nan))
    if drift != "none" or weekday is not None:
        rx = _rows_without_drift(np.where(mask, rx, np.nan), drift)
        ry = _rows_without_drift(np.where(mask, ry, np.nan), drift)
        if weekday is not None:
            rx, ry = _rows_without_weekday(rx, weekday), _rows_without_weekday(ry, weekday)
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


def _p_values(rho: np.ndarray, n_eff: np.ndarray) -> np.ndarray:
    """Two-sided p of each rho from Student's t on the effective n."""
    with np.errstate(invalid="ignore", divide="ignore"):
        t = rho * np.sqrt((n_eff - 2.0) / np.maximum(1.0 - rho * rho, 1e-300))
    return 2.0 * t_cdf(n_eff - 2.0, -np.abs(t))


def _bootstrap_intervals(
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
        counts = _seeded_block_counts(last - first + 1, n_boot, block, (seed, first, last))
        days_in = slice(first, last + 1)
        replicates = _bootstrap_rho(
            counts, rx[group, days_in], ry[group, days_in], mask[group, days_in]
        )
        low[group], high[group] = _stretched(rho[group], *_quantiles(replicates), stretch[group])
    return low, high


def _q_values(p: np.ndarray, use: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q over the cells in ``use`` only; NaN elsewhere."""
    q = np.full(len(p), np.nan)
    if len(use):
        q[use] = benjamini_hochberg(p[use])
    return q


def associations(
    days: pd.DataFrame,
    loads: Sequence[str] | str | None = None,
    pains: Sequence[str] | str | None = None,
    lags: Iterable[int] = range(4),
    n_boot: int = 1000,
    block: int = 7,
    seed: int = 0,
    min_pairs: int = 14,
    drift: str = "local",
) -> pd.DataFrame:
    """How each load goes with each pain 0..3 days later: one row per (load, pain, lag).

    Columns: load, pain, lag, n (pairs of days with both recorded), rho (Spearman), ci_low
    and ci_high (95% moving-block bootstrap interval, widened for streaks longer than a
    block), p (t test on an effective n that allows for streaks), q (Benjamini-Hochberg
    over every row with enough data) and enough (n >= min_pairs and rho defined;
    otherwise no numbers are given), and weekday_q: q once each series' weekday means
    are also taken out (a link that is gone then follows the work week, not the load).
    Every number is of the series with their slow drift taken out first (``drift``, see
    without_drift): a routine started while recovering moves rest, sitting and pain
    together for unrelated reasons, and a plain rho calls that a link
    (docs/calibration.md). The bootstrap draws days once (circular blocks of
    ``block`` days, ``n_boot`` times, from ``seed``) for the whole grid; a measure kept
    only for part of the log is resampled over the days it spans.

    >>> table = associations(days, loads=["sitting_hours"], pains=["back_pain"])
    >>> table.loc[table.lag == 1, ["n", "rho", "ci_low", "ci_high", "q"]]   # doctest: +SKIP
        n   rho  ci_low  ci_high       q
    1  95  0.58    0.41     0.71  0.0004
    """
    frame = on_calendar(days)
    cells = _grid(frame, loads, pains, lags)
    result = _cell_table(cells)
    if not cells:
        return _empty_columns(result)
    series = _grid_columns(frame, cells)
    x, y, mask = _paired_days(series, cells)
    rx, ry, rho, varies, mask = _spearman(x, y, mask, drift)
    n = mask.sum(axis=1)
    enough = (n >= max(min_pairs, 3)) & np.isfinite(rho) & varies
    n_eff, stretch = _dependence(rx, ry, mask, n.astype(float), block, _max_lag(drift))
    p = _p_values(rho, n_eff)
    use = np.flatnonzero(enough)
    low, high = _bootstrap_intervals(use, rx, ry, mask, rho, stretch, n_boot, block, seed)
    result["n"] = n.astype(int)
    result["rho"] = np.where(enough, rho, np.nan)
    short = _weeks_spanned(mask) < MIN_WEEKS_FOR_INTERVAL
    result["ci_low"] = np.where(short, np.nan, low)
    result["ci_high"] = np.where(short, np.nan, high)
    result["p"] = np.where(enough, p, np.nan)
    result["q"] = _q_values(p, use)
    result["enough"] = enough
    result["weekday_q"] = _weekday_q(frame.index, x, y, drift, block, use)
    return result


def _weekday_q(
    index: pd.DatetimeIndex,
    x: np.ndarray,
    y: np.ndarray,
    drift: str,
    block: int,
    use: np.ndarray,
) -> np.ndarray:
    """q of each cell once each series' mean for its weekday is also taken out."""
    mask = np.isfinite(x) & np.isfinite(y)
    rx, ry, rho, _, mask = _spearman(x, y, mask, drift, index.day_of_week.to_numpy())
    n_eff, _ = _dependence(rx, ry, mask, mask.sum(axis=1).astype(float), block, _max_lag(drift))
    return _q_values(_p_values(rho, n_eff), use)


def strongest(table: pd.DataFrame, k: int = 5, q_max: float | None = None) -> pd.DataFrame:
    """The k rows of an associations table with the most evidence (lowest q, then |rho|).

    >>> strongest(associations(days), k=3, q_max=0.05)   # doctest: +SKIP
    """
    rows = table[table["enough"]].copy()
    if q_max is not None:
        rows = rows[rows["q"] < q_max]
    rows["_abs"] = -rows["rho"].abs()
    rows = rows.sort_values(["q", "p", "_abs"], kind="stable").drop(columns="_abs")
    return rows.head(k)


def association_sentence(row: pd.Series | dict, min_pairs: int = 14) -> str:
    """One association row in plain words, with its interval, n and q.

    >>> association_sentence(table.iloc[1])              # doctest: +SKIP
    'More sitting (h) goes with more back pain the next day (rho 0.58, 95% interval
     0.41 to 0.71; 95 pairs of days; q = 0.0004).'
    """
    row = dict(row)
    load, pain, lag, n = row["load"], row["pain"], int(row["lag"]), int(row["n"])
    if not row.get("enough"):
        return (
            f"Not enough data on {schema.phrase(load)} and {schema.phrase(pain)} {lag_words(lag)} "
            f"({n} pairs of days; at least {min_pairs} with both recorded and some "
            "variation are needed)."
        )
    rho = float(row["rho"])
    direction = "more" if rho > 0 else "less"
    subject, plural = _more(load)
    interval = f", too few weeks for an interval ({MIN_WEEKS_FOR_INTERVAL} are needed)"
    if row.get("ci_low") is not None and np.isfinite(row.get("ci_low", np.nan)):
        interval = f", 95% interval {_fmt(row['ci_low'], 2)} to {_fmt(row['ci_high'], 2)}"
    q = float(row["q"])
    q_text = f"q = {q:.2g}" if q >= 0.001 else "q < 0.001"
    verb = ("go with" if plural else "goes with") if q < 0.05 else "may go with"
    tail = "" if q < 0.05 else " — not clear: it could be chance"
    weekday_q = row.get("weekday_q")
    if q < 0.05 and weekday_q is not None and np.isfinite(weekday_q) and weekday_q >= 0.05:
        tail = (
            " — this link also follows your work week: both are higher on the same days of "
            "the week, and within the week it is not clear"
        )
    return (
        f"{subject} {verb} {direction} {schema.phrase(pain)} {lag_words(lag)} "
        f"(rho {_fmt(rho, 2)}{interval}; {n} pairs of days; {q_text}){tail}."
    )
