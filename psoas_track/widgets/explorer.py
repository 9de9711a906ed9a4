"""Interactive explorers for notebooks/explore.ipynb, built on the charts in ``plots``.

>>> from psoas_track.read.log import read_log
>>> from psoas_track.daily import daily
>>> from psoas_track import widgets
>>> log = read_log("data/example_log.csv")              # doctest: +SKIP
>>> days = daily(log)                                   # doctest: +SKIP
>>> print(widgets.check_summary(log, days))             # doctest: +SKIP
>>> widgets.Explorer(days)                              # doctest: +SKIP

``Explorer`` has a date-range slider, pain-site and load dropdowns (from the schema and
the log's own numeric columns), a lag slider (0-3 days), a smoothing window and four
tabs: over time, load vs pain, associations (heatmap) and comparisons. Every change
redraws the visible tab into its Output widget; when a selection has nothing to show,
the tab shows a plain sentence instead of a chart, never a traceback.

The figures are plain matplotlib figures rendered to PNG here, so the explorer needs no
interactive matplotlib backend and behaves the same in JupyterLab, in a report run and
when driven from Python (tests, benchmarks/bench_explorer.py).
"""

from __future__ import annotations

import base64
import html
import io
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from psoas_track import analysis, plots, schema

if TYPE_CHECKING:
    from psoas_track.read.log import Log

TABS = ("Over time", "Load vs pain", "Associations", "Comparisons")
#: Which controls each tab depends on (a change redraws the tab only if it is listed).
DEPENDS = {
    "Over time": {"dates", "site", "load", "window"},
    "Load vs pain": {"dates", "site", "load", "lag"},
    "Associations": {"dates", "site", "load", "lag"},
    "Comparisons": {"dates", "site", "lag"},
}
LAGS = range(4)
CACHE_SIZE = 64  # statistics results kept for selections already seen
#: Fixed margins per tab (figure fractions): no layout pass on each redraw, which would
#: cost more than drawing the chart. Room is left for the legends and colour bars.
LAYOUTS: dict[str, dict[str, float]] = {
    "Over time": {"left": 0.07, "right": 0.80, "bottom": 0.07, "top": 0.93, "hspace": 0.08},
    "Load vs pain": {"left": 0.08, "right": 0.97, "bottom": 0.26, "top": 0.93},
    "Associations": {"left": 0.22, "right": 0.88, "bottom": 0.17, "top": 0.93},
    "Comparisons": {"left": 0.22, "right": 0.70, "bottom": 0.24, "top": 0.88},
}


# --------------------------------------------------------------------------- check summary


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def check_summary(log: Log, days: pd.DataFrame | None = None) -> str:
    """What was read from the log and every problem with its row, as `check` prints it."""
    lines = [f"Log: {log.path}"] if log.path is not None else []
    if log.sheet:
        lines.append(f"Sheet: {log.sheet}")
    lines += list(log.notes)
    lines.append(
        f"Rows read: {log.rows} ({_count(log.n_entries, 'entry', 'entries')}, "
        f"{log.unusable_rows} unusable, {log.blank_rows} blank)"
    )
    if days is not None and len(days):
        logged = int(days[schema.LOGGED].sum())
        lines.append(f"Days: {len(days)} from {days.index[0].date()} to "
                     f"{days.index[-1].date()}, {logged} of them logged")
    elif days is not None:
        lines.append("Days: none yet (no entries)")
    order = {True: "day-first", False: "month-first", None: "not needed"}[log.dayfirst]
    lines.append(f"Date order: {order} ({log.dayfirst_reason})")
    if log.custom_columns:
        lines.append("Your own columns, kept as they are: " + ", ".join(log.custom_columns))
    if not log.problems:
        lines.append("Problems: none. The log is fine.")
    else:
        lines.append(f"Problems: {_count(len(log.errors), 'error', 'errors')}, "
                     f"{_count(len(log.warnings), 'warning', 'warnings')}")
        lines += [f"  {p}" for p in log.problems]
    return "\n".join(lines)


def problems_table(log: Log) -> pd.DataFrame:
    """The log's problems as a table: row, column, value, message, severity."""
    columns = ["row", "column", "value", "message", "severity"]
    return pd.DataFrame([p.as_dict() for p in log.problems], columns=columns)


def coverage(days: pd.DataFrame) -> pd.DataFrame:
    """How much of each measure was recorded: days, share of logged days, first and last.

    One row per measure of the schema present in the day table and per numeric column
    of the person's own, labelled with its unit.
    """
    logged = days[schema.LOGGED] if schema.LOGGED in days.columns else pd.Series(
        True, index=days.index)
    n_logged = int(logged.sum())
    columns = [m.name for m in schema.MEASURES
               if m.daily is not None and m.name in days.columns and m.name != "notes"]
    columns += [c for c in analysis.custom_columns(days) if c not in columns]
    rows = []
    for column in columns:
        series = days[column]
        if pd.api.types.is_bool_dtype(series.dtype):
            recorded = series.notna() & logged
        else:
            recorded = series.notna()
        dates = days.index[recorded.to_numpy(dtype=bool)]
        n = len(dates)
        rows.append({
            "measure": schema.label(column),
            "days recorded": n,
            "% of logged days": round(100 * n / n_logged) if n_logged else 0,
            "first": dates[0].date() if n else None,
            "last": dates[-1].date() if n else None,
        })
    table = pd.DataFrame(rows, columns=["measure", "days recorded", "% of logged days",
                                        "first", "last"])
    return table.set_index("measure")


# --------------------------------------------------------------------------- choices


def site_options(days: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, column) for the pain dropdown: the sites with ratings, then their mean."""
    present = [c for c in schema.PAIN_SITES if c in days.columns]
    rated = [c for c in present if days[c].notna().any()]
    sites = rated or present
    if schema.PAIN in days.columns and len(rated) > 1:
        sites = [*sites, schema.PAIN]
    return [(schema.label(c), c) for c in sites]


def default_site(days: pd.DataFrame) -> str:
    """The pain column to show first: the first site with ratings (else the mean)."""
    options = site_options(days)
    return options[0][1] if options else schema.PAIN


def load_options(days: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, column) for the load dropdown: schema loads and own columns with data."""
    loads = analysis.default_loads(days)
    recorded = [c for c in loads if days[c].notna().any()
                and not (pd.api.types.is_bool_dtype(days[c].dtype) and not days[c].any())]
    return [(schema.label(c), c) for c in (recorded or loads)]


# --------------------------------------------------------------------------- explorer


def _png_output(png: bytes) -> dict[str, Any]:
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(png).decode("ascii"),
                     "text/plain": "<chart>"}}


def _encode(fig, draw: bool = True, compress_level: int = 1) -> bytes:
    """The figure's canvas as PNG bytes (level 1: several times faster than 6)."""
    from PIL import Image

    if draw:
        with plots.style():
            fig.canvas.draw()
    width, height = fig.canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw",
                             "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def _message_output(message: str) -> dict[str, Any]:
    text = html.escape(message).replace("\n", "<br>")
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/plain": message,
                     "text/html": f'<p style="font-size:1.05em;color:#444">{text}</p>'}}


class Explorer:
    """Widgets to explore a day table: pick dates, a pain site, a load, a lag, a smoothing.

    ``Explorer(days)`` shows itself when it is the last value of a notebook cell. Drive
    it from Python by setting the widgets' values (``ex.site.value = "hip_pain"``); each
    change redraws the visible tab at once. ``ex.figure`` is the tab's last figure,
    ``ex.message`` the plain sentence shown instead of a chart (or None),
    ``ex.timings`` the redraw times in seconds.

    By default the dates cover the whole log, or its last year when it is longer; the
    statistics (rho and its interval, comparisons) use only the days in the range, with
    ``n_boot`` bootstrap resamples.
    """

    def __init__(
        self,
        days: pd.DataFrame,
        *,
        start=None,
        end=None,
        site: str | None = None,
        load: str | None = None,
        lag: int = 1,
        window: int = 7,
        n_boot: int = 1000,
        seed: int = 0,
        figsize: tuple[float, float] = (10.0, 5.2),
        dpi: float = 96,
    ):
        import ipywidgets as w

        self.days = plots.day_range(days)
        self.n_boot, self.seed = int(n_boot), int(seed)
        self.figsize, self.dpi = figsize, dpi
        self.message: str | None = None
        self.timings: list[float] = []
        self.redraws = 0
        self._cache: dict[tuple, Any] = {}
        self._figures: dict[str, Any] = {}
        self._axes_of: dict[str, list] = {}
        self._colorbar_drawn = False
        self._heatmap_background = None
        self._heatmap_key: tuple | None = None
        self._heatmap_box = None
        self._stale = dict.fromkeys(TABS, True)
        self._draw: dict[str, Callable] = {
            TABS[0]: self._draw_trend, TABS[1]: self._draw_scatter,
            TABS[2]: self._draw_heatmap, TABS[3]: self._draw_comparisons,
        }

        index = self.days.index
        empty = len(index) == 0
        dates = list(index) if not empty else [pd.Timestamp.today().normalize()]
        first = 0
        if start is not None:
            first = int(np.searchsorted(dates, pd.Timestamp(start).normalize()))
        elif len(dates) > 366:
            first = len(dates) - 365
        last = len(dates) - 1
        if end is not None:
            last = int(np.searchsorted(dates, pd.Timestamp(end).normalize(), side="right")) - 1
        first, last = min(max(first, 0), len(dates) - 1), min(max(last, 0), len(dates) - 1)
        first = min(first, last)
        sites = site_options(self.days) or [(schema.label(schema.PAIN), schema.PAIN)]
        loads = load_options(self.days) or [(schema.label("sitting_hours"), "sitting_hours")]
        site_values = [v for _, v in sites]
        load_values = [v for _, v in loads]
        # The slider's own readout is clipped in JupyterLab ("25 May 2026-22 Nov 2"), so
        # the chosen range is shown in full in a label beside it.
        self.dates = w.SelectionRangeSlider(
            options=[(f"{d:%d %b %Y}", d) for d in dates], index=(first, last),
            description="Dates", continuous_update=False, readout=False,
            layout=w.Layout(width="70%"), style={"description_width": "90px"}, disabled=empty)
        self.date_range = w.Label(self._range_words())
        self.dates.observe(
            lambda _: setattr(self.date_range, "value", self._range_words()), names="value")
        self.site = w.Dropdown(
            options=sites, value=site if site in site_values else site_values[0],
            description="Pain", style={"description_width": "90px"})
        self.load = w.Dropdown(
            options=loads,
            value=load if load in load_values else (
                "sitting_hours" if "sitting_hours" in load_values else load_values[0]),
            description="Load", style={"description_width": "90px"})
        self.lag = w.IntSlider(
            value=int(lag), min=LAGS.start, max=LAGS.stop - 1, description="Lag (days)",
            continuous_update=False, style={"description_width": "90px"})
        self.window = w.IntSlider(
            value=int(window), min=1, max=28, description="Smoothing (days)",
            continuous_update=False, style={"description_width": "130px"})
        self.outputs = {name: w.Output() for name in TABS}
        self.tabs = w.Tab(children=[self.outputs[name] for name in TABS])
        for i, name in enumerate(TABS):
            self.tabs.set_title(i, name)
        self.help = w.HTML(
            "<small>Lag: pain this many days after the load (0 = same day). "
            "Smoothing: days in the moving mean of the <i>Over time</i> chart. Faded "
            "heatmap cells could be chance (q ≥ 0.05); grey cells have too few days."
            "</small>")
        self.widget = w.VBox([
            w.HBox([self.site, self.load]), w.HBox([self.lag, self.window]),
            w.HBox([self.dates, self.date_range]), self.help, self.tabs,
        ])
        for name in ("dates", "site", "load", "lag", "window"):
            getattr(self, name).observe(self._changed(name), names="value")
        self.tabs.observe(self._tab_changed, names="selected_index")
        if empty:
            self.message = "The log has no days yet: add entries and run this cell again."
            for output in self.outputs.values():
                output.outputs = (_message_output(self.message),)
            self._stale = dict.fromkeys(TABS, False)
        else:
            self.redraw()

    # ------------------------------------------------------------------ display

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ state

    @property
    def tab(self) -> str:
        """The name of the visible tab."""
        return TABS[self.tabs.selected_index or 0]

    def show(self, tab: str) -> None:
        """Switch to a tab by name (and draw it if anything changed since it was drawn)."""
        self.tabs.selected_index = TABS.index(tab)

    @property
    def start(self) -> pd.Timestamp:
        return self.dates.value[0]

    @property
    def end(self) -> pd.Timestamp:
        return self.dates.value[1]

    @property
    def figure(self):
        """The visible tab's figure as last drawn."""
        return self._figures.get(self.tab)

    @property
    def axes(self) -> list:
        """The visible tab's axes (the chart's panels) as last drawn."""
        return list(self._axes_of.get(self.tab, []))

    def _range_words(self) -> str:
        """The chosen date range in words: '25 May 2026 to 22 Nov 2026'."""
        try:
            start, end = self.dates.value
        except (TypeError, ValueError):  # no days yet
            return ""
        return f"{start:%d %b %Y} to {end:%d %b %Y}"

    def _changed(self, control: str) -> Callable:
        def handler(change):
            for name in TABS:
                if control in DEPENDS[name]:
                    self._stale[name] = True
            if self._stale[self.tab]:
                self.redraw()

        return handler

    def _tab_changed(self, change) -> None:
        if self._stale[self.tab]:
            self.redraw()

    # ------------------------------------------------------------------ drawing

    def redraw(self) -> None:
        """Draw the visible tab for the current selection into its Output widget."""
        t0 = time.perf_counter()
        name = self.tab
        try:
            fig, axes = self._axes(name)
            if name == "Associations" and self._heatmap_background is not None and (
                    self._heatmap_key == self._association_key()):
                # Only the highlighted cell moved: paint it over the cached picture.
                message, output = None, _png_output(self._highlight(fig, axes[0]))
            else:
                for ax in axes:
                    plots.reset_axes(ax)
                with plots.style():
                    self._draw[name](*axes)
                message = plots.no_data_message(fig)
                if message:
                    output = _message_output(message)
                elif name == "Associations":
                    output = _png_output(self._heatmap_picture(fig, axes[0]))
                else:
                    output = _png_output(_encode(fig, draw=True))
        except Exception as error:  # a chart that fails says why, in a sentence
            message = f"This chart could not be drawn for this selection: {error}"
            output = _message_output(message)
            self._heatmap_background = None
        self.message = message
        self.outputs[name].outputs = (output,)
        self._stale[name] = False
        self.redraws += 1
        self.timings.append(time.perf_counter() - t0)

    def _heatmap_picture(self, fig, ax) -> bytes:
        """Draw the heatmap without its highlight, keep that picture, add the highlight."""
        with plots.style():
            fig.canvas.draw()
        self._heatmap_background = fig.canvas.copy_from_bbox(fig.bbox)
        self._heatmap_key = self._association_key()
        box = Rectangle((0, 0), 1, 1, fill=False, lw=2.2, edgecolor="black",
                        gid="highlight", animated=True)
        ax.add_patch(box)
        self._heatmap_box = box
        return self._highlight(fig, ax, restore=False)

    def _highlight(self, fig, ax, restore: bool = True) -> bytes:
        table = self._association_table()
        rows = list(dict.fromkeys(table["load"]))
        lags = sorted(int(k) for k in dict.fromkeys(table["lag"]))
        box = self._heatmap_box
        if restore:
            fig.canvas.restore_region(self._heatmap_background)
        if self.load.value in rows and self.lag.value in lags:
            box.set_xy((lags.index(self.lag.value) - 0.5, rows.index(self.load.value) - 0.5))
            box.set_visible(True)
            ax.draw_artist(box)
        else:
            box.set_visible(False)
        return _encode(fig, draw=False)

    def _axes(self, name: str) -> tuple[Any, list]:
        """The tab's figure and axes, made once in a fixed layout and reused."""
        if name not in self._figures:
            fig = plots.new_figure(self.figsize, self.dpi, layout=None)
            with plots.style():
                if name == "Over time":
                    axes = list(fig.subplots(2, 1, sharex=True, gridspec_kw={
                        "height_ratios": (2.4, 1), **LAYOUTS[name]}))
                elif name == "Associations":
                    axes = list(fig.subplots(1, 2, gridspec_kw={
                        "width_ratios": (30, 1), "wspace": 0.03, **LAYOUTS[name]}))
                else:
                    axes = [fig.subplots(gridspec_kw=LAYOUTS[name])]
            self._figures[name] = fig
            self._axes_of[name] = axes
        axes = self._axes_of[name]
        if name == "Associations":
            axes = axes[:1]  # the colour bar is drawn once and kept
        return self._figures[name], axes

    def _range(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        return self.start, self.end

    def _association_key(self) -> tuple:
        return ("associations", *self._range(), self.site.value)

    def _remember(self, key: tuple, value: Any) -> Any:
        """Keep a statistics result for a selection (the oldest go past CACHE_SIZE)."""
        self._cache[key] = value
        while len(self._cache) > CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        return value

    def _association_table(self) -> pd.DataFrame:
        key = self._association_key()
        if key not in self._cache:
            frame = self.days.loc[self.start:self.end]
            self._remember(key, analysis.associations(
                frame, loads=[v for _, v in self.load.options], pains=[self.site.value],
                lags=LAGS, n_boot=self.n_boot, seed=self.seed))
        return self._cache[key]

    def _comparisons(self) -> dict:
        key = ("comparisons", *self._range(), self.site.value, self.lag.value)
        if key not in self._cache:
            self._remember(key, plots.comparisons(
                self.days, outcome=self.site.value, lag=self.lag.value, start=self.start,
                end=self.end, n_boot=self.n_boot, seed=self.seed))
        return self._cache[key]

    def _draw_trend(self, pain_ax, load_ax) -> None:
        plots.pain_trend(self.days, sites=[self.site.value], load=self.load.value,
                         window=self.window.value, start=self.start, end=self.end,
                         ax=(pain_ax, load_ax))

    def _draw_scatter(self, ax) -> None:
        pairs = plots.lagged_pairs(self.days, self.load.value, self.site.value,
                                   self.lag.value, self.start, self.end)
        table = self._association_table() if len(pairs) else None
        plots.load_vs_pain(self.days, self.load.value, self.site.value, self.lag.value,
                           start=self.start, end=self.end, association=table, ax=ax)

    def _draw_heatmap(self, ax) -> None:
        cax = self._axes_of["Associations"][1]
        self._heatmap_background = None
        plots.association_heatmap(self._association_table(), pain=self.site.value,
                                  colorbar=False if self._colorbar_drawn else cax, ax=ax)
        self._colorbar_drawn = self._colorbar_drawn or plots.no_data_message(ax) is None
        cax.set_visible(self._colorbar_drawn)

    def _draw_comparisons(self, ax) -> None:
        plots.comparison_chart(self._comparisons(), ax=ax)

