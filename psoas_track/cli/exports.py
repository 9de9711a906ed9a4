"""`psoas-track import`: what a phone, watch or app recorded, as days of a log."""

from __future__ import annotations

import click

from psoas_track.cli.common import cli


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
    from psoas_track.words import describe_export
    from psoas_track.write import check_new_log, write_rows

    if output:
        check_new_log(output, force)  # said at once, before the long read
    log = sources.read_source(export_path, source, since.date() if since else None)
    rows = day_rows(log)
    click.echo(describe_export(log, rows))
    name = log.found.name
    if output:
        write_rows(rows, name, output, force=force)  # whole or not at all
        click.echo(f"Wrote {len(rows)} days to {output}")
    if into:
        _merge_into(into, rows, name)
    if not output and not into:
        click.echo("Nothing written: add -o FILE.csv to save it, or --into LOG to add it.")


def _merge_into(log_path: str, rows: list, name: str) -> None:
    """Add the export's days to the person's log, and say what was added and what not."""
    from psoas_track.write import append_imported

    merged = append_imported(log_path, rows, name)
    line = f"Added {len(merged.added)} days to {log_path}"
    if merged.already:
        line += f"; {len(merged.already)} days were imported before and were left as they were"
    click.echo(line + ".")
    if merged.left_out:
        click.echo(
            f"Not added (your log has no column for them): {', '.join(merged.left_out)}. "
            "Write them with -o to a file of their own and use it with 'report --with'."
        )
