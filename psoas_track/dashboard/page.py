"""The dashboard's one page: the explorer, the entry form and the weekly report, no code.

Built from the same widgets as the notebooks (widgets.Explorer, widgets.EntryForm) and
the same report (report.render_week); Voilà shows it as a web page (serve.py). Every
problem is a sentence on the page, never a traceback, and never a file's contents.
The page opens only the logs in the folder it was started for.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from pathlib import Path

import ipywidgets as w

from psoas_track import experiment, report, widgets
from psoas_track.daily import daily
from psoas_track.dashboard.places import LOG_ENV, REPORT_NAME, REPORT_ROUTE, reports_folder
from psoas_track.read.log import LogError, read_log

LOG_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".ods")
TITLE = "Your psoas pain log"
TABS = ("Explore", "Add an entry", "Weekly report")


class Dashboard:
    """The page for one log; `open(path)` switches to another log of the same folder.

    The folder of `log_path` is the page's for good: its picker offers the logs in it,
    and the weekly reports go to `reports/` in it. report_url: the address the page
    links the reports by (where the web server serves that folder).
    """

    def __init__(self, log_path: str | Path, report_url: str = "") -> None:
        start = Path(str(log_path).strip()).expanduser().resolve()
        self.folder = start.parent
        self.reports = reports_folder(self.folder)
        self.report_url = report_url
        self.title = w.HTML(f"<h1 style='margin:0.2em 0'>{TITLE}</h1>")
        self.about = w.HTML()
        self.message = w.HTML()
        self.picker = w.Dropdown(description="Log file", layout=w.Layout(width="40em"))
        self.open_button = w.Button(description="Open", button_style="primary")
        self.open_button.on_click(lambda _: self.open(self.folder / str(self.picker.value)))
        self.explore, self.entry, self.report_box = w.VBox(), w.VBox(), w.VBox()
        self.tabs = w.Tab(children=[self.explore, self.entry, self.report_box])
        for i, name in enumerate(TABS):
            self.tabs.set_title(i, name)
        self.make_button = w.Button(
            description="Make this week's report",
            icon="file",
            button_style="primary",
            layout=w.Layout(width="16em"),
        )
        self.make_button.on_click(lambda _: self.make_report())
        self.report_link = w.HTML()
        self.report_box.children = [
            w.HTML("<p>The report of the latest week, to read or to give your therapist "
                   "(it opens in a new tab; print it from there). Reports are saved in "
                   f"<code>{html.escape(str(self.reports))}</code>.</p>"),
            self.make_button,
            self.report_link,
        ]  # fmt: skip
        self.widget = w.VBox(
            [self.title, self.about, w.HBox([self.picker, self.open_button]), self.message,
             self.tabs]
        )  # fmt: skip
        self.log_path: Path | None = None
        self.explorer = None
        self.form = None
        self.open(start)

    @classmethod
    def from_environment(cls) -> Dashboard:
        """The dashboard serve.py asks for: its log from the environment."""
        return cls(os.environ.get(LOG_ENV, ""), report_url=REPORT_ROUTE)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ the log

    def open(self, path: str | Path) -> bool:
        """Show another log of the folder; on a problem keep the page as it was and say why
        (naming the file, never quoting it)."""
        path = Path(str(path).strip()).expanduser()
        if path.resolve() not in logs_in(self.folder):
            self.say(
                f"Only the logs in {self.folder} can be opened here; put the file in that "
                "folder, or start the dashboard for a log in its own folder."
            )
            return False
        try:
            log = read_log(path)
        except (LogError, OSError):
            self.say(_unreadable(path))
            return False
        self.log_path = path.resolve()
        self.say("")
        self._show(log)
        self.picker.options = tuple(p.name for p in logs_in(self.folder))
        self.picker.value = self.log_path.name
        self.form = widgets.EntryForm(self.log_path)
        self.form.button.on_click(lambda _: self.reload())  # runs after the form writes
        self.entry.children = [self.form.widget]
        self.report_link.value = self._latest_report_link()
        return True

    def reload(self) -> None:
        """Read the log again (after an entry was added) and redraw."""
        try:
            self._show(read_log(self.log_path))
        except (LogError, OSError):
            self.say(_unreadable(self.log_path))

    def _show(self, log) -> None:
        days = daily(log)
        logged = int(days["logged"].sum()) if len(days) else 0
        span = f", {days.index[0]:%d %b %Y} to {days.index[-1]:%d %b %Y}" if len(days) else ""
        name = html.escape(Path(log.path or self.log_path).name)
        about = f"<p><b>{name}</b>: {logged} days logged{span}.</p>"
        self.about.value = _progress_box(days) + about
        plan = _plan_of(self.log_path)
        self.explorer = widgets.Explorer(days, plan=plan)
        self.explore.children = [self.explorer.widget]

    # ------------------------------------------------------------------ the report

    def make_report(self) -> None:
        """Render the latest week into reports/ beside the log, link it and say where."""
        self.make_button.disabled = True
        self.report_link.value = "<p>Making the report (a few seconds)...</p>"
        try:
            made = report.render_week(self.log_path, "latest", self.reports)
        except report.ReportError as error:
            self.report_link.value = f"<p>{html.escape(str(error))}</p>"
        else:
            self.report_link.value = self._link(made.html)
        finally:
            self.make_button.disabled = False

    def _latest_report_link(self) -> str:
        """The link to the newest report made from this log, if there is one."""
        for page in sorted(self.reports.glob("*.html"), reverse=True):
            if REPORT_NAME.fullmatch(page.name) and _made_from(page) == self.log_path.name:
                return self._link(page)
        return ""

    def _link(self, page: Path) -> str:
        week = html.escape(page.stem)
        href = html.escape(self.report_url + page.name, quote=True)
        return (
            # Voilà's page styles links as plain text: colour and underline say "click".
            f'<p><a href="{href}" target="_blank" rel="noopener" id="report-link" '
            "style='color:#1565c0;text-decoration:underline;font-size:1.1em'>"
            f"Open the report for {week}</a></p>"
            f"<p id='report-file'>Saved as <code>{html.escape(str(page))}</code>.</p>"
        )

    def say(self, text: str) -> None:
        self.message.value = f"<p style='color:#a33'>{html.escape(text)}</p>" if text else ""


def _progress_box(days) -> str:
    """Red flags of the last two weeks first, then each outcome against its start
    (analysis.progress, words.progress): what a therapist looks at."""
    from psoas_track.analysis.progress import progress, red_flags
    from psoas_track.words.progress import outcome_line, red_flag_lines

    if not len(days):
        return ""
    end = days.index[-1]
    recent = red_flags(days, end - dt.timedelta(days=13), end)
    flags = "".join(
        f"<p id='red-flag' style='color:#b00020'><b>{html.escape(line)}</b></p>"
        for line in red_flag_lines(recent)
    )
    lines = [outcome_line(o) for o in progress(days).outcomes if o.current is not None]
    if not lines:
        return flags
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    head = "<p><b>Since the start</b> (first 14 days against the last 14):</p>"
    return f"{flags}{head}<ul>{items}</ul>"


def logs_in(folder: Path) -> list[Path]:
    """The log files in `folder` (for the picker): files of the log suffixes, no links
    (a link could lead anywhere)."""
    if not folder.is_dir():
        return []
    found = [
        p.resolve()
        for p in folder.iterdir()
        if p.suffix.lower() in LOG_SUFFIXES and p.is_file() and not p.is_symlink()
    ]
    return sorted(found)


def _unreadable(path: Path) -> str:
    return f'{path.name} could not be opened as a log; to see why, run: psoas-track check "{path}"'


def _made_from(page: Path) -> str | None:
    """The log a report was made from, as its .json beside it says."""
    try:
        return json.loads(page.with_suffix(".json").read_text(encoding="utf-8")).get("log")
    except (OSError, ValueError, AttributeError):
        return None


def _plan_of(log_path: Path):
    try:
        return experiment.load_plan(log_path)
    except experiment.PlanError:
        return None
