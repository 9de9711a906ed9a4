"""Figures outside pyplot: making them, the no-data message, day bars, PNG bytes.

The pieces every chart shares, and the helpers that read a drawn chart back.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import matplotlib.ticker as mticker
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from psoas_track.plots.theme import FIGSIZE, LOAD_COLOR, style

NO_DATA_GID = "no-data"


def new_figure(
    figsize: tuple[float, float] = FIGSIZE, dpi: float = 100, layout: str | None = "constrained"
) -> Figure:
    """A Figure outside pyplot (nothing to close), with an Agg canvas.

    ``layout="constrained"`` fits labels and legends; None keeps the axes where they are
    put (faster to draw, for the explorer's fixed layouts).
    """
    with style():
        fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def subplots(nrows: int = 1, figsize=FIGSIZE, **kwargs) -> tuple[Figure, Any]:
    fig = new_figure(figsize)
    return fig, fig.subplots(nrows, 1, squeeze=True, **kwargs)


def axes_pair(ax) -> tuple[Axes, Axes | None]:
    if ax is None:
        return None, None  # type: ignore[return-value]
    if isinstance(ax, Axes):
        return ax, None
    first, second = list(ax)[:2]
    return first, second


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
    for artist in (
        *ax.lines,
        *ax.collections,
        *ax.patches,
        *ax.texts,
        *ax.images,
        *ax.tables,
        *ax.artists,
    ):
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


def say_no_data(ax: Axes, message: str) -> None:
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        wrap=True,
        fontsize=11,
        color="#444444",
        gid=NO_DATA_GID,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


def day_bars(
    ax: Axes,
    x: np.ndarray,
    heights: np.ndarray,
    width: float = 0.8,
    color: str = LOAD_COLOR,
    gid: str | None = None,
    label: str | None = None,
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


def render_png(fig: Figure, dpi: float | None = None, compress_level: int = 6) -> bytes:
    """The figure as PNG bytes (what a notebook or a report embeds).

    ``compress_level`` 1 encodes several times faster than the default 6, for files
    about a third larger: the explorer uses 1.
    """
    import io

    buffer = io.BytesIO()
    with style():
        fig.savefig(
            buffer,
            format="png",
            dpi=dpi or fig.dpi,
            pil_kwargs={"compress_level": int(compress_level)},
        )
    return buffer.getvalue()
