"""How long importing a big Apple Health export takes, and how much memory, against a bare
iterparse of the same file.

    .venv/bin/python benchmarks/bench_import.py [--mb 200] [--keep export.xml]

The export is made up, in the real layout: the DOCTYPE with its internal DTD, ExportDate,
Me, then the records grouped by type as the Health app writes them (step counts from an
iPhone and an Apple Watch, often in the same hours; heart rate with a MetadataEntry; stand
hours), workouts (some with WorkoutStatistics inside) and activity summaries, over as many
days as the size asks for (about ten years for 200 MB).

Each figure is measured in a fresh process (python -c ...): the time of the call alone and
the process's peak memory (VmHWM in /proc/self/status; the ru_maxrss of a child started from
a big parent reports the parent's). The baseline is a bare `iterparse` loop that counts the
elements and clears each one, and nothing else (it keeps the emptied elements in the root,
as such loops do). The goal: read_source's peak under 400 MB, and under 60 s for 200 MB.
The import's step total is checked against the one the generator worked out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "data" / "sources" / "apple"))

from make_apple import DTD, HEAD, PHONE, PHONE_DEVICE, WATCH, WATCH_DEVICE  # noqa: E402

PEAK_GOAL_MB = 400
BYTES_PER_DAY = 53_000  # what one made-up day writes (a little over), to size the file

CHILD = """
import sys, time
path, how = sys.argv[1], sys.argv[2]

def peak_mb():
    status = open("/proc/self/status").read()
    line = next(l for l in status.splitlines() if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

if how == "baseline":
    from xml.etree.ElementTree import iterparse
    start = time.perf_counter()
    count = 0
    for _, element in iterparse(path, events=("end",)):
        count += 1
        element.clear()
    took = time.perf_counter() - start
    print(took, peak_mb(), count, "-")
else:
    from psoas_track import sources
    source = None
    try:
        sources.sources()
    except ModuleNotFoundError:  # the other readers are still being written: ask apple
        source = "apple"
    start = time.perf_counter()
    log = sources.read_source(path, source=source)
    took = time.perf_counter() - start
    print(took, peak_mb(), len(log.entries), int(log.entries["steps"].sum()))
"""


def stamp(day: dt.date, hour: int, minute: int, second: int = 0) -> str:
    return f"{day.isoformat()} {hour:02d}:{minute:02d}:{second:02d} {offset(day)}"


def offset(day: dt.date) -> str:
    """Pacific time, summer from mid March to early November (near enough)."""
    summer = (3, 10) <= (day.month, day.day) < (11, 3)
    return "-0700" if summer else "-0800"


def step_records(day: dt.date, rng: random.Random) -> tuple[list[str], int]:
    """A day's step counts: the phone in every waking hour, the Watch in most of them
    (then it is the Watch's count that counts). Returns the records and that day's steps."""
    records, total = [], 0
    for hour in range(7, 23):
        phone = [rng.randrange(20, 600) for _ in range(2)]
        records += [
            _steps(day, hour, 5 + 25 * i, n, PHONE, PHONE_DEVICE) for i, n in enumerate(phone)
        ]
        if rng.random() < 0.7:
            watch = [rng.randrange(20, 600) for _ in range(3)]
            records += [
                _steps(day, hour, 2 + 18 * i, n, WATCH, WATCH_DEVICE) for i, n in enumerate(watch)
            ]
            total += sum(watch)
        else:
            total += sum(phone)
    return records, total


def _steps(day, hour, minute, value, source, device) -> str:
    start, end = stamp(day, hour, minute), stamp(day, hour, minute + 9, 30)
    return (
        f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="{source}" '
        f'sourceVersion="17.4" device="{device}" unit="count" creationDate="{end}" '
        f'startDate="{start}" endDate="{end}" value="{value}"/>\n'
    )


def heart_records(day: dt.date, rng: random.Random) -> list[str]:
    records = []
    for hour in range(24):
        for minute in range(0, 60, 30):
            at = stamp(day, hour, minute, rng.randrange(60))
            records.append(
                f' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="{WATCH}" '
                f'sourceVersion="10.4" device="{WATCH_DEVICE}" unit="count/min" '
                f'creationDate="{at}" startDate="{at}" endDate="{at}" '
                f'value="{rng.randrange(52, 150)}">\n'
                '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
                " </Record>\n"
            )
    return records


def stand_records(day: dt.date, rng: random.Random) -> list[str]:
    records = []
    for hour in range(7, 23):
        value = "Idle" if rng.random() < 0.4 else "Stood"
        start, end = stamp(day, hour, 0), stamp(day, hour + 1, 0)
        records.append(
            f' <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="{WATCH}" '
            f'sourceVersion="10.4" device="{WATCH_DEVICE}" creationDate="{end}" '
            f'startDate="{start}" endDate="{end}" value="HKCategoryValueAppleStandHour{value}"/>\n'
        )
    return records


def workout_record(day: dt.date, rng: random.Random) -> str:
    kind = rng.choice(["Walking", "Walking", "Running", "Hiking", "Cycling"])
    minutes = rng.randrange(15, 80)
    start, end = stamp(day, 17, 0), stamp(day, 17 + minutes // 60, minutes % 60)
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes}" '
        f'durationUnit="min" sourceName="{WATCH}" sourceVersion="10.4" device="{WATCH_DEVICE}" '
        f'creationDate="{end}" startDate="{start}" endDate="{end}">\n'
        '  <MetadataEntry key="HKTimeZone" value="America/Los_Angeles"/>\n'
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" '
        f'startDate="{start}" endDate="{end}" sum="{minutes * 6.5:.1f}" unit="kcal"/>\n'
        " </Workout>\n"
    )


def write_export(path: Path, megabytes: float, seed: int = 1) -> tuple[int, int]:
    """A made-up export of about `megabytes`; returns (days, total steps) as the reader
    should count them."""
    days_count = max(1, math.ceil(megabytes * 1e6 / BYTES_PER_DAY))
    first = dt.date(2016, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range(days_count)]
    rng = random.Random(seed)
    total = 0
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        out.write(HEAD.format(dtd=DTD))
        for day in days:
            records, steps = step_records(day, rng)
            out.write("".join(records))
            total += steps
        for day in days:
            out.write("".join(heart_records(day, rng)))
        for day in days:
            out.write("".join(stand_records(day, rng)))
        for day in days:
            if rng.random() < 0.4:
                out.write(workout_record(day, rng))
        out.write("</HealthData>\n")
    return days_count, total


def measured(path: Path, how: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), how],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="size of the export (MB)")
    parser.add_argument("--keep", type=Path, help="write the export here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "export.xml"
        days, steps = write_export(path, args.mb)
        size = path.stat().st_size / 1e6
        base_s, base_peak, elements, _ = measured(path, "baseline")
        took, peak, entries, imported = measured(path, "read_source")
    print(f"Apple Health export.xml: {size:,.0f} MB, {days:,} days, {elements} elements\n")
    print(f"{'':<24}{'size MB':>9}{'seconds':>9}{'peak MB':>9}")
    print(f"{'baseline (iterparse)':<24}{size:>9.0f}{float(base_s):>9.1f}{float(base_peak):>9.0f}")
    print(f"{'read_source':<24}{size:>9.0f}{float(took):>9.1f}{float(peak):>9.0f}")
    print(f"\ngoal: peak < {PEAK_GOAL_MB} MB: {'met' if float(peak) < PEAK_GOAL_MB else 'MISSED'}")
    same = int(entries) == days and int(imported) == steps
    print(f"check: {entries} days, {int(imported):,} steps ({'as made' if same else 'WRONG'})")


if __name__ == "__main__":
    main()
