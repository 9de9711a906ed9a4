"""Fitbit exports -> entries: the account archive's JSON (alone or zipped) and the legacy
'Export a selection' CSV. The files are written by tests/data/sources/fitbit/make_fitbit.py;
every expected day value below follows from the numbers there."""

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

import psoas_track as pt
from psoas_track.sources import SourceError, fitbit, googlefit, head_of, read_source

DATA = Path(__file__).resolve().parent / "data"
HERE = DATA / "sources" / "fitbit"
GOOGLE = DATA / "sources" / "googlefit"
FITBIT_FILES = sorted(p for p in HERE.iterdir() if p.suffix in (".json", ".zip", ".csv"))
GOOGLE_FILES = sorted(p for p in GOOGLE.iterdir() if p.suffix in (".zip", ".csv"))
LOS_ANGELES = dt.timezone(dt.timedelta(hours=-8))  # November: Pacific Standard Time


def nov(day):
    return dt.date(2026, 11, day)


@pytest.fixture(autouse=True)
def utc_days(monkeypatch):
    """Count per-minute records into UTC days, whatever this computer's zone is."""
    monkeypatch.setattr(fitbit, "local_zone", lambda: dt.UTC)


def read(path):
    return read_source(path, source="fitbit")


def daily_values(log, column):
    """The day -> value pairs daily() makes of the log, days without a value left out."""
    days = pt.daily(log)[column].dropna()
    return {stamp.date(): value for stamp, value in days.items()}


def entry_days(log):
    return [stamp.date() for stamp in log.entries["date"]]


# ---- the account archive's JSON --------------------------------------------------------


def test_per_minute_steps_are_summed_per_day():
    log = read(HERE / "steps-2026-11-02.json")
    assert daily_values(log, "steps") == {nov(2): 1850, nov(3): 1050}
    assert log.found.conversions["steps"] == fitbit.STEPS_MINUTES


def test_unreadable_records_are_counted_not_fatal():
    log = read(HERE / "steps-2026-11-02.json")
    assert log.found.left_out == {fitbit.BAD_RECORD: 2}  # 'yesterday' and 'lots'


def test_per_minute_steps_are_utc_and_counted_in_the_local_zone(monkeypatch):
    # 03:00 UTC on 3 November is 19:00 on 2 November in Los Angeles.
    monkeypatch.setattr(fitbit, "local_zone", lambda: LOS_ANGELES)
    log = read(HERE / "steps-2026-11-02.json")
    assert daily_values(log, "steps") == {nov(2): 2000, nov(3): 900}
    assert any("UTC-08:00" in note for note in log.found.notes)


def test_day_totals_keep_the_day_they_name(monkeypatch):
    monkeypatch.setattr(fitbit, "local_zone", lambda: LOS_ANGELES)
    log = read(HERE / "steps-2026-12-01.json")
    assert daily_values(log, "steps") == {dt.date(2026, 12, 1): 8000, dt.date(2026, 12, 2): 11204}
    assert log.found.conversions["steps"] == fitbit.STEPS_DAYS


def test_sedentary_minutes_are_hours_and_1440_is_not_worn():
    log = read(HERE / "sedentary_minutes-2026-11-02.json")
    assert daily_values(log, "sedentary_hours") == {nov(2): 10.0, nov(3): 11.5, nov(5): 12.5}
    assert nov(4) not in entry_days(log)  # missing, never 24 h
    assert log.found.left_out == {fitbit.NOT_WORN: 1}
    assert "minutes / 60" in log.found.conversions["sedentary_hours"]


def test_the_export_zip_reads_its_steps_and_sedentary_files():
    log = read(HERE / "MyFitbitData.zip")
    assert daily_values(log, "steps") == {nov(2): 1850, nov(3): 1050, nov(5): 3204}
    assert daily_values(log, "sedentary_hours") == {nov(2): 10.0, nov(3): 11.5, nov(5): 12.5}
    # 4 November: 1440 sedentary minutes and only zero steps, so nothing at all.
    assert entry_days(log) == [nov(2), nov(3), nov(5)]
    assert log.found.left_out == {fitbit.NOT_WORN: 1, fitbit.BAD_RECORD: 2}
    assert any(note.startswith("Read 3 of the 7 files") for note in log.found.notes)
    assert set(log.entries["source"]) == {"fitbit"}


def test_a_broken_member_or_a_repeated_day_is_counted(tmp_path):
    path = tmp_path / "export.zip"
    day = {"dateTime": "11/02/26 00:00:00", "value": "600"}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("A/sedentary_minutes-2026-11-02.json", json.dumps([day]))
        archive.writestr("A/sedentary_minutes-2026-11-03.json", json.dumps([day]))
        archive.writestr("A/steps-2026-11-02.json", '[{"dateTime" : "11/02/26 16:0')
    log = read(path)
    assert daily_values(log, "sedentary_hours") == {nov(2): 10.0}
    assert log.found.left_out == {fitbit.REPEATED_DAY: 1, fitbit.BAD_FILE: 1}


def test_a_json_file_whose_name_says_nothing_is_refused():
    path = HERE / "my_fitbit_records.json"
    assert fitbit.looks_like(path, head_of(path))  # detected by content ...
    with pytest.raises(SourceError, match="steps-2019-12-22.json or sedentary_minutes-"):
        read(path)  # ... but only the name says what the records count


def test_a_zip_without_steps_or_sedentary_files_is_refused(tmp_path):
    path = tmp_path / "MyFitbitData.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("A/Physical Activity/heart_rate-2026-11-02.json", "[]")
    assert not fitbit.looks_like(path, head_of(path))
    with pytest.raises(SourceError, match="no steps-\\*.json or sedentary_minutes-\\*.json"):
        read(path)


# ---- the legacy CSV ----------------------------------------------------------------------


def test_legacy_csv_quoted_thousands_and_day_first_dates():
    log = read(HERE / "fitbit_export_20261115.csv")
    assert daily_values(log, "steps") == {nov(9): 11204, nov(10): 6532, nov(13): 9015}
    assert daily_values(log, "sedentary_hours") == pytest.approx(
        {nov(9): 10.2, nov(10): 12.25, nov(13): 11.5, nov(14): 9.3}
    )
    assert nov(11) not in entry_days(log)  # 1440 sedentary minutes: not worn
    assert log.found.left_out == {fitbit.NOT_WORN: 1, fitbit.BAD_NUMBER: 1, fitbit.BAD_DATE: 1}
    assert any("read day first" in note for note in log.found.notes)


def test_legacy_csv_iso_dates_and_crlf():
    log = read(HERE / "fitbit_export_20261117.csv")
    assert daily_values(log, "steps") == {nov(16): 13870, nov(17): 4102}
    assert daily_values(log, "sedentary_hours") == pytest.approx({nov(16): 16.85, nov(17): 21.0})


def test_legacy_csv_month_first_dates(write):
    text = (
        "Activities\n" + fitbit_header() + '"11/09/2026","2,310","11,204","8.21","10","612"\n'
        '"11/13/2026","2,102","9,015","6.61","7","690"\n'
    )
    log = read(write(text, "fitbit_export.csv"))
    assert daily_values(log, "steps") == {nov(9): 11204, nov(13): 9015}
    assert any("read month first" in note for note in log.found.notes)


def test_legacy_csv_saved_again_by_a_spreadsheet(write):
    # Every line padded with commas to the widest section; the title lines too.
    text = (HERE / "fitbit_export_20261115.csv").read_text(encoding="utf-8")
    padded = "\n".join(line + ",,,," if line.count(",") < 4 else line for line in text.split("\n"))
    path = write(padded.replace("\n", "\r\n"), "fitbit_export.csv")
    assert fitbit.looks_like(path, head_of(path))
    assert daily_values(read(path), "steps") == {nov(9): 11204, nov(10): 6532, nov(13): 9015}


def test_legacy_csv_section_ends_at_the_next_title_even_without_a_blank_line(write):
    text = (
        "Activities\n" + fitbit_header() + '"2026-11-09","2,310","11,204","8.21","10","612"\n'
        "Food Log 20261109\n"
        "Daily Totals,,\n"
        '"","Calories","1,950"\n'
    )
    log = read(write(text, "fitbit_export.csv"))
    assert daily_values(log, "steps") == {nov(9): 11204}
    assert log.found.left_out == {}


@pytest.mark.parametrize("written", ["11,204", "11.204", "11 204", "11\u00a0204", "11204"])
def test_legacy_csv_thousands_separators(write, written):
    text = "Activities\n" + fitbit_header() + f'"2026-11-09","2,310","{written}"\n'
    assert daily_values(read(write(text, "fitbit_export.csv")), "steps") == {nov(9): 11204}


def test_legacy_csv_without_activities_is_refused(write):
    path = write('Body\nDate,Weight,BMI,Fat\n"2026-11-09","80.2","24.8","0"\n', "fitbit.csv")
    assert not fitbit.looks_like(path, head_of(path))
    with pytest.raises(SourceError, match="no Activities section"):
        read(path)


def test_the_people_files_fitbit_export_reads_too():
    log = read(DATA / "people" / "fitbit_activities.csv")
    assert daily_values(log, "steps")[nov(9)] == 11204
    assert daily_values(log, "sedentary_hours")[nov(9)] == pytest.approx(1102 / 60)


def fitbit_header():
    return "Date,Calories Burned,Steps,Distance,Floors,Minutes Sedentary\n"


# ---- detection by content --------------------------------------------------------------


@pytest.mark.parametrize("path", FITBIT_FILES, ids=lambda p: p.name)
def test_fitbit_files_are_fitbits_and_not_google_fits(path):
    assert fitbit.looks_like(path, head_of(path))
    assert not googlefit.looks_like(path, head_of(path))


@pytest.mark.parametrize("path", GOOGLE_FILES, ids=lambda p: p.name)
def test_google_fit_files_are_not_claimed(path):
    assert not fitbit.looks_like(path, head_of(path))


def test_detection_reads_the_content_not_the_name(write):
    records = (HERE / "steps-2026-11-02.json").read_bytes()
    renamed = write(records, "download.txt")
    assert fitbit.looks_like(renamed, head_of(renamed))
    impostor = write('{"steps": 5}', "steps-2026-11-02.json")
    assert not fitbit.looks_like(impostor, head_of(impostor))


@pytest.mark.parametrize(
    "name", ["bom_semicolon_decimal_comma_dayfirst.csv", "multi_entry_times.csv", "empty.csv"]
)
def test_a_log_the_person_keeps_is_not_a_fitbit_export(name):
    path = DATA / name
    assert not fitbit.looks_like(path, head_of(path))
