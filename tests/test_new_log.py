"""One CSV writer for new logs (write/new_log.py): an import's days, the template and
init_log's empty log are written by it, and read back as what was written."""

import codecs
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_track import schema
from psoas_track.daily import day_rows
from psoas_track.read.log import read_log
from psoas_track.sources import read_source
from psoas_track.write import init_log, write_rows
from psoas_track.write.new_log import csv_bytes

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "data" / "sources"


def test_an_imports_days_are_a_log_in_schema_order_with_their_source(tmp_path):
    rows = [
        {"date": dt.date(2026, 11, 2), "mood": 4.0, "steps": 8123.0, "back_pain": 2.5},
        {"date": dt.date(2026, 11, 3), "towel": True, "notes": "=SUM(A1)"},
    ]
    path = write_rows(rows, "bearable", tmp_path / "days.csv")
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and b"\r" not in data
    lines = data[len(codecs.BOM_UTF8) :].decode("utf-8").splitlines()
    assert lines[0] == "date,steps,towel,back_pain,notes,mood,source"
    assert lines[1] == "2026-11-02,8123,,2.5,,4,bearable"
    assert lines[2] == "2026-11-03,,yes,,'=SUM(A1),,bearable"  # no formula runs
    log = read_log(path)
    assert log.problems == []
    assert log.entries["notes"].tolist()[1] == "=SUM(A1)"


@pytest.mark.parametrize(
    "export",
    [
        SOURCES / "bearable" / "Bearable App - Data Export. Generated 06-03-2026.csv",
        SOURCES / "daylio" / "daylio_export_2026_03_15.csv",
        SOURCES / "garmin" / "Activities.csv",
        SOURCES / "fitbit" / "MyFitbitData.zip",
    ],
    ids=lambda p: p.parent.name,
)
def test_an_imports_days_read_back_as_they_were_written(tmp_path, export):
    days = day_rows(read_source(export))
    assert days
    path = write_rows(days, "app", tmp_path / "days.csv")
    back = day_rows(read_log(path, today=dt.date(2100, 1, 1)))
    assert back == days


words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "back_pain": st.integers(0, 40).map(lambda n: n / 4),
                "towel": st.booleans(),
                "notes": words.map(str.strip).filter(lambda t: t and t[0] != "'"),
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_days_round_trip(tmp_path_factory, values):
    folder = tmp_path_factory.mktemp("round")
    rows = [{"date": dt.date(2026, 1, 1) + dt.timedelta(days=i), **v} for i, v in enumerate(values)]
    back = day_rows(read_log(write_rows(rows, "app", folder / "days.csv")))
    assert [{**r, "notes": r["notes"].replace("\r\n", "\n")} for r in back] == [
        {**r, "notes": r["notes"].replace("\r\n", "\n").replace("\r", "\n")} for r in rows
    ]


def test_init_log_writes_the_empty_log_with_the_same_writer(tmp_path):
    made = init_log(tmp_path / "mine.csv")
    assert made.read_bytes() == csv_bytes(schema.HAND_COLUMNS, [])
    assert made.read_bytes().startswith(codecs.BOM_UTF8)
    assert read_log(made).n_entries == 0


def test_a_day_without_a_therapy_session_stays_without_one(tmp_path):
    """Therapy is kept as text, so a written 'no' would read back as a session: an
    import's day without one was a therapy day in its own log (-o) and in yours (--into)."""
    import shutil

    from psoas_track.daily import daily
    from psoas_track.write import append_imported

    export = SOURCES / "bearable" / "Bearable App - Data Export. Generated 06-03-2026.csv"
    days = daily(read_source(export))
    sessions = int(days["therapy"].sum())
    assert 0 < sessions < int(days["logged"].sum())
    rows = day_rows(read_source(export))
    own = daily(read_log(write_rows(rows, "bearable", tmp_path / "days.csv")))
    assert int(own["therapy"].sum()) == sessions
    mine = tmp_path / "mine.csv"
    shutil.copy(ROOT / "data" / "example_log.csv", mine)
    before = int(daily(read_log(mine))["therapy"].sum())
    append_imported(mine, rows, "bearable")
    assert int(daily(read_log(mine))["therapy"].sum()) == before + sessions
