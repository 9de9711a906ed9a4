"""Writing never destroys what was there (issue 12): backups survive failed writes,
permissions and owners are kept, and a log the reader could not read whole is refused."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from psoas_track.read.log import read_log
from psoas_track.write import JournalError, append_entry, backup_paths

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def _log_with_history(folder: Path) -> Path:
    path = folder / "log.csv"
    path.write_bytes(b"date,back_pain,notes\n2026-11-20,3,first\n")
    for day in (21, 22, 23):  # three appends: .bak, .1.bak and .2.bak all exist
        append_entry(path, date=f"2026-11-{day}", back_pain=4, notes=f"day {day}")
    assert all(p.exists() for p in backup_paths(path))
    return path


def _state(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in [path, *backup_paths(path)] if p.exists()}


class _FullDiskAt:
    """os and tempfile as they are, except that the step-th call that needs disk space
    (creating a file, writing, syncing, linking, changing its mode) fails with ENOSPC."""

    def __init__(self, step: int, monkeypatch) -> None:
        self.step, self.calls = step, 0
        for name in ("fsync", "link", "chmod"):
            monkeypatch.setattr(os, name, self._failing(getattr(os, name)))
        monkeypatch.setattr(tempfile, "mkstemp", self._failing(tempfile.mkstemp))
        real_fdopen = os.fdopen

        def fdopen(*args, **kwargs):
            handle = real_fdopen(*args, **kwargs)
            real_write = handle.write
            handle.write = self._failing(real_write)
            return handle

        monkeypatch.setattr(os, "fdopen", fdopen)

    def _failing(self, real):
        def call(*args, **kwargs):
            self.calls += 1
            if self.calls == self.step:
                raise ENOSPC
            return real(*args, **kwargs)

        return call


def test_a_full_disk_at_any_step_leaves_the_log_and_every_backup_as_they_were(
    tmp_path, monkeypatch
):
    path = _log_with_history(tmp_path)
    for step in range(1, 60):
        before = _state(path)
        with monkeypatch.context() as patch:
            _FullDiskAt(step, patch)
            try:
                append_entry(path, date="2026-11-24", back_pain=5, notes=f"step {step}")
            except JournalError as error:
                assert "No space left on device" in str(error)
                assert _state(path) == before, f"a failure at step {step} changed a file"
                assert not list(tmp_path.glob(".*.tmp"))
                continue
        break  # the append went through: every step has been failed at once
    else:
        pytest.fail("the append never finished")
    assert step > 4  # the file, its sync, the backup link... were each failed
    after = _state(path)
    assert read_log(path).entries["notes"].iloc[-1] == f"step {step}"
    assert after["log.csv.bak"] == before["log.csv"]  # backups moved down only now
    assert after["log.csv.1.bak"] == before["log.csv.bak"]
    assert after["log.csv.2.bak"] == before["log.csv.1.bak"]


def test_three_failed_appends_keep_the_three_older_versions(tmp_path, monkeypatch):
    path = _log_with_history(tmp_path)
    before = _state(path)
    real = os.fsync

    def full(fd):
        raise ENOSPC

    for _ in range(3):
        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(JournalError, match="No space left"):
            append_entry(path, date="2026-11-24", back_pain=5)
        monkeypatch.setattr(os, "fsync", real)
    assert _state(path) == before
    assert len(set(before.values())) == 4  # the log and three different older versions


def test_the_logs_permissions_are_kept(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain\n2026-11-20,3\n")
    path.chmod(0o640)
    append_entry(path, date="2026-11-21", back_pain=4)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_the_logs_owner_and_group_are_kept(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain\n2026-11-20,3\n")
    if os.geteuid() == 0:  # root can give the log to someone else, as a shared folder has it
        os.chown(path, 65534, 65534)
    owner = (path.stat().st_uid, path.stat().st_gid)
    append_entry(path, date="2026-11-21", back_pain=4)
    assert (path.stat().st_uid, path.stat().st_gid) == owner
    assert read_log(path).n_entries == 2


def test_a_read_only_log_is_refused_not_replaced(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain\n2026-11-20,3\n")
    path.chmod(0o444)
    with pytest.raises(JournalError, match="read-only"):
        append_entry(path, date="2026-11-21", back_pain=4)
    assert path.read_bytes() == b"date,back_pain\n2026-11-20,3\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert not any(p.exists() for p in backup_paths(path))


UNCLOSED = (
    "date,back_pain,notes\n"
    '2026-11-01,3,"ok"\n'
    '2026-11-02,4,"oops, forgot to close\n'
    + "".join(f"2026-11-{d:02d},{d % 10},fine\n" for d in range(3, 29))
)


def test_a_quote_that_never_closes_is_a_problem_with_its_row(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(UNCLOSED, encoding="utf-8")
    log = read_log(path)
    assert log.n_entries == 1  # the row above the quote
    [problem] = log.errors
    assert problem.row == 3
    assert "never closes" in problem.message and "lines 3 to 29" in problem.message
    assert log.rows == log.n_entries + log.unusable_rows + log.blank_rows
    assert log.unread is not None


def test_nothing_is_added_to_a_log_that_could_not_be_read_to_its_end(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(UNCLOSED, encoding="utf-8")
    with pytest.raises(JournalError, match="could not be read to its end.*Row 3"):
        append_entry(path, date="2026-11-29", back_pain=2)
    assert path.read_text(encoding="utf-8") == UNCLOSED
    assert not any(p.exists() for p in backup_paths(path))


def test_a_quoted_cell_over_two_lines_is_no_problem(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text('date,back_pain,notes\n2026-11-01,3,"two\nlines"\n2026-11-02,4,\n')
    log = read_log(path)
    assert log.n_entries == 2 and not log.problems and log.unread is None
    append_entry(path, date="2026-11-03", back_pain=2)
    assert read_log(path).n_entries == 3
