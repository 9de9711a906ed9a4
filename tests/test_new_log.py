"""One CSV writer for new logs (write/new_log.py): an import's days, the template and
init_log's empty log are written by it, and read back as what was written."""

import codecs
import datetime as dt
import os
import re
import shutil
import subprocess
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


# ---- import -o: written whole or not at all, never through a link (issue 25) -----------

DAYS = [{"date": dt.date(2026, 11, 2 + i), "steps": 1000.0 + i} for i in range(3)]


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    from psoas_track.write import JournalError

    path = tmp_path / "days.csv"
    path.write_text("mine\n")
    path.chmod(0o600)
    with pytest.raises(JournalError, match=r"days.csv already exists; choose another name"):
        write_rows(DAYS, "app", path)
    assert path.read_text() == "mine\n"
    write_rows(DAYS, "app", path, force=True)
    assert day_rows(read_log(path)) == DAYS
    assert path.stat().st_mode & 0o777 == 0o600  # the replaced file's mode is kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["days.csv"]  # no temporary file


def test_a_new_file_gets_the_mode_any_new_file_gets(tmp_path):
    umask = os.umask(0o022)
    try:
        made = write_rows(DAYS, "app", tmp_path / "days.csv")
    finally:
        os.umask(umask)
    assert made.stat().st_mode & 0o777 == 0o644  # not the 0600 of a temporary file


@pytest.mark.parametrize("target", ["missing", "file"])
def test_a_symbolic_link_is_never_written_through(tmp_path, target):
    from psoas_track.write import JournalError

    aim = tmp_path / "elsewhere" / ".bashrc"
    aim.parent.mkdir()
    if target == "file":
        aim.write_text("keep me\n")
    link = tmp_path / "days.csv"
    link.symlink_to(aim)
    for force in (False, True):
        with pytest.raises(JournalError, match="is a symbolic link, so nothing was written"):
            write_rows(DAYS, "app", link, force=force)
    assert link.is_symlink()
    assert (aim.read_text() == "keep me\n") if target == "file" else not aim.exists()


def test_a_folder_a_pipe_or_a_missing_folder_is_refused_in_one_sentence(tmp_path):
    from psoas_track.write import JournalError, check_new_log

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, words in (
        (tmp_path, "is a folder"),
        (fifo, "not a regular file (it is a pipe, a device or a socket)"),
        (tmp_path / "no" / "days.csv", "There is no folder"),
    ):
        with pytest.raises(JournalError, match=re.escape(words)) as raised:
            write_rows(DAYS, "app", path, force=True)
        assert "\n" not in str(raised.value)
        with pytest.raises(JournalError, match=re.escape(words)):
            check_new_log(path, force=True)


def test_formula_looking_text_is_escaped_as_into_escapes_it(tmp_path):
    from psoas_track.write import append_imported

    texts = ["=1+1", "@SUM(A1)", "+cmd", "-2+3"]
    rows = [{"date": dt.date(2026, 11, 2 + i), "notes": text} for i, text in enumerate(texts)]
    written = write_rows(rows, "app", tmp_path / "days.csv").read_text(encoding="utf-8-sig")
    mine = tmp_path / "mine.csv"
    mine.write_text("date,notes\n")
    append_imported(mine, rows, "app")
    added = mine.read_text(encoding="utf-8")
    for text in texts:
        assert f"'{text}" in written and f"'{text}" in added, text
    assert read_log(tmp_path / "days.csv").entries["notes"].tolist() == texts


def _mounted_tmpfs(folder: Path) -> bool:
    """A 64 kB tmpfs at folder, where this machine lets the tests mount one (as root)."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    return made.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "small"
    if not _mounted_tmpfs(folder):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must be able to mount a 64 kB tmpfs (run the tests as root)")
        pytest.skip("mounting a 64 kB tmpfs needs root; it tests a full disk")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_leaves_the_old_file_and_no_part_of_a_new_one(small_disk):
    from psoas_track.write import JournalError

    rows = [{"date": dt.date(2000, 1, 1) + dt.timedelta(days=i), "steps": 9000.0 + i,
             "notes": "a walk by the river " * 3} for i in range(2000)]  # fmt: skip
    old = write_rows(rows[:100], "app", small_disk / "days.csv")
    before = old.read_bytes()
    with pytest.raises(JournalError) as raised:
        write_rows(rows, "app", old, force=True)
    message = str(raised.value)
    assert "No space left on device" in message and "as it was" in message
    assert "\n" not in message
    assert old.read_bytes() == before
    with pytest.raises(JournalError, match="nothing was written"):
        write_rows(rows, "app", small_disk / "new.csv")
    assert sorted(p.name for p in small_disk.iterdir()) == ["days.csv"]
