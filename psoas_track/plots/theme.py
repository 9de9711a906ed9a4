"""The house look of every chart: Okabe-Ito colours, font sizes, the rc style.

The look is set here and only here: ``STYLE`` and the colour constants.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any

import matplotlib as mpl

from psoas_track import schema

#: Okabe & Ito (2008) colours: distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: One colour per pain column, the same in every chart.
SITE_COLORS = {
    "back_pain": OKABE_ITO["blue"],
    "hip_pain": OKABE_ITO["orange"],
    "knee_pain": OKABE_ITO["green"],
    schema.PAIN: OKABE_ITO["purple"],
}
_EXTRA_COLORS = (OKABE_ITO["vermillion"], OKABE_ITO["sky_blue"], OKABE_ITO["black"])
LOAD_COLOR = "#8C8C8C"  # bars of a load: neutral, so the pain lines stand out
EARLIER_COLOR = "#A0A0A0"  # earlier weeks, previous values
WEEKEND_COLOR = "#000000"
WEEKEND_ALPHA = 0.06
NOT_RECORDED_COLOR = "#D9D9D9"
NOT_LOGGED_COLOR = "#FFFFFF"
#: Diverging map for rho (purple = less pain, orange = more); colour-blind safe.
RHO_CMAP = "PuOr_r"
RHO_LIMIT = 0.8  # |rho| at which the heatmap colour is full
#: Sequential map for pain 0-10 (lightness rises monotonically: readable in grey too).
PAIN_CMAP = "YlOrRd"
#: Rest minutes: not met in oranges, met in blues (none, 1-9, 10-19, 20+ minutes).
REST_COLORS = ("#FBE3C0", OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["blue"])
MUTE = 0.72  # how far a cell with weak evidence is blended toward white

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO.values())[1:]),
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": 150,
    "image.cmap": "cividis",
    # Unhinted glyphs look the same at these sizes and draw about a third faster (text
    # is most of the cost of a chart since matplotlib 3.11 shapes text with libraqm).
    "text.hinting": "no_hinting",
}
FIGSIZE = (10.0, 5.5)  # inches; readable on a report page and in a notebook


@contextlib.contextmanager
def style():
    """The house style for anything drawn inside the block."""
    with mpl.rc_context(STYLE):
        yield


def styled(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            return func(*args, **kwargs)

    return wrapper


def site_color(column: str) -> str:
    """The colour of a pain column (custom columns get the spare Okabe-Ito colours)."""
    if column in SITE_COLORS:
        return SITE_COLORS[column]
    return _EXTRA_COLORS[sum(map(ord, column)) % len(_EXTRA_COLORS)]
