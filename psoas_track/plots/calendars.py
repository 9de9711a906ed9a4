"""Calendars of the days (a column per week, a row per weekday): rest minutes against
the target, and pain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import QuadMesh
from matplotlib.colors import BoundaryNorm, ListedColormap, Normalize, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from psoas_track import schema
from psoas_track.plots.days import column_values, day_range, logged_mask, pain_unit
from psoas_track.plots.figures import axes_pair, say_no_data, subplots
from psoas_track.plots.heatmap import luminance
from psoas_track.plots.theme import (
    NOT_LOGGED_COLOR,
    NOT_RECORDED_COLOR,
    PAIN_CMAP,
    REST_COLORS,
    styled,
)


def _calendar_cells(index: pd.DatetimeIndex, first: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """The row (weekday) and column (week from ``first``) of each day's cell."""
    return index.day_of_week.to_numpy(), (index - first).days.to_numpy() // 7


def _calendar_grid(
    index: pd.DatetimeIndex, first: pd.Timestamp, weeks: int, values: np.ndarray
) -> np.ndarray:
    grid = np.full((7, weeks), np.nan)
    grid[_calendar_cells(index, first)] = values
    return grid


def _month_ticks(ax: Axes, first: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp) -> None:
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
        frame = frame.iloc[-weeks_max * 7 :]
    return frame


#: The edges of the cells, all drawn the same: a light line between days.
CELL_EDGES = {"edgecolors": "#F2F2F2", "linewidth": 0.8}


# --------------------------------------------------------------------------- what to draw


@dataclass
class _Calendar:
    """The days of a calendar: a column per week from ``first`` (a Monday), a row per day."""

    frame: pd.DataFrame

    @property
    def index(self) -> pd.DatetimeIndex:
        return self.frame.index

    @property
    def first(self) -> pd.Timestamp:
        return self.index[0] - pd.Timedelta(days=int(self.index[0].day_of_week))

    @property
    def weeks(self) -> int:
        return (self.index[-1] - self.first).days // 7 + 1

    @property
    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """The x and y edges of the cells, for pcolormesh."""
        return np.arange(self.weeks + 1) - 0.5, np.arange(8) - 0.5

    def grid(self, values: np.ndarray) -> np.ndarray:
        return _calendar_grid(self.index, self.first, self.weeks, values)

    def mesh(self, ax: Axes, values: np.ndarray, **kwargs) -> QuadMesh:
        """One cell per day holding its value; NaN cells (and days outside) stay empty."""
        grid = np.ma.masked_invalid(self.grid(values))
        return ax.pcolormesh(*self.edges, grid, **CELL_EDGES, **kwargs)

    def label_axes(self, ax: Axes) -> None:
        _calendar_axes(ax, self.first, self.weeks, self.index[0], self.index[-1])


#: Small enough that "30" fits the smallest cell (a year of weeks, about 0.16 inch).
DAY_NUMBER_SIZE = 6
#: Fills darker than this take white day numbers (the threshold the heatmap uses).
DARK_FILL = 0.45


def _names_months(ax: Axes, weeks: int) -> bool:
    """Whether a cell is wide enough for "1 Nov" (the same estimate as ``_month_ticks``)."""
    cell_inches = ax.get_position().width * ax.figure.get_figwidth() / max(weeks, 1)
    return cell_inches >= 0.55 * DAY_NUMBER_SIZE / 72 * len("1 Nov") + 0.03


def _write_day_numbers(ax: Axes, calendar: _Calendar, fills: np.ndarray) -> None:
    """The day of the month in each day's cell, so a printed calendar can be read by date.

    ``fills``: the colour of each day's cell, for text that reads on it. The first of a
    month is bold, with the month's name where it fits, so the months part visibly.
    """
    rows, columns = _calendar_cells(calendar.index, calendar.first)
    names = _names_months(ax, calendar.weeks)
    for date, row, column, fill in zip(calendar.index, rows, columns, fills, strict=True):
        first = date.day == 1
        ax.text(
            column,
            row,
            f"1 {date:%b}" if first and names else str(date.day),
            gid="day-number",
            # Inside its cell, so the layout need not measure it (saves ~0.2 s a draw).
            in_layout=False,
            ha="center",
            va="center_baseline",
            fontsize=DAY_NUMBER_SIZE,
            fontweight="bold" if first else "normal",
            color="white" if luminance(fill[:3]) < DARK_FILL else "#222222",
        )


def _calendar_figure(frame: pd.DataFrame, pain: str | None) -> tuple[Axes, Axes | None]:
    # Square cells: the width holds the weeks, the height follows from it.
    weeks_shown = max(len(frame), 1) // 7 + 2
    cell = min(0.34, 8.8 / weeks_shown)
    panel = 7 * cell + 1.0
    if pain is not None:
        _, (rest_ax, pain_ax) = subplots(
            2, figsize=(10.0, 2 * panel + 0.6), gridspec_kw={"hspace": 0.05}
        )
        return rest_ax, pain_ax
    _, rest_ax = subplots(1, figsize=(10.0, panel))
    return rest_ax, None


def _calendar_axes_pair(ax, frame: pd.DataFrame, pain: str | None) -> tuple[Axes, Axes | None]:
    rest_ax, pain_ax = axes_pair(ax)
    if rest_ax is None:
        return _calendar_figure(frame, pain)
    return rest_ax, pain_ax


def _say_no_days(rest_ax: Axes, pain_ax: Axes | None) -> None:
    say_no_data(rest_ax, "No days in this range.")
    if pain_ax is not None:
        pain_ax.set_visible(False)


# --------------------------------------------------------------------------- rest calendar


def _rest_codes(frame: pd.DataFrame, target: float) -> np.ndarray:
    """The code of each day, an index into ``REST_CATEGORIES``."""
    rest = column_values(frame, "rest_minutes")
    logged = logged_mask(frame)
    return np.select(
        [~logged, ~np.isfinite(rest), rest <= 0, rest < target, rest < 2 * target],
        [0, 1, 2, 3, 4],
        default=5,
    ).astype(float)


def _code_colors() -> list[str]:
    """The colour of each rest code, in the order of ``REST_CATEGORIES``."""
    return [NOT_LOGGED_COLOR, NOT_RECORDED_COLOR, *REST_COLORS]


def _code_labels(target: float) -> list[str]:
    return [
        "not logged",
        "rest not recorded",
        "none",
        f"1–{target - 1:g} min",
        f"{target:g}–{2 * target - 1:g} min",
        f"{2 * target:g}+ min",
    ]


def _draw_rest_cells(ax: Axes, calendar: _Calendar, codes: np.ndarray) -> QuadMesh:
    cmap = ListedColormap(_code_colors()).with_extremes(bad=(0.0, 0.0, 0.0, 0.0))
    # One colour per whole-number code.
    norm = BoundaryNorm(np.arange(-0.5, 6.5), cmap.N)
    return calendar.mesh(ax, codes, cmap=cmap, norm=norm, gid="calendar:rest")


def _rest_title(ax: Axes, codes: np.ndarray, target: float) -> None:
    met = int(((codes == 4) | (codes == 5)).sum())
    recorded = int((codes >= 2).sum())
    ax.set_title(
        f"Constructive rest: the {target:g}-minute target met on {met} of {recorded} days recorded",
        loc="left",
    )


def _rest_legend(ax: Axes, target: float) -> None:
    keys = [
        Patch(facecolor=c, edgecolor="#BBBBBB", label=t)
        for c, t in zip(_code_colors(), _code_labels(target), strict=True)
    ]
    ax.legend(
        handles=keys,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        ncol=6,
        fontsize=8,
        handlelength=1.2,
        columnspacing=1.2,
    )


def _draw_rest_calendar(ax: Axes, calendar: _Calendar, target: float) -> None:
    codes = _rest_codes(calendar.frame, target)
    mesh = _draw_rest_cells(ax, calendar, codes)
    _write_day_numbers(ax, calendar, mesh.to_rgba(codes))
    calendar.label_axes(ax)
    _rest_title(ax, codes, target)
    _rest_legend(ax, target)


# --------------------------------------------------------------------------- pain calendar


def _draw_unrated_cells(ax: Axes, calendar: _Calendar) -> None:
    # Grey under every day of the range: the pain cells on top leave it showing on the
    # days without a rating.
    everyday = np.ones(len(calendar.index))
    calendar.mesh(ax, everyday, cmap=ListedColormap([NOT_RECORDED_COLOR]))


def _draw_pain_cells(ax: Axes, calendar: _Calendar, pain: str) -> QuadMesh:
    values = column_values(calendar.frame, pain)
    return calendar.mesh(ax, values, cmap=PAIN_CMAP, norm=Normalize(0, 10), gid=f"calendar:{pain}")


def _pain_fills(calendar: _Calendar, mesh: QuadMesh, pain: str) -> np.ndarray:
    """The colour of each day's cell: its rating's, or the grey under it when unrated."""
    values = column_values(calendar.frame, pain)
    rated = np.isfinite(values)[:, None]
    return np.where(rated, mesh.to_rgba(values), to_rgba(NOT_RECORDED_COLOR))


def _pain_colorbar(fig: Figure, ax: Axes, mesh: QuadMesh, pain: str) -> None:
    """The pain scale, short and under the calendar's left end."""
    bar = fig.colorbar(
        mesh,
        ax=ax,
        location="bottom",
        shrink=0.35,
        pad=0.02,
        aspect=30,
        anchor=(0.0, 1.0),
        panchor=(0.0, 0.0),
    )
    bar.set_label(f"{schema.phrase(pain).capitalize()} ({pain_unit()})", fontsize=8)
    bar.ax.tick_params(labelsize=8)


def _draw_pain_calendar(fig: Figure, ax: Axes, calendar: _Calendar, pain: str) -> None:
    _draw_unrated_cells(ax, calendar)
    mesh = _draw_pain_cells(ax, calendar, pain)
    _write_day_numbers(ax, calendar, _pain_fills(calendar, mesh, pain))
    calendar.label_axes(ax)
    ax.set_title(f"{schema.phrase(pain).capitalize()}, day by day (grey: no rating)", loc="left")
    _pain_colorbar(fig, ax, mesh, pain)


# --------------------------------------------------------------------------- the chart


@styled
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
    mesh holds category codes (see ``REST_CATEGORIES``). Each day's cell carries its day
    of the month (texts with gid ``day-number``; the first of a month in bold, "1 Nov"
    where the cell is wide enough).
    """
    frame = _calendar_range(day_range(days, start, end), start, end, max_weeks)
    rest_ax, pain_ax = _calendar_axes_pair(ax, frame, pain)
    if not len(frame):
        _say_no_days(rest_ax, pain_ax)
        return rest_ax.figure
    calendar = _Calendar(frame)
    _draw_rest_calendar(rest_ax, calendar, target)
    if pain_ax is not None and pain is not None:
        _draw_pain_calendar(rest_ax.figure, pain_ax, calendar, pain)
    return rest_ax.figure


#: The codes of the rest calendar's cells, in order.
REST_CATEGORIES = (
    "not logged",
    "not recorded",
    "none",
    "below target",
    "target met",
    "twice the target",
)


def calendar_values(fig_or_ax: Figure | Axes, name: str = "rest") -> np.ndarray:
    """The (7, weeks) values of a calendar (rest codes or pain), NaN outside the range."""
    axes = fig_or_ax.axes if isinstance(fig_or_ax, Figure) else [fig_or_ax]
    for ax in axes:
        for coll in ax.collections:
            if coll.get_gid() == f"calendar:{name}":
                return np.ma.filled(np.ma.asarray(coll.get_array(), dtype=float), np.nan)
    raise KeyError(f"No calendar '{name}' in this figure.")
