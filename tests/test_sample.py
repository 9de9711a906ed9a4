"""Synthetic logs: deterministic, well-formed, and carrying the effects they claim."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from psoas_track import sample, schema

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example_log.csv"
SIT = schema.BY_NAME["sitting_hours"].name
LONGEST = schema.BY_NAME["longest_sit_minutes"].name
BACK = schema.BY_NAME["back_pain"].name
DATE = schema.BY_NAME["date"].name


def next_day_rho(entries: pd.DataFrame, load: str = SIT, pain: str = BACK) -> float:
    """Spearman rho of a day's summed load with the next calendar day's mean pain."""
    days = entries.groupby(DATE).agg(load=(load, lambda s: s.sum(min_count=1)), pain=(pain, "mean"))
    days.index = pd.to_datetime(days.index)
    # Reindex to every calendar day so shift(-1) is the next day, not the next logged row.
    days = days.reindex(pd.date_range(days.index.min(), days.index.max()))
    pairs = pd.DataFrame({"x": days["load"], "y": days["pain"].shift(-1)}).dropna()
    assert len(pairs) >= 90
    return spearmanr(pairs["x"], pairs["y"]).statistic


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return sample.generate_log(days=120, seed=3)


def test_deterministic() -> None:
    a = sample.generate_log(days=60, seed=11)
    b = sample.generate_log(days=60, seed=11)
    pd.testing.assert_frame_equal(a, b)
    c = sample.generate_log(days=60, seed=12)
    assert not a.equals(c)


def test_effects_change_only_pain() -> None:
    # Same seed, no effects: the same days, loads and gaps; only the ratings move.
    a = sample.generate_log(days=60, seed=5)
    b = sample.generate_log(days=60, seed=5, effects=sample.NO_EFFECTS)
    same = [c for c in sample.COLUMNS if c not in schema.PAIN_SITES and c != "notes"]
    pd.testing.assert_frame_equal(a[same], b[same])
    assert not a[list(schema.PAIN_SITES)].equals(b[list(schema.PAIN_SITES)])


def test_columns_and_ranges(log: pd.DataFrame) -> None:
    # A sample is a hand-kept log of what it simulates, in the schema's order.
    assert list(log.columns) == list(sample.COLUMNS)
    assert list(sample.COLUMNS) == [c for c in schema.HAND_COLUMNS if c in sample.COLUMNS]
    for m in schema.MEASURES:
        if not m.numeric or m.device or m.name not in sample.COLUMNS:
            continue
        values = log[m.name].dropna()
        assert len(values) > 0, m.name
        if m.low is not None:
            assert (values >= m.low).all(), m.name
        if m.high is not None:
            assert (values <= m.high).all(), m.name
        if m.kind == schema.COUNT:
            assert (values == values.round()).all(), m.name
    for site in schema.PAIN_SITES:
        assert (log[site].dropna() == log[site].dropna().round()).all()  # an NRS
        assert log[site].isna().sum() < 0.1 * len(log)
    assert (log[LONGEST] <= log[SIT] * 60).all()
    assert set(log["towel"].dropna()) <= {"yes", ""}
    assert log["time"].dropna().str.fullmatch(r"\d\d:\d\d").all()


def test_days_missing_and_twice(log: pd.DataFrame) -> None:
    dates = pd.to_datetime(log[DATE], format="%Y-%m-%d")
    assert dates.is_monotonic_increasing
    assert dates.iloc[0] == pd.Timestamp("2026-05-25")
    assert dates.iloc[-1] == pd.Timestamp("2026-05-25") + pd.Timedelta(days=119)
    per_day = dates.value_counts()
    assert 0 < 120 - len(per_day) < 20  # some days not logged
    assert 5 < (per_day == 2).sum() < 40  # some days logged morning and evening
    assert per_day.max() == 2
    # Twice-logged days: the morning entry comes first.
    twice = log[dates.duplicated(keep=False)]
    assert (twice.groupby(DATE)["time"].apply(lambda t: t.is_monotonic_increasing)).all()


def test_rest_target_roughly_half(log: pd.DataFrame) -> None:
    rest = log.groupby(DATE)["rest_minutes"].sum(min_count=1).dropna()
    assert 0.35 <= (rest >= schema.REST_TARGET_MINUTES).mean() <= 0.65


def test_planted_sitting_effect_is_visible() -> None:
    assert next_day_rho(sample.generate_log(days=120, seed=0)) > 0.35
    rhos = [
        next_day_rho(sample.generate_log(days=120, seed=s, effects=sample.DEFAULT_EFFECTS))
        for s in range(1, 5)
    ]
    assert np.mean(rhos) > 0.45


def test_no_effects_gives_no_association() -> None:
    rhos = [
        next_day_rho(sample.generate_log(days=120, seed=s, effects=sample.NO_EFFECTS))
        for s in range(6)
    ]
    assert abs(np.mean(rhos)) < 0.15
    assert max(abs(r) for r in rhos) < 0.4


def test_planted_rest_effect_is_visible() -> None:
    # Mean back pain after days meeting the rest target minus after days missing it.
    def contrast(entries: pd.DataFrame) -> float:
        rest = "rest_minutes"
        days = entries.groupby(DATE).agg(
            rest=(rest, lambda s: s.sum(min_count=1)), pain=(BACK, "mean")
        )
        days.index = pd.to_datetime(days.index)
        days = days.reindex(pd.date_range(days.index.min(), days.index.max()))
        after = days["pain"].shift(-1)
        met = days["rest"] >= schema.REST_TARGET_MINUTES
        known = days["rest"].notna() & after.notna()
        return after[known & met].mean() - after[known & ~met].mean()

    planted = [contrast(sample.generate_log(days=120, seed=s)) for s in range(3)]
    null = [contrast(sample.generate_log(120, s, sample.NO_EFFECTS)) for s in range(3)]
    assert np.mean(planted) == pytest.approx(sample.DEFAULT_EFFECTS.rest_next_day, abs=0.4)
    assert abs(np.mean(null)) < 0.3


def test_write_log_format(tmp_path: Path) -> None:
    entries = pd.DataFrame(
        {
            "date": ["2026-06-01", "2026-06-02"],
            "sitting_hours": [7.0, 7.256],
            "towel": ["yes", None],
            "notes": ['said "hi", then left', None],
        }
    )
    path = tmp_path / "log.csv"
    sample.write_log(entries, path)
    assert path.read_bytes() == (
        b"date,sitting_hours,towel,notes\n"
        b'2026-06-01,7,yes,"said ""hi"", then left"\n'
        b"2026-06-02,7.26,,\n"
    )


def test_example_log_is_current(tmp_path: Path) -> None:
    path = tmp_path / "example_log.csv"
    sample.write_example(path)
    assert EXAMPLE.read_bytes() == path.read_bytes(), (
        "data/example_log.csv is stale: regenerate it with sample.write_example"
    )
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert b".0," not in data and not data.endswith(b".0\n")
    dates = pd.read_csv(path)[DATE]
    assert dates.iloc[0] == "2026-05-25" and dates.iloc[-1] == "2026-11-22"
