"""Bearable's data export: symptom severities onto 0-10, mood kept apart, factors as notes.

The files are written by tests/data/sources/bearable/make_bearable.py in the layout of
the real export; its comments say what each row is there for. The layout was checked
against public code and a published export:

- andrewmiller0728/BearableDataProcessing, src/main/resources/Bearable_Export_20210728.csv:
  the seven-column layout, every value quoted, `date` "22nd Sep 2020", `time of day`
  "pre"/"am"/"mid"/"pm"/"all day" or a clock ("03:00", "3:04"), categories Symptom
  ("Back (lower) pain (Mild)", rating 1), Mood (1-10, detail "Meh | Anxious"), Factors
  ("Sedentary | With family | Walk"), Meds/Supplements ("Ibuprofen (mg)", 600), Gratitudes.
- bcwilsondotcom/obsidian-bearable-import-plugin, main.ts and src/utils.ts: the newer
  eight columns, `date formatted` compared with a YYYY-MM-DD day; src/dataTypes/: Sleep
  ("7:30" with "Asleep ... In bed ..."), Sleep quality, Energy, Health measurements.
- OmegaJak/bearable-csv-analyzer, src/model/time_of_day.rs: the parts of the day (pre,
  am, mid, pm); abocha/streamlit_bearable_dashboard, streamlit_app.py: the file name
  "Bearable App - Data Export. Generated DD-MM-YYYY.csv", `date formatted` as the day,
  Sleep "7:30", Energy and Sleep quality words, severities up to Unbearable, items
  written "Name - Level" ("Amount eaten - Moderate").
"""

import datetime as dt
import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest

import psoas_track as pt
from psoas_track import sources
from psoas_track.sources import SourceError, bearable, daylio, head_of, read_source

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "data" / "sources" / "bearable"
EXPORT = HERE / "Bearable App - Data Export. Generated 06-03-2026.csv"
OLD = HERE / "bearable_old_layout.csv"
DAYLIO = ROOT / "tests" / "data" / "sources" / "daylio" / "daylio_export_2026_03_15.csv"
HAND_LOG = ROOT / "data" / "example_log.csv"
SEVERITY = (
    "Bearable symptom severity 0-4 (None, Mild, Moderate, Severe, Unbearable) -> "
    "0, 2.5, 5, 7.5, 10 on the 0-10 scale"
)


@pytest.fixture(scope="module")
def log():
    return read_source(EXPORT, source="bearable")


@pytest.fixture(scope="module")
def days(log):
    return pt.daily(log)


def day(days, when: str) -> pd.Series:
    return days.loc[pd.Timestamp(when)]


def entries_on(log, when: str) -> pd.DataFrame:
    return log.entries[log.entries["date"] == pd.Timestamp(when)]


# -- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXPORT, OLD])
def test_a_bearable_export_is_told_by_its_columns(path):
    assert bearable.looks_like(path, head_of(path))


@pytest.mark.parametrize("path", [DAYLIO, HAND_LOG])
def test_neither_a_daylio_export_nor_a_hand_kept_log_is_bearable(path):
    assert not bearable.looks_like(path, head_of(path))


def test_daylio_does_not_claim_a_bearable_export():
    assert not daylio.looks_like(EXPORT, head_of(EXPORT))


def test_the_file_name_alone_does_not_make_a_bearable_export(write):
    path = write(HAND_LOG.read_text(), name="Bearable App - Data Export. Generated 01-01-2026.csv")
    assert not bearable.looks_like(path, head_of(path))


def test_detection_finds_bearable_among_all_sources():
    missing = [
        m for m in sources.MODULES if not importlib.util.find_spec(f"{sources.__name__}.{m}")
    ]
    if missing:
        pytest.skip(f"source modules not written yet: {missing}")
    assert sources.detect(EXPORT) is bearable
    assert sources.detect(OLD) is bearable


def test_another_file_given_as_bearable_is_refused_in_words():
    with pytest.raises(SourceError, match="is not a Bearable export.*date, category"):
        read_source(DAYLIO, source="bearable")


# -- symptoms onto 0-10, day by day -------------------------------------------------------


def test_moderate_lower_back_pain_rated_2_is_back_pain_5(log):
    first = entries_on(log, "2026-03-02")["back_pain"].dropna().tolist()
    assert first == [5.0, 2.5]  # Moderate (2), then Mild (1)


def test_two_back_ratings_on_a_day_are_their_mean(days):
    assert day(days, "2026-03-02")["back_pain"] == 3.75
    assert day(days, "2026-03-02")["back_pain_max"] == 5.0


def test_every_severity_step_is_2_5_on_the_0_10_scale(days):
    march_3 = day(days, "2026-03-03")
    assert (march_3["back_pain"], march_3["hip_pain"], march_3["knee_pain"]) == (10.0, 7.5, 0.0)


def test_a_severity_with_no_rating_is_read_from_its_word(days):
    assert day(days, "2026-03-04")["back_pain"] == 7.5  # "Lower back pain (Severe)", no rating


def test_the_conversion_is_stated_for_each_site(log):
    for site in ("back_pain", "hip_pain", "knee_pain"):
        assert log.found.conversions[site] == SEVERITY
    assert "Bearable symptoms read as back pain: Back (lower) pain, Lower back pain." in (
        log.found.notes
    )


# -- mood apart from pain -----------------------------------------------------------------


def test_mood_is_its_own_measure_and_never_in_pain(log, days):
    moods = log.entries.dropna(subset=["mood"])
    assert moods["mood"].tolist() == [8.0, 4.0, 1.0, 9.0]
    assert moods[["back_pain", "hip_pain", "knee_pain"]].isna().all().all()
    assert day(days, "2026-03-02")["mood"] == 6.0
    # Pain is the mean of the three symptom ratings alone; that day's mood of 1 is not in it.
    assert math.isclose(day(days, "2026-03-03")["pain"], 17.5 / 3)
    assert day(days, "2026-03-04")["mood"] == 9.0
    assert pd.isna(day(days, "2026-03-04")["pain"])  # only the back rated that day


def test_mood_energy_and_sleep_are_kept_as_bearable_wrote_them(log, days):
    march_3 = day(days, "2026-03-03")
    assert (march_3["energy"], march_3["sleep_hours"], march_3["sleep_quality"]) == (3.0, 7.5, 4.0)
    assert {"mood", "energy", "sleep_hours", "sleep_quality", "medication"} <= set(
        log.custom_columns
    )


# -- factors, medication, notes -----------------------------------------------------------


def test_factors_about_loads_are_notes_and_never_minutes(log, days):
    assert day(days, "2026-03-02")["notes"] == "Bearable factors: Walk (Moderate), Stretching"
    assert "Bearable factor: Sedentary" in day(days, "2026-03-03")["notes"]
    for minutes in ("walking_minutes", "stretch_minutes", "sitting_hours", "sedentary_hours"):
        assert minutes not in log.entries.columns or log.entries[minutes].isna().all()


def test_physio_is_a_therapy_day(days):
    assert day(days, "2026-03-03")["therapy"]
    assert not day(days, "2026-03-02")["therapy"]


def test_medication_is_text_and_steps_are_steps(days):
    assert day(days, "2026-03-02")["medication"] == "Ibuprofen 400 mg"
    assert day(days, "2026-03-03")["steps"] == 6543


def test_notes_of_the_day_are_joined(days):
    assert day(days, "2026-03-03")["notes"] == (
        "Bearable factor: Sedentary | Bearable factor: Physio | Long drive, sat 3 h"
    )
    assert day(days, "2026-03-04")["notes"] == "A good day"


def test_clock_times_are_kept_and_parts_of_the_day_have_none(log):
    timed = log.entries.dropna(subset=["mood"])["time"].tolist()
    assert timed == ["09:30", "21:15", "07:45", "22:15"]  # 10:15 PM is 22:15
    assert entries_on(log, "2026-03-02")["time"].isna().sum() == 3  # am, pm, all day


# -- what is left out ---------------------------------------------------------------------


def test_what_is_left_out_is_counted_with_its_reason(log):
    assert dict(log.found.left_out) == {
        "Bearable mood words such as 'Meh | Anxious' (the number is kept)": 2,
        "Bearable symptom 'Headache': not back, hip or knee pain": 1,
        "Bearable factors that are none of the kit's loads (walking, stretching, sitting, "
        "rest, therapy ...)": 1,
        "Bearable health measurement 'Weight' (not read by this import)": 1,
        "Bearable symptom 'Hip stiffness': names a site but is not a pain rating": 1,
        "Bearable gratitudes (not read by this import)": 1,
        "Bearable rows whose date could not be read": 2,
        "Bearable back, hip or knee symptoms with no severity from 0 to 4": 1,
        "Bearable rows with missing or extra cells (a line of the file is cut short or has a "
        "comma outside quotes)": 1,
        "Bearable 'Productivity' ratings (not read by this import)": 1,
    }
    assert log.entries["date"].max() == pd.Timestamp("2026-03-04")  # 5 March: nothing kept


def test_every_day_in_the_file_is_a_logged_day(days):
    assert days.index.tolist() == list(pd.date_range("2026-03-02", "2026-03-04"))
    assert days["entries"].tolist() == [6, 11, 2]


# -- the older seven-column layout --------------------------------------------------------


@pytest.fixture(scope="module")
def old_days():
    return pt.daily(read_source(OLD, source="bearable"))


def test_the_old_layout_reads_ordinal_dates(old_days):
    logged = old_days[old_days["logged"]].index
    assert logged.tolist() == [pd.Timestamp(d) for d in ("2025-03-01", "2025-03-02", "2025-03-23")]
    assert old_days.loc["2025-03-01", "back_pain"] == 3.75
    assert old_days.loc["2025-03-02", "knee_pain"] == 7.5
    assert old_days.loc["2025-03-23", "hip_pain"] == 2.5


def test_a_note_repeated_on_every_row_of_a_day_is_one_note(old_days):
    assert old_days.loc["2025-03-01", "notes"] == "Bearable factors: Sedentary, Walk | Slept badly"
    assert old_days.loc["2025-03-02", "medication"] == "Ibuprofen 600 mg"


# -- bad files and the pieces -------------------------------------------------------------


def test_a_broken_file_is_counted_not_crashed(write):
    path = write(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        '"1st Mar 2025","Saturday","am","Symptom","two","Hip pain (Sort of)",""\n'
        '"1st Mar 2025","Saturday","am","Symptom","nan","Knee pain",""\n'
        '"1st Mar 2025","Saturday","am","Symptom","1","Hip and knee pain (Mild)",""\n'
        '"1st Mar 2025","Saturday","am","Mood","","",""\n'
        '"1st Mar 2025","Saturday","am","Sleep","long","",""\n'
        '"1st Mar 2025","Saturday","am","Period","Luteal","","",""\n'
        "\n"
        '"1st Mar 2025","Saturday","25:99","Symptom","1","Back pain (Mild)",""\n'
    )
    log = read_source(path, source="bearable")
    assert log.entries["back_pain"].tolist() == [2.5]
    assert "time" not in log.entries.columns  # 25:99 is no time: the rating is kept untimed
    assert sum(log.found.left_out.values()) == 6


def test_an_empty_file_is_refused_in_words(write):
    with pytest.raises(SourceError, match="Export your data again"):
        read_source(write(""), source="bearable")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22nd Sep 2020", dt.date(2020, 9, 22)),
        ("1st March 2024", dt.date(2024, 3, 1)),
        ("3 Sept 2023", dt.date(2023, 9, 3)),
        ("2024-03-14", dt.date(2024, 3, 14)),
        ("2021-03-14T21:00:00.000Z", dt.date(2021, 3, 14)),
        ("31st Feb 2022", None),
        ("yesterday", None),
    ],
)
def test_the_date_forms_bearable_writes(text, expected):
    assert bearable.day_of({"date": text}) == expected


def test_a_timestamp_day_is_said_to_be_perhaps_a_day_off(write):
    path = write(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        '"2021-03-14T21:00:00.000Z","Sunday","am","Symptom","2","Hip pain (Moderate)",""\n'
    )
    log = read_source(path, source="bearable")
    assert log.entries["hip_pain"].tolist() == [5.0]
    assert any("can be a day off" in note for note in log.found.notes)


def test_date_formatted_wins_over_date():
    cells = {"date formatted": "2024-03-15", "date": "14th Mar 2024"}
    assert bearable.day_of(cells) == dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Walk", "load"),
        ("👣 Walk", "load"),
        ("Sedentary", "load"),
        ("Yoga", "load"),
        ("Physio", "therapy"),
        ("Physical therapy", "therapy"),
        ("Massage", "therapy"),
        ("Towel", "towel"),
        ("Back pain", "pain"),
        ("Headache", "pain"),
        ("With family", None),
        ("Caffeine", None),
        ("Gaming session", None),  # "session" is not a therapy word
    ],
)
def test_what_a_factor_name_says(name, kind):
    assert bearable.load_kind(name) == kind


def test_the_files_are_what_the_script_writes():
    spec = importlib.util.spec_from_file_location("make_bearable", HERE / "make_bearable.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    for name, data in make.files().items():
        assert (HERE / name).read_bytes() == data, name
