"""How long reading a log takes, against a plain pandas read of the same file.

    .venv/bin/python benchmarks/bench_read.py [--big]

read_log + daily parses and checks every cell (dates, decimal marks, units, ranges,
problems with row numbers); the baseline is `pd.read_csv` of the same bytes, which
checks nothing. Targets (issue 11): at most 5x the baseline, a 20,000-entry log in
under 0.5 s, a 2 MB .ods in under 10 s, and with --big a 1M-row CSV in under 20 s and
1 GB. Each figure is the best of several fresh processes (this machine's timings wander
by a third from run to run). Peak memory is the child's own high-water mark (VmHWM; the
ru_maxrss of a child started from a big parent reports the parent's).

A log of a million rows cannot be one entry a day (that is 2,700 years, most of them past
2100): the big file is a device-like log, 19 entries a day for 137 years up to today, the
daily sums spread over the day's entries. Every log here ends by today: a day after today
is a problem the reader reports row by row, which no real log has by the thousand.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from psoas_track.sample import generate_log, recent_log, write_log

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys, time
import pandas as pd
from psoas_track.daily import daily
from psoas_track.read.log import read_log
path, how = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if how == "plain":
    pd.read_csv(path)
else:
    daily(read_log(path))
took = time.perf_counter() - start
status = open("/proc/self/status").read()
peak_kb = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
print(took, peak_kb / 1024)
"""


def timed(path: Path, how: str, repeats: int = 3) -> tuple[float, float]:
    """(best seconds, peak MB) of `repeats` fresh processes."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), how],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    return min(r[0] for r in runs), max(r[1] for r in runs)


def csv_log(folder: Path, entries: int) -> Path:
    # sample.py writes about 1.09 entries a day (a second entry on some mornings)
    path = folder / f"log_{entries}.csv"
    # Ending today: days after today would each be a problem to report, as no real log has.
    write_log(recent_log(days=max(round(entries / 1.094), 1), seed=1), path)
    return path


def big_log(folder: Path, entries_a_day: int = 19) -> Path:
    """About a million rows: 19 entries a day for 137 years up to today, sums split."""
    import datetime

    import numpy as np
    import pandas as pd

    from psoas_track import schema

    start = datetime.date.today() - datetime.timedelta(days=50_000 - 1)
    base = generate_log(days=50_000, seed=1, start=start)
    log = pd.concat([base] * entries_a_day, ignore_index=True)
    log = log.sort_values("date", kind="stable").reset_index(drop=True)
    for measure in schema.MEASURES:
        if measure.daily == "sum" and measure.name in log:
            share = log[measure.name] / entries_a_day
            log[measure.name] = np.floor(share) if measure.kind == schema.COUNT else share.round(2)
    path = folder / "log_1m.csv"
    write_log(log, path)
    return path


def entries_in(path: Path) -> int:
    from psoas_track.read.log import read_log

    return read_log(path).n_entries


def ods_log(folder: Path, source: Path) -> Path:
    """The same log as LibreOffice writes it (soffice --convert-to ods)."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "ods", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / (source.stem + ".ods")


def report(
    name: str, path: Path, target_s: float | None, repeats: int = 3, target_mb: float | None = None
) -> None:
    ours, ours_mb = timed(path, "ours", repeats)
    name = f"{name} ({entries_in(path):,} entries)"
    line = f"{name:<34} {path.stat().st_size / 1e6:6.1f} MB  read_log+daily {ours:7.2f} s"
    line += f" ({ours_mb:5.0f} MB peak)"
    if path.suffix == ".csv":
        plain, plain_mb = timed(path, "plain", repeats)
        line += f"  pd.read_csv {plain:6.2f} s ({plain_mb:4.0f} MB)  ratio {ours / plain:5.1f}x"
        line += "  (target <= 5x)"
    if target_s is not None:
        line += f"  target < {target_s:g} s: {'met' if ours < target_s else 'NOT met'}"
    if target_mb is not None:
        line += f"  target < {target_mb:g} MB: {'met' if ours_mb < target_mb else 'NOT met'}"
    print(line, flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        report("~2,000", csv_log(folder, 2_000), None, repeats=7)
        twenty = csv_log(folder, 20_000)
        report("~20,000", twenty, 0.5, repeats=7)
        try:
            ods = ods_log(folder, csv_log(folder, 40_000))
            report(f"~40,000 as .ods ({ods.stat().st_size / 1e6:.1f} MB)", ods, 10, repeats=1)
        except (FileNotFoundError, subprocess.CalledProcessError) as error:
            print(f"ods: skipped, LibreOffice could not convert ({error})")
        if "--big" in sys.argv:
            report("~1,000,000", big_log(folder), 20, repeats=1, target_mb=1000)


if __name__ == "__main__":
    main()
