"""The person's log: `check` it, `log` an entry, `init` an empty one, or write a `sample`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from psoas_track.cli.common import (
    UsageProblem,
    cli,
    json_option,
    log_argument,
    read,
    refuse_to_overwrite,
)
from psoas_track.errors import PsoasError


@cli.command()
@log_argument
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
@json_option
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
    from psoas_track.daily import daily
    from psoas_track.words import check_text

    log = read(log_path, dayfirst, year, max_mb, sheet)
    days = daily(log)
    click.echo(_check_json(log, days) if as_json else check_text(log, days))
    raise SystemExit(1 if log.errors else 0)


def _check_json(log, days) -> str:
    """The check summary, every problem and every day, as one JSON object."""
    from psoas_track.analysis import jsonable
    from psoas_track.read.summary import check_summary

    summary = check_summary(log, days)
    summary["problems"] = [p.as_dict() for p in log.problems]
    summary["daily"] = [
        {"date": date.date().isoformat(), **jsonable(row.to_dict())}
        for date, row in days.iterrows()
    ]
    return json.dumps(summary, ensure_ascii=False, indent=1)


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
    refuse_to_overwrite(path, force)
    entries = recent_log(days=days, seed=seed, end=end.date() if end else None)
    write_log(entries, path)
    first, last = entries["date"].iloc[0], entries["date"].iloc[-1]
    click.echo(f"Wrote {len(entries)} entries over {days} days ({first} to {last}) to {path}")


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
@log_argument
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
@click.option(
    "--psfs",
    "psfs",
    multiple=True,
    metavar="ACTIVITY=0-10",
    help="A PSFS activity and how well you can do it, 0 (unable) to 10 (as before the "
    'problem), like --psfs "Climbing stairs=4"; give it once per activity. The first time, '
    "the activity gets a column of its own.",
)
@_entry_options
def log_entry(
    log_path: str, date: str | None, time_: str | None, psfs: tuple[str, ...], **values
) -> None:
    """Add an entry to LOG (.csv or .xlsx), safely, in the file's own format.

    Give only what you want to record; everything else stays blank (not recorded).
    Example: psoas-track log psoas_log.csv --sitting 7.5 --back-pain 4 --rest 10
    """
    import datetime as dt

    from psoas_track import words
    from psoas_track.cli.experiments import running_plan
    from psoas_track.write import append_entry

    items = _psfs_items(psfs)
    new_columns = _columns_missing(log_path, items)
    written = append_entry(log_path, date=date, time=time_, **values, **items)
    summary = words.day_so_far(log_path, written["date"])
    if written.get("red_flags"):
        noted = [{"date": str(written["date"]), "text": written["red_flags"]}]
        click.echo("\n".join(words.red_flag_lines(noted)))
    click.echo(f"Added to {log_path}. {words.describe_entry(written)}")
    for header in new_columns:
        click.echo(f"A new column '{header}' was added to the log for this activity.")
    click.echo(summary)
    line = words.experiment_today(running_plan(log_path), dt.date.today())
    if line:
        click.echo(line)


def _psfs_items(given: tuple[str, ...]) -> dict[str, str]:
    """--psfs "Climbing stairs=4" -> {"PSFS: Climbing stairs": "4"} (the writer checks
    the value and names the column)."""
    items: dict[str, str] = {}
    for text in given:
        activity, sep, value = text.rpartition("=")
        if not sep or not activity.strip():
            raise UsageProblem(
                f'--psfs takes an activity and a rating, like --psfs "Climbing stairs=4"; '
                f"'{text}' is not one."
            )
        items[f"PSFS: {activity.strip()}"] = value.strip()
    return items


def _columns_missing(log_path: str, items: dict[str, str]) -> list[str]:
    """The PSFS activities the log has no column for yet, as their new headers."""
    from psoas_track import schema
    from psoas_track.read import read_log

    if not items:
        return []
    try:
        have = set(read_log(log_path).columns.values())
    except PsoasError:
        return []  # append_entry says what is wrong with the file
    return [h for h in items if schema.psfs_item(h) not in have]


@cli.command("init")
@click.argument("directory", metavar="[DIR]", default=".", type=click.Path())
@click.option("--xlsx", is_flag=True, help="Make an Excel workbook instead of a CSV file.")
def init(directory: str, xlsx: bool) -> None:
    """Create a new, empty log (psoas_log.csv, or .xlsx) in DIR from the template.

    An existing file is never overwritten. DIR may also be a file name ending in .csv or
    .xlsx.
    """
    from psoas_track.write import init_log

    path = init_log(directory, xlsx=xlsx)
    click.echo(f"Created {path}.")
    click.echo("Fill it in with your spreadsheet program, or add an entry from here:")
    click.echo(f"  psoas-track log {path} --sitting 7.5 --back-pain 4 --rest 10")
