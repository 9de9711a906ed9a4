"""How fast the explorer redraws on a 10-year log, driven from Python, against a baseline.

The explorer (psoas_track.widgets.explorer.Explorer) is built on a synthetic 10-year log
(sample.generate_log(3650)). Each control is then moved through several values on each
tab it affects, exactly as a person would move it; each change redraws the visible tab
(figure drawn and encoded as the PNG the notebook shows). The time of every redraw is
recorded by the explorer itself (Explorer.timings).

Baseline: the same "over time" and "load vs pain" charts drawn from scratch with plain
matplotlib the usual way (pyplot figure, ax.bar per day, axvspan per weekend, constrained
layout, savefig to PNG), and the same statistics recomputed on each change.

Targets: median redraw < 150 ms; a date change on the Comparisons tab <= 300 ms. Run:

    .venv/bin/python benchmarks/bench_explorer.py              # 10 years, last-year view
    .venv/bin/python benchmarks/bench_explorer.py --whole      # all 10 years in view
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 150.0
COMPARISONS_DATES_TARGET_MS = 300.0  # a date change on the Comparisons tab


def _ms(seconds: float) -> float:
    return round(1000 * seconds, 1)


def machine_speed() -> float:
    """Seconds for sum(range(10**7)): about 0.15 s on a current laptop, for scale."""
    t = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - t


def drive(explorer, repeats: int) -> list[tuple[str, str, float, float]]:
    """Move every control on every tab it affects.

    One record per redraw: (tab, control, wall seconds, CPU seconds of this process). On a
    busy machine the wall time includes waiting for the CPU; the CPU time does not.
    """
    from psoas_track.widgets.explorer import DEPENDS, TABS

    n_dates = len(explorer.dates.options)
    low, high = explorer.dates.index
    sites = [v for _, v in explorer.site.options]
    loads = [v for _, v in explorer.load.options]
    moves = {
        "site": [sites[i % len(sites)] for i in range(1, repeats + 1)],
        "load": [loads[i % len(loads)] for i in range(1, repeats + 1)],
        "lag": [(explorer.lag.value + i) % 4 for i in range(1, repeats + 1)],
        "window": [3 + (2 * i) % 26 for i in range(1, repeats + 1)],
        # Slide the start of the range by a few weeks each time, as a person drags it.
        "dates": [
            (max(0, low - 7 * 3 * i) if low else min(high - 14, 21 * i), high)
            for i in range(1, repeats + 1)
        ],
    }
    records = []
    for tab in TABS:
        explorer.show(tab)
        for control, values in moves.items():
            if control not in DEPENDS[tab]:
                continue
            for value in values:
                before = explorer.redraws
                cpu = time.process_time()
                if control == "dates":
                    explorer.dates.index = (min(value[0], n_dates - 1), value[1])
                else:
                    getattr(explorer, control).value = value
                cpu = time.process_time() - cpu
                if explorer.redraws > before:
                    records.append((tab, control, explorer.timings[-1], cpu))
        explorer.dates.index = (low, high)
    return records


def baseline(days, start, end, repeats: int) -> dict[str, list[tuple[float, float]]]:
    """The same two charts drawn from scratch with plain matplotlib: (wall, CPU) each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from scipy import stats as sps

    frame = days.loc[start:end]
    out: dict[str, list[tuple[float, float]]] = {"Over time": [], "Load vs pain": []}
    for i in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fig, (ax, bx) = plt.subplots(
            2,
            1,
            sharex=True,
            figsize=(10, 5.2),
            dpi=96,
            layout="constrained",
            gridspec_kw={"height_ratios": (2.4, 1)},
        )
        y = frame["back_pain"]
        ax.plot(frame.index, y, "-o", lw=0.8, ms=2.5, alpha=0.45, label="daily")
        ax.plot(
            frame.index,
            y.rolling(3 + i % 5, center=True, min_periods=2).mean(),
            lw=2.4,
            label="mean",
        )
        for day in frame.index[frame.index.day_of_week == 5]:
            ax.axvspan(day, day + np.timedelta64(2, "D"), color="k", alpha=0.06, lw=0)
            bx.axvspan(day, day + np.timedelta64(2, "D"), color="k", alpha=0.06, lw=0)
        bx.bar(frame.index, frame["sitting_hours"], width=0.8, color="grey")
        ax.set_ylabel("Pain (0-10)")
        bx.set_ylabel("Sitting (h)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
        out["Over time"].append((time.perf_counter() - t, time.process_time() - c))

        t, c = time.perf_counter(), time.process_time()
        x = frame["sitting_hours"].to_numpy()
        p = frame["back_pain"].shift(-1 - i % 3).to_numpy()
        ok = np.isfinite(x) & np.isfinite(p)
        rho = sps.spearmanr(x[ok], p[ok]).statistic
        fig, ax = plt.subplots(figsize=(10, 5.2), dpi=96, layout="constrained")
        ax.scatter(x[ok], p[ok], alpha=0.45)
        fit = sps.theilslopes(p[ok], x[ok])
        ax.plot(x[ok], fit.intercept + fit.slope * x[ok], label=f"rho {rho:.2f}")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
        out["Load vs pain"].append((time.perf_counter() - t, time.process_time() - c))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the explorer's redraws.")
    parser.add_argument("--days", type=int, default=3650, help="length of the log")
    parser.add_argument("--repeats", type=int, default=6, help="moves per control and tab")
    parser.add_argument("--whole", action="store_true", help="view the whole log")
    args = parser.parse_args(argv)

    from psoas_track.daily import daily
    from psoas_track.sample import generate_log
    from psoas_track.widgets.explorer import Explorer

    speed = machine_speed()
    days = daily(generate_log(args.days, seed=1))
    t = time.perf_counter()
    explorer = Explorer(days, start=days.index[0] if args.whole else None)
    built = time.perf_counter() - t
    start, end = explorer.dates.value
    print(
        f"log: {args.days} days; view {start.date()} to {end.date()} "
        f"({(end - start).days + 1} days); machine: sum(range(1e7)) = {speed:.2f} s "
        "(about 0.15 s on a current laptop)"
    )
    print(f"explorer built and first tab drawn in {_ms(built)} ms")
    records = drive(explorer, args.repeats)

    print(
        f"\n{'tab':<14} {'control':<8} {'redraws':>7} {'median ms':>10} {'cpu ms':>7} {'max ms':>7}"
    )
    groups: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for tab, control, wall, cpu in records:
        groups.setdefault((tab, control), []).append((wall, cpu))
    for (tab, control), times in groups.items():
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        print(
            f"{tab:<14} {control:<8} {len(times):>7} {_ms(statistics.median(walls)):>10} "
            f"{_ms(statistics.median(cpus)):>7} {_ms(max(walls)):>7}"
        )
    walls = [w for _, _, w, _ in records]
    cpus = [c for _, _, _, c in records]
    overall = _ms(statistics.median(walls))
    print(
        f"\nall redraws: {len(walls)}, median {overall} ms wall, "
        f"{_ms(statistics.median(cpus))} ms CPU "
        f"(target < {TARGET_MS:g} ms: {'met' if overall < TARGET_MS else 'NOT met'})"
    )

    comparisons = [w for t_, c_, w, _ in records if (t_, c_) == ("Comparisons", "dates")]
    if comparisons:
        median = _ms(statistics.median(comparisons))
        met = "met" if median <= COMPARISONS_DATES_TARGET_MS else "NOT met"
        print(
            f"Comparisons date change: median {median} ms "
            f"(target <= {COMPARISONS_DATES_TARGET_MS:g} ms: {met})"
        )

    base = baseline(days, start, end, args.repeats)
    print("\nbaseline, plain matplotlib from scratch, vs the explorer (median ms, wall / CPU):")
    for tab, times in base.items():
        mine = [(w, c) for t_, _, w, c in records if t_ == tab]
        print(
            f"  {tab:<14} baseline {_ms(statistics.median(w for w, _ in times)):>7} / "
            f"{_ms(statistics.median(c for _, c in times)):>6}   explorer "
            f"{_ms(statistics.median(w for w, _ in mine)):>7} / "
            f"{_ms(statistics.median(c for _, c in mine)):>6}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
