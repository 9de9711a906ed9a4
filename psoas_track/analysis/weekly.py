"""One week's summary against the week before and a baseline, and "clinically important".

A summary of week W uses only the days up to the Sunday of W, so rendering it again after
more days were logged gives the same numbers. The weeks themselves (``Week``,
``parse_week``, ``week_of``, ``week_in_log``, ``weeks_with_entries``) live in
``psoas_track.analysis.weeks`` and are importable from here as well, as they always were.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.adherence import rest_target_days, streaks
from psoas_track.analysis.common import (
    as_float,
    custom_columns,
    jsonable,
    numeric_like,
    on_calendar,
)
from psoas_track.analysis.distributions import t_quantile

# Re-exported: tests, the report and the CLI import these from this module.
from psoas_track.analysis.weeks import Week as Week
from psoas_track.analysis.weeks import logged_days
from psoas_track.analysis.weeks import parse_week as parse_week
from psoas_track.analysis.weeks import week_in_log as week_in_log
from psoas_track.analysis.weeks import week_of as week_of
from psoas_track.analysis.weeks import weeks_with_entries as weeks_with_entries

#: A change in pain this large (points on the 0-10 scale) is clinically important.
IMPORTANT_POINTS = 2.0
#: ... or this share of the earlier value, when it is also a point or more and the
#: earlier pain was moderate (Farrar 2001 measured 30% in people starting at 4 or more).
IMPORTANT_SHARE = 0.30
SHARE_NEEDS_POINTS = 1.0
SHARE_NEEDS_BEFORE = 4.0
#: A period is compared only with at least this many days of pain rated in each side.
MIN_RATED_DAYS = 4
#: Earlier week-to-week changes needed before "beyond your usual ups and downs" is said.
MIN_EARLIER_CHANGES = 4
#: Pain below this (both periods) is low: the report counts pain-free days as well.
LOW_PAIN = 2.0


def clinically_important(before: float | None, after: float | None) -> bool | None:
    """Is a change in pain from before to after clinically important?

    At least 2 points; or at least 30% of the earlier value and at least 1 point when the
    earlier pain was 4 or more (the range Farrar 2001 measured it in). Better and worse
    alike. None when either value is missing.

    >>> clinically_important(4.0, 2.5), clinically_important(6.0, 5.0)
    (True, False)
    >>> clinically_important(1.3, 1.8)   # 38% of a low pain, half a point: not important
    False
    """
    if before is None or after is None:
        return None
    before, after = float(before), float(after)
    if not (math.isfinite(before) and math.isfinite(after)):
        return None
    change = abs(after - before)
    eps = 1e-9
    by_share = (
        before >= SHARE_NEEDS_BEFORE - eps
        and change >= IMPORTANT_SHARE * before - eps
        and change >= SHARE_NEEDS_POINTS - eps
    )
    return bool(change >= IMPORTANT_POINTS - eps or by_share)


def beyond_usual(change: float, spread: float | None) -> bool | None:
    """Is a change larger than the person's own week-to-week ups and downs?

    spread: how far a new week-to-week change strays from the person's earlier ones and
    still be usual, at 95% (week_to_week_spread; None when too few weeks were rated).
    """
    if spread is None or not math.isfinite(spread) or not math.isfinite(change):
        return None
    return bool(abs(change) > spread)


def week_to_week_spread(frame: pd.DataFrame, column: str, before: pd.Timestamp) -> float | None:
    """How large a week-to-week change of a pain is still usual for this person: the 95%
    prediction bound from their changes between consecutive rated weeks ending before
    `before` (t quantile times their standard deviation times sqrt(1 + 1/m), m changes;
    weeks with fewer than MIN_RATED_DAYS rated days are not counted). A reliable-change
    index that allows for knowing the spread from a few weeks only."""
    earlier = frame.loc[frame.index < before, column] if column in frame else pd.Series()
    if earlier.empty:
        return None
    values = pd.Series(as_float(earlier, column), index=earlier.index)
    weeks = values.groupby(values.index.to_period("W-SUN"))
    means = weeks.mean().where(weeks.count() >= MIN_RATED_DAYS)
    changes = means.diff().dropna()  # consecutive weeks, both rated
    m = len(changes)
    if m < MIN_EARLIER_CHANGES:
        return None
    t = -t_quantile(m - 1, 0.025)
    return t * float(changes.std(ddof=1)) * math.sqrt(1 + 1 / m)


def compared(before_days: int, after_days: int) -> bool:
    return before_days >= MIN_RATED_DAYS and after_days >= MIN_RATED_DAYS


# --------------------------------------------------------------------------- summary


def _measure_columns(frame: pd.DataFrame) -> list[str]:
    """Every daily measure worth a line: loads, pain sites and their maxima, custom numbers."""
    names: list[str] = []
    for m in schema.MEASURES:
        if m.daily is None or m.name not in frame.columns or not numeric_like(frame[m.name]):
            continue
        names.append(m.name)
        if m.role == schema.PAIN_SITE and schema.max_column(m.name) in frame.columns:
            names.append(schema.max_column(m.name))
    if schema.PAIN in frame.columns:
        names.append(schema.PAIN)
    return names + custom_columns(frame)


def _is_flag(frame: pd.DataFrame, column: str) -> bool:
    m = schema.BY_NAME.get(column)
    return (m is not None and m.daily == "any") or pd.api.types.is_bool_dtype(frame[column].dtype)


def _period(frame: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    return frame.loc[(frame.index >= first) & (frame.index <= last)]


def _mean_and_n(frame: pd.DataFrame, column: str) -> tuple[float, int]:
    values = as_float(frame[column], column) if len(frame) else np.array([])
    values = values[np.isfinite(values)]
    return (float(values.mean()) if len(values) else math.nan), int(len(values))


@dataclass
class WeekSummary:
    """One week against the week before and the baseline weeks before that."""

    week: str
    start: pd.Timestamp
    end: pd.Timestamp
    days_logged: int
    last_week: str
    last_week_days_logged: int
    baseline_start: pd.Timestamp
    baseline_end: pd.Timestamp
    baseline_weeks: int
    baseline_days_logged: int
    #: every measure: mean per recorded day (yes/no measures: share of recorded days)
    measures: pd.DataFrame = field(repr=False)
    #: pain by site and overall, with the changes and whether they are clinically important
    pain: pd.DataFrame = field(repr=False)
    adherence: dict[str, Any] = field(default_factory=dict)
    days_in_week: int = 7
    #: days with pain 0 this week and last ({'this': n, 'last': n}): at low pain they say
    #: more than a change of half a point
    pain_free_days: dict[str, int] = field(default_factory=dict)

    @property
    def low_pain(self) -> bool:
        """Pain below LOW_PAIN this week and last: pain-free days say more than a mean."""
        if schema.PAIN not in self.pain.index:
            return False
        row = self.pain.loc[schema.PAIN]
        levels = [row["this"], row["last"]]
        return all(math.isfinite(v) and v < LOW_PAIN for v in levels) and bool(row["this_days"])

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON-ready values (tables as lists of rows); its sentences
        are words.week's (week_lines)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, pd.DataFrame):
                value = value.rename_axis("column").reset_index().to_dict(orient="records")
            out[name] = value
        return jsonable(out)


#: The columns of WeekSummary.measures, in order (the index is "column").
_MEASURE_COLUMNS = [
    "column",
    "label",
    "stat",
    "this",
    "this_days",
    "last",
    "last_days",
    "baseline",
    "baseline_days",
    "change",
    "change_vs_baseline",
]


def _periods(
    frame: pd.DataFrame, w: Week, baseline_weeks: int
) -> tuple[Week, pd.Timestamp, pd.Timestamp, dict[str, pd.DataFrame]]:
    """(last week, baseline start, baseline end, the days of this week, last and baseline).

    The baseline is the ``baseline_weeks`` weeks before last week, so it never overlaps
    the two weeks being compared.
    """
    last_w = w.shift(-1)
    base_end = last_w.start - pd.Timedelta(days=1)
    base_start = last_w.start - pd.Timedelta(days=7 * int(baseline_weeks))
    periods = {
        "this": _period(frame, w.start, w.end),
        "last": _period(frame, last_w.start, last_w.end),
        "baseline": _period(frame, base_start, base_end),
    }
    return last_w, base_start, base_end, periods


def _measure_row(
    frame: pd.DataFrame, column: str, periods: dict[str, pd.DataFrame]
) -> dict[str, Any]:
    """One measure's mean (or share of days) and days recorded in each period, and changes."""
    row: dict[str, Any] = {
        "column": column,
        "label": schema.label(column),
        "stat": "share of days" if _is_flag(frame, column) else "mean per day recorded",
    }
    for name, part in periods.items():
        row[name], row[f"{name}_days"] = _mean_and_n(part, column)
    row["change"] = row["this"] - row["last"]
    row["change_vs_baseline"] = row["this"] - row["baseline"]
    return row


def _measures_table(frame: pd.DataFrame, periods: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every measure's row, indexed by column (an empty table still has every column)."""
    rows = [_measure_row(frame, column, periods) for column in _measure_columns(frame)]
    return pd.DataFrame(rows, columns=_MEASURE_COLUMNS).set_index("column")


def _pain_table(measures: pd.DataFrame, spreads: dict[str, float | None]) -> pd.DataFrame:
    """The pain rows: each change, whether it is clinically important, and whether it is
    beyond the person's usual week-to-week ups and downs (words.week says them)."""
    pains = [c for c in schema.PAIN_COLUMNS if c in measures.index]
    pain = measures.loc[
        pains, ["label", "this", "this_days", "last", "last_days", "baseline", "baseline_days"]
    ].copy()
    pain["spread"] = [spreads.get(c) for c in pains]
    for other, name in (("last", "last"), ("baseline", "baseline")):
        sides = list(
            zip(pain[other], pain["this"], pain[f"{other}_days"], pain["this_days"],
                pain["spread"], strict=True)
        )  # fmt: skip
        pain[f"change_vs_{name}"] = pain["this"] - pain[other]
        pain[f"important_vs_{name}"] = [
            clinically_important(b, a) if compared(bd, ad) else None for b, a, bd, ad, _ in sides
        ]
        pain[f"beyond_usual_vs_{name}"] = [
            beyond_usual(a - b, sp) if compared(bd, ad) else None for b, a, bd, ad, sp in sides
        ]
    # Nullable, so a change with nothing to compare against stays missing, not False.
    for col in [c for c in pain.columns if c.startswith(("important_vs", "beyond_usual_vs"))]:
        pain[col] = pain[col].astype("boolean")
    return pain


def _spreads(frame: pd.DataFrame, measures: pd.DataFrame, before: pd.Timestamp) -> dict:
    pains = [c for c in schema.PAIN_COLUMNS if c in measures.index and c in frame]
    return {c: week_to_week_spread(frame, c, before) for c in pains}


def _pain_free_days(periods: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Days rated 0 at every site recorded (overall pain 0), this week and last."""
    out = {}
    for name in ("this", "last"):
        part = periods[name]
        values = as_float(part[schema.PAIN], schema.PAIN) if schema.PAIN in part else []
        out[name] = int(np.sum(np.asarray(values) == 0))
    return out


def _days_logged(part: pd.DataFrame) -> int:
    """Days with an entry in a period (0 for a period outside the table)."""
    return int(logged_days(part).sum()) if len(part) else 0


def _week_adherence(
    frame: pd.DataFrame,
    periods: dict[str, pd.DataFrame],
    rest_target_minutes: float,
    baseline_weeks: int,
) -> dict[str, Any]:
    """Rest-target days this week, last week and per baseline week, and the streak.

    The streak runs over every day up to the week's end, not just the week, so a streak
    that began the week before is counted whole.
    """
    met = {name: rest_target_days(part, rest_target_minutes) for name, part in periods.items()}
    return {
        "target_minutes": float(rest_target_minutes),
        "days_met": int((met["this"] == 1).sum()),
        "days_recorded": int(np.isfinite(met["this"]).sum()),
        "last_week_days_met": int((met["last"] == 1).sum()),
        "last_week_days_recorded": int(np.isfinite(met["last"]).sum()),
        "baseline_days_met_per_week": float((met["baseline"] == 1).sum() / int(baseline_weeks))
        if baseline_weeks
        else math.nan,
        "streak": streaks(rest_target_days(frame, rest_target_minutes))[0] if len(frame) else 0,
        "streak_end": frame.index[-1] if len(frame) else None,
        "days_logged": _days_logged(periods["this"]),
    }


def week_summary(
    days: pd.DataFrame,
    week: str | Week = "latest",
    baseline_weeks: int = 4,
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
) -> WeekSummary:
    """This week vs last week vs the baseline weeks before that, for every measure.

    Pain by site (and overall) carries the change from last week and from the baseline:
    compared only with 4 or more rated days on each side; clinically important at 2
    points, or 30% and a point from a pain of 4 or more (Farrar 2001); otherwise beyond
    the person's usual ups and downs when larger than 95% of their earlier week-to-week
    changes would be (week_to_week_spread).
    Only days up to the Sunday of the week are used.

    >>> s = week_summary(days, "2026-W47")                    # doctest: +SKIP
    >>> s.days_logged, s.pain.loc["back_pain", ["this", "last", "important_vs_last"]].tolist()
    (7, [3.1, 4.3, False])
    """
    w = parse_week(week, days)
    frame = on_calendar(days)
    frame = frame.loc[frame.index <= w.end]
    last_w, base_start, base_end, periods = _periods(frame, w, baseline_weeks)
    measures = _measures_table(frame, periods)
    return WeekSummary(
        week=w.label,
        start=w.start,
        end=w.end,
        days_logged=_days_logged(periods["this"]),
        last_week=last_w.label,
        last_week_days_logged=_days_logged(periods["last"]),
        baseline_start=base_start,
        baseline_end=base_end,
        baseline_weeks=int(baseline_weeks),
        baseline_days_logged=_days_logged(periods["baseline"]),
        measures=measures,
        pain=_pain_table(measures, _spreads(frame, measures, last_w.start)),
        pain_free_days=_pain_free_days(periods),
        adherence=_week_adherence(frame, periods, rest_target_minutes, baseline_weeks),
    )
