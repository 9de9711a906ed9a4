"""Step 1 of a report: the settings, checked against the template before any kernel starts.

papermill checks no parameter names and escapes only plain types, so names are checked
against the template and values limited to JSON (an unchecked name or value would run as
code in the notebook).
"""

from __future__ import annotations

import ast
import functools
import json
import sys
from pathlib import Path
from typing import Any

from psoas_track.report.errors import ReportError

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "weekly_report.ipynb"
JSON_TYPES = (str, int, float, bool, type(None), list, dict)
#: Filled in by render_week, not by the person asking for a report.
INTERNAL_PARAMETERS = ("log_path", "week", "week_file")

#: Settings with a range: (type, lowest, highest, what it is). Checked before any kernel
#: starts, so a bad value is one line, not a traceback from inside the notebook.
SETTING_RANGES: dict[str, tuple[type, float, float, str]] = {
    "seed": (int, 0, 2**32 - 1, "a whole number from 0"),
    "rest_target_minutes": (float, 0, 1440, "minutes from 0 to 1440"),
    "baseline_weeks": (int, 1, 52, "a whole number of weeks from 1 to 52"),
}


def leave_out_iri_grammar() -> None:
    """Before the first nbformat or papermill import of a process that makes reports.

    jsonschema (under nbformat and papermill) imports rfc3987_syntax when it is installed
    (jupyterlab's jupyter-events brings it), and that import compiles a grammar: 1.0-1.6 s
    before any report can start. No notebook schema checks IRIs, so the process goes
    without it: an import that finds None in sys.modules fails, and jsonschema then leaves
    that one format check out. Called when a report is made, never on import.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


@functools.cache  # --all asks once per week; papermill parses the whole notebook
def template_parameters(template: Path = TEMPLATE) -> dict[str, Any]:
    """The template's parameters and their defaults, as papermill reads them."""
    leave_out_iri_grammar()
    import papermill

    found = papermill.inspect_notebook(str(template))
    return {name: info.get("default") for name, info in found.items()}


def check_parameters(params: dict[str, Any], template: Path = TEMPLATE) -> dict[str, Any]:
    """Refuse names the template does not have and values that are not plain JSON."""
    known = template_parameters(template)
    for name, value in params.items():
        if name not in known or name in INTERNAL_PARAMETERS:
            allowed = ", ".join(n for n in known if n not in INTERNAL_PARAMETERS)
            raise ReportError(
                f"The report has no setting called '{name}'. Settings you can give: {allowed}."
            )
        if not isinstance(value, JSON_TYPES) or json.loads(json.dumps(value)) != value:
            raise ReportError(
                f"The setting '{name}' must be plain text, a number, true/false or a list; "
                f"{value!r} is none of those."
            )
        if name in SETTING_RANGES:
            _check_range(name, value, *SETTING_RANGES[name])
    _check_with_logs(params.get("with_logs", []))
    return params


def settings_of(params: dict[str, Any], template: Path = TEMPLATE) -> dict[str, Any]:
    """The report's settings as values: the template's defaults (papermill gives them as
    the code written there, e.g. '10'), overridden by `params` (checked before)."""
    defaults = {
        name: ast.literal_eval(code)
        for name, code in template_parameters(template).items()
        if name not in INTERNAL_PARAMETERS
    }
    return {**defaults, **params}


def _check_with_logs(paths: Any) -> None:
    """report --with: every other log must be a file that is there."""
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ReportError("The setting 'with_logs' must be a list of file paths.")
    for path in paths:
        if not Path(path).is_file():
            raise ReportError(f"There is no file at {path} to use beside the log; check the name.")


def _check_range(name: str, value: Any, kind: type, low: float, high: float, what: str) -> None:
    ok_type = isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        ok_type = ok_type and float(value).is_integer()
    if not (ok_type and low <= value <= high):
        raise ReportError(f"The setting '{name}' must be {what}; {value!r} is not.")
