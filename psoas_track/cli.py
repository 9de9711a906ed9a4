"""The `psoas-track` command: parses arguments and calls the modules, nothing more."""

from __future__ import annotations

import json
from pathlib import Path

import click


class UsageProblem(click.ClickException):
    """A problem the person can fix (unreadable log, bad week): one line, exit 2."""

    exit_code = 2


def _read(
    path: str,
    dayfirst: bool | None = None,
    year: int | None = None,
    max_mb: int = 200,
    sheet: str | None = None,
):
    from psoas_track.read.log import LogError, read_log

    try:
        return read_log(path, dayfirst, year, max_size=max_mb * 1024 * 1024, sheet=sheet)
    except LogError as error:
        raise UsageProblem(str(error)) from error


# The same seed gives the same intervals: reports and insights for one week agree.
interval_seed = click.option(
    "--seed",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Random seed of the intervals; the same seed gives the same numbers.",
)


paper_option = click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="The PDF's paper.",
)


out_option = click.option(
    "--out",
    "out_dir",
    default="reports",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the reports (made if missing).",
)


def week_option(verb: str):
    return click.option(
        "--week",
        default="latest",
        show_default=True,
        help=f"The ISO week to {verb}, like 2026-W47, or 'latest'.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="psoas_track")
def cli() -> None:
    """Read your psoas pain log, check it, and see what goes with more or less pain."""


@cli.command()
@click.argument("log_path", metavar="LOG", type=click.Path(dir_okay=False))
@click.option(
    "--dayfirst/--monthfirst",
    default=None,
    help="How to read dates like 03/04/2026 when nothing in the file tells.",
)
@click.option(
    "--year",
    default=None,
    type=click.IntRange(1900, 2100),
    help="The year of dates written without one (default: the year of the file's other dates).",
)
@click.option(
    "--max-size",
    "max_mb",
    default=200,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="The largest file read, in MB (also what a spreadsheet may unpack to).",
)
@click.option("--sheet", default=None, help="The sheet of an .xlsx or .ods to read.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def check(
    log_path: str,
    dayfirst: bool | None,
    year: int | None,
    max_mb: int,
    sheet: str | None,
    as_json: bool,
) -> None:
    """Check a log: what was read, and every problem with its row number.

    Exits 0 when there are no errors (warnings are fine), 1 when there are errors,
    and 2 when the file cannot be read at all.
    """
    from psoas_track.analysis import jsonable
    from psoas_track.daily import daily
    from psoas_track.read.summary import check_summary, check_text

    log = _read(log_path, dayfirst, year, max_mb, sheet)
    days = daily(log)
    summary = check_summary(log, days)
    if as_json:
        summary["problems"] = [p.as_dict() for p in log.problems]
        summary["daily"] = [
            {"date": date.date().isoformat(), **jsonable(row.to_dict())}
            for date, row in days.iterrows()
        ]
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        click.echo(check_text(log, summary))
    raise SystemExit(1 if log.errors else 0)


@cli.command()
@click.option(
    "--days",
    default=180,
    show_default=True,
    type=click.IntRange(1, 36500),
    help="How many calendar days the log covers, back from its last day.",
)
@click.option(
    "--end",
    default=None,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The log's last day, like 2026-11-22, up to today (default: today).",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=int,
    help="Random seed; the same seed and --end give the same log.",
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The CSV file to write.",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def sample(days: int, end, seed: int, output: str, force: bool) -> None:
    """Write a synthetic log with known, planted effects (for trying the kit out).

    The log covers the --days days up to today (or up to --end), as a log kept up to now
    would: no entry is dated after today, since such days are left out of checks, charts
    and reports. An --end after today is refused.
    """
    from psoas_track.sample import recent_log, write_log

    path = Path(output)
    if path.exists() and not force:
        raise UsageProblem(f"{path} already exists; choose another name or add --force.")
    try:
        entries = recent_log(days=days, seed=seed, end=end.date() if end else None)
    except ValueError as error:
        raise UsageProblem(str(error)) from error
    write_log(entries, path)
    first, last = entries["date"].iloc[0], entries["date"].iloc[-1]
    click.echo(f"Wrote {len(entries)} entries over {days} days ({first} to {last}) to {path}")


@cli.command()
@click.argument("log_path", metavar="LOG", type=click.Path(dir_okay=False))
@week_option("sum up")
@interval_seed
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def insights(log_path: str, week: str, seed: int, as_json: bool) -> None:
    """The week in plain sentences: pain against earlier weeks, what goes with it, and
    how the routine is going."""
    from psoas_track.analysis.insights import format_insights
    from psoas_track.analysis.weekly import week_in_log
    from psoas_track.daily import daily
    from psoas_track.words.week import insights as week_insights

    days = daily(_read(log_path))
    if not len(days):
        raise UsageProblem("The log has no entries yet, so there is nothing to sum up.")

    try:
        result = week_insights(days, week=week_in_log(week, days), seed=seed)
    except ValueError as error:  # not a week, or a week outside the log
        raise UsageProblem(str(error)) from error
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_insights(result))


@cli.command()
@click.argument("log_path", metavar="LOG", type=click.Path(dir_okay=False))
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
    try:
        paper_size = paper.lower() if pdf else None
        if all_weeks or since:
            _report_weeks(log_path, since, out_dir, jobs, force, paper_size, params)
        else:
            made = report.render_week(log_path, week, out_dir, pdf=paper_size, **params)
            click.echo(str(made.pdf or made.html))
    except report.ReportError as error:
        raise UsageProblem(str(error)) from error
    except KeyboardInterrupt:
        _stopped("Stopped: no report written.")


def _stopped(line: str) -> None:
    """Ctrl-C: one line and exit 130. The notebook's cell, cut off with its kernel, would
    be reported by asyncio as "Task exception was never retrieved" on the way out."""
    import logging

    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    click.echo(line, err=True)
    raise SystemExit(130)


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

    try:
        rendered = report.render_week(
            report.EXAMPLE_LOG, "latest", out_dir, pdf=paper.lower() if pdf else None
        )
    except report.ReportError as error:
        raise UsageProblem(str(error)) from error
    except KeyboardInterrupt:
        _stopped("Stopped: no report written.")
    click.echo(f"The demo report for {rendered.week} is ready. Open it in your browser:")
    click.echo(str(rendered.html.resolve()))
    if rendered.pdf:
        click.echo(f"and print {rendered.pdf.resolve()}")


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--log",
    "log_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Your log (.csv, .xlsx or .ods) that the notebooks read and add entries to.",
)
def notebooks(folder: str, log_path: str) -> None:
    """Copy the explorer and entry-form notebooks into FOLDER, reading your --log."""
    from psoas_track import shipped

    try:
        made = shipped.copy_notebooks(folder, log_path)
    except (FileExistsError, OSError) as error:
        raise UsageProblem(str(error)) from error
    for path in made:
        click.echo(str(path))
    if not Path(log_path).exists():
        click.echo(
            f"There is no log at {log_path} yet: log_entry.ipynb makes it with your first entry."
        )
    click.echo(f"Open them with: jupyter lab {Path(folder) / shipped.USER_NOTEBOOKS[0]}")


# ---- psoas-track log / init ---------------------------------------------------------
_METAVARS = {"h": "HOURS", "min": "MINUTES", "0-10": "0-10", "steps": "STEPS", "count": "COUNT"}


def _entry_options(command):
    """One option per measure of the schema (--sitting, --back-pain, ...), unit in the help."""
    from psoas_track import schema
    from psoas_track.write import ENTRY_MEASURES, option_names

    for measure in reversed(ENTRY_MEASURES):
        flags = [f"--{name.replace('_', '-')}" for name in option_names(measure)]
        hint = measure.hint or "free text"
        help_text = f"{schema.label(measure.name)}: {hint}."
        if measure.kind == schema.FLAG:
            option = click.option(
                f"{flags[0]}/--no-{flags[0][2:]}", measure.name, default=None, help=help_text
            )
        else:
            metavar = _METAVARS.get(measure.unit, "TEXT")
            option = click.option(*flags, measure.name, metavar=metavar, help=help_text)
        command = option(command)
    return command


@cli.command("log")
@click.argument("log_path", metavar="LOG", type=click.Path(dir_okay=False))
@click.option(
    "--date",
    default=None,
    help="Day of the entry, like 2026-11-24, or 'yesterday' (default: today).",
)
@click.option(
    "--time",
    "time_",
    default=None,
    help="Time of day, like 07:30 (default: now, in a log with a time column).",
)
@_entry_options
def log_entry(log_path: str, date: str | None, time_: str | None, **values) -> None:
    """Add an entry to LOG (.csv or .xlsx), safely, in the file's own format.

    Give only what you want to record; everything else stays blank (not recorded).
    Example: psoas-track log psoas_log.csv --sitting 7.5 --back-pain 4 --rest 10
    """
    from psoas_track.write import JournalError, append_entry, day_so_far, describe_entry

    try:
        written = append_entry(log_path, date=date, time=time_, **values)
        summary = day_so_far(log_path, written["date"])
    except JournalError as error:
        raise UsageProblem(str(error)) from error
    click.echo(f"Added to {log_path}. {describe_entry(written)}")
    click.echo(summary)
    line = _experiment_today(log_path)
    if line:
        click.echo(line)


def _experiment_today(log_path: str, today=None) -> str | None:
    """Today's block of the running experiment, in words, or None."""
    import datetime as dt

    from psoas_track.experiment import PlanError, load_plan

    try:
        plan = load_plan(log_path)
    except PlanError:
        return None
    where = plan.assignment(today or dt.date.today()) if plan else None
    if where is None:
        return None
    block, on = where
    kind = "half-week" if plan.block == "half-week" else "week"
    if on == "on":
        return f"Experiment: this {kind} is an ON {kind} — {plan.what}."
    return f"Experiment: this {kind} is an OFF {kind} — your usual days, without {plan.what}."


@cli.group()
def experiment() -> None:
    """Is my routine helping? Plan a randomised self-experiment, follow it, analyse it."""


@experiment.command("plan")
@click.argument("log_path", metavar="LOG", type=click.Path(exists=True, dir_okay=False))
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
    import datetime as dt

    from psoas_track import schema
    from psoas_track.experiment import PlanError, make_plan

    if outcome not in schema.PAIN_COLUMNS:
        raise UsageProblem(f"The outcome must be one of {', '.join(schema.PAIN_COLUMNS)}.")
    log = _read(log_path)
    dates = log.entries["date"]
    last = dates.max().date() if len(dates) else None
    try:
        first = dt.date.fromisoformat(start) if start else None
        plan = make_plan(
            log_path, routine, weeks, block, first, seed, outcome, lag, washout_days, last
        )
    except ValueError as error:
        raise UsageProblem(f"The start must be a date like 2026-12-07 ({error}).") from error
    except PlanError as error:
        raise UsageProblem(str(error)) from error
    click.echo(_calendar(plan))
    click.echo(
        f"{plan.allowed_schedules:,} schedules were possible; the smallest p this design "
        f"can give is {2 / plan.allowed_schedules:.4f}. Outcome: {plan.outcome}, lag "
        f"{plan.lag}, washout {plan.washout_days} day(s) at each block's start."
    )
    click.echo(f"The plan is in {log_path}.experiment.json; it cannot be changed, only ended.")


def _calendar(plan) -> str:
    lines = [f"Experiment: {plan.what} on ON blocks, from {plan.start} to {plan.last_day}"]
    for (first, last), on in zip(plan.dates(), plan.blocks, strict=True):
        lines.append(f"  {first:%a %d %b} - {last:%a %d %b}: {on.upper()}")
    return "\n".join(lines)


@experiment.command("status")
@click.argument("log_path", metavar="LOG", type=click.Path(exists=True, dir_okay=False))
def experiment_status(log_path):
    """Progress, adherence so far, and the days still to log."""
    import datetime as dt

    from psoas_track.daily import daily
    from psoas_track.experiment import analyse

    plan = _plan_of(log_path)
    days = daily(_read(log_path))
    result = analyse(days, plan)
    today = dt.date.today()
    left = max(0, (plan.last_day - max(today, plan.first_day - dt.timedelta(days=1))).days)
    click.echo(_calendar(plan))
    click.echo(
        f"Rated days so far: {result.n_on} on ON blocks, {result.n_off} on OFF blocks; "
        f"{left} days still to log (to {plan.last_day})."
    )
    if plan.adherence_column:
        click.echo(
            f"Adherence: the routine done on {_share(result.adherence_on)} of ON days and "
            f"{_share(result.adherence_off)} of OFF days."
        )
    line = _experiment_today(log_path)
    if line:
        click.echo(line)


def _share(value) -> str:
    return "–" if value is None else f"{value:.0%}"


def _plan_of(log_path):
    from psoas_track.experiment import PlanError, load_plan

    try:
        plan = load_plan(log_path)
    except PlanError as error:
        raise UsageProblem(str(error)) from error
    if plan is None:
        raise UsageProblem(
            f"{log_path} has no experiment. Plan one with: psoas-track experiment plan "
            f"{log_path} --routine rest"
        )
    return plan


@experiment.command("analyse")
@click.argument("log_path", metavar="LOG", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def experiment_analyse(log_path, as_json):
    """The randomisation test of the experiment, its effect and interval, in words."""
    from psoas_track.daily import daily
    from psoas_track.experiment import analyse

    plan = _plan_of(log_path)
    result = analyse(daily(_read(log_path)), plan)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(result.sentence)


@experiment.command("stop")
@click.argument("log_path", metavar="LOG", type=click.Path(exists=True, dir_okay=False))
def experiment_stop(log_path):
    """End the running experiment (its plan is kept, renamed), so a new one can be planned."""
    from psoas_track.experiment import PlanError
    from psoas_track.experiment.plan import stop_plan

    try:
        kept = stop_plan(log_path)
    except PlanError as error:
        raise UsageProblem(str(error)) from error
    click.echo(f"The experiment is ended; its plan is kept as {kept.name}.")


@cli.command("import")
@click.argument("export_path", metavar="EXPORT", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", default=None, type=click.Path(dir_okay=False), help="Write a log CSV."
)
@click.option(
    "--into", "into", default=None, type=click.Path(dir_okay=False), help="Add the days to LOG."
)
@click.option("--source", default=None, help="The export's format, if it is not recognised.")
@click.option(
    "--from",
    "since",
    default=None,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Leave out days before this one, like 2026-01-01.",
)
@click.option("--force", is_flag=True, help="With -o: overwrite the file if it exists.")
def import_export(export_path, output, into, source, since, force) -> None:
    """Bring in what a phone, watch or app recorded (Apple Health, Fitbit, Google Fit,
    Garmin, Samsung Health, Bearable, Daylio): says what it found, then writes it as a log
    (-o) or adds its days to your log (--into), never changing what you typed."""
    from psoas_track import sources
    from psoas_track.daily import day_rows
    from psoas_track.imports import describe
    from psoas_track.write import write_rows

    if output and Path(output).exists() and not force:
        raise UsageProblem(f"{output} already exists; choose another name or add --force.")
    try:
        log = sources.read_source(export_path, source, since.date() if since else None)
    except sources.SourceError as error:
        raise UsageProblem(str(error)) from error
    rows = day_rows(log)
    click.echo(describe(log, rows))
    name = log.found.name
    if output:
        write_rows(rows, name, output)
        click.echo(f"Wrote {len(rows)} days to {output}")
    if into:
        _merge_into(into, rows, name)
    if not output and not into:
        click.echo("Nothing written: add -o FILE.csv to save it, or --into LOG to add it.")


def _merge_into(log_path: str, rows: list, name: str) -> None:
    from psoas_track.write import JournalError, append_imported

    try:
        merged = append_imported(log_path, rows, name)
    except JournalError as error:
        raise UsageProblem(str(error)) from error
    line = f"Added {len(merged.added)} days to {log_path}"
    if merged.already:
        line += f"; {len(merged.already)} days were imported before and were left as they were"
    click.echo(line + ".")
    if merged.left_out:
        click.echo(
            f"Not added (your log has no column for them): {', '.join(merged.left_out)}. "
            "Write them with -o to a file of their own and use it with 'report --with'."
        )


@cli.command()
@click.argument("log_path", metavar="LOG", type=click.Path(dir_okay=False))
@click.option("--port", default=None, type=click.IntRange(1024, 65535), help="Default: a free one.")
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
def dashboard(log_path: str, port: int | None, no_browser: bool) -> None:
    """Explore the log, add entries and make the weekly report in your browser, with no
    code: a page on this computer only (127.0.0.1, with a token). Ctrl-C stops it."""
    from psoas_track.dashboard.serve import DashboardError, serve

    try:
        serve(log_path, port, open_browser=not no_browser)
    except DashboardError as error:
        raise UsageProblem(str(error)) from error


@cli.command("init")
@click.argument("directory", metavar="[DIR]", default=".", type=click.Path())
@click.option("--xlsx", is_flag=True, help="Make an Excel workbook instead of a CSV file.")
def init(directory: str, xlsx: bool) -> None:
    """Create a new, empty log (psoas_log.csv, or .xlsx) in DIR from the template.

    An existing file is never overwritten. DIR may also be a file name ending in .csv or
    .xlsx.
    """
    from psoas_track.write import JournalError, init_log

    try:
        path = init_log(directory, xlsx=xlsx)
    except JournalError as error:
        raise UsageProblem(str(error)) from error
    click.echo(f"Created {path}.")
    click.echo("Fill it in with your spreadsheet program, or add an entry from here:")
    click.echo(f"  psoas-track log {path} --sitting 7.5 --back-pain 4 --rest 10")


def main() -> None:
    cli(prog_name="psoas-track")


if __name__ == "__main__":
    main()
