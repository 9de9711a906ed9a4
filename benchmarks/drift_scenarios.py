"""Day tables with drift and no link (and one with a planted next-day effect), made by a
generator of their own (not psoas_track.sample), for bench_calibration.py.

Each scenario is what real logs do: slow independent trends; a routine started while
recovering (rest, walking and stretching up, sitting down, pain down, none affecting
another); independent random walks; a work-week pattern shared by sitting and pain;
10% of days not logged. Loads are AR(1) with phi 0.6, pains AR(1) with phi 0.85.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LOADS = ("sitting_hours", "rest_minutes", "walking_minutes", "stretch_minutes")
PAINS = ("back_pain", "hip_pain", "knee_pain")
SCENARIOS = ("steady", "trends", "rehab start", "random walks", "work week")


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    out = np.empty(n)
    out[0] = rng.normal()
    shocks = rng.normal(0, np.sqrt(1 - phi**2), n)
    for t in range(1, n):
        out[t] = phi * out[t - 1] + shocks[t]
    return out


def scenario_days(name: str, seed: int, n: int, effect: float = 0.0) -> pd.DataFrame:
    """A day table of `n` days; `effect` plants sitting -> next-day back pain."""
    rng = np.random.default_rng([seed, SCENARIOS.index(name), n])
    t = np.arange(n)
    index = pd.date_range("2026-01-05", periods=n, freq="D", name="date")
    load = {k: ar1(rng, n, 0.6) for k in LOADS}
    pain = {k: ar1(rng, n, 0.85) for k in PAINS}
    if name == "trends":
        load["sitting_hours"] += 3.0 * t / n
        pain["back_pain"] -= 3.0 * t / n
    elif name == "rehab start":
        start = int(rng.integers(n // 4, n // 2))
        ramp = np.clip((t - start) / 30, 0, 1)
        for k, size in (("rest_minutes", 1.5), ("walking_minutes", 1.2), ("stretch_minutes", 1.2)):
            load[k] += size * ramp
        load["sitting_hours"] -= 1.5 * ramp
        for k in PAINS:
            pain[k] -= 1.5 * np.clip((t - start - 10) / 60, 0, 1)
    elif name == "random walks":
        for series in (load, pain):
            for k in series:
                series[k] = np.cumsum(rng.normal(0, 0.3, n))
    elif name == "work week":
        work = (index.day_of_week < 5).astype(float)
        load["sitting_hours"] += 1.5 * work
        pain["back_pain"] += 1.0 * work
    if effect:
        sitting = load["sitting_hours"]
        pain["back_pain"][1:] += effect * (sitting[:-1] - sitting.mean())
    frame = pd.DataFrame({**load, **pain}, index=index)
    frame["pain"] = frame[list(PAINS)].mean(axis=1)
    frame.iloc[rng.random(n) < 0.1] = np.nan  # days not logged
    return frame


def stable_pain_days(level: float, weeks: int, seed: int) -> pd.DataFrame:
    """Pain ratings 0-10 (whole numbers) around a steady level, streaky (AR(1) 0.85)."""
    rng = np.random.default_rng([seed, int(level * 10)])
    n = 7 * weeks
    index = pd.date_range("2026-01-05", periods=n, freq="D", name="date")
    pain = np.clip(np.round(level + 0.8 * ar1(rng, n, 0.85)), 0, 10)
    pain[rng.random(n) < 0.1] = np.nan
    return pd.DataFrame(
        {"back_pain": pain, "pain": pain, "logged": np.isfinite(pain), "entries": 1},
        index=index,
    )


def streaky_pain_window(kind: str, seed: int, n: int = 56, slope_per_day: float = 0.0):
    """Eight weeks of pain with no trend (or a planted one) but streaks (AR(1) 0.85):
    the mean of three whole-number sites, one site in decimals, or one in whole numbers."""
    rng = np.random.default_rng([seed, n, len(kind)])
    index = pd.date_range("2026-01-05", periods=n, freq="D", name="date")
    drift = slope_per_day * np.arange(n)
    if kind == "mean of sites":
        sites = [np.clip(np.round(4 + drift + 1.2 * ar1(rng, n, 0.85)), 0, 10) for _ in range(3)]
        values = np.mean(sites, axis=0)
    elif kind == "one site, decimals":
        values = np.round(4 + drift + 1.2 * ar1(rng, n, 0.85), 1)
    else:
        values = np.clip(np.round(4 + drift + 1.2 * ar1(rng, n, 0.85)), 0, 10)
    values[rng.random(n) < 0.1] = np.nan
    return pd.DataFrame({"back_pain": values}, index=index)
