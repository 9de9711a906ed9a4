"""The README's test command on a fresh machine (issue 25).

Without Chromium, LibreOffice or poppler the tests that need them are skipped, naming
the Debian package to install; under CI=true they fail instead, since CI installs them
(.ci/run). The rule is tests/conftest.py's `needs`; here pytest runs in a subprocess
whose PATH has every program of this machine but those.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SYSTEM_PROGRAMS

#: The test modules with tests that need a system program.
NEEDY = (
    "tests/test_browser.py",
    "tests/test_report_safety.py",
    "tests/test_report_print.py",
    "tests/test_spreadsheet_roundtrip.py",
)
#: How a test module runs a system program: by name, through playwright, or by asking
#: the kit for a PDF (which Chromium prints).
RUNS_A_PROGRAM = re.compile(
    r"""["'](chromium|chromium-browser|soffice|libreoffice|pdftotext|pdftoppm)["']"""
    r"|sync_playwright|pdf=|--pdf"
)
#: Names under which the programs may be on PATH (report.export.chromium tries four).
HIDDEN = {
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
    "soffice", "libreoffice", "pdftotext", "pdftoppm",
}  # fmt: skip


@pytest.fixture(scope="module")
def bare_path(tmp_path_factory) -> str:
    """A PATH with this environment's commands and the machine's, but none of the
    system programs: a folder of links to everything else."""
    folder = tmp_path_factory.mktemp("bin")
    places = [str(Path(sys.executable).parent), *os.environ.get("PATH", "").split(os.pathsep)]
    for place in filter(os.path.isdir, places):
        for entry in os.scandir(place):
            link = folder / entry.name
            if entry.name not in HIDDEN and not link.is_symlink():
                link.symlink_to(entry.path)
    return str(folder)


def _pytest(path: str, *args: str, ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = path
    if ci:
        env["CI"] = "true"
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def _counts(output: str) -> dict[str, int]:
    last = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|errors?)", last)}


def test_the_bare_path_has_none_of_the_programs(bare_path, monkeypatch):
    monkeypatch.setenv("PATH", bare_path)
    assert {name: program.find() for name, program in SYSTEM_PROGRAMS.items()} == dict.fromkeys(
        SYSTEM_PROGRAMS
    )


def test_without_the_programs_their_tests_skip_naming_the_debian_packages(bare_path):
    result = _pytest(bare_path, *NEEDY, ci=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    counts = _counts(result.stdout)
    assert counts.get("skipped", 0) >= 10 and counts.get("passed", 0) >= 4  # the others run
    assert "failed" not in counts and "error" not in counts and "errors" not in counts
    reasons = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert sum(int(re.search(r"\[(\d+)\]", r).group(1)) for r in reasons) == counts["skipped"]
    assert all("not installed here: install the Debian package" in r for r in reasons)
    for program in SYSTEM_PROGRAMS.values():
        assert any(program.package in r for r in reasons), program.package


def test_under_ci_a_missing_program_fails_its_tests(bare_path):
    result = _pytest(bare_path, "-m", "needs", *NEEDY, ci=True)
    assert result.returncode == 1
    counts = _counts(result.stdout)
    assert set(counts) == {"errors"} and counts["errors"] >= 10, result.stdout[-2000:]
    failures = [line for line in result.stdout.splitlines() if "CI must have" in line]
    for program in SYSTEM_PROGRAMS.values():
        assert any(program.package in line for line in failures), program.package
    assert "CI must have chromium" in result.stdout


def test_every_module_that_runs_a_system_program_asks_for_it_by_name():
    """A test module that runs a system program is one of NEEDY (whose tests ask for the
    program's fixture, as the runs above show), so no test finds out that it is missing."""
    running = {
        f"tests/{path.name}"
        for path in (ROOT / "tests").glob("test_*.py")
        if RUNS_A_PROGRAM.search(path.read_text(encoding="utf-8"))
    }
    assert running - {"tests/test_fresh_machine.py"} <= set(NEEDY)


def test_the_readme_names_each_optional_program_and_its_debian_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme.split("## Optional system programs", 1)[1].split("\n## ", 1)[0]
    for program in SYSTEM_PROGRAMS.values():
        assert program.package in part, program.package
    for words in ("Chromium", "LibreOffice", "poppler-utils", "PDF", "skipped"):
        assert words in part, words


def test_an_editable_install_prints_no_warning_block(tmp_path):
    """The README's quick starts install the kit editable: setuptools builds the editable
    wheel without its "Editable installation" warning block, as one plain path entry."""
    source = tmp_path / "psoas_track"
    left_out = ("*.egg-info", ".git", ".venv", "build", "dist", "reports", "__pycache__", ".*cache")
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*left_out))
    hook = "from setuptools import build_meta; print(build_meta.build_editable(%r))"
    result = subprocess.run(
        [sys.executable, "-c", hook % str(tmp_path / "out")],
        cwd=source, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    said = result.stdout + result.stderr
    assert result.returncode == 0, said[-3000:]
    assert "Editable installation" not in said and "!!" not in said, said[-3000:]
    with zipfile.ZipFile(tmp_path / "out" / result.stdout.strip().splitlines()[-1]) as wheel:
        (pth,) = [n for n in wheel.namelist() if n.endswith(".pth")]
        assert wheel.read(pth).decode().strip() == str(source)  # a plain path, no finder
