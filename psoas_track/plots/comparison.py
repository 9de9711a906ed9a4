"""Days with a condition against days without it: the chart of ``analysis.compare``'s
means for the routine's conditions (rest target, towel, therapy, long sits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from psoas_track import analysis, schema
from psoas_track.analysis.routine import condition_label
from psoas_track.plots.days import signed
from psoas_track.plots.figures import say_no_data, subplots
from psoas_track.plots.theme import site_color, styled

# --------------------------------------------------------------------------- what to draw


@dataclass
class _Rows:
    """What a comparison chart draws, one row per condition, top to bottom."""

    labels: list[str]
    ys: np.ndarray  # the row of each condition: the first on top
    means_without: tuple[list, list] = field(default_factory=lambda: ([], []))  # (xs, ys)
    means_with: tuple[list, list] = field(default_factory=lambda: ([], []))  # (xs, ys)
    spans: list[tuple] = field(default_factory=list)  # (y, mean without, mean with)
    intervals: list[tuple] = field(default_factory=list)  # (y, low, high)
    notes: list[tuple] = field(default_factory=list)  # (y, words, enough)


def _results(data: Mapping[str, Any] | Sequence[Any]) -> dict[str, Any]:
    """The comparisons to draw, by label."""
    if isinstance(data, pd.DataFrame):
        raise TypeError(
            "comparison_chart draws comparisons already made: pass "
            "analysis.compare_routine(days, ...) (or a list of analysis.compare results)."
        )
    if isinstance(data, Mapping):
        return dict(data)
    return {condition_label(r.condition): r for r in data}


def _note(r) -> str:
    """The difference (and its interval) and the days counted, for the notes column."""
    if r.enough and r.ci_low is not None and r.ci_high is not None:
        return (
            f"{signed(r.diff)} ({signed(r.ci_low)} to {signed(r.ci_high)}); "
            f"{r.n_with} vs {r.n_without}"
        )
    if r.enough:
        return f"{signed(r.diff)}; {r.n_with} vs {r.n_without}"
    return f"not enough data; {r.n_with} vs {r.n_without}"


def _add_row(rows: _Rows, y: float, r) -> None:
    if r.mean_without is not None:
        rows.means_without[0].append(r.mean_without)
        rows.means_without[1].append(y)
    if r.mean_with is not None:
        rows.means_with[0].append(r.mean_with)
        rows.means_with[1].append(y)
    if r.mean_with is not None and r.mean_without is not None:
        rows.spans.append((y, r.mean_without, r.mean_with))
    if r.enough and r.ci_low is not None and r.ci_high is not None:
        # The interval of the difference, placed at the mean without + difference.
        rows.intervals.append((y, r.mean_without + r.ci_low, r.mean_without + r.ci_high))
    rows.notes.append((y, _note(r), r.enough))


def _rows(results: Mapping[str, Any]) -> _Rows:
    labels = list(results)
    rows = _Rows(labels, np.arange(len(labels))[::-1])
    for y, label in zip(rows.ys, labels, strict=True):
        _add_row(rows, y, results[label])
    return rows


def _comparison_axes(ax: Axes | None, n_rows: int) -> Axes:
    if ax is None:
        _, ax = subplots(1, figsize=(9.0, max(2.8, 0.75 * n_rows + 1.6)))
    return ax


# --------------------------------------------------------------------------- layers


def _write_notes(ax: Axes, rows: _Rows) -> None:
    """Each row's difference in words, right of the axes (grey without enough data)."""
    for y, note, enough in rows.notes:
        ax.annotate(
            note,
            (1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color="#222222" if enough else "#777777",
        )


def _draw_spans(ax: Axes, rows: _Rows) -> None:
    """A grey bar from the mean without to the mean with."""
    if rows.spans:
        sy, s0, s1 = np.array(rows.spans).T
        ax.hlines(sy, s0, s1, color="#BBBBBB", lw=3, zorder=1, gid="spans")


def _draw_intervals(ax: Axes, rows: _Rows) -> None:
    """The 95% interval of each difference, with a tick at each end."""
    if not rows.intervals:
        return
    iy, lo, hi = np.array(rows.intervals).T
    ax.hlines(iy, lo, hi, color="#222222", lw=1.4, zorder=2, gid="intervals")
    ax.plot(
        np.concatenate([lo, hi]),
        np.concatenate([iy, iy]),
        "|",
        color="#222222",
        ms=9,
        mew=1.4,
        zorder=2,
    )


def _write_notes_heading(ax: Axes) -> None:
    ax.annotate(
        "difference (95% interval);\ndays with vs without",
        (1.0, 1.0),
        xycoords="axes fraction",
        xytext=(8, 4),
        textcoords="offset points",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        color="#222222",
    )


def _draw_means(ax: Axes, rows: _Rows, color: str) -> None:
    """Open circles at the means without, filled ones (on top) at the means with."""
    ax.scatter(
        *rows.means_without,
        s=70,
        facecolors="white",
        edgecolors=color,
        linewidths=2,
        zorder=3,
        gid="without",
        label="days without",
    )
    ax.scatter(
        *rows.means_with,
        s=70,
        color=color,
        zorder=4,
        gid="with",
        label="days with (bar: 95% interval of the difference)",
    )


def _x_limits(rows: _Rows) -> tuple[float, float]:
    """Room around every mean and interval end, inside the 0-10 scale."""
    ends = [v for _, lo, hi in rows.intervals for v in (lo, hi)]
    values = np.array(rows.means_with[0] + rows.means_without[0] + ends, dtype=float)
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    pad = max(0.6, (high - low) * 0.25)
    return max(-0.2, low - pad), min(10.2, high + pad)


def _label_axes(ax: Axes, rows: _Rows, outcome: str, lag: int) -> None:
    ax.set_yticks(rows.ys, rows.labels)
    ax.set_ylim(rows.ys.min() - 0.7, rows.ys.max() + 0.7)
    ax.set_xlim(*_x_limits(rows))
    ax.grid(axis="y", visible=False)
    when = analysis.lag_words(lag, before="on the")
    ax.set_xlabel(f"{schema.label(outcome)}, mean {when}")
    # Left-aligned, and on two lines for a long outcome name, so it stays clear of the
    # notes column on the right.
    what = f"{schema.phrase(outcome).capitalize()} {when}"
    ax.set_title(f"{what}:{chr(10) if len(what) > 28 else ' '}days with vs without", loc="left")
    below = -0.22 if len(rows.labels) < 4 else -0.14
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, below), ncol=2)


# --------------------------------------------------------------------------- the chart


@styled
def comparison_chart(
    data: Mapping[str, Any] | Sequence[Any],
    outcome: str = schema.PAIN,
    lag: int = 1,
    ax: Axes | None = None,
) -> Figure:
    """Mean pain on days with/after each condition against the days without it.

    ``data``: comparisons already made, as {label: result} (``analysis.compare_routine``,
    or a report's ``WeekReport.comparisons``) or a list of ``analysis.compare`` results;
    the chart never compares again. ``outcome`` and ``lag`` only word an empty chart. For each
    condition: an open circle at the mean without, a filled one at the mean with, and
    the 95% interval of the difference drawn around the mean with (mean without +
    interval). Artists: ``without`` and ``with`` (the markers), ``intervals`` (one
    segment per condition that has an interval, top to bottom).
    """
    results = _results(data)
    if results:
        # Results made elsewhere say what they compared.
        first = next(iter(results.values()))
        outcome, lag = first.outcome, first.lag
    ax = _comparison_axes(ax, len(results))
    if not any(r.n_with or r.n_without for r in results.values()):
        say_no_data(
            ax,
            f"No days to compare: {schema.phrase(outcome)} was not recorded on the "
            "days after these conditions in this range.",
        )
        return ax.figure
    rows = _rows(results)
    _write_notes(ax, rows)
    _draw_spans(ax, rows)
    _draw_intervals(ax, rows)
    _write_notes_heading(ax)
    _draw_means(ax, rows, site_color(outcome))
    _label_axes(ax, rows, outcome, lag)
    return ax.figure
