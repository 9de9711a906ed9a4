"""What was read from a log, as text and tables: the check summary, problems, coverage.

>>> from psoas_track.read.log import read_log
>>> from psoas_track.daily import daily
>>> from psoas_track import widgets
>>> log = read_log("data/example_log.csv")              # doctest: +SKIP
>>> print(widgets.check_summary(log, daily(log)))       # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from psoas_track import analysis, schema
from psoas_track.words.check import check_text

if TYPE_CHECKING:
    from psoas_track.read.log import Log


#: The explorer's name for the check summary: the one made by words.check_text, so the
#: notebook shows the lines `psoas-track check` prints (notebooks already copied call it so).
check_summary = check_text


def problems_table(log: Log) -> pd.DataFrame:
    """The log's problems as a table: row, column, value, message, severity."""
    columns = ["row", "column", "value", "message", "severity"]
    return pd.DataFrame([p.as_dict() for p in log.problems], columns=columns)


def coverage(days: pd.DataFrame) -> pd.DataFrame:
    """How much of each measure was recorded: days, share of logged days, first and last.

    One row per measure of the schema present in the day table and per numeric column
    of the person's own, labelled with its unit.
    """
    logged = (
        days[schema.LOGGED] if schema.LOGGED in days.columns else pd.Series(True, index=days.index)
    )
    n_logged = int(logged.sum())
    columns = [
        m.name
        for m in schema.MEASURES
        if m.daily is not None and m.name in days.columns and m.name != "notes"
    ]
    columns += [c for c in analysis.custom_columns(days) if c not in columns]
    rows = []
    for column in columns:
        series = days[column]
        if pd.api.types.is_bool_dtype(series.dtype):
            recorded = series.notna() & logged
        else:
            recorded = series.notna()
        dates = days.index[recorded.to_numpy(dtype=bool)]
        n = len(dates)
        rows.append(
            {
                "measure": schema.label(column),
                "days recorded": n,
                "% of logged days": round(100 * n / n_logged) if n_logged else 0,
                "first": dates[0].date() if n else None,
                "last": dates[-1].date() if n else None,
            }
        )
    table = pd.DataFrame(
        rows, columns=["measure", "days recorded", "% of logged days", "first", "last"]
    )
    return table.set_index("measure")
