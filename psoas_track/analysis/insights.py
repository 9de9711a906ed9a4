"""What a week's log says: the week summary, the clearest associations, the comparisons of
the routine, the pain trend and rest adherence, worked out once (``week_results``).

``words.week.insights`` gives them as plain JSON-ready data with their sentences;
``words.format_insights`` turns that into the text the ``psoas-track insights`` command prints.
Only days up to the end of the chosen week are used, with a fixed seed, so the same week
always gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from psoas_track import schema
from psoas_track.analysis import weekly
from psoas_track.analysis.adherence import Adherence, adherence
from psoas_track.analysis.associations import (
    ASSOCIATION_COLUMNS,
    association_sentence,
    associations,
    strongest,
)
from psoas_track.analysis.common import jsonable
from psoas_track.analysis.compare import Comparison, compare
from psoas_track.analysis.routine import condition_label, routine_conditions
from psoas_track.analysis.trend import Trend, trend

#: Trend window and how many associations to show.
TREND_WEEKS = 8
TOP_ASSOCIATIONS = 5
Q_CLEAR = 0.05

CAUTION = (
    "These numbers show what goes with what in your own days, with the number of "
    "days behind each one. They do not show what causes what: a link can come from "
    "something else that changes on the same days."
)


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
    upto: pd.DataFrame, outcome: str | None, seed: int, n_boot: int, rest_target: float
) -> dict[str, Comparison]:
    """The routine's conditions against pain the next day, by the label a chart shows
    (none without a pain column)."""
    if outcome is None:
        return {}
    return {
        condition_label(condition): compare(
            upto, condition, outcome=outcome, lag=1, seed=seed, n_boot=n_boot
        )
        for condition in routine_conditions(upto, rest_target)
    }


def _rest_adherence(rest: Adherence) -> dict[str, Any]:
    """Adherence over the whole log to the week's end, its weeks cut to the trend window."""
    out = rest.to_dict()
    out["weeks"] = out["weeks"][-TREND_WEEKS:]
    return out


def _days_logged(upto: pd.DataFrame) -> int:
    """Days with any entry: the logged flag, or any value when the table has no flag."""
    logged = (
        upto[schema.LOGGED].astype("boolean").fillna(False)
        if schema.LOGGED in upto.columns
        else upto.notna().any(axis=1)
    )
    return int(logged.sum())


@dataclass
class WeekResults:
    """Everything worked out for one week, once, with one set of settings: the summary,
    the association grid, the routine's comparisons, the pain trend and rest adherence.
    Text, tables, charts and the JSON are all made from this object."""

    week: weekly.Week
    days: pd.DataFrame  # every day up to the end of the week, nothing later
    summary: weekly.WeekSummary
    associations: pd.DataFrame
    comparisons: dict[str, Comparison]  # by the label a chart shows
    trend: Trend | None
    adherence: Adherence
    seed: int
    baseline_weeks: int
    rest_target_minutes: float

    def to_dict(self) -> dict[str, Any]:
        """The results as JSON-ready data (what `psoas-track insights --json` prints)."""
        clear, rows = _shown_associations(self.associations)
        result = {
            "week": self.week.label,
            "data_through": self.week.end,
            "days_logged": _days_logged(self.days),
            "seed": self.seed,
            "summary": self.summary.to_dict(),
            "associations": {
                "cells": len(self.associations),
                "cells_with_enough_data": int(self.associations["enough"].sum()),
                "clear": clear,
                "shown": rows,
            },
            "comparisons": [c.to_dict() for c in self.comparisons.values()],
            "trend": self.trend.to_dict() if self.trend is not None else None,
            "adherence": _rest_adherence(self.adherence),
            "caution": CAUTION,
        }
        return jsonable(result)


def week_results(
    days: pd.DataFrame,
    week: str | weekly.Week = "latest",
    seed: int = 0,
    n_boot: int = 1000,
    baseline_weeks: int = 4,
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
    table: pd.DataFrame | None = None,
) -> WeekResults:
    """Work out the week once.

    Pass the day table made with the same rest target (``daily(log,
    rest_target_minutes=...)``) so that "rest target met" means the same everywhere.
    table: ``associations`` of the days up to the week's end with this seed and n_boot,
    when the caller has it already.
    """
    w = weekly.parse_week(week, days)
    upto = days.loc[days.index <= w.end]
    outcome = schema.PAIN if schema.PAIN in upto.columns else None
    if table is None:
        table = associations(upto, seed=seed, n_boot=n_boot)
    return WeekResults(
        week=w,
        days=upto,
        summary=weekly.week_summary(
            upto, w, baseline_weeks=baseline_weeks, rest_target_minutes=rest_target_minutes
        ),
        associations=table,
        comparisons=_comparisons(upto, outcome, seed, n_boot, rest_target_minutes),
        trend=trend(upto, outcome, weeks=TREND_WEEKS, end=w.end) if outcome else None,
        adherence=adherence(upto, target_minutes=rest_target_minutes, end=w.end),
        seed=seed,
        baseline_weeks=int(baseline_weeks),
        rest_target_minutes=float(rest_target_minutes),
    )
