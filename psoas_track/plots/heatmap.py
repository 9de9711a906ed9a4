"""Spearman rho for every load and lag against one pain site, as a heatmap of cells, from
``analysis.associations``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import Colormap, Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from psoas_track import analysis, schema
from psoas_track.plots.days import day_range, lag_words, signed
from psoas_track.plots.figures import say_no_data, subplots
from psoas_track.plots.theme import MUTE, NOT_RECORDED_COLOR, RHO_CMAP, RHO_LIMIT, styled

#: The kinds of cells, in the order they are drawn (one collection each).
CELL_KINDS = ("clear", "muted", "not-enough")


def luminance(rgb) -> float:
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


def _muted(rgb: np.ndarray) -> np.ndarray:
    """A colour blended toward white: weak evidence, drawn faint."""
    return rgb + (1.0 - rgb) * MUTE


# --------------------------------------------------------------------------- what to draw


@dataclass
class _Grid:
    """The cells of a heatmap: a row per load, a column per lag, for one pain site."""

    table: pd.DataFrame  # the rows of analysis.associations for this pain site
    pain: str
    cmap: Colormap
    norm: Normalize
    loads: list[str] = field(init=False)  # the rows, in the table's order
    lags: list[int] = field(init=False)  # the columns, shortest lag first
    rows: dict[str, int] = field(init=False)
    cols: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        self.loads = list(dict.fromkeys(self.table["load"]))
        self.lags = sorted(int(k) for k in dict.fromkeys(self.table["lag"]))
        self.rows = {name: i for i, name in enumerate(self.loads)}
        self.cols = {lag: j for j, lag in enumerate(self.lags)}

    @property
    def empty(self) -> bool:
        return self.table.empty or not self.table["n"].astype(float).gt(0).any()

    def rgb(self, rho: float) -> np.ndarray:
        return np.array(to_rgb(self.cmap(self.norm(rho))))


def _association_table(data, pain, start, end, n_boot, seed) -> pd.DataFrame:
    """``data`` if it is an association table, else the one computed from the day table."""
    if {"load", "pain", "lag", "rho"}.issubset(data.columns):
        return data
    frame = day_range(data, start, end)
    pains = [pain] if pain else None
    if not len(frame):
        return pd.DataFrame(columns=list(analysis.ASSOCIATION_COLUMNS))
    return analysis.associations(frame, pains=pains, n_boot=n_boot, seed=seed)


def _default_pain(table: pd.DataFrame) -> str:
    """The overall pain when the table has it, else its first pain site."""
    if (table["pain"] == schema.PAIN).any():
        return schema.PAIN
    return table["pain"].iloc[0] if len(table) else schema.PAIN


def _grid(data, pain, loads, start, end, n_boot, seed) -> _Grid:
    table = _association_table(data, pain, start, end, n_boot, seed)
    if pain is None:
        pain = _default_pain(table)
    table = table[table["pain"] == pain]
    if loads is not None:
        table = table[table["load"].isin(list(loads))]
    return _Grid(table, pain, mpl.colormaps[RHO_CMAP], Normalize(-RHO_LIMIT, RHO_LIMIT))


def _heatmap_axes(ax: Axes | None, n_loads: int) -> Axes:
    if ax is None:
        _, ax = subplots(1, figsize=(8.0, max(3.2, 0.5 * n_loads + 1.8)))
    return ax


# --------------------------------------------------------------------------- cells


def _write_not_enough(ax: Axes, c: int, r: int, n: int) -> None:
    ax.text(c, r, f"n={n}", ha="center", va="center", fontsize=8, color="#666666")


#: Marks a clear cell whose link is gone once weekday means are taken out.
WORK_WEEK_MARK = "†"


def _follows_work_week(cell, q_level: float) -> bool:
    weekday_q = getattr(cell, "weekday_q", np.nan)
    return bool(np.isfinite(weekday_q) and weekday_q >= q_level)


def _write_rho(
    ax: Axes, c: int, r: int, cell, rgb: np.ndarray, muted: bool, work_week: bool = False
) -> None:
    """Rho and n in the cell: grey when muted, else white or black, whichever reads."""
    text_color = "#777777" if muted else ("white" if luminance(rgb) < 0.45 else "black")
    mark = WORK_WEEK_MARK if work_week else ""
    ax.text(
        c,
        r,
        f"{signed(cell.rho, 2)}{mark}\nn={int(cell.n)}",
        gid="work-week" if work_week else None,
        ha="center",
        va="center",
        fontsize=8,
        color=text_color,
        fontweight="normal" if muted else "bold",
    )


def _draw_cells(ax: Axes, grid: _Grid, q_level: float) -> bool:
    """The numbers cell by cell, then each kind of cell as one collection under them;
    whether any clear cell was marked as following the work week."""
    groups: dict[str, tuple[list, list]] = {kind: ([], []) for kind in CELL_KINDS}
    marked = False
    for cell in grid.table.itertuples(index=False):
        r, c = grid.rows[cell.load], grid.cols[int(cell.lag)]
        if not cell.enough or not np.isfinite(cell.rho):
            groups["not-enough"][0].append((c, r))
            groups["not-enough"][1].append(NOT_RECORDED_COLOR)
            _write_not_enough(ax, c, r, int(cell.n))
            continue
        muted = not (np.isfinite(cell.q) and cell.q < q_level)
        rgb = _muted(grid.rgb(cell.rho)) if muted else grid.rgb(cell.rho)
        kind = "muted" if muted else "clear"
        groups[kind][0].append((c, r))
        groups[kind][1].append(tuple(rgb))
        work_week = not muted and _follows_work_week(cell, q_level)
        marked = marked or work_week
        _write_rho(ax, c, r, cell, rgb, muted, work_week)
    for kind, (boxes, colors) in groups.items():
        _cells(ax, boxes, colors, f"cells:{kind}")
    return marked


def _outline_highlight(ax: Axes, grid: _Grid, load: str | None, lag: int | None) -> None:
    """A black frame around the cell of ``load`` and ``lag``, when both are in the grid."""
    r0, c0 = grid.rows.get(load), grid.cols.get(lag)
    if r0 is None or c0 is None:
        return
    frame = Rectangle(
        (c0 - 0.5, r0 - 0.5), 1, 1, fill=False, lw=2.2, edgecolor="black", gid="highlight"
    )
    ax.add_patch(frame)


# --------------------------------------------------------------------------- labels


def _label_grid_axes(ax: Axes, grid: _Grid) -> None:
    ax.set_xlim(-0.5, len(grid.lags) - 0.5)
    ax.set_ylim(len(grid.loads) - 0.5, -0.5)  # the first load on top
    ax.set_xticks(range(len(grid.lags)), [lag_words(k) for k in grid.lags])
    ax.set_yticks(range(len(grid.loads)), [schema.label(r) for r in grid.loads])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(f"{schema.label(grid.pain)} ... after the load")
    ax.set_title(f"What goes with {schema.phrase(grid.pain)}: Spearman rho by load and lag")


def _draw_colorbar(fig: Figure, ax: Axes, grid: _Grid, colorbar: bool | Axes) -> None:
    """The rho scale: in the Axes given, or beside ``ax``."""
    mappable = mpl.cm.ScalarMappable(norm=grid.norm, cmap=grid.cmap)
    where = (
        {"cax": colorbar} if isinstance(colorbar, Axes) else {"ax": ax, "shrink": 0.9, "pad": 0.02}
    )
    bar = fig.colorbar(mappable, extend="both", **where)
    bar.set_label("rho: − less pain · + more pain")


def _kinds_legend(ax: Axes, grid: _Grid, q_level: float, work_week: bool) -> None:
    """What the three kinds of cell mean, keyed with the colour of rho = 0.5, and the
    work-week mark when a cell carries it."""
    key = grid.rgb(0.5)
    keys = [
        Patch(facecolor=grid.cmap(grid.norm(0.5)), label=f"clear (q < {q_level:g})"),
        Patch(facecolor=tuple(key * (1 - MUTE) + MUTE), label=f"could be chance (q ≥ {q_level:g})"),
        Patch(facecolor=NOT_RECORDED_COLOR, label="not enough data (n < 14)"),
    ]
    if work_week:
        keys.append(
            Patch(
                facecolor="none",
                edgecolor="none",
                label=f"{WORK_WEEK_MARK} also follows your work week",
            )
        )
    ax.legend(
        handles=keys,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.07),
        ncol=2 if work_week else 3,
        fontsize=8,
    )


# --------------------------------------------------------------------------- the chart


@styled
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
    (faded colour, grey text); cells without enough data are grey with only their n; a
    clear cell whose link is gone once weekday means are taken out (weekday_q >=
    ``q_level``) carries a † ("also follows your work week", gid ``work-week``).
    Artists: ``cells:clear``, ``cells:muted``, ``cells:not-enough`` (one polygon each).
    ``colorbar``: True (beside ``ax``), an Axes to draw it in, or False (none: the scale
    is fixed, so a redraw can keep the one it drew before).
    """
    grid = _grid(data, pain, loads, start, end, n_boot, seed)
    ax = _heatmap_axes(ax, len(grid.loads))
    if grid.empty:
        say_no_data(
            ax,
            f"No days with both a load and {schema.phrase(grid.pain)} recorded in this "
            "range.\nChoose a wider date range or another pain site.",
        )
        return ax.figure
    work_week = _draw_cells(ax, grid, q_level)
    _outline_highlight(ax, grid, highlight_load, highlight_lag)
    _label_grid_axes(ax, grid)
    if colorbar is not False:
        _draw_colorbar(ax.figure, ax, grid, colorbar)
    _kinds_legend(ax, grid, q_level, work_week)
    return ax.figure


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
