"""Interactive explorers for notebooks/explore.ipynb, built on the charts in ``plots``.

>>> from psoas_track.read.log import read_log
>>> from psoas_track.daily import daily
>>> from psoas_track import widgets
>>> log = read_log("data/example_log.csv")              # doctest: +SKIP
>>> days = daily(log)                                   # doctest: +SKIP
>>> print(widgets.check_summary(log, days))             # doctest: +SKIP
>>> widgets.Explorer(days)                              # doctest: +SKIP

``Explorer`` has a date-range slider, pain-site and load dropdowns (from the schema and
the log's own numeric columns), a lag slider (0-3 days), a smoothing window and five
tabs: over time, load vs pain, associations (heatmap), comparisons and the randomised
experiment (when one is planned). Every change redraws the visible tab into its Output
widget; when a selection has nothing to show,
the tab shows a plain sentence instead of a chart, never a traceback.

The figures are plain matplotlib figures rendered to PNG here, so the explorer needs no
interactive matplotlib backend and behaves the same in JupyterLab, in a report run and
when driven from Python (tests, benchmarks/bench_explorer.py).

This module wires the parts together and keeps the statistics already computed:
``controls`` builds the widgets from the day table, ``drawing`` draws each tab and
``summary`` says what was read from the log (check summary, problems, coverage).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from psoas_track import analysis, experiment, plots, words
from psoas_track.widgets import controls, drawing
from psoas_track.widgets.controls import LAGS, TABS, default_site, load_options, site_options
from psoas_track.widgets.summary import check_summary, coverage, problems_table

__all__ = [
    "CACHE_SIZE",
    "DEPENDS",
    "LAGS",
    "TABS",
    "Explorer",
    "check_summary",
    "coverage",
    "default_site",
    "load_options",
    "problems_table",
    "site_options",
]

#: Which controls each tab depends on (a change redraws the tab only if it is listed).
DEPENDS = {
    "Over time": {"dates", "site", "load", "window"},
    "Load vs pain": {"dates", "site", "load", "lag"},
    "Associations": {"dates", "site", "load", "lag"},
    "Comparisons": {"dates", "site", "lag"},
    "Experiment": set(),  # the plan's own dates and outcome: no control changes it
}
CACHE_SIZE = 64  # statistics results kept for selections already seen
EMPTY = "The log has no days yet: add entries and run this cell again."
NO_PLAN = (
    "No experiment is planned for this log. To find out whether your routine helps, plan "
    "one: psoas-track experiment plan LOG --routine rest (see the README)."
)


class Explorer:
    """Widgets to explore a day table: pick dates, a pain site, a load, a lag, a smoothing.

    ``Explorer(days)`` shows itself when it is the last value of a notebook cell. Drive
    it from Python by setting the widgets' values (``ex.site.value = "hip_pain"``); each
    change redraws the visible tab at once. ``ex.figure`` is the tab's last figure,
    ``ex.message`` the plain sentence shown instead of a chart (or None),
    ``ex.timings`` the redraw times in seconds.

    By default the dates cover the whole log, or its last year when it is longer; the
    statistics (rho and its interval, comparisons) use only the days in the range, with
    ``n_boot`` bootstrap resamples. ``plan`` (experiment.load_plan(log_path)) fills the
    Experiment tab: the blocks, pain day by day and the test so far.
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
        plan: Any = None,
    ):
        self.days = plots.day_range(days)
        self.plan = plan
        self.n_boot, self.seed = int(n_boot), int(seed)
        self.figsize, self.dpi = figsize, dpi
        self.message: str | None = None
        self.timings: list[float] = []
        self.redraws = 0
        self._cache: dict[tuple, Any] = {}
        self._figures: dict[str, Any] = {}
        self._axes_of: dict[str, list] = {}
        self._heatmap = drawing.HeatmapPicture()
        self._stale = dict.fromkeys(TABS, True)
        self._draw: dict[str, Callable] = {
            TABS[0]: self._draw_trend,
            TABS[1]: self._draw_scatter,
            TABS[2]: self._draw_heatmap,
            TABS[3]: self._draw_comparisons,
            TABS[4]: self._draw_experiment,
        }
        self._build_controls(start, end, site, load, lag, window)
        self._watch_controls()
        self._first_draw()

    def _build_controls(self, start, end, site, load, lag, window) -> None:
        self.dates = controls.date_slider(self.days.index, start, end)
        self.date_range = controls.range_label(self.dates)
        self.site = controls.site_dropdown(self.days, site)
        self.load = controls.load_dropdown(self.days, load)
        self.lag = controls.lag_slider(lag)
        self.window = controls.window_slider(window)
        self.outputs = controls.outputs()
        self.tabs = controls.tab_set(self.outputs)
        self.help = controls.help_text()
        self.widget = controls.panel(
            [(self.site, self.load), (self.lag, self.window), (self.dates, self.date_range)],
            self.help,
            self.tabs,
        )

    def _watch_controls(self) -> None:
        for name in ("dates", "site", "load", "lag", "window"):
            getattr(self, name).observe(self._changed(name), names="value")
        self.tabs.observe(self._tab_changed, names="selected_index")

    def _first_draw(self) -> None:
        """Draw the first tab, or say in every tab that there is nothing to draw yet."""
        if len(self.days.index):
            self.redraw()
            return
        self.message = EMPTY
        for output in self.outputs.values():
            output.outputs = (drawing.message_output(self.message),)
        self._stale = dict.fromkeys(TABS, False)

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
        return controls.range_words(self.dates)

    def _selection(self) -> drawing.Selection:
        start, end = self.dates.value
        return drawing.Selection(
            start, end, self.site.value, self.load.value, self.lag.value, self.window.value
        )

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
            message, output = self._render(name)
        except Exception as error:  # a chart that fails says why, in a sentence
            message = f"This chart could not be drawn for this selection: {error}"
            output = drawing.message_output(message)
            self._heatmap.forget()
        self.message = message
        self.outputs[name].outputs = (output, *self._below(name, message))
        self._stale[name] = False
        self.redraws += 1
        self.timings.append(time.perf_counter() - t0)

    def _render(self, name: str) -> tuple[str | None, dict[str, Any]]:
        """(the sentence shown instead of a chart or None, the Output's data) for a tab."""
        if name == "Experiment" and self.plan is None:
            return NO_PLAN, drawing.message_output(NO_PLAN)
        fig, axes = self._axes(name)
        if name == "Associations" and self._heatmap.holds(self._association_key()):
            # Only the highlighted cell moved: paint it over the cached picture.
            png = self._heatmap.highlight(fig, axes[0], *self._highlighted())
            return None, drawing.png_output(png)
        for ax in axes:
            plots.reset_axes(ax)
        with plots.style(), drawing.fixed_titles():
            self._draw[name](*axes)
        message = plots.no_data_message(fig)
        if message:
            return message, drawing.message_output(message)
        if name == "Associations":
            key = self._association_key()
            png = self._heatmap.picture(fig, axes[0], key, *self._highlighted())
            return None, drawing.png_output(png)
        drawing.freeze_ticks(fig)
        return None, drawing.png_output(drawing.encode(fig, draw=True))

    def _below(self, name: str, message: str | None) -> tuple[dict[str, Any], ...]:
        """What a tab shows under its chart: the experiment's result in words."""
        if name != "Experiment" or self.plan is None or message is not None:
            return ()
        sentence = words.experiment_sentence(self.plan, self._experiment_result())
        return (drawing.text_output(sentence),)

    def _highlighted(self) -> tuple[pd.DataFrame, str, int]:
        """The heatmap's table and the (load, lag) cell to highlight in it."""
        return self._association_table(), self.load.value, self.lag.value

    def _axes(self, name: str) -> tuple[Any, list]:
        """The tab's figure and axes, made once in a fixed layout and reused."""
        if name not in self._figures:
            self._figures[name], self._axes_of[name] = drawing.new_axes(
                name, self.figsize, self.dpi
            )
        axes = self._axes_of[name]
        if name == "Associations":
            axes = axes[:1]  # the colour bar is drawn once and kept
        return self._figures[name], axes

    def _draw_trend(self, pain_ax, load_ax) -> None:
        drawing.trend(self.days, self._selection(), pain_ax, load_ax)

    def _draw_scatter(self, ax) -> None:
        drawing.scatter(self.days, self._selection(), self._association_table, ax)

    def _draw_heatmap(self, ax) -> None:
        cax = self._axes_of["Associations"][1]
        self._heatmap.draw(self._association_table(), self.site.value, ax, cax)

    def _draw_comparisons(self, ax) -> None:
        plots.comparison_chart(self._comparisons(), ax=ax)

    def _draw_experiment(self, ax) -> None:
        plots.experiment_chart(self.days, self.plan, ax=ax)

    # ------------------------------------------------------------------ statistics

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
            frame = self.days.loc[self.start : self.end]
            self._remember(
                key,
                analysis.associations(
                    frame,
                    loads=[v for _, v in self.load.options],
                    pains=[self.site.value],
                    lags=LAGS,
                    n_boot=self.n_boot,
                    seed=self.seed,
                ),
            )
        return self._cache[key]

    def _experiment_result(self) -> Any:
        key = ("experiment",)
        if key not in self._cache:
            self._remember(key, experiment.analyse(self.days, self.plan, seed=self.seed))
        return self._cache[key]

    def _comparisons(self) -> dict:
        key = ("comparisons", *self._range(), self.site.value, self.lag.value)
        if key not in self._cache:
            self._remember(
                key,
                analysis.compare_routine(
                    self.days,
                    outcome=self.site.value,
                    lag=self.lag.value,
                    start=self.start,
                    end=self.end,
                    n_boot=self.n_boot,
                    seed=self.seed,
                ),
            )
        return self._cache[key]
