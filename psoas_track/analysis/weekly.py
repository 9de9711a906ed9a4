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

# Re-exported: tests, the report and the CLI import these from this module.
from psoas_track.analysis.weeks import Week as Week
from psoas_track.analysis.weeks import _logged
from psoas_track.analysis.weeks import parse_week as parse_week
from psoas_track.analysis.weeks import week_in_log as week_in_log
from psoas_track.analysis.weeks import week_of as week_of
from psoas_track.analysis.weeks import weeks_with_entries as weeks_with_entries

#: A change in pain this large (points on the 0-10 scale) is clinically important.
IMPORTANT_POINTS = 2.0
#: A change in pain this large (share of the earlier value) is clinically important.
IMPORTANT_SHARE = 0.30


def clinically_important(before: float | None, after: float | None) -> bool | None:
    """Is a change in pain from before to after clinically important (Farrar 2001)?

    Important means at least 2 points, or at least 30% of the earlier value. None when
    either value is missing.

    >>> clinically_important(4.0, 2.5), clinically_important(6.0, 5.0)
    (True, False)
    """
    if before is None or after is None:
        return None
    before, after = float(before), float(after)
    if not (math.isfinite(before) and math.isfinite(after)):
        return None
    change = abs(after - before)
    eps = 1e-9
    return bool(
        change >= IMPORTANT_POINTS - eps
        or (before > 0 and change >= IMPORTANT_SHARE * before - eps)
    )


def change_words(before: float | None, after: float | None) -> str:
    """A change in pain in plain words: 'better by 2.1 points (clinically important)'."""
    important = clinically_important(before, after)
    if important is None:
        return "no comparison (not enough days recorded)"
    change = float(after) - float(before)
    if abs(change) < 0.05:
        return "about the same"
    direction = "worse" if change > 0 else "better"
    size = "clinically important" if important else "a small change"
    return f"{direction} by {abs(change):.1f} points ({size})"


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

    def lines(self) -> list[str]:
        """The summary as plain sentences, one per line."""
        out = [
            f"Week {self.week} ({self.start.date()} to {self.end.date()}): "
            f"{self.days_logged} of {self.days_in_week} days logged "
            f"(last week {self.last_week_days_logged} of 7; the {self.baseline_weeks} weeks "
            f"before that {self.baseline_days_logged} of {7 * self.baseline_weeks})."
        ]
        for column, row in self.pain.iterrows():
            what = schema.phrase(column)
            what = what[:1].upper() + what[1:]
            if row["this_days"] == 0:
                out.append(f"{what}: not recorded this week.")
                continue
            text = f"{what}: {row['this']:.1f} this week ({_days(row['this_days'])})"
            if row["last_days"]:
                text += (
                    f", {row['last']:.1f} last week ({_days(row['last_days'])}): {row['vs_last']}"
                )
            if row["baseline_days"]:
                text += (
                    f"; {row['baseline']:.1f} in the {self.baseline_weeks} weeks before "
                    f"({_days(row['baseline_days'])}): {row['vs_baseline']}"
                )
            out.append(text + ".")
        a = self.adherence
        if a.get("days_recorded"):
            out.append(
                f"Constructive rest of {a['target_minutes']:g}+ minutes on {a['days_met']} of "
                f"{a['days_recorded']} days recorded this week (last week {a['last_week_days_met']}"
                f" of {a['last_week_days_recorded']}); streak at the end of the week: "
                f"{_days(a['streak'])}."
            )
        else:
            out.append("No constructive rest recorded this week.")
        for column, row in self.measures.iterrows():
            if column in self.pain.index or row["this_days"] == 0:
                continue
            if column in {schema.max_column(s) for s in schema.PAIN_SITES}:
                continue
            what = schema.label(column)
            if row["stat"] == "share of days":
                yes = int(round(row["this"] * row["this_days"]))
                text = f"{what}: on {yes} of {row['this_days']} days recorded"
                if row["last_days"]:
                    text += f" (last week {row['last']:.0%} of days)"
            else:
                text = f"{what}: {_num(row['this'])} a day ({_days(row['this_days'])} recorded)"
                if row["last_days"]:
                    text += f", last week {_num(row['last'])}"
                if row["baseline_days"]:
                    text += f", the {self.baseline_weeks} weeks before {_num(row['baseline'])}"
            out.append(text + ".")
        return out

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON-ready values (tables as lists of rows)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, pd.DataFrame):
                value = value.rename_axis("column").reset_index().to_dict(orient="records")
            out[name] = value
        out["lines"] = self.lines()
        return jsonable(out)


def _days(n: int) -> str:
    return f"{int(n)} day" if int(n) == 1 else f"{int(n)} days"


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}"


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


def _pain_table(measures: pd.DataFrame) -> pd.DataFrame:
    """The pain rows, with each change in words and whether it is clinically important."""
    pains = [c for c in schema.PAIN_COLUMNS if c in measures.index]
    pain = measures.loc[
        pains, ["label", "this", "this_days", "last", "last_days", "baseline", "baseline_days"]
    ].copy()
    pain["change_vs_last"] = pain["this"] - pain["last"]
    pain["important_vs_last"] = [
        clinically_important(b, a) for b, a in zip(pain["last"], pain["this"], strict=True)
    ]
    pain["vs_last"] = [change_words(b, a) for b, a in zip(pain["last"], pain["this"], strict=True)]
    pain["change_vs_baseline"] = pain["this"] - pain["baseline"]
    pain["important_vs_baseline"] = [
        clinically_important(b, a) for b, a in zip(pain["baseline"], pain["this"], strict=True)
    ]
    pain["vs_baseline"] = [
        change_words(b, a) for b, a in zip(pain["baseline"], pain["this"], strict=True)
    ]
    # Nullable, so a change with nothing to compare against stays missing, not False.
    for col in ("important_vs_last", "important_vs_baseline"):
        pain[col] = pain[col].astype("boolean")
    return pain


def _days_logged(part: pd.DataFrame) -> int:
    """Days with an entry in a period (0 for a period outside the table)."""
    return int(_logged(part).sum()) if len(part) else 0


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

    Pain by site (and overall) carries the change from last week and from the baseline,
    flagged clinically important at 2 points or 30% of the earlier value (Farrar 2001).
    Only days up to the Sunday of the week are used.

    >>> s = week_summary(days, "2026-W47")                    # doctest: +SKIP
    >>> s.days_logged, s.pain.loc["back_pain", ["this", "last", "vs_last"]].tolist()
    (7, [3.1, 4.3, 'better by 1.2 points (clinically important)'])
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
        pain=_pain_table(measures),
        adherence=_week_adherence(frame, periods, rest_target_minutes, baseline_weeks),
    )
