"""How long reports take, against plain papermill baselines measured in the same run.

(a) a bare papermill run of a notebook that imports pandas and pyplot and draws one figure
(b) one weekly report with psoas_track.report.render.render_week (notebook + offline HTML)
(a'), (b') the same, each in a fresh process (`psoas-track report LOG` for b'), imports in
(c) 26 weekly reports, one after another, with plain papermill calls (notebook only)
(d) the same 26 with `render_weeks` (what `psoas-track report --all` runs), on a copy of
    the log without its last day
(e) (d) again on the unchanged log: every week up to date
(f) (d) again after the last day is appended: only its week is made

Targets: b/a <= 1.3, d/c <= 0.6 on 2 cores, e/d <= 0.1, (f) renders 1 week.
Run: .venv/bin/python benchmarks/bench_reports.py [--weeks 26] [--jobs N] [--single]
     [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psoas_track import report  # noqa: E402

QUIET = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
BARE = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\n%matplotlib inline",
    "frame = pd.DataFrame({'x': range(100), 'y': range(100)})\n"
    "fig, ax = plt.subplots()\nax.plot(frame['x'], frame['y'])\nplt.show()",
]


def timed(label: str, action) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label:<62} {seconds:7.2f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--single", action="store_true", help="only (a) and (b)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of (a) and (b) each")
    args = parser.parse_args()
    log = report.EXAMPLE_LOG
    weeks = report.weeks_in_log(log)[-args.weeks :]
    print(f"{len(weeks)} weeks of {log.name}, {os.cpu_count()} cores, jobs={args.jobs}")

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        bare = work / "bare.ipynb"
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(s) for s in BARE]
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, bare)
        # Warm the disk cache and imports once, so neither side pays for a cold start.
        papermill.execute_notebook(str(bare), str(work / "warm.ipynb"), progress_bar=False)

        # This machine's timings wander by a third between runs: (a) and (b) take turns,
        # --repeat times each, and the medians are compared.
        runs_a, runs_b = [], []
        for i in range(args.repeat):
            runs_a.append(
                timed(
                    f"(a) bare papermill: pandas + pyplot + one figure [{i + 1}]",
                    lambda: papermill.execute_notebook(
                        str(bare), str(work / "a.ipynb"), progress_bar=False
                    ),
                )
            )
            runs_b.append(
                timed(
                    f"(b) one weekly report (render_week: notebook + HTML) [{i + 1}]",
                    lambda: report.render_week(log, weeks[-1], work / "b"),
                )
            )
        a, b = statistics.median(runs_a), statistics.median(runs_b)
        print(f"medians: (a) {a:.2f} s, (b) {b:.2f} s")
        # What a person waits for: each in a fresh process, its own imports included.
        fresh_a, fresh_b = [], []
        bare_run = (
            "import papermill; papermill.execute_notebook("
            f"{str(bare)!r}, {str(work / 'fa.ipynb')!r}, progress_bar=False)"
        )
        cli = [str(Path(sys.executable).parent / "psoas-track"), "report", str(log)]
        for i in range(args.repeat):
            fresh_a.append(
                timed(
                    f"(a') (a) in a fresh python process [{i + 1}]",
                    lambda: subprocess.run([sys.executable, "-c", bare_run], **QUIET),
                )
            )
            fresh_b.append(
                timed(
                    f"(b') psoas-track report LOG, a fresh process [{i + 1}]",
                    lambda: subprocess.run([*cli, "--out", str(work / "fb")], **QUIET),
                )
            )
        fa, fb = statistics.median(fresh_a), statistics.median(fresh_b)
        print(f"medians: (a') {fa:.2f} s, (b') {fb:.2f} s; b'/a' = {fb / fa:.2f}")

        if args.single:
            print(f"b/a = {b / a:.2f}  (target <= 1.3)")
            return

        def plain_papermill() -> None:
            for week in weeks:
                papermill.execute_notebook(
                    str(report.TEMPLATE),
                    str(work / "c" / f"{week}.ipynb"),
                    parameters={"log_path": str(log), "week": week},
                    progress_bar=False,
                    cwd=str(report.TEMPLATE.parent),
                )

        (work / "c").mkdir()
        c = timed(f"(c) {len(weeks)} reports, plain papermill one after another", plain_papermill)
        lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
        last_day = max(line[:10] for line in lines[1:])
        copy = work / "log.csv"
        copy.write_text("".join(x for x in lines if not x.startswith(last_day)), "utf-8")
        runs = {}

        def render_all(label: str) -> None:
            runs[label] = report.render_weeks(
                copy, weeks, work / "d", jobs=args.jobs, progress=False
            )

        d = timed(
            f"(d) {len(weeks)} reports, render_weeks (--all), {args.jobs} workers",
            lambda: render_all("d"),
        )
        e = timed("(e) the same again, the log unchanged", lambda: render_all("e"))
        copy.write_text("".join(lines), "utf-8")
        f = timed(f"(f) the same again after {last_day} is appended", lambda: render_all("f"))
    print(f"b/a = {b / a:.2f}  (target <= 1.3)")
    print(f"d/c = {d / c:.2f}  (target <= 0.6)")
    print(f"e/d = {e / d:.3f}  (target <= 0.1); (e): {runs['e'].summary(len(weeks))}")
    print(f"f/d = {f / d:.3f}; (f): {runs['f'].summary(len(weeks))}")


if __name__ == "__main__":
    main()
