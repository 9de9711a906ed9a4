"""Day tables with drift and no link (and one with a planted next-day effect), made by a
generator of their own (not psoas_track.sample), for bench_calibration.py.

Each scenario is what real logs do: slow independent trends; a routine started while
recovering (rest, walking and stretching up, sitting down, pain down, none affecting
another); independent random walks; a work-week pattern shared by sitting and pain;
days logged more often when pain is bad; long gaps (holidays) in a drifting log; heavy
ties (pain rated in whole numbers near 0, sitting in whole hours, rest and stretching
mostly 0); 10% of days not logged. Loads are AR(1) with phi 0.6, pains AR(1) with phi 0.85.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LOADS = ("sitting_hours", "rest_minutes", "walking_minutes", "stretch_minutes")
PAINS = ("back_pain", "hip_pain", "knee_pain")
SCENARIOS = (
    "steady",
    "trends",
    "rehab start",
    "random walks",
    "work week",
    "bad-day logging",
    "gaps",
    "heavy ties",
)


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    out = np.empty(n)
    out[0] = rng.normal()
    shocks = rng.normal(0, np.sqrt(1 - phi**2), n)
    for t in range(1, n):
        out[t] = phi * out[t - 1] + shocks[t]
    return out


def scenario_days(name: str, seed: int, n: int, effect: float = 0.0, lag: int = 1) -> pd.DataFrame:
    """A day table of `n` days; `effect` plants sitting -> back pain `lag` days later."""
    rng = np.random.default_rng([seed, SCENARIOS.index(name), n])
    t = np.arange(n)
    index = pd.date_range("2026-01-05", periods=n, freq="D", name="date")
    load = {k: ar1(rng, n, 0.6) for k in LOADS}
    pain = {k: ar1(rng, n, 0.85) for k in PAINS}
    if name in ("trends", "gaps"):
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
        pain["back_pain"][lag:] += effect * (sitting[:-lag] - sitting.mean())
    if name == "heavy ties":
        load, pain = _tied(load, pain)
    frame = pd.DataFrame({**load, **pain}, index=index)
    frame["pain"] = frame[list(PAINS)].mean(axis=1)
    frame.iloc[_not_logged(name, rng, frame["pain"].to_numpy())] = np.nan
    return frame


def _tied(load: dict, pain: dict) -> tuple[dict, dict]:
    """What people type: whole hours, rest of 0 or 10 minutes, stretching mostly 0, walks
    in tens of minutes, pain in whole numbers near 0 (about half the days rated 0 or 1)."""
    load = {
        "sitting_hours": np.round(6 + 2 * load["sitting_hours"]),
        "rest_minutes": np.where(load["rest_minutes"] > 0.3, 10.0, 0.0),
        "walking_minutes": np.maximum(np.round(3 + 2 * load["walking_minutes"]), 0) * 10,
        "stretch_minutes": np.maximum(np.round(load["stretch_minutes"] - 0.5), 0) * 5,
    }
    pain = {k: np.clip(np.round(1 + 0.9 * v), 0, 10) for k, v in pain.items()}
    return load, pain


def _not_logged(name: str, rng: np.random.Generator, pain: np.ndarray) -> np.ndarray:
    """Days with nothing logged: 10% at random; under "bad-day logging" half the days with
    pain below its median; under "gaps" also a holiday of two to three weeks per two
    months, at most three (none in a log shorter than two months)."""
    n = len(pain)
    chance = np.full(n, 0.1)
    if name == "bad-day logging":
        chance = np.where(pain < np.median(pain), 0.5, 0.05)
    missing = rng.random(n) < chance
    if name == "gaps":
        for start in rng.choice(n - 21, size=min(3, n // 60), replace=False):
            missing[start : start + int(rng.integers(14, 22))] = True
    return missing


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
