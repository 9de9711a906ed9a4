"""The kit in Jupyter: copy the `notebooks`, or open the `dashboard` in a browser."""

from __future__ import annotations

from pathlib import Path

import click

from psoas_track.cli.common import cli, log_argument


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

    for path in shipped.copy_notebooks(folder, log_path):
        click.echo(str(path))
    if not Path(log_path).exists():
        click.echo(
            f"There is no log at {log_path} yet: log_entry.ipynb makes it with your first entry."
        )
    click.echo(f"Open them with: jupyter lab {Path(folder) / shipped.USER_NOTEBOOKS[0]}")


@cli.command()
@log_argument
@click.option("--port", default=None, type=click.IntRange(1024, 65535), help="Default: a free one.")
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
def dashboard(log_path: str, port: int | None, no_browser: bool) -> None:
    """Explore the log, add entries and make the weekly report in your browser, with no
    code: a page on this computer only (127.0.0.1, with a token). Ctrl-C stops it."""
    from psoas_track.dashboard.serve import serve

    serve(log_path, port, open_browser=not no_browser)
