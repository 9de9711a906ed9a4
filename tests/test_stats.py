"""psoas_track.analysis: lagged associations, comparisons, trends and adherence."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from psoas_track import analysis as pst
from psoas_track import sample, schema
from psoas_track.analysis.bootstrap import block_counts, block_sums
from psoas_track.analysis.drift import DRIFT_WINDOW, without_drift
from psoas_track.daily import daily
from psoas_track.read.log import read_log

SIT = schema.BY_NAME["sitting_hours"].name
REST = schema.BY_NAME["rest_minutes"].name
WALK = schema.BY_NAME["walking_minutes"].name
BACK = schema.BY_NAME["back_pain"].name
TOWEL = schema.BY_NAME["towel"].name
LONGEST = schema.BY_NAME["longest_sit_minutes"].name


def make_days(columns: dict, start: str = "2026-01-05") -> pd.DataFrame:
    """A day table shaped like daily()'s output from plain columns (NaN = not recorded).

    Every calendar day is a row; a day is logged when any measure is recorded; yes/no
    measures become nullable booleans; pain is the mean of the sites recorded.
    """
    n = len(next(iter(columns.values())))
    index = pd.date_range(start, periods=n, freq="D", name="date")
    days = pd.DataFrame(index=index)
    for name, values in columns.items():
        m = schema.BY_NAME.get(name)
        if m is not None and m.daily == "any":
            days[name] = pd.array(
                [
                    pd.NA if v is None or (isinstance(v, float) and np.isnan(v)) else bool(v)
                    for v in values
                ],
                dtype="boolean",
            )
        else:
            days[name] = np.asarray(values, dtype=float)
    sites = [s for s in schema.PAIN_SITES if s in days.columns]
    if sites:
        days[schema.PAIN] = days[sites].mean(axis=1, skipna=True)
    days[schema.LOGGED] = days.notna().any(axis=1)
    days[schema.ENTRIES] = days[schema.LOGGED].astype(int)
    if REST in days.columns:
        days[schema.REST_TARGET_MET] = (
            (days[REST] >= schema.REST_TARGET_MINUTES).astype("boolean").mask(days[REST].isna())
        )
    return days


def chain_days(entries: pd.DataFrame, folder) -> pd.DataFrame:
    """The real chain: write the entries as CSV, read them back, make the day table."""
    path = folder / "log.csv"
    sample.write_log(entries, path)
    return daily(read_log(path))


def random_days(n: int = 200, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sit = np.round(rng.normal(7, 2, n) * 4) / 4
    walk = rng.integers(0, 8, n) * 10.0
    back = np.clip(np.round(3 + 0.3 * np.roll(sit - 7, 1) + rng.normal(0, 1, n)), 0, 10)
    hip = rng.integers(0, 6, n).astype(float)
    for values, share in ((sit, 0.1), (walk, 0.2), (back, 0.1), (hip, 0.15)):
        values[rng.random(n) < share] = np.nan
    return make_days(
        {
            SIT: sit,
            WALK: walk,
            BACK: back,
            "hip_pain": hip,
            "coffee_cups": rng.integers(0, 4, n).astype(float),
        }
    )


# --------------------------------------------------------------------------- associations


@pytest.mark.parametrize("drift", ["local", "linear", "none"])
def test_rho_is_of_the_ranks_with_their_drift_taken_out(drift):
    """rho: rank the pairs (scipy), take each rank series' drift out, correlate; with
    drift="none" that is scipy's Spearman of the pairs."""
    days = random_days()
    table = pst.associations(days, n_boot=50, drift=drift)
    assert list(table.columns) == list(pst.ASSOCIATION_COLUMNS)
    assert len(table) == 3 * 3 * 4  # sitting, walking, coffee x back, hip, pain x 4 lags
    for row in table.itertuples():
        x = days[row.load].to_numpy(float)
        y = days[row.pain].shift(-row.lag).to_numpy(float)
        ok = np.isfinite(x) & np.isfinite(y)
        rx, ry = np.full(len(x), np.nan), np.full(len(x), np.nan)
        rx[ok], ry[ok] = sps.rankdata(x[ok]), sps.rankdata(y[ok])
        rx, ry = without_drift(rx, drift), without_drift(ry, drift)
        kept = np.isfinite(rx) & np.isfinite(ry)
        assert row.n == kept.sum()
        assert row.enough
        assert row.rho == pytest.approx(np.corrcoef(rx[kept], ry[kept])[0, 1], abs=1e-12)
        if drift == "none":
            assert row.rho == pytest.approx(sps.spearmanr(x[ok], y[ok]).statistic, abs=1e-12)
        assert row.ci_low <= row.ci_high


def test_a_load_that_is_mostly_no_makes_no_link_out_of_its_local_level():
    """Therapy on 7 of 120 days, no link planted (sample seed 143). Taking the local level
    out of the values and ranking afterwards ranked the 113 other days by the tiny
    differences in their levels (how near a session was): rho 0.44 with back pain three
    days later, p 0.00004, a link out of nothing. The ranks' drift is taken out instead."""
    days = daily(sample.generate_log(120, seed=143, effects=sample.NO_EFFECTS))
    table = pst.associations(days, loads=["therapy"], pains=[BACK], n_boot=0)
    assert (table["rho"].abs() < 0.3).all()
    assert (table["p"] > 0.01).all()


def test_without_drift_takes_out_the_local_level_and_a_line():
    t = np.arange(200.0)
    wiggle = np.array([1.0, -0.5, -0.5])[t.astype(int) % 3]  # sums to 0 over any 15 days
    series = 0.05 * t + wiggle
    series[[5, 50]] = np.nan
    local = without_drift(series, "local")
    assert np.isnan(local[[5, 50]]).all()
    half = DRIFT_WINDOW // 2  # away from the ends of the log and from the missing days
    inner = np.isfinite(local) & (t > 20) & (t < 180) & (np.abs(t - 50) > half)
    assert np.abs(local[inner] - wiggle[inner]).max() < 0.1
    linear = without_drift(series, "linear")
    assert np.abs(linear[np.isfinite(linear)] - wiggle[np.isfinite(linear)]).max() < 0.05
    assert np.array_equal(without_drift(series, "none"), series, equal_nan=True)


def test_a_link_that_follows_the_work_week_is_told_apart():
    """Sitting and pain both higher on work days, no link within weeks: q says link,
    weekday_q does not; a real next-day effect keeps its weekday_q."""
    rng = np.random.default_rng(3)
    n = 365
    index = pd.date_range("2026-01-05", periods=n, freq="D", name="date")
    work = (index.day_of_week < 5).astype(float)
    sit = 2.0 * work + rng.normal(0, 1, n)
    back = 1.5 * work + rng.normal(0, 1, n)
    days = pd.DataFrame({SIT: sit, BACK: back}, index=index)
    row = pst.associations(days, loads=[SIT], pains=[BACK], lags=[0], n_boot=0).iloc[0]
    assert row.q < 0.05 and row.weekday_q > 0.05
    assert "also follows your work week" in pst.association_sentence(row)
    back_next = back.copy()
    back_next[1:] += 0.8 * (sit[:-1] - sit.mean())
    days[BACK] = back_next
    row = pst.associations(days, loads=[SIT], pains=[BACK], lags=[1], n_boot=0).iloc[0]
    assert row.q < 0.05 and row.weekday_q < 0.05
    assert "work week" not in pst.association_sentence(row)


def test_q_equals_scipy_false_discovery_control():
    table = pst.associations(random_days(), n_boot=0)
    enough = table[table["enough"]]
    expected = sps.false_discovery_control(enough["p"].to_numpy(), method="bh")
    np.testing.assert_allclose(enough["q"].to_numpy(), expected, rtol=1e-12)


def test_p_is_the_t_test_on_n_when_days_are_independent():
    """With no serial dependence at all, n_eff is close to n and p close to spearmanr's."""
    rng = np.random.default_rng(0)
    n = 400
    sit = rng.normal(7, 2, n)
    back = 0.2 * sit + rng.normal(0, 1, n)
    table = pst.associations(make_days({SIT: sit, BACK: back}), lags=[0], n_boot=0)
    row = table[table.pain == BACK].iloc[0]
    ref = sps.spearmanr(sit, back)
    assert row.p == pytest.approx(ref.pvalue, rel=0.5)


def test_planted_link_is_found_with_an_interval_and_the_default_grid():
    days = random_days(300)
    table = pst.associations(days)
    row = table[(table.load == SIT) & (table.pain == BACK) & (table.lag == 1)].iloc[0]
    assert row.q < 0.05 and row.ci_low > 0
    assert set(table["load"]) == {SIT, WALK, "coffee_cups"}
    assert set(table["pain"]) == {BACK, "hip_pain", schema.PAIN}


def test_same_seed_same_numbers_other_seed_other_intervals():
    days = random_days()
    a = pst.associations(days, seed=4)
    pd.testing.assert_frame_equal(a, pst.associations(days, seed=4))
    b = pst.associations(days, seed=5)
    pd.testing.assert_series_equal(a["rho"], b["rho"])
    assert not np.allclose(a["ci_low"], b["ci_low"])


def test_default_loads_are_the_schema_loads_present_plus_custom_numbers():
    days = random_days()
    days[TOWEL] = pd.array([True, False] * (len(days) // 2), dtype="boolean")
    days["mood"] = pd.array(["ok"] * len(days), dtype="string")  # custom text: not a load
    days[schema.max_column(BACK)] = days[BACK]
    loads = pst.default_loads(days)
    assert loads == [c for c in schema.LOADS if c in days.columns] + ["coffee_cups"]
    assert pst.default_pains(days) == [c for c in schema.PAIN_COLUMNS if c in days.columns]


def test_a_measure_never_recorded_and_a_constant_measure_are_not_enough():
    days = random_days(60)
    days[REST] = np.nan  # never recorded
    days[LONGEST] = 30.0  # constant: rho undefined
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = pst.associations(days, loads=[REST, LONGEST, SIT], pains=[BACK])
    for load in (REST, LONGEST):
        rows = table[table.load == load]
        assert not rows["enough"].any()
        assert rows[["rho", "ci_low", "ci_high", "p", "q"]].isna().all().all()
    assert (table.loc[table.load == REST, "n"] == 0).all()
    assert (table.loc[table.load == LONGEST, "n"] > 14).all()
    assert table.loc[table.load == SIT, "enough"].all()


def test_one_week_of_data_gives_rows_without_numbers():
    days = random_days(7)
    table = pst.associations(days)
    assert len(table) and not table["enough"].any()
    assert table["q"].isna().all()
    assert pst.association_sentence(table.iloc[0]).startswith("Not enough data")


def test_no_pairing_across_missing_days():
    """Days missing from the table are missing days: lag 1 never joins day 3 to day 5."""
    n = 40
    rng = np.random.default_rng(1)
    days = make_days({SIT: rng.normal(7, 1, n), BACK: rng.normal(3, 1, n)})
    gappy = days.drop(days.index[[4, 10, 11, 25]])  # rows absent, not NaN
    table = pst.associations(gappy, pains=[BACK], n_boot=20)
    full = days.copy()
    full.loc[full.index[[4, 10, 11, 25]], [SIT, BACK]] = np.nan
    expected = pst.associations(full, pains=[BACK], n_boot=20)
    pd.testing.assert_frame_equal(table, expected)
    # lag 1: pairs need day t and day t+1; 4 missing days cost 7 pairs (10 and 11 adjoin)
    assert table.loc[table.lag == 1, "n"].iloc[0] == (n - 1) - 7


def test_lags_beyond_the_data():
    table = pst.associations(random_days(30), lags=[0, 29, 30, 400], n_boot=20)
    assert (table.loc[table.lag >= 30, "n"] == 0).all()
    assert not table.loc[table.lag >= 29, "enough"].any()
    assert table.loc[table.lag == 0, "enough"].any()


def test_a_measure_kept_for_a_few_weeks_of_a_long_log_still_gets_an_interval():
    days = random_days(730)
    coffee = days["coffee_cups"].to_numpy(copy=True)
    coffee[:-70] = np.nan  # only the last 10 weeks
    days["coffee_cups"] = coffee
    table = pst.associations(days, loads=["coffee_cups"], pains=[BACK], lags=[0])
    row = table.iloc[0]
    assert row.enough and row.n <= 70
    assert row.ci_low <= row.rho <= row.ci_high


def test_fewer_than_eight_weeks_of_pairs_give_no_interval_and_say_so():
    days = random_days(730)
    coffee = days["coffee_cups"].to_numpy(copy=True)
    coffee[:-40] = np.nan  # only the last 40 days
    days["coffee_cups"] = coffee
    row = pst.associations(days, loads=["coffee_cups"], pains=[BACK], lags=[0]).iloc[0]
    assert row.enough and np.isfinite(row.rho) and np.isfinite(row.q)
    assert np.isnan(row.ci_low) and np.isnan(row.ci_high)
    assert "too few weeks for an interval (8 are needed)" in pst.association_sentence(row)


def test_bad_arguments_are_plain_errors():
    days = random_days(30)
    with pytest.raises(KeyError, match="no load column 'nope'"):
        pst.associations(days, loads=["nope"])
    with pytest.raises(ValueError, match="lag"):
        pst.associations(days, lags=[-1])
    empty = pst.associations(days, loads=[])
    assert list(empty.columns) == list(pst.ASSOCIATION_COLUMNS) and empty.empty


def test_bootstrap_counts_are_circular_blocks_of_whole_days():
    counts = block_counts(30, 200, 7, np.random.default_rng(0))
    assert counts.shape == (200, 30)
    assert (counts.sum(axis=1) == 30).all()
    assert counts.mean() == pytest.approx(1.0)
    # every day has the same chance: no day is favoured on average
    assert np.abs(counts.mean(axis=0) - 1).max() < 0.35


def test_bootstrap_counts_are_the_blocks_listed_day_by_day():
    """The running-total construction gives exactly the days the drawn blocks cover."""
    for n_days, block in ((1, 7), (6, 7), (8, 7), (15, 7), (100, 3), (365, 7), (40, 1)):
        counts = block_counts(n_days, 50, block, np.random.default_rng(n_days))
        b = min(block, n_days)
        starts = np.random.default_rng(n_days).integers(0, n_days, size=(50, -(-n_days // b)))
        listed = np.zeros((50, n_days))
        for r, row in enumerate(starts):
            days = (row[:, None] + np.arange(b)).ravel()[:n_days] % n_days
            np.add.at(listed[r], days, 1)
        assert np.array_equal(counts, listed), (n_days, block)


def test_block_sums_are_the_counts_times_the_days_from_the_same_draws():
    rng = np.random.default_rng(5)
    for n_days, block in ((1, 7), (6, 7), (7, 7), (30, 7), (365, 7), (3650, 7), (40, 1)):
        values = np.column_stack([rng.random(n_days) < 0.4, rng.normal(3, 2, n_days)])
        counts = block_counts(n_days, 300, block, np.random.default_rng(n_days))
        sums = block_sums(values, 300, block, np.random.default_rng(n_days))
        assert sums.shape == (300, 2)
        assert np.allclose(sums, counts @ values, rtol=0, atol=1e-9 * n_days), (n_days, block)


def test_association_sentences_say_goes_with_and_give_n():
    table = pst.associations(random_days(300))
    row = pst.strongest(table, k=1).iloc[0]
    text = pst.association_sentence(row)
    assert "goes with" in text and "cause" not in text
    assert f"{row.n} pairs of days" in text and "95% interval" in text


# --------------------------------------------------------------------------- simulation

SEEDS = range(12)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """120-day sample logs with and without planted effects, through the real chain."""
    folder = tmp_path_factory.mktemp("sim")
    planted = [chain_days(sample.generate_log(120, seed=s), folder) for s in SEEDS]
    null = [
        chain_days(sample.generate_log(120, seed=s, effects=sample.NO_EFFECTS), folder)
        for s in SEEDS
    ]
    # The true rho: one long log of the same generator (entries straight into daily(), as
    # the CSV round trip changes no value); benchmarks/bench_calibration.py uses 80,000 days.
    long = daily(sample.generate_log(8000, seed=10_000))
    x = long[SIT].to_numpy(float)
    y = long[BACK].shift(-1).to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    true_rho = sps.spearmanr(x[ok], y[ok]).statistic
    return planted, null, true_rho


def test_planted_next_day_sitting_effect_is_found_and_covered(simulated):
    planted, _, true_rho = simulated
    found = covered = 0
    for seed, days in zip(SEEDS, planted, strict=True):
        table = pst.associations(days, seed=seed)
        row = table[(table.load == SIT) & (table.pain == BACK) & (table.lag == 1)].iloc[0]
        found += row.q < 0.05
        covered += row.ci_low <= true_rho <= row.ci_high
    assert found >= 0.8 * len(SEEDS)
    assert covered >= 0.9 * len(SEEDS)


def test_logs_without_planted_effects_rarely_claim_a_link(simulated):
    _, null, _ = simulated
    claims = sum(
        bool((pst.associations(days, seed=s, n_boot=0)["q"] < 0.05).any())
        for s, days in zip(SEEDS, null, strict=True)
    )
    assert claims <= 0.1 * len(SEEDS)


# --------------------------------------------------------------------------- compare


def test_compare_means_interval_and_summary():
    rng = np.random.default_rng(2)
    n = 120
    rest = np.where(rng.random(n) < 0.5, 15.0, 0.0)
    back = 4 - 1.0 * np.roll(rest > 0, 1) + rng.normal(0, 0.7, n)
    days = make_days({REST: rest, BACK: back})
    c = pst.compare(days, schema.REST_TARGET_MET, outcome=BACK)
    after = np.roll(rest >= 10, 1)[1:]
    pain_next = back[1:]
    assert c.n_with == after.sum() and c.n_without == (~after).sum()
    assert c.mean_with == pytest.approx(pain_next[after].mean())
    assert c.mean_without == pytest.approx(pain_next[~after].mean())
    raw = pst.compare(days, schema.REST_TARGET_MET, outcome=BACK, drift="none")
    assert raw.diff == pytest.approx(c.mean_with - c.mean_without)
    # with drift taken out, the difference is of pain against the days around it
    free = without_drift(back)[1:]
    assert c.diff == pytest.approx(free[after].mean() - free[~after].mean())
    assert c.ci_low < c.diff < c.ci_high < 0 and abs(c.diff - raw.diff) < 0.1
    assert c.enough
    assert c.summary.startswith("On days after 10+ minutes of constructive rest, back pain")
    assert f"{c.n_with} vs {c.n_without} days" in c.summary
    assert c == pst.compare(days, schema.REST_TARGET_MET, outcome=BACK)  # same seed
    json.dumps(c.to_dict())


def test_compare_with_a_function_and_unrecorded_days():
    rng = np.random.default_rng(3)
    n = 80
    sit = rng.uniform(4, 11, n)
    sit[::5] = np.nan  # not recorded: on neither side
    days = make_days({SIT: sit, BACK: rng.normal(3, 1, n)})
    c = pst.compare(days, pst.at_least(SIT, 8), outcome=BACK, lag=0)
    recorded = np.isfinite(sit)
    assert c.n_with == (sit[recorded] >= 8).sum()
    assert c.n_with + c.n_without == recorded.sum()
    assert c.summary.startswith("On days with 8+ h of sitting")
    lam = pst.compare(days, lambda d: d[SIT].astype("Float64") >= 8, outcome=BACK, lag=0)
    assert (lam.n_with, lam.n_without, lam.diff) == (c.n_with, c.n_without, c.diff)


def test_compare_not_enough_and_bad_condition():
    days = make_days(
        {TOWEL: [True, False, False, False, False, False, False, False], BACK: [3.0] * 8}
    )
    c = pst.compare(days, TOWEL, outcome=BACK)
    assert not c.enough and c.diff is None and c.ci_low is None
    assert c.summary.startswith("Not enough data")
    days["mood"] = pd.array(["ok"] * 8, dtype="string")
    with pytest.raises(ValueError, match="yes/no"):
        pst.compare(days, "mood", outcome=BACK)


# --------------------------------------------------------------------------- trend


def test_trend_equals_scipy_theilslopes_per_week():
    rng = np.random.default_rng(4)
    n = 100
    back = 5 - 0.02 * np.arange(n) + rng.normal(0, 0.5, n)
    back[rng.random(n) < 0.2] = np.nan
    days = make_days({BACK: back})
    t = pst.trend(days, BACK, weeks=8)
    window = days[BACK].iloc[-56:]
    ok = window.notna().to_numpy()
    x = np.arange(56.0)[ok]
    ref = sps.theilslopes(window.to_numpy()[ok], x, alpha=0.95)
    assert t.n == ok.sum()
    assert t.slope_per_week == pytest.approx(7 * ref[0])
    assert (t.ci_low, t.ci_high) == pytest.approx((7 * ref[2], 7 * ref[3]))
    assert t.enough and "went down" in t.summary
    json.dumps(t.to_dict())


def test_trend_ignores_days_after_end_and_needs_data():
    back = np.linspace(2, 6, 70)
    days = make_days({BACK: back})
    early = pst.trend(days, BACK, weeks=4, end=days.index[40])
    assert early.end == days.index[40] and early.n == 28
    assert early.slope_per_week == pytest.approx(7 * 4 / 69)
    few = pst.trend(make_days({BACK: [3.0, np.nan, 4.0]}), BACK)
    assert not few.enough and few.slope_per_week is None and "not enough" in few.summary


# --------------------------------------------------------------------------- adherence


def test_adherence_weeks_streaks_and_long_sits():
    # Monday 2026-01-05 onwards: met, met, below, met x4 | missing, met, met, (not recorded)
    rest = [10, 12, 5, 10, 20, 15, 11, np.nan, 10, 10, np.nan]
    longest = [30, 90, np.nan, 45, 60, 120, 30, np.nan, 15, 20, 75]
    days = make_days({REST: rest, LONGEST: longest, BACK: [3.0] * 11})
    days.loc[days.index[7], schema.LOGGED] = False
    a = pst.adherence(days)
    assert a.days_met == 8 and a.days_recorded == 9
    assert a.longest_streak == 4 and a.longest_streak_end == days.index[6]
    assert a.current_streak == 0  # the last day has no rest recorded
    assert pst.adherence(days, end=days.index[9]).current_streak == 2
    assert a.weeks.loc["2026-W02"].tolist() == [6, 7, 7]
    assert a.weeks.loc["2026-W03"].tolist() == [2, 2, 3]
    assert a.longest_sit["days_recorded"] == 9 and a.longest_sit["max_minutes"] == 120
    assert a.longest_sit["days_over_60_minutes"] == 3
    out = a.to_dict()
    json.dumps(out)
    assert out["weeks"][0] == {
        "week": "2026-W02",
        "days_met": 6,
        "days_recorded": 7,
        "days_logged": 7,
    }


def test_adherence_with_another_target_and_nothing_recorded():
    days = make_days({REST: [5, 10, 15, 20], BACK: [1, 2, 3, 4]})
    assert pst.adherence(days, target_minutes=15).days_met == 2
    none = pst.adherence(make_days({BACK: [1.0, 2.0]}))
    assert none.days_recorded == 0 and none.longest_sit is None
    assert none.summary.startswith("No constructive rest")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
def test_benjamini_hochberg_equals_scipy(p):
    p = np.array(p)
    np.testing.assert_allclose(
        pst.benjamini_hochberg(p), sps.false_discovery_control(p, method="bh"), rtol=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), min_size=3, max_size=60),
    st.sampled_from([0.9, 0.95]),
)
def test_theil_sen_equals_scipy_with_ties(pairs, level):
    x = np.array([a for a, _ in pairs], dtype=float)
    y = np.array([b for _, b in pairs], dtype=float)
    if np.unique(x).size < 2:
        return
    ours = pst.theil_sen(y, x, level=level)
    with np.errstate(invalid="ignore"):  # scipy's own sqrt of a negative variance
        theirs = sps.theilslopes(y, x, alpha=level)
    np.testing.assert_allclose(ours, (theirs[0], theirs[2], theirs[3]), rtol=1e-12)


def test_trend_of_whole_number_ratings_is_not_swallowed_by_ties():
    """0-10 ratings stay equal for days; Theil-Sen on days then says 0 (interval 0 to 0)
    even for a steady drift. The trend falls back to weekly means and says so."""
    rng = np.random.default_rng(0)
    t = np.arange(56)  # eight weeks drifting down 0.2 points a week, rated in whole numbers
    ratings = np.clip(np.round(3 - 0.2 * t / 7 + rng.normal(0, 0.45, t.size)), 0, 10)
    assert pst.theil_sen(ratings, t) == (0.0, 0.0, 0.0)  # the failure this guards against
    result = pst.trend(make_days({BACK: ratings}), BACK, weeks=8)
    assert result.enough and result.slope_per_week == pytest.approx(-0.143, abs=0.001)
    assert result.ci_low < result.ci_high < 0
    assert "went down" in result.summary and "from the means of 8 weeks" in result.summary


def _streaky(seed: int, n: int = 56, phi: float = 0.85) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty(n)
    out[0] = rng.normal()
    for t in range(1, n):
        out[t] = phi * out[t - 1] + rng.normal(0, np.sqrt(1 - phi**2))
    return np.round(4 + 1.2 * out, 1)


def test_trend_allows_for_streaks():
    """Streaky pain with no trend: Sen's plain interval often excludes 0, the kit's
    rarely (it widens the interval or says the window is too short to tell)."""
    plain = kit = 0
    for seed in range(60):
        days = make_days({BACK: _streaky(seed)})
        result = pst.trend(days, BACK, weeks=8)
        x = np.arange(56.0)
        _, low, high = pst.theil_sen(days[BACK].to_numpy(), x)
        plain += low > 0 or high < 0
        kit += bool(result.enough and (result.ci_low > 0 or result.ci_high < 0))
        if not result.enough:
            assert "too few to tell a trend from a streak" in result.summary
    assert plain >= 15 and kit <= 6


def test_streak_factor_is_one_for_independent_days_and_large_for_streaks():
    rng = np.random.default_rng(0)
    x = np.arange(200.0)
    from psoas_track.analysis.trend import streak_factor

    assert streak_factor(x, rng.normal(size=200)) < 1.5
    assert streak_factor(x, _streaky(1, 200)) > 5


def test_compare_gives_no_interval_on_fewer_than_eight_weeks():
    rng = np.random.default_rng(4)
    n = 45
    rest = np.where(rng.random(n) < 0.5, 15.0, 0.0)
    days = make_days({REST: rest, BACK: rng.normal(4, 1, n)})
    c = pst.compare(days, schema.REST_TARGET_MET, outcome=BACK)
    assert c.enough and c.diff is not None and c.ci_low is None
    assert "too few weeks for an interval, 8 are needed" in c.summary
    assert "too few weeks" not in pst.compare(days, schema.REST_TARGET_MET, n_boot=0).summary


def test_compare_credits_no_routine_with_a_recovery():
    """Rest rises from the middle of the log while pain falls for its own reasons: the
    plain difference 'finds' an effect, the kit's does not."""
    rng = np.random.default_rng(5)
    n = 365
    t = np.arange(n)
    rest = np.where(rng.random(n) < 0.2 + 0.6 * (t > 180), 15.0, 0.0)
    back = 5 - 2.0 * np.clip((t - 190) / 60, 0, 1) + rng.normal(0, 0.7, n)
    days = make_days({REST: rest, BACK: back})
    raw = pst.compare(days, schema.REST_TARGET_MET, outcome=BACK, drift="none")
    kit = pst.compare(days, schema.REST_TARGET_MET, outcome=BACK)
    assert raw.ci_high < 0
    assert kit.ci_low < 0 < kit.ci_high


def test_compare_interval_never_passes_what_the_days_allow():
    """A log that repeats a pattern exactly has almost no effective days: the interval is
    wide, but not wider than pain can differ on these days."""
    n = 120
    day = np.arange(n)
    rest = np.where(day % 2 == 0, 15.0, 0.0)
    back = np.where(day % 3 == 0, 0.0, 1.0)
    c = pst.compare(make_days({REST: rest, BACK: back}), schema.REST_TARGET_MET, outcome=BACK)
    free = without_drift(back)
    span = np.nanmax(free) - np.nanmin(free)
    assert -span - 1e-9 <= c.ci_low <= c.diff <= c.ci_high <= span + 1e-9


def test_the_t_and_normal_functions_match_scipy():
    from scipy import special

    from psoas_track.analysis import distributions

    rng = np.random.default_rng(0)
    df = np.concatenate([rng.uniform(0.5, 5, 300), rng.uniform(5, 2000, 300),
                         [1, 2, 3, 10, 100, 1e4, 1e5]])  # fmt: skip
    t = np.concatenate([rng.normal(0, 3, 300), rng.normal(0, 30, 300),
                        [0, -1e-8, 50, -50, 1e3, -200, 3]])  # fmt: skip
    assert np.max(np.abs(distributions.t_cdf(df, t) - special.stdtr(df, t))) < 1e-10
    # Every whole df the weekly flag meets, and fractional ones as compare() makes them.
    for d in (*range(1, 120), 1.5, 2.7, 9.3, 29.9, 100.2, 300.7, 1000, 1e5):
        assert distributions.t_quantile(d, 0.025) == pytest.approx(
            special.stdtrit(d, 0.025), abs=1e-9
        )
    # Large df, where the 1/df expansion replaces Newton on the continued fraction.
    for d in (999.9, 1000, 1234.5, 3650, 2e4, 1e6):
        for p in (1e-4, 0.005, 0.025, 0.3, 0.975):
            assert distributions.t_quantile(d, p) == pytest.approx(
                special.stdtrit(d, p), abs=1e-11
            ), (d, p)
    assert distributions.normal_quantile(0.025) == pytest.approx(special.ndtri(0.025), abs=1e-12)
    a, b, x = [2, 3, 0.5, 40], [0.5, 4, 7, 900], [0.3, 0.99, 0.01, 0.05]
    assert np.allclose(distributions.betainc(a, b, x), special.betainc(a, b, x), atol=1e-12)
