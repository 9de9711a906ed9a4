"""report --all as people run it: again and again, with a failing week, killed, Ctrl-C.

Real processes: the CLI as a subprocess, its workers and their kernels, watched through
/proc (Linux).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from psoas_track import report
from psoas_track.sample import generate_log, write_log

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="watches /proc (Linux)")


@pytest.fixture(scope="module")
def entries():
    """Four weeks, Monday 2026-10-26 to Sunday 2026-11-22."""
    return generate_log(days=28, seed=8, start=dt.date(2026, 10, 26))


def _log(entries, folder: Path, upto: str = "2026-11-22") -> Path:
    path = folder / "log.csv"
    write_log(entries[entries["date"] <= upto], path)
    return path


def test_a_second_run_renders_only_weeks_whose_rows_changed(entries, tmp_path):
    log = _log(entries, tmp_path, upto="2026-11-20")
    weeks = report.weeks_in_log(log)
    first = report.render_weeks(log, weeks, tmp_path / "out", jobs=2, progress=False)
    assert [r.week for r in first.rendered] == weeks == [
        "2026-W44", "2026-W45", "2026-W46", "2026-W47"]  # fmt: skip
    made = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}

    again = report.render_weeks(log, weeks, tmp_path / "out", jobs=2, progress=False)
    assert again.rendered == [] and again.up_to_date == weeks
    assert again.summary(len(weeks)) == "4 weeks up to date, 0 rendered."
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()} == made

    log = _log(entries, tmp_path)  # two more days, both in 2026-W47
    later = report.render_weeks(log, weeks, tmp_path / "out", jobs=2, progress=False)
    assert [r.week for r in later.rendered] == ["2026-W47"]
    assert later.up_to_date == weeks[:3]

    forced = report.render_weeks(log, weeks, tmp_path / "out", progress=False, force=True)
    assert [r.week for r in forced.rendered] == weeks


def test_a_week_that_fails_is_named_and_the_others_are_made(entries, tmp_path):
    log = _log(entries, tmp_path)
    out = tmp_path / "out"
    (out / "2026-W45.html").mkdir(parents=True)  # its report cannot be put in place
    result = _cli("report", log, "--all", "--out", out, "--jobs", "1")
    assert result.returncode == 1, result.stderr
    assert "2026-W45 could not be made: Cannot put 2026-W45.html in" in result.stderr
    assert "3 weeks up to date" not in result.stderr
    assert "0 weeks up to date, 3 rendered, 1 could not be made." in result.stderr
    assert sorted(p.name for p in out.glob("*.json")) == [
        "2026-W44.json", "2026-W46.json", "2026-W47.json"]  # fmt: skip
    assert not [p for p in out.iterdir() if p.name.startswith(".psoas-report-")]


def test_bad_settings_are_refused_before_any_kernel_starts(entries, tmp_path):
    log = _log(entries, tmp_path)
    for args, words in (
        (["--seed", "-1"], "-1 is not in the range x>=0"),
        (["--rest-target", "-5"], "-5.0 is not in the range"),
    ):
        result = _cli("report", log, *args, "--out", tmp_path / "out")
        assert result.returncode == 2 and words in result.stderr, result.stderr
    with pytest.raises(report.ReportError, match="'seed' must be a whole number from 0"):
        report.render_week(log, "latest", tmp_path / "out", seed=-1)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):  # running as root: permissions do not hold
        locked = Path("/proc/psoas-reports")  # a folder nobody can make
    result = _cli("report", log, "--out", locked / "reports")
    assert result.returncode == 2 and "Cannot write the reports into" in result.stderr
    assert "Traceback" not in result.stderr


def test_kill_9_of_the_parent_leaves_no_process_and_no_half_made_report(entries, tmp_path):
    parent, family, out = _working_all(entries, tmp_path)
    parent.kill()
    parent.wait()
    assert _all_gone(family, within=20.0), _alive(family)
    assert not [p for p in out.iterdir() if p.name.startswith(".psoas-report-")]
    for figures in out.glob("*.json"):  # every report there is whole
        assert figures.with_suffix(".html").exists() and figures.with_suffix(".ipynb").exists()


def test_ctrl_c_stops_within_seconds_says_so_and_leaves_nothing_running(entries, tmp_path):
    parent, family, out = _working_all(entries, tmp_path)
    started = time.monotonic()
    os.killpg(parent.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    _, err = parent.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert parent.returncode == 130, err
    assert err.strip().splitlines()[-1].startswith("Stopped: ")
    assert "of 4 weeks rendered; run again to finish." in err
    assert "Traceback" not in err and "DeadKernelError" not in err
    assert _all_gone(family, within=10.0), _alive(family)
    assert not [p for p in out.iterdir() if p.name.startswith(".psoas-report-")]


# ---------------------------------------------------------------- helpers


def _working_all(entries, tmp_path):
    """`report --all` on two workers, caught while both kernels work: (process, every
    process under it, the --out folder)."""
    out = tmp_path / "out"
    parent = _start("report", _log(entries, tmp_path), "--all", "--out", out, "--jobs", "2")
    family = _wait_for_kernels(parent, 2)
    assert parent.poll() is None  # still working
    return parent, family, out


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "psoas_track.cli", *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _start(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "psoas_track.cli", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _wait_for_kernels(parent: subprocess.Popen, n: int, timeout: float = 60.0) -> set[int]:
    """Every process under the parent once `n` kernels are running under it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        family = _descendants(parent.pid)
        if sum(_is_kernel(p) for p in family) >= n:
            time.sleep(1.0)  # let them start rendering
            return _descendants(parent.pid) | family
        assert parent.poll() is None, parent.communicate()
        time.sleep(0.2)
    raise AssertionError(f"{n} kernels did not start within {timeout} s")


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _all_gone(pids: set[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _alive(pids):
            return True
        time.sleep(0.2)
    return False


def test_a_temporary_folder_on_another_filesystem_is_no_trouble(entries, tmp_path):
    """A tmpfs /tmp (Fedora, Arch, Debian 13) under another disk's --out: a rename across
    filesystems fails (EXDEV), so nothing is made in TMPDIR and renamed from there."""
    shm = Path("/dev/shm")
    assert shm.is_dir() and shm.stat().st_dev != tmp_path.stat().st_dev, "needs a tmpfs"
    log = _log(entries, tmp_path)
    with tempfile.TemporaryDirectory(dir=shm) as elsewhere:
        result = subprocess.run(
            [sys.executable, "-m", "psoas_track.cli", "report", str(log), "--out",
             str(tmp_path / "out")],
            capture_output=True, text=True, timeout=300, env={**os.environ, "TMPDIR": elsewhere},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "2026-W47.html").exists()


def test_ctrl_c_on_one_report_says_so_and_leaves_no_file(entries, tmp_path):
    log = _log(entries, tmp_path)
    out = tmp_path / "out"
    parent = _start("report", log, "--out", out)
    family = _wait_for_kernels(parent, 1)
    assert parent.poll() is None
    os.killpg(parent.pid, signal.SIGINT)
    _, err = parent.communicate(timeout=30)
    assert parent.returncode == 130, err
    assert err.strip() == "Stopped: no report written."
    assert _all_gone(family, within=10.0), _alive(family)
    assert list(out.iterdir()) == []
