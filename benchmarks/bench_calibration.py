"""The calibration table of the statistics: false claims, power and interval coverage.

Run:  .venv/bin/python benchmarks/bench_calibration.py [--seeds 200] [--drift-seeds 100]

It prints Markdown; docs/calibration.md is its last output. The sections:

1. Logs from psoas_track.sample through the real chain (write_log -> read_log -> daily):
   null logs (no planted effect, streaky pain and loads; a log "claims a link" when any
   cell of the default grid, every load x back, hip, knee and overall pain x lags 0-3,
   has q < 0.05), power and coverage for the default planted effects, compare() of
   next-day pain after the rest target, a moderate planted effect (rho about 0.4), and
   pure AR(1) pairs; each against plain scipy.stats.spearmanr p-values with BH.
2. Logs with no link from a generator of their own (drift_scenarios.py): steady, trends,
   a routine started while recovering, random walks, a work week, logging more on bad
   days, holidays, heavy ties; 21, 30, 45, 120 and 365 days; the kit against the same
   test on the raw series.
3. Planted links next day and two days later: power and interval coverage by scenario.
4. compare() with no effect; 5. trend() over 8 streaky weeks; 6. the weekly flag on
   stable pain.
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
from psoas_track.analysis.bootstrap import effective_n_and_stretch  # noqa: E402
from psoas_track.analysis.drift import without_drift  # noqa: E402
from psoas_track.analysis.rank_correlation import ranks  # noqa: E402
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
        rhos.append(_long_rho(days, LOAD, PAIN, LAG, "local"))
        diffs.append(pst.compare(days, REST_MET, outcome=OUTCOME, n_boot=0).diff)
    return float(np.mean(rhos)), float(np.mean(diffs))


def fisher_interval(days: pd.DataFrame, rho: float) -> tuple[float, float]:
    """tanh(atanh(rho) -+ 1.96 sqrt(1.06 / (n_eff - 3))): not what the kit shows; a yardstick."""
    x = without_drift(days[LOAD].to_numpy(float))
    y = pd.Series(without_drift(days[PAIN].to_numpy(float))).shift(-LAG).to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    rx = ranks(np.where(ok, x, np.nan)[None])
    ry = ranks(np.where(ok, y, np.nan)[None])
    n_eff = effective_n_and_stretch(rx, ry, ok[None], np.array([float(ok.sum())]), 7)[0][0]
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
    parser.add_argument("--null-seeds", type=int, default=1000)
    args = parser.parse_args()

    started = time.perf_counter()
    sample_table(args)
    drift_table(args.drift_seeds)
    planted_table(args.drift_seeds, args.truth_days)
    compare_table(args.drift_seeds)
    trend_table(args.seeds)
    weekly_flags(args.drift_seeds)
    print(f"\n(the whole run took {time.perf_counter() - started:.0f} s)")


def _share(k: int, n: int) -> str:
    return f"{k}/{n} = {k / n:.1%}"


def sample_table(args: argparse.Namespace) -> None:
    """psoas_track.sample logs through the real chain: false claims, power, coverage."""
    rho, diff = truth(args.truth_days)
    null_claims = naive_null_claims = found = covered = fisher_covered = 0
    diff_covered = diff_found = 0
    widths, estimates, n_pairs, cells = [], [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(args.null_seeds):  # q does not depend on the resampling
            days = days_of(
                sample.generate_log(args.days, seed=seed, effects=sample.NO_EFFECTS), folder
            )
            table = pst.associations(days, seed=seed, n_boot=0)
            cells = int(table["enough"].sum())
            null_claims += bool((table["q"] < 0.05).any())
            naive_null_claims += naive_claims(days, table)
        for seed in range(args.seeds):
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
    claims = naive = 0
    for seed in range(args.seeds):
        frame = ar1_null(seed, args.days)
        table = pst.associations(frame, seed=seed, n_boot=0)
        claims += bool((table["q"] < 0.05).any())
        naive += naive_claims(frame, table)
    moderate = moderate_power(args.seeds, args.days)

    s, n, z = args.seeds, args.days, args.null_seeds
    print("## Logs from psoas_track.sample, through the real chain")
    print()
    print("write_log -> read_log -> daily -> the analysis.")
    print()
    print(f"| check (simulated {n}-day logs) | psoas_track | plain spearmanr + BH |")
    print("|---|---|---|")
    print(
        f"| {z} null logs (streaky, no planted effect) claiming any link, q < 0.05 | "
        f"{_share(null_claims, z)} | {_share(naive_null_claims, z)} |"
    )
    print(
        f"| {s} pure AR(1) nulls (phi 0.85, 9 loads x 4 pains x 4 lags) claiming any link | "
        f"{_share(claims, s)} | {_share(naive, s)} |"
    )
    print(
        f"| {s} logs with a planted next-day sitting effect: found ({LOAD}, {PAIN}, lag {LAG}) | "
        f"{_share(found, s)} | |"
    )
    print(f"| its 95% interval covers the true rho ({rho:.3f}) | {_share(covered, s)} | |")
    print(
        f"| compare(rest target, next-day {OUTCOME}): interval covers the true {diff:.3f} | "
        f"{_share(diff_covered, s)} | |"
    )
    print(f"| compare: interval excludes 0 | {_share(diff_found, s)} | |")
    print(
        f"| a moderate planted effect ({moderate['effect']} per hour sat beyond 6 h; rho "
        f"{moderate['rho']:.2f}, plain rho {moderate['raw']:.2f}) found | "
        f"{_share(moderate['kit'], s)} | {_share(moderate['plain'], s)} (the plain test "
        "on the raw series, same effective n and BH) |"
    )
    print()
    print(
        f"{cells} grid cells with enough data per log, {args.n_boot} bootstrap resamples; "
        f"mean rho of the planted cell {np.mean(estimates):.3f} (of the series with drift "
        f"taken out, as the true value is), mean interval width {np.mean(widths):.3f}, mean "
        f"n {np.mean(n_pairs):.0f}. For contrast, a Fisher-z interval on the p-value's "
        f"effective n covers the true rho in {_share(fisher_covered, s)}. The true values "
        f"come from 4 logs of {args.truth_days:,} days of the same generator; the moderate "
        "effect's logs go straight to daily() (no file round trip)."
    )


def moderate_power(seeds: int, n_days: int, effect: float = 0.25) -> dict:
    """A weaker planted sitting effect (rho about 0.4): found by the kit and by the test
    on the raw series (drift="none", what the kit did before issue 13)."""
    effects = sample.Effects(sitting_next_day_back=effect)
    kit = plain = 0
    for seed in range(seeds):
        days = daily(sample.generate_log(n_days, seed=seed, effects=effects))
        for drift in ("local", "none"):
            table = pst.associations(days, seed=seed, n_boot=0, drift=drift)
            row = table[(table.load == LOAD) & (table.pain == PAIN) & (table.lag == LAG)]
            hit = bool(row["q"].iloc[0] < 0.05)
            kit, plain = (kit + hit, plain) if drift == "local" else (kit, plain + hit)
    long_days = daily(sample.generate_log(20_000, seed=10_000, effects=effects))
    return {
        "effect": effect,
        "kit": kit,
        "plain": plain,
        "rho": _long_rho(long_days, LOAD, PAIN, LAG, "local"),
        "raw": _long_rho(long_days, LOAD, PAIN, LAG, "none"),
    }


def _long_rho(days: pd.DataFrame, load: str, pain: str, lag: int, drift: str) -> float:
    """Spearman rho of a load and a pain `lag` days later, as the kit defines it."""
    x = without_drift(days[load].to_numpy(float), drift)
    y = pd.Series(without_drift(days[pain].to_numpy(float), drift)).shift(-lag).to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    return float(stats.spearmanr(x[ok], y[ok]).statistic)


GRID = dict(loads=list(LOADS), pains=[*PAINS, "pain"])
DRIFT_DAYS = (21, 30, 45, 120, 365)


def drift_table(seeds: int) -> None:
    """False claims on logs with no link, with drift taken out (what the kit does) and
    without (the plain method), and after weekday means are also taken out."""
    print()
    print("## Logs with no link, from a generator of their own (benchmarks/drift_scenarios.py)")
    print()
    print(
        f"Share of logs claiming any link (q < 0.05) when there is none; {seeds} logs each, "
        '4 loads x 4 pains x 4 lags. "kit" takes each series\' local level (the mean of '
        'the other days within a centred two weeks) out first, the default; "plain" is '
        'the same test on the raw series (the method before issue 13); "after weekdays" '
        "counts the links that also have weekday_q < 0.05 (they hold with weekday means "
        "taken out too)."
    )
    print()
    print("| scenario | days | kit | plain | kit, after weekdays |")
    print("|---|---|---|---|---|")
    for name in SCENARIOS:
        for n in DRIFT_DAYS:
            kit = plain = weekday = 0
            for seed in range(seeds):
                days = scenario_days(name, seed, n)
                table = pst.associations(days, n_boot=0, **GRID)
                kit += bool((table["q"] < 0.05).any())
                weekday += bool(((table["q"] < 0.05) & (table["weekday_q"] < 0.05)).any())
                raw = pst.associations(days, drift="none", n_boot=0, **GRID)
                plain += bool((raw["q"] < 0.05).any())
            print(
                f"| {name} | {n} | {kit / seeds:.1%} | {plain / seeds:.1%} | "
                f"{weekday / seeds:.1%} |"
            )
    print()
    print(
        "The work week is a real association (sitting and pain both higher on work days), "
        'not a false one; the kit reports it and says "this link also follows your work '
        'week" when weekday_q is not below 0.05, which is what the last column counts.'
    )


#: Scenarios whose link is that of "steady" (their drift, gaps or logging habit come on
#: top), so the true rho is taken from one very long steady log; heavy ties round the
#: series, which changes rho, so it has its own.
COVERAGE_SCENARIOS = ("steady", "trends", "rehab start", "gaps", "bad-day logging", "heavy ties")


def planted_table(seeds: int, truth_days: int, n_boot: int = 400) -> None:
    """Power and interval coverage for a planted sitting -> back pain effect, next day
    and two days later, on the scenarios where the true link is known."""
    print()
    print("## A planted link (sitting -> back pain), drift_scenarios.py")
    print()
    print(
        f"{seeds} logs each; found = that cell has q < 0.05 in the whole grid; covered = its "
        f"95% interval ({n_boot} resamples) holds the true rho, taken from a "
        f"{truth_days:,}-day log (steady, or heavy ties for heavy ties). Plain: the same "
        "on the raw series, against the raw series' true rho."
    )
    print()
    print(
        "| scenario | effect | lag | days | true rho (plain) | found: kit | plain "
        "| covered: kit | plain |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for effect, lag, names in (
        (0.3, 1, ("steady",)),
        (0.45, 1, COVERAGE_SCENARIOS),
        (0.45, 2, ("steady", "rehab start")),
    ):
        for name in names:
            source = "heavy ties" if name == "heavy ties" else "steady"
            long_days = scenario_days(source, 99_999, truth_days, effect, lag)
            true = {d: _long_rho(long_days, LOAD, PAIN, lag, d) for d in ("local", "none")}
            for n in (120, 365):
                found = dict.fromkeys(true, 0)
                covered = dict.fromkeys(true, 0)
                for seed in range(seeds):
                    days = scenario_days(name, seed, n, effect, lag)
                    for drift in true:
                        table = pst.associations(
                            days, drift=drift, n_boot=n_boot, seed=seed, **GRID
                        )
                        row = table[
                            (table.load == LOAD) & (table.pain == PAIN) & (table.lag == lag)
                        ].iloc[0]
                        found[drift] += bool(row.q < 0.05)
                        covered[drift] += bool(row.ci_low <= true[drift] <= row.ci_high)
                print(
                    f"| {name} | {effect} | {lag} | {n} | {true['local']:.2f} "
                    f"({true['none']:.2f}) | {found['local'] / seeds:.0%} | "
                    f"{found['none'] / seeds:.0%} | {covered['local'] / seeds:.0%} | "
                    f"{covered['none'] / seeds:.0%} |"
                )


def compare_table(seeds: int) -> None:
    """compare() of next-day pain after 'rest above its usual' with no effect: how often
    its interval excludes 0, the kit against the difference with the drift left in."""
    condition = pst.at_least("rest_minutes", 0.5)
    print()
    print("## compare() with no effect (drift_scenarios.py)")
    print()
    print(
        f"Next-day pain after rest above its usual (0.5 sd), which does nothing; {seeds} logs "
        'each. "kit" takes the outcome\'s drift out for the difference (the default); '
        '"drift left in" is drift="none" (the t-interval floor kept). Share of logs '
        "whose interval excludes 0; under 8 weeks no interval is given."
    )
    print()
    print("| scenario | days | kit | drift left in | interval shown |")
    print("|---|---|---|---|---|")
    for name in ("steady", "rehab start", "bad-day logging", "gaps", "heavy ties"):
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
                f"| {name} | {n} | {kit / seeds:.1%} | {plain / seeds:.1%} | {shown / seeds:.0%} |"
            )


def trend_table(seeds: int) -> None:
    """trend() over 8 weeks of streaky pain: how often the interval excludes 0 with no
    trend, and how often a real one (0.5 points a week down) is found."""
    from psoas_track.analysis.trend import theil_sen

    print()
    print("## trend() over 8 weeks of streaky pain (AR(1) 0.85)")
    print()
    print(f"{seeds} windows each.")
    print()
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
            f"- no trend, {kind}: interval excludes 0 in {wrong / seeds:.1%} of windows "
            f"(Sen's plain interval {plain / seeds:.1%}); too short to tell in "
            f"{1 - told / seeds:.1%}"
        )
    found = 0
    for seed in range(seeds):
        days = streaky_pain_window("one site, decimals", 10_000 + seed, slope_per_day=-0.5 / 7)
        result = pst.trend(days, "back_pain", weeks=8)
        found += bool(result.enough and result.ci_high < 0)
    print(f"- a real fall of 0.5 points a week (one site, decimals) found: {found / seeds:.1%}")


def _yes(flag) -> bool:
    """A nullable flag as counted: missing (not compared) is no flag."""
    return flag is not pd.NA and bool(flag)


def weekly_flags(seeds: int) -> None:
    """How often a stable week is flagged: the kit's rule against 2 points or 30%."""
    from psoas_track.analysis.weekly import week_summary

    print()
    print("## The weekly flag on stable pain (no change at all)")
    print()
    print(
        f"{seeds} logs x 8 weeks each; weeks with fewer than 4 rated days are not compared "
        "(they count as not flagged here)."
    )
    print()
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
            f"- pain about {level}: clinically important {important / weeks:.1%}, beyond "
            f"usual ups and downs {beyond / weeks:.1%}; the old rule (2 points or 30%, any "
            f"days) {old_rule / weeks:.1%}"
        )


if __name__ == "__main__":
    main()
