"""The `psoas-track` group, the one place an error becomes one line, and what commands
share: their options, reading a log, and Ctrl-C during a report."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import click

from psoas_track.errors import PsoasError


class UsageProblem(PsoasError):
    """What was typed cannot be done (a file that exists, an outcome not in the log):
    said in one line like every other PsoasError."""


class _Commands(click.Group):
    """The command group. An error a person can act on (a PsoasError, from whichever
    stage raised it) is caught here once and printed as one line, with exit 2; any
    other exception is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PsoasError as error:
            said = click.ClickException(str(error))  # click prints 'Error: ...' on stderr
            said.exit_code = 2
            raise said from error


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="psoas_track")
def cli() -> None:
    """Read your psoas pain log, check it, and see what goes with more or less pain."""


@contextlib.contextmanager
def stopped_says(line: str) -> Iterator[None]:
    """Ctrl-C: one line and exit 130. The notebook's cell, cut off with its kernel, would
    be reported by asyncio as "Task exception was never retrieved" on the way out."""
    try:
        yield
    except KeyboardInterrupt:
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        click.echo(line, err=True)
        raise SystemExit(130) from None


def read(
    path: str,
    dayfirst: bool | None = None,
    year: int | None = None,
    max_mb: int = 200,
    sheet: str | None = None,
):
    """The person's log (a LogError, said in one line, when it cannot be read)."""
    from psoas_track.read.log import read_log

    return read_log(path, dayfirst, year, max_size=max_mb * 1024 * 1024, sheet=sheet)


def refuse_to_overwrite(path: str | Path | None, force: bool) -> None:
    """A file the person named for output that exists already, without --force."""
    if path and Path(path).exists() and not force:
        raise UsageProblem(f"{path} already exists; choose another name or add --force.")


def json_option(command):
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object instead of text."
    )(command)


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


log_argument = click.argument("log_path", metavar="LOG", type=click.Path(dir_okay=False))
