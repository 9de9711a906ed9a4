"""Garmin Connect's activities list: durations, `--`, thousands commas, types, days.

The files are written by tests/data/sources/garmin/make_garmin.py in the layout of the
real export (every value quoted, `--` for not recorded); its comments say what each
activity is there for.
"""

import datetime as dt
import math
from pathlib import Path

import pytest

import psoas_track as pt
from psoas_track.sources import SourceError, garmin, head_of, read_source

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
HERE = DATA / "sources" / "garmin"
ACTIVITIES = HERE / "Activities.csv"
SAMSUNG = DATA / "sources" / "samsung"

# What the reader must make of Activities.csv, day by day.
EXPECTED = {
    dt.date(2025, 2, 27): {"walking_minutes": 20.0, "activity_steps": 2100},
    dt.date(2025, 2, 28): {
        "walking_minutes": 10.25,  # the casual walk, 00:10:15
        "running_minutes": 25.0,  # the treadmill run, 25:00
        "activity_steps": 4920,  # "3,900" + "1,020"
    },
    dt.date(2025, 3, 1): {"walking_minutes": 130.0},
    dt.date(2025, 3, 3): {"walking_minutes": 42.5, "activity_steps": 4550},
    dt.date(2025, 3, 4): {"running_minutes": 65.5, "activity_steps": 11204},
}


@pytest.fixture(scope="module")
def log():
    return read_source(ACTIVITIES, source="garmin")


@pytest.fixture(scope="module")
def days(log):
    return pt.daily(log, today=dt.date(2025, 12, 31))


def by_day(log) -> dict:
    """The log's entries as {day: {measure: value}}, blanks dropped."""
    table = {}
    for record in log.entries.drop(columns=["row", "source"]).to_dict("records"):
        day = record.pop("date").date()
        table[day] = {name: value for name, value in record.items() if not math.isnan(value)}
    return table


def test_every_day_holds_exactly_the_expected_values(log):
    assert by_day(log) == EXPECTED
    assert set(log.entries["source"]) == {"garmin"}


def test_time_is_a_duration_not_a_time_of_day(days):
    # The run started at 18:10 and its Time is 01:05:30: 65.5 minutes of running, not
    # 18:10 read as 1090 minutes, nor 01:05 read as a time.
    assert days.loc["2025-03-04", "running_minutes"] == 65.5
    assert math.isnan(days.loc["2025-03-04", "walking_minutes"])


def test_two_walks_on_one_day_add_up(days):
    assert days.loc["2025-03-03", "walking_minutes"] == 42.5  # 00:30:00 + 00:12:30
    assert days.loc["2025-03-03", "activity_steps"] == 4550  # "3,100" + "1,450"


def test_steps_with_thousands_commas_are_numbers(days):
    assert days.loc["2025-03-04", "activity_steps"] == 11204  # "11,204"


def test_dashes_are_missing_and_moving_time_stands_in(log, days):
    # The hike's Time is --: its Moving Time (02:10:00) counts, not its Elapsed Time.
    assert days.loc["2025-03-01", "walking_minutes"] == 130.0
    # Its Steps is --: no activity steps that day, rather than 0.
    assert math.isnan(days.loc["2025-03-01", "activity_steps"])
    assert log.found.left_out["walking or running activities with no duration (all '--')"] == 1


def test_other_activity_types_are_left_out_and_counted(log, days):
    assert log.found.left_out["Cycling activities (not walking or running)"] == 1
    assert log.found.left_out["Strength Training activities (not walking or running)"] == 1
    assert log.found.left_out["Wheelchair Push Walk activities (not walking or running)"] == 1
    # The ride's day has no entry at all: a blank day, not 0 minutes.
    assert days.loc["2025-03-02", "entries"] == 0
    assert math.isnan(days.loc["2025-03-02", "walking_minutes"])


def test_unreadable_rows_are_counted_with_their_reason(log):
    left_out = log.found.left_out
    assert left_out["activities whose start (Date) is not a date like 2025-02-06 17:06:03"] == 1
    assert left_out["activities whose Time is not a duration like 01:05:30"] == 1
    assert sum(left_out.values()) == 6


def test_an_activity_counts_on_the_day_it_started(days):
    # The 23:50 walk of 2025-02-27 counts on the 27th, the day's only walk left.
    assert days.loc["2025-02-27", "walking_minutes"] == 20.0
    assert days.loc["2025-02-28", "walking_minutes"] == 10.25


def test_activity_steps_are_kept_apart_from_the_days_steps(log):
    assert "steps" not in log.entries.columns
    assert "activity_steps" in log.custom_columns
    assert "not the day's total steps" in " ".join(log.found.notes)


def test_the_conversions_are_stated_in_words(log):
    conversions = log.found.conversions
    assert set(conversions) == {"walking_minutes", "running_minutes", "activity_steps"}
    assert "hours x 60 + minutes + seconds / 60" in conversions["running_minutes"]
    assert "Moving Time" in conversions["walking_minutes"]


def test_newer_exports_call_the_time_total_time():
    log = read_source(HERE / "Activities_total_time.csv", source="garmin")
    assert by_day(log) == {
        dt.date(2026, 1, 10): {"walking_minutes": 90.0, "activity_steps": 9000},
        dt.date(2026, 1, 11): {"running_minutes": 102.02, "activity_steps": 16120},
    }


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("01:05:30", 65.5),
        ("00:30:00", 30.0),
        ("25:00", 25.0),  # MM:SS
        ("45:12", 45.2),
        ("00:45:12.3", 45.205),
        ("00:00:02.9", 2.9 / 60),
        ("26:10:00", 1570.0),  # an ultra: hours past 24 are still a duration
    ],
)
def test_durations_are_read_as_minutes(text, minutes):
    assert garmin.duration_minutes(text) == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["ten minutes", "01:65:00", "00:10:75", "6:30 PM", "1:2:3:4", ""])
def test_what_is_not_a_duration_is_refused(text):
    with pytest.raises(ValueError):
        garmin.duration_minutes(text)


@pytest.mark.parametrize(
    ("kind", "measure"),
    [
        ("Running", "running_minutes"),
        ("Treadmill Running", "running_minutes"),
        ("Trail Running", "running_minutes"),
        ("Track Running", "running_minutes"),
        ("Virtual Run", "running_minutes"),
        ("Walking", "walking_minutes"),
        ("Casual Walking", "walking_minutes"),
        ("Speed Walking", "walking_minutes"),
        ("Hiking", "walking_minutes"),
        ("Rucking", "walking_minutes"),
        ("Cycling", None),
        ("Indoor Cycling", None),
        ("Strength Training", None),
        ("Lap Swimming", None),
        ("Yoga", None),
        ("Wheelchair Push Run", None),
        ("", None),
    ],
)
def test_activity_types_tell_running_from_walking(kind, measure):
    assert garmin.activity_measure(kind) == measure


def test_detection_by_content():
    assert garmin.looks_like(ACTIVITIES, head_of(ACTIVITIES))
    total_time = HERE / "Activities_total_time.csv"
    assert garmin.looks_like(total_time, head_of(total_time))
    # Not Samsung's files, not a log the person keeps, not the Samsung export zip.
    for other in [
        SAMSUNG / "com.samsung.shealth.step_daily_trend.20201113093000.csv",
        SAMSUNG / "samsunghealth_export.zip",
        ROOT / "data" / "example_log.csv",
    ]:
        assert not garmin.looks_like(other, head_of(other)), other


def test_strava_and_renamed_files_are_not_taken_for_garmin(write):
    strava = write(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Mar 4, 2025, 6:10:00 PM",Run,Run,3930,10.2\n',
        name="activities.csv",
    )
    assert not garmin.looks_like(strava, head_of(strava))
    # The file's name says nothing: a log called Activities.csv is still a log.
    renamed = write("date,walking_minutes\n2025-03-04,30\n", name="Activities.csv")
    assert not garmin.looks_like(renamed, head_of(renamed))


def test_a_file_that_is_not_the_list_gets_a_sentence_saying_what_to_do():
    other = SAMSUNG / "com.samsung.shealth.step_daily_trend.20201113093000.csv"
    with pytest.raises(SourceError, match="Export the list again from Garmin Connect"):
        read_source(other, source="garmin")


def test_broken_rows_never_crash_the_import(write):
    path = write(
        "Activity Type,Date,Favorite,Title,Time,Steps\n"
        "Running\n"  # a row cut short
        '"Walking","2025-03-04 08:00:00",false,"Walk","00:20:00","1,000","extra","cells"\n'
        'Walking,2025-03-05 08:00:00,false,"Walk","00:10:00","lots"\n'
        "\n"
        'Walking,2025-03-06 08:00:00,false,"Walk","00:10:00","-5"\n'
        'Walking,2025-02-30 08:00:00,false,"Walk","00:10:00","10"\n'
        "\x00\x01garbage,\xff\n",
        name="Activities.csv",
    )
    log = read_source(path, source="garmin")
    assert by_day(log) == {
        dt.date(2025, 3, 4): {"walking_minutes": 20.0, "activity_steps": 1000},
        dt.date(2025, 3, 5): {"walking_minutes": 10.0},
        dt.date(2025, 3, 6): {"walking_minutes": 10.0},
    }
    left_out = log.found.left_out
    assert left_out["activities whose start (Date) is not a date like 2025-02-06 17:06:03"] == 2
    assert left_out["activity step counts that are not numbers"] == 1
    assert left_out["activity step counts that are not whole numbers"] == 1
    assert sum(left_out.values()) == 5  # and the garbage row, an unnamed type


def test_the_reader_streams():
    from psoas_track.sources.base import Found

    entries = garmin.read(ACTIVITIES, Found(garmin.TITLE))
    assert iter(entries) is entries  # a generator, not a list built up front
    assert next(entries).day == dt.date(2025, 2, 27)


def test_a_stray_quote_mark_loses_only_the_lines_it_swallows(write):
    # An unclosed quote makes the csv module read on past the line, until its field limit.
    path = write(
        "Activity Type,Date,Favorite,Title,Time,Steps\n"
        'Walking,2025-03-04 08:00:00,false,"Walk,00:20:00,100\n'
        + "x" * 200_000
        + "\nWalking,2025-03-05 08:00:00,false,Walk,00:20:00,100\n",
        name="Activities.csv",
    )
    log = read_source(path, source="garmin")
    assert by_day(log) == {dt.date(2025, 3, 5): {"walking_minutes": 20.0, "activity_steps": 100}}
    assert log.found.left_out == {"lines that could not be read (a stray quote mark)": 1}


def test_detection_among_all_the_sources_picks_garmin():
    from psoas_track.sources import detect

    for path in (ACTIVITIES, HERE / "Activities_total_time.csv"):
        assert detect(path) is garmin
    assert by_day(read_source(ACTIVITIES)) == EXPECTED
