import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import pytest

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def write(tmp_path):
    """Write text (or bytes) to a file in a fresh folder and return its path."""

    def _write(content, name="log.csv", encoding="utf-8"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# System programs (the README's "Optional system programs"). A test that needs one asks
# for it by name, as a fixture (`def test_x(chromium): ...`, or a fixture of the test
# that does), and gets its path. Without it the test is skipped, naming the Debian
# package to install, so the README's test command passes on a fresh machine; under
# CI=true it fails instead, because CI installs them all (.ci/run) and a test skipped
# there would hide that it never ran.


def _on_path(*names: str):
    return lambda: next((found for found in map(shutil.which, names) if found), None)


def _kits_chromium() -> str | None:
    """The browser the kit itself prints with (report.export.chromium), or None."""
    from psoas_track.report.errors import ReportError
    from psoas_track.report.export import chromium

    try:
        return chromium()
    except ReportError:
        return None


@dataclass(frozen=True)
class SystemProgram:
    package: str  # the Debian package that brings it
    purpose: str  # what the tests use it for
    find: Callable[[], str | None]  # its path, or None


SYSTEM_PROGRAMS = {
    "chromium": SystemProgram(
        "chromium", "opening and printing reports, and the browser tests", _kits_chromium
    ),
    "soffice": SystemProgram(
        "libreoffice-calc-nogui", "the spreadsheet round trip", _on_path("soffice", "libreoffice")
    ),
    "pdftotext": SystemProgram("poppler-utils", "reading printed PDFs", _on_path("pdftotext")),
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def needs(*programs: str) -> list[str]:
    """The paths of the system programs a test needs. Without any of them the test is
    skipped (failed under CI=true), naming the Debian packages that bring them."""
    found = {program: SYSTEM_PROGRAMS[program].find() for program in programs}
    missing = [program for program, path in found.items() if path is None]
    if not missing:
        return list(found.values())
    names = " and ".join(missing)
    debian = "Debian package" + ("s " if len(missing) > 1 else " ")
    debian += " and ".join(SYSTEM_PROGRAMS[p].package for p in missing)
    uses = "; ".join(SYSTEM_PROGRAMS[p].purpose for p in missing)
    if in_ci():
        message = f"CI must have {names} ({debian}, for {uses}): .ci/run installs it."
        pytest.fail(message, pytrace=False)
    pytest.skip(f"needs {names}, not installed here: install the {debian} (for {uses})")


def pytest_collection_modifyitems(items):
    """Mark each test that needs a system program `needs(program, ...)`, so that
    `-m needs` selects them and the rule above runs before any of their fixtures."""
    for item in items:
        wanted = [p for p in SYSTEM_PROGRAMS if p in getattr(item, "fixturenames", ())]
        if wanted:
            item.add_marker(pytest.mark.needs(*wanted))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # before the test's fixtures: a module's costly fixture (a rendered report) is not
    # made for a test that is skipped anyway
    for marker in item.iter_markers("needs"):
        needs(*marker.args)


@pytest.fixture(scope="session")
def chromium() -> str:
    return needs("chromium")[0]


@pytest.fixture(scope="session")
def soffice() -> str:
    return needs("soffice")[0]


@pytest.fixture(scope="session")
def pdftotext() -> str:
    return needs("pdftotext")[0]
