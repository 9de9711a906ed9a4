"""Google Fit Takeout -> entries: `Daily activity metrics.csv`, the per-day 15-minute files
beside it, and the Takeout .zip. The files are written by
tests/data/sources/googlefit/make_googlefit.py; every expected day value below follows
from the numbers there."""

import datetime as dt
import zipfile
from pathlib import Path

import pytest

import psoas_track as pt
from psoas_track.sources import SourceError, fitbit, googlefit, head_of, read_source

DATA = Path(__file__).resolve().parent / "data"
HERE = DATA / "sources" / "googlefit"
FITBIT = DATA / "sources" / "fitbit"
SUMMARY = HERE / "Daily activity metrics.csv"
DAY_FILE = HERE / "2026-11-02.csv"
TAKEOUT = HERE / "takeout-20261130T120000Z-001.zip"
DAYS_ONLY = HERE / "takeout-days-only.zip"
GOOGLE_FILES = sorted(p for p in HERE.iterdir() if p.suffix in (".zip", ".csv"))
FITBIT_FILES = sorted(p for p in FITBIT.iterdir() if p.suffix in (".json", ".zip", ".csv"))

# An older Takeout (Fit/Daily Aggregations/Daily Summaries.csv), header as of April 2019.
OLD_HEADER = (
    "Date,Calories (kcal),Distance (m),Average speed (m/s),Max speed (m/s),Min speed (m/s),"
    "Step count,Average weight (kg),Max weight (kg),Min weight (kg),Biking duration (ms),"
    "Walking duration (ms),Running duration (ms),Spinning duration (ms),"
    "Kickboxing duration (ms),Sleep duration (ms),Deep sleeping duration (ms)"
)


def nov(day):
    return dt.date(2026, 11, day)


def read(path):
    return read_source(path, source="googlefit")


def daily_values(log, column):
    """The day -> value pairs daily() makes of the log, days without a value left out."""
    days = pt.daily(log)[column].dropna()
    return {stamp.date(): value for stamp, value in days.items()}


def assert_summary_days(log):
    """What SUMMARY holds, exactly: ms / 60,000 gives 30.5 minutes for 1,830,000 ms."""
    assert daily_values(log, "steps") == {nov(2): 3952, nov(3): 11204}
    assert daily_values(log, "walking_minutes") == {nov(2): 30.5, nov(3): 45.0, nov(5): 10.0}
    assert daily_values(log, "running_minutes") == {nov(3): 20.5}  # 2 Nov blank: missing
    assert daily_values(log, "move_minutes") == {nov(2): 51, nov(3): 85, nov(5): 12}
    assert log.found.left_out == {
        googlefit.NOTHING_USED: 1,  # 4 Nov: calories only
        googlefit.BAD_NUMBER: 1,  # 5 Nov: '12x' steps (its walking is kept)
        googlefit.BAD_DATE: 1,  # '05/11/2026'
    }


# ---- the daily summary -----------------------------------------------------------------


def test_the_daily_summary_maps_steps_walking_running_and_move_minutes():
    log = read(SUMMARY)
    assert_summary_days(log)
    assert [stamp.date() for stamp in log.entries["date"]] == [nov(2), nov(3), nov(5)]
    assert "move_minutes" in log.custom_columns


def test_milliseconds_become_minutes_and_say_so():
    log = read(SUMMARY)
    assert log.entries.loc[0, "walking_minutes"] == 30.5  # 1,830,000 ms
    how = log.found.conversions
    assert how["walking_minutes"] == (
        "Walking duration (ms) -> walking_minutes: milliseconds / 60,000 = minutes"
    )
    assert "60,000" in how["running_minutes"]
    assert set(how) == {"steps", "walking_minutes", "running_minutes", "move_minutes"}


def test_blank_cells_are_missing_not_zero():
    log = read(SUMMARY)
    first = log.entries.iloc[0]
    assert first["running_minutes"] != first["running_minutes"]  # NaN, not 0


def test_the_2019_daily_summaries_layout(write):
    text = OLD_HEADER + "\n2019-04-01,2000.5,3500.2,1.2,2.0,0.5,4321,,,,,1830000,,,,,\n"
    log = read(write(text, "Daily Summaries.csv"))
    assert daily_values(log, "steps") == {dt.date(2019, 4, 1): 4321}
    assert daily_values(log, "walking_minutes") == {dt.date(2019, 4, 1): 30.5}


def test_a_summary_saved_again_by_excel_with_bom_and_crlf(write):
    text = SUMMARY.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = write(b"\xef\xbb\xbf" + text.encode("utf-8"), "metrics.csv")
    assert googlefit.looks_like(path, head_of(path))
    assert_summary_days(read(path))


def test_a_damaged_cell_is_counted_and_the_rest_read(write):
    text = (
        b"Date,Step count,Walking duration (ms)\n2026-11-02,3952,1830000\n2026-11-03,\xe9,60000\n"
    )
    log = read(write(text, "metrics.csv"))
    assert daily_values(log, "steps") == {nov(2): 3952}
    assert daily_values(log, "walking_minutes") == {nov(2): 30.5, nov(3): 1.0}
    assert log.found.left_out == {googlefit.BAD_NUMBER: 1}


# ---- the per-day 15-minute files -------------------------------------------------------


def test_a_per_day_file_is_summed_into_its_day():
    log = read(DAY_FILE)
    assert daily_values(log, "steps") == {nov(2): 3952}  # 1200 + 152 + 2600
    assert daily_values(log, "walking_minutes") == {nov(2): 30.5}  # 600,000 + 1,230,000 ms
    assert daily_values(log, "move_minutes") == {nov(2): 51}
    assert len(log.entries) == 1


def test_a_per_day_file_without_its_date_in_the_name_is_refused():
    path = HERE / "day_without_its_name.csv"
    assert googlefit.looks_like(path, head_of(path))
    with pytest.raises(SourceError, match="Daily activity metrics.csv"):
        read(path)


# ---- the Takeout .zip ------------------------------------------------------------------


def test_the_takeout_zip_reads_the_summary_once():
    log = read(TAKEOUT)
    assert_summary_days(log)  # 3952 steps on 2 Nov, not doubled by its per-day file
    assert any("per-day files" in note for note in log.found.notes)


def test_a_takeout_zip_with_only_per_day_files_sums_them():
    log = read(DAYS_ONLY)
    assert daily_values(log, "steps") == {nov(2): 3952}
    assert daily_values(log, "walking_minutes") == {nov(2): 30.5}


def test_the_older_takeout_folder_is_recognised(tmp_path):
    path = tmp_path / "takeout.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "Takeout/Fit/Daily Aggregations/Daily Summaries.csv",
            OLD_HEADER + "\n2019-04-01,,,,,,4321,,,,,,,,,,\n",
        )
    assert googlefit.looks_like(path, head_of(path))
    assert daily_values(read(path), "steps") == {dt.date(2019, 4, 1): 4321}


def test_a_takeout_zip_without_fit_is_refused(tmp_path):
    path = tmp_path / "takeout.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Takeout/Fit/All Sessions/walk.json", "{}")
    assert not googlefit.looks_like(path, head_of(path))
    with pytest.raises(SourceError, match="no Google Fit daily activity metrics"):
        read(path)


def test_a_file_without_google_fits_header_is_refused(write):
    path = write("Datum,Schrittzahl\n2026-11-02,3952\n", "Tägliche Aktivitätswerte.csv")
    assert not googlefit.looks_like(path, head_of(path))
    with pytest.raises(SourceError, match="Google Fit's header"):
        read(path)


# ---- detection by content --------------------------------------------------------------


@pytest.mark.parametrize("path", GOOGLE_FILES, ids=lambda p: p.name)
def test_google_fit_files_are_google_fits_and_not_fitbits(path):
    assert googlefit.looks_like(path, head_of(path))
    assert not fitbit.looks_like(path, head_of(path))


@pytest.mark.parametrize("path", FITBIT_FILES, ids=lambda p: p.name)
def test_fitbit_files_are_not_claimed(path):
    assert not googlefit.looks_like(path, head_of(path))


def test_detection_reads_the_content_not_the_name(write):
    renamed = write(SUMMARY.read_bytes(), "export.txt")
    assert googlefit.looks_like(renamed, head_of(renamed))
    impostor = write("Date,Steps\n2026-11-02,3952\n", "Daily activity metrics.csv")
    assert not googlefit.looks_like(impostor, head_of(impostor))


@pytest.mark.parametrize(
    "name", ["bom_semicolon_decimal_comma_dayfirst.csv", "multi_entry_times.csv", "empty.csv"]
)
def test_a_log_the_person_keeps_is_not_google_fit(name):
    path = DATA / name
    assert not googlefit.looks_like(path, head_of(path))
