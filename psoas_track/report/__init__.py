"""Weekly reports: the papermill template, rendering, and what each section says.

render: a week's report as named steps, each in its own module: parameters (the
settings, checked), week (the week computed once: the WeekReport every section, chart
and the .json read), kernels and execute (the template run by papermill), export (offline
HTML and PDF), folders (made aside, put in place whole); runs: many weeks on warm
kernels; content: the sections the template shows; templates/: our nbconvert template.
Light to import: papermill and pandas load when a report is made.

>>> from psoas_track import report
>>> report.render_week("data/example_log.csv", "latest", "reports")  # doctest: +SKIP
"""

from psoas_track.report.errors import ReportError
from psoas_track.report.folders import Rendered
from psoas_track.report.parameters import TEMPLATE
from psoas_track.report.render import EXAMPLE_LOG, render_week, weeks_in_log
from psoas_track.report.runs import Run, render_weeks

__all__ = [
    "EXAMPLE_LOG",
    "TEMPLATE",
    "Rendered",
    "Run",
    "ReportError",
    "render_week",
    "render_weeks",
    "weeks_in_log",
]
