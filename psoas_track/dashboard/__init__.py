"""The dashboard: the explorer, the entry form and the weekly report as one web page for
people who never open a notebook (`psoas-track dashboard LOG`), served by Voilà.

page: the widgets of the page (Dashboard), run in the page's kernel; serve: the command's
side (start, check, stop); server: Voilà as the dashboard runs it, in its own process;
private: one start's private folder (settings with the token, kernel files); places: the
names and addresses the three share. Light to import: the widgets load with `Dashboard`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Dashboard"]


def __getattr__(name: str) -> Any:
    if name == "Dashboard":
        from psoas_track.dashboard.page import Dashboard

        return Dashboard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
