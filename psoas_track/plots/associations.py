"""What goes with pain: a load against pain some days later (scatter with a robust line),
and Spearman rho for every load and lag (heatmap), from ``analysis.associations``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from psoas_track import analysis, schema
from psoas_track.plots.days import _is_flag, _signed, _span, _values, day_range, lag_words
from psoas_track.plots.figures import _say_no_data, _subplots
from psoas_track.plots.theme import (
    MUTE,
    NOT_RECORDED_COLOR,
    RHO_CMAP,
    RHO_LIMIT,
    _styled,
    site_color,
)

# --------------------------------------------------------------------------- load vs pain


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
    x = _values(frame, load)
    y_all = _values(frame, pain)
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
    ``analysis.associations`` (pass an association table to reuse one already computed).
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
        _say_no_data(
            ax,
            f"No days in {frame_span} with {schema.phrase(load)} recorded and "
            f"{schema.phrase(pain)} recorded the {lag_words(lag)}.\n"
            "Choose a wider date range, another load or another lag.",
        )
        return fig
    x, y = pairs["load"].to_numpy(), pairs["pain"].to_numpy()
    color = site_color(pain)
    flag = _is_flag(load, x)
    ax.scatter(
        x,
        y,
        s=18,
        color=color,
        alpha=0.45,
        edgecolors="none",
        gid="points",
        label=f"one day ({len(x)} pairs)",
    )
    row = _association_row(days, load, pain, lag, start, end, association, n_boot, seed, min_pairs)
    enough = bool(row and row.get("enough"))
    if enough and np.ptp(x) > 0:
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
        fit = sps.theilslopes(y_fit, x_fit)
        xs = np.array([x.min(), x.max()])
        low, high = row["ci_low"], row["ci_high"]
        interval = (
            f", 95% interval {_two_places(low)} to {_two_places(high)}"
            if np.isfinite(low) and np.isfinite(high)
            else ""
        )
        line = f"robust line ({how})"
        ax.plot(
            xs,
            fit.intercept + fit.slope * xs,
            color="#222222",
            lw=2,
            gid="fit",
            label=f"{line},\nrho {row['rho']:.2f}{interval}, n = {int(row['n'])}",
        )
    else:
        n = int(row["n"]) if row else len(x)
        ax.plot(
            [],
            [],
            " ",
            label=f"not enough data for a line: n = {n} (at least {min_pairs} pairs needed)",
        )
    if flag:
        ax.set_xticks([0, 1], ["no", "yes"])
        ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.4, 10.4)
    ax.set_xlabel(f"{schema.label(load)}, on a day")
    ax.set_ylabel(f"{schema.label(pain)}, {lag_words(lag)}")
    load_name = schema.label(load).split(" (")[0]
    ax.set_title(f"{load_name} and {schema.phrase(pain)} {lag_words(lag)}, {frame_span}")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), fontsize=9)
    return fig


# --------------------------------------------------------------------------- heatmap


def _luminance(rgb) -> float:
    r, g, b = to_rgb(rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _cells(ax: Axes, boxes: list[tuple[float, float]], colors: list, gid: str) -> PolyCollection:
    verts = [
        [(c - 0.5, r - 0.5), (c - 0.5, r + 0.5), (c + 0.5, r + 0.5), (c + 0.5, r - 0.5)]
        for c, r in boxes
    ]
    cells = PolyCollection(
        verts, facecolors=colors if colors else "none", edgecolors="white", linewidths=1.5, gid=gid
    )
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

    ``data`` is a table from ``analysis.associations`` or a day table (then the table is
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
        table = (
            analysis.associations(frame, pains=pains, n_boot=n_boot, seed=seed)
            if len(frame)
            else pd.DataFrame(columns=list(analysis.ASSOCIATION_COLUMNS))
        )
    if pain is None:
        pain = (
            schema.PAIN
            if (table["pain"] == schema.PAIN).any()
            else (table["pain"].iloc[0] if len(table) else schema.PAIN)
        )
    table = table[table["pain"] == pain]
    if loads is not None:
        table = table[table["load"].isin(list(loads))]
    row_names = list(dict.fromkeys(table["load"]))
    lags = sorted(int(k) for k in dict.fromkeys(table["lag"]))
    if ax is None:
        fig, ax = _subplots(1, figsize=(8.0, max(3.2, 0.5 * len(row_names) + 1.8)))
    fig = ax.figure
    if table.empty or not table["n"].astype(float).gt(0).any():
        _say_no_data(
            ax,
            f"No days with both a load and {schema.phrase(pain)} recorded in this "
            "range.\nChoose a wider date range or another pain site.",
        )
        return fig

    cmap = mpl.colormaps[RHO_CMAP]
    norm = Normalize(-RHO_LIMIT, RHO_LIMIT)
    groups: dict[str, tuple[list, list]] = {
        "clear": ([], []),
        "muted": ([], []),
        "not-enough": ([], []),
    }
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
        text_color = "#777777" if muted else ("white" if _luminance(rgb) < 0.45 else "black")
        ax.text(
            c,
            r,
            f"{_signed(cell.rho, 2)}\nn={n}",
            ha="center",
            va="center",
            fontsize=8,
            color=text_color,
            fontweight="normal" if muted else "bold",
        )
    for kind, (boxes, colors) in groups.items():
        _cells(ax, boxes, colors, f"cells:{kind}")
    if highlight_load in rows or highlight_lag in cols:
        r0 = rows.get(highlight_load)
        c0 = cols.get(highlight_lag)
        if r0 is not None and c0 is not None:
            ax.add_patch(
                Rectangle(
                    (c0 - 0.5, r0 - 0.5),
                    1,
                    1,
                    fill=False,
                    lw=2.2,
                    edgecolor="black",
                    gid="highlight",
                )
            )
    ax.set_xlim(-0.5, len(lags) - 0.5)
    ax.set_ylim(len(row_names) - 0.5, -0.5)
    ax.set_xticks(range(len(lags)), [lag_words(k) for k in lags])
    ax.set_yticks(range(len(row_names)), [schema.label(r) for r in row_names])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(f"{schema.label(pain)} ... after the load")
    ax.set_title(f"What goes with {schema.phrase(pain)}: Spearman rho by load and lag")
    if colorbar is not False:
        mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
        where = (
            {"cax": colorbar}
            if isinstance(colorbar, Axes)
            else {"ax": ax, "shrink": 0.9, "pad": 0.02}
        )
        bar = fig.colorbar(mappable, extend="both", **where)
        bar.set_label("rho: − less pain · + more pain")
    ax.legend(
        handles=[
            Patch(facecolor=cmap(norm(0.5)), label=f"clear (q < {q_level:g})"),
            Patch(
                facecolor=tuple(np.array(to_rgb(cmap(norm(0.5)))) * (1 - MUTE) + MUTE),
                label=f"could be chance (q ≥ {q_level:g})",
            ),
            Patch(facecolor=NOT_RECORDED_COLOR, label="not enough data (n < 14)"),
        ],
        loc="upper left",
        bbox_to_anchor=(0.0, -0.07),
        ncol=3,
        fontsize=8,
    )
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
