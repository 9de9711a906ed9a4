"""The dashboard's one page: the explorer, the entry form and the weekly report, no code.

Built from the same widgets as the notebooks (widgets.Explorer, widgets.EntryForm) and
the same report (report.render_week); Voilà shows it as a web page (serve.py). Every
problem is a sentence on the page, never a traceback.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from psoas_track import experiment, report, widgets
from psoas_track.daily import daily
from psoas_track.read.log import LogError, read_log

LOG_ENV = "PSOAS_TRACK_LOG"  # the log the dashboard opens with (set by serve.py)
REPORTS_ENV = "PSOAS_TRACK_REPORTS"  # where its reports go: a folder Voilà serves
LOG_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".ods")
TITLE = "Your psoas pain log"
TABS = ("Explore", "Add an entry", "Weekly report")


class Dashboard:
    """The page for one log; `open(path)` switches to another log in place.

    reports: the folder the weekly reports are written to; report_url: the address the
    page links them by (the same folder as the web server serves it).
    """

    def __init__(self, log_path: str | Path, reports: str | Path, report_url: str = "") -> None:
        self.reports = Path(reports)
        self.report_url = report_url
        self.title = w.HTML(f"<h1 style='margin:0.2em 0'>{TITLE}</h1>")
        self.about = w.HTML()
        self.message = w.HTML()
        self.picker = w.Combobox(
            description="Log file", ensure_option=False, layout=w.Layout(width="40em")
        )
        self.open_button = w.Button(description="Open", button_style="primary")
        self.open_button.on_click(lambda _: self.open(self.picker.value))
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
                   "(it opens in a new tab; print it from there).</p>"),
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
        self.open(log_path)

    @classmethod
    def from_environment(cls) -> Dashboard:
        """The dashboard serve.py asks for: the log and reports folder from the environment."""
        reports = os.environ.get(REPORTS_ENV, "reports")
        return cls(os.environ.get(LOG_ENV, ""), reports, report_url="voila/files/reports/")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ the log

    def open(self, path: str | Path) -> bool:
        """Show another log; on a problem keep the page as it was and say why."""
        path = Path(str(path).strip()).expanduser()
        try:
            log = read_log(path)
        except (LogError, OSError) as error:
            self.say(f"That log could not be opened: {error}")
            return False
        self.log_path = path.resolve()
        self.say("")
        self._show(log)
        self.picker.options = tuple(str(p) for p in logs_beside(self.log_path))
        self.picker.value = str(self.log_path)
        self.form = widgets.EntryForm(self.log_path)
        self.form.button.on_click(lambda _: self.reload())  # runs after the form writes
        self.entry.children = [self.form.widget]
        self.report_link.value = self._latest_report_link()
        return True

    def reload(self) -> None:
        """Read the log again (after an entry was added) and redraw."""
        try:
            self._show(read_log(self.log_path))
        except (LogError, OSError) as error:
            self.say(f"The log could not be read again: {error}")

    def _show(self, log) -> None:
        days = daily(log)
        logged = int(days["logged"].sum()) if len(days) else 0
        span = f", {days.index[0]:%d %b %Y} to {days.index[-1]:%d %b %Y}" if len(days) else ""
        name = html.escape(Path(log.path or self.log_path).name)
        self.about.value = f"<p><b>{name}</b>: {logged} days logged{span}.</p>"
        plan = _plan_of(self.log_path)
        self.explorer = widgets.Explorer(days, plan=plan)
        self.explore.children = [self.explorer.widget]

    # ------------------------------------------------------------------ the report

    def make_report(self) -> None:
        """Render the latest week into the reports folder and link it."""
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
        made = sorted(self.reports.glob("*-W*.html")) if self.reports.is_dir() else []
        return self._link(made[-1]) if made else ""

    def _link(self, page: Path) -> str:
        week = html.escape(page.stem)
        href = html.escape(self.report_url + page.name, quote=True)
        return (
            # Voilà's page styles links as plain text: colour and underline say "click".
            f'<p><a href="{href}" target="_blank" rel="noopener" id="report-link" '
            "style='color:#1565c0;text-decoration:underline;font-size:1.1em'>"
            f"Open the report for {week}</a></p>"
        )

    def say(self, text: str) -> None:
        self.message.value = f"<p style='color:#a33'>{html.escape(text)}</p>" if text else ""


def logs_beside(path: Path) -> list[Path]:
    """The log files in the same folder as the log (for the picker)."""
    folder = path.parent
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix.lower() in LOG_SUFFIXES and p.is_file()]
    return sorted(found)[:200]


def _plan_of(log_path: Path):
    try:
        return experiment.load_plan(log_path)
    except experiment.PlanError:
        return None
