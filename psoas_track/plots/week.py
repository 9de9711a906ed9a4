"""One week against the weeks before it, weekday by weekday: pain, a load, the rest target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from psoas_track import schema
from psoas_track.plots.days import column_values, day_range, pain_unit
from psoas_track.plots.figures import axes_pair, day_bars, say_no_data, subplots
from psoas_track.plots.theme import EARLIER_COLOR, OKABE_ITO, site_color, styled


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


# --------------------------------------------------------------------------- what to draw


@dataclass
class _Week:
    """The week and the ``previous`` weeks before it, as rows of Monday..Sunday."""

    monday: pd.Timestamp
    previous: int
    frame: pd.DataFrame  # every day of the weeks shown, NaN where nothing was logged

    @property
    def name(self) -> str:
        return _iso_week(self.monday)

    @property
    def span(self) -> str:
        sunday = self.monday + pd.Timedelta(days=6)
        return f"{self.monday:%d %b} – {sunday:%d %b %Y}"

    @property
    def x(self) -> np.ndarray:
        """Where each weekday is drawn, Monday first."""
        return np.arange(7)

    @property
    def day_names(self) -> list[str]:
        return [f"{d:%a}\n{d:%d %b}" for d in self.frame.index[-7:]]

    def rows(self, column: str) -> np.ndarray:
        """(previous + 1, 7) values of a column: the earlier weeks, then this week."""
        return column_values(self.frame, column).reshape(self.previous + 1, 7)


def _week(days: pd.DataFrame, week, previous: int) -> _Week:
    monday = week_start(day_range(days), week)
    first = monday - pd.Timedelta(weeks=previous)
    frame = day_range(days, first, monday + pd.Timedelta(days=6))
    # Whole weeks, also when the log starts or stops inside one.
    full = pd.date_range(first, periods=7 * (previous + 1), freq="D")
    return _Week(monday, previous, frame.reindex(full))


def _weekday_means(rows: np.ndarray) -> np.ndarray:
    """The mean of each weekday over the rows, NaN where none has a value."""
    with np.errstate(all="ignore"):
        counts = np.isfinite(rows).sum(axis=0)
        return np.where(counts > 0, np.nansum(rows, axis=0) / np.maximum(counts, 1), np.nan)


def _mean_or_nan(values: np.ndarray) -> float:
    return np.nanmean(values) if np.isfinite(values).any() else np.nan


def _week_axes(ax, load: str | None) -> tuple[Axes, Axes | None]:
    """The given axes, or a new figure: pain on top, the load below."""
    top_ax, bottom_ax = axes_pair(ax)
    if top_ax is None:
        if load is not None:
            _, (top_ax, bottom_ax) = subplots(
                2, figsize=(9.0, 6.0), gridspec_kw={"height_ratios": (1.6, 1)}
            )
        else:
            _, top_ax = subplots(1, figsize=(9.0, 4.0))
    return top_ax, bottom_ax


def _say_no_pain(top_ax: Axes, bottom_ax: Axes | None, week: _Week, pain: str) -> None:
    say_no_data(
        top_ax,
        f"No {schema.phrase(pain)} recorded in {week.name} or the {week.previous} weeks before it.",
    )
    if bottom_ax is not None:
        bottom_ax.set_visible(False)


# --------------------------------------------------------------------------- pain panel


def _draw_earlier_weeks(ax: Axes, week: _Week, earlier: np.ndarray) -> None:
    for k, row in enumerate(earlier):
        ax.plot(
            week.x,
            row,
            "-",
            color=EARLIER_COLOR,
            lw=0.9,
            alpha=0.7,
            gid=f"earlier:{k}",
            label=f"each of the {week.previous} weeks before" if k == 0 else None,
        )


def _draw_earlier_mean(ax: Axes, week: _Week, earlier: np.ndarray) -> None:
    ax.plot(
        week.x,
        _weekday_means(earlier),
        "--",
        color="#555555",
        lw=1.6,
        gid="earlier-mean",
        label=f"mean of the {week.previous} weeks before",
    )


def _draw_this_week(ax: Axes, week: _Week, this: np.ndarray, pain: str) -> None:
    color = site_color(pain)
    ax.plot(week.x, this, "-o", color=color, lw=2.6, ms=6, gid="this-week", label=week.name)


def _pain_title(week: _Week, pain: str, this: np.ndarray, earlier: np.ndarray) -> str:
    this_mean, before_mean = _mean_or_nan(this), _mean_or_nan(earlier)
    title = f"{schema.phrase(pain).capitalize()}, week {week.name} ({week.span})"
    if np.isfinite(this_mean) and np.isfinite(before_mean):
        title += f": mean {this_mean:.1f} vs {before_mean:.1f}"
    return title


def _label_pain_axes(ax: Axes, week: _Week, pain: str, title: str) -> None:
    ax.set_ylim(-0.3, 10.3)
    ax.set_yticks(range(0, 11, 2))
    ax.set_xticks(week.x, week.day_names)
    ax.set_xlim(-0.4, 6.4)
    ax.set_ylabel(schema.label(pain) if pain != schema.PAIN else f"Pain ({pain_unit()})")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _draw_pain_panel(ax: Axes, week: _Week, pain: str, this, earlier) -> None:
    _draw_earlier_weeks(ax, week, earlier)
    _draw_earlier_mean(ax, week, earlier)
    _draw_this_week(ax, week, this, pain)
    _label_pain_axes(ax, week, pain, _pain_title(week, pain, this, earlier))


# --------------------------------------------------------------------------- load panel


def _draw_load_bars(ax: Axes, week: _Week, load: str, this_load: np.ndarray) -> None:
    if np.isfinite(this_load).any():
        day_bars(
            ax,
            week.x.astype(float),
            this_load,
            width=0.6,
            color=OKABE_ITO["sky_blue"],
            gid=f"bars:{load}",
        )


def _draw_typical_load(ax: Axes, week: _Week, typical: np.ndarray) -> None:
    """A wide tick at the earlier weeks' mean of each weekday."""
    ax.plot(week.x, typical, "_", color="#222222", ms=28, mew=2, gid="earlier-load")


def _rest_words(rest: Mapping[str, Any] | None) -> str:
    """The rest target days as the week's summary counts them (never counted again here,
    so the title and the text say the same)."""
    if not rest or not rest.get("days_recorded"):
        return ""
    words = (
        f"; rest target ({rest['target_minutes']:g} min) met on {rest['days_met']} of "
        f"{_days(rest['days_recorded'])} recorded"
    )
    if rest.get("last_week_days_recorded"):
        words += f" (last week {rest['last_week_days_met']} of {rest['last_week_days_recorded']})"
    return words


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _load_legend(ax: Axes, week: _Week) -> None:
    this_key = Patch(facecolor=OKABE_ITO["sky_blue"], label=week.name)
    earlier_key = Line2D(
        [],
        [],
        ls="",
        marker="_",
        ms=16,
        mew=2,
        color="#222222",
        label=f"mean of the {week.previous} weeks before",
    )
    ax.legend(handles=[this_key, earlier_key], loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _label_load_axes(
    ax: Axes, week: _Week, load: str, top: float, rest: Mapping[str, Any] | None
) -> None:
    ax.set_ylim(0, top * 1.15 if top > 0 else 1)
    ax.set_xticks(week.x, week.day_names)
    ax.set_xlim(-0.4, 6.4)
    ax.set_ylabel(schema.label(load))
    ax.grid(axis="x", visible=False)
    load_name = schema.label(load).split(" (")[0]
    ax.set_title(f"{load_name}, week {week.name}" + _rest_words(rest), fontsize=10)
    _load_legend(ax, week)


def _draw_load_panel(ax: Axes, week: _Week, load: str, rest: Mapping[str, Any] | None) -> None:
    loads = week.rows(load)
    this_load, typical = loads[-1], _weekday_means(loads[:-1])
    _draw_load_bars(ax, week, load, this_load)
    _draw_typical_load(ax, week, typical)
    top = np.nanmax(np.concatenate([this_load, typical, [0.0]]))
    _label_load_axes(ax, week, load, top, rest)


# --------------------------------------------------------------------------- the chart


@styled
def week_overview(
    days: pd.DataFrame,
    week: str | dt.date | pd.Timestamp | None = None,
    previous: int = 4,
    pain: str = schema.PAIN,
    load: str | None = "sitting_hours",
    rest: Mapping[str, Any] | None = None,
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    """The week's days against the ``previous`` weeks before it, weekday by weekday.

    Top: pain this week (bold) against each earlier week (thin grey) and their mean
    (dashed). Bottom: the load this week (bars) against the earlier weeks' mean (ticks).
    ``rest``: the week's rest-target days as computed (``WeekSummary.adherence``, a
    report's ``WeekReport.week_adherence``), named in the bottom title. Only days up to
    the end of the week are used. Artists: ``this-week``, ``earlier-mean``,
    ``earlier:<k>``, ``bars:<load>``, ``earlier-load``.
    """
    shown = _week(days, week, previous)
    top_ax, bottom_ax = _week_axes(ax, load)
    pains = shown.rows(pain)
    this, earlier = pains[-1], pains[:-1]
    if not np.isfinite(this).any() and not np.isfinite(earlier).any():
        _say_no_pain(top_ax, bottom_ax, shown, pain)
        return top_ax.figure
    _draw_pain_panel(top_ax, shown, pain, this, earlier)
    if bottom_ax is not None and load is not None:
        _draw_load_panel(bottom_ax, shown, load, rest)
    return top_ax.figure
