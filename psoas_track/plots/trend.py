"""Pain over time: daily pain by site with its rolling mean, and a load as bars below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from psoas_track import schema
from psoas_track.plots.days import (
    column_values,
    day_range,
    is_flag,
    logged_mask,
    pain_unit,
    span_words,
)
from psoas_track.plots.figures import axes_pair, day_bars, say_no_data, subplots
from psoas_track.plots.theme import (
    FIGSIZE,
    OKABE_ITO,
    WEEKEND_ALPHA,
    WEEKEND_COLOR,
    site_color,
    styled,
)

#: Beyond this many days a daily zigzag is noise: faint dots, and the mean carries it.
DENSE_DAYS = 400
#: Up to this many days weekends are shaded by default (beyond, one is under a pixel).
WEEKEND_DAYS = 366
KEY_COLOR = "#777777"  # legend keys for what every site shares (daily rating, mean)
MARK_COLOR = "#555555"  # the not-logged ticks and the load-not-recorded words


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    # Month names with the year at each new year; no offset text in the corner.
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator, offset_formats=["", "", "", "", "", ""])
    )


def _weekend_spans(ax: Axes, index: pd.DatetimeIndex, x: np.ndarray) -> PolyCollection:
    """Shade Saturdays and Sundays (one collection, behind everything)."""
    weekend = index.day_of_week.to_numpy() >= 5
    verts = [[(xi - 0.5, 0), (xi - 0.5, 1), (xi + 0.5, 1), (xi + 0.5, 0)] for xi in x[weekend]]
    spans = PolyCollection(
        verts,
        facecolors=WEEKEND_COLOR,
        alpha=WEEKEND_ALPHA,
        edgecolors="none",
        transform=ax.get_xaxis_transform(),
        gid="weekends",
        zorder=0,
    )
    ax.add_collection(spans, autolim=False)
    return spans


def default_sites(days: pd.DataFrame) -> list[str]:
    """The pain sites of the schema with at least one rating in the day table."""
    return [s for s in schema.PAIN_SITES if s in days.columns and days[s].notna().any()]


# --------------------------------------------------------------------------- what to draw


@dataclass
class _Trend:
    """The days of a trend chart, as its layers draw them."""

    frame: pd.DataFrame
    x: np.ndarray  # matplotlib date numbers, one per day
    sites: list[str]
    values: dict[str, np.ndarray]  # site -> daily rating, NaN where there is none
    window: int
    dense: bool
    weekends: bool

    @property
    def index(self) -> pd.DatetimeIndex:
        return self.frame.index

    @property
    def recorded(self) -> bool:
        return any(np.isfinite(v).any() for v in self.values.values())

    @property
    def xlim(self) -> tuple[float, float]:
        return self.x[0] - 0.6, self.x[-1] + 0.6


def _trend_range(days: pd.DataFrame, start, end, weeks: int | None) -> pd.DataFrame:
    """[start, end], or the last ``weeks`` weeks up to ``end`` when no start is given."""
    if weeks is not None and start is None:
        last = day_range(days, None, end).index
        if len(last):
            start = last[-1] - pd.Timedelta(days=7 * int(weeks) - 1)
    return day_range(days, start, end)


def _trend_sites(days: pd.DataFrame, sites: Sequence[str] | str | None) -> list[str]:
    if sites is None:
        # Sites never rated would only add empty lines; all sites when none is rated.
        sites = default_sites(days) or [s for s in schema.PAIN_SITES if s in days.columns]
    return [sites] if isinstance(sites, str) else list(sites)


def _trend(days, sites, window, start, end, weekends, weeks) -> _Trend:
    frame = _trend_range(days, start, end, weeks)
    sites = _trend_sites(days, sites)
    index = frame.index
    return _Trend(
        frame=frame,
        x=mdates.date2num(index.to_pydatetime()) if len(index) else np.array([]),
        sites=sites,
        values={s: column_values(frame, s) for s in sites},
        window=max(int(window), 1),
        dense=len(frame) > DENSE_DAYS,
        weekends=len(frame) <= WEEKEND_DAYS if weekends is None else weekends,
    )


def _trend_axes(ax, load: str | None) -> tuple[Axes, Axes | None]:
    """The given axes, or a new figure: pain on top, the load below on the same dates."""
    pain_ax, load_ax = axes_pair(ax)
    if pain_ax is None:
        if load is not None:
            _, (pain_ax, load_ax) = subplots(
                2, sharex=True, gridspec_kw={"height_ratios": (2.4, 1)}
            )
        else:
            _, pain_ax = subplots(1, figsize=(FIGSIZE[0], 4.0))
    return pain_ax, load_ax


def _say_no_pain(pain_ax: Axes, load_ax: Axes | None, trend: _Trend) -> None:
    names = ", ".join(schema.phrase(s) for s in trend.sites) or "pain"
    say_no_data(
        pain_ax,
        f"No {names} recorded in {span_words(trend.frame)}.\n"
        "Choose a wider date range or another pain site.",
    )
    if load_ax is not None:
        load_ax.set_visible(False)


# --------------------------------------------------------------------------- pain panel


def _rolling_mean(y: np.ndarray, window: int) -> np.ndarray:
    """The centred mean, kept where at least half the window holds ratings."""
    rolling = pd.Series(y).rolling(window, center=True, min_periods=(window + 1) // 2)
    return rolling.mean().to_numpy()


def _draw_daily(ax: Axes, trend: _Trend, site: str, color: str) -> None:
    y = trend.values[site]
    if trend.dense:  # beyond a year a daily zigzag is noise: faint dots, the mean carries it
        ax.plot(trend.x, y, "o", color=color, ms=1.6, alpha=0.25, mew=0, gid=f"daily:{site}")
    else:
        ax.plot(trend.x, y, "-o", color=color, lw=0.8, ms=2.5, alpha=0.45, gid=f"daily:{site}")


def _draw_mean(ax: Axes, trend: _Trend, site: str, color: str) -> None:
    mean = _rolling_mean(trend.values[site], trend.window)
    ax.plot(trend.x, mean, "-", color=color, lw=2.4, gid=f"mean:{site}")


def _draw_site(ax: Axes, trend: _Trend, site: str) -> Line2D:
    """The daily ratings and their mean for one site; returns its legend key."""
    color = site_color(site)
    _draw_daily(ax, trend, site, color)
    _draw_mean(ax, trend, site, color)
    label = schema.BY_NAME[site].label if site in schema.BY_NAME else schema.label(site)
    return Line2D([], [], color=color, lw=2.4, label=label)


def _mark_not_logged(ax: Axes, trend: _Trend) -> Line2D | None:
    """A tick under the lines on each day not logged; returns its legend key, if any."""
    unlogged = ~logged_mask(trend.frame)
    if not unlogged.any():
        return None
    ax.plot(
        trend.x[unlogged],
        np.full(unlogged.sum(), -0.35),
        "|",
        color=MARK_COLOR,
        ms=6,
        mew=1.0,
        gid="not-logged",
        clip_on=False,
    )
    return Line2D([], [], ls="", marker="|", color=MARK_COLOR, ms=6, label="day not logged")


def _layer_keys(trend: _Trend) -> list[Artist]:
    """Legend keys for what every site shares: the daily rating, the mean, weekends."""
    daily_lw = 0 if trend.dense else 0.8
    mean_words = f"{trend.window}-day mean" if trend.window > 1 else "daily rating"
    keys: list[Artist] = [
        Line2D(
            [],
            [],
            color=KEY_COLOR,
            lw=daily_lw,
            marker="o",
            ms=2.5,
            alpha=0.6,
            label="daily rating",
        ),
        Line2D([], [], color=KEY_COLOR, lw=2.4, label=mean_words),
    ]
    if trend.weekends:
        keys.append(Patch(facecolor=WEEKEND_COLOR, alpha=WEEKEND_ALPHA * 2, label="weekend"))
    return keys


def _pain_title(trend: _Trend) -> str:
    sites, window = trend.sites, trend.window
    title = "Pain by site" if len(sites) > 1 else schema.label(sites[0])
    if window > 1:
        return f"{title}: daily and {window}-day mean, {span_words(trend.frame)}"
    return f"{title}: daily, {span_words(trend.frame)}"


def _label_pain_axes(ax: Axes, trend: _Trend, keys: list[Artist]) -> None:
    ax.set_ylim(-0.6, 10.4)  # room under 0 for the not-logged ticks
    ax.set_yticks(range(0, 11, 2))
    all_pain = all(s in schema.PAIN_COLUMNS for s in trend.sites)
    ax.set_ylabel(f"Pain ({pain_unit()})" if all_pain else schema.label(trend.sites[0]))
    ax.set_xlim(*trend.xlim)
    ax.legend(handles=keys, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(_pain_title(trend))
    _date_axis(ax)


def _draw_pain_panel(ax: Axes, trend: _Trend) -> None:
    if trend.weekends:
        _weekend_spans(ax, trend.index, trend.x)
    keys: list[Artist] = [_draw_site(ax, trend, site) for site in trend.sites]
    not_logged = _mark_not_logged(ax, trend)
    if not_logged is not None:
        keys.append(not_logged)
    _label_pain_axes(ax, trend, [*keys, *_layer_keys(trend)])


# --------------------------------------------------------------------------- load panel


def _draw_rest_target(ax: Axes, target: float) -> float:
    """The rest target as a dashed line, named at the right edge; returns the target."""
    ax.axhline(target, color=OKABE_ITO["blue"], lw=1, ls="--", gid="rest-target")
    ax.annotate(
        f"target {target:g} min",
        (1.0, target),
        xycoords=("axes fraction", "data"),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        fontsize=8,
        color=OKABE_ITO["blue"],
    )
    return target


def _draw_load_bars(
    ax: Axes, trend: _Trend, load: str, heights: np.ndarray, rest_target: float
) -> None:
    """A bar per day, and its scale: no/yes for a flag, the target line for rest."""
    day_bars(ax, trend.x, heights, gid=f"bars:{load}", label=schema.label(load))
    top = float(np.nanmax(heights))
    if is_flag(load, heights):
        ax.set_yticks([0, 1], ["no", "yes"])
        top = 1.0
    elif load == "rest_minutes":
        top = max(top, _draw_rest_target(ax, rest_target))
    ax.set_ylim(0, top * 1.08 if top > 0 else 1)


def _say_load_not_recorded(ax: Axes, load: str) -> None:
    ax.text(
        0.5,
        0.5,
        f"{schema.label(load)} not recorded in this range",
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=MARK_COLOR,
        gid="load-not-recorded",
    )
    ax.set_yticks([])


def _label_load_axes(load_ax: Axes, pain_ax: Axes, trend: _Trend, load: str) -> None:
    load_ax.set_ylabel(schema.label(load))
    load_ax.set_xlim(*trend.xlim)
    load_ax.grid(axis="x", visible=False)
    _date_axis(load_ax)
    # Shared dates are written once, under the load panel.
    if load_ax.get_shared_x_axes().joined(pain_ax, load_ax):
        pain_ax.tick_params(labelbottom=False)


def _draw_load_panel(
    load_ax: Axes, pain_ax: Axes, trend: _Trend, load: str, rest_target: float
) -> None:
    heights = column_values(trend.frame, load)
    if trend.weekends:
        _weekend_spans(load_ax, trend.index, trend.x)
    if np.isfinite(heights).any():
        _draw_load_bars(load_ax, trend, load, heights, rest_target)
    else:
        _say_load_not_recorded(load_ax, load)
    _label_load_axes(load_ax, pain_ax, trend, load)


# --------------------------------------------------------------------------- the chart


@styled
def pain_trend(
    days: pd.DataFrame,
    sites: Sequence[str] | str | None = None,
    load: str | None = "sitting_hours",
    window: int = 7,
    start=None,
    end=None,
    weekends: bool | None = None,
    weeks: int | None = None,
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    """Daily pain by site with its ``window``-day mean, and a load as bars below.

    The range is [start, end], or the last ``weeks`` weeks up to ``end`` (None: all).

    Days without a rating (logged or not) are gaps in the lines, never zeros; days not
    logged at all are marked by a tick under the lines. Weekends are shaded (by default
    when the range is at most a year, beyond which a weekend is thinner than a pixel).
    The load panel (default sitting hours; None for no panel) shares the date axis; rest
    minutes there are drawn against ``rest_target_minutes`` (give the person's target).

    ``ax``: one Axes (pain only) or a pair (pain, load). Artists carry gids for reading
    the chart back: ``daily:<site>``, ``mean:<site>``, ``bars:<load>``, ``weekends``,
    ``not-logged``.
    """
    trend = _trend(days, sites, window, start, end, weekends, weeks)
    pain_ax, load_ax = _trend_axes(ax, load)
    if not trend.recorded:
        _say_no_pain(pain_ax, load_ax, trend)
        return pain_ax.figure
    _draw_pain_panel(pain_ax, trend)
    if load_ax is not None and load is not None:
        _draw_load_panel(load_ax, pain_ax, trend, load, rest_target_minutes)
    return pain_ax.figure
