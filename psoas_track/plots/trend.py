"""Pain over time: daily pain by site with its rolling mean, and a load as bars below."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from psoas_track import schema
from psoas_track.plots.days import _is_flag, _logged, _pain_unit, _span, _values, day_range
from psoas_track.plots.figures import _axes_pair, _day_bars, _say_no_data, _subplots
from psoas_track.plots.theme import (
    FIGSIZE,
    OKABE_ITO,
    WEEKEND_ALPHA,
    WEEKEND_COLOR,
    _styled,
    site_color,
)


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
                2, sharex=True, gridspec_kw={"height_ratios": (2.4, 1)}
            )
        else:
            fig, pain_ax = _subplots(1, figsize=(FIGSIZE[0], 4.0))
    fig = pain_ax.figure

    index = frame.index
    x = mdates.date2num(index.to_pydatetime()) if len(index) else np.array([])
    values = {s: _values(frame, s) for s in sites}
    recorded = any(np.isfinite(v).any() for v in values.values())
    names = ", ".join(schema.phrase(s) for s in sites) or "pain"
    if not recorded:
        _say_no_data(
            pain_ax,
            f"No {names} recorded in {_span(frame)}.\n"
            "Choose a wider date range or another pain site.",
        )
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
            pain_ax.plot(x, y, "o", color=color, ms=1.6, alpha=0.25, mew=0, gid=f"daily:{site}")
        else:
            pain_ax.plot(x, y, "-o", color=color, lw=0.8, ms=2.5, alpha=0.45, gid=f"daily:{site}")
        mean = (
            pd.Series(y)
            .rolling(window, center=True, min_periods=(window + 1) // 2)
            .mean()
            .to_numpy()
        )
        pain_ax.plot(x, mean, "-", color=color, lw=2.4, gid=f"mean:{site}")
        label = schema.BY_NAME[site].label if site in schema.BY_NAME else schema.label(site)
        handles.append(Line2D([], [], color=color, lw=2.4, label=label))
    unlogged = ~_logged(frame)
    if unlogged.any():
        pain_ax.plot(
            x[unlogged],
            np.full(unlogged.sum(), -0.35),
            "|",
            color="#555555",
            ms=6,
            mew=1.0,
            gid="not-logged",
            clip_on=False,
        )
        handles.append(
            Line2D([], [], ls="", marker="|", color="#555555", ms=6, label="day not logged")
        )
    handles.append(
        Line2D(
            [],
            [],
            color="#777777",
            lw=0 if dense else 0.8,
            marker="o",
            ms=2.5,
            alpha=0.6,
            label="daily rating",
        )
    )
    handles.append(
        Line2D(
            [],
            [],
            color="#777777",
            lw=2.4,
            label=f"{window}-day mean" if window > 1 else "daily rating",
        )
    )
    if weekends:
        handles.append(Patch(facecolor=WEEKEND_COLOR, alpha=WEEKEND_ALPHA * 2, label="weekend"))
    pain_ax.set_ylim(-0.6, 10.4)
    pain_ax.set_yticks(range(0, 11, 2))
    pain_ax.set_ylabel(
        f"Pain ({_pain_unit()})"
        if all(s in schema.PAIN_COLUMNS for s in sites)
        else schema.label(sites[0])
    )
    pain_ax.set_xlim(x[0] - 0.6, x[-1] + 0.6)
    pain_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    title = "Pain by site" if len(sites) > 1 else schema.label(sites[0])
    pain_ax.set_title(
        f"{title}: daily and {window}-day mean, {_span(frame)}"
        if window > 1
        else f"{title}: daily, {_span(frame)}"
    )
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
                load_ax.axhline(target, color=OKABE_ITO["blue"], lw=1, ls="--", gid="rest-target")
                load_ax.annotate(
                    f"target {target:g} min",
                    (1.0, target),
                    xycoords=("axes fraction", "data"),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                    color=OKABE_ITO["blue"],
                )
                top = max(top, target)
            load_ax.set_ylim(0, top * 1.08 if top > 0 else 1)
        else:
            load_ax.text(
                0.5,
                0.5,
                f"{schema.label(load)} not recorded in this range",
                transform=load_ax.transAxes,
                ha="center",
                va="center",
                color="#555555",
                gid="load-not-recorded",
            )
            load_ax.set_yticks([])
        load_ax.set_ylabel(schema.label(load))
        load_ax.set_xlim(x[0] - 0.6, x[-1] + 0.6)
        load_ax.grid(axis="x", visible=False)
        _date_axis(load_ax)
        if load_ax.get_shared_x_axes().joined(pain_ax, load_ax):
            pain_ax.tick_params(labelbottom=False)
    return fig
