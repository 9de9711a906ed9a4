"""Daylio's CSV export: full_date, mood words onto 1-5, activities, 12-hour times, notes.

The files are written by tests/data/sources/daylio/make_daylio.py in the layout of the
real export; its comments say what each row is there for. The layout was checked against
public parsers and their samples:

- MichaelCurrin/daylio-csv-parser, dayliopy/sample.csv and docs/csv-format.md: the header
  `full_date,date,weekday,time,mood,activities,note_title,note`, `date` with no year
  ("28 September"), times "10:00 pm", activities "clean | music | movies / tv", the text
  cells quoted, moods the person renamed ("average", "sad ").
- DeutscheGabanna/Obsidian-Daylio-Parser, README.md: "10:00 PM", the five default mood
  groups (rad, good, meh/neutral, bad, awful) and custom mood names ("captivated"), and a
  `scales` column in newer exports.
- spech66/hugo_lspd, collector/daylio.go: the older seven columns with no note_title
  (`full_date,date,weekday,time,mood,activities,note`), "19:05".
"""

import datetime as dt
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import psoas_track as pt
from psoas_track import sources
from psoas_track.sources import SourceError, bearable, daylio, head_of, read_source

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "data" / "sources" / "daylio"
EXPORT = HERE / "daylio_export_2026_03_15.csv"
OLD = HERE / "daylio_export_2026_02_02_old_layout.csv"
BEARABLE = (
    ROOT / "tests" / "data" / "sources" / "bearable"
    / "Bearable App - Data Export. Generated 06-03-2026.csv"
)  # fmt: skip
HAND_LOG = ROOT / "data" / "example_log.csv"


@pytest.fixture(scope="module")
def log():
    return read_source(EXPORT, source="daylio")


@pytest.fixture(scope="module")
def days(log):
    return pt.daily(log)


def day(days, when: str) -> pd.Series:
    return days.loc[pd.Timestamp(when)]


# -- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXPORT, OLD])
def test_a_daylio_export_is_told_by_its_columns(path):
    assert daylio.looks_like(path, head_of(path))


@pytest.mark.parametrize("path", [BEARABLE, HAND_LOG])
def test_neither_a_bearable_export_nor_a_hand_kept_log_is_daylio(path):
    assert not daylio.looks_like(path, head_of(path))


def test_bearable_does_not_claim_a_daylio_export():
    assert not bearable.looks_like(EXPORT, head_of(EXPORT))


def test_the_file_name_alone_does_not_make_a_daylio_export(write):
    path = write(HAND_LOG.read_text(), name="daylio_export_2026_01_01.csv")
    assert not daylio.looks_like(path, head_of(path))


def test_a_tab_separated_export_is_told_too(write):
    path = write("full_date\tdate\tweekday\ttime\tmood\tactivities\tnote_title\tnote\n")
    assert daylio.looks_like(path, head_of(path))


def test_detection_finds_daylio_among_all_sources():
    missing = [
        m for m in sources.MODULES if not importlib.util.find_spec(f"{sources.__name__}.{m}")
    ]
    if missing:
        pytest.skip(f"source modules not written yet: {missing}")
    assert sources.detect(EXPORT) is daylio
    assert sources.detect(OLD) is daylio


def test_another_file_given_as_daylio_is_refused_in_words():
    with pytest.raises(SourceError, match="is not a Daylio export.*full_date, mood"):
        read_source(BEARABLE, source="daylio")


# -- days, moods and times ----------------------------------------------------------------


def test_the_day_is_full_date_not_the_yearless_date(days):
    assert days.index.tolist() == list(pd.date_range("2026-03-11", "2026-03-14"))
    assert days["entries"].tolist() == [2, 1, 2, 2]


def test_mood_words_are_1_to_5_and_a_day_is_their_mean(log, days):
    moods = log.entries.dropna(subset=["mood"])
    timed = list(zip(moods["time"].fillna("untimed"), moods["mood"], strict=True))
    assert timed == [
        ("untimed", 4.0),  # "Good" at "quarter past"
        ("22:00", 2.0),  # bad
        ("00:30", 4.0),  # good
        ("12:05", 3.0),  # meh
        ("07:30", 1.0),  # awful
        ("20:15", 5.0),  # rad
    ]
    assert day(days, "2026-03-14")["mood"] == 3.0  # rad 5 and awful 1
    assert day(days, "2026-03-13")["mood"] == 3.5  # meh 3 and good 4
    assert day(days, "2026-03-11")["mood"] == 3.0  # bad 2 and "Good" 4 (any case)
    assert log.found.conversions["mood"] == (
        "Daylio mood words -> mood on 1-5: awful 1, bad 2, meh 3, good 4, rad 5"
    )


def test_a_mood_the_person_named_has_no_number_but_is_kept_as_a_note(days, log):
    assert pd.isna(day(days, "2026-03-12")["mood"])
    assert "Daylio mood: captivated" in day(days, "2026-03-12")["notes"]
    assert (
        log.found.left_out[
            "Daylio mood 'captivated' has no known place on 1-5 (it is kept in the notes)"
        ]
        == 1
    )


def test_12_hour_times_are_clock_times(log):
    times = log.entries["time"].tolist()
    # 12:30 am is half past midnight, 12:05 pm five past noon; "quarter past" is no time.
    assert times[1:] == ["22:00", "21:00", "00:30", "12:05", "07:30", "20:15"]
    assert pd.isna(times[0])


def test_mood_and_a_pain_activity_never_become_pain(log, days):
    for site in ("back_pain", "hip_pain", "knee_pain", "pain"):
        assert days[site].isna().all()
    assert "back_pain" not in log.entries.columns
    assert day(days, "2026-03-14")["notes"].startswith(
        "Stiff getting up; Daylio activity: back pain"
    )


# -- activities and notes -----------------------------------------------------------------


def test_activities_are_split_and_loads_become_notes_never_minutes(log, days):
    assert day(days, "2026-03-14")["notes"] == (
        "Stiff getting up; Daylio activity: back pain"
        " | Evening: Hips felt loose; Daylio activities: walk, stretching"
    )
    for minutes in ("walking_minutes", "stretch_minutes", "sitting_hours", "sedentary_hours"):
        assert minutes not in log.entries.columns


def test_physio_is_therapy_and_towel_is_the_towel(days):
    assert days["therapy"].tolist() == [False, False, True, False]
    assert days["towel"].tolist() == [False, True, False, False]
    assert day(days, "2026-03-13")["notes"] == "Daylio activities: physio, sedentary"


def test_note_title_and_note_are_joined(days):
    assert day(days, "2026-03-11")["notes"] == (
        "Note, with a comma | Title only; Daylio activity: yoga"
    )


def test_what_is_left_out_is_counted_with_its_reason(log):
    assert dict(log.found.left_out) == {
        "Daylio activities that are none of the kit's loads (walking, stretching, sitting, "
        "rest, therapy ...)": 3,  # friends, work, music
        "Daylio activities that name pain: kept as a note, not a rating (an activity has no "
        "0-10 value)": 1,
        "Daylio mood 'captivated' has no known place on 1-5 (it is kept in the notes)": 1,
        "Daylio times that could not be read (the entries are kept, untimed)": 1,
        "Daylio rows whose full_date could not be read": 2,
        "Daylio rows with missing or extra cells (a line of the file is cut short or has a "
        "comma outside quotes)": 1,
    }


# -- the older layout and other shapes ----------------------------------------------------


def test_the_old_layout_without_note_title(write):
    log = read_source(OLD, source="daylio")
    days = pt.daily(log)
    assert days.loc["2026-02-01", "mood"] == 3.5
    assert days.loc["2026-02-01", "notes"] == "Short walk; Daylio activity: walking"
    assert log.entries["time"].tolist() == ["07:05", "20:15"]


def test_a_tab_separated_export_with_scales_reads(write):
    path = write(
        "full_date\tdate\tweekday\ttime\tmood\tactivities\tscales\tnote_title\tnote\n"
        "2026-01-15\tJanuary 15\tThursday\t07:15\tRad\tstretching\tsleep 3\t\tfrom Daylio\n"
    )
    log = read_source(path, source="daylio")
    assert log.entries["mood"].tolist() == [5.0]
    assert log.entries["notes"].tolist() == ["from Daylio; Daylio activity: stretching"]
    assert log.found.left_out["Daylio scales (not read by this import)"] == 1


def test_an_empty_file_is_refused_in_words(write):
    with pytest.raises(SourceError, match="Export your entries from Daylio again"):
        read_source(write(""), source="daylio")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8:15 pm", dt.time(20, 15)),
        ("10:00 PM", dt.time(22, 0)),
        ("12:30 am", dt.time(0, 30)),
        ("12:05 pm", dt.time(12, 5)),
        ("20:15", dt.time(20, 15)),
        ("7:05:00", dt.time(7, 5)),
        ("13:00 pm", None),
        ("25:00", None),
        ("evening", None),
    ],
)
def test_the_time_forms(text, expected):
    assert bearable.clock_time(text) == expected


def test_the_files_are_what_the_script_writes():
    spec = importlib.util.spec_from_file_location("make_daylio", HERE / "make_daylio.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    for name, data in make.files().items():
        assert (HERE / name).read_bytes() == data, name
