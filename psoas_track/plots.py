"""Charts a physical therapist would want to see, from a day table or a stats result.

Every function takes data (the table made by ``daily()``, or a result of ``stats``) and
options, draws with matplotlib only, and returns the Figure. Pass ``ax`` to draw into
axes of your own (the two-panel charts take a pair of axes; given one, they draw the
top panel only). Nothing here calls ``plt.show()`` or keeps figures in pyplot: a figure
made here is a plain ``matplotlib.figure.Figure`` with an Agg canvas, so a notebook shows
it once when it is the last value of a cell, and ``fig.savefig(path)`` writes it.

Axis labels come from the schema (``schema.label``), so units are always shown.
The look (colour-blind-safe Okabe-Ito colours, font sizes readable at report size) is
set in one place: ``STYLE`` and the colour constants below.

When a selection holds nothing to draw, the chart says so in plain words inside the
axes (a text artist with gid ``"no-data"``); ``no_data_message(fig)`` returns it.

>>> from psoas_track import plots
>>> fig = plots.pain_trend(days)                        # doctest: +SKIP
>>> fig.savefig("trend.png")                            # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm, ListedColormap, Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from psoas_track import schema, stats

# --------------------------------------------------------------------------- style

#: Okabe & Ito (2008) colours: distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: One colour per pain column, the same in every chart.
SITE_COLORS = {
    "back_pain": OKABE_ITO["blue"],
    "hip_pain": OKABE_ITO["orange"],
    "knee_pain": OKABE_ITO["green"],
    schema.PAIN: OKABE_ITO["purple"],
}
_EXTRA_COLORS = (OKABE_ITO["vermillion"], OKABE_ITO["sky_blue"], OKABE_ITO["black"])
LOAD_COLOR = "#8C8C8C"  # bars of a load: neutral, so the pain lines stand out
EARLIER_COLOR = "#A0A0A0"  # earlier weeks, previous values
WEEKEND_COLOR = "#000000"
WEEKEND_ALPHA = 0.06
NOT_RECORDED_COLOR = "#D9D9D9"
NOT_LOGGED_COLOR = "#FFFFFF"
#: Diverging map for rho (purple = less pain, orange = more); colour-blind safe.
RHO_CMAP = "PuOr_r"
RHO_LIMIT = 0.8  # |rho| at which the heatmap colour is full
#: Sequential map for pain 0-10 (lightness rises monotonically: readable in grey too).
PAIN_CMAP = "YlOrRd"
#: Rest minutes: not met in oranges, met in blues (none, 1-9, 10-19, 20+ minutes).
REST_COLORS = ("#FBE3C0", OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["blue"])
MUTE = 0.72  # how far a cell with weak evidence is blended toward white

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO.values())[1:]),
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": 150,
    "image.cmap": "cividis",
    # Unhinted glyphs look the same at these sizes and draw about a third faster (text
    # is most of the cost of a chart since matplotlib 3.11 shapes text with libraqm).
    "text.hinting": "no_hinting",
}
FIGSIZE = (10.0, 5.5)  # inches; readable on a report page and in a notebook

NO_DATA_GID = "no-data"

LAG_WORDS = {0: "same day", 1: "next day"}


def lag_words(lag: int) -> str:
    """'same day', 'next day', '2 days later'."""
    return LAG_WORDS.get(int(lag), f"{int(lag)} days later")


@contextlib.contextmanager
def style():
    """The house style for anything drawn inside the block."""
    with mpl.rc_context(STYLE):
        yield


def _styled(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            return func(*args, **kwargs)

    return wrapper


def new_figure(figsize: tuple[float, float] = FIGSIZE, dpi: float = 100,
               layout: str | None = "constrained") -> Figure:
    """A Figure outside pyplot (nothing to close), with an Agg canvas.

    ``layout="constrained"`` fits labels and legends; None keeps the axes where they are
    put (faster to draw, for the explorer's fixed layouts).
    """
    with style():
        fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def _subplots(nrows: int = 1, figsize=FIGSIZE, **kwargs) -> tuple[Figure, Any]:
    fig = new_figure(figsize)
    return fig, fig.subplots(nrows, 1, squeeze=True, **kwargs)


def site_color(column: str) -> str:
    """The colour of a pain column (custom columns get the spare Okabe-Ito colours)."""
    if column in SITE_COLORS:
        return SITE_COLORS[column]
    return _EXTRA_COLORS[sum(map(ord, column)) % len(_EXTRA_COLORS)]


def no_data_message(fig_or_ax: Figure | Axes) -> str | None:
    """The plain message a chart shows instead of data, or None when it shows data."""
    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.figure
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_gid() == NO_DATA_GID:
                return text.get_text()
    return None


def reset_axes(ax: Axes) -> None:
    """Empty axes for drawing a chart again, keeping their tick objects.

    Making fresh axes (or ``ax.clear()``) re-creates every tick, which costs more than
    drawing most charts; the explorer redraws into the same axes after this instead.
    """
    for artist in (*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images,
                   *ax.tables, *ax.artists):
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(mticker.AutoLocator())
        axis.set_major_formatter(mticker.ScalarFormatter())
        axis.set_minor_locator(mticker.NullLocator())
    ax.set_visible(True)
    with style():
        ax.grid(mpl.rcParams["axes.grid"])
    ax.relim()
    ax.set_autoscale_on(True)


def _say_no_data(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            wrap=True, fontsize=11, color="#444444", gid=NO_DATA_GID)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


# --------------------------------------------------------------------------- data helpers


def day_range(days: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """The day table on a full calendar (one row per day), cut to [start, end]."""
    if not isinstance(days, pd.DataFrame):
        raise TypeError("Pass the day table made by daily(), a pandas DataFrame.")
    frame = days
    if not isinstance(frame.index, pd.DatetimeIndex):
        if "date" not in frame.columns:
            raise ValueError("The day table needs dates as its index, as daily() makes it.")
        frame = frame.set_index(pd.DatetimeIndex(pd.to_datetime(frame["date"]), name="date"))
        frame = frame.drop(columns="date")
    if len(frame):
        frame = frame.sort_index()
        full = pd.date_range(frame.index[0].normalize(), frame.index[-1].normalize(),
                             freq="D", name="date")
        if len(full) != len(frame) or not frame.index.equals(full):
            frame = frame.set_axis(frame.index.normalize())
            frame = frame[~frame.index.duplicated()].reindex(full)
    if start is not None:
        frame = frame.loc[frame.index >= pd.Timestamp(start).normalize()]
    if end is not None:
        frame = frame.loc[frame.index <= pd.Timestamp(end).normalize()]
    return frame


def _values(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A daily column as float with NaN = not recorded (yes/no -> 1/0); all NaN if absent."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    series = frame[column]
    try:
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ValueError(f"'{column}' holds text, not numbers, so it cannot be drawn.") from None


def _logged(frame: pd.DataFrame) -> np.ndarray:
    if schema.LOGGED in frame.columns:
        return frame[schema.LOGGED].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return np.ones(len(frame), dtype=bool)


def _span(frame: pd.DataFrame) -> str:
    if not len(frame):
        return "no days"
    first, last = frame.index[0].date(), frame.index[-1].date()
    return f"{first}" if first == last else f"{first} to {last}"


def _what(column: str) -> str:
    """A column in words inside a sentence: 'back pain', 'sitting (h)'."""
    if column == schema.PAIN:
        return "pain (mean of the sites)"
    text = schema.label(column)
    if column in schema.PAIN_SITES:
        text = schema.BY_NAME[column].label
    return text[:1].lower() + text[1:]


def _is_flag(column: str, values: np.ndarray | None = None) -> bool:
    m = schema.BY_NAME.get(column)
    if m is not None:
        return m.kind in (schema.FLAG, schema.TEXT)
    if values is None:
        return False
    finite = values[np.isfinite(values)]
    return len(finite) > 0 and bool(np.isin(finite, (0.0, 1.0)).all())


def _pain_unit() -> str:
    return schema.BY_NAME[schema.PAIN_SITES[0]].unit


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    # Month names with the year at each new year; no offset text in the corner.
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(
        locator, offset_formats=["", "", "", "", "", ""]))


def _day_bars(ax: Axes, x: np.ndarray, heights: np.ndarray, width: float = 0.8,
              color: str = LOAD_COLOR, gid: str | None = None, label: str | None = None
              ) -> PolyCollection:
    """One bar per day as a single collection (thousands of bars draw in milliseconds)."""
    ok = np.isfinite(heights)
    xs, hs = x[ok], heights[ok]
    half = width / 2
    verts = np.empty((len(xs), 4, 2))
    verts[:, 0, 0] = verts[:, 1, 0] = xs - half
    verts[:, 2, 0] = verts[:, 3, 0] = xs + half
    verts[:, 0, 1] = verts[:, 3, 1] = 0.0
    verts[:, 1, 1] = verts[:, 2, 1] = hs
    bars = PolyCollection(verts, facecolors=color, edgecolors="none", gid=gid, label=label)
    ax.add_collection(bars)
    return bars


def bar_heights(bars: PolyCollection) -> np.ndarray:
    """The heights of the bars drawn by a chart (for tests and for reading a chart back)."""
    return np.array([path.vertices[1, 1] for path in bars.get_paths()])


def _weekend_spans(ax: Axes, index: pd.DatetimeIndex, x: np.ndarray) -> PolyCollection:
    """Shade Saturdays and Sundays (one collection, behind everything)."""
    weekend = index.day_of_week.to_numpy() >= 5
    verts = [[(xi - 0.5, 0), (xi - 0.5, 1), (xi + 0.5, 1), (xi + 0.5, 0)] for xi in x[weekend]]
    spans = PolyCollection(verts, facecolors=WEEKEND_COLOR, alpha=WEEKEND_ALPHA,
                           edgecolors="none", transform=ax.get_xaxis_transform(),
                           gid="weekends", zorder=0)
    ax.add_collection(spans, autolim=False)
    return spans


def _axes_pair(ax) -> tuple[Axes, Axes | None]:
    if ax is None:
        return None, None  # type: ignore[return-value]
    if isinstance(ax, Axes):
        return ax, None
    first, second = list(ax)[:2]
    return first, second


# --------------------------------------------------------------------------- pain trend


def default_sites(days: pd.DataFrame) -> list[str]:
    """The pain sites of the schema with at least one rating in the day table."""
    return [s for s in schema.PAIN_SITES
            if s in days.columns and days[s].notna().any()]


@_styled
def pain_trend(
    days: pd.DataFrame,
    sites: Sequence[str] | str | None = None,
    load: str | None = "sitting_hours",
    window: int = 7,
    start=None,
    end=None,
    weekends: bool | None = None,
    weeks: int | None = None,
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    """Daily pain by site with its ``window``-day mean, and a load as bars below.

    The range is [start, end], or the last ``weeks`` weeks up to ``end`` (None: all).

    Days without a rating (logged or not) are gaps in the lines, never zeros; days not
    logged at all are marked by a tick under the lines. Weekends are shaded (by default
    when the range is at most a year, beyond which a weekend is thinner than a pixel).
    The load panel (default sitting hours; None for no panel) shares the date axis.

    ``ax``: one Axes (pain only) or a pair (pain, load). Artists carry gids for reading
    the chart back: ``daily:<site>``, ``mean:<site>``, ``bars:<load>``, ``weekends``,
    ``not-logged``.
    """
    if weeks is not None and start is None:
        last = day_range(days, None, end).index
        if len(last):
            start = last[-1] - pd.Timedelta(days=7 * int(weeks) - 1)
    frame = day_range(days, start, end)
    if sites is None:
        sites = default_sites(days) or [s for s in schema.PAIN_SITES if s in days.columns]
    sites = [sites] if isinstance(sites, str) else list(sites)
    window = max(int(window), 1)
    pain_ax, load_ax = _axes_pair(ax)
    if pain_ax is None:
        if load is not None:
            fig, (pain_ax, load_ax) = _subplots(
                2, sharex=True, gridspec_kw={"height_ratios": (2.4, 1)})
        else:
            fig, pain_ax = _subplots(1, figsize=(FIGSIZE[0], 4.0))
    fig = pain_ax.figure

    index = frame.index
    x = mdates.date2num(index.to_pydatetime()) if len(index) else np.array([])
    values = {s: _values(frame, s) for s in sites}
    recorded = any(np.isfinite(v).any() for v in values.values())
    names = ", ".join(_what(s) for s in sites) or "pain"
    if not recorded:
        _say_no_data(pain_ax, f"No {names} recorded in {_span(frame)}.\n"
                     "Choose a wider date range or another pain site.")
        if load_ax is not None:
            load_ax.set_visible(False)
        return fig

    dense = len(frame) > 400
    if weekends is None:
        weekends = len(frame) <= 366
    if weekends:
        _weekend_spans(pain_ax, index, x)
    handles = []
    for site in sites:
        y = values[site]
        color = site_color(site)
        if dense:  # beyond a year a daily zigzag is noise: faint dots, the mean carries it
            pain_ax.plot(x, y, "o", color=color, ms=1.6, alpha=0.25, mew=0,
                         gid=f"daily:{site}")
        else:
            pain_ax.plot(x, y, "-o", color=color, lw=0.8, ms=2.5, alpha=0.45,
                         gid=f"daily:{site}")
        mean = (pd.Series(y).rolling(window, center=True, min_periods=(window + 1) // 2)
                .mean().to_numpy())
        pain_ax.plot(x, mean, "-", color=color, lw=2.4, gid=f"mean:{site}")
        label = schema.BY_NAME[site].label if site in schema.BY_NAME else schema.label(site)
        handles.append(Line2D([], [], color=color, lw=2.4, label=label))
    unlogged = ~_logged(frame)
    if unlogged.any():
        pain_ax.plot(x[unlogged], np.full(unlogged.sum(), -0.35), "|", color="#555555",
                     ms=6, mew=1.0, gid="not-logged", clip_on=False)
        handles.append(Line2D([], [], ls="", marker="|", color="#555555", ms=6,
                              label="day not logged"))
    handles.append(Line2D([], [], color="#777777", lw=0 if dense else 0.8, marker="o",
                          ms=2.5, alpha=0.6, label="daily rating"))
    handles.append(Line2D([], [], color="#777777", lw=2.4,
                          label=f"{window}-day mean" if window > 1 else "daily rating"))
    if weekends:
        handles.append(Patch(facecolor=WEEKEND_COLOR, alpha=WEEKEND_ALPHA * 2,
                             label="weekend"))
    pain_ax.set_ylim(-0.6, 10.4)
    pain_ax.set_yticks(range(0, 11, 2))
    pain_ax.set_ylabel(f"Pain ({_pain_unit()})" if all(s in schema.PAIN_COLUMNS for s in sites)
                       else schema.label(sites[0]))
    pain_ax.set_xlim(x[0] - 0.6, x[-1] + 0.6)
    pain_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    title = "Pain by site" if len(sites) > 1 else schema.label(sites[0])
    pain_ax.set_title(f"{title}: daily and {window}-day mean, {_span(frame)}"
                      if window > 1 else f"{title}: daily, {_span(frame)}")
    _date_axis(pain_ax)

    if load_ax is not None and load is not None:
        heights = _values(frame, load)
        if weekends:
            _weekend_spans(load_ax, index, x)
        if np.isfinite(heights).any():
            _day_bars(load_ax, x, heights, gid=f"bars:{load}", label=schema.label(load))
            top = float(np.nanmax(heights))
            if _is_flag(load, heights):
                load_ax.set_yticks([0, 1], ["no", "yes"])
                top = 1.0
            elif load == "rest_minutes":
                target = schema.REST_TARGET_MINUTES
                load_ax.axhline(target, color=OKABE_ITO["blue"], lw=1, ls="--",
                                gid="rest-target")
                load_ax.annotate(f"target {target:g} min", (1.0, target),
                                 xycoords=("axes fraction", "data"), xytext=(4, 0),
                                 textcoords="offset points", va="center", fontsize=8,
                                 color=OKABE_ITO["blue"])
                top = max(top, target)
            load_ax.set_ylim(0, top * 1.08 if top > 0 else 1)
        else:
            load_ax.text(0.5, 0.5, f"{schema.label(load)} not recorded in this range",
                         transform=load_ax.transAxes, ha="center", va="center",
                         color="#555555", gid="load-not-recorded")
            load_ax.set_yticks([])
        load_ax.set_ylabel(schema.label(load))
        load_ax.set_xlim(x[0] - 0.6, x[-1] + 0.6)
        load_ax.grid(axis="x", visible=False)
        _date_axis(load_ax)
        if load_ax.get_shared_x_axes().joined(pain_ax, load_ax):
            pain_ax.tick_params(labelbottom=False)
    return fig


# --------------------------------------------------------------------------- load vs pain


def lagged_pairs(days: pd.DataFrame, load: str, pain: str, lag: int = 1, start=None, end=None
                 ) -> pd.DataFrame:
    """The (day, load on the day, pain ``lag`` days later) pairs with both recorded.

    Both days lie inside [start, end], so a range never borrows pain from outside it.
    """
    frame = day_range(days, start, end)
    x = _values(frame, load)
    y_all = _values(frame, pain)
    y = np.full(len(frame), np.nan)
    if lag < len(frame):
        y[: len(frame) - lag] = y_all[lag:]
    ok = np.isfinite(x) & np.isfinite(y)
    return pd.DataFrame({"load": x[ok], "pain": y[ok]}, index=frame.index[ok])


def _association_row(days, load, pain, lag, start, end, table, n_boot, seed, min_pairs
                     ) -> dict | None:
    if table is not None:
        rows = table[(table["load"] == load) & (table["pain"] == pain) & (table["lag"] == lag)]
        return dict(rows.iloc[0]) if len(rows) else None
    frame = day_range(days, start, end)
    if not len(frame):
        return None
    result = stats.associations(frame, loads=[load], pains=[pain], lags=[lag], n_boot=n_boot,
                                seed=seed, min_pairs=min_pairs)
    return dict(result.iloc[0])


#: The most pairs of days the robust line of load_vs_pain is fitted on.
THEIL_SEN_MAX = 800


@_styled
def load_vs_pain(
    days: pd.DataFrame,
    load: str = "sitting_hours",
    pain: str = "back_pain",
    lag: int = 1,
    start=None,
    end=None,
    association: pd.DataFrame | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    min_pairs: int = 14,
    ax: Axes | None = None,
) -> Figure:
    """A load on day t against pain on day t + lag, with a robust (Theil-Sen) line.

    The legend gives Spearman's rho with its 95% block-bootstrap interval and n, from
    ``stats.associations`` (pass an association table to reuse one already computed).
    Below ``min_pairs`` pairs it says "not enough data" and draws no line.
    Artists: ``points`` (the pairs), ``fit`` (the line).
    """
    from scipy import stats as sps

    lag = int(lag)
    if ax is None:
        fig, ax = _subplots(1, figsize=(7.5, 5.0))
    fig = ax.figure
    pairs = lagged_pairs(days, load, pain, lag, start, end)
    frame_span = _span(day_range(days, start, end))
    if pairs.empty:
        _say_no_data(ax, f"No days in {frame_span} with {_what(load)} recorded and "
                     f"{_what(pain)} recorded the {lag_words(lag)}.\n"
                     "Choose a wider date range, another load or another lag.")
        return fig
    x, y = pairs["load"].to_numpy(), pairs["pain"].to_numpy()
    color = site_color(pain)
    flag = _is_flag(load, x)
    ax.scatter(x, y, s=18, color=color, alpha=0.45, edgecolors="none", gid="points",
               label=f"one day ({len(x)} pairs)")
    row = _association_row(days, load, pain, lag, start, end, association, n_boot, seed,
                           min_pairs)
    enough = bool(row and row.get("enough"))
    if enough and np.ptp(x) > 0:
        # Theil-Sen takes the median of all n^2/2 pairwise slopes: past THEIL_SEN_MAX
        # days, fit it on evenly spaced days (exact on 3,000 pairs would take half a second).
        step = max(1, math.ceil(len(x) / THEIL_SEN_MAX))
        fit = sps.theilslopes(y[::step], x[::step])
        xs = np.array([x.min(), x.max()])
        low, high = row["ci_low"], row["ci_high"]
        interval = (f", 95% interval {low:.2f} to {high:.2f}"
                    if np.isfinite(low) and np.isfinite(high) else "")
        line = "robust line (Theil-Sen" + (f", on 1 day in {step}" if step > 1 else "") + ")"
        ax.plot(xs, fit.intercept + fit.slope * xs, color="#222222", lw=2, gid="fit",
                label=f"{line}, rho {row['rho']:.2f}{interval}, n = {int(row['n'])}")
    else:
        n = int(row["n"]) if row else len(x)
        ax.plot([], [], " ", label=f"not enough data for a line: n = {n} "
                f"(at least {min_pairs} pairs needed)")
    if flag:
        ax.set_xticks([0, 1], ["no", "yes"])
        ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.4, 10.4)
    ax.set_xlabel(f"{schema.label(load)}, on a day")
    ax.set_ylabel(f"{schema.label(pain)}, {lag_words(lag)}")
    ax.set_title(f"{schema.label(load).split(' (')[0]} and {_what(pain)} "
                 f"{lag_words(lag)}, {frame_span}")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), fontsize=9)
    return fig


# --------------------------------------------------------------------------- heatmap


def _luminance(rgb) -> float:
    r, g, b = to_rgb(rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _cells(ax: Axes, boxes: list[tuple[float, float]], colors: list, gid: str
           ) -> PolyCollection:
    verts = [[(c - 0.5, r - 0.5), (c - 0.5, r + 0.5), (c + 0.5, r + 0.5), (c + 0.5, r - 0.5)]
             for c, r in boxes]
    cells = PolyCollection(verts, facecolors=colors if colors else "none",
                           edgecolors="white", linewidths=1.5, gid=gid)
    ax.add_collection(cells, autolim=False)
    return cells


@_styled
def association_heatmap(
    data: pd.DataFrame,
    pain: str | None = None,
    q_level: float = 0.05,
    loads: Sequence[str] | None = None,
    highlight_load: str | None = None,
    highlight_lag: int | None = None,
    start=None,
    end=None,
    n_boot: int = 1000,
    seed: int = 0,
    colorbar: bool | Axes = True,
    ax: Axes | None = None,
) -> Figure:
    """Loads x lags for one pain site: colour = rho, n written in each cell.

    ``data`` is a table from ``stats.associations`` or a day table (then the table is
    computed for ``pain`` over [start, end]). Cells with q >= ``q_level`` are muted
    (faded colour, grey text); cells without enough data are grey with only their n.
    Artists: ``cells:clear``, ``cells:muted``, ``cells:not-enough`` (one polygon each).
    ``colorbar``: True (beside ``ax``), an Axes to draw it in, or False (none: the scale
    is fixed, so a redraw can keep the one it drew before).
    """
    if {"load", "pain", "lag", "rho"}.issubset(data.columns):
        table = data
    else:
        frame = day_range(data, start, end)
        pains = [pain] if pain else None
        table = (stats.associations(frame, pains=pains, n_boot=n_boot, seed=seed)
                 if len(frame) else pd.DataFrame(columns=list(stats.ASSOCIATION_COLUMNS)))
    if pain is None:
        pain = (schema.PAIN if (table["pain"] == schema.PAIN).any()
                else (table["pain"].iloc[0] if len(table) else schema.PAIN))
    table = table[table["pain"] == pain]
    if loads is not None:
        table = table[table["load"].isin(list(loads))]
    row_names = list(dict.fromkeys(table["load"]))
    lags = sorted(int(k) for k in dict.fromkeys(table["lag"]))
    if ax is None:
        fig, ax = _subplots(1, figsize=(8.0, max(3.2, 0.5 * len(row_names) + 1.8)))
    fig = ax.figure
    if table.empty or not table["n"].astype(float).gt(0).any():
        _say_no_data(ax, f"No days with both a load and {_what(pain)} recorded in this "
                     "range.\nChoose a wider date range or another pain site.")
        return fig

    cmap = mpl.colormaps[RHO_CMAP]
    norm = Normalize(-RHO_LIMIT, RHO_LIMIT)
    groups: dict[str, tuple[list, list]] = {"clear": ([], []), "muted": ([], []),
                                            "not-enough": ([], [])}
    rows = {name: i for i, name in enumerate(row_names)}
    cols = {lag: j for j, lag in enumerate(lags)}
    for cell in table.itertuples(index=False):
        r, c = rows[cell.load], cols[int(cell.lag)]
        n = int(cell.n)
        if not cell.enough or not np.isfinite(cell.rho):
            groups["not-enough"][0].append((c, r))
            groups["not-enough"][1].append(NOT_RECORDED_COLOR)
            ax.text(c, r, f"n={n}", ha="center", va="center", fontsize=8, color="#666666")
            continue
        rgb = np.array(to_rgb(cmap(norm(cell.rho))))
        muted = not (np.isfinite(cell.q) and cell.q < q_level)
        if muted:
            rgb = rgb + (1.0 - rgb) * MUTE
        kind = "muted" if muted else "clear"
        groups[kind][0].append((c, r))
        groups[kind][1].append(tuple(rgb))
        text_color = ("#777777" if muted else
                      ("white" if _luminance(rgb) < 0.45 else "black"))
        ax.text(c, r, f"{_signed(cell.rho, 2)}\nn={n}", ha="center", va="center", fontsize=8,
                color=text_color, fontweight="normal" if muted else "bold")
    for kind, (boxes, colors) in groups.items():
        _cells(ax, boxes, colors, f"cells:{kind}")
    if highlight_load in rows or highlight_lag in cols:
        r0 = rows.get(highlight_load)
        c0 = cols.get(highlight_lag)
        if r0 is not None and c0 is not None:
            ax.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), 1, 1, fill=False, lw=2.2,
                                   edgecolor="black", gid="highlight"))
    ax.set_xlim(-0.5, len(lags) - 0.5)
    ax.set_ylim(len(row_names) - 0.5, -0.5)
    ax.set_xticks(range(len(lags)), [lag_words(k) for k in lags])
    ax.set_yticks(range(len(row_names)), [schema.label(r) for r in row_names])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(f"{schema.label(pain)} ... after the load")
    ax.set_title(f"What goes with {_what(pain)}: Spearman rho by load and lag")
    if colorbar is not False:
        mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
        where = {"cax": colorbar} if isinstance(colorbar, Axes) else {
            "ax": ax, "shrink": 0.9, "pad": 0.02}
        bar = fig.colorbar(mappable, extend="both", **where)
        bar.set_label("rho: − less pain · + more pain")
    ax.legend(handles=[
        Patch(facecolor=cmap(norm(0.5)), label=f"clear (q < {q_level:g})"),
        Patch(facecolor=tuple(np.array(to_rgb(cmap(norm(0.5)))) * (1 - MUTE) + MUTE),
              label=f"could be chance (q ≥ {q_level:g})"),
        Patch(facecolor=NOT_RECORDED_COLOR, label="not enough data (n < 14)"),
    ], loc="upper left", bbox_to_anchor=(0.0, -0.07), ncol=3, fontsize=8)
    return fig


def muted_cells(fig_or_ax: Figure | Axes) -> dict[str, int]:
    """How many heatmap cells are clear, muted and without enough data."""
    axes = fig_or_ax.axes if isinstance(fig_or_ax, Figure) else [fig_or_ax]
    counts = {"clear": 0, "muted": 0, "not-enough": 0}
    for ax in axes:
        for coll in ax.collections:
            gid = coll.get_gid() or ""
            if gid.startswith("cells:"):
                counts[gid.split(":", 1)[1]] += len(coll.get_paths())
    return counts


# --------------------------------------------------------------------------- comparisons


def _condition_words(condition: Any) -> str:
    """A condition for a chart label: 'Rest 10+ min', 'Sitting 8+ h', 'Towel ...'."""
    if callable(condition):
        words = getattr(condition, "label", None)
        if words:
            return words[:1].upper() + words[1:]
        condition = getattr(condition, "__name__", "condition")
    name = str(condition)
    if name == schema.REST_TARGET_MET:
        return f"Constructive rest {schema.REST_TARGET_MINUTES:g}+ min"
    if "_at_least_" in name:
        column, amount = name.rsplit("_at_least_", 1)
        m = schema.BY_NAME.get(column)
        if m is not None:
            return f"{m.label} {amount}+ {m.unit}".strip()
        return f"{column.replace('_', ' ').capitalize()} {amount}+"
    return schema.label(name)


def default_conditions(days: pd.DataFrame) -> list:
    """The routine's conditions present in a day table: rest target, towel, long sits, therapy.

    Strings are yes/no day columns; the long-sit condition is ``stats.at_least``.
    """
    out: list = []
    if schema.REST_TARGET_MET in days.columns:
        out.append(schema.REST_TARGET_MET)
    if "towel" in days.columns:
        out.append("towel")
    if "sitting_hours" in days.columns:
        out.append(stats.at_least("sitting_hours", 8, words="sitting 8+ h"))
    if "therapy" in days.columns:
        out.append("therapy")
    return out


def comparisons(days: pd.DataFrame, conditions: Iterable | None = None,
                outcome: str = schema.PAIN, lag: int = 1, start=None, end=None,
                n_boot: int = 1000, seed: int = 0) -> dict[str, stats.Comparison]:
    """``stats.compare`` for several conditions, keyed by the words a chart shows."""
    frame = day_range(days, start, end)
    conditions = default_conditions(frame) if conditions is None else list(conditions)
    out: dict[str, stats.Comparison] = {}
    for condition in conditions:
        if not len(frame):
            break
        out[_condition_words(condition)] = stats.compare(
            frame, condition, outcome=outcome, lag=lag, n_boot=n_boot, seed=seed)
    return out


@_styled
def comparison_chart(
    data: pd.DataFrame | Mapping[str, Any] | Sequence[Any],
    conditions: Iterable | None = None,
    outcome: str = schema.PAIN,
    lag: int = 1,
    start=None,
    end=None,
    n_boot: int = 1000,
    seed: int = 0,
    ax: Axes | None = None,
) -> Figure:
    """Mean pain on days with/after each condition against the days without it.

    ``data``: a day table (the conditions are compared with ``stats.compare``), or the
    results of ``stats.compare`` as a list or a {label: result} mapping. For each
    condition: an open circle at the mean without, a filled one at the mean with, and
    the 95% interval of the difference drawn around the mean with (mean without +
    interval). Artists: ``without`` and ``with`` (the markers), ``intervals`` (one
    segment per condition that has an interval, top to bottom).
    """
    if isinstance(data, pd.DataFrame):
        results = comparisons(data, conditions, outcome, lag, start, end, n_boot, seed)
    elif isinstance(data, Mapping):
        results = dict(data)
    else:
        results = {_condition_words(r.condition): r for r in data}
    if results:
        first = next(iter(results.values()))
        outcome, lag = first.outcome, first.lag
    labels = list(results)
    if ax is None:
        fig, ax = _subplots(1, figsize=(9.0, max(2.8, 0.75 * len(labels) + 1.6)))
    fig = ax.figure
    drawn = [r for r in results.values() if r.n_with or r.n_without]
    if not drawn:
        _say_no_data(ax, f"No days to compare: {_what(outcome)} was not recorded on the "
                     "days after these conditions in this range.")
        return fig
    color = site_color(outcome)
    ys = np.arange(len(labels))[::-1]
    xs_with, xs_without, y_with, y_without = [], [], [], []
    spans, intervals = [], []
    for y, label in zip(ys, labels, strict=True):
        r = results[label]
        if r.mean_without is not None:
            xs_without.append(r.mean_without)
            y_without.append(y)
        if r.mean_with is not None:
            xs_with.append(r.mean_with)
            y_with.append(y)
        if r.mean_with is not None and r.mean_without is not None:
            spans.append((y, r.mean_without, r.mean_with))
        if r.enough and r.ci_low is not None and r.ci_high is not None:
            # The interval of the difference, placed at the mean without + difference.
            intervals.append((y, r.mean_without + r.ci_low, r.mean_without + r.ci_high))
            note = (f"{_signed(r.diff)} ({_signed(r.ci_low)} to {_signed(r.ci_high)}); "
                    f"{r.n_with} vs {r.n_without}")
        elif r.enough:
            note = f"{_signed(r.diff)}; {r.n_with} vs {r.n_without}"
        else:
            note = f"not enough data; {r.n_with} vs {r.n_without}"
        ax.annotate(note, (1.0, y), xycoords=("axes fraction", "data"), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize=9,
                    color="#222222" if r.enough else "#777777")
    if spans:
        sy, s0, s1 = np.array(spans).T
        ax.hlines(sy, s0, s1, color="#BBBBBB", lw=3, zorder=1, gid="spans")
    if intervals:
        iy, lo, hi = np.array(intervals).T
        ax.hlines(iy, lo, hi, color="#222222", lw=1.4, zorder=2, gid="intervals")
        ax.plot(np.concatenate([lo, hi]), np.concatenate([iy, iy]), "|", color="#222222",
                ms=9, mew=1.4, zorder=2)
    ax.annotate("difference (95% interval);\ndays with vs without", (1.0, 1.0),
                xycoords="axes fraction", xytext=(8, 4), textcoords="offset points",
                va="bottom", fontsize=9, fontweight="bold", color="#222222")
    ax.scatter(xs_without, y_without, s=70, facecolors="white", edgecolors=color,
               linewidths=2, zorder=3, gid="without", label="days without")
    ax.scatter(xs_with, y_with, s=70, color=color, zorder=4, gid="with",
               label="days with (bar: 95% interval of the difference)")
    ax.set_yticks(ys, labels)
    ax.set_ylim(ys.min() - 0.7, ys.max() + 0.7)
    values = np.array(xs_with + xs_without + [v for _, lo_, hi_ in intervals
                                              for v in (lo_, hi_)], dtype=float)
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    pad = max(0.6, (high - low) * 0.25)
    ax.set_xlim(max(-0.2, low - pad), min(10.2, high + pad))
    ax.grid(axis="y", visible=False)
    when = {0: "on the same day", 1: "on the next day"}.get(lag, f"{lag} days later")
    ax.set_xlabel(f"{schema.label(outcome)}, mean {when}")
    # Left-aligned, and on two lines for a long outcome name, so it stays clear of the
    # notes column on the right.
    what = f"{_what(outcome).capitalize()} {when}"
    ax.set_title(f"{what}:{chr(10) if len(what) > 28 else ' '}days with vs without", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.22 if len(labels) < 4 else -0.14),
              ncol=2)
    return fig


def _signed(x: float, digits: int = 1) -> str:
    """+0.5, −0.8 (a real minus sign), 0.0."""
    text = f"{x:+.{digits}f}"
    if float(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")


# --------------------------------------------------------------------------- calendars


def _calendar_grid(index: pd.DatetimeIndex, first: pd.Timestamp, weeks: int,
                   values: np.ndarray) -> np.ndarray:
    grid = np.full((7, weeks), np.nan)
    offset = (index - first).days.to_numpy()
    grid[index.day_of_week.to_numpy(), offset // 7] = values
    return grid


def _month_ticks(ax: Axes, first: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp
                 ) -> None:
    """Month names over the week column holding each month's first day (or the range's).

    A label is dropped when it would run into the next one (the year then moves on to
    the next label shown).
    """
    months = pd.date_range(start.replace(day=1), end, freq="MS")
    columns = [(max(m, start) - first).days // 7 for m in months]
    low, high = ax.get_xlim()
    column_inches = ax.get_position().width * ax.figure.get_figwidth() / max(high - low, 1)
    size = mpl.rcParams["xtick.labelsize"]
    char_inches = 0.55 * (size if isinstance(size, int | float) else 9) / 72
    ticks, labels = [], []
    for i, month in enumerate(months):
        text = month.strftime("%b\n%Y" if (not ticks or month.month == 1) else "%b")
        room = (columns[i + 1] - columns[i]) if i + 1 < len(months) else np.inf
        if room * column_inches < char_inches * max(map(len, text.split("\n"))) + 0.03:
            continue
        ticks.append(columns[i])
        labels.append(text)
    ax.set_xticks(ticks, labels, ha="left", va="bottom", linespacing=1.0)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0, pad=2)


def _calendar_axes(ax: Axes, first: pd.Timestamp, weeks: int, start, end) -> None:
    ax.set_xlim(-0.5, weeks - 0.5)
    ax.set_ylim(6.5, -0.5)
    ax.set_yticks(range(7), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _month_ticks(ax, first, start, end)


def _calendar_range(frame: pd.DataFrame, start, end, weeks_max: int) -> pd.DataFrame:
    if start is None and end is None and len(frame) > weeks_max * 7:
        frame = frame.iloc[-weeks_max * 7:]
    return frame


@_styled
def adherence_calendar(
    days: pd.DataFrame,
    start=None,
    end=None,
    target: float = schema.REST_TARGET_MINUTES,
    pain: str | None = schema.PAIN,
    max_weeks: int = 53,
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    """Calendars (a column per week, a row per weekday) of rest minutes and of pain.

    Rest: oranges below the target (none, 1-9 min), blues at or above it (10-19, 20+);
    grey = logged without rest recorded; white = not logged. Pain (second calendar,
    None for none): 0-10 on a sequential scale. Months are labelled on top. Without a
    start or end, the last ``max_weeks`` weeks are shown. ``ax``: one Axes (rest only) or
    a pair. Artists: meshes with gid ``calendar:rest`` and ``calendar:<pain>``; the rest
    mesh holds category codes (see ``REST_CATEGORIES``).
    """
    frame = _calendar_range(day_range(days, start, end), start, end, max_weeks)
    rest_ax, pain_ax = _axes_pair(ax)
    if rest_ax is None:
        # Square cells: the width holds the weeks, the height follows from it.
        weeks_shown = max(len(frame), 1) // 7 + 2
        cell = min(0.34, 8.8 / weeks_shown)
        panel = 7 * cell + 1.0
        if pain is not None:
            fig, (rest_ax, pain_ax) = _subplots(
                2, figsize=(10.0, 2 * panel + 0.6), gridspec_kw={"hspace": 0.05})
        else:
            fig, rest_ax = _subplots(1, figsize=(10.0, panel))
    fig = rest_ax.figure
    if not len(frame):
        _say_no_data(rest_ax, "No days in this range.")
        if pain_ax is not None:
            pain_ax.set_visible(False)
        return fig
    index = frame.index
    first = index[0] - pd.Timedelta(days=int(index[0].day_of_week))
    weeks = (index[-1] - first).days // 7 + 1
    start_day, end_day = index[0], index[-1]

    rest = _values(frame, "rest_minutes")
    logged = _logged(frame)
    codes = np.select(
        [~logged, ~np.isfinite(rest), rest <= 0, rest < target, rest < 2 * target],
        [0, 1, 2, 3, 4], default=5).astype(float)
    grid = _calendar_grid(index, first, weeks, codes)
    colors = [NOT_LOGGED_COLOR, NOT_RECORDED_COLOR, *REST_COLORS]
    cmap = ListedColormap(colors).with_extremes(bad=(0.0, 0.0, 0.0, 0.0))
    norm = BoundaryNorm(np.arange(-0.5, 6.5), cmap.N)
    xe, ye = np.arange(weeks + 1) - 0.5, np.arange(8) - 0.5
    rest_ax.pcolormesh(xe, ye, np.ma.masked_invalid(grid), cmap=cmap, norm=norm,
                       edgecolors="#F2F2F2", linewidth=0.8, gid="calendar:rest")
    _calendar_axes(rest_ax, first, weeks, start_day, end_day)
    met = int(((codes == 4) | (codes == 5)).sum())
    recorded = int((codes >= 2).sum())
    rest_ax.set_title(f"Constructive rest: the {target:g}-minute target met on {met} of "
                      f"{recorded} days recorded", loc="left")
    labels = ["not logged", "rest not recorded", "none", f"1–{target - 1:g} min",
              f"{target:g}–{2 * target - 1:g} min", f"{2 * target:g}+ min"]
    rest_ax.legend(handles=[Patch(facecolor=c, edgecolor="#BBBBBB", label=t)
                            for c, t in zip(colors, labels, strict=True)],
                   loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=6, fontsize=8,
                   handlelength=1.2, columnspacing=1.2)

    if pain_ax is not None and pain is not None:
        values = _values(frame, pain)
        pgrid = _calendar_grid(index, first, weeks, values)
        inside = _calendar_grid(index, first, weeks, np.ones(len(index)))
        background = np.where(np.isfinite(inside), 1.0, np.nan)
        pain_ax.pcolormesh(xe, ye, np.ma.masked_invalid(background),
                           cmap=ListedColormap([NOT_RECORDED_COLOR]), edgecolors="#F2F2F2",
                           linewidth=0.8)
        pmesh = pain_ax.pcolormesh(xe, ye, np.ma.masked_invalid(pgrid), cmap=PAIN_CMAP,
                                   norm=Normalize(0, 10), edgecolors="#F2F2F2",
                                   linewidth=0.8, gid=f"calendar:{pain}")
        _calendar_axes(pain_ax, first, weeks, start_day, end_day)
        pain_ax.set_title(f"{_what(pain).capitalize()}, day by day (grey: no rating)",
                          loc="left")
        bar = fig.colorbar(pmesh, ax=pain_ax, location="bottom", shrink=0.35, pad=0.02,
                           aspect=30, anchor=(0.0, 1.0), panchor=(0.0, 0.0))
        bar.set_label(f"{_what(pain).capitalize()} ({_pain_unit()})", fontsize=8)
        bar.ax.tick_params(labelsize=8)
    return fig


#: The codes of the rest calendar's cells, in order.
REST_CATEGORIES = ("not logged", "not recorded", "none", "below target", "target met",
                   "twice the target")


def calendar_values(fig_or_ax: Figure | Axes, name: str = "rest") -> np.ndarray:
    """The (7, weeks) values of a calendar (rest codes or pain), NaN outside the range."""
    axes = fig_or_ax.axes if isinstance(fig_or_ax, Figure) else [fig_or_ax]
    for ax in axes:
        for coll in ax.collections:
            if coll.get_gid() == f"calendar:{name}":
                return np.ma.filled(np.ma.asarray(coll.get_array(), dtype=float), np.nan)
    raise KeyError(f"No calendar '{name}' in this figure.")


# --------------------------------------------------------------------------- week overview


def week_start(days: pd.DataFrame, week: str | dt.date | pd.Timestamp | None = None
               ) -> pd.Timestamp:
    """The Monday of an ISO week given as '2026-W47', any day in it, or None (the last)."""
    if week is None:
        if not len(days):
            raise ValueError("The day table is empty: there is no week to show.")
        last = pd.Timestamp(days.index.max()).normalize()
        return last - pd.Timedelta(days=int(last.day_of_week))
    if isinstance(week, str) and "W" in week.upper():
        text = week.strip().upper()
        try:
            year, number = text.split("-W") if "-W" in text else text.split("W")
            monday = dt.date.fromisocalendar(int(year), int(number[:2]), 1)
        except ValueError:
            raise ValueError(f"'{week}' is not a week; write weeks like 2026-W47.") from None
        return pd.Timestamp(monday)
    day = pd.Timestamp(week).normalize()
    return day - pd.Timedelta(days=int(day.day_of_week))


def _iso_week(monday: pd.Timestamp) -> str:
    year, number, _ = monday.isocalendar()
    return f"{year}-W{number:02d}"


@_styled
def week_overview(
    days: pd.DataFrame,
    week: str | dt.date | pd.Timestamp | None = None,
    previous: int = 4,
    pain: str = schema.PAIN,
    load: str | None = "sitting_hours",
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    """The week's days against the ``previous`` weeks before it, weekday by weekday.

    Top: pain this week (bold) against each earlier week (thin grey) and their mean
    (dashed). Bottom: the load this week (bars) against the earlier weeks' mean (ticks),
    with the rest target days counted in the title. Only days up to the end of the week
    are used. Artists: ``this-week``, ``earlier-mean``, ``earlier:<k>``, ``bars:<load>``,
    ``earlier-load``.
    """
    monday = week_start(day_range(days), week)
    frame = day_range(days, monday - pd.Timedelta(weeks=previous), monday + pd.Timedelta(days=6))
    full = pd.date_range(monday - pd.Timedelta(weeks=previous), periods=7 * (previous + 1),
                         freq="D")
    frame = frame.reindex(full)
    top_ax, bottom_ax = _axes_pair(ax)
    if top_ax is None:
        if load is not None:
            fig, (top_ax, bottom_ax) = _subplots(
                2, figsize=(9.0, 6.0), gridspec_kw={"height_ratios": (1.6, 1)})
        else:
            fig, top_ax = _subplots(1, figsize=(9.0, 4.0))
    fig = top_ax.figure
    week_name = _iso_week(monday)
    sunday = monday + pd.Timedelta(days=6)
    span = f"{monday:%d %b} – {sunday:%d %b %Y}"
    values = _values(frame, pain).reshape(previous + 1, 7)
    this, earlier = values[-1], values[:-1]
    x = np.arange(7)
    names = [f"{d:%a}\n{d:%d %b}" for d in full[-7:]]
    if not np.isfinite(this).any() and not np.isfinite(earlier).any():
        _say_no_data(top_ax, f"No {_what(pain)} recorded in {week_name} or the "
                     f"{previous} weeks before it.")
        if bottom_ax is not None:
            bottom_ax.set_visible(False)
        return fig
    for k, row in enumerate(earlier):
        top_ax.plot(x, row, "-", color=EARLIER_COLOR, lw=0.9, alpha=0.7, gid=f"earlier:{k}",
                    label=f"each of the {previous} weeks before" if k == 0 else None)
    with np.errstate(all="ignore"):
        counts = np.isfinite(earlier).sum(axis=0)
        mean = np.where(counts > 0, np.nansum(earlier, axis=0) / np.maximum(counts, 1), np.nan)
    top_ax.plot(x, mean, "--", color="#555555", lw=1.6, gid="earlier-mean",
                label=f"mean of the {previous} weeks before")
    color = site_color(pain)
    top_ax.plot(x, this, "-o", color=color, lw=2.6, ms=6, gid="this-week",
                label=f"{week_name}")
    this_mean = np.nanmean(this) if np.isfinite(this).any() else np.nan
    before_mean = np.nanmean(earlier) if np.isfinite(earlier).any() else np.nan
    top_ax.set_ylim(-0.3, 10.3)
    top_ax.set_yticks(range(0, 11, 2))
    top_ax.set_xticks(x, names)
    top_ax.set_xlim(-0.4, 6.4)
    top_ax.set_ylabel(schema.label(pain) if pain != schema.PAIN else f"Pain ({_pain_unit()})")
    summary = (f"mean {this_mean:.1f} vs {before_mean:.1f}" if np.isfinite(this_mean)
               and np.isfinite(before_mean) else "")
    top_ax.set_title(f"{_what(pain).capitalize()}, week {week_name} ({span})"
                     + (f": {summary}" if summary else ""))
    top_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if bottom_ax is not None and load is not None:
        loads = _values(frame, load).reshape(previous + 1, 7)
        this_load, earlier_load = loads[-1], loads[:-1]
        if np.isfinite(this_load).any():
            _day_bars(bottom_ax, x.astype(float), this_load, width=0.6,
                      color=OKABE_ITO["sky_blue"], gid=f"bars:{load}")
        with np.errstate(all="ignore"):
            n = np.isfinite(earlier_load).sum(axis=0)
            typical = np.where(n > 0, np.nansum(earlier_load, axis=0) / np.maximum(n, 1),
                               np.nan)
        bottom_ax.plot(x, typical, "_", color="#222222", ms=28, mew=2, gid="earlier-load")
        top = np.nanmax(np.concatenate([this_load, typical, [0.0]]))
        bottom_ax.set_ylim(0, top * 1.15 if top > 0 else 1)
        bottom_ax.set_xticks(x, names)
        bottom_ax.set_xlim(-0.4, 6.4)
        bottom_ax.set_ylabel(schema.label(load))
        bottom_ax.grid(axis="x", visible=False)
        rest = _values(frame, "rest_minutes").reshape(previous + 1, 7)
        met_now = int((rest[-1] >= schema.REST_TARGET_MINUTES).sum())
        met_before = (rest[:-1] >= schema.REST_TARGET_MINUTES).sum() / max(previous, 1)
        rest_words = (f"; rest target met on {met_now} of 7 days (the {previous} weeks "
                      f"before: {met_before:.1f} a week)" if np.isfinite(rest).any() else "")
        bottom_ax.set_title(f"{schema.label(load).split(' (')[0]}, week {week_name}"
                            + rest_words, fontsize=10)
        bottom_ax.legend(handles=[
            Patch(facecolor=OKABE_ITO["sky_blue"], label=week_name),
            Line2D([], [], ls="", marker="_", ms=16, mew=2, color="#222222",
                   label=f"mean of the {previous} weeks before")],
            loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


# --------------------------------------------------------------------------- all charts

#: Every chart, by the name its screenshot and the notebook use.
CHARTS: dict[str, Callable[..., Figure]] = {
    "pain_trend": pain_trend,
    "load_vs_pain": load_vs_pain,
    "association_heatmap": association_heatmap,
    "comparison_chart": comparison_chart,
    "adherence_calendar": adherence_calendar,
    "week_overview": week_overview,
}


def render_png(fig: Figure, dpi: float | None = None, compress_level: int = 6) -> bytes:
    """The figure as PNG bytes (what a notebook or a report embeds).

    ``compress_level`` 1 encodes several times faster than the default 6, for files
    about a third larger: the explorer uses 1.
    """
    import io

    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format="png", dpi=dpi or fig.dpi,
                    pil_kwargs={"compress_level": int(compress_level)})
    return buffer.getvalue()

