"""Weekly reports: the papermill template, rendering, and what each section says.

render: run weekly_report.ipynb through papermill and export offline HTML (one week,
or many on warm kernels); content: the sections the template shows; templates/: our
nbconvert template. Light to import: papermill and pandas load when a report is made.

>>> from psoas_track import report
>>> report.render_week("data/example_log.csv", "latest", "reports")  # doctest: +SKIP
"""

from psoas_track.report.render import (
    EXAMPLE_LOG,
    TEMPLATE,
    Rendered,
    ReportError,
    render_week,
    weeks_in_log,
)
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
