"""Honest statistics on a day table: lagged associations, n-of-1 comparisons, trends, adherence.

Every function takes the output of ``daily()`` (one row per calendar day, NaN/NA = not
recorded) and returns data. Nothing here says "causes": a number says what *goes with*
what in one person's days, with its n and an interval.

The statistics, in short (docs/design.md, "Statistics"):

- ``associations``: Spearman rho between a load on day t and a pain on day t+lag, over the
  days where both are recorded (never across a missing day). The 95% interval comes from a
  circular moving-block bootstrap of the days (blocks of about a week keep streaks
  together), stretched on the Fisher z scale by the dependence longer than a block that
  the blocks cannot carry. The p-value uses the t approximation on an *effective* sample
  size that shrinks n for the day-to-day dependence of both series (Bartlett; Pyper &
  Peterman 1998); q-values are Benjamini-Hochberg over every cell with enough data.
  benchmarks/bench_calibration.py measures the false-claim rate, power and coverage.
- ``compare``: mean pain on the days after a condition minus the days after its absence,
  with a block-bootstrap interval (stretched the same way) and the n of each side.
- ``trend``: the Theil-Sen slope of a daily measure, per week, with its interval.
- ``adherence``: days the constructive-rest target was met, per week, and streaks.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# scipy.special, not scipy.stats: the latter takes about a second to import, paid by every
# report kernel. The few pieces of scipy.stats used here are below, checked against
# scipy.stats in tests/test_stats.py.
from scipy import special as _special

from psoas_track import schema

#: How many lags of the autocorrelations enter the effective sample size (at most n/5).
_NEFF_MAX_LAG = 10
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
)


# --------------------------------------------------------------------------- helpers


def _calendar(days: pd.DataFrame) -> pd.DataFrame:
    """The day table on a complete calendar: one row per day, sorted, no duplicates."""
    if not isinstance(days, pd.DataFrame):
        raise TypeError("Pass the day table made by daily(), a pandas DataFrame.")
    frame = days
    if not isinstance(frame.index, pd.DatetimeIndex):
        if "date" in frame.columns:
            frame = frame.set_index(pd.DatetimeIndex(pd.to_datetime(frame["date"]), name="date"))
            frame = frame.drop(columns="date")
        else:
            raise ValueError("The day table needs dates as its index, as daily() makes it.")
    index = frame.index.normalize()
    if index.has_duplicates:
        first = index[index.duplicated()][0]
        raise ValueError(
            f"The day table has more than one row for {first.date()}; "
            "pass the output of daily(), which has one row per day."
        )
    frame = frame.set_axis(index).sort_index()
    if len(frame) == 0:
        return frame
    full = pd.date_range(frame.index[0], frame.index[-1], freq="D", name="date")
    if len(full) != len(frame):
        frame = frame.reindex(full)
    return frame


def _as_float(series: pd.Series, name: str) -> np.ndarray:
    """A daily column as float64 with NaN = not recorded (yes/no become 1/0)."""
    try:
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ValueError(f"'{name}' holds text, not numbers, so it cannot be used here.") from None


def _numeric_like(series: pd.Series) -> bool:
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)


def custom_columns(days: pd.DataFrame) -> list[str]:
    """The user's own numeric columns in a day table (not in the schema, not derived).

    >>> custom_columns(days)            # doctest: +SKIP
    ['coffee_cups']
    """
    known = set(schema.COLUMNS) | set(schema.DERIVED)
    return [
        c
        for c in days.columns
        if isinstance(c, str)
        and c not in known
        and _numeric_like(days[c])
        and not pd.api.types.is_bool_dtype(days[c].dtype)
    ]


def default_loads(days: pd.DataFrame) -> list[str]:
    """Every load of the schema present in the day table, then the user's numeric columns.

    >>> default_loads(days)             # doctest: +SKIP
    ['sitting_hours', 'longest_sit_minutes', ..., 'towel', 'therapy', 'coffee_cups']
    """
    loads = [c for c in schema.LOADS if c in days.columns and _numeric_like(days[c])]
    return loads + custom_columns(days)


def default_pains(days: pd.DataFrame) -> list[str]:
    """The pain sites and the overall pain present in the day table.

    >>> default_pains(days)             # doctest: +SKIP
    ['back_pain', 'hip_pain', 'knee_pain', 'pain']
    """
    return [c for c in schema.PAIN_COLUMNS if c in days.columns]


def _columns(days: pd.DataFrame, names: Iterable[str] | str, what: str) -> list[str]:
    names = [names] if isinstance(names, str) else list(names)
    missing = [c for c in names if c not in days.columns]
    if missing:
        raise KeyError(
            f"The day table has no {what} column {', '.join(map(repr, missing))}; "
            f"it has {', '.join(map(str, days.columns))}."
        )
    return names


def _shifted(values: np.ndarray, lag: int) -> np.ndarray:
    """values[t + lag] aligned at t (NaN beyond the end)."""
    out = np.full(values.shape, np.nan)
    if lag < values.shape[-1]:
        out[..., : values.shape[-1] - lag] = values[..., lag:]
    return out


def _block_counts(n_days: int, n_boot: int, block: int, rng: np.random.Generator) -> np.ndarray:
    """A (n_boot, n_days) matrix: how often each day is drawn in each bootstrap resample.

    Circular moving blocks of ``block`` days (Politis & Romano 1992): each resample joins
    ceil(n_days / block) blocks that start on uniformly drawn days and wrap at the end, cut
    to n_days days. Every day has the same chance to be drawn.
    """
    if n_boot <= 0 or n_days == 0:
        return np.zeros((max(n_boot, 0), n_days))
    block = int(min(max(block, 1), n_days))
    n_blocks = -(-n_days // block)
    starts = rng.integers(0, n_days, size=(n_boot, n_blocks))
    picks = (starts[:, :, None] + np.arange(block)).reshape(n_boot, -1)[:, :n_days] % n_days
    flat = (picks + (np.arange(n_boot) * n_days)[:, None]).ravel()
    return np.bincount(flat, minlength=n_boot * n_days).reshape(n_boot, n_days).astype(float)


def _quantiles(replicates: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
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


def jsonable(value: Any) -> Any:
    """Plain Python values for json.dumps: NaN/NA -> None, numpy -> int/float, dates -> ISO."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.reset_index().to_dict(orient="records")]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value if isinstance(value, str) else str(value)


def _week_label(day: pd.Timestamp) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _fmt(x: float, digits: int = 1) -> str:
    """A number for a sentence, with a real minus sign; small non-zero values keep a digit."""
    text = f"{x:.{digits}f}"
    if x != 0 and float(text) == 0 and abs(x) >= 0.001:
        text = f"{x:.{digits + 1}f}" if abs(x) >= 0.1 ** (digits + 1) / 2 else f"{x:.3f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")


def _lag_words(lag: int) -> str:
    if lag == 0:
        return "the same day"
    if lag == 1:
        return "the next day"
    return f"{lag} days later"


def _what(column: str) -> str:
    """A column in words for a sentence: 'back pain', 'sitting (h)'."""
    if column == schema.PAIN:
        return "pain (mean of the sites)"
    m = schema.BY_NAME.get(column)
    if m is not None and m.role == schema.PAIN_SITE:
        return m.label.lower()
    text = schema.label(column)
    return text[:1].lower() + text[1:]


def _is_flag(column: str, series: pd.Series | None = None) -> bool:
    m = schema.BY_NAME.get(column)
    if m is not None:
        return m.daily == "any"
    return series is not None and pd.api.types.is_bool_dtype(series.dtype)


def _more(column: str) -> tuple[str, bool]:
    """'More sitting', 'A longer longest sit', "Days marked 'Towel ...'"; and if plural."""
    m = schema.BY_NAME.get(column)
    label = m.label if m is not None else column.replace("_", " ")
    if _is_flag(column):
        return f"Days marked '{label}'", True
    if label.lower().startswith("longest"):
        return f"A longer {label.lower()}", False
    return f"More {label.lower()}", False


# --------------------------------------------------------------------------- associations


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values (as scipy.stats.false_discovery_control(p, method='bh'))."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    scaled = p[order] * p.size / np.arange(1, p.size + 1)
    q = np.empty_like(p)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q


def _repeats(values: np.ndarray) -> np.ndarray:
    counts = np.unique(values, return_counts=True)[1]
    return counts[counts > 1].astype(float)


def theil_sen(y: np.ndarray, x: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Theil-Sen slope with Sen's (1968) interval: (slope, low, high).

    The same numbers as scipy.stats.theilslopes(y, x, alpha=level)[[0, 2, 3]].
    """
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    dx = x[:, None] - x
    dy = y[:, None] - y
    slopes = np.sort(dy[dx > 0] / dx[dx > 0])
    slope = float(np.median(slopes))
    z = _special.ndtri((1.0 - level) / 2.0)
    n = len(y)

    def ties(counts: np.ndarray) -> float:
        return float((counts * (counts - 1) * (2 * counts + 5)).sum())

    variance = (n * (n - 1) * (2 * n + 5) - ties(_repeats(x)) - ties(_repeats(y))) / 18
    if not variance >= 0:  # heavy ties: no interval (scipy gives NaN too)
        return slope, math.nan, math.nan
    sigma = math.sqrt(variance)
    upper = min(int(np.round((len(slopes) - z * sigma) / 2.0)), len(slopes) - 1)
    lower = max(int(np.round((len(slopes) + z * sigma) / 2.0)) - 1, 0)
    return slope, float(slopes[lower]), float(slopes[upper])


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks along axis 1 ignoring NaN, centred on each row's mean; 0 where NaN."""
    ranks = pd.DataFrame(values).rank(axis=1, method="average").to_numpy(dtype=float)
    ok = np.isfinite(ranks)
    n = ok.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, ranks, 0.0).sum(axis=1, keepdims=True) / n
    return np.where(ok, ranks - mean, 0.0)


def _dependence(
    rx: np.ndarray, ry: np.ndarray, mask: np.ndarray, n: np.ndarray, block: int
) -> tuple[np.ndarray, np.ndarray]:
    """Effective sample size of each row pair, and the stretch its bootstrap interval needs.

    n_eff = n / (1 + 2 S) with S = sum_k w_k r_x(k) r_y(k) over k = 1..min(10, n/5), where
    r are the lag-k autocorrelations of the centred ranks over day pairs (t, t+k) both in
    the sample (so a missing day breaks pairs, never joins them) and w_k = pairs_k / n
    (Bartlett; Pyper & Peterman 1998). Capped at n, floored at 3.

    Blocks of b days carry only the dependence shorter than a block, tapered by 1 - k/b,
    so a moving-block bootstrap is too narrow when pain runs in long streaks. The stretch
    sqrt((1 + 2 S) / (1 + 2 S_b)), S_b the same sum with that taper, puts back what the
    blocks miss; it is 1 when the days are independent.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        vx = (rx * rx).sum(axis=1) / n
        vy = (ry * ry).sum(axis=1) / n
        total = np.zeros(len(n))
        in_blocks = np.zeros(len(n))
        for k in range(1, _NEFF_MAX_LAG + 1):
            if k >= rx.shape[1]:
                break
            pairs = (mask[:, :-k] & mask[:, k:]).sum(axis=1)
            cx = (rx[:, :-k] * rx[:, k:]).sum(axis=1) / pairs / vx
            cy = (ry[:, :-k] * ry[:, k:]).sum(axis=1) / pairs / vy
            use = (k <= n / 5) & (pairs >= 3)
            term = np.where(use, pairs / n * cx * cy, 0.0)
            total += term
            if k < block:
                in_blocks += (1.0 - k / block) * term
        n_eff = n / (1.0 + 2.0 * total)
        stretch = np.sqrt((1.0 + 2.0 * total) / np.maximum(1.0 + 2.0 * in_blocks, 1e-9))
    n_eff = np.where(np.isfinite(n_eff) & (n_eff > 0), n_eff, 3.0)
    stretch = np.where(np.isfinite(stretch), np.maximum(stretch, 1.0), 1.0)
    return np.clip(n_eff, 3.0, np.maximum(n, 3.0)), stretch


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
    counts = counts.astype(np.float32)
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


def associations(
    days: pd.DataFrame,
    loads: Sequence[str] | str | None = None,
    pains: Sequence[str] | str | None = None,
    lags: Iterable[int] = range(4),
    n_boot: int = 1000,
    block: int = 7,
    seed: int = 0,
    min_pairs: int = 14,
) -> pd.DataFrame:
    """How each load goes with each pain 0..3 days later: one row per (load, pain, lag).

    Columns: load, pain, lag, n (pairs of days with both recorded), rho (Spearman), ci_low
    and ci_high (95% moving-block bootstrap interval, widened for streaks longer than a
    block), p (t test on an effective n that allows for streaks), q (Benjamini-Hochberg
    over every row with enough data) and enough (n >= min_pairs and rho defined;
    otherwise no numbers are given). The bootstrap draws days once (circular blocks of
    ``block`` days, ``n_boot`` times, from ``seed``) for the whole grid; a measure kept
    only for part of the log is resampled over the days it spans.

    >>> table = associations(days, loads=["sitting_hours"], pains=["back_pain"])
    >>> table.loc[table.lag == 1, ["n", "rho", "ci_low", "ci_high", "q"]]   # doctest: +SKIP
        n   rho  ci_low  ci_high       q
    1  95  0.58    0.41     0.71  0.0004
    """
    frame = _calendar(days)
    loads = default_loads(frame) if loads is None else _columns(frame, loads, "load")
    pains = default_pains(frame) if pains is None else _columns(frame, pains, "pain")
    lags = [int(k) for k in lags]
    if any(k < 0 for k in lags):
        raise ValueError("A lag is a number of days after the load: 0, 1, 2 and so on.")
    cells = [(load, pain, lag) for load in loads for pain in pains for lag in lags]
    result = pd.DataFrame(
        {
            "load": [c[0] for c in cells],
            "pain": [c[1] for c in cells],
            "lag": np.array([c[2] for c in cells], dtype=int),
        }
    )
    if not cells:
        for col in ASSOCIATION_COLUMNS[3:]:
            result[col] = pd.Series(dtype=bool if col == "enough" else float)
        result["n"] = result["n"].astype(int)
        return result

    load_values = {c: _as_float(frame[c], c) for c in loads}
    pain_values = {c: _as_float(frame[c], c) for c in pains}
    x = np.stack([load_values[load] for load, _, _ in cells])
    y = np.stack([_shifted(pain_values[pain], lag) for _, pain, lag in cells])
    mask = np.isfinite(x) & np.isfinite(y)
    n = mask.sum(axis=1)
    rx = _ranks(np.where(mask, x, np.nan))
    ry = _ranks(np.where(mask, y, np.nan))
    sxx, syy = (rx * rx).sum(axis=1), (ry * ry).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (rx * ry).sum(axis=1) / np.sqrt(sxx * syy)
    rho = np.clip(rho, -1.0, 1.0)
    enough = (n >= max(min_pairs, 3)) & np.isfinite(rho) & (sxx > 0) & (syy > 0)

    n_eff, stretch = _dependence(rx, ry, mask, n.astype(float), block)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = rho * np.sqrt((n_eff - 2.0) / np.maximum(1.0 - rho * rho, 1e-300))
    p = 2.0 * _special.stdtr(n_eff - 2.0, -np.abs(t))  # two-sided, Student's t

    use = np.flatnonzero(enough)
    low = np.full(len(cells), np.nan)
    high = np.full(len(cells), np.nan)
    if len(use) and n_boot > 0:
        for span, group in _spans(mask, use):
            first, last = span
            counts = _block_counts(
                last - first + 1, n_boot, block, np.random.default_rng([seed, first, last])
            )
            days_in = slice(first, last + 1)
            replicates = _bootstrap_rho(
                counts, rx[group, days_in], ry[group, days_in], mask[group, days_in]
            )
            low[group], high[group] = _stretched(
                rho[group], *_quantiles(replicates), stretch[group]
            )

    q = np.full(len(cells), np.nan)
    if len(use):
        q[use] = benjamini_hochberg(p[use])

    result["n"] = n.astype(int)
    result["rho"] = np.where(enough, rho, np.nan)
    result["ci_low"] = low
    result["ci_high"] = high
    result["p"] = np.where(enough, p, np.nan)
    result["q"] = q
    result["enough"] = enough
    return result


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
            f"Not enough data on {_what(load)} and {_what(pain)} {_lag_words(lag)} "
            f"({n} pairs of days; at least {min_pairs} with both recorded and some "
            "variation are needed)."
        )
    rho = float(row["rho"])
    direction = "more" if rho > 0 else "less"
    subject, plural = _more(load)
    interval = ""
    if row.get("ci_low") is not None and np.isfinite(row.get("ci_low", np.nan)):
        interval = f", 95% interval {_fmt(row['ci_low'], 2)} to {_fmt(row['ci_high'], 2)}"
    q = float(row["q"])
    q_text = f"q = {q:.2g}" if q >= 0.001 else "q < 0.001"
    verb = ("go with" if plural else "goes with") if q < 0.05 else "may go with"
    tail = "" if q < 0.05 else " — not clear: it could be chance"
    return (
        f"{subject} {verb} {direction} {_what(pain)} {_lag_words(lag)} "
        f"(rho {_fmt(rho, 2)}{interval}; {n} pairs of days; {q_text}){tail}."
    )


# --------------------------------------------------------------------------- comparisons


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
            words = f"{_what(column)} of {amount} or more"
    condition.label = words  # type: ignore[attr-defined]
    condition.__name__ = f"{column}_at_least_{threshold:g}"
    return condition


def _rest_target_words(frame: pd.DataFrame) -> str:
    """'10+ minutes of constructive rest' when the day table shows that target."""
    rest = schema.BY_NAME["rest_minutes"].name
    if rest in frame.columns and schema.REST_TARGET_MET in frame.columns:
        minutes = _as_float(frame[rest], rest)
        met = _as_float(frame[schema.REST_TARGET_MET], schema.REST_TARGET_MET)
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
        name = _columns(frame, condition, "condition")[0]
        values = frame[name]
        if name == schema.REST_TARGET_MET:
            words = _rest_target_words(frame)
        else:
            m = schema.BY_NAME.get(name)
            words = f"a day marked '{m.label if m is not None else name.replace('_', ' ')}'"
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        raise ValueError(f"The condition '{name}' must be yes/no for each day.")
    cond = _as_float(values, name)
    bad = np.isfinite(cond) & (cond != 0) & (cond != 1)
    if bad.any():
        raise ValueError(f"The condition '{name}' must be yes/no for each day.")
    if schema.LOGGED in frame.columns:
        logged = frame[schema.LOGGED].astype("boolean").fillna(False).to_numpy(dtype=bool)
        cond = np.where(logged, cond, np.nan)
    return cond, words


def compare(
    days: pd.DataFrame,
    condition: str | Callable[[pd.DataFrame], pd.Series],
    outcome: str = schema.PAIN,
    lag: int = 1,
    n_boot: int = 1000,
    seed: int = 0,
    min_days: int = 5,
    block: int = 7,
) -> Comparison:
    """Mean outcome on the days after a condition minus the days after its absence.

    condition is a yes/no daily column (``rest_target_met``, ``towel``) or a function of
    the day table returning a yes/no Series (NA where unknown), e.g. ``at_least(
    "sitting_hours", 8)``. Days not logged count on neither side. The 95% interval is a
    moving-block bootstrap of the days, widened for streaks longer than a block.

    >>> compare(days, "rest_target_met", outcome="back_pain").summary   # doctest: +SKIP
    'On days after 10+ minutes of constructive rest, back pain averaged 3.1 vs 4.0 on the
    other days (difference −0.9, 95% interval −1.5 to −0.3; 41 vs 63 days).'
    """
    frame = _calendar(days)
    lag = int(lag)
    if lag < 0:
        raise ValueError("A lag is a number of days after the condition: 0, 1, 2 and so on.")
    outcome = _columns(frame, outcome, "outcome")[0]
    cond, words = _condition_values(frame, condition)
    name = condition if isinstance(condition, str) else getattr(condition, "__name__", "")
    y = _shifted(_as_float(frame[outcome], outcome), lag)
    ok = np.isfinite(cond) & np.isfinite(y)
    on, off = ok & (cond == 1), ok & (cond == 0)
    n_with, n_without = int(on.sum()), int(off.sum())
    mean_with = float(y[on].mean()) if n_with else math.nan
    mean_without = float(y[off].mean()) if n_without else math.nan
    diff = mean_with - mean_without
    enough = n_with >= max(min_days, 1) and n_without >= max(min_days, 1)

    low = high = math.nan
    if enough and n_boot > 0:
        counts = _block_counts(len(frame), n_boot, block, np.random.default_rng(seed))
        y0 = np.where(ok, y, 0.0)
        sums = counts @ np.stack([on, off, y0 * on, y0 * off], axis=1).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            replicates = sums[:, 2] / sums[:, 0] - sums[:, 3] / sums[:, 1]
        lo, hi = _quantiles(replicates[:, None])
        # widen for streaks longer than a block, as for associations
        cx = np.where(ok, cond - cond[ok].mean(), 0.0)[None]
        cy = np.where(ok, y0 - y0[ok].mean(), 0.0)[None]
        _, stretch = _dependence(cx, cy, ok[None], np.array([float(ok.sum())]), block)
        low = float(diff + stretch[0] * (lo[0] - diff))
        high = float(diff + stretch[0] * (hi[0] - diff))

    when = "On days with" if lag == 0 else ("On days after" if lag == 1 else f"{lag} days after")
    subject = _what(outcome)
    if enough:
        interval = f", 95% interval {_fmt(low)} to {_fmt(high)}" if math.isfinite(low) else ""
        summary = (
            f"{when} {words}, {subject} averaged {_fmt(mean_with)} vs "
            f"{_fmt(mean_without)} on the other days (difference {_fmt(diff)}"
            f"{interval}; {n_with} vs {n_without} days)."
        )
    else:
        summary = (
            f"Not enough data to compare {subject} {when.lower()} {words} with the "
            f"other days: {n_with} vs {n_without} days (at least {min_days} of each "
            "are needed)."
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
        summary=summary,
    )


# --------------------------------------------------------------------------- trend


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


def trend(
    days: pd.DataFrame,
    column: str = schema.PAIN,
    weeks: int = 8,
    end: str | pd.Timestamp | None = None,
    min_days: int = 7,
) -> Trend:
    """How fast a daily measure went up or down per week over the last weeks (Theil-Sen).

    The slope is the median of the slopes between every two recorded days, so a few odd
    days barely move it; the interval is scipy's (it treats days as independent, so read
    it as a little too narrow when the measure runs in streaks).

    >>> trend(days, "back_pain", weeks=8).summary             # doctest: +SKIP
    'Over the 8 weeks to 2026-11-22, back pain went down by about 0.2 points a week
    (95% interval −0.3 to −0.1; 54 days recorded).'
    """
    frame = _calendar(days)
    column = _columns(frame, column, "trend")[0]
    if len(frame) == 0:
        return Trend(
            column,
            weeks,
            None,
            None,
            0,
            None,
            None,
            None,
            False,
            f"No days recorded for {_what(column)}.",
        )
    last = pd.Timestamp(end).normalize() if end is not None else frame.index[-1]
    first = last - pd.Timedelta(days=7 * int(weeks) - 1)
    window = frame.loc[(frame.index >= first) & (frame.index <= last), column]
    values = _as_float(window, column)
    ok = np.isfinite(values)
    x = ((window.index - first).days.to_numpy(dtype=float))[ok]
    y = values[ok]
    n = int(ok.sum())
    unit = (
        "points"
        if column in schema.PAIN_COLUMNS
        else (schema.BY_NAME[column].unit if column in schema.BY_NAME else "")
    )
    period = f"Over the {weeks} weeks to {last.date()}"
    if n < max(min_days, 2) or np.unique(x).size < 2:
        return Trend(
            column,
            int(weeks),
            first,
            last,
            n,
            None,
            None,
            None,
            False,
            f"{period}, not enough days with {_what(column)} recorded to tell a "
            f"trend ({n}; at least {min_days} are needed).",
        )
    slope, low, high = (7 * v for v in theil_sen(y, x, level=0.95))
    interval = f"95% interval {_fmt(low, 2)} to {_fmt(high, 2)}; {n} days recorded"
    unit_words = f" {unit}" if unit else ""
    if low > 0:
        words = f"went up by about {_fmt(slope, 2)}{unit_words} a week"
    elif high < 0:
        words = f"went down by about {_fmt(-slope, 2)}{unit_words} a week"
    else:
        words = f"showed no clear trend ({_fmt(slope, 2)}{unit_words} a week"
        summary = f"{period}, {_what(column)} {words}, {interval})."
        return Trend(column, int(weeks), first, last, n, slope, low, high, True, summary)
    summary = f"{period}, {_what(column)} {words} ({interval})."
    return Trend(column, int(weeks), first, last, n, slope, low, high, True, summary)


# --------------------------------------------------------------------------- adherence


@dataclass
class Adherence:
    """How often the constructive-rest target was met, per week, and the streaks."""

    target_minutes: float
    end: pd.Timestamp | None
    days_met: int
    days_recorded: int
    current_streak: int
    longest_streak: int
    longest_streak_end: pd.Timestamp | None
    weeks: pd.DataFrame = field(repr=False)
    longest_sit: dict[str, Any] | None = None
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The adherence as plain JSON-ready values (weeks as a list of rows)."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "weeks"}
        out["weeks"] = self.weeks.reset_index().to_dict(orient="records")
        return jsonable(out)


def _met_days(frame: pd.DataFrame, target_minutes: float) -> np.ndarray:
    """1 where the rest target was met, 0 where rest was recorded below it, NaN unknown."""
    rest = schema.BY_NAME["rest_minutes"].name
    if rest in frame.columns:
        minutes = _as_float(frame[rest], rest)
        return np.where(np.isfinite(minutes), (minutes >= target_minutes).astype(float), np.nan)
    if schema.REST_TARGET_MET in frame.columns:
        return _as_float(frame[schema.REST_TARGET_MET], schema.REST_TARGET_MET)
    return np.full(len(frame), np.nan)


def _streaks(met: np.ndarray) -> tuple[int, int, int]:
    """(current run of 1s ending at the last day, longest run, index where it ends)."""
    hit = np.nan_to_num(met, nan=0.0) == 1
    if not hit.any():
        return 0, 0, -1
    edges = np.diff(np.concatenate([[0], hit.astype(int), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    lengths = stops - starts
    best = int(np.argmax(lengths))
    current = int(lengths[-1]) if stops[-1] == len(hit) else 0
    return current, int(lengths[best]), int(stops[best] - 1)


def adherence(
    days: pd.DataFrame,
    target_minutes: float = schema.REST_TARGET_MINUTES,
    end: str | pd.Timestamp | None = None,
) -> Adherence:
    """Days the rest target was met per ISO week, the current and longest streak, long sits.

    A streak is days in a row meeting the target; a day without rest recorded ends it.
    The current streak counts back from ``end`` (default: the last day of the table).

    >>> adherence(days).summary                              # doctest: +SKIP
    'Constructive rest of 10+ minutes on 95 of 170 days recorded; current streak 3 days,
    longest 12 days (to 2026-09-14).'
    """
    frame = _calendar(days)
    if end is not None:
        frame = frame.loc[frame.index <= pd.Timestamp(end).normalize()]
    met = _met_days(frame, target_minutes)
    recorded = np.isfinite(met)
    logged = (
        frame[schema.LOGGED].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if schema.LOGGED in frame.columns
        else recorded
    )
    weeks = (
        pd.DataFrame(
            {
                "days_met": (met == 1).astype(int),
                "days_recorded": recorded.astype(int),
                "days_logged": logged.astype(int),
            },
            index=pd.Index([_week_label(d) for d in frame.index], name="week"),
        )
        .groupby(level=0, sort=True)
        .sum()
    )
    current, longest, longest_at = _streaks(met)
    longest_end = frame.index[longest_at] if longest_at >= 0 else None
    last = frame.index[-1] if len(frame) else None

    sit = schema.BY_NAME["longest_sit_minutes"].name
    longest_sit = None
    if sit in frame.columns:
        minutes = _as_float(frame[sit], sit)
        minutes = minutes[np.isfinite(minutes)]
        if len(minutes):
            longest_sit = {
                "days_recorded": len(minutes),
                "mean_minutes": float(minutes.mean()),
                "median_minutes": float(np.median(minutes)),
                "max_minutes": float(minutes.max()),
                "days_over_60_minutes": int((minutes > 60).sum()),
            }
    days_met, days_recorded = int((met == 1).sum()), int(recorded.sum())
    if days_recorded:
        summary = (
            f"Constructive rest of {target_minutes:g}+ minutes on {days_met} of "
            f"{days_recorded} days recorded; current streak {current} "
            f"day{'s' if current != 1 else ''}, longest {longest} "
            f"day{'s' if longest != 1 else ''}"
            + (f" (to {longest_end.date()})." if longest_end is not None else ".")
        )
    else:
        summary = "No constructive rest recorded yet."
    if longest_sit:
        summary += (
            f" Longest unbroken sit: {longest_sit['median_minutes']:.0f} minutes on a "
            f"typical day, at most {longest_sit['max_minutes']:.0f} "
            f"({longest_sit['days_recorded']} days recorded)."
        )
    return Adherence(
        target_minutes=float(target_minutes),
        end=last,
        days_met=days_met,
        days_recorded=days_recorded,
        current_streak=current,
        longest_streak=longest,
        longest_streak_end=longest_end,
        weeks=weeks,
        longest_sit=longest_sit,
        summary=summary,
    )
