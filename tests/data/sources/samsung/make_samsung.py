"""Write the small Samsung Health step files in this folder, byte for byte.

The layout is that of Samsung Health's Download personal data, as public parsers and
fixtures show it (e.g. zpmexx/samsung-health-steps main.py, which skips the first line
and keeps source_type -2): a metadata first line (data type, version, count), then the
header, a comma at the end of every line after the first, day_time in epoch milliseconds
at UTC midnight, update_time as `YYYY-MM-DD HH:MM:SS.mmm`. The steps are made up. Run from
anywhere: `python tests/data/sources/samsung/make_samsung.py` (fully deterministic, the
zip too); tests/test_source_samsung.py states what the reader must make of each file.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOM_UTF8 = b"\xef\xbb\xbf"
TREND = "com.samsung.shealth.step_daily_trend.20201113093000.csv"
PREFIXED = "com.samsung.shealth.step_daily_trend.20210102080000.csv"
PEDOMETER = "com.samsung.shealth.tracker.pedometer_day_summary.20201113093000.csv"
EXPORT_ZIP = "samsunghealth_export.zip"
FOLDER = "samsunghealth_someone_20201113093000"

HEADER = [
    "binning_data", "update_time", "create_time", "source_pkg_name", "source_type", "count",
    "speed", "distance", "calorie", "deviceuuid", "pkg_name", "datauuid", "day_time",
]  # fmt: skip

# (day, source_type, count, update_time); day "" for a row with no day_time.
ROWS = [
    ("2020-11-10", "-2", "8123", "2020-11-11 06:00:00.000"),  # the day's total
    ("2020-11-10", "0", "5000", "2020-11-10 23:59:00.000"),  # the phone's own count
    ("2020-11-10", "4", "6000", "2020-11-11 05:00:00.000"),  # a watch's own count
    ("2020-11-11", "-2", "9100", "2020-11-11 20:00:00.000"),  # an older copy ...
    ("2020-11-11", "-2", "9500", "2020-11-12 00:05:00.000"),  # ... of this one: 9500
    ("2020-11-12", "-2", "7200", "2020-11-12 22:00:00.000"),  # updated earlier ...
    ("2020-11-12", "-2", "7000", "2020-11-13 08:00:00.000"),  # ... than this: 7000
    ("2020-11-09", "-2", "0", "2020-11-10 00:01:00.000"),  # 0 steps: not carried
    ("", "-2", "4000", "2020-11-10 00:01:00.000"),  # no day_time
    ("2020-11-08", "-2", "", "2020-11-09 00:01:00.000"),  # no count
    ("2020-11-13", "-2", "2345", "2020-11-13 09:29:00.000"),  # the export's own day
]


def epoch_ms(day: str, hours: int = 0) -> int:
    midnight = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    return int((midnight + dt.timedelta(hours=hours)).timestamp() * 1000)


def trend_row(number: int, day: str, source: str, count: str, updated: str) -> str:
    cells = {
        "binning_data": f"{number:04x}.binning_data.json" if count else "",
        "update_time": updated,
        "create_time": (day or "2020-11-10") + " 00:00:00.000",
        "source_pkg_name": "com.sec.android.app.shealth",
        "source_type": source,
        "count": count,
        "speed": "1.2",
        "distance": str(int(count or 0) * 3 // 4),
        "calorie": str(int(count or 0) // 25),
        "deviceuuid": "watch-uuid" if source == "4" else "phone-uuid",
        "pkg_name": "com.sec.android.app.shealth",
        "datauuid": f"uuid-{number}",
        "day_time": str(epoch_ms(day)) if day else "",
    }
    return ",".join(cells[name] for name in HEADER) + ","


def trend_csv() -> bytes:
    # BOM, metadata line, header and rows each ending with a comma.
    lines = ["com.samsung.shealth.step_daily_trend,6302001,3", ",".join(HEADER) + ","]
    lines += [trend_row(number, *row) for number, row in enumerate(ROWS, start=1)]
    return BOM_UTF8 + "".join(line + "\n" for line in lines).encode("utf-8")


def prefixed_csv() -> bytes:
    # Column names carrying the data type; one day_time at the local midnight of a phone
    # in UTC+1 (2020-12-31 23:00 UTC), which is 2021-01-01's total.
    prefix = "com.samsung.health.step."
    names = ["day_time", "count", "source_type", "update_time"]
    lines = ["com.samsung.shealth.step_daily_trend,6320001,6"]
    lines.append(",".join(prefix + name for name in names) + ",")
    lines.append(f"{epoch_ms('2020-12-31', hours=23)},6100,-2,2021-01-02 07:00:00.000,")
    lines.append(f"{epoch_ms('2021-01-02')},4300,-2,2021-01-02 07:59:00.000,")
    lines.append(f"{epoch_ms('2021-01-02')},4100,0,2021-01-02 07:59:00.000,")
    return "".join(line + "\n" for line in lines).encode("utf-8")


def pedometer_csv() -> bytes:
    # One row per device and no merged total: recognised, not read.
    lines = [
        "com.samsung.shealth.tracker.pedometer_day_summary,6302001,7",
        "create_sh_ver,step_count,run_step_count,walk_step_count,deviceuuid,day_time,",
        f",5000,100,4900,phone-uuid,{epoch_ms('2020-11-10')},",
        f",6000,0,6000,watch-uuid,{epoch_ms('2020-11-10')},",
    ]
    return BOM_UTF8 + "".join(line + "\n" for line in lines).encode("utf-8")


def export_zip(path: Path) -> None:
    # The export folder zipped: the step files beside a binning file of the trend type.
    members = {
        f"{FOLDER}/{TREND}": trend_csv(),
        f"{FOLDER}/{PEDOMETER}": pedometer_csv(),
        f"{FOLDER}/jsons/com.samsung.shealth.step_daily_trend/0/0001.binning_data.json": b"[]",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 11, 13, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def main() -> None:
    (HERE / TREND).write_bytes(trend_csv())
    (HERE / PREFIXED).write_bytes(prefixed_csv())
    (HERE / PEDOMETER).write_bytes(pedometer_csv())
    export_zip(HERE / EXPORT_ZIP)


if __name__ == "__main__":
    main()
