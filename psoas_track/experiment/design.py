"""Which schedules a design allows, the draw among them, and what p they can reach.

A schedule is a row of blocks, each ON (the routine) or OFF. The allowed ones are
balanced (as many ON as OFF) with at most `max_run` equal blocks in a row, so that a
slow drift in pain cannot line up with a long run of ON blocks. The test is two-sided
and the set is symmetric (swapping ON and OFF gives an allowed schedule), so the
smallest p is 2 / (number of schedules): 8 one-week blocks allow 34 schedules, p >= 0.059,
which can never reach 0.05.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools

import numpy as np

BLOCKS = ("half-week", "week")
#: Days of each block in a week: half-weeks are Monday-Wednesday and Thursday-Sunday.
BLOCK_DAYS = {"half-week": (3, 4), "week": (7,)}
ALPHA = 0.05


def blocks_in(weeks: int, block: str) -> int:
    return weeks * len(BLOCK_DAYS[block])


#: Designs with more allowed schedules than this are tested on a random sample of them.
ENUMERATE_UP_TO = 100_000


@functools.lru_cache(maxsize=4096)
def _completions(left: int, on_left: int, last: int, run: int, max_run: int) -> int:
    """How many ways to fill `left` more blocks with `on_left` of them ON, the last block
    being `last` (1 ON, 0 OFF, -1 none yet) for `run` blocks in a row."""
    if on_left < 0 or on_left > left:
        return 0
    if left == 0:
        return 1
    total = 0
    for value in (0, 1):
        next_run = run + 1 if value == last else 1
        if next_run <= max_run:
            total += _completions(left - 1, on_left - value, value, next_run, max_run)
    return total


def count_schedules(n_blocks: int, max_run: int = 2) -> int:
    """How many balanced schedules of `n_blocks` have at most `max_run` equal in a row."""
    if n_blocks < 2 or n_blocks % 2:
        raise ValueError("A schedule needs an even number of blocks, at least 2.")
    return _completions(n_blocks, n_blocks // 2, -1, 0, max_run)


@functools.lru_cache(maxsize=16)
def allowed_schedules(n_blocks: int, max_run: int = 2) -> np.ndarray:
    """Every allowed schedule as a (schedules, blocks) boolean array (True = ON), in a
    fixed order (OFF before ON, block by block); only up to ENUMERATE_UP_TO of them."""
    if count_schedules(n_blocks, max_run) > ENUMERATE_UP_TO:
        raise ValueError(f"More than {ENUMERATE_UP_TO:,} schedules: sample them instead.")
    rows: list[list[int]] = []

    def extend(prefix: list[int], on_left: int, last: int, run: int) -> None:
        left = n_blocks - len(prefix)
        if left == 0:
            rows.append(prefix.copy())
            return
        for value in (0, 1):
            next_run = run + 1 if value == last else 1
            if next_run <= max_run and _completions(
                left - 1, on_left - value, value, next_run, max_run
            ):
                prefix.append(value)
                extend(prefix, on_left - value, value, next_run)
                prefix.pop()

    extend([], n_blocks // 2, -1, 0)
    out = np.array(rows, dtype=bool)
    out.setflags(write=False)
    return out


def sample_schedules(rng: np.random.Generator, n_blocks: int, size: int, max_run: int = 2):
    """`size` schedules drawn uniformly from the allowed set (each block's value drawn in
    proportion to the schedules that can still follow it)."""
    out = np.zeros((size, n_blocks), dtype=bool)
    for row in range(size):
        on_left, last, run = n_blocks // 2, -1, 0
        for k in range(n_blocks):
            left = n_blocks - k - 1
            ways = []
            for value in (0, 1):
                next_run = run + 1 if value == last else 1
                ok = next_run <= max_run
                ways.append(
                    _completions(left, on_left - value, value, next_run, max_run) if ok else 0
                )
            value = int(rng.random() * (ways[0] + ways[1]) >= ways[0])
            run = run + 1 if value == last else 1
            last, on_left = value, on_left - value
            out[row, k] = bool(value)
    return out


def longest_run(schedule: np.ndarray) -> int:
    edges = np.flatnonzero(np.diff(np.r_[-1, schedule.astype(int), -1]) != 0)
    return int(np.diff(edges).max())


def smallest_p(n_schedules: int) -> float:
    """The smallest two-sided p a symmetric set of schedules can give."""
    return min(1.0, 2 / n_schedules)


def draw_schedule(seed: int, n_blocks: int, max_run: int = 2) -> np.ndarray:
    """The schedule `seed` draws, uniformly among the allowed ones."""
    rng = np.random.default_rng(seed)
    if count_schedules(n_blocks, max_run) > ENUMERATE_UP_TO:
        return sample_schedules(rng, n_blocks, 1, max_run)[0]
    allowed = allowed_schedules(n_blocks, max_run)
    return allowed[int(rng.integers(len(allowed)))].copy()


def block_dates(start: dt.date, block: str, n_blocks: int) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each block from the Monday `start`."""
    out, day = [], start
    lengths = itertools.cycle(BLOCK_DAYS[block])
    for _ in range(n_blocks):
        length = next(lengths)
        out.append((day, day + dt.timedelta(days=length - 1)))
        day += dt.timedelta(days=length)
    return out


def design_problem(weeks: int, block: str, max_run: int = 2) -> str | None:
    """Why a design cannot work (a sentence with one that can), or None."""
    if block not in BLOCKS:
        return f"The block must be one of {', '.join(BLOCKS)}, not {block!r}."
    n = blocks_in(weeks, block)
    if n % 2:
        return f"{weeks} weeks of {block} blocks make {n} blocks; an even number is needed."
    count = count_schedules(n, max_run)
    if smallest_p(count) >= ALPHA:
        better = next(
            w
            for w in range(weeks + 1, 53)
            if blocks_in(w, block) % 2 == 0
            and smallest_p(count_schedules(blocks_in(w, block), max_run)) < ALPHA
        )
        return (
            f"{weeks} weeks of {block} blocks allow only {count} schedules, so the smallest "
            f"p is {smallest_p(count):.3f}: the experiment could never show a difference at "
            f"p < 0.05. Use --block half-week (8 weeks: 1,296 schedules) or --weeks {better}."
        )
    return None
