"""One week against the weeks before it, weekday by weekday: pain, a load, the rest target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from psoas_track import schema
from psoas_track.plots.days import _pain_unit, _values, day_range
from psoas_track.plots.figures import _axes_pair, _day_bars, _say_no_data, _subplots
from psoas_track.plots.theme import EARLIER_COLOR, OKABE_ITO, _styled, site_color


def week_start(
    days: pd.DataFrame, week: str | dt.date | pd.Timestamp | None = None
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
    full = pd.date_range(
        monday - pd.Timedelta(weeks=previous), periods=7 * (previous + 1), freq="D"
    )
    frame = frame.reindex(full)
    top_ax, bottom_ax = _axes_pair(ax)
    if top_ax is None:
        if load is not None:
            fig, (top_ax, bottom_ax) = _subplots(
                2, figsize=(9.0, 6.0), gridspec_kw={"height_ratios": (1.6, 1)}
            )
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
        _say_no_data(
            top_ax,
            f"No {schema.phrase(pain)} recorded in {week_name} or the {previous} weeks before it.",
        )
        if bottom_ax is not None:
            bottom_ax.set_visible(False)
        return fig
    for k, row in enumerate(earlier):
        top_ax.plot(
            x,
            row,
            "-",
            color=EARLIER_COLOR,
            lw=0.9,
            alpha=0.7,
            gid=f"earlier:{k}",
            label=f"each of the {previous} weeks before" if k == 0 else None,
        )
    with np.errstate(all="ignore"):
        counts = np.isfinite(earlier).sum(axis=0)
        mean = np.where(counts > 0, np.nansum(earlier, axis=0) / np.maximum(counts, 1), np.nan)
    top_ax.plot(
        x,
        mean,
        "--",
        color="#555555",
        lw=1.6,
        gid="earlier-mean",
        label=f"mean of the {previous} weeks before",
    )
    color = site_color(pain)
    top_ax.plot(x, this, "-o", color=color, lw=2.6, ms=6, gid="this-week", label=f"{week_name}")
    this_mean = np.nanmean(this) if np.isfinite(this).any() else np.nan
    before_mean = np.nanmean(earlier) if np.isfinite(earlier).any() else np.nan
    top_ax.set_ylim(-0.3, 10.3)
    top_ax.set_yticks(range(0, 11, 2))
    top_ax.set_xticks(x, names)
    top_ax.set_xlim(-0.4, 6.4)
    top_ax.set_ylabel(schema.label(pain) if pain != schema.PAIN else f"Pain ({_pain_unit()})")
    summary = (
        f"mean {this_mean:.1f} vs {before_mean:.1f}"
        if np.isfinite(this_mean) and np.isfinite(before_mean)
        else ""
    )
    top_ax.set_title(
        f"{schema.phrase(pain).capitalize()}, week {week_name} ({span})"
        + (f": {summary}" if summary else "")
    )
    top_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if bottom_ax is not None and load is not None:
        loads = _values(frame, load).reshape(previous + 1, 7)
        this_load, earlier_load = loads[-1], loads[:-1]
        if np.isfinite(this_load).any():
            _day_bars(
                bottom_ax,
                x.astype(float),
                this_load,
                width=0.6,
                color=OKABE_ITO["sky_blue"],
                gid=f"bars:{load}",
            )
        with np.errstate(all="ignore"):
            n = np.isfinite(earlier_load).sum(axis=0)
            typical = np.where(n > 0, np.nansum(earlier_load, axis=0) / np.maximum(n, 1), np.nan)
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
        rest_words = (
            f"; rest target met on {met_now} of 7 days (the {previous} weeks "
            f"before: {met_before:.1f} a week)"
            if np.isfinite(rest).any()
            else ""
        )
        bottom_ax.set_title(
            f"{schema.label(load).split(' (')[0]}, week {week_name}" + rest_words, fontsize=10
        )
        bottom_ax.legend(
            handles=[
                Patch(facecolor=OKABE_ITO["sky_blue"], label=week_name),
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="_",
                    ms=16,
                    mew=2,
                    color="#222222",
                    label=f"mean of the {previous} weeks before",
                ),
            ],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
        )
    return fig
