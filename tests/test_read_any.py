"""The front door: read_any opens any file the kit accepts, tells a person's log from an
app's export by content, and hands it to the log reader or that app's reader."""

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

import psoas_track as pt
from psoas_track import log as log_types
from psoas_track import read, sources
from psoas_track.read.log import LogError, read_log
from psoas_track.readers import LOG, read_any, which_reader

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example_log.csv"
SOURCES = ROOT / "tests" / "data" / "sources"
# Sample files that are an app's but that its reader refuses, each with a message
# saying what to give instead (covered in tests/test_source_*.py).
REFUSED = {
    "day_without_its_name.csv",
    "my_fitbit_records.json",
    "com.samsung.shealth.tracker.pedometer_day_summary.20201113093000.csv",
}


def test_a_persons_log_goes_to_the_log_reader():
    log = read_any(EXAMPLE)
    assert which_reader(EXAMPLE) == LOG
    assert log.found is None
    pd.testing.assert_frame_equal(log.entries, read_log(EXAMPLE).entries)


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "tests" / "data").glob("*.*")))
def test_every_test_log_goes_to_the_log_reader(name):
    assert which_reader(ROOT / "tests" / "data" / name) == LOG


def _exports() -> list[tuple[str, Path]]:
    return [
        (folder.name, path)
        for folder in sorted(p for p in SOURCES.iterdir() if p.is_dir())
        for path in sorted(folder.iterdir())
        if path.suffix != ".py"
    ]


@pytest.mark.parametrize(("app", "path"), _exports(), ids=lambda x: getattr(x, "name", x))
def test_every_apps_export_goes_to_its_reader_by_content(tmp_path, app, path):
    blind = tmp_path / f"export{path.suffix}"  # a name that says nothing: content decides
    shutil.copy(path, blind)
    assert which_reader(blind) == app
    if path.name in REFUSED:
        with pytest.raises(sources.SourceError):
            read_any(path)
        return
    log = read_any(path)  # some readers need the app's own file name (steps-*.json)
    assert log.found is not None and log.found.name == app
    direct = sources.read_source(path, source=app)
    pd.testing.assert_frame_equal(log.entries, direct.entries)


def test_what_cannot_be_opened_is_the_log_readers_to_explain(tmp_path):
    with pytest.raises(LogError, match="There is no file at"):
        read_any(tmp_path / "missing.csv")
    with pytest.raises(LogError, match="is a folder"):
        read_any(tmp_path)


def test_options_for_a_log_reach_the_log_reader(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,back_pain\n03/04/2026,3\n04/04/2026,4\n")
    first = read_any(path, dayfirst=False, today=dt.date(2026, 12, 31))
    assert first.entries["date"].dt.date.tolist() == [dt.date(2026, 3, 4), dt.date(2026, 4, 4)]


def test_it_is_the_public_front_door_and_every_reader_gives_the_same_log_type():
    assert pt.read_any is read_any
    assert pt.Log is read.Log is log_types.Log
    assert pt.Problem is read.Problem is log_types.Problem
    assert sources.Found is log_types.Found
    export = SOURCES / "garmin" / "Activities.csv"
    assert isinstance(read_any(export), log_types.Log)
    assert isinstance(read_any(EXAMPLE), log_types.Log)
