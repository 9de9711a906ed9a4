"""psoas_track.words.week.insights: the week's findings as JSON-ready data and plain sentences."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from psoas_track import sample, schema
from psoas_track.analysis.insights import CAUTION
from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.words import format_insights
from psoas_track.words.week import insights


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """The example log's 26 weeks (2026-05-25 to 2026-11-22), through the real chain."""
    path = tmp_path_factory.mktemp("log") / "log.csv"
    entries = sample.generate_log(
        sample.EXAMPLE_DAYS, sample.EXAMPLE_SEED, sample.DEFAULT_EFFECTS, sample.EXAMPLE_START
    )
    sample.write_log(entries, path)
    return daily(read_log(path))


def test_insights_are_plain_json(days):
    result = insights(days, n_boot=200)
    text = json.dumps(result, allow_nan=False)
    assert json.loads(text) == result
    assert result["week"] == "2026-W47" and result["data_through"] == "2026-11-22"
    assert result["summary"]["week"] == "2026-W47"
    assert result["associations"]["cells_with_enough_data"] > 0
    assert result["caution"] == CAUTION


def test_the_planted_links_are_among_the_clear_ones(days):
    result = insights(days, n_boot=200)
    shown = result["associations"]["shown"]
    assert result["associations"]["clear"] >= 1
    pairs = {(row["load"], row["pain"], row["lag"]) for row in shown}
    assert ("sitting_hours", "back_pain", 1) in pairs or any(
        load == schema.BY_NAME["rest_minutes"].name for load, _, _ in pairs
    )
    assert all(row["q"] < 0.05 for row in shown)
    rest = next(c for c in result["comparisons"] if c["condition"] == schema.REST_TARGET_MET)
    assert rest["enough"] and rest["diff"] < 0


def test_same_seed_same_result_and_later_days_change_nothing(days):
    first = insights(days, week="2026-W40", seed=3, n_boot=200)
    assert insights(days, week="2026-W40", seed=3, n_boot=200) == first
    cut = days.loc[:"2026-10-04"]
    assert insights(cut, week="2026-W40", seed=3, n_boot=200) == first
    assert first["data_through"] == "2026-10-04"


def test_format_insights_reads_as_sentences(days):
    text = format_insights(insights(days, n_boot=200))
    assert text.startswith("Week 2026-W47 (2026-11-16 to 2026-11-22)")
    for heading in ("Pain", "Routine", "What goes with pain", "Days after the routine"):
        assert f"\n{heading}" in text
    assert "goes with" in text and "pairs of days" in text and "95% interval" in text
    assert "On days after 10+ minutes of constructive rest" in text
    lines = [line for line in text.splitlines() if "cause" in line]
    assert lines == [CAUTION]  # "causes" only in the caution that it is not shown


def test_a_short_log_says_not_enough(tmp_path):
    entries = sample.generate_log(9, seed=1)
    path = tmp_path / "short.csv"
    sample.write_log(entries, path)
    short = daily(read_log(path))
    result = insights(short, n_boot=50)
    json.dumps(result, allow_nan=False)
    assert result["associations"]["cells_with_enough_data"] == 0
    assert result["associations"]["shown"] == []
    text = format_insights(result)
    assert "Not enough data yet" in text
    assert all(not c["enough"] for c in result["comparisons"])


def test_a_bad_week_is_a_plain_error(days):
    with pytest.raises(ValueError, match="write a week like 2026-W47"):
        insights(days, week="W47")
    result = insights(days, week="2026-W30", n_boot=50)
    assert result["data_through"] == "2026-07-26"
    assert isinstance(pd.Timestamp(result["summary"]["start"]), pd.Timestamp)


def test_baseline_weeks_and_rest_target_are_passed_on(days):
    result = insights(days, week="2026-W47", n_boot=50, baseline_weeks=2, rest_target_minutes=15)
    assert result["summary"]["baseline_weeks"] == 2
    assert result["summary"]["adherence"]["target_minutes"] == 15
    assert result["adherence"]["target_minutes"] == 15
