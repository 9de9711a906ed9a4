"""Render every chart from the example log to docs/images/<name>.png for the README.

The pictures are made by the package itself from data/example_log.csv, so they stay
true to what a user sees. Run from anywhere:

    .venv/bin/python scripts/make_screenshots.py            # all charts
    .venv/bin/python scripts/make_screenshots.py --out /tmp/shots pain_trend
    .venv/bin/python scripts/make_screenshots.py --browser  # the dashboard and JupyterLab

With --browser it runs the browser tests (tests/test_browser.py, Debian's Chromium) and
keeps what the browser showed: the pictures of the pages are those the tests checked.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example_log.csv"
OUT = ROOT / "docs" / "images"
DPI = 110  # about 1000-1100 pixels wide: sharp in a README, small in the repository


def charts(days):
    """(name, figure) for every chart, with the options a README reader would use."""
    from psoas_track import analysis, plots

    table = analysis.associations(days, pains=["back_pain"], seed=0)
    yield "pain_trend", plots.pain_trend(days, weeks=12)
    pair = ("sitting_hours", "back_pain")
    yield "load_vs_pain", plots.load_vs_pain(days, *pair, lag=1, association=table)
    yield "association_heatmap", plots.association_heatmap(table, pain="back_pain")
    compared = analysis.compare_routine(days, outcome="back_pain", lag=1)
    yield "comparison_chart", plots.comparison_chart(compared)
    yield "adherence_calendar", plots.adherence_calendar(days)
    yield "week_overview", plots.week_overview(days)


def experiment_example():
    """("experiment_chart", figure) of a made-up 8-week experiment that rest helped."""
    import datetime as dt
    import tempfile

    import numpy as np
    import pandas as pd

    from psoas_track import plots
    from psoas_track.daily import daily
    from psoas_track.experiment import make_plan
    from psoas_track.read.log import read_log
    from psoas_track.sample import recent_log, write_log

    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "pain.csv"
        before_end = dt.date(2026, 10, 4)
        before = recent_log(90, seed=3, end=before_end)
        write_log(before, log)
        plan = make_plan(
            log, "rest", seed=8, outcome="back_pain", last_entry=before_end, today=before_end
        )
        during = recent_log(56, seed=4, end=plan.last_day, today=plan.last_day)
        days_of = pd.to_datetime(during["date"]).dt.date
        on = np.array([plan.assignment(d)[1] == "on" for d in days_of])
        rng = np.random.default_rng(2)
        during["rest_minutes"] = np.where(on & (rng.random(len(on)) < 0.85), 12.0, 0.0)
        during.loc[on, "back_pain"] = (during.loc[on, "back_pain"] - 1).clip(lower=0)
        write_log(pd.concat([before, during]), log)
        days = daily(read_log(log, today=plan.last_day))
        yield "experiment_chart", plots.experiment_chart(days, plan)


BROWSER_SHOTS = ("dashboard", "dashboard_entry", "dashboard_report", "jupyterlab_explorer")


def browser_screenshots(out: Path) -> int:
    """Run the browser tests with PSOAS_SCREENSHOTS=out; their exit code."""
    environment = dict(os.environ, PSOAS_SCREENSHOTS=str(out))
    test = [sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "test_browser.py")]
    code = subprocess.run(test, env=environment, cwd=ROOT).returncode
    for name in BROWSER_SHOTS:
        print(f"wrote {out / f'{name}.png'}" if (out / f"{name}.png").exists() else f"no {name}")
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="charts to render (default: all)")
    parser.add_argument("--log", type=Path, default=EXAMPLE, help="the log to draw from")
    parser.add_argument("--out", type=Path, default=OUT, help="the folder for the PNG files")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="photograph the dashboard and JupyterLab in the browser tests",
    )
    args = parser.parse_args(argv)
    if args.browser:
        return browser_screenshots(args.out)

    sys.path.insert(0, str(ROOT))
    from psoas_track.daily import daily
    from psoas_track.plots import render_png
    from psoas_track.read.log import read_log

    days = daily(read_log(args.log))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, fig in [*charts(days), *experiment_example()]:
        if args.names and name not in args.names:
            continue
        path = args.out / f"{name}.png"
        path.write_bytes(render_png(fig, dpi=DPI))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
