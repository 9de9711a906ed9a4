"""Time associations() on ten years of days against a plain loop of scipy.stats.spearmanr.

Run:  .venv/bin/python benchmarks/bench_stats.py [--days 3650] [--repeat 5]

The grid is every load of a synthetic log (the schema's 11 loads plus one custom numeric
column = 12) x back, hip, knee and overall pain x lags 0-3 = 192 cells, with 1,000
moving-block bootstrap resamples each. The baseline computes only the 192 point
estimates and naive p-values with spearmanr in a Python loop: no interval, no
effective-n p, no q. The goal is associations() under 1 s on a 2-core machine.
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
from psoas_track.daily import daily  # noqa: E402
from psoas_track.read.log import read_log  # noqa: E402


def make_days(n_days: int) -> pd.DataFrame:
    entries = sample.generate_log(n_days, seed=1)
    rng = np.random.default_rng(1)
    entries["coffee_cups"] = rng.integers(0, 5, len(entries)).astype(float)  # a custom column
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "log.csv")
        sample.write_log(entries, path)
        return daily(read_log(path))


def baseline(days: pd.DataFrame, loads: list[str], pains: list[str], lags: range) -> list:
    out = []
    for load in loads:
        x_all = days[load].astype("Float64").to_numpy(float, na_value=np.nan)
        for pain in pains:
            for lag in lags:
                y_all = days[pain].shift(-lag).to_numpy(float)
                ok = np.isfinite(x_all) & np.isfinite(y_all)
                out.append(stats.spearmanr(x_all[ok], y_all[ok]))
    return out


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args()

    days = make_days(args.days)
    loads, pains, lags = pst.default_loads(days), pst.default_pains(days), range(4)
    cells = len(loads) * len(pains) * len(lags)
    pst.associations(days, n_boot=10)  # warm up imports and BLAS

    ours = best_of(args.repeat, lambda: pst.associations(days, n_boot=args.n_boot))
    plain = best_of(args.repeat, lambda: baseline(days, loads, pains, lags))
    print(
        f"{len(days)} days, {len(loads)} loads x {len(pains)} pains x {len(lags)} lags "
        f"= {cells} cells, {os.cpu_count()} CPUs (best of {args.repeat})"
    )
    print(
        f"  associations() with {args.n_boot} block-bootstrap resamples, effective-n p, "
        f"BH q:  {ours:.3f} s"
    )
    print(f"  plain loop of scipy.stats.spearmanr, point estimates only:       {plain:.3f} s")
    print(f"  bootstrap resamples per second: {cells * args.n_boot / ours:,.0f}")


if __name__ == "__main__":
    main()
