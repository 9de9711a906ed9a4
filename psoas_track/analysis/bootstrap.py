"""The moving-block bootstrap of days, and the dependence longer than a block.

Days are resampled in circular blocks of about a week, so that streaks stay together;
``effective_n_and_stretch`` measures the day-to-day dependence of two series, giving the
effective sample size for a p-value and the stretch a block-bootstrap interval needs for
the streaks longer than a block. Used by associations and by compare; the interval made
from the resamples is ``intervals``'.
"""

from __future__ import annotations

import functools

import numpy as np

#: How many lags of the autocorrelations enter the effective sample size.
_NEFF_MAX_LAG = 10
#: ... and never more than this share of the days: beyond it the estimates are noise. A
#: third, not the usual fifth: on logs of 3-4 weeks a fifth (4-6 lags) misses the
#: dependence that taking out a local level leaves, and false claims rose to 6-7%
#: (docs/calibration.md).
_NEFF_LAG_SHARE = 1 / 3


def _draw_blocks(
    n_days: int, n_boot: int, block: int, rng: np.random.Generator
) -> tuple[int, np.ndarray, np.ndarray]:
    """(block, the (n_boot, blocks) first days, each block's length) of the resamples.

    ceil(n_days / block) blocks a resample, starting on uniformly drawn days; the last one
    is cut to the days left, so each resample has n_days days.
    """
    block = int(min(max(block, 1), n_days))
    n_blocks = -(-n_days // block)
    starts = rng.integers(0, n_days, size=(n_boot, n_blocks))
    lengths = np.full(n_blocks, block)
    lengths[-1] = n_days - (n_blocks - 1) * block
    return block, starts, lengths


def block_counts(n_days: int, n_boot: int, block: int, rng: np.random.Generator) -> np.ndarray:
    """A (n_boot, n_days) float32 matrix: how often each day is drawn in each resample.

    Circular moving blocks of ``block`` days (Politis & Romano 1992): each resample joins
    ceil(n_days / block) blocks that start on uniformly drawn days and wrap at the end, cut
    to n_days days. Every day has the same chance to be drawn.
    """
    if n_boot <= 0 or n_days == 0:
        return np.zeros((max(n_boot, 0), n_days), dtype=np.float32)
    block, starts, lengths = _draw_blocks(n_days, n_boot, block, rng)
    # Each block adds 1 where it starts and -1 where it ends, on a row of n_days + block
    # days (room to run past the end); running totals of that row are the counts, and the
    # days past the end wrap onto the first ones. A third faster than listing every day.
    width = n_days + block
    row = (np.arange(n_boot) * width)[:, None]
    edges = np.concatenate([(starts + row).ravel(), (starts + row + lengths).ravel()])
    steps = np.repeat(np.array([1.0, -1.0]), starts.size)
    change = np.bincount(edges, steps, minlength=n_boot * width).reshape(n_boot, width)
    cover = np.cumsum(change.astype(np.float32), axis=1)
    counts = cover[:, :n_days].copy()
    counts[:, :block] += cover[:, n_days:]
    return counts


@functools.lru_cache(maxsize=2)
def seeded_block_counts(n_days: int, n_boot: int, block: int, seed: tuple) -> np.ndarray:
    """block_counts from default_rng(seed), kept for the last two calls (read-only).

    The explorer asks again for the same days whenever only the pain site changes; ten
    years of days make a 15 MB matrix that takes 60 ms to build.
    """
    counts = block_counts(n_days, n_boot, block, np.random.default_rng(list(seed)))
    counts.setflags(write=False)
    return counts


def block_sums(values: np.ndarray, n_boot: int, block: int, rng: np.random.Generator) -> np.ndarray:
    """``block_counts(len(values), n_boot, block, rng) @ values`` without the matrix.

    The same blocks from the same draws, each summed from running totals of the days
    (wrapped once for blocks that run past the end): n_boot x blocks additions instead of a
    dense n_boot x days matrix (29 MB and 80 ms on ten years of days, per call). The
    values must be finite: a NaN would spoil every running total after it.
    """
    values = np.asarray(values, dtype=float)
    n_days = len(values)
    if n_boot <= 0 or n_days == 0:
        return np.zeros((max(n_boot, 0),) + values.shape[1:])
    block, starts, lengths = _draw_blocks(n_days, n_boot, block, rng)
    columns = values.reshape(n_days, -1)
    wrapped = np.concatenate([columns, columns[:block]])
    # One contiguous row of running totals per column: gathering from it is 3x faster.
    totals = np.concatenate([np.zeros((1, columns.shape[1])), np.cumsum(wrapped, axis=0)]).T
    totals = np.ascontiguousarray(totals)
    ends = starts + lengths
    sums = np.empty((n_boot, columns.shape[1]))
    for k, running in enumerate(totals):
        sums[:, k] = np.take(running, ends).sum(axis=1) - np.take(running, starts).sum(axis=1)
    return sums.reshape((n_boot,) + values.shape[1:])


def effective_n_and_stretch(
    rx: np.ndarray,
    ry: np.ndarray,
    mask: np.ndarray,
    n: np.ndarray,
    block: int,
    max_lag: int = _NEFF_MAX_LAG,
) -> tuple[np.ndarray, np.ndarray]:
    """Effective sample size of each row pair, and the stretch its bootstrap interval needs.

    n_eff = n / (1 + 2 S) with S = sum_k w_k r_x(k) r_y(k) over k = 1..min(max_lag, n/3), where
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
        for k in range(1, max_lag + 1):
            if k >= rx.shape[1]:
                break
            pairs = (mask[:, :-k] & mask[:, k:]).sum(axis=1)
            cx = (rx[:, :-k] * rx[:, k:]).sum(axis=1) / pairs / vx
            cy = (ry[:, :-k] * ry[:, k:]).sum(axis=1) / pairs / vy
            use = (k <= n * _NEFF_LAG_SHARE) & (pairs >= 3)
            term = np.where(use, pairs / n * cx * cy, 0.0)
            total += term
            if k < block:
                in_blocks += (1.0 - k / block) * term
        n_eff = n / (1.0 + 2.0 * total)
        stretch = np.sqrt((1.0 + 2.0 * total) / np.maximum(1.0 + 2.0 * in_blocks, 1e-9))
    n_eff = np.where(np.isfinite(n_eff) & (n_eff > 0), n_eff, 3.0)
    stretch = np.where(np.isfinite(stretch), np.maximum(stretch, 1.0), 1.0)
    return np.clip(n_eff, 3.0, np.maximum(n, 3.0)), stretch
