"""Honest statistics on a day table: lagged associations, n-of-1 comparisons, trends, adherence.

Every function takes the output of ``daily()`` (one row per calendar day, NaN/NA = not
recorded) and returns data. Nothing here says "causes": a number says what *goes with*
what in one person's days, with its n and an interval.

The statistics, in short (docs/design.md, "Statistics"):

- ``associations``: Spearman rho between a load on day t and a pain on day t+lag, over the
  days where both are recorded (never across a missing day). The 95% interval comes from a
  circular moving-block bootstrap of the days (blocks of about a week keep streaks
  together), stretched on the Fisher z scale by the dependence longer than a block that
  the blocks cannot carry. The p-value uses the t approximation on an *effective* sample
  size that shrinks n for the day-to-day dependence of both series (Bartlett; Pyper &
  Peterman 1998); q-values are Benjamini-Hochberg over every cell with enough data.
  benchmarks/bench_calibration.py measures the false-claim rate, power and coverage.
- ``compare``: mean pain on the days after a condition minus the days after its absence,
  with a block-bootstrap interval (stretched the same way) and the n of each side.
- ``trend``: the Theil-Sen slope of a daily measure, per week, with its interval.
- ``adherence``: days the constructive-rest target was met, per week, and streaks.

One module per topic: ``associations``, ``compare``, ``trend`` and ``adherence``, over
``rank_correlation`` (rho of rank residuals row by row, its p-value and resampling),
``drift`` (slow drift taken out), ``intervals`` (when an interval is given, and how it is
made from resamples), ``bootstrap`` (block resampling of days, effective n) and
``common`` (the day table, its columns, ``jsonable`` and the wording of sentences);
``weeks`` (ISO weeks), ``weekly`` (the week's summary, "clinically important"; it
re-exports the ``weeks`` names) and ``insights`` (the week's findings; words says them)
build on them. Import from
``psoas_track.analysis``, not from those modules: the names below are the API. Nothing
here imports scipy (scipy.stats takes about a second to import, scipy.special a third of
one, paid by every report kernel): distributions.py has the t and normal functions used.
"""

from __future__ import annotations

from psoas_track.analysis.adherence import Adherence, adherence, rest_target_days, streaks
from psoas_track.analysis.associations import (
    ASSOCIATION_COLUMNS,
    association_sentence,
    associations,
    benjamini_hochberg,
    strongest,
)
from psoas_track.analysis.common import (
    as_float,
    custom_columns,
    default_loads,
    default_pains,
    jsonable,
    lag_words,
    numeric_like,
    on_calendar,
)
from psoas_track.analysis.compare import Comparison, at_least, compare
from psoas_track.analysis.insights import (  # noqa: E402
    WeekResults,
    week_results,
)
from psoas_track.analysis.routine import compare_routine, routine_conditions  # noqa: E402
from psoas_track.analysis.trend import Trend, mostly_tied, theil_sen, trend

# The week's summary builds on the names above, so it is imported after them.
from psoas_track.analysis.weekly import Week, parse_week, week_in_log, week_summary  # noqa: E402, I001

__all__ = [
    "adherence",
    "Adherence",
    "as_float",
    "ASSOCIATION_COLUMNS",
    "association_sentence",
    "associations",
    "at_least",
    "benjamini_hochberg",
    "compare",
    "compare_routine",
    "routine_conditions",
    "WeekResults",
    "week_results",
    "Comparison",
    "custom_columns",
    "default_loads",
    "default_pains",
    "jsonable",
    "lag_words",
    "mostly_tied",
    "numeric_like",
    "on_calendar",
    "rest_target_days",
    "streaks",
    "strongest",
    "theil_sen",
    "Trend",
    "trend",
    "Week",
    "parse_week",
    "week_in_log",
    "week_summary",
]
