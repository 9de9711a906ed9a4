"""Write the small Garmin Connect activity lists in this folder, byte for byte.

The layout is that of Garmin Connect's Activities > All Activities > Export CSV, as
public exports show it (e.g. tbidne/pacer, examples/Activities.csv): the English header
below, newest activity first, every value after the first three quoted, `--` for not
recorded, thousands commas, durations as HH:MM:SS (MM:SS and fractions too). The
activities are made up. Run from anywhere: `python tests/data/sources/garmin/make_garmin.py`;
tests/test_source_garmin.py states what the reader must make of each file.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER = [
    "Activity Type", "Date", "Favorite", "Title", "Distance", "Calories", "Time", "Avg HR",
    "Max HR", "Aerobic TE", "Avg Run Cadence", "Max Run Cadence", "Avg Pace", "Best Pace",
    "Total Ascent", "Total Descent", "Avg Stride Length", "Avg Vertical Ratio",
    "Avg Vertical Oscillation", "Avg Ground Contact Time", "Avg GAP",
    "Normalized Power® (NP®)", "Training Stress Score®", "Avg Power", "Max Power", "Steps",
    "Total Reps", "Total Sets", "Decompression", "Best Lap Time", "Number of Laps",
    "Moving Time", "Elapsed Time", "Min Elevation", "Max Elevation",
]  # fmt: skip

# (type, start, title, Time, Steps, Moving Time, Elapsed Time); every other cell is --.
ACTIVITIES = [
    # 2025-03-04: Time is a duration: 01:05:30 is 65.5 minutes of running, not 18:10.
    ("Running", "2025-03-04 18:10:00", "Evening Run", "01:05:30", "11,204", "01:04:10", "01:08:00"),
    # 2025-03-03: two walks, 30 + 12.5 = 42.5 minutes, 3,100 + 1,450 = 4,550 steps.
    ("Walking", "2025-03-03 19:05:00", "Evening Walk", "00:12:30", "1,450", "00:12:00", "00:13:10"),
    ("Walking", "2025-03-03 12:30:00", "Lunch Walk", "00:30:00", "3,100", "00:29:40", "00:31:00"),
    # Left out: a ride and a strength session (counted by type).
    ("Cycling", "2025-03-02 08:00:00", "Commute", "00:40:00", "--", "00:38:00", "00:45:00"),
    # 2025-03-01: Time is --, so Moving Time (2:10) counts; no steps recorded.
    ("Hiking", "2025-03-01 09:00:00", "Hill Hike", "--", "--", "02:10:00", "02:40:00"),
    # 2025-02-28: a run written MM:SS (25 minutes) and a walk on the same day.
    ("Strength Training", "2025-02-28 18:00:00", "Gym", "00:50:00", "--", "00:20:00", "00:50:00"),
    ("Treadmill Running", "2025-02-28 07:00:00", "Treadmill", "25:00", "3,900", "25:00", "25:30"),
    ("Casual Walking", "2025-02-28 12:00:00", "Shop", "00:10:15", "1,020", "00:10:00", "00:11:00"),
    # Left out, counted: a start that is not a date, a duration that is not one, and a
    # walk with no duration at all.
    ("Running", "yesterday", "Bad Date", "00:20:00", "2,000", "00:20:00", "00:20:00"),
    ("Walking", "2025-02-27 10:00:00", "Bad Time", "ten minutes", "900", "--", "--"),
    ("Walking", "2025-02-27 11:00:00", "No Time", "--", "800", "--", "--"),
    # 2025-02-27: a walk started before midnight counts on its start day; fractions.
    ("Walking", "2025-02-27 23:50:00", "Late Walk", "00:20:00", "2,100", "00:19:48.5", "00:20:00"),
    # Left out: a wheelchair push is not walking.
    ("Wheelchair Push Walk", "2025-02-26 10:00:00", "Push", "00:30:00", "--", "--", "--"),
]  # fmt: skip


def quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def activity_row(kind: str, start: str, title: str, time: str, steps: str,
                 moving: str, elapsed: str) -> str:  # fmt: skip
    cells = dict.fromkeys(HEADER, "--")
    cells.update({"Activity Type": kind, "Date": start, "Favorite": "false", "Title": title})
    cells.update({"Time": time, "Steps": steps, "Moving Time": moving, "Elapsed Time": elapsed})
    first = [cells[name] for name in HEADER[:3]]  # Garmin leaves these three unquoted
    return ",".join(first + [quoted(cells[name]) for name in HEADER[3:]])


def activities_csv() -> bytes:
    rows = [",".join(HEADER)] + [activity_row(*activity) for activity in ACTIVITIES]
    return "".join(row + "\n" for row in rows).encode("utf-8")


def total_time_csv() -> bytes:
    # Newer exports call the timer's total "Total Time"; a short header like many have.
    rows = [
        "Activity Type,Date,Favorite,Title,Distance,Calories,Total Time,Avg HR,Steps",
        'Trail Running,2026-01-11 09:08:41,false,"Trail","16.01","1,110","01:42:01","129","16,120"',
        'Hiking,2026-01-10 10:00:00,false,"Hike","5.00","400","01:30:00","100","9,000"',
    ]
    return "".join(row + "\n" for row in rows).encode("utf-8")


def main() -> None:
    (HERE / "Activities.csv").write_bytes(activities_csv())
    (HERE / "Activities_total_time.csv").write_bytes(total_time_csv())


if __name__ == "__main__":
    main()
