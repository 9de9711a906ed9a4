"""The routine's conditions, in one place: what the kit compares pain after.

Constructive rest at the person's target, each yes/no load (the towel), a therapy session
and a long sitting day. The report's comparisons, `psoas-track insights`, the comparison
chart and the explorer all ask this module, so they compare the same days under the same
words, with the rest target the person chose (never the default in its place).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from psoas_track import schema
from psoas_track.analysis.common import on_calendar
from psoas_track.analysis.compare import Comparison, at_least, compare

#: Sitting this many hours or more is a "long sitting day".
LONG_SITTING_HOURS = 8
_SITTING = "sitting_hours"
#: Loads that are yes or no for a day (a flag) or happen on a day (therapy): compared as is.
_DAY_LOADS = tuple(m.name for m in schema.MEASURES if m.role == schema.LOAD and m.daily == "any")


def rest_target_condition(rest_target_minutes: float) -> Callable:
    """Days the rest target was met (the day table's `rest_target_met`, made by `daily`
    with this target), named by the target itself."""

    def condition(days: pd.DataFrame) -> pd.Series:
        return days[schema.REST_TARGET_MET]

    condition.label = f"{rest_target_minutes:g}+ minutes of constructive rest"  # type: ignore[attr-defined]
    condition.__name__ = schema.REST_TARGET_MET
    return condition


def long_sitting_condition(hours: float = LONG_SITTING_HOURS) -> Callable:
    return at_least(_SITTING, hours, words=f"{hours:g}+ hours of sitting")


def routine_conditions(days: pd.DataFrame, rest_target_minutes: float) -> list[Callable | str]:
    """The routine's conditions the day table can answer, in the order they are shown.

    days: a table from `daily(..., rest_target_minutes=rest_target_minutes)`, so that "rest
    target met" is counted with the same target the words name.
    """
    out: list[Callable | str] = []
    if schema.REST_TARGET_MET in days.columns:
        out.append(rest_target_condition(rest_target_minutes))
    out += [name for name in _DAY_LOADS if name in days.columns]
    if _SITTING in days.columns:
        out.append(long_sitting_condition())
    return out


def condition_label(condition: Callable | str) -> str:
    """A condition as a chart's row label: '10+ minutes of constructive rest', 'Towel ...'."""
    words = getattr(condition, "label", None) if callable(condition) else None
    if words:
        return words[:1].upper() + words[1:]
    name = getattr(condition, "__name__", condition) if callable(condition) else condition
    return schema.label(str(name))


def compare_routine(
    days: pd.DataFrame,
    conditions: list | None = None,
    outcome: str = schema.PAIN,
    lag: int = 1,
    start=None,
    end=None,
    n_boot: int = 1000,
    seed: int = 0,
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
) -> dict[str, Comparison]:
    """``compare`` for each of the routine's conditions (or the ones given) between
    ``start`` and ``end``, keyed by the label a chart shows (the explorer's comparisons;
    a report's come from analysis.insights.week_results)."""
    frame = on_calendar(days)
    if start is not None:
        frame = frame.loc[frame.index >= pd.Timestamp(start).normalize()]
    if end is not None:
        frame = frame.loc[frame.index <= pd.Timestamp(end).normalize()]
    if not len(frame):
        return {}
    if conditions is None:
        conditions = routine_conditions(frame, rest_target_minutes)
    return {
        condition_label(condition): compare(
            frame, condition, outcome=outcome, lag=lag, n_boot=n_boot, seed=seed
        )
        for condition in conditions
    }
