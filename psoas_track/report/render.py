"""Weekly reports: run the template weekly_report.ipynb through papermill, export offline HTML.

Facts this module stands on (measured, see docs/design.md "How reports are made"):
papermill checks no parameter names and escapes only plain types, so names are checked
against the template and values limited to JSON; per-cell saves cost ~17 ms each, so
they are off; kernels talk over IPC, so no TCP port is open and parallel renders never
race for ports; both stock HTML templates load scripts from a CDN, so ours empties them.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psoas_track import shipped

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "weekly_report.ipynb"
HTML_TEMPLATES = HERE / "templates"
HTML_TEMPLATE_NAME = "offline"
EXAMPLE_LOG = shipped.example_log()
JSON_TYPES = (str, int, float, bool, type(None), list, dict)
# Filled in by render_week, not by the person asking for a report.
INTERNAL_PARAMETERS = ("log_path", "week", "figures_path")


class ReportError(Exception):
    """A report cannot be made; the message says what to do."""


@dataclass(frozen=True)
class Rendered:
    week: str
    notebook: Path
    html: Path
    figures: Path


def template_parameters(template: Path = TEMPLATE) -> dict[str, Any]:
    """The template's parameters and their defaults, as papermill reads them."""
    import papermill

    found = papermill.inspect_notebook(str(template))
    return {name: info.get("default") for name, info in found.items()}


def check_parameters(params: dict[str, Any], template: Path = TEMPLATE) -> dict[str, Any]:
    """Refuse names the template does not have and values that are not plain JSON.

    papermill writes each parameter as `name = value` code in the notebook, so an
    unchecked name or value would run as code.
    """
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
    return params


@functools.cache  # one class for every kernel; built lazily, jupyter_client is heavy
def _ipc_kernel_manager() -> type:
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IPCKernelManager(AsyncKernelManager):
        """A kernel reached through socket files in the runtime folder, not TCP ports."""

        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.clients_made: list[Any] = []

        def _ip_default(self) -> str:
            # jupyter_client's default is 'kernel-ipc' in the working folder, the same
            # files for every kernel started there: parallel renders would share them.
            from jupyter_core.paths import jupyter_runtime_dir

            os.makedirs(jupyter_runtime_dir(), exist_ok=True)
            return os.path.join(jupyter_runtime_dir(), f"psoas-kernel-{uuid.uuid4().hex}")

        def client(self, **kwargs: Any) -> Any:
            # nbclient leaves a client it did not make the kernel for running (sockets and a
            # heartbeat thread); we keep them to stop them after each report.
            made = super().client(**kwargs)
            self.clients_made.append(made)
            return made

        def stop_clients(self) -> None:
            while self.clients_made:
                self.clients_made.pop().stop_channels()

        async def _launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # The kernel's own console chatter ("KeyboardInterrupt caught in kernel" at
            # shutdown) would land in the person's terminal; errors reach us as messages.
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            await AsyncKernelManager._async_launch_kernel(self, kernel_cmd, **kw)

    return IPCKernelManager


def _days_of(log_path: str | Path) -> Any:
    """The log's day table, or a ReportError saying why the log cannot be read."""
    from psoas_track.daily import daily
    from psoas_track.read.log import LogError, read_log

    try:
        return daily(read_log(log_path))
    except LogError as error:
        raise ReportError(str(error)) from error


def resolve_week(log_path: str | Path, week: str) -> str:
    """'latest' or '2026-W47' -> the ISO week label; clear errors for bad or outside weeks."""
    from psoas_track.analysis.weekly import week_in_log

    days = _days_of(log_path)
    if not len(days):
        raise ReportError(
            f"The log {Path(log_path).name} has no entries yet, so there is no week to "
            "report on. Add an entry and try again."
        )
    try:
        return week_in_log(week, days).label
    except ValueError as error:
        raise ReportError(str(error)) from error


def render_week(
    log_path: str | Path,
    week: str = "latest",
    out_dir: str | Path = "reports",
    template: Path = TEMPLATE,
    kernel: Any = None,
    **params: Any,
) -> Rendered:
    """Render one week's report: <week>.ipynb, <week>.html (offline) and <week>.json.

    kernel: a started kernel manager to run on (see `warm_kernel`); None starts one.

    >>> render_week("data/example_log.csv", "2026-W47", "reports")  # doctest: +SKIP
    Rendered(week='2026-W47', ...)
    """
    check_parameters(params, template)
    if kernel is None:
        # The kernel starts and imports while this process reads the log.
        with warm_kernel(template.parent) as started:
            return render_week(log_path, week, out_dir, template, kernel=started, **params)
    log_path = Path(log_path).resolve()
    label = resolve_week(log_path, week)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook = out_dir / f"{label}.ipynb"
    figures = out_dir / f"{label}.json"
    warming = threading.Thread(target=_warm_html_exporter, daemon=True)
    warming.start()
    with tempfile.TemporaryDirectory(prefix="psoas-report-") as work:
        partial_figures = Path(work) / "figures.json"
        internal = {"log_path": str(log_path), "week": label, "figures_path": str(partial_figures)}
        try:
            _execute(template, notebook, {**params, **internal}, kernel)
        finally:
            kernel.stop_clients()
            warming.join()
        os.replace(partial_figures, figures)
    html = export_html(notebook, out_dir / f"{label}.html")
    return Rendered(label, notebook, html, figures)


def _execute(template: Path, notebook: Path, parameters: dict[str, Any], kernel: Any) -> None:
    """Run the template with the parameters on the kernel into `notebook`, errors in words."""
    import papermill

    label = parameters["week"]
    try:
        papermill.execute_notebook(
            str(template),
            str(notebook),
            parameters=parameters,
            request_save_on_cell_execute=False,
            progress_bar=False,
            kernel_name="python3",
            cwd=str(template.parent),
            km=kernel,
        )
    except papermill.PapermillExecutionError as error:
        raise ReportError(
            f"The report for {label} stopped with an error in the notebook "
            f"({error.ename}: {error.evalue}). The partly made notebook is {notebook}."
        ) from error
    except (RuntimeError, TimeoutError) as error:  # nbclient: the kernel died or hung
        raise ReportError(
            f"The report for {label} could not be made: the notebook's Python process "
            f"stopped ({type(error).__name__}: {error}). Try again; if it happens again, "
            f"open {template} in JupyterLab and run it to see why."
        ) from error


@functools.cache
def _html_exporter() -> Any:
    from nbconvert import HTMLExporter

    from psoas_track.report.safe import clean_html

    return HTMLExporter(
        template_name=HTML_TEMPLATE_NAME,
        extra_template_basedirs=[str(HTML_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        # Never inline an image a Markdown string names: a note could name any file.
        embed_images=False,
        # A second wall behind report.safe.text: every Markdown and HTML output cleaned.
        sanitize_html=True,
        filters={"clean_html": clean_html},
    )


def _warm_html_exporter() -> None:
    """Import nbconvert and compile our template (~0.7 s) while the kernel works."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm-up")])
    _html_exporter().from_notebook_node(notebook)


def export_html(notebook: Path, html: Path) -> Path:
    """A self-contained HTML file: no code, no prompts, images inline, nothing from the web."""
    import nbformat

    body, _ = _html_exporter().from_notebook_node(nbformat.read(notebook, as_version=4))
    html.write_text(body, encoding="utf-8")
    return html


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


@contextmanager
def warm_kernel(cwd: Path = TEMPLATE.parent) -> Iterator[Any]:
    """One IPC kernel kept running for several reports, shut down at the end.

    Starting a kernel and importing pandas, scipy and matplotlib in it costs seconds;
    a worker that renders many weeks pays that once.
    """
    from jupyter_core.utils import run_sync

    manager = _ipc_kernel_manager()(kernel_name="python3")
    try:
        run_sync(manager.start_kernel)(cwd=str(cwd))
    except Exception as error:  # no kernel: say so in words
        raise ReportError(
            f"Could not start Python to run the report ({type(error).__name__}: {error}). "
            "Check that the package was installed with its dependencies (see README)."
        ) from error
    _preload(manager)
    try:
        yield manager
    finally:
        run_sync(manager.shutdown_kernel)(now=True)


# What the report template imports; the kernel loads it while the caller reads the log.
PRELOAD = "import pandas, matplotlib.pyplot, psoas_track.plots, psoas_track.report.content"


def _preload(manager: Any) -> None:
    """Ask the kernel to import the report's modules now, without waiting for it."""
    client = manager.blocking_client()
    client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    try:
        client.execute(PRELOAD, silent=True, store_history=False)
    finally:
        client.stop_channels()


def _render_share(
    log_path: str, weeks: list[str], out_dir: str, params: dict[str, Any], finished: Any
) -> list[Rendered]:
    """A worker's share of the weeks, on one kernel; each finished week goes to the queue."""
    done = []
    with warm_kernel() as kernel:
        for week in weeks:
            done.append(render_week(log_path, week, out_dir, kernel=kernel, **params))
            finished.put(week)
    return done


def render_weeks(
    log_path: str | Path,
    weeks: Iterable[str],
    out_dir: str | Path = "reports",
    jobs: int | None = None,
    progress: bool = True,
    **params: Any,
) -> list[Rendered]:
    """Render many weeks in parallel worker processes, with a progress bar.

    Each worker keeps one kernel for all its weeks, so the kernel's start-up and imports
    are paid once per worker, not once per week.
    """
    import multiprocessing

    from tqdm.auto import tqdm

    check_parameters(params)
    weeks = list(weeks)
    if not weeks:
        return []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(weeks)))
    shares = [weeks[i::jobs] for i in range(jobs)]
    done: list[Rendered] = []
    with (
        multiprocessing.Manager() as manager,
        tqdm(total=len(weeks), unit="report", disable=not progress, desc="Rendering") as bar,
    ):
        finished = manager.Queue()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_render_share, str(log_path), share, str(out_dir), params, finished)
                for share in shares
            ]
            while bar.n < len(weeks) and not all(f.done() for f in futures):
                try:
                    finished.get(timeout=0.2)
                    bar.update()
                except queue.Empty:
                    pass
            for future in futures:
                done.extend(future.result())  # raises a worker's error here
            bar.update(len(weeks) - bar.n)
    return sorted(done, key=lambda r: r.week)
