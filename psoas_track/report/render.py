"""A week's report, as a flat list of named steps (papermill's execute_notebook reads the
same way): check the settings (parameters.py), compute the week once (week.py), run the
template on a kernel (kernels.py, execute.py), export HTML and PDF (export.py), put the
files in place (folders.py). Each step is in its own module; this one only orders them.

Facts the steps stand on are in docs/design.md, "How reports are made".
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from psoas_track import shipped
from psoas_track.report.errors import ReportError
from psoas_track.report.execute import execute
from psoas_track.report.export import chromium, export_html, print_pdf, warm_html_exporter
from psoas_track.report.folders import Rendered, put_in_place, work_folder, writable_folder
from psoas_track.report.kernels import warm_kernel
from psoas_track.report.parameters import TEMPLATE, check_parameters, settings_of

EXAMPLE_LOG = shipped.example_log()


def render_week(
    log_path: str | Path,
    week: str = "latest",
    out_dir: str | Path = "reports",
    template: Path = TEMPLATE,
    kernel: Any = None,
    pdf: str | None = None,
    **params: Any,
) -> Rendered:
    """Render one week's report: <week>.ipynb, <week>.html (offline) and <week>.json, and
    <week>.pdf when `pdf` names a paper ("a4" or "letter").

    kernel: a started kernel manager to run on (see `warm_kernel`); None starts one.
    Everything is made in a folder inside `out_dir` (the same filesystem) and renamed
    into place, the .json last: a report is there whole or not at all, and its .json
    carries the key of what it was made from (keys.py).

    >>> render_week("data/example_log.csv", "2026-W47", "reports")  # doctest: +SKIP
    Rendered(week='2026-W47', ...)
    """
    check_parameters(params, template)
    out_dir = writable_folder(out_dir)
    if pdf is not None:
        chromium()  # before any kernel starts
    log_path = Path(log_path).resolve()
    with ExitStack() as stack:
        # The kernel starts and imports while this process reads the log and computes.
        kernel = kernel or stack.enter_context(warm_kernel(template.parent))
        computed = compute_week(log_path, week, params, template)
        label = computed.week.label
        warming = threading.Thread(target=warm_html_exporter, daemon=True)
        warming.start()
        work = Path(stack.enter_context(work_folder(out_dir)))
        made = Rendered.at(work, label)
        internal = {
            "log_path": str(log_path),
            "week": label,
            "week_file": str(computed.save(work / f"{label}.week")),
        }
        try:
            execute(template, made.notebook, {**params, **internal}, kernel, out_dir)
        finally:
            kernel.stop_clients()
            warming.join()
        write_figures(computed, made.figures, week_key_of(log_path, label, params, template))
        export_html(made.notebook, made.html)
        printed = [print_pdf(made.html, work / f"{label}.pdf", pdf)] if pdf else []
        for path in (made.notebook, made.html, *printed, made.figures):
            put_in_place(path, out_dir / path.name)
    return Rendered.at(out_dir, label, pdf=bool(pdf))


# ---------------------------------------------------------------- the log, read once


@functools.lru_cache(maxsize=4)
def _read_once(path: str, mtime_ns: int, size: int) -> Any:
    from psoas_track.read.log import read_log

    return read_log(path)


@functools.lru_cache(maxsize=4)
def _days_once(path: str, mtime_ns: int, size: int) -> Any:
    from psoas_track.daily import daily

    return daily(_read_once(path, mtime_ns, size))


def _once(reader: Any, log_path: str | Path) -> Any:
    """`reader` of the log, once while the file is unchanged; a ReportError saying why
    when it cannot be read."""
    from psoas_track.read.log import LogError

    try:
        stat = os.stat(log_path)
        return reader(str(Path(log_path).resolve()), stat.st_mtime_ns, stat.st_size)
    except LogError as error:
        raise ReportError(str(error)) from error
    except OSError as error:
        raise ReportError(f"Cannot read the log {log_path}: {error.strerror}.") from error


def read_log_once(log_path: str | Path) -> Any:
    """The log, read once while the file is unchanged (a report reads it once)."""
    return _once(_read_once, log_path)


def _days_of(log_path: str | Path) -> Any:
    """The log's day table, for the weeks it has (report --all); a single report makes
    its own with its settings (compute_week)."""
    return _once(_days_once, log_path)


def compute_week(
    log_path: str | Path, week: str, params: dict[str, Any], template: Path = TEMPLATE
) -> Any:
    """The WeekReport of `week` ('latest' or '2026-W47') with the report's settings: the
    one object the notebook, the .json and the dashboard read."""
    from psoas_track.report.week import build, report_days

    log = read_log_once(log_path)
    settings = settings_of(params, template)
    try:
        all_days = report_days(log, settings["rest_target_minutes"], settings["with_logs"])
        return build(
            log_path,
            _label(log_path, week, all_days),
            rest_target_minutes=settings["rest_target_minutes"],
            baseline_weeks=settings["baseline_weeks"],
            seed=settings["seed"],
            with_logs=settings["with_logs"],
            log=log,
            all_days=all_days,
        )
    except ValueError as error:
        raise ReportError(str(error)) from error


def _label(log_path: str | Path, week: str, days: Any) -> str:
    """'latest' or '2026-W47' -> the ISO week label; clear errors for bad or outside weeks."""
    from psoas_track.analysis.weekly import week_in_log

    if not len(days):
        raise ReportError(
            f"The log {Path(log_path).name} has no entries yet, so there is no week to "
            "report on. Add an entry and try again."
        )
    try:
        return week_in_log(week, days).label
    except ValueError as error:
        raise ReportError(str(error)) from error


def weeks_in_log(log_path: str | Path, since: str | None = None) -> list[str]:
    """Every ISO week with at least one entry, oldest first (from `since` on, if given)."""
    from psoas_track.analysis.weekly import parse_week, weeks_with_entries

    days = _days_of(log_path)
    weeks = weeks_with_entries(days)
    if since is not None:
        try:
            first = parse_week(since, days)
        except ValueError as error:
            raise ReportError(str(error)) from error
        weeks = [w for w in weeks if w >= first]
    return [w.label for w in weeks]


# ---------------------------------------------------------------- the .json and its key


def write_figures(computed: Any, path: Path, key: str) -> None:
    """The week's key figures and the key of what they were made from: the one writer of
    <week>.json."""
    from psoas_track.report.keys import KEY_FIELD

    figures = {**computed.figures, KEY_FIELD: key}
    path.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def week_key_of(log_path: str | Path, label: str, params: dict[str, Any], template: Path) -> str:
    """The key of what the week's report is made from (keys.week_key), defaults filled in."""
    from psoas_track.analysis.weekly import parse_week
    from psoas_track.experiment import plan_path
    from psoas_track.report.keys import week_key

    log = read_log_once(log_path)
    settings = settings_of(params, template)
    end = parse_week(label).end.date()
    plan = plan_path(log_path)  # the experiment's plan, if any, is part of what it shows
    settings["experiment"] = plan.read_text(encoding="utf-8") if plan.exists() else None
    # Logs used beside it (report --with): what they hold, not only their names.
    settings["with_logs"] = [[str(p), _digest_of(p)] for p in settings["with_logs"]]
    return week_key(log, Path(log_path).name, end, settings, template)


def _digest_of(path: str | Path) -> str:
    """A file's sha256, read once while it is unchanged (report --all asks once a week)."""
    stat = os.stat(path)
    return _digest(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
