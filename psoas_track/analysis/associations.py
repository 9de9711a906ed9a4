"""Lagged associations: Spearman rho between a load on day t and a pain on day t+lag.

Over the days where both are recorded (never across a missing day). The 95% interval
comes from a circular moving-block bootstrap of the days, stretched on the Fisher z
scale by the dependence longer than a block that the blocks cannot carry. The p-value
uses the t approximation on an *effective* sample size that shrinks n for the
day-to-day dependence of both series (Bartlett; Pyper & Peterman 1998); q-values are
Benjamini-Hochberg over every cell with enough data.

This module lays out the grid of cells and assembles the table; the correlation itself,
its p-value and its resampling are ``rank_correlation``'s, the drift taken out first is
``drift``'s, and when an interval is given is ``intervals``'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.bootstrap import effective_n_and_stretch
from psoas_track.analysis.common import (
    as_float,
    checked_columns,
    default_loads,
    default_pains,
    format_number,
    lag_words,
    more_phrase,
    on_calendar,
    shifted,
)
from psoas_track.analysis.drift import dependence_lags
from psoas_track.analysis.intervals import MIN_WEEKS_FOR_INTERVAL, interval_given
from psoas_track.analysis.rank_correlation import p_values, rank_correlation, rho_intervals

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


def _grid(
    frame: pd.DataFrame,
    loads: Sequence[str] | str | None,
    pains: Sequence[str] | str | None,
    lags: Iterable[int],
) -> list[tuple[str, str, int]]:
    """Every (load, pain, lag) cell asked for, loads outermost, lags innermost."""
    loads = default_loads(frame) if loads is None else checked_columns(frame, loads, "load")
    pains = default_pains(frame) if pains is None else checked_columns(frame, pains, "pain")
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


def _grid_columns(frame: pd.DataFrame, cells: list[tuple[str, str, int]]) -> dict[str, np.ndarray]:
    """Each load and pain of the grid as floats, once per column."""
    names = dict.fromkeys([c[0] for c in cells] + [c[1] for c in cells])
    return {c: as_float(frame[c], c) for c in names}


def _paired_days(
    series: dict[str, np.ndarray], cells: list[tuple[str, str, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(load, pain lag days later, both recorded): one row per cell, one column per day."""
    x = np.stack([series[load] for load, _, _ in cells])
    y = np.stack([shifted(series[pain], lag) for _, pain, lag in cells])
    return x, y, np.isfinite(x) & np.isfinite(y)


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
    rx, ry, rho, varies, mask = rank_correlation(x, y, mask, drift)
    n = mask.sum(axis=1)
    enough = (n >= max(min_pairs, 3)) & np.isfinite(rho) & varies
    n_eff, stretch = effective_n_and_stretch(
        rx, ry, mask, n.astype(float), block, dependence_lags(drift)
    )
    p = p_values(rho, n_eff)
    use = np.flatnonzero(enough)
    low, high = rho_intervals(use, rx, ry, mask, rho, stretch, n_boot, block, seed)
    given = interval_given(enough, mask, n_boot)
    result["n"] = n.astype(int)
    result["rho"] = np.where(enough, rho, np.nan)
    result["ci_low"] = np.where(given, low, np.nan)
    result["ci_high"] = np.where(given, high, np.nan)
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
    rx, ry, rho, _, mask = rank_correlation(x, y, mask, drift, index.day_of_week.to_numpy())
    n_eff, _ = effective_n_and_stretch(
        rx, ry, mask, mask.sum(axis=1).astype(float), block, dependence_lags(drift)
    )
    return _q_values(p_values(rho, n_eff), use)


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
    subject, plural = more_phrase(load)
    interval = f", too few weeks for an interval ({MIN_WEEKS_FOR_INTERVAL} are needed)"
    if row.get("ci_low") is not None and np.isfinite(row.get("ci_low", np.nan)):
        low, high = format_number(row["ci_low"], 2), format_number(row["ci_high"], 2)
        interval = f", 95% interval {low} to {high}"
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
        f"(rho {format_number(rho, 2)}{interval}; {n} pairs of days; {q_text}){tail}."
    )
