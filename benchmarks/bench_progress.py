"""Calibration of `progress`' "clinically important" flag (analysis/important.py) by
simulation, through the real chain: entries -> daily() -> progress().

16-week logs (112 days) of a generator of its own, not sample.py's: pain rated in whole
points (0-10, clipped), days not logged at random (10%), scenarios the rule was not tuned
on (a flare process, logging that skips good days, twice-a-week scores). Stable logs
have no change of level at all: any "important" there is a false claim (target <= 5%).
Improving logs change by 1.5 times the outcome's minimal important change between the
baseline (first 14 days) and now (last 14 days), the level moving in a straight line in
between: how often it is found (target >= 80%). The worst row of each half is printed
last; docs/calibration.md and the README quote the table.

Run:  .venv/bin/python benchmarks/bench_progress.py [--logs 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from psoas_track.analysis.progress import progress  # noqa: E402
from psoas_track.daily import daily  # noqa: E402

DAYS = 112
WINDOW = 14


def ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    x = np.empty(n)
    x[0] = rng.normal(0, sd)
    shocks = rng.normal(0, sd * np.sqrt(1 - phi**2), n)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + shocks[t]
    return x


def flares(rng: np.random.Generator, n: int, rate: float = 0.04, size: float = 3.0) -> np.ndarray:
    """Flare episodes: start with probability `rate` a day, last 3-7 days, add `size`."""
    out = np.zeros(n)
    t = 0
    while t < n:
        if rng.random() < rate:
            length = int(rng.integers(3, 8))
            out[t : t + length] += size
            t += length
        t += 1
    return out


def course(change: float) -> np.ndarray:
    """The true level's change: 0 over the baseline, `change` over the last 14 days, a
    straight line in between."""
    level = np.zeros(DAYS)
    ramp = np.arange(WINDOW, DAYS - WINDOW)
    level[ramp] = change * (ramp - WINDOW + 1) / (DAYS - 2 * WINDOW + 1)
    level[DAYS - WINDOW :] = change
    return level


def to_entries(values: dict[str, np.ndarray], keep: np.ndarray) -> pd.DataFrame:
    dates = pd.date_range("2026-01-05", periods=DAYS, freq="D")
    frame = pd.DataFrame({"date": dates.date, **values})
    return frame[keep].reset_index(drop=True)


def rated(x: np.ndarray, low: float = 0, high: float = 10) -> np.ndarray:
    return np.clip(np.round(x), low, high)


# --------------------------------------------------------------------------- scenarios
# Each returns (entries, outcome measured, whether a real change was planted).


def pain_log(rng, level, phi, sd, change=0.0, flare_rate=0.0, skip_good=0.0):
    pain = level + ar1(rng, DAYS, phi, sd) + course(change)
    if flare_rate:
        pain = pain + flares(rng, DAYS, flare_rate)
    keep = rng.random(DAYS) > 0.10
    if skip_good:  # good days go unlogged more often
        good = pain < level + course(change)
        keep &= ~(good & (rng.random(DAYS) < skip_good))
    return to_entries({"back_pain": rated(pain)}, keep), "back_pain"


def score_log(rng, measure, level, sd, change, every, low, high, phi=0.5):
    """A score kept on some days only (every `every` days), noise around its course."""
    values = level + ar1(rng, DAYS, phi, sd) + course(change)
    keep = np.zeros(DAYS, bool)
    keep[::every] = True
    keep[-1] = True
    return to_entries({measure: rated(values, low, high)}, keep), measure


SCENARIOS: dict[str, tuple[Callable, bool]] = {
    "stable pain 5, streaky (AR 0.5, sd 1.5)": (
        lambda r: pain_log(r, 5, 0.5, 1.5), False),
    "stable pain 5, very streaky (AR 0.85, sd 1.5)": (
        lambda r: pain_log(r, 5, 0.85, 1.5), False),
    "stable pain 4, flare-prone (AR 0.7 + 3-point flares)": (
        lambda r: pain_log(r, 4, 0.7, 1.0, flare_rate=0.04), False),
    "stable pain 2, low (AR 0.5, sd 1)": (
        lambda r: pain_log(r, 2, 0.5, 1.0), False),
    "stable pain 5, good days skipped half the time": (
        lambda r: pain_log(r, 5, 0.5, 1.5, skip_good=0.5), False),
    "stable PSFS 5, rated twice a week": (
        lambda r: score_log(r, "psfs_climbing_stairs", 5, 1.0, 0, 3, 0, 10), False),
    "stable ODI 30, rated weekly": (
        lambda r: score_log(r, "odi", 30, 6.0, 0, 7, 0, 100), False),
    "pain 6 -> 3 (1.5 x 2 points), streaky": (
        lambda r: pain_log(r, 6, 0.5, 1.5, change=-3.0), True),
    "pain 6 -> 3, flare-prone": (
        lambda r: pain_log(r, 6, 0.7, 1.0, change=-3.0, flare_rate=0.04), True),
    "pain 6 -> 3, good days skipped half the time": (
        lambda r: pain_log(r, 6, 0.5, 1.5, change=-3.0, skip_good=0.5), True),
    "PSFS 4 -> 7 (1.5 x 2), rated daily": (
        lambda r: score_log(r, "psfs_climbing_stairs", 4, 1.0, 3.0, 1, 0, 10), True),
    "ODI 40 -> 25 (1.5 x 10), rated weekly": (
        lambda r: score_log(r, "odi", 40, 6.0, -15.0, 7, 0, 100), True),
}  # fmt: skip


def flagged(entries: pd.DataFrame, measure: str) -> bool:
    days = daily(entries)
    # One PSFS activity is the day's PSFS itself (progress lists items from two on).
    measure = "psfs" if measure.startswith("psfs_") else measure
    outcome = next(o for o in progress(days).outcomes if o.measure == measure)
    return outcome.important


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"| scenario (16-week logs, {args.logs} each) | change planted | flagged important |")
    print("|---|---|---|")
    worst = {False: (None, -1.0), True: (None, 2.0)}
    for k, (name, (make, real)) in enumerate(SCENARIOS.items()):
        rng = np.random.default_rng(1000 + k)
        hits = sum(flagged(*make(rng)) for _ in range(args.logs))
        share = hits / args.logs
        print(f"| {name} | {'yes' if real else 'no'} | {share:.1%} |")
        if (not real and share > worst[False][1]) or (real and share < worst[True][1]):
            worst[real] = (name, share)
    print()
    print(
        f"Worst stable row (false claims, target <= 5%): {worst[False][0]}: {worst[False][1]:.1%}"
    )
    print(f"Worst improving row (found, target >= 80%): {worst[True][0]}: {worst[True][1]:.1%}")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
