"""Charts a physical therapist would want to see, from a day table or a stats result.

Every function takes data (the table made by ``daily()``, or a result of ``stats``) and
options, draws with matplotlib only, and returns the Figure. Pass ``ax`` to draw into
axes of your own (the two-panel charts take a pair of axes; given one, they draw the
top panel only). Nothing here calls ``plt.show()`` or keeps figures in pyplot: a figure
made here is a plain ``matplotlib.figure.Figure`` with an Agg canvas, so a notebook shows
it once when it is the last value of a cell, and ``fig.savefig(path)`` writes it.

Axis labels come from the schema (``schema.label``), so units are always shown.
The look (colour-blind-safe Okabe-Ito colours, font sizes readable at report size) is
set in one place: ``STYLE`` and the colour constants in ``plots.theme``.

When a selection holds nothing to draw, the chart says so in plain words inside the
axes (a text artist with gid ``"no-data"``); ``no_data_message(fig)`` returns it.

The modules, one job each: ``theme`` (colours and style), ``figures`` (figures outside
pyplot, the no-data message, day bars, PNG bytes), ``days`` (the day table as numbers and
words), and the charts: ``trend`` (pain_trend), ``associations`` (load_vs_pain),
``heatmap`` (association_heatmap), ``comparison`` (comparison_chart), ``calendars``
(adherence_calendar), ``week`` (week_overview), ``experiment`` (experiment_chart). Each
chart module first works out what to draw, then draws it layer by layer with small named
functions.

>>> from psoas_track import plots
>>> fig = plots.pain_trend(days)                        # doctest: +SKIP
>>> fig.savefig("trend.png")                            # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from psoas_track.plots.associations import THEIL_SEN_MAX, lagged_pairs, load_vs_pain
from psoas_track.plots.calendars import REST_CATEGORIES, adherence_calendar, calendar_values
from psoas_track.plots.comparison import comparison_chart
from psoas_track.plots.days import day_range, lag_words
from psoas_track.plots.experiment import experiment_chart
from psoas_track.plots.figures import (
    NO_DATA_GID,
    bar_heights,
    new_figure,
    no_data_message,
    render_png,
    reset_axes,
)
from psoas_track.plots.heatmap import association_heatmap, muted_cells
from psoas_track.plots.theme import (
    EARLIER_COLOR,
    FIGSIZE,
    LOAD_COLOR,
    MUTE,
    NOT_LOGGED_COLOR,
    NOT_RECORDED_COLOR,
    OKABE_ITO,
    PAIN_CMAP,
    REST_COLORS,
    RHO_CMAP,
    RHO_LIMIT,
    SITE_COLORS,
    STYLE,
    WEEKEND_ALPHA,
    WEEKEND_COLOR,
    site_color,
    style,
)
from psoas_track.plots.trend import default_sites, pain_trend
from psoas_track.plots.week import week_overview, week_start

#: Every chart, by the name its screenshot and the notebook use.
CHARTS: dict[str, Callable[..., Figure]] = {
    "pain_trend": pain_trend,
    "load_vs_pain": load_vs_pain,
    "association_heatmap": association_heatmap,
    "comparison_chart": comparison_chart,
    "adherence_calendar": adherence_calendar,
    "week_overview": week_overview,
}

__all__ = [
    # the charts
    "CHARTS",
    "adherence_calendar",
    "association_heatmap",
    "comparison_chart",
    "experiment_chart",
    "load_vs_pain",
    "pain_trend",
    "week_overview",
    # the data behind them
    "calendar_values",
    "day_range",
    "default_sites",
    "lag_words",
    "lagged_pairs",
    "muted_cells",
    "week_start",
    # figures
    "bar_heights",
    "new_figure",
    "no_data_message",
    "render_png",
    "reset_axes",
    "site_color",
    "style",
    # constants
    "EARLIER_COLOR",
    "FIGSIZE",
    "LOAD_COLOR",
    "MUTE",
    "NOT_LOGGED_COLOR",
    "NOT_RECORDED_COLOR",
    "NO_DATA_GID",
    "OKABE_ITO",
    "PAIN_CMAP",
    "REST_CATEGORIES",
    "REST_COLORS",
    "RHO_CMAP",
    "RHO_LIMIT",
    "SITE_COLORS",
    "STYLE",
    "THEIL_SEN_MAX",
    "WEEKEND_ALPHA",
    "WEEKEND_COLOR",
]
