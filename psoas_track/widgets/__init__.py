"""ipywidgets for JupyterLab: the Explorer and the EntryForm.

>>> from psoas_track import widgets
>>> widgets.Explorer(days)  # doctest: +SKIP
"""

from psoas_track.widgets.entry_form import EntryForm
from psoas_track.widgets.explorer import (
    Explorer,
    check_summary,
    coverage,
    default_site,
    problems_table,
)

__all__ = ["EntryForm", "Explorer", "check_summary", "coverage", "default_site", "problems_table"]
