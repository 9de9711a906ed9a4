"""The house rules that are checked, not just drawn: layers and lint."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_data_flows_one_way():
    """import-linter's contracts in pyproject.toml, every one kept: no module imports one
    above it, inside read/ no step imports a later one, the app readers never import each
    other, and inside cells/ only dates build on other cell parsers."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    result = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(contracts["contracts"]) >= 4
    assert f"{len(contracts['contracts'])} kept, 0 broken" in result.stdout


def test_ruff_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_help_does_not_import_pandas():
    """`psoas-track --help` must answer at once: pandas and scipy load only when used."""
    code = (
        "import sys; from psoas_track import cli; "
        "print(any(m in sys.modules for m in ('pandas', 'scipy', 'matplotlib')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_explorer_and_every_chart_never_import_scipy():
    """scipy is the tests' reference only: the explorer's first scatter waited a second
    for scipy.stats, and a user's install does not have it."""
    code = (
        "import sys\n"
        "from psoas_track import analysis, plots, widgets\n"
        "from psoas_track.daily import daily\n"
        "from psoas_track.read.log import read_log\n"
        "days = daily(read_log('data/example_log.csv'))\n"
        "ex = widgets.Explorer(days, n_boot=100)\n"
        "for tab in ('Load vs pain', 'Associations', 'Comparisons', 'Experiment'):\n"
        "    ex.show(tab)\n"
        "table = analysis.associations(days, n_boot=100)\n"
        "plots.association_heatmap(table)\n"
        "plots.comparison_chart(days, n_boot=100)\n"
        "print(analysis.trend(days, 'back_pain').summary)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_public_api_names_are_the_functions():
    """`pt.daily(log)` works every time, also once the `psoas_track.daily` module is loaded."""
    code = (
        "import psoas_track as pt\n"
        "from psoas_track.daily import daily\n"
        "log = pt.read_log('data/example_log.csv')\n"
        "assert pt.daily is daily and len(pt.daily(log)) == len(pt.daily(log)) == 182\n"
        "for name in pt.__all__:\n"
        "    assert getattr(pt, name) is not None, name\n"
        "    assert not isinstance(getattr(pt, name), type(pt)), name\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr
