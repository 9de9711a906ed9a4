"""What the log says: a week's `insights` in the terminal, weekly `report`s, and a `demo`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from psoas_track.cli.common import (
    UsageProblem,
    cli,
    interval_seed,
    json_option,
    log_argument,
    out_option,
    paper_option,
    read,
    stopped_says,
    week_option,
)

_NO_REPORT = "Stopped: no report written."


@cli.command()
@log_argument
@week_option("sum up")
@interval_seed
@json_option
def insights(log_path: str, week: str, seed: int, as_json: bool) -> None:
    """The week in plain sentences: pain against earlier weeks, what goes with it, and
    how the routine is going."""
    from psoas_track.analysis.weekly import week_in_log
    from psoas_track.daily import daily
    from psoas_track.words import format_insights
    from psoas_track.words.week import insights as week_insights

    days = daily(read(log_path))
    if not len(days):
        raise UsageProblem("The log has no entries yet, so there is nothing to sum up.")
    result = week_insights(days, week=week_in_log(week, days), seed=seed)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_insights(result))


@cli.command()
@log_argument
@week_option("report on")
@click.option("--all", "all_weeks", is_flag=True, help="Every week that has entries.")
@click.option("--since", default=None, help="Every week with entries from this one on.")
@out_option
@click.option(
    "--jobs",
    default=None,
    type=click.IntRange(1, 64),
    help="Reports rendered at once (default: one per CPU core).",
)
@click.option(
    "--force", is_flag=True, help="With --all or --since: render weeks that are up to date too."
)
@click.option("--pdf", is_flag=True, help="Also print each report to <week>.pdf (needs Chromium).")
@paper_option
@interval_seed
@click.option(
    "--rest-target",
    "rest_target_minutes",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0, 1440),
    help="Minutes of constructive rest a day.",
)
@click.option(
    "--with",
    "with_logs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Another log or app export to use beside LOG (steps from a watch, say); repeatable.",
)
def report(
    log_path: str,
    week: str,
    all_weeks: bool,
    since: str | None,
    out_dir: str,
    jobs: int | None,
    force: bool,
    pdf: bool,
    paper: str,
    seed: int,
    rest_target_minutes: float,
    with_logs: tuple[str, ...],
) -> None:
    """Render weekly reports (notebook, offline HTML and with --pdf a PDF) into the --out
    folder. What LOG says wins over what a --with file says for the same day and measure."""
    from psoas_track import report

    params = {"seed": seed, "rest_target_minutes": rest_target_minutes}
    if with_logs:  # whole paths: the notebook runs in another folder
        params["with_logs"] = [str(Path(p).resolve()) for p in with_logs]
    if not Path(log_path).exists():
        raise UsageProblem(f"There is no file at {log_path}. Check the name and the folder.")
    paper_size = paper.lower() if pdf else None
    with stopped_says(_NO_REPORT):
        if all_weeks or since:
            _report_weeks(log_path, since, out_dir, jobs, force, paper_size, params)
        else:
            made = report.render_week(log_path, week, out_dir, pdf=paper_size, **params)
            click.echo(str(made.pdf or made.html))


def _report_weeks(log_path, since, out_dir, jobs, force, pdf, params) -> None:
    """report --all / --since: what was rendered, skipped and failed, one line each."""
    from psoas_track import report

    weeks = report.weeks_in_log(log_path, since=since)
    if not weeks:
        raise UsageProblem("The log has no entries, so there is no week to report on.")
    run = report.render_weeks(log_path, weeks, out_dir, jobs=jobs, force=force, pdf=pdf, **params)
    for rendered in run.rendered:
        click.echo(str(rendered.pdf or rendered.html))
    for week, reason in sorted(run.failed.items()):
        click.echo(f"{week} could not be made: {reason}", err=True)
    click.echo(run.summary(len(weeks)), err=True)
    if run.stopped:
        raise SystemExit(130)
    if run.failed:
        raise SystemExit(1)


@cli.command()
@out_option
@click.option("--pdf", is_flag=True, help="Also print it to <week>.pdf (needs Chromium).")
@paper_option
def demo(out_dir: str, pdf: bool, paper: str) -> None:
    """Render the latest week of the example log, to see what a report looks like."""
    from psoas_track import report

    with stopped_says(_NO_REPORT):
        rendered = report.render_week(
            report.EXAMPLE_LOG, "latest", out_dir, pdf=paper.lower() if pdf else None
        )
    click.echo(f"The demo report for {rendered.week} is ready. Open it in your browser:")
    click.echo(str(rendered.html.resolve()))
    if rendered.pdf:
        click.echo(f"and print {rendered.pdf.resolve()}")


@cli.command()
@log_argument
@click.option(
    "--baseline-days",
    default=14,
    show_default=True,
    type=click.IntRange(1, 365),
    help="Days of each outcome's start, and of now, that are compared.",
)
@click.option("--until", default=None, help="The last day counted (default: the last one).")
@json_option
def progress(log_path: str, baseline_days: int, until: str | None, as_json: bool) -> None:
    """Each outcome (pain per site, PSFS, PEG, ODI, KOOS/HOOS, PGIC) at the start and now,
    and whether the change is clinically important; red flags first."""
    from psoas_track.analysis.progress import progress as progress_of
    from psoas_track.daily import daily
    from psoas_track.words.progress import progress_text

    days = daily(read(log_path))
    if until is not None:
        try:
            until = _date(until)
        except ValueError as error:
            raise UsageProblem(
                f"--until must be a date like 2026-11-30; '{until}' is not one."
            ) from error
    result = progress_of(days, baseline_days, until)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(progress_text(result))


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text.strip())
