"""The experiment in words: its calendar, the plan just drawn, how it is going, today's
block, and what its analysis shows. The computation stays in psoas_track.experiment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from psoas_track import schema
from psoas_track.experiment import ExperimentResult, Plan, plan_path, smallest_p
from psoas_track.experiment.design import ALPHA

#: Each routine the kit knows (experiment.plan.ADHERENCE_COLUMNS) in words: what is done
#: on ON blocks, and what its blocks are called in a sentence ("on rest blocks").
ROUTINES: dict[str, tuple[str, str]] = {
    "rest": (f"{schema.REST_TARGET_MINUTES} minutes of constructive rest a day", "rest"),
    "towel": ("a rolled towel under the sitting bones on long sits", "towel"),
    "breaks": ("getting up every half hour", "break"),
}


def routine_words(routine: str) -> str:
    """What a routine asks for on ON blocks; a routine of the person's own, as they wrote it."""
    return ROUTINES.get(routine, (routine, ""))[0]


def experiment_calendar(plan: Plan) -> str:
    """The plan's blocks, one line each: '  Mon 07 Dec - Wed 09 Dec: ON'."""
    lines = [
        f"Experiment: {routine_words(plan.routine)} on ON blocks, from {plan.start} to "
        f"{plan.last_day}"
    ]
    for (first, last), on in zip(plan.dates(), plan.blocks, strict=True):
        lines.append(f"  {first:%a %d %b} - {last:%a %d %b}: {on.upper()}")
    return "\n".join(lines)


def experiment_planned(plan: Plan, log_path: str | Path) -> str:
    """What `experiment plan` says after the draw: the calendar, the design, the file."""
    design = (
        f"{plan.allowed_schedules:,} schedules were possible; the smallest p this design "
        f"can give is {smallest_p(plan.allowed_schedules):.4f}. Outcome: {plan.outcome}, lag "
        f"{plan.lag}, washout {plan.washout_days} day(s) at each block's start."
    )
    kept = f"The plan is in {plan_path(log_path)}; it cannot be changed, only ended."
    return "\n".join([experiment_calendar(plan), design, kept])


def experiment_status(plan: Plan, result: ExperimentResult, today: dt.date) -> str:
    """What `experiment status` says: the calendar, rated days so far and still to log,
    adherence when the log records the routine, and today's block."""
    lines = [
        experiment_calendar(plan),
        f"Rated days so far: {result.n_on} on ON blocks, {result.n_off} on OFF blocks; "
        f"{plan.days_left(today)} days still to log (to {plan.last_day}).",
    ]
    if plan.adherence_column:
        lines.append(
            f"Adherence: the routine done on {_share(result.adherence_on)} of ON days and "
            f"{_share(result.adherence_off)} of OFF days."
        )
    return "\n".join(lines + [line for line in [experiment_today(plan, today)] if line])


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def experiment_today(plan: Plan | None, today: dt.date) -> str | None:
    """Today's block of the experiment in words, or None (no plan, or today outside it):
    'Experiment: this half-week is an ON half-week — 10 minutes of constructive rest a day.'
    """
    where = plan.assignment(today) if plan else None
    if where is None:
        return None
    _, on = where
    kind = "half-week" if plan.block == "half-week" else "week"
    what = routine_words(plan.routine)
    if on == "on":
        return f"Experiment: this {kind} is an ON {kind} — {what}."
    return f"Experiment: this {kind} is an OFF {kind} — your usual days, without {what}."


def experiment_sentence(plan: Plan, result: ExperimentResult) -> str:
    """What the experiment shows so far: the means on and off, the difference with its
    interval and p, whether that is clear, and what to keep in mind.

    >>> experiment_sentence(plan, analyse(days, plan))        # doctest: +SKIP
    'In your 8-week experiment, back pain averaged 3.1 on rest blocks and 4.0 on the others
     (difference -0.9, 95% interval -1.6 to -0.2; p = 0.012 from 1,296 possible schedules).
     Because the blocks were chosen at random, ...'
    """
    if result.p is None:
        return (
            f"Your {plan.weeks}-week experiment has no rated {schema.phrase(plan.outcome)} "
            f"yet on both kinds of block ({result.n_on} days on, {result.n_off} off): "
            "keep logging."
        )
    return _difference(plan, result) + _verdict(result.p, result.edited) + _caveats(result)


def _difference(plan: Plan, r: ExperimentResult) -> str:
    arm = ROUTINES.get(plan.routine, ("", "routine"))[1]
    interval = f", 95% interval {r.ci_low:.1f} to {r.ci_high:.1f}" if r.ci_low is not None else ""
    schedules = f"{r.schedules_counted:,} possible schedules" + (
        "" if r.exact else ", a random sample"
    )
    return (
        f"In your {plan.weeks}-week experiment, {schema.phrase(plan.outcome)} averaged "
        f"{r.mean_on:.1f} on {arm} blocks and {r.mean_off:.1f} on the others (difference "
        f"{r.effect:+.1f}{interval}; p = {r.p:.2g} from {schedules})."
    )


def _verdict(p: float, edited: bool) -> str:
    if p < ALPHA and edited:
        return ""  # blocks changed after the draw were not chosen at random: a note says so
    if p < ALPHA:
        return (
            " Because the blocks were chosen at random, this difference is unlikely to come "
            "from anything but the routine or chance."
        )
    return (
        " That is not clear: a difference this size comes up often by the draw alone. "
        "It does not show the routine does nothing; a longer experiment could tell."
    )


def _caveats(r: ExperimentResult) -> str:
    notes = []
    if not r.complete:
        notes.append(" The experiment is not finished: this is what the days so far show.")
    if r.edited:
        notes.append(
            " The plan's blocks are not the schedule its seed draws: they were changed after "
            "the draw, so the p above cannot be trusted."
        )
    if r.left_out:
        notes.append(f" {len(r.left_out)} blocks had too few rated days and were left out.")
    return "".join(notes)
