"""entries -> one row per calendar day."""

import math

import pandas as pd
import pytest

from psoas_track import schema
from psoas_track.daily import daily
from psoas_track.read.log import read_log

LOG = """\
date,time,sitting_hours,longest_sit_minutes,walking_minutes,rest_minutes,towel,therapy,\
back_pain,hip_pain,knee_pain,notes,mood
2026-11-02,08:00,3,60,10,10,x,,4,2,,stiff,3
2026-11-02,20:00,4.5,90,,5,,,6,,,"evening, tired",5
2026-11-03,12:00,,,,,,,,,,,
2026-11-05,09:00,8,120,0,,no,physio,3,1,2,,
2026-11-05,21:00,,45,20,,,,5,,4,ok,
"""


@pytest.fixture
def days(write):
    return daily(read_log(write(LOG)))


def test_every_calendar_day_from_first_to_last(days):
    assert list(days.index.strftime("%Y-%m-%d")) == [
        "2026-11-02",
        "2026-11-03",
        "2026-11-04",
        "2026-11-05",
    ]
    assert days.index.freq == "D"
    assert list(days["logged"]) == [True, True, False, True]
    assert list(days["entries"]) == [2, 1, 0, 2]


def test_sums_keep_blank_days_missing_not_zero(days):
    assert days.loc["2026-11-02", "sitting_hours"] == 7.5
    # 11-03 was logged but sitting left blank: not recorded, not 0.
    assert math.isnan(days.loc["2026-11-03", "sitting_hours"])
    assert math.isnan(days.loc["2026-11-04", "sitting_hours"])
    assert days.loc["2026-11-05", "walking_minutes"] == 20
    assert days.loc["2026-11-02", "rest_minutes"] == 15


def test_longest_sit_is_the_max(days):
    assert days.loc["2026-11-02", "longest_sit_minutes"] == 90
    assert days.loc["2026-11-05", "longest_sit_minutes"] == 120


def test_pain_mean_and_max_per_site_and_overall(days):
    assert days.loc["2026-11-02", "back_pain"] == 5
    assert days.loc["2026-11-02", "back_pain_max"] == 6
    assert days.loc["2026-11-02", "hip_pain"] == 2
    assert math.isnan(days.loc["2026-11-02", "knee_pain"])
    # overall pain: the mean of the sites on a day with every site the log rates rated
    # (back 4, hip 1, knee 3 on the 5th); the 2nd has no knee rating, so no mean
    assert days.loc["2026-11-05", "pain"] == pytest.approx(8 / 3)
    assert math.isnan(days.loc["2026-11-02", "pain"])
    assert days.loc["2026-11-05", "knee_pain"] == 3
    assert days.loc["2026-11-05", "pain"] == pytest.approx((4 + 1 + 3) / 3)
    assert math.isnan(days.loc["2026-11-03", "pain"])


def test_flags_any_yes_blank_is_no_on_logged_days(days):
    assert days["towel"].dtype == "boolean"
    assert list(days["towel"].astype(object)) == [True, False, pd.NA, False]
    assert list(days["therapy"].astype(object)) == [False, False, pd.NA, True]


def test_notes_joined_and_custom_numbers_averaged(days):
    assert days.loc["2026-11-02", "notes"] == "stiff | evening, tired"
    assert days.loc["2026-11-05", "notes"] == "ok"
    assert days.loc["2026-11-02", "mood"] == 4
    assert days["mood"].dtype == "float64"


def test_rest_target(write):
    days = daily(read_log(write(LOG)))
    assert days.loc["2026-11-02", "rest_target_met"] == True  # noqa: E712  15 >= 10
    assert pd.isna(days.loc["2026-11-05", "rest_target_met"])  # not recorded
    strict = daily(read_log(write(LOG)), rest_target_minutes=20)
    assert strict.loc["2026-11-02", "rest_target_met"] == False  # noqa: E712


def test_every_schema_measure_has_a_daily_column_even_when_absent(write):
    days = daily(read_log(write("date,back_pain\n2026-01-01,3\n")))
    for measure in schema.MEASURES:
        if measure.daily:
            assert measure.name in days.columns
    for site in schema.PAIN_SITES:
        assert schema.max_column(site) in days.columns
    assert math.isnan(days.loc["2026-01-01", "sitting_hours"])
    assert pd.isna(days.loc["2026-01-01", "towel"])


def test_no_entries_gives_an_empty_table(write):
    days = daily(read_log(write("date,back_pain\n")))
    assert len(days) == 0
    assert "pain" in days.columns
