"""`psoas-track experiment`: plan a randomised self-experiment, follow it, analyse it,
end it."""

from __future__ import annotations

import datetime as dt
import json

import click

from psoas_track.cli.common import UsageProblem, cli, json_option, read

existing_log = click.argument(
    "log_path", metavar="LOG", type=click.Path(exists=True, dir_okay=False)
)


def running_plan(log_path: str):
    """The experiment running beside the log, or None (none, or a plan file that cannot
    be read: an entry is written all the same)."""
    from psoas_track.experiment import PlanError, load_plan

    try:
        return load_plan(log_path)
    except PlanError:
        return None


def _plan_of(log_path: str):
    """The running plan; a PlanError or a UsageProblem when there is none to follow."""
    from psoas_track.experiment import load_plan

    plan = load_plan(log_path)
    if plan is None:
        raise UsageProblem(
            f"{log_path} has no experiment. Plan one with: psoas-track experiment plan "
            f"{log_path} --routine rest"
        )
    return plan


def _start_date(start: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(start) if start else None
    except ValueError as error:
        raise UsageProblem(f"The start must be a date like 2026-12-07 ({error}).") from error


@cli.group()
def experiment() -> None:
    """Is my routine helping? Plan a randomised self-experiment, follow it, analyse it."""


@experiment.command("plan")
@existing_log
@click.option("--routine", required=True, help="rest, towel, breaks, or your own words.")
@click.option("--weeks", default=8, show_default=True, type=click.IntRange(1, 52))
@click.option(
    "--block", type=click.Choice(["half-week", "week"]), default="half-week", show_default=True
)
@click.option(
    "--start", default=None, help="A Monday after the log's last entry (default: the next)."
)
@click.option(
    "--seed",
    default=None,
    type=click.IntRange(min=0),
    help="The draw's seed (default: random, recorded).",
)
@click.option(
    "--outcome", default="pain", show_default=True, help="The pain column the experiment is about."
)
@click.option("--lag", default=0, show_default=True, type=click.IntRange(0, 3))
@click.option(
    "--washout-days",
    default=None,
    type=click.IntRange(0, 3),
    help="Days left out at each block's start (default: 1 for half-weeks, 2 for weeks).",
)
def experiment_plan(log_path, routine, weeks, block, start, seed, outcome, lag, washout_days):
    """Draw the schedule of ON and OFF blocks and write it beside the log."""
    from psoas_track import schema, words
    from psoas_track.experiment import make_plan

    if outcome not in schema.PAIN_COLUMNS:
        raise UsageProblem(f"The outcome must be one of {', '.join(schema.PAIN_COLUMNS)}.")
    dates = read(log_path).entries["date"]
    last = dates.max().date() if len(dates) else None
    first = _start_date(start)
    plan = make_plan(log_path, routine, weeks, block, first, seed, outcome, lag, washout_days, last)
    click.echo(words.experiment_planned(plan, log_path))


@experiment.command("status")
@existing_log
def experiment_status(log_path):
    """Progress, adherence so far, and the days still to log."""
    from psoas_track import words
    from psoas_track.daily import daily
    from psoas_track.experiment import analyse

    plan = _plan_of(log_path)
    result = analyse(daily(read(log_path)), plan)
    click.echo(words.experiment_status(plan, result, dt.date.today()))


@experiment.command("analyse")
@existing_log
@json_option
def experiment_analyse(log_path, as_json):
    """The randomisation test of the experiment, its effect and interval, in words."""
    from psoas_track import words
    from psoas_track.daily import daily
    from psoas_track.experiment import analyse

    plan = _plan_of(log_path)
    result = analyse(daily(read(log_path)), plan)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(words.experiment_sentence(plan, result))


@experiment.command("stop")
@existing_log
def experiment_stop(log_path):
    """End the running experiment (its plan is kept, renamed), so a new one can be planned."""
    from psoas_track.experiment.plan import stop_plan

    kept = stop_plan(log_path)
    click.echo(f"The experiment is ended; its plan is kept as {kept.name}.")
