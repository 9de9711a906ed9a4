"""One error family: every error a person can act on is a PsoasError, and the command
catches that base once and says it in one line (exit 2), whichever stage raised it."""

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import psoas_track
from psoas_track.cli import cli
from psoas_track.errors import PsoasError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example_log.csv"


def _modules():
    """Every module of the package (a `__main__` would run the command on import)."""
    for info in pkgutil.walk_packages(psoas_track.__path__, prefix="psoas_track."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _exception_classes() -> dict[str, type]:
    """Every exception class defined in the package, by its dotted name."""
    found = {}
    for module in _modules():
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = obj
    return found


def test_every_error_class_of_the_package_is_a_psoas_error():
    """Found by scanning the package, so a new error class cannot slip by uncaught."""
    classes = _exception_classes()
    # The scan sees the stages' errors (it would pass vacuously if it saw nothing).
    assert {
        "psoas_track.read.table.LogError",
        "psoas_track.read.ods.OdsError",
        "psoas_track.write.errors.JournalError",
        "psoas_track.report.errors.ReportError",
        "psoas_track.experiment.plan.PlanError",
        "psoas_track.sources.base.SourceError",
        "psoas_track.dashboard.serve.DashboardError",
        "psoas_track.analysis.weeks.WeekError",
        "psoas_track.sample.SampleError",
        "psoas_track.shipped.CopyError",
        "psoas_track.cli.common.UsageProblem",
    } <= set(classes)
    outside = sorted(name for name, cls in classes.items() if not issubclass(cls, PsoasError))
    assert outside == [], f"not a PsoasError, so the command would show a traceback: {outside}"


def test_the_errors_callers_caught_as_valueerror_still_are():
    """A week, a sample and an export that cannot be read were ValueErrors before the
    family: code that catches ValueError keeps working."""
    from psoas_track.analysis.weeks import WeekError
    from psoas_track.sample import SampleError
    from psoas_track.sources import SourceError

    assert all(issubclass(cls, ValueError) for cls in (WeekError, SampleError, SourceError))


class DeepError(PsoasError):
    """A stage's error the command has never heard of."""


def test_a_psoas_error_from_deep_inside_is_one_line_and_exit_2(monkeypatch):
    def fails(*args, **kwargs):
        raise DeepError("The day table cannot be made: fix row 3 and try again.")

    monkeypatch.setattr(importlib.import_module("psoas_track.daily"), "daily", fails)
    for command in ("check", "insights"):
        result = CliRunner().invoke(cli, [command, str(EXAMPLE)])
        assert result.exit_code == 2, (command, result.output)
        assert result.output == "Error: The day table cannot be made: fix row 3 and try again.\n"
        assert isinstance(result.exception, SystemExit)


def test_a_bug_is_not_a_psoas_error_and_keeps_its_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(importlib.import_module("psoas_track.daily"), "daily", broken)
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE)])
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)


def test_the_command_prints_the_error_on_stderr_only(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "psoas_track.cli", "check", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr


def test_ctrl_c_during_a_report_is_one_line_and_exit_130(monkeypatch, tmp_path):
    from psoas_track import report

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "render_week", interrupted)
    for args in (["demo", "--out", tmp_path], ["report", EXAMPLE, "--out", tmp_path]):
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == 130, result.output
        assert result.output == "Stopped: no report written.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notebooks", "{tmp}/nb", "--log", "log.csv"], "already exists; move it away"),
        (["sample", "--days", "5", "--end", "2999-01-01", "-o", "{tmp}/s.csv"], "after today"),
        (["import", "{tmp}/log.csv"], "is not an export this kit knows"),
        (["experiment", "stop", "{tmp}/log.csv"], "has no running experiment"),
    ],
)
def test_each_stage_says_its_error_the_same_way(tmp_path, args, message):
    """Errors of the shipped files, the sample, the sources and the experiment."""
    (tmp_path / "log.csv").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "explore.ipynb").write_text("{}")
    result = CliRunner().invoke(cli, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and message in result.output
    assert isinstance(result.exception, SystemExit)
