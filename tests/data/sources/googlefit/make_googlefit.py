"""Write the small Google Fit Takeout files in this folder, byte for byte.

Every value is made up; the layouts are Takeout's (``Takeout/Fit/Daily activity
metrics/``): ``Daily activity metrics.csv`` with one row per day and an unquoted header of
unit-suffixed columns, blank cells where nothing was measured, durations in
milliseconds; per-day files ``2026-11-02.csv`` with ``Start time,End time`` and 96
15-minute rows whose times carry the offset but no date; the Takeout .zip.

Run from anywhere: ``python tests/data/sources/googlefit/make_googlefit.py``. The output
is fully deterministic (the zips' members carry a fixed date);
tests/test_source_googlefit.py states what the reader must make of each file.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZIP_DATE = (2026, 11, 30, 12, 0, 0)
FOLDER = "Takeout/Fit/Daily activity metrics/"

# Takeout's columns, in its order (those the account has data for, as in a real export).
COLUMNS = [
    "Move Minutes count",
    "Calories (kcal)",
    "Distance (m)",
    "Heart Points",
    "Heart Minutes",
    "Average heart rate (bpm)",
    "Max heart rate (bpm)",
    "Min heart rate (bpm)",
    "Low latitude (deg)",
    "Low longitude (deg)",
    "High latitude (deg)",
    "High longitude (deg)",
    "Average speed (m/s)",
    "Max speed (m/s)",
    "Min speed (m/s)",
    "Step count",
    "Average weight (kg)",
    "Max weight (kg)",
    "Min weight (kg)",
    "Inactive duration (ms)",
    "Walking duration (ms)",
    "Running duration (ms)",
    "Cycling duration (ms)",
]

# Date -> the cells that are not blank. 2 Nov: 1,830,000 ms walking = 30.5 min, running
# blank (missing); 3 Nov: 45 min walking, 20.5 min running; 4 Nov: only calories (nothing
# read); 5 Nov: an unreadable step count (counted), walking kept; then a row whose date
# cannot be read.
DAYS = {
    "2026-11-02": {
        "Move Minutes count": "51",
        "Calories (kcal)": "1409.2915413703448",
        "Distance (m)": "2652.313128742789",
        "Heart Points": "9.0",
        "Heart Minutes": "9",
        "Average speed (m/s)": "0.4983414144270849",
        "Step count": "3952",
        "Inactive duration (ms)": "52140000",
        "Walking duration (ms)": "1830000",
    },
    "2026-11-03": {
        "Move Minutes count": "85",
        "Calories (kcal)": "1490.4467705814",
        "Distance (m)": "7880.105413330973",
        "Heart Points": "31.0",
        "Heart Minutes": "24",
        "Step count": "11204",
        "Walking duration (ms)": "2700000",
        "Running duration (ms)": "1230000",
        "Cycling duration (ms)": "600000",
    },
    "2026-11-04": {"Calories (kcal)": "1380.0"},
    "2026-11-05": {
        "Move Minutes count": "12",
        "Calories (kcal)": "1436.49678632155",
        "Step count": "12x",
        "Walking duration (ms)": "600000",
    },
    "05/11/2026": {"Step count": "100"},
}


def summary_csv(days: dict[str, dict[str, str]]) -> str:
    lines = [",".join(["Date", *COLUMNS])]
    for day, cells in days.items():
        lines.append(",".join([day, *(cells.get(c, "") for c in COLUMNS)]))
    return "\n".join(lines) + "\n"


# 2 Nov in 15-minute rows: 3952 steps and 1,830,000 ms walking, summed.
INTERVALS = {
    "07:30": {"Move Minutes count": "9", "Step count": "1200", "Walking duration (ms)": "600000"},
    "12:15": {"Move Minutes count": "2", "Step count": "152"},
    "18:00": {
        "Move Minutes count": "40",
        "Step count": "2600",
        "Walking duration (ms)": "1230000",
    },
}


def day_csv(intervals: dict[str, dict[str, str]], offset: str = "+01:00") -> str:
    lines = [",".join(["Start time", "End time", *COLUMNS])]
    start = dt.datetime(2026, 11, 2)
    for quarter in range(96):
        begin = start + dt.timedelta(minutes=15 * quarter)
        end = begin + dt.timedelta(minutes=15)
        cells = {"Calories (kcal)": "14.16169065485398", **intervals.get(f"{begin:%H:%M}", {})}
        stamps = [f"{begin:%H:%M:%S}.000{offset}", f"{end:%H:%M:%S}.000{offset}"]
        lines.append(",".join([*stamps, *(cells.get(c, "") for c in COLUMNS)]))
    return "\n".join(lines) + "\n"


def write(name: str, text: str) -> None:
    (HERE / name).write_bytes(text.encode("utf-8"))


def write_zip(name: str, members: dict[str, str]) -> None:
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in members.items():
            info = zipfile.ZipInfo(member, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


def main() -> None:
    write("Daily activity metrics.csv", summary_csv(DAYS))
    write("2026-11-02.csv", day_csv(INTERVALS))
    write("day_without_its_name.csv", day_csv(INTERVALS))
    others = {
        "Takeout/archive_browser.html": "<html></html>\n",
        "Takeout/Fit/All Sessions/2026-11-02T18_00_00.000+01_00_WALKING.json": "{}\n",
    }
    write_zip(
        "takeout-20261130T120000Z-001.zip",
        {
            FOLDER + "2026-11-02.csv": day_csv(INTERVALS),
            FOLDER + "Daily activity metrics.csv": summary_csv(DAYS),
            **others,
        },
    )
    write_zip("takeout-days-only.zip", {FOLDER + "2026-11-02.csv": day_csv(INTERVALS), **others})


if __name__ == "__main__":
    main()
