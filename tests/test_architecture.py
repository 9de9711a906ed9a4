"""The house rules that are checked, not just drawn: layers, lint and private names."""

import ast
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


def test_ruff_format_is_clean():
    """The code is laid out by `ruff format` (Markdown examples are left as written)."""
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
        "plots.comparison_chart(analysis.compare_routine(days, n_boot=100))\n"
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


# --------------------------------------------------------------------------- private names

PACKAGE = ROOT / "psoas_track"

#: Private names one module still imports from another, by importing module. A name with
#: a leading underscore is its module's own business: a module that needs it should get a
#: public name (with a docstring) or the code itself. analysis/, experiment/ and daily.py
#: have none and must keep it so; shrink this list, never grow it.
PRIVATE_IMPORTS_ALLOWED: dict[str, set[str]] = {
    # write/
    "psoas_track.write.journal": {
        "psoas_track.write.files._locked",
        "psoas_track.write.files._refuse_if_open",
        "psoas_track.write.files._remove_stale_temps",
        "psoas_track.write.text._append_text",
        "psoas_track.write.text._append_text_rows",
        "psoas_track.write.values._check_day_limits",
        "psoas_track.write.values._resolve_others",
        "psoas_track.write.xlsx._append_xlsx",
        "psoas_track.write.xlsx._append_xlsx_rows",
    },
    "psoas_track.write.text": {
        "psoas_track.write.dialect._DateStyle",
        "psoas_track.write.dialect._Target",
        "psoas_track.write.dialect._date_style",
        "psoas_track.write.dialect._flag_words",
        "psoas_track.write.dialect._map_header",
        "psoas_track.write.dialect._neutralise",
        "psoas_track.write.dialect._new_header",
    },
    "psoas_track.write.xlsx": {
        "psoas_track.write.dialect._Target",
        "psoas_track.write.dialect._cell_text",
        "psoas_track.write.dialect._date_style",
        "psoas_track.write.dialect._flag_words",
        "psoas_track.write.dialect._looks_like_formula",
        "psoas_track.write.dialect._map_header",
        "psoas_track.write.dialect._new_header",
    },
}

#: Where no private name may be imported, and none may be allowed.
NO_PRIVATE_IMPORTS = (
    "psoas_track.analysis",
    "psoas_track.experiment",
    "psoas_track.daily",
    "psoas_track.plots",
    "psoas_track.words",
    "psoas_track.report",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _source(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute name of the module an ImportFrom reads from (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")[: len(module.split(".")) - node.level + is_package]
    return ".".join(base + ([node.module] if node.module else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_imports(text: str, module: str, is_package: bool = False) -> set[str]:
    """'module.name' for each private name of another psoas_track module that the source
    ``text`` of ``module`` imports, or reads as an attribute of a psoas_track module it
    imported."""
    tree = ast.parse(text)
    found, modules = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _source(module, node, is_package)
            if not source.startswith("psoas_track"):
                continue
            for alias in node.names:
                if _private(alias.name):
                    found.add(f"{source}.{alias.name}")
                elif _is_module(f"{source}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("psoas_track"):
                    bound = alias.asname or alias.name.split(".")[0]
                    modules[bound] = alias.name if alias.asname else alias.name.split(".")[0]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.add(f"{modules[node.value.id]}.{node.attr}")
    return found


def all_private_imports() -> dict[str, set[str]]:
    found = {
        _module_name(path): private_imports(
            path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py"
        )
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    return {module: names for module, names in found.items() if names}


def test_no_module_imports_a_private_name_of_another():
    """A leading underscore says 'this module's own': a name another module needs is made
    public (with a docstring), or its code moves to where it is used."""
    found = all_private_imports()
    new = {
        module: sorted(names - PRIVATE_IMPORTS_ALLOWED.get(module, set()))
        for module, names in found.items()
    }
    new = {module: names for module, names in new.items() if names}
    assert not new, f"private names imported from other modules: {new}"
    gone = {
        module: sorted(names - found.get(module, set()))
        for module, names in PRIVATE_IMPORTS_ALLOWED.items()
    }
    gone = {module: names for module, names in gone.items() if names}
    assert not gone, f"no longer imported: take them off PRIVATE_IMPORTS_ALLOWED: {gone}"


def test_the_statistics_words_charts_and_report_have_no_private_imports_allowed():
    allowed = [m for m in PRIVATE_IMPORTS_ALLOWED if m.startswith(NO_PRIVATE_IMPORTS)]
    assert allowed == []


def test_the_private_import_check_sees_every_way_of_importing():
    """The check itself: a from-import, a relative one (from a module and from a package's
    __init__), and a private attribute of an imported module are each found; public names
    and a module's own private names are not."""
    text = (
        "from psoas_track.analysis.common import _is_flag, as_float\n"
        "from .drift import _window_sums\n"
        "from psoas_track.analysis import bootstrap\n"
        "import psoas_track.analysis.weeks as weeks\n"
        "def _mine():\n"
        "    return bootstrap._draw_blocks, weeks.week_of, weeks._WEEK, _mine\n"
    )
    assert private_imports(text, "psoas_track.analysis.probe") == {
        "psoas_track.analysis.common._is_flag",
        "psoas_track.analysis.drift._window_sums",
        "psoas_track.analysis.bootstrap._draw_blocks",
        "psoas_track.analysis.weeks._WEEK",
    }
    in_init = private_imports("from .drift import _window_sums\n", "psoas_track.analysis", True)
    assert in_init == {"psoas_track.analysis.drift._window_sums"}


def test_every_top_level_module_has_its_place_in_the_layers():
    """The layers contract is exhaustive: each module and package of psoas_track is named
    in it (a new one fails lint-imports), and the report package's contract likewise."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    for container in ("psoas_track", "psoas_track.report"):
        contract = next(c for c in contracts if c.get("containers") == [container])
        assert contract["exhaustive"] is True
        named = {n.strip() for layer in contract["layers"] for n in layer.split("|")}
        folder = ROOT.joinpath(*container.split("."))
        present = {
            p.stem
            for p in folder.iterdir()
            if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
        }
        assert named == present, (container, present ^ named)


def test_every_package_of_the_tree_goes_into_the_wheel():
    """pyproject lists the packages (setuptools ships only those): a sub-package missing
    there would be missing from every install, found by no test that runs from the clone."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    in_tree = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "psoas_track").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert in_tree <= listed, sorted(in_tree - listed)
