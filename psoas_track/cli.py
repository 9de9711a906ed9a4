"""The `psoas-track` command: parses arguments and calls the modules, nothing more."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click


class UsageProblem(click.ClickException):
    """A problem the person can fix (unreadable log, bad week): one line, exit 2."""

    exit_code = 2


def _read(path: str, dayfirst: bool | None = None):
    from psoas_track.log import LogError, read_log

    try:
        return read_log(path, dayfirst=dayfirst)
    except LogError as error:
        raise UsageProblem(str(error)) from error


def _plain(value: Any) -> Any:
    """A pandas/numpy cell as a JSON value: NaN and NA become null."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        value = value.item()
    try:
        if value != value:  # NaN, NA
            return None
    except (TypeError, ValueError):
        return None
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


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
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def check(log_path: str, dayfirst: bool | None, as_json: bool) -> None:
    """Check a log: what was read, and every problem with its row number.

    Exits 0 when there are no errors (warnings are fine), 1 when there are errors,
    and 2 when the file cannot be read at all.
    """
    from psoas_track.daily import daily

    log = _read(log_path, dayfirst)
    days = daily(log)
    summary = _check_summary(log, days)
    if as_json:
        summary["problems"] = [p.as_dict() for p in log.problems]
        summary["daily"] = [
            {"date": date.date().isoformat(), **{k: _plain(v) for k, v in row.items()}}
            for date, row in days.iterrows()
        ]
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        click.echo(_check_text(log, summary))
    raise SystemExit(1 if log.errors else 0)


def _check_summary(log, days) -> dict[str, Any]:
    return {
        "rows": log.rows,
        "entries": log.n_entries,
        "unusable_rows": log.unusable_rows,
        "blank_rows": log.blank_rows,
        "days": len(days),
        "days_logged": int(days["logged"].sum()),
        "first_day": days.index[0].date().isoformat() if len(days) else None,
        "last_day": days.index[-1].date().isoformat() if len(days) else None,
        "dayfirst": log.dayfirst,
        "custom_columns": log.custom_columns,
    }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _check_text(log, summary: dict[str, Any]) -> str:
    lines = [f"Log: {log.path}"]
    if log.sheet:
        lines.append(f"Sheet: {log.sheet}")
    lines += log.notes
    lines.append(
        f"Rows read: {summary['rows']} ({_count(summary['entries'], 'entry', 'entries')}, "
        f"{summary['unusable_rows']} unusable, {summary['blank_rows']} blank)"
    )
    if summary["days"]:
        lines.append(
            f"Days: {summary['days']} from {summary['first_day']} to "
            f"{summary['last_day']}, {summary['days_logged']} of them logged"
        )
    else:
        lines.append("Days: none yet (no entries)")
    order = {True: "day-first", False: "month-first", None: "not needed"}[log.dayfirst]
    lines.append(f"Date order: {order} ({log.dayfirst_reason})")
    if log.custom_columns:
        kinds = ", ".join(
            f"{name} ({'numbers' if str(log.entries[name].dtype).startswith('float') else 'text'})"
            for name in log.custom_columns
        )
        lines.append(f"Your own columns, kept as they are: {kinds}")
    errors, warnings = len(log.errors), len(log.warnings)
    if not log.problems:
        lines.append("Problems: none. The log is fine.")
    else:
        lines.append(
            f"Problems: {_count(errors, 'error', 'errors')}, "
            f"{_count(warnings, 'warning', 'warnings')}"
        )
        lines += [str(p) for p in log.problems]
    return "\n".join(lines)


@cli.command()
@click.option(
    "--days",
    default=180,
    show_default=True,
    type=click.IntRange(1, 36500),
    help="How many calendar days the log covers.",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=int,
    help="Random seed; the same seed gives the same log.",
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
def sample(days: int, seed: int, output: str, force: bool) -> None:
    """Write a synthetic log with known, planted effects (for trying the kit out)."""
    from psoas_track.sample import generate_log, write_log

    path = Path(output)
    if path.exists() and not force:
        raise UsageProblem(f"{path} already exists; choose another name or add --force.")
    entries = generate_log(days=days, seed=seed)
    write_log(entries, path)
    click.echo(f"Wrote {len(entries)} entries over {days} days to {path}")


def main() -> None:
    cli(prog_name="psoas-track")


if __name__ == "__main__":
    main()
