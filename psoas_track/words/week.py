"""The week's sentences: a pain change in words, and the week's summary as lines.

Made here from analysis.weekly's numbers (WeekSummary), so that `psoas-track insights`,
the report and its .json say a week the same way. "Clinically important" is said only
where WeekSummary's `important_vs_*` is true.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from psoas_track import schema
from psoas_track.analysis.insights import WeekResults, week_results
from psoas_track.analysis.weekly import (
    MIN_RATED_DAYS,
    WeekSummary,
    beyond_usual,
    clinically_important,
    compared,
)


def change_words(
    before: float | None,
    after: float | None,
    before_days: int = MIN_RATED_DAYS,
    after_days: int = MIN_RATED_DAYS,
    spread: float | None = None,
) -> str:
    """A change in pain in plain words: 'better by 2.1 points (clinically important)'."""
    important = clinically_important(before, after)
    if important is None or not compared(before_days, after_days):
        return f"no comparison (fewer than {MIN_RATED_DAYS} days rated)"
    change = float(after) - float(before)
    # The size told is the difference of the values as shown (one decimal), so that
    # "worse by 0.3" stands beside 2.7 vs 2.4, never "worse by 0.2".
    shown = float(f"{float(after):.1f}") - float(f"{float(before):.1f}")
    if abs(shown) < 0.05:
        return "about the same"
    direction = "worse" if shown > 0 else "better"
    if important:
        size = "clinically important"
    elif beyond_usual(change, spread):
        size = "a change beyond your usual ups and downs"
    else:
        size = "within your usual ups and downs" if spread is not None else "a small change"
    return f"{direction} by {abs(shown):.1f} points ({size})"


def pain_change(row: pd.Series | dict[str, Any], other: str) -> str:
    """A pain row's change from `other` ('last' or 'baseline') to this week, in words."""
    return change_words(
        row[other], row["this"], row[f"{other}_days"], row["this_days"], row.get("spread")
    )


def week_lines(summary: WeekSummary) -> list[str]:
    """The summary as plain sentences, one per line."""
    out = [
        f"Week {summary.week} ({summary.start.date()} to {summary.end.date()}): "
        f"{summary.days_logged} of {summary.days_in_week} days logged "
        f"(last week {summary.last_week_days_logged} of 7; the {summary.baseline_weeks} weeks "
        f"before that {summary.baseline_days_logged} of {7 * summary.baseline_weeks})."
    ]
    for column, row in summary.pain.iterrows():
        what = schema.phrase(column)
        what = what[:1].upper() + what[1:]
        if row["this_days"] == 0:
            out.append(f"{what}: not recorded this week.")
            continue
        text = f"{what}: {row['this']:.1f} this week ({_days(row['this_days'])})"
        if row["last_days"]:
            text += (
                f", {row['last']:.1f} last week ({_days(row['last_days'])}): "
                f"{pain_change(row, 'last')}"
            )
        if row["baseline_days"]:
            text += (
                f"; {row['baseline']:.1f} in the {summary.baseline_weeks} weeks before "
                f"({_days(row['baseline_days'])}): {pain_change(row, 'baseline')}"
            )
        out.append(text + ".")
    if summary.low_pain:
        free = summary.pain_free_days
        out.append(
            f"Pain is low, so pain-free days say more than the averages: "
            f"{_days(free.get('this', 0))} without pain this week, "
            f"{_days(free.get('last', 0))} last week."
        )
    a = summary.adherence
    if a.get("days_recorded"):
        out.append(
            f"Constructive rest of {a['target_minutes']:g}+ minutes on {a['days_met']} of "
            f"{a['days_recorded']} days recorded this week (last week {a['last_week_days_met']}"
            f" of {a['last_week_days_recorded']}); streak at the end of the week: "
            f"{_days(a['streak'])}."
        )
    else:
        out.append("No constructive rest recorded this week.")
    for column, row in summary.measures.iterrows():
        if column in summary.pain.index or row["this_days"] == 0:
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
                text += f", the {summary.baseline_weeks} weeks before {_num(row['baseline'])}"
        out.append(text + ".")
    return out


def summary_words(summary: WeekSummary) -> dict[str, Any]:
    """WeekSummary.to_dict() with its sentences: each pain row's `vs_last` and
    `vs_baseline` in words, and `lines`."""
    out = summary.to_dict()
    for row in out["pain"]:
        for other in ("last", "baseline"):
            row[f"vs_{other}"] = pain_change(summary.pain.loc[row["column"]], other)
    out["lines"] = week_lines(summary)
    return out


def week_figures(results: WeekResults) -> dict[str, Any]:
    """analysis.insights.WeekResults as JSON-ready data with the week's sentences: what
    `psoas-track insights` prints from and what a report's .json holds."""
    out = results.to_dict()
    out["summary"] = summary_words(results.summary)
    return out


def insights(
    days: pd.DataFrame,
    week: str | Any = "latest",
    seed: int = 0,
    n_boot: int = 1000,
    baseline_weeks: int = 4,
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
) -> dict[str, Any]:
    """The week's summary, the clearest associations and comparisons, as JSON-ready data
    with their sentences (analysis.insights.week_results, worded).

    >>> result = insights(daily(read_log("data/example_log.csv")), week="2026-W47")
    ...                                                       # doctest: +SKIP
    >>> print(format_insights(result))                        # doctest: +SKIP
    """
    return week_figures(week_results(days, week, seed, n_boot, baseline_weeks, rest_target_minutes))


def _days(n: int) -> str:
    return f"{int(n)} day" if int(n) == 1 else f"{int(n)} days"


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}"
