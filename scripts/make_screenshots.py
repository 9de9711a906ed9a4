"""Render every chart from the example log to docs/images/<name>.png for the README.

The pictures are made by the package itself from data/example_log.csv, so they stay
true to what a user sees. Run from anywhere:

    .venv/bin/python scripts/make_screenshots.py            # all charts
    .venv/bin/python scripts/make_screenshots.py --out /tmp/shots pain_trend
"""

from __future__ import annotations

import argparse
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
    yield "load_vs_pain", plots.load_vs_pain(days, "sitting_hours", "back_pain", lag=1,
                                             association=table)
    yield "association_heatmap", plots.association_heatmap(table, pain="back_pain")
    yield "comparison_chart", plots.comparison_chart(days, outcome="back_pain", lag=1)
    yield "adherence_calendar", plots.adherence_calendar(days)
    yield "week_overview", plots.week_overview(days)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="charts to render (default: all)")
    parser.add_argument("--log", type=Path, default=EXAMPLE, help="the log to draw from")
    parser.add_argument("--out", type=Path, default=OUT, help="the folder for the PNG files")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from psoas_track.daily import daily
    from psoas_track.plots import render_png
    from psoas_track.read.log import read_log

    days = daily(read_log(args.log))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, fig in charts(days):
        if args.names and name not in args.names:
            continue
        path = args.out / f"{name}.png"
        path.write_bytes(render_png(fig, dpi=DPI))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
