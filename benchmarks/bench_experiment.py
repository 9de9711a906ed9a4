"""Calibration of the randomised self-experiment (psoas_track.experiment) by simulation.

Logs that follow a plan, from a generator of their own: streaky pain (AR(1), phi 0.7 a
day, sd about 1), 0.5 more on work days, whole and half points as people rate, 10% of
days not rated, and imperfect adherence (the routine done on 80% of ON days and 5% of OFF
days). A real effect lowers pain by 1 point on the days the routine is done. Printed:
the false-positive rate with no effect (p < 0.05), the power for the effect, and how
often the 95% interval holds the effect as assigned (the mean of what the routine did on
the ON blocks' days minus the OFF blocks', weighted as T is), by design.

Run:  .venv/bin/python benchmarks/bench_experiment.py [--logs 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from psoas_track.experiment import analyse, draw_schedule  # noqa: E402
from psoas_track.experiment.design import blocks_in, count_schedules, design_problem  # noqa: E402
from psoas_track.experiment.plan import WASHOUT_DAYS, Plan  # noqa: E402


def plan_for(weeks: int, block: str, seed: int) -> Plan:
    n = blocks_in(weeks, block)
    return Plan(
        routine="rest", start="2027-01-04", block=block,
        blocks=["on" if b else "off" for b in draw_schedule(seed, n)], seed=seed,
        outcome="back_pain", lag=0, washout_days=WASHOUT_DAYS[block],
        allowed_schedules=count_schedules(n), created="2026-12-02T00:00:00",
    )  # fmt: skip


def follow(plan: Plan, effect: float, seed: int) -> tuple[pd.DataFrame, float]:
    """A day table of someone following the plan, and the effect as assigned."""
    rng = np.random.default_rng([seed, len(plan.blocks)])
    index = pd.date_range(plan.first_day, plan.last_day, freq="D", name="date")
    on = np.array([plan.assignment(d.date())[1] == "on" for d in index])
    done = rng.random(len(index)) < np.where(on, 0.8, 0.05)
    level = np.zeros(len(index))
    for t in range(1, len(index)):
        level[t] = 0.7 * level[t - 1] + rng.normal(0, 0.71)
    added = effect * done
    pain = 4 + level + 0.5 * (index.day_of_week < 5) + added
    pain = np.clip(np.round(pain * 2) / 2, 0, 10)
    pain[rng.random(len(index)) < 0.1] = np.nan
    days = pd.DataFrame(
        {"back_pain": pain, "rest_target_met": pd.array(done, dtype="boolean")}, index=index
    )
    return days, _assigned(plan, pd.Series(added, index=index))


def _assigned(plan: Plan, added: pd.Series) -> float:
    """The effect as T weighs it: block means of what the routine added, ON minus OFF."""
    means = []
    for first, last in plan.dates():
        kept = pd.Timestamp(first) + pd.Timedelta(days=plan.washout_days)
        means.append(added.loc[kept : pd.Timestamp(last)].mean())
    means = np.array(means)
    return float(means[plan.schedule].mean() - means[~plan.schedule].mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    print("## The randomised self-experiment (benchmarks/bench_experiment.py)")
    print()
    print(
        f"{args.logs} simulated logs per design that follow their plan (streaky pain, work "
        "days, 10% unrated days, the routine done on 80% of ON days and 5% of OFF days). "
        "False positives: p < 0.05 with no effect. Power: p < 0.05 when the routine lowers "
        "pain by 1 point on the days it is done. Coverage: the 95% interval holds the "
        "effect as assigned."
    )
    print()
    print("| design | schedules | smallest p | false positives | power (-1 point) | coverage |")
    print("|---|---|---|---|---|---|")
    for block in ("half-week", "week"):
        for weeks in (6, 8, 12):
            name = f"{weeks} weeks of {block} blocks"
            n = blocks_in(weeks, block)
            count = count_schedules(n)
            if design_problem(weeks, block):
                print(f"| {name} | {count:,} | {2 / count:.3f} | refused by plan | | |")
                continue
            false = found = covered = 0
            for seed in range(args.logs):
                plan = plan_for(weeks, block, seed)
                days, _ = follow(plan, 0.0, seed)
                false += analyse(days, plan).p < 0.05
                days, truth = follow(plan, -1.0, 10_000 + seed)
                result = analyse(days, plan)
                found += result.p < 0.05
                covered += result.ci_low is not None and result.ci_low <= truth <= result.ci_high
            s = args.logs
            print(
                f"| {name} | {count:,} | {2 / count:.2g} | {false / s:.1%} | "
                f"{found / s:.1%} | {covered / s:.1%} |"
            )
    print()
    print(f"(the whole run took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
