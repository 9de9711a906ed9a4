"""The explorer's controls, built from the day table: dates, pain site, load, lag, smoothing.

Each builder returns one ipywidgets control with its choices and starting value; the
Explorer (widgets/explorer.py) wires them to its redraws.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w
import numpy as np
import pandas as pd

from psoas_track import analysis, schema

TABS = ("Over time", "Load vs pain", "Associations", "Comparisons", "Experiment")
LAGS = range(4)
HELP = (
    f"<small>Lag: pain this many days after the load (0 = {analysis.lag_words(0, '')}). "
    "Smoothing: days in the moving mean of the <i>Over time</i> chart. Faded "
    "heatmap cells could be chance (q ≥ 0.05); grey cells have too few days; † marks a "
    "link that also follows your work week. Every rho compares each day with the two "
    "weeks around it, so slow drifts do not count as links."
    "</small>"
)
_STYLE = {"description_width": "90px"}


# --------------------------------------------------------------------------- choices


def site_options(days: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, column) for the pain dropdown: the sites with ratings, then their mean,
    then the PEG-3 when it is rated (0-10, higher worse, as pain; PSFS, where higher is
    better, is not offered: every chart here reads "+" as more pain)."""
    present = [c for c in schema.PAIN_SITES if c in days.columns]
    rated = [c for c in present if days[c].notna().any()]
    sites = rated or present
    if schema.PAIN in days.columns and len(rated) > 1:
        sites = [*sites, schema.PAIN]
    if schema.PEG in days.columns and days[schema.PEG].notna().sum() >= 14:
        sites = [*sites, schema.PEG]
    return [(schema.label(c), c) for c in sites]


def default_site(days: pd.DataFrame) -> str:
    """The pain column to show first: the first site with ratings (else the mean)."""
    options = site_options(days)
    return options[0][1] if options else schema.PAIN


def load_options(days: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, column) for the load dropdown: schema loads and own columns with data."""
    loads = analysis.default_loads(days)
    recorded = [
        c
        for c in loads
        if days[c].notna().any()
        and not (pd.api.types.is_bool_dtype(days[c].dtype) and not days[c].any())
    ]
    return [(schema.label(c), c) for c in (recorded or loads)]


def date_span(dates: Sequence[pd.Timestamp], start=None, end=None) -> tuple[int, int]:
    """(first, last) positions in `dates` for start and end; else the last year at most."""
    first = 0
    if start is not None:
        first = int(np.searchsorted(dates, pd.Timestamp(start).normalize()))
    elif len(dates) > 366:
        first = len(dates) - 365
    last = len(dates) - 1
    if end is not None:
        last = int(np.searchsorted(dates, pd.Timestamp(end).normalize(), side="right")) - 1
    first, last = min(max(first, 0), len(dates) - 1), min(max(last, 0), len(dates) - 1)
    return min(first, last), last


# --------------------------------------------------------------------------- controls


def date_slider(index: pd.DatetimeIndex, start=None, end=None) -> w.SelectionRangeSlider:
    """The date-range slider over the day table's days (disabled when there are none)."""
    empty = len(index) == 0
    dates = list(index) if not empty else [pd.Timestamp.today().normalize()]
    # The slider's own readout is clipped in JupyterLab ("25 May 2026-22 Nov 2"), so
    # the chosen range is shown in full in a label beside it (see `range_label`).
    return w.SelectionRangeSlider(
        options=[(f"{d:%d %b %Y}", d) for d in dates],
        index=date_span(dates, start, end),
        description="Dates",
        continuous_update=False,
        readout=False,
        layout=w.Layout(width="70%"),
        style=_STYLE,
        disabled=empty,
    )


def range_words(slider: w.SelectionRangeSlider) -> str:
    """The chosen date range in words: '25 May 2026 to 22 Nov 2026'."""
    try:
        start, end = slider.value
    except (TypeError, ValueError):  # no days yet
        return ""
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


def range_label(slider: w.SelectionRangeSlider) -> w.Label:
    """A label that says the slider's range in full, kept up to date as it moves."""
    label = w.Label(range_words(slider))
    slider.observe(lambda _: setattr(label, "value", range_words(slider)), names="value")
    return label


def site_dropdown(days: pd.DataFrame, site: str | None = None) -> w.Dropdown:
    """The pain dropdown, on `site` when it is one of the choices, else the first."""
    sites = site_options(days) or [(schema.label(schema.PAIN), schema.PAIN)]
    values = [v for _, v in sites]
    return w.Dropdown(
        options=sites,
        value=site if site in values else values[0],
        description="Pain",
        style=_STYLE,
    )


def load_dropdown(days: pd.DataFrame, load: str | None = None) -> w.Dropdown:
    """The load dropdown, on `load` when it is one of the choices, else sitting (or the first)."""
    loads = load_options(days) or [(schema.label("sitting_hours"), "sitting_hours")]
    values = [v for _, v in loads]
    if load not in values:
        load = "sitting_hours" if "sitting_hours" in values else values[0]
    return w.Dropdown(options=loads, value=load, description="Load", style=_STYLE)


def lag_slider(lag: int = 1) -> w.IntSlider:
    """Days from the load to the pain, 0 to 3."""
    return w.IntSlider(
        value=int(lag),
        min=LAGS.start,
        max=LAGS.stop - 1,
        description="Lag (days)",
        continuous_update=False,
        style=_STYLE,
    )


def window_slider(window: int = 7) -> w.IntSlider:
    """Days in the moving mean of the "Over time" chart, 1 to 28."""
    return w.IntSlider(
        value=int(window),
        min=1,
        max=28,
        description="Smoothing (days)",
        continuous_update=False,
        style={"description_width": "130px"},
    )


def tab_set(outputs: dict[str, w.Output]) -> w.Tab:
    """One tab per chart, each holding its Output widget, titled with its name."""
    tabs = w.Tab(children=[outputs[name] for name in TABS])
    for i, name in enumerate(TABS):
        tabs.set_title(i, name)
    return tabs


def outputs() -> dict[str, w.Output]:
    """An empty Output widget per tab, by tab name."""
    return {name: w.Output() for name in TABS}


def help_text() -> w.HTML:
    """A line under the controls saying what the lag, the smoothing and the cells mean."""
    return w.HTML(HELP)


def panel(rows: Sequence[Sequence[w.Widget]], *below: w.Widget) -> w.VBox:
    """The controls in rows (one HBox each), then the widgets below them."""
    return w.VBox([*(w.HBox(list(row)) for row in rows), *below])
