"""The week a report shows, computed once with the report's settings.

`build` reads the log, turns it into days with the report's rest target and works out
everything the report shows (analysis.insights.week_results, the notable days, the
problems in scope, the experiment). The text (content.py), every chart, the week's .json
and the dashboard read this one object; nothing downstream computes a figure again or
puts a default in place of a setting. `render_week` builds it in the process that reads
the log and hands it to the notebook's kernel as a file (`save` / `load`), so a report
reads its log once.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from psoas_track import schema, words
from psoas_track.analysis.compare import Comparison
from psoas_track.analysis.insights import WeekResults, week_results
from psoas_track.analysis.progress import progress, red_flags
from psoas_track.analysis.weekly import Week, parse_week
from psoas_track.daily import daily
from psoas_track.read.log import Log, read_log
from psoas_track.words.week import week_figures

NOTABLE_DAYS = 3


@dataclass
class WeekReport:
    log: Log
    results: WeekResults  # every figure of the week, computed once with these settings
    figures: dict[str, Any]  # the same results as JSON: what the .json beside it holds
    baseline_weeks: int = 4
    seed: int = 0

    @property
    def days(self) -> pd.DataFrame:
        """Every day up to the end of the week, nothing later."""
        return self.results.days

    @property
    def week(self) -> Week:
        return self.results.week

    @property
    def associations(self) -> pd.DataFrame:
        """The whole grid the figures' strongest links come from."""
        return self.results.associations

    @property
    def rest_target_minutes(self) -> float:
        return self.results.rest_target_minutes

    @property
    def week_adherence(self) -> dict[str, Any]:
        """This week's rest target days, as the text counts them (WeekSummary.adherence)."""
        return self.results.summary.adherence

    @property
    def comparisons(self) -> dict[str, Comparison]:
        """The routine's comparisons, by the label a chart shows."""
        return self.results.comparisons

    def save(self, path: str | Path) -> Path:
        """The whole object in a file for the report's kernel (`load`)."""
        Path(path).write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return Path(path)


def load(path: str | Path) -> WeekReport:
    """The WeekReport `save` wrote (by render_week, in its own work folder)."""
    return pickle.loads(Path(path).read_bytes())


def build(
    log_path: str | Path,
    week: str = "latest",
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
    baseline_weeks: int = 4,
    seed: int = 0,
    with_logs: Sequence[str | Path] = (),
    log: Log | None = None,
    all_days: pd.DataFrame | None = None,
) -> WeekReport:
    """Read the log (unless `log` is the log already read, and `all_days` its
    `report_days`) and work out everything the week's report shows.

    Only entries dated up to the end of the week are used, so the report for a past week
    reads the same after more days are logged. with_logs: other logs or app exports (steps
    from a watch, say) used beside it; what the log itself says wins (daily).
    """
    log = read_log(log_path) if log is None else log
    if all_days is None:
        all_days = report_days(log, rest_target_minutes, with_logs)
    chosen = parse_week(week, all_days)
    days = all_days.loc[all_days.index <= chosen.end]
    results = week_results(
        days,
        chosen,
        seed=seed,
        baseline_weeks=baseline_weeks,
        rest_target_minutes=rest_target_minutes,
    )
    figures = week_figures(results)
    figures["log"] = Path(log_path).name
    figures["rest_target_minutes"] = rest_target_minutes
    figures["notable_days"] = notable_days(days, chosen)
    problems = [p for p in log.problems if _problem_in_scope(p, log, chosen)]
    figures["problems"] = [p.as_dict() for p in problems]
    figures["experiment"] = experiment_figures(log_path, days)
    figures["red_flags"] = red_flags(days, chosen.start, chosen.end)
    figures["progress"] = progress(days).to_dict()
    return WeekReport(log, results, figures, int(baseline_weeks), int(seed))


def report_days(
    log: Log, rest_target_minutes: float, with_logs: Sequence[str | Path] = ()
) -> pd.DataFrame:
    """The day table a report is made from: the log with the logs or exports beside it
    (report --with), "rest target met" counted at the report's target."""
    from psoas_track.readers import read_any

    others = [read_any(path) for path in with_logs]
    return daily([log, *others], rest_target_minutes=rest_target_minutes)


def experiment_figures(log_path: str | Path, days: pd.DataFrame) -> dict | None:
    """The running experiment beside the log, analysed on the days up to the week's end."""
    from psoas_track.experiment import PlanError, analyse, load_plan

    try:
        plan = load_plan(log_path)
    except PlanError as error:
        return {"problem": str(error)}
    if plan is None or days.empty or days.index.max().date() < plan.first_day:
        return None if plan is None else {"plan": vars(plan).copy(), "result": None}
    result = analyse(days, plan)
    said = {"sentence": words.experiment_sentence(plan, result)}
    return {"plan": vars(plan).copy(), "result": result.to_dict(full=True) | said}


def _problem_in_scope(problem, log: Log, week: Week) -> bool:
    """Problems of rows dated after the week belong to later reports."""
    if problem.row is None:
        return True
    dated = log.entries.loc[log.entries[schema.ROW] == problem.row, "date"]
    return dated.empty or dated.iloc[0] <= week.end


def notable_days(days: pd.DataFrame, week: Week, k: int = NOTABLE_DAYS) -> list[dict]:
    """The week's days with the highest pain, with their notes."""
    this = days.loc[week.start : week.end]
    this = this[this[schema.PAIN].notna()].sort_values(schema.PAIN, ascending=False, kind="stable")
    out = []
    for date, row in this.head(k).iterrows():
        sites = {s: _number(row[s]) for s in schema.PAIN_SITES if pd.notna(row[s])}
        notes = row.get("notes")
        out.append(
            {
                "date": date.date().isoformat(),
                "weekday": date.day_name(),
                "pain": _number(row[schema.PAIN]),
                "sites": sites,
                "sitting_hours": _number(row.get("sitting_hours")),
                "notes": None if pd.isna(notes) else str(notes),
            }
        )
    return out


def _number(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value), 2)
