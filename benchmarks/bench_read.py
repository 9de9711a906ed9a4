"""How long reading a log takes, against a plain pandas read of the same file.

    .venv/bin/python benchmarks/bench_read.py [--big]

read_log + daily parses and checks every cell (dates, decimal marks, units, ranges,
problems with row numbers); the baseline is `pd.read_csv` of the same bytes, which
checks nothing. Targets (issue 11): at most 5x the baseline, a 20,000-entry log in
under 0.5 s, a 2 MB .ods in under 10 s, and with --big a 1M-row CSV in under 20 s and
1 GB. Peak memory is measured in a child process (ru_maxrss) so runs do not mix.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from psoas_track.sample import generate_log, write_log

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import resource, sys, time
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
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
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
    write_log(generate_log(days=max(round(entries / 1.094), 1), seed=1), path)
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


def report(name: str, path: Path, target_s: float | None, repeats: int = 3) -> None:
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
    print(line, flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        report("~2,000", csv_log(folder, 2_000), None)
        twenty = csv_log(folder, 20_000)
        report("~20,000", twenty, 0.5)
        try:
            report("~20,000 as .ods", ods_log(folder, twenty), 10, repeats=1)
        except (FileNotFoundError, subprocess.CalledProcessError) as error:
            print(f"ods: skipped, LibreOffice could not convert ({error})")
        if "--big" in sys.argv:
            report("~1,000,000", csv_log(folder, 1_000_000), 20, repeats=1)


if __name__ == "__main__":
    main()
