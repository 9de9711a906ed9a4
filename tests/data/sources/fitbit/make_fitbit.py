"""Write the small Fitbit exports in this folder, byte for byte.

Every value is made up; the layouts are Fitbit's:

- the account archive's per-metric JSON, pretty-printed the way Fitbit writes it
  (``[{\\n  "dateTime" : "03/20/17 23:54:00",\\n  "value" : "0"\\n},{...``, values as
  strings, MM/DD/YY HH:MM:SS; per-minute steps stamped in UTC, one sedentary record a day);
- the archive's .zip (``<Name>/Physical Activity/steps-2026-11-02.json`` beside heart
  rate, sleep, active minutes and a profile, which are not read);
- the legacy "Export a selection" CSV: section titles (``Body``, ``Activities``,
  ``Sleep``), an unquoted header, every value quoted, thousands commas.

Run from anywhere: ``python tests/data/sources/fitbit/make_fitbit.py``. The output is fully
deterministic (the zip's members carry a fixed date); tests/test_source_fitbit.py states
what the reader must make of each file.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZIP_DATE = (2026, 11, 30, 12, 0, 0)


def fitbit_json(records: list[dict]) -> str:
    """Records the way Fitbit's export writes them: '[{' ... '},{' ... '}]'."""
    blocks = []
    for record in records:
        lines = [f"  {json.dumps(key)} : {json.dumps(value)}" for key, value in record.items()]
        blocks.append("{\n" + ",\n".join(lines) + "\n}")
    return "[" + ",".join(blocks) + "]"


def minutes(*pairs: tuple[str, str]) -> list[dict]:
    return [{"dateTime": stamp, "value": value} for stamp, value in pairs]


# Per-minute steps in UTC. Days in UTC: 2 Nov 1850, 3 Nov 1050. In Los Angeles (UTC-8)
# the 03:00 UTC minute of 3 Nov is 19:00 on 2 Nov: 2 Nov 2000, 3 Nov 900.
STEPS_NOV_02 = minutes(
    ("11/02/26 16:00:00", "600"),
    ("11/02/26 16:01:00", "250"),
    ("11/02/26 20:30:00", "0"),
    ("11/02/26 23:45:00", "1000"),
    ("11/03/26 03:00:00", "150"),
    ("11/03/26 17:00:00", "400"),
    ("11/03/26 18:00:00", "500"),
) + [
    {"dateTime": "yesterday", "value": "5"},  # an unreadable date: counted
    {"dateTime": "11/03/26 19:00:00", "value": "lots"},  # an unreadable value: counted
]

# One record a day: 600 min = 10 h, 690 = 11.5 h, 1440 = not worn, 750 = 12.5 h.
SEDENTARY_NOV_02 = minutes(
    ("11/02/26 00:00:00", "600"),
    ("11/03/26 00:00:00", "690"),
    ("11/04/26 00:00:00", "1440"),
    ("11/05/26 00:00:00", "750"),
)

# The next chunk: 4 Nov not worn (only zeros), 5 Nov 3000 + 204 = 3204 steps.
STEPS_NOV_04 = minutes(
    ("11/04/26 12:00:00", "0"),
    ("11/04/26 12:01:00", "0"),
    ("11/05/26 09:15:00", "3000"),
    ("11/05/26 09:16:00", "204"),
)

# Steps as day totals (every record at midnight): the day each names, as written.
STEPS_DAY_TOTALS = minutes(
    ("12/01/26 00:00:00", "8000"),
    ("12/02/26 00:00:00", "11204"),
)

VERY_ACTIVE = minutes(("11/02/26 00:00:00", "25"), ("11/03/26 00:00:00", "40"))
HEART_RATE = [{"dateTime": "11/02/26 16:00:05", "value": {"bpm": 72, "confidence": 2}}]
SLEEP = [{"logId": 1, "dateOfSleep": "2026-11-02", "minutesAsleep": 410}]
PROFILE = "id,first_name\nX0,Test\n"

ACTIVITIES_HEADER = (
    "Date,Calories Burned,Steps,Distance,Floors,Minutes Sedentary,Minutes Lightly Active,"
    "Minutes Fairly Active,Minutes Very Active,Activity Calories"
)


def quoted(*cells: str) -> str:
    return ",".join(f'"{cell}"' for cell in cells)


def legacy_dayfirst_csv() -> str:
    """dd-mm-yyyy dates (13-11 proves the order), thousands commas, a not-worn day, an
    unreadable step count, an impossible date; Body before and Sleep after."""
    rows = [
        "Body",
        "Date,Weight,BMI,Fat",
        quoted("09-11-2026", "80.2", "24.8", "0"),
        "",
        "Activities",
        ACTIVITIES_HEADER,
        quoted("09-11-2026", "2,310", "11,204", "8.21", "10", "612", "190", "20", "25", "1,003"),
        quoted("10-11-2026", "1,987", "6,532", "4.79", "4", "735", "151", "8", "0", "611"),
        quoted("11-11-2026", "1,520", "0", "0", "0", "1,440", "0", "0", "0", "0"),
        quoted("13-11-2026", "2,102", "9,015", "6.61", "7", "690", "176", "15", "12", "802"),
        quoted("14-11-2026", "2,610", "lots", "11.23", "18", "558", "240", "25", "55", "1,398"),
        quoted("31-11-2026", "1,799", "3,250", "2.38", "1", "600", "102", "0", "0", "350"),
        "",
        "Sleep",
        "Start Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,Time in Bed,"
        "Minutes REM Sleep,Minutes Light Sleep,Minutes Deep Sleep",
        quoted(
            "09-11-2026 11:05PM", "10-11-2026 6:50AM", "410", "55", "18", "465", "95", "240", "75"
        ),
        "",
    ]
    return "\n".join(rows)


def legacy_iso_csv() -> str:
    """yyyy-mm-dd dates and CRLF line ends; Activities is the only section."""
    rows = [
        "Activities",
        ACTIVITIES_HEADER,
        quoted("2026-11-16", "2,455", "13,870", "10.16", "14", "1,011", "214", "31", "40", "1,209"),
        quoted("2026-11-17", "1,850", "4,102", "3.01", "2", "1,260", "130", "0", "0", "452"),
    ]
    return "\r\n".join(rows) + "\r\n"


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
    write("steps-2026-11-02.json", fitbit_json(STEPS_NOV_02))
    write("sedentary_minutes-2026-11-02.json", fitbit_json(SEDENTARY_NOV_02))
    write("steps-2026-12-01.json", fitbit_json(STEPS_DAY_TOTALS))
    # Fitbit's records under a name that says nothing about what they count.
    write("my_fitbit_records.json", fitbit_json(SEDENTARY_NOV_02))
    folder = "Test/Physical Activity/"
    write_zip(
        "MyFitbitData.zip",
        {
            folder + "steps-2026-11-02.json": fitbit_json(STEPS_NOV_02),
            folder + "steps-2026-11-04.json": fitbit_json(STEPS_NOV_04),
            folder + "sedentary_minutes-2026-11-02.json": fitbit_json(SEDENTARY_NOV_02),
            folder + "very_active_minutes-2026-11-02.json": fitbit_json(VERY_ACTIVE),
            folder + "heart_rate-2026-11-02.json": fitbit_json(HEART_RATE),
            "Test/Sleep/sleep-2026-11-02.json": json.dumps(SLEEP),
            "Test/Personal & Account/Profile.csv": PROFILE,
        },
    )
    write("fitbit_export_20261115.csv", legacy_dayfirst_csv())
    write("fitbit_export_20261117.csv", legacy_iso_csv())


if __name__ == "__main__":
    main()
