"""The `psoas-track` command: parses arguments, calls the library, prints its words.

common: the command group, where an error a person can act on (any PsoasError) becomes
one line and exit 2, and the options commands share; logs: check, log, init, sample;
reports: insights, report, demo; experiments: experiment plan, status, analyse, stop;
exports: import; notebooks: notebooks, dashboard. Nothing heavy is imported before a
command runs, so `psoas-track --help` answers at once.
"""

from psoas_track.cli import experiments, exports, logs, notebooks, reports  # noqa: F401
from psoas_track.cli.common import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="psoas-track")
