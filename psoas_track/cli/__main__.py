"""`python -m psoas_track.cli` runs the `psoas-track` command."""

from psoas_track.cli import main

main()
