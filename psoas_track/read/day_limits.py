"""A day's entries that add up to more than a day holds (26 hours sat): a warning on
the day's last row, the values kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from psoas_track import schema
from psoas_track.cells import show
from psoas_track.log import WARNING, Problem
from psoas_track.read.columns import Column


def day_limit_problems(entries: Any, columns: list[Column]) -> list[Problem]:
    """A day's entries that add up to more than a day can hold (26 hours sat).

    entries: the typed entries table (row, date and a column per measure).
    """
    problems = []
    for column in columns:
        measure = column.measure
        if measure is None or measure.day_limit is None:
            continue
        values = entries[column.name]
        near = values.groupby(entries["date"]).sum() > measure.day_limit * (1 - 1e-9)
        for date in near.index[near.to_numpy()]:
            # The exact total of the day, added in row order as a person would.
            day = entries.loc[(entries["date"] == date) & values.notna()]
            total = sum(float(v) for v in day[column.name])
            if total > measure.day_limit:
                problems.append(_day_limit_problem(column, measure, date.date(), day, total))
    return problems


def _day_limit_problem(
    column: Column, measure: schema.Measure, date: dt.date, day: Any, total: float
) -> Problem:
    rows = [int(r) for r in day[schema.ROW]]
    shown = ", ".join(str(r) for r in rows)
    return Problem(
        rows[-1],
        column.header,
        show(total),
        f"{measure.label} adds up to {show(round(total, 2))} {measure.unit} "
        f"on {date.isoformat()} (rows {shown}), more than the "
        f"{show(measure.day_limit)} a day has; check those entries.",
        WARNING,
    )
