"""What goes with pain: a load against pain some days later (scatter with a robust line),
with Spearman rho from ``analysis.associations``. The heatmap of rho for every load and
lag is in ``plots.heatmap`` (and importable from here, where it used to be).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from psoas_track import analysis, schema
from psoas_track.plots.days import column_values, day_range, is_flag, lag_words, span_words
from psoas_track.plots.figures import say_no_data, subplots
from psoas_track.plots.heatmap import association_heatmap, muted_cells
from psoas_track.plots.theme import site_color, styled

__all__ = [
    "THEIL_SEN_MAX",
    "association_heatmap",
    "lagged_pairs",
    "load_vs_pain",
    "muted_cells",
]

#: Groups of days for the robust line when ratings are tied (by load value or by tenths).
LINE_GROUPS = 10


def _group_means(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean load and mean pain of groups of days: each load value, or tenths of the days."""
    values = np.unique(x)
    if values.size <= LINE_GROUPS:
        groups = [x == v for v in values]
    else:
        order = np.argsort(x, kind="stable")
        groups = [np.isin(np.arange(x.size), part) for part in np.array_split(order, LINE_GROUPS)]
    return (np.array([x[g].mean() for g in groups]), np.array([y[g].mean() for g in groups]))


def _two_places(x: float) -> str:
    """-0.004 as '0.00', not '-0.00'."""
    text = f"{x:.2f}"
    return "0.00" if float(text) == 0 else text


def lagged_pairs(
    days: pd.DataFrame, load: str, pain: str, lag: int = 1, start=None, end=None
) -> pd.DataFrame:
    """The (day, load on the day, pain ``lag`` days later) pairs with both recorded.

    Both days lie inside [start, end], so a range never borrows pain from outside it.
    """
    frame = day_range(days, start, end)
    x = column_values(frame, load)
    y_all = column_values(frame, pain)
    y = np.full(len(frame), np.nan)
    if lag < len(frame):
        y[: len(frame) - lag] = y_all[lag:]
    ok = np.isfinite(x) & np.isfinite(y)
    return pd.DataFrame({"load": x[ok], "pain": y[ok]}, index=frame.index[ok])


def _association_row(
    days, load, pain, lag, start, end, table, n_boot, seed, min_pairs
) -> dict | None:
    if table is not None:
        rows = table[(table["load"] == load) & (table["pain"] == pain) & (table["lag"] == lag)]
        return dict(rows.iloc[0]) if len(rows) else None
    frame = day_range(days, start, end)
    if not len(frame):
        return None
    result = analysis.associations(
        frame, loads=[load], pains=[pain], lags=[lag], n_boot=n_boot, seed=seed, min_pairs=min_pairs
    )
    return dict(result.iloc[0])


#: The most pairs of days the robust line of load_vs_pain is fitted on.
THEIL_SEN_MAX = 800


# --------------------------------------------------------------------------- what to draw


@dataclass
class _RobustLine:
    """The robust line through the pairs, and the words for how it was fitted."""

    xs: np.ndarray  # the ends of the line: the smallest and the largest load
    ys: np.ndarray
    how: str


def _fit_points(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """The points the line is fitted on, and the words for them."""
    # Theil-Sen takes the median of all n^2/2 pairwise slopes: past THEIL_SEN_MAX
    # days, fit it on evenly spaced days (exact on 3,000 pairs would take half a second).
    step = max(1, math.ceil(len(x) / THEIL_SEN_MAX))
    x_fit, y_fit = x[::step], y[::step]
    how = "Theil-Sen" + (f", on 1 day in {step}" if step > 1 else "")
    if analysis.mostly_tied(y_fit, x_fit):
        # Whole-number ratings tie most pairwise slopes at 0, which draws a flat line
        # beside a clear rho; the means of groups of days are not tied that way.
        grouped_x, grouped_y = _group_means(x, y)
        if np.unique(grouped_x).size >= 2:
            x_fit, y_fit = grouped_x, grouped_y
            how = f"Theil-Sen on the means of {len(x_fit)} groups of days"
    return x_fit, y_fit, how


def _robust_line(x: np.ndarray, y: np.ndarray) -> _RobustLine:
    """Theil-Sen through the pairs, from the smallest load to the largest.

    The intercept is median(y) - slope * median(x), as scipy.stats.theilslopes gives it;
    scipy.stats itself is not imported (a second, paid on the explorer's first scatter).
    """
    x_fit, y_fit, how = _fit_points(x, y)
    slope = analysis.theil_sen(y_fit, x_fit)[0]
    intercept = float(np.median(y_fit)) - slope * float(np.median(x_fit))
    xs = np.array([x.min(), x.max()])
    return _RobustLine(xs, intercept + slope * xs, how)


def _line_label(line: _RobustLine, row: dict) -> str:
    """How the line was fitted, and rho with its interval and n."""
    low, high = row["ci_low"], row["ci_high"]
    interval = (
        f", 95% interval {_two_places(low)} to {_two_places(high)}"
        if np.isfinite(low) and np.isfinite(high)
        else ""
    )
    return f"robust line ({line.how}),\nrho {row['rho']:.2f}{interval}, n = {int(row['n'])}"


def _pairs_axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = subplots(1, figsize=(7.5, 5.0))
    return ax


def _say_no_pairs(ax: Axes, load: str, pain: str, lag: int, span: str) -> None:
    say_no_data(
        ax,
        f"No days in {span} with {schema.phrase(load)} recorded and "
        f"{schema.phrase(pain)} recorded {analysis.lag_words(lag)}.\n"
        "Choose a wider date range, another load or another lag.",
    )


# --------------------------------------------------------------------------- layers


def _draw_pairs(ax: Axes, x: np.ndarray, y: np.ndarray, pain: str) -> None:
    ax.scatter(
        x,
        y,
        s=18,
        color=site_color(pain),
        alpha=0.45,
        edgecolors="none",
        gid="points",
        label=f"one day ({len(x)} pairs)",
    )


def _draw_fit(ax: Axes, line: _RobustLine, row: dict) -> None:
    ax.plot(line.xs, line.ys, color="#222222", lw=2, gid="fit", label=_line_label(line, row))


def _say_not_enough(ax: Axes, row: dict | None, n_pairs: int, min_pairs: int) -> None:
    """No line, and a legend entry (an invisible line) that says why."""
    n = int(row["n"]) if row else n_pairs
    ax.plot(
        [],
        [],
        " ",
        label=f"not enough data for a line: n = {n} (at least {min_pairs} pairs needed)",
    )


def _label_pairs_axes(ax: Axes, load: str, pain: str, lag: int, flag: bool, span: str) -> None:
    if flag:
        ax.set_xticks([0, 1], ["no", "yes"])
        ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.4, 10.4)
    ax.set_xlabel(f"{schema.label(load)}, on a day")
    ax.set_ylabel(f"{schema.label(pain)}, {lag_words(lag)}")
    load_name = schema.label(load).split(" (")[0]
    ax.set_title(f"{load_name} and {schema.phrase(pain)} {lag_words(lag)}, {span}")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), fontsize=9)


# --------------------------------------------------------------------------- the chart


@styled
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
    ``analysis.associations`` (pass an association table to reuse one already computed).
    Below ``min_pairs`` pairs it says "not enough data" and draws no line.
    Artists: ``points`` (the pairs), ``fit`` (the line).
    """
    lag = int(lag)
    ax = _pairs_axes(ax)
    pairs = lagged_pairs(days, load, pain, lag, start, end)
    span = span_words(day_range(days, start, end))
    if pairs.empty:
        _say_no_pairs(ax, load, pain, lag, span)
        return ax.figure
    x, y = pairs["load"].to_numpy(), pairs["pain"].to_numpy()
    _draw_pairs(ax, x, y, pain)
    row = _association_row(days, load, pain, lag, start, end, association, n_boot, seed, min_pairs)
    # A line needs the pairs rho needs, and more than one load value to slope over.
    if row and row.get("enough") and np.ptp(x) > 0:
        _draw_fit(ax, _robust_line(x, y), row)
    else:
        _say_not_enough(ax, row, len(x), min_pairs)
    _label_pairs_axes(ax, load, pain, lag, is_flag(load, x), span)
    return ax.figure
