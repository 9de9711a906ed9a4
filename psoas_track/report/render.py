"""Weekly reports: run the template weekly_report.ipynb through papermill, export offline HTML.

Facts this module stands on (measured, see docs/design.md "How reports are made"):
papermill checks no parameter names and escapes only plain types, so names are checked
against the template and values limited to JSON; per-cell saves cost ~17 ms each, so
they are off; kernels talk over IPC, so no TCP port is open and parallel renders never
race for ports; both stock HTML templates load scripts from a CDN, so ours empties them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psoas_track import shipped
from psoas_track.errors import PsoasError

# jsonschema (under nbformat and papermill) imports rfc3987_syntax when it is installed
# (jupyterlab's jupyter-events brings it), and that import compiles a grammar: 1.0-1.6 s
# before any report can start. No notebook schema checks IRIs, so the process that makes
# reports goes without it: an import that finds None in sys.modules fails, and jsonschema
# then leaves that one format check out. (The kernels are processes of their own.)
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "weekly_report.ipynb"
HTML_TEMPLATES = HERE / "templates"
HTML_TEMPLATE_NAME = "offline"
EXAMPLE_LOG = shipped.example_log()
JSON_TYPES = (str, int, float, bool, type(None), list, dict)
# Filled in by render_week, not by the person asking for a report.
INTERNAL_PARAMETERS = ("log_path", "week", "figures_path")


class ReportError(PsoasError):
    """A report cannot be made; the message says what to do."""


@dataclass(frozen=True)
class Rendered:
    week: str
    notebook: Path
    html: Path
    figures: Path
    pdf: Path | None = None

    @classmethod
    def at(cls, folder: Path, week: str, pdf: bool = False) -> Rendered:
        """The files of `week`'s report in `folder`."""
        files = (folder / f"{week}{ext}" for ext in (".ipynb", ".html", ".json"))
        return cls(week, *files, folder / f"{week}.pdf" if pdf else None)


@functools.cache  # --all asks once per week; papermill parses the whole notebook
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
        if name in SETTING_RANGES:
            _check_range(name, value, *SETTING_RANGES[name])
    _check_with_logs(params.get("with_logs", []))
    return params


def _check_with_logs(paths: Any) -> None:
    """report --with: every other log must be a file that is there."""
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ReportError("The setting 'with_logs' must be a list of file paths.")
    for path in paths:
        if not Path(path).is_file():
            raise ReportError(f"There is no file at {path} to use beside the log; check the name.")


#: Settings with a range: (type, lowest, highest, what it is). Checked before any kernel
#: starts, so a bad value is one line, not a traceback from inside the notebook.
SETTING_RANGES: dict[str, tuple[type, float, float, str]] = {
    "seed": (int, 0, 2**32 - 1, "a whole number from 0"),
    "rest_target_minutes": (float, 0, 1440, "minutes from 0 to 1440"),
    "baseline_weeks": (int, 1, 52, "a whole number of weeks from 1 to 52"),
}


def _check_range(name: str, value: Any, kind: type, low: float, high: float, what: str) -> None:
    ok_type = isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        ok_type = ok_type and float(value).is_integer()
    if not (ok_type and low <= value <= high):
        raise ReportError(f"The setting '{name}' must be {what}; {value!r} is not.")


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
            return os.path.join(jupyter_runtime_dir(), _kernel_file_name())

        def _connection_file_default(self) -> str:
            # Named by our process id too, so a later run can remove what a killed one left.
            from jupyter_core.paths import jupyter_runtime_dir

            return os.path.join(jupyter_runtime_dir(), _kernel_file_name() + ".json")

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


KERNEL_FILES = "psoas-kernel-"
WORK_FOLDERS = ".psoas-report-"


def _kernel_file_name() -> str:
    return f"{KERNEL_FILES}{os.getpid()}-{uuid.uuid4().hex}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_left_behind(folder: Path, prefix: str) -> None:
    """Remove files and folders named `<prefix><pid>-...` whose process is gone: what a
    killed run left (kernel sockets, half-made reports)."""
    for path in folder.glob(f"{prefix}*"):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


@functools.lru_cache(maxsize=4)
def _read_once(path: str, mtime_ns: int, size: int) -> tuple[Any, Any]:
    from psoas_track.daily import daily
    from psoas_track.read.log import read_log

    log = read_log(path)
    return log, daily(log)


def log_and_days(log_path: str | Path) -> tuple[Any, Any]:
    """The log and its day table, read once while the file is unchanged; a ReportError
    saying why when it cannot be read."""
    from psoas_track.read.log import LogError

    try:
        stat = os.stat(log_path)
        return _read_once(str(Path(log_path).resolve()), stat.st_mtime_ns, stat.st_size)
    except LogError as error:
        raise ReportError(str(error)) from error
    except OSError as error:
        raise ReportError(f"Cannot read the log {log_path}: {error.strerror}.") from error


def _days_of(log_path: str | Path) -> Any:
    """The log's day table, or a ReportError saying why the log cannot be read."""
    return log_and_days(log_path)[1]


def writable_folder(out_dir: str | Path) -> Path:
    """The --out folder, made if missing, or a ReportError when reports cannot go there."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=f"{WORK_FOLDERS}{os.getpid()}-"):
            pass
    except OSError as error:
        raise ReportError(
            f"Cannot write the reports into {out_dir} ({error.strerror or error}). Choose a "
            "folder you can write to with --out."
        ) from error
    return out_dir.resolve()  # the kernel runs in another folder: it needs whole paths


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
    if kernel is None:
        # The kernel starts and imports while this process reads the log.
        with warm_kernel(template.parent) as started:
            return render_week(log_path, week, out_dir, template, kernel=started, pdf=pdf, **params)
    log_path = Path(log_path).resolve()
    label = resolve_week(log_path, week)
    remove_left_behind(out_dir, WORK_FOLDERS)
    warming = threading.Thread(target=_warm_html_exporter, daemon=True)
    warming.start()
    with tempfile.TemporaryDirectory(prefix=f"{WORK_FOLDERS}{os.getpid()}-", dir=out_dir) as work:
        made = Rendered.at(Path(work), label)
        internal = {"log_path": str(log_path), "week": label, "figures_path": str(made.figures)}
        try:
            _execute(template, made.notebook, {**params, **internal}, kernel, out_dir)
        finally:
            kernel.stop_clients()
            warming.join()
        _record_key(made.figures, week_key_of(log_path, label, params, template))
        export_html(made.notebook, made.html)
        printed = [print_pdf(made.html, Path(work) / f"{label}.pdf", pdf)] if pdf else []
        for path in (made.notebook, made.html, *printed, made.figures):
            _put_in_place(path, out_dir / path.name)
    return Rendered.at(out_dir, label, pdf=bool(pdf))


def _put_in_place(made: Path, destination: Path) -> None:
    try:
        os.replace(made, destination)
    except OSError as error:
        raise ReportError(
            f"Cannot put {destination.name} in {destination.parent} ({error.strerror}); "
            "check that it is not open elsewhere or is a folder, and try again."
        ) from error


PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def chromium() -> str:
    """The system's Chromium, or a ReportError saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise ReportError(
        "Making a PDF needs the Chromium browser, which is not installed here. Install it "
        "(on Debian or Ubuntu: sudo apt install chromium) or leave out --pdf: the HTML "
        "report prints from any browser."
    )


def print_pdf(html: Path, pdf: Path, paper: str = "a4") -> Path:
    """Print the offline HTML to PDF with the system's headless Chromium, on A4 or Letter
    (the template's print CSS lays out the pages); no network, no download."""
    if paper not in PAPER_SIZES:
        raise ReportError(f"The paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}.")
    page = f"<style>@page {{ size: {PAPER_SIZES[paper]}; }}</style></head>"
    sized = pdf.with_suffix(".print.html")
    sized.write_text(html.read_text(encoding="utf-8").replace("</head>", page, 1), "utf-8")
    with tempfile.TemporaryDirectory(
        prefix=f"{WORK_FOLDERS}{os.getpid()}-", dir=pdf.parent
    ) as profile:
        command = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", sized.as_uri(),
        ]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise ReportError(f"Chromium could not print {html.name} to PDF ({error}).") from error
    sized.unlink()
    if not pdf.exists():
        raise ReportError(f"Chromium did not write {pdf.name}; try again, or print the HTML.")
    return pdf


def week_key_of(log_path: str | Path, label: str, params: dict[str, Any], template: Path) -> str:
    """The key of what the week's report is made from (keys.week_key), defaults filled in."""
    from psoas_track.analysis.weekly import parse_week
    from psoas_track.experiment import plan_path
    from psoas_track.report.keys import week_key

    log, days = log_and_days(log_path)
    settings = {**template_parameters(template), **params}
    for name in INTERNAL_PARAMETERS:
        settings.pop(name, None)
    end = parse_week(label, days).end.date()
    plan = plan_path(log_path)  # the experiment's plan, if any, is part of what it shows
    settings["experiment"] = plan.read_text(encoding="utf-8") if plan.exists() else None
    # Logs used beside it (report --with): what they hold, not only their names.
    settings["with_logs"] = [
        [str(p), _digest_of(p)]
        for p in params.get("with_logs", [])  # (the template's default is the text "[]")
    ]
    return week_key(log, Path(log_path).name, end, settings, template)


def _digest_of(path: str | Path) -> str:
    """A file's sha256, read once while it is unchanged (report --all asks once a week)."""
    stat = os.stat(path)
    return _digest(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _record_key(figures: Path, key: str) -> None:
    from psoas_track.report.keys import KEY_FIELD

    saved = json.loads(figures.read_text(encoding="utf-8"))
    saved[KEY_FIELD] = key
    figures.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _execute(
    template: Path, notebook: Path, parameters: dict[str, Any], kernel: Any, out_dir: Path
) -> None:
    """Run the template with the parameters on the kernel into `notebook`, errors in words
    (a notebook that stopped with an error is kept as <week>.failed.ipynb in `out_dir`)."""
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
        kept = out_dir / f"{label}.failed.ipynb"
        os.replace(notebook, kept)
        raise ReportError(
            f"The report for {label} stopped with an error in the notebook "
            f"({error.ename}: {error.evalue}). The partly made notebook is {kept}."
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
    from jupyter_core.paths import jupyter_runtime_dir
    from jupyter_core.utils import run_sync

    remove_left_behind(Path(jupyter_runtime_dir()), KERNEL_FILES)
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
