"""The explorer's charts: each tab's figure, drawn for a selection and sent as a PNG.

The figures are plain matplotlib figures rendered to PNG here, so the explorer needs no
interactive matplotlib backend. Each tab's figure and axes are made once in a fixed
layout and reused; the heatmap keeps its picture and repaints only its highlighted cell
when just the load or the lag moved.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib import dates as mdates
from matplotlib import ticker as mticker
from matplotlib.patches import Rectangle

from psoas_track import plots

#: Fixed margins per tab (figure fractions): no layout pass on each redraw, which would
#: cost more than drawing the chart. Room is left for the legends and colour bars.
LAYOUTS: dict[str, dict[str, float]] = {
    "Over time": {"left": 0.07, "right": 0.80, "bottom": 0.07, "top": 0.93, "hspace": 0.08},
    "Load vs pain": {"left": 0.08, "right": 0.97, "bottom": 0.26, "top": 0.93},
    "Associations": {"left": 0.22, "right": 0.88, "bottom": 0.17, "top": 0.93},
    "Comparisons": {"left": 0.22, "right": 0.70, "bottom": 0.24, "top": 0.88},
    "Experiment": {"left": 0.07, "right": 0.78, "bottom": 0.12, "top": 0.91},
}


#: Titles at a fixed height over their axes. Left to itself, matplotlib measures every
#: tick label of every panel on each draw to see whether a title must move up; none of
#: these charts has anything above its axes.
FIXED_TITLES = {"axes.titley": 1.0}


def fixed_titles():
    """A context in which charts put their titles at the fixed height."""
    return mpl.rc_context(FIXED_TITLES)


def freeze_ticks(fig) -> None:
    """Fix each axis's ticks where its locator puts them for the limits now set.

    A draw asks the locators a dozen times (for the tick labels' room, the axis labels'
    places, the ticks themselves) and a date locator walks the calendar each time; after
    this it is asked once. The next redraw resets the locators (plots.reset_axes).
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), mdates.AutoDateFormatter):
                continue  # it reads its locator's unit, which a fixed locator has not
            axis.set_major_locator(mticker.FixedLocator(axis.get_majorticklocs()))
            axis.set_minor_locator(mticker.FixedLocator(axis.get_minorticklocs()))


@dataclass(frozen=True)
class Selection:
    """What the controls say: the charts are drawn for this."""

    start: pd.Timestamp
    end: pd.Timestamp
    site: str
    load: str
    lag: int
    window: int


# --------------------------------------------------------------------------- outputs


def png_output(png: bytes) -> dict[str, Any]:
    """An Output widget's display data for a chart."""
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": "<chart>"},
    }


def encode(fig, draw: bool = True, compress_level: int = 1) -> bytes:
    """The figure's canvas as PNG bytes (level 1: several times faster than 6)."""
    from PIL import Image

    if draw:
        with plots.style():
            fig.canvas.draw()
    width, height = fig.canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def text_output(text: str) -> dict[str, Any]:
    """An Output widget's display data for a paragraph under a chart."""
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {"text/plain": text, "text/html": f"<p>{html.escape(text)}</p>"},
    }


def message_output(message: str) -> dict[str, Any]:
    """An Output widget's display data for a plain sentence shown instead of a chart."""
    text = html.escape(message).replace("\n", "<br>")
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "text/plain": message,
            "text/html": f'<p style="font-size:1.05em;color:#444">{text}</p>',
        },
    }


# --------------------------------------------------------------------------- figures


def new_axes(name: str, figsize: tuple[float, float], dpi: float) -> tuple[Any, list]:
    """A tab's figure and its axes in the tab's fixed layout."""
    fig = plots.new_figure(figsize, dpi, layout=None)
    with plots.style():
        if name == "Over time":
            ratios = {"height_ratios": (2.4, 1), **LAYOUTS[name]}
            axes = list(fig.subplots(2, 1, sharex=True, gridspec_kw=ratios))
        elif name == "Associations":
            ratios = {"width_ratios": (30, 1), "wspace": 0.03, **LAYOUTS[name]}
            axes = list(fig.subplots(1, 2, gridspec_kw=ratios))
        else:
            axes = [fig.subplots(gridspec_kw=LAYOUTS[name])]
    return fig, axes


def trend(days: pd.DataFrame, chosen: Selection, pain_ax, load_ax) -> None:
    """Over time: the pain site by day and its moving mean, above the load."""
    plots.pain_trend(
        days,
        sites=[chosen.site],
        load=chosen.load,
        window=chosen.window,
        start=chosen.start,
        end=chosen.end,
        ax=(pain_ax, load_ax),
    )


def scatter(
    days: pd.DataFrame, chosen: Selection, association: Callable[[], pd.DataFrame], ax
) -> None:
    """Load vs pain: the lagged pairs, with the association table's rho when there are any."""
    pairs = plots.lagged_pairs(days, chosen.load, chosen.site, chosen.lag, chosen.start, chosen.end)
    table = association() if len(pairs) else None
    plots.load_vs_pain(
        days,
        chosen.load,
        chosen.site,
        chosen.lag,
        start=chosen.start,
        end=chosen.end,
        association=table,
        ax=ax,
    )


class HeatmapPicture:
    """The associations heatmap, drawn in full once per table, then only its highlight.

    Moving the load or the lag moves only the highlighted cell: the picture without it
    is kept (a copy of the canvas) and the box is painted over it.
    """

    def __init__(self) -> None:
        self.colorbar_drawn = False
        self.background = None
        self.key: tuple | None = None
        self.box = None

    def holds(self, key: tuple) -> bool:
        """True when the kept picture is of the table for `key`."""
        return self.background is not None and self.key == key

    def forget(self) -> None:
        self.background = None

    def draw(self, table: pd.DataFrame, pain: str, ax, cax) -> None:
        """Draw the heatmap (and, the first time there is one, its colour bar)."""
        self.background = None
        plots.association_heatmap(
            table,
            pain=pain,
            colorbar=False if self.colorbar_drawn else cax,
            ax=ax,
        )
        self.colorbar_drawn = self.colorbar_drawn or plots.no_data_message(ax) is None
        cax.set_visible(self.colorbar_drawn)

    def picture(self, fig, ax, key: tuple, table: pd.DataFrame, load: str, lag: int) -> bytes:
        """Draw the heatmap without its highlight, keep that picture, add the highlight."""
        with plots.style():
            fig.canvas.draw()
        self.background = fig.canvas.copy_from_bbox(fig.bbox)
        self.key = key
        box = Rectangle(
            (0, 0), 1, 1, fill=False, lw=2.2, edgecolor="black", gid="highlight", animated=True
        )
        ax.add_patch(box)
        self.box = box
        return self.highlight(fig, ax, table, load, lag, restore=False)

    def highlight(
        self, fig, ax, table: pd.DataFrame, load: str, lag: int, restore: bool = True
    ) -> bytes:
        """The kept picture with the box on the (load, lag) cell, as PNG bytes."""
        rows = list(dict.fromkeys(table["load"]))
        lags = sorted(int(k) for k in dict.fromkeys(table["lag"]))
        box = self.box
        if restore:
            fig.canvas.restore_region(self.background)
        if load in rows and lag in lags:
            box.set_xy((lags.index(lag) - 0.5, rows.index(load) - 0.5))
            box.set_visible(True)
            ax.draw_artist(box)
        else:
            box.set_visible(False)
        return encode(fig, draw=False)
