"""Calibration of associations() by simulation: false claims, power and interval coverage.

Run:  .venv/bin/python benchmarks/bench_calibration.py [--seeds 200] [--days 120]

Three checks on synthetic logs from psoas_track.sample, each taken through the real chain
(write_log -> read_log -> daily -> associations):

1. Null: logs with no planted effect (sample.NO_EFFECTS) but streaky pain and loads. A log
   "claims a link" when any cell of the default grid (every load x back, hip, knee and
   overall pain x lags 0-3) has q < 0.05. The rate should stay near or below 5%. The same
   logs are also scored with plain scipy.stats.spearmanr p-values (what popular trackers
   do) for contrast.
2. Power: logs with the default planted effects (0.4 back pain per hour sat beyond 6 h,
   the next day). How often is (sitting_hours, back_pain, lag 1) found with q < 0.05?
3. Coverage: how often the 95% bootstrap interval of that cell covers the true rho, taken
   from four very long logs of the same generator (--truth-days days each); the same for
   compare() of next-day pain after meeting the rest target (planted: -0.8 at each site).

A fourth check does not use sample.py: pure AR(1) pairs (phi 0.85), 9 loads x 4 pains x
4 lags, the set-up of docs/design.md "p and q that can work".
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from psoas_track import analysis as pst  # noqa: E402
from psoas_track import sample  # noqa: E402
from psoas_track.analysis.associations import without_drift  # noqa: E402
from psoas_track.daily import daily  # noqa: E402
from psoas_track.read.log import read_log  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drift_scenarios import (  # noqa: E402
    LOADS,
    PAINS,
    SCENARIOS,
    ar1,
    scenario_days,
    stable_pain_days,
    streaky_pain_window,
)

LOAD, PAIN, LAG = "sitting_hours", "back_pain", 1
REST_MET, OUTCOME = "rest_target_met", "pain"


def days_of(entries: pd.DataFrame, folder: str) -> pd.DataFrame:
    path = os.path.join(folder, "log.csv")
    sample.write_log(entries, path)
    return daily(read_log(path))


def naive_claims(days: pd.DataFrame, table: pd.DataFrame) -> bool:
    """Would plain spearmanr p-values with BH over the same grid claim a link?"""
    ps = []
    for row in table[table["enough"]].itertuples():
        x = days[row.load].astype("Float64").to_numpy(float, na_value=np.nan)
        y = days[row.pain].shift(-row.lag).to_numpy(float)
        ok = np.isfinite(x) & np.isfinite(y)
        ps.append(stats.spearmanr(x[ok], y[ok]).pvalue)
    ps = np.asarray(ps)
    ps = ps[np.isfinite(ps)]
    return bool(len(ps) and (stats.false_discovery_control(ps) < 0.05).any())


def truth(n_days: int, logs: int = 4) -> tuple[float, float]:
    """The population values, near enough: rho of the target cell and the difference in
    next-day pain after the rest target, on a few very long logs of the same generator."""
    rhos, diffs = [], []
    for k in range(logs):
        days = daily(sample.generate_log(n_days, seed=10_000 + k))  # entries straight in
        # rho as the kit defines it: of the series with their slow drift taken out
        x = without_drift(days[LOAD].to_numpy(float))
        y = pd.Series(without_drift(days[PAIN].to_numpy(float))).shift(-LAG).to_numpy(float)
        ok = np.isfinite(x) & np.isfinite(y)
        rhos.append(stats.spearmanr(x[ok], y[ok]).statistic)
        diffs.append(pst.compare(days, REST_MET, outcome=OUTCOME, n_boot=0).diff)
    return float(np.mean(rhos)), float(np.mean(diffs))


def fisher_interval(days: pd.DataFrame, rho: float) -> tuple[float, float]:
    """tanh(atanh(rho) -+ 1.96 sqrt(1.06 / (n_eff - 3))): not what the kit shows; a yardstick."""
    x = without_drift(days[LOAD].to_numpy(float))
    y = pd.Series(without_drift(days[PAIN].to_numpy(float))).shift(-LAG).to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    rx = pst._ranks(np.where(ok, x, np.nan)[None])
    ry = pst._ranks(np.where(ok, y, np.nan)[None])
    n_eff = pst._dependence(rx, ry, ok[None], np.array([float(ok.sum())]), 7)[0][0]
    half = 1.96 * np.sqrt(1.06 / (n_eff - 3))
    return float(np.tanh(np.arctanh(rho) - half)), float(np.tanh(np.arctanh(rho) + half))


def ar1_null(seed: int, n_days: int, phi: float = 0.85) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.date_range("2026-01-05", periods=n_days, freq="D", name="date")
    cols = {f"load_{i}": ar1(rng, n_days, phi) for i in range(9)}
    cols.update({p: ar1(rng, n_days, phi) for p in ("back_pain", "hip_pain", "knee_pain")})
    frame = pd.DataFrame(cols, index=index)
    frame["pain"] = frame[["back_pain", "hip_pain", "knee_pain"]].mean(axis=1)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--truth-days", type=int, default=20_000)
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--drift-seeds", type=int, default=100)
    args = parser.parse_args()

    started = time.perf_counter()
    rho, diff = truth(args.truth_days)
    print(
        f"true rho of {LOAD} vs next-day {PAIN} (4 logs of {args.truth_days} days): "
        f"{rho:.3f}; true difference in next-day {OUTCOME} after the rest target: "
        f"{diff:.3f}"
    )

    null_claims = naive_null_claims = found = covered = fisher_covered = 0
    diff_covered = diff_found = 0
    widths, estimates, n_pairs, cells = [], [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(args.seeds):
            days = days_of(
                sample.generate_log(args.days, seed=seed, effects=sample.NO_EFFECTS), folder
            )
            table = pst.associations(days, seed=seed, n_boot=args.n_boot)
            cells = int(table["enough"].sum())
            null_claims += bool((table["q"] < 0.05).any())
            naive_null_claims += naive_claims(days, table)

            days = days_of(sample.generate_log(args.days, seed=seed), folder)
            table = pst.associations(days, seed=seed, n_boot=args.n_boot)
            row = table[(table.load == LOAD) & (table.pain == PAIN) & (table.lag == LAG)].iloc[0]
            found += bool(row.q < 0.05)
            covered += bool(row.ci_low <= rho <= row.ci_high)
            c = pst.compare(days, REST_MET, outcome=OUTCOME, seed=seed, n_boot=args.n_boot)
            diff_covered += bool(c.ci_low <= diff <= c.ci_high)
            diff_found += bool(c.ci_high < 0)
            low, high = fisher_interval(days, row.rho)
            fisher_covered += bool(low <= rho <= high)
            widths.append(row.ci_high - row.ci_low)
            estimates.append(row.rho)
            n_pairs.append(row.n)

    s = args.seeds
    print(
        f"{s} seeds of {args.days}-day logs from psoas_track.sample, "
        f"{cells} cells with enough data per grid, {args.n_boot} resamples"
    )
    print(
        f"  null logs claiming any link (q < 0.05):      {null_claims}/{s} = {null_claims / s:.1%}"
    )
    print(
        f"  same logs, plain spearmanr p + BH:           {naive_null_claims}/{s} "
        f"= {naive_null_claims / s:.1%}"
    )
    print(f"  planted next-day sitting effect found:       {found}/{s} = {found / s:.1%}")
    print(
        f"  its 95% interval covers the true rho:        {covered}/{s} = {covered / s:.1%}"
        f"  (mean rho {np.mean(estimates):.3f}, mean width {np.mean(widths):.3f}, "
        f"mean n {np.mean(n_pairs):.0f})"
    )

    print(
        f"  for contrast, a Fisher-z interval on the p-value's effective n covers it: "
        f"{fisher_covered}/{s} = {fisher_covered / s:.1%}"
    )

    print(
        f"  compare(rest target, next-day {OUTCOME}): interval covers the true difference "
        f"{diff_covered}/{s} = {diff_covered / s:.1%}; excludes 0 in "
        f"{diff_found}/{s} = {diff_found / s:.1%}"
    )

    claims = naive = 0
    for seed in range(s):
        frame = ar1_null(seed, args.days)
        table = pst.associations(frame, seed=seed, n_boot=0)
        claims += bool((table["q"] < 0.05).any())
        naive += naive_claims(frame, table)
    print(f"pure AR(1) null, phi 0.85, 9 loads x 4 pains x 4 lags, {args.days} days, {s} seeds:")
    print(f"  associations() claims any link:              {claims}/{s} = {claims / s:.1%}")
    print(f"  plain spearmanr p + BH claims any link:      {naive}/{s} = {naive / s:.1%}")
    drift_table(args.drift_seeds)
    compare_table(args.drift_seeds)
    trend_table(args.seeds)
    weekly_flags(args.drift_seeds)
    print(f"({time.perf_counter() - started:.0f} s)")


def drift_table(seeds: int) -> None:
    """False claims on drifting logs with no link, and power for a planted next-day
    effect, with drift taken out (what the kit does) and without (the plain method)."""
    grid = dict(loads=list(LOADS), pains=[*PAINS, "pain"], n_boot=0)
    print(
        f"drift with no link (benchmarks/drift_scenarios.py), {seeds} logs each, "
        f"4 loads x 4 pains x 4 lags; share of logs claiming any link (q < 0.05):"
    )
    print(f"  {'scenario':<14}{'days':>6}{'kit':>8}{'plain':>8}{'kit, after weekdays':>22}")
    for name in SCENARIOS:
        for n in (120, 365):
            kit = plain = weekday = 0
            for seed in range(seeds):
                days = scenario_days(name, seed, n)
                table = pst.associations(days, **grid)
                kit += bool((table["q"] < 0.05).any())
                weekday += bool((table["weekday_q"] < 0.05).any())
                plain += bool((pst.associations(days, drift="none", **grid)["q"] < 0.05).any())
            print(
                f"  {name:<14}{n:>6}{kit / seeds:>8.1%}{plain / seeds:>8.1%}"
                f"{weekday / seeds:>22.1%}"
            )
    print("planted sitting -> next-day back pain on steady logs (found: that cell q < 0.05):")
    for effect in (0.3, 0.45):
        for n in (120, 365):
            kit = plain = 0
            rhos = []
            for seed in range(seeds):
                days = scenario_days("steady", seed, n, effect)
                for drift in ("local", "none"):
                    table = pst.associations(days, drift=drift, **grid)
                    row = table[(table.load == LOAD) & (table.pain == PAIN) & (table.lag == 1)]
                    found = bool(row["q"].iloc[0] < 0.05)
                    kit, plain = (kit + found, plain) if drift == "local" else (kit, plain + found)
                    if drift == "none":
                        rhos.append(float(row["rho"].iloc[0]))
            print(
                f"  effect {effect} per hour, {n} days (plain rho about {np.mean(rhos):.2f}): "
                f"kit {kit / seeds:.1%}, plain {plain / seeds:.1%}"
            )


def compare_table(seeds: int) -> None:
    """compare() of next-day pain after 'rest above its usual' with no effect: how often
    its interval excludes 0, the kit against the plain difference of raw means."""
    condition = pst.at_least("rest_minutes", 0.5)
    print(
        f"compare(rest above 0.5 sd, next-day pain), no effect, {seeds} logs each: "
        "interval excludes 0 (kit / plain); no interval under 8 weeks"
    )
    for name in ("steady", "rehab start"):
        for n in (45, 120, 365):
            kit = plain = shown = 0
            for seed in range(seeds):
                days = scenario_days(name, seed, n)
                c = pst.compare(days, condition, outcome="pain", seed=seed, n_boot=400)
                r = pst.compare(
                    days, condition, outcome="pain", seed=seed, n_boot=400, drift="none"
                )
                shown += c.ci_low is not None
                kit += bool(c.ci_low is not None and (c.ci_low > 0 or c.ci_high < 0))
                plain += bool(r.ci_low is not None and (r.ci_low > 0 or r.ci_high < 0))
            print(
                f"  {name:<12}{n:>5} days: kit {kit / seeds:.1%}, plain {plain / seeds:.1%}"
                f" (interval shown in {shown / seeds:.0%} of logs)"
            )


def trend_table(seeds: int) -> None:
    """trend() over 8 weeks of streaky pain: how often the interval excludes 0 with no
    trend, and how often a real one (0.5 points a week down) is found."""
    from psoas_track.analysis.trend import theil_sen

    print(f"trend() over 8 weeks, pain streaky (AR(1) 0.85), {seeds} windows each:")
    for kind in ("mean of sites", "one site, decimals", "one site, whole numbers"):
        wrong = told = plain = 0
        for seed in range(seeds):
            days = streaky_pain_window(kind, seed)
            result = pst.trend(days, "back_pain", weeks=8)
            told += result.enough
            wrong += bool(result.enough and (result.ci_low > 0 or result.ci_high < 0))
            x = np.flatnonzero(days["back_pain"].notna().to_numpy()).astype(float)
            y = days["back_pain"].dropna().to_numpy()
            _, low, high = theil_sen(y, x)
            plain += bool(low > 0 or high < 0)
        print(
            f"  no trend, {kind}: interval excludes 0 in {wrong / seeds:.1%} of windows "
            f"(Sen's plain interval {plain / seeds:.1%}); too short to tell in "
            f"{1 - told / seeds:.1%}"
        )
    found = 0
    for seed in range(seeds):
        days = streaky_pain_window("one site, decimals", 10_000 + seed, slope_per_day=-0.5 / 7)
        result = pst.trend(days, "back_pain", weeks=8)
        found += bool(result.enough and result.ci_high < 0)
    print(f"  a real fall of 0.5 points a week (one site, decimals) found: {found / seeds:.1%}")


def _yes(flag) -> bool:
    """A nullable flag as counted: missing (not compared) is no flag."""
    return flag is not pd.NA and bool(flag)


def weekly_flags(seeds: int) -> None:
    """How often a stable week is flagged: the kit's rule against 2 points or 30%."""
    from psoas_track.analysis.weekly import week_summary

    print(f"weekly flag on stable pain (no change at all), {seeds} logs x 8 weeks each:")
    for level in (1.5, 3.0, 5.0):
        important = beyond = old_rule = weeks = 0
        for seed in range(seeds):
            days = stable_pain_days(level, 16, seed)
            for week in range(9, 17):
                row = week_summary(days, f"2026-W{week:02d}").pain.loc["pain"]
                weeks += 1
                important += _yes(row["important_vs_last"])
                beyond += _yes(row["beyond_usual_vs_last"])
                change = abs(row["this"] - row["last"])
                old_rule += bool(change >= 2 or (row["last"] > 0 and change >= 0.3 * row["last"]))
        print(
            f"  pain about {level}: clinically important {important / weeks:.1%}, beyond "
            f"usual ups and downs {beyond / weeks:.1%}; the old rule (2 points or 30%, any "
            f"days) {old_rule / weeks:.1%}"
        )


if __name__ == "__main__":
    main()
