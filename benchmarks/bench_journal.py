"""How long one safe append takes, against a plain append of the same line.

    .venv/bin/python benchmarks/bench_journal.py

append_entry reads and checks the whole log (read_log), writes a new file, fsyncs it,
keeps a backup and swaps the file in; the baseline opens the file in append mode,
writes the line and fsyncs. The difference is the price of never damaging the log.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from psoas_track.write import append_entry, init_log

REPEATS = 15


def make_log(folder: Path, rows: int, xlsx: bool = False) -> Path:
    path = init_log(folder / f"log{rows}{'.xlsx' if xlsx else '.csv'}")
    if xlsx:
        import openpyxl

        book = openpyxl.load_workbook(path)
        sheet = book.active
        for i in range(rows):
            sheet.cell(i + 2, 1, dt.date(2020, 1, 1) + dt.timedelta(days=i))
            sheet.cell(i + 2, 3, 7.5)
            sheet.cell(i + 2, 14, i % 11)
        book.save(path)
        return path
    with path.open("a", encoding="utf-8", newline="") as handle:
        for i in range(rows):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
            handle.write(f"{day},08:00,7.5,,,,,,10,,,yes,,{i % 11},,,note {i}\n")
    return path


def timed(action) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def plain_append(path: Path) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write("2026-11-24,21:30,7.5,,,,,,10,,,yes,,4,,,plain\n")
        handle.flush()
        os.fsync(handle.fileno())


def main() -> None:
    print(f"median of {REPEATS} appends, milliseconds")
    print(f"{'log':>18} {'append_entry':>13} {'plain append':>13}")
    with tempfile.TemporaryDirectory() as folder:
        for rows in (100, 1000, 5000):
            path = make_log(Path(folder), rows)
            safe = timed(lambda p=path: append_entry(p, date="2026-11-24", back_pain=4))
            plain = timed(lambda p=path: plain_append(p))
            print(f"{f'csv, {rows} rows':>18} {safe:13.1f} {plain:13.1f}")
        for rows in (100, 1000):
            path = make_log(Path(folder), rows, xlsx=True)
            safe = timed(lambda p=path: append_entry(p, date="2026-11-24", back_pain=4))
            print(f"{f'xlsx, {rows} rows':>18} {safe:13.1f} {'-':>13}")


if __name__ == "__main__":
    main()
