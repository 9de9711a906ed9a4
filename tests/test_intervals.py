"""The interval rule associations and compare share (psoas_track/analysis/intervals.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from psoas_track import analysis as pst
from psoas_track import schema
from psoas_track.analysis.intervals import (
    MIN_WEEKS_FOR_INTERVAL,
    interval_given,
    percentile_interval,
    too_few_weeks,
    weeks_spanned,
    widened,
)

SIT, REST, BACK = "sitting_hours", "rest_minutes", "back_pain"


def days_of(n_days: int, seed: int = 4) -> pd.DataFrame:
    """Every day logged: sitting, rest (the target met about half the days), back pain."""
    rng = np.random.default_rng(seed)
    rest = np.where(rng.random(n_days) < 0.5, 15.0, 0.0)
    days = pd.DataFrame(
        {SIT: rng.normal(7, 2, n_days), REST: rest, BACK: rng.normal(4, 1, n_days)},
        index=pd.date_range("2026-01-05", periods=n_days, freq="D", name="date"),
    )
    days[schema.REST_TARGET_MET] = pd.array(rest >= schema.REST_TARGET_MINUTES, dtype="boolean")
    days[schema.LOGGED] = True
    return days


@pytest.mark.parametrize("n_days", [7 * MIN_WEEKS_FOR_INTERVAL - 1, 7 * MIN_WEEKS_FOR_INTERVAL])
def test_associations_and_compare_give_an_interval_from_the_same_day(n_days):
    """One rule: a day short of the weeks needed, neither gives an interval; on the day
    the weeks are there, both do."""
    days = days_of(n_days)
    row = pst.associations(days, loads=[SIT], pains=[BACK], lags=[0], n_boot=200).iloc[0]
    comparison = pst.compare(days, schema.REST_TARGET_MET, outcome=BACK, lag=0, n_boot=200)
    assert row.enough and comparison.enough
    given = n_days >= 7 * MIN_WEEKS_FOR_INTERVAL
    assert bool(np.isfinite(row.ci_low) and np.isfinite(row.ci_high)) == given
    assert (comparison.ci_low is not None and comparison.ci_high is not None) == given
    assert ("too few weeks" in pst.association_sentence(row)) == (not given)
    assert ("too few weeks" in comparison.summary) == (not given)


def test_weeks_are_counted_from_the_first_to_the_last_day_of_each_row():
    mask = np.zeros((3, 30), dtype=bool)
    mask[0, [2, 15]] = True  # days 2 to 15: two weeks
    mask[1, 5] = True  # one day
    assert weeks_spanned(mask).tolist() == [2.0, 1 / 7, 0.0]


def test_an_interval_needs_enough_data_resamples_and_the_weeks():
    eight_weeks, seven = np.ones((1, 56), dtype=bool), np.ones((1, 55), dtype=bool)
    assert interval_given(True, eight_weeks, 100).tolist() == [True]
    assert interval_given(False, eight_weeks, 100).tolist() == [False]
    assert interval_given(True, eight_weeks, 0).tolist() == [False]
    assert interval_given(True, seven, 100).tolist() == [False]
    # "too few weeks" is said only when resamples were asked for
    assert too_few_weeks(seven, 100).tolist() == [True]
    assert too_few_weeks(seven, 0).tolist() == [False]
    assert too_few_weeks(eight_weeks, 100).tolist() == [False]


def test_the_percentile_interval_is_none_when_half_the_resamples_failed():
    rng = np.random.default_rng(0)
    replicates = rng.normal(size=(1000, 2))
    replicates[:600, 1] = np.nan
    low, high = percentile_interval(replicates)
    assert low[0] == pytest.approx(np.quantile(replicates[:, 0], 0.025))
    assert high[0] == pytest.approx(np.quantile(replicates[:, 0], 0.975))
    assert np.isnan(low[1]) and np.isnan(high[1])
    empty_low, empty_high = percentile_interval(np.empty((0, 3)))
    assert np.isnan(empty_low).all() and np.isnan(empty_high).all()


def test_widening_moves_each_end_away_from_the_estimate():
    estimate, low, high = np.array([0.5]), np.array([0.2]), np.array([0.7])
    same_low, same_high = widened(estimate, low, high, np.array([1.0]))
    np.testing.assert_array_equal(same_low, low)
    np.testing.assert_array_equal(same_high, high)
    wide_low, wide_high = widened(estimate, low, high, np.array([2.0]))
    assert wide_low[0] == pytest.approx(-0.1) and wide_high[0] == pytest.approx(0.9)
    # a correlation's interval widens on the Fisher z scale and stays within -1 and 1
    same = widened(estimate, low, high, np.array([1.0]), fisher=True)
    np.testing.assert_allclose(np.concatenate(same), [0.2, 0.7])
    rho_low, rho_high = widened(estimate, low, high, np.array([5.0]), fisher=True)
    assert -1 < rho_low[0] < 0.2 and 0.7 < rho_high[0] < 1
