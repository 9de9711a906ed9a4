"""What a week's log says: the week summary, the clearest associations, the comparisons
of the routine, the pain trend and rest adherence.

``insights`` returns plain JSON-ready data; ``words.format_insights`` turns it into the
text the ``psoas-track insights`` command prints. Only days up to the end of the chosen
week are used, with a fixed seed, so the same week always gives the same numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from psoas_track import schema
from psoas_track.analysis import weekly
from psoas_track.analysis.adherence import adherence
from psoas_track.analysis.associations import (
    ASSOCIATION_COLUMNS,
    association_sentence,
    associations,
    strongest,
)
from psoas_track.analysis.common import jsonable
from psoas_track.analysis.compare import at_least, compare
from psoas_track.analysis.trend import trend

#: Trend window and how many associations to show.
TREND_WEEKS = 8
TOP_ASSOCIATIONS = 5
Q_CLEAR = 0.05
#: Sitting this many hours or more is a "long sitting day" in the comparisons.
LONG_SITTING_HOURS = 8

_SITTING = schema.BY_NAME["sitting_hours"].name
_FLAG_LOADS = tuple(
    m.name for m in schema.MEASURES if m.role == schema.LOAD and m.kind == schema.FLAG
)

CAUTION = (
    "These numbers show what goes with what in your own days, with the number of "
    "days behind each one. They do not show what causes what: a link can come from "
    "something else that changes on the same days."
)


def _conditions(days: pd.DataFrame) -> list[Any]:
    """The routine's conditions that the day table can answer."""
    out: list[Any] = []
    if schema.REST_TARGET_MET in days.columns:
        out.append(schema.REST_TARGET_MET)
    out += [c for c in _FLAG_LOADS if c in days.columns]
    if _SITTING in days.columns:
        out.append(at_least(_SITTING, LONG_SITTING_HOURS))
    return out


def _shown_associations(table: pd.DataFrame) -> tuple[int, list[dict[str, Any]]]:
    """(how many are clear, the rows to show with their sentences).

    The clear ones when there are any, else the three strongest, so the reader sees
    what came closest and that it was not clear.
    """
    clear = strongest(table, k=TOP_ASSOCIATIONS, q_max=Q_CLEAR)
    shown = clear if len(clear) else strongest(table, k=3)
    rows = []
    for _, row in shown.iterrows():
        item = {k: row[k] for k in ASSOCIATION_COLUMNS}
        item["sentence"] = association_sentence(row)
        rows.append(item)
    return len(clear), rows


def _comparisons(
    upto: pd.DataFrame, outcome: str | None, seed: int, n_boot: int
) -> list[dict[str, Any]]:
    """The routine's conditions against pain the next day (none without a pain column)."""
    if outcome is None:
        return []
    return [
        compare(upto, condition, outcome=outcome, lag=1, seed=seed, n_boot=n_boot).to_dict()
        for condition in _conditions(upto)
    ]


def _rest_adherence(
    upto: pd.DataFrame, rest_target_minutes: float, end: pd.Timestamp
) -> dict[str, Any]:
    """Adherence over the whole log to ``end``, its weeks cut to the trend window."""
    rest = adherence(upto, target_minutes=rest_target_minutes, end=end).to_dict()
    rest["weeks"] = rest["weeks"][-TREND_WEEKS:]
    return rest


def _days_logged(upto: pd.DataFrame) -> int:
    """Days with any entry: the logged flag, or any value when the table has no flag."""
    logged = (
        upto[schema.LOGGED].astype("boolean").fillna(False)
        if schema.LOGGED in upto.columns
        else upto.notna().any(axis=1)
    )
    return int(logged.sum())


def insights(
    days: pd.DataFrame,
    week: str | weekly.Week = "latest",
    seed: int = 0,
    n_boot: int = 1000,
    baseline_weeks: int = 4,
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
    table: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The week's summary, the clearest associations and comparisons, as JSON-ready data.

    Pass the day table made with the same rest target (``daily(log,
    rest_target_minutes=...)``) so that "rest target met" means the same everywhere.
    table: ``associations`` of the days up to the week's end with this seed and
    n_boot, when the caller has it already (the report draws it as a heatmap too).

    >>> result = insights(daily(read_log("data/example_log.csv")), week="2026-W47")
    ...                                                       # doctest: +SKIP
    >>> print(words.format_insights(result))                  # doctest: +SKIP
    """
    w = weekly.parse_week(week, days)
    upto = days.loc[days.index <= w.end]
    summary = weekly.week_summary(
        upto, w, baseline_weeks=baseline_weeks, rest_target_minutes=rest_target_minutes
    )
    outcome = schema.PAIN if schema.PAIN in upto.columns else None
    if table is None:
        table = associations(upto, seed=seed, n_boot=n_boot)
    clear, rows = _shown_associations(table)
    comparisons = _comparisons(upto, outcome, seed, n_boot)
    pain_trend = (
        trend(upto, outcome, weeks=TREND_WEEKS, end=w.end).to_dict()
        if outcome is not None
        else None
    )
    result = {
        "week": w.label,
        "data_through": w.end,
        "days_logged": _days_logged(upto),
        "seed": seed,
        "summary": summary.to_dict(),
        "associations": {
            "cells": len(table),
            "cells_with_enough_data": int(table["enough"].sum()),
            "clear": clear,
            "shown": rows,
        },
        "comparisons": comparisons,
        "trend": pain_trend,
        "adherence": _rest_adherence(upto, rest_target_minutes, w.end),
        "caution": CAUTION,
    }
    return jsonable(result)
