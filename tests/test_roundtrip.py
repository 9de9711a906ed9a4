"""A generated log written as a spreadsheet would, and read back, equals itself."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_track import schema
from psoas_track.read.log import read_log
from psoas_track.sample import generate_log, write_log


def _as_read(generated: pd.DataFrame) -> pd.DataFrame:
    """What the reader should make of the generated cells."""
    expected = generated.copy()
    expected["date"] = pd.to_datetime(expected["date"])
    for measure in schema.MEASURES:
        name = measure.name
        if name not in expected or name == "date":
            continue
        if measure.numeric:
            expected[name] = pd.to_numeric(expected[name]).astype("float64")
        elif measure.kind == schema.FLAG:
            expected[name] = (
                expected[name]
                .map(lambda v: {"yes": True, "no": False}.get(v, pd.NA))
                .astype("boolean")
            )
        else:
            expected[name] = expected[name].replace("", pd.NA).astype("string")
    return expected


def _assert_round_trip(generated: pd.DataFrame, path) -> None:
    write_log(generated, path)
    log = read_log(path)
    assert log.problems == []
    assert log.rows == log.n_entries == len(generated)
    read = log.entries.drop(columns="row").reset_index(drop=True)
    expected = _as_read(generated)[list(read.columns)].reset_index(drop=True)
    # write_log keeps at most 2 decimals
    pd.testing.assert_frame_equal(read, expected, check_dtype=False, rtol=0, atol=0.006)


@pytest.mark.parametrize("seed", [0, 1])
def test_generated_log_round_trips(tmp_path, seed):
    _assert_round_trip(generate_log(days=90, seed=seed), tmp_path / "log.csv")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days=st.integers(1, 40), seed=st.integers(0, 10_000))
def test_any_generated_log_round_trips(tmp_path, days, seed):
    _assert_round_trip(generate_log(days=days, seed=seed), tmp_path / "log.csv")
