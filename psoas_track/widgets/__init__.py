"""ipywidgets for JupyterLab: the Explorer and the EntryForm.

>>> from psoas_track import widgets
>>> widgets.Explorer(days)  # doctest: +SKIP
"""

from psoas_track.widgets.controls import default_site
from psoas_track.widgets.entry_form import EntryForm
from psoas_track.widgets.explorer import Explorer
from psoas_track.widgets.summary import check_summary, coverage, problems_table

__all__ = ["EntryForm", "Explorer", "check_summary", "coverage", "default_site", "problems_table"]
