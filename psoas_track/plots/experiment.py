"""The experiment's chart: the blocks as the draw laid them out, the outcome day by day,
and each block's mean, so the ON/OFF difference can be seen before it is tested."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from psoas_track import schema, words
from psoas_track.experiment import Plan
from psoas_track.experiment.analysis import block_means
from psoas_track.plots.figures import new_figure
from psoas_track.plots.theme import EARLIER_COLOR, OKABE_ITO, styled

ON_COLOR = OKABE_ITO["sky_blue"]
OFF_COLOR = "#E8E8E8"


def _shade_blocks(ax: Axes, plan: Plan) -> None:
    """ON blocks in colour, OFF blocks grey, the washout days hatched."""
    for (first, last), on in zip(plan.dates(), plan.blocks, strict=True):
        start, end = pd.Timestamp(first) - pd.Timedelta(hours=12), pd.Timestamp(last)
        end += pd.Timedelta(hours=12)
        color = ON_COLOR if on == "on" else OFF_COLOR
        ax.axvspan(start, end, color=color, alpha=0.45 if on == "on" else 0.8, lw=0, gid=on)
        if plan.washout_days:
            washout = start + pd.Timedelta(days=plan.washout_days)
            ax.axvspan(start, washout, fill=False, hatch="///", lw=0, edgecolor="#777777")


def _draw_outcome(ax: Axes, days: pd.DataFrame, plan: Plan) -> None:
    """The outcome on each day (as analysed: lag days after), and each block's mean."""
    span = days.loc[pd.Timestamp(plan.first_day) : pd.Timestamp(plan.last_day)]
    outcome = days[plan.outcome].astype("Float64").astype(float).shift(-plan.lag)
    values = outcome.reindex(span.index)
    ax.plot(values.index, values.to_numpy(), "o", ms=3.5, color="#333333", label="a day")
    means, _ = block_means(days, plan)
    for (first, last), mean in zip(plan.dates(), means, strict=True):
        if np.isfinite(mean):
            start = pd.Timestamp(first + dt.timedelta(days=plan.washout_days))
            ax.hlines(mean, start, pd.Timestamp(last), color="black", lw=2.2, gid="block-mean")


@styled
def experiment_chart(days: pd.DataFrame, plan: Plan, ax: Axes | None = None) -> Figure:
    """The experiment's blocks (ON in colour, OFF grey, washout hatched), the outcome day
    by day and each block's mean (black bars), over the plan's dates.

    >>> experiment_chart(days, load_plan("pain.csv"))   # doctest: +SKIP
    """
    if ax is None:
        ax = new_figure((10.0, 3.4)).add_subplot()
    _shade_blocks(ax, plan)
    _draw_outcome(ax, days, plan)
    ax.set_xlim(
        pd.Timestamp(plan.first_day) - pd.Timedelta(days=1),
        pd.Timestamp(plan.last_day) + pd.Timedelta(days=1),
    )
    # Mondays, named: every block starts on one (set here, as reused axes keep no dates).
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_ylim(-0.3, 10.3)
    ax.set_ylabel(schema.label(plan.outcome))
    ax.set_title(
        f"Your experiment: {words.routine_words(plan.routine)} on ON blocks, "
        f"{plan.first_day:%d %b} to {plan.last_day:%d %b %Y}"
    )
    keys = [
        Patch(facecolor=ON_COLOR, alpha=0.45, label="ON block"),
        Patch(facecolor=OFF_COLOR, label="OFF block"),
        Patch(facecolor="white", hatch="///", edgecolor="#777777", label="washout (not counted)"),
        Patch(facecolor="black", label="block mean"),
    ]
    ax.legend(handles=keys, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.grid(axis="y", color=EARLIER_COLOR, alpha=0.3)
    return ax.figure
