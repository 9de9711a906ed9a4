"""The dashboard: the explorer, the entry form and the weekly report as one web page for
people who never open a notebook (`psoas-track dashboard LOG`), served by Voilà.

page: the widgets of the page (Dashboard); serve: the local web server that shows it.
"""

from psoas_track.dashboard.page import Dashboard

__all__ = ["Dashboard"]
