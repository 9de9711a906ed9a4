"""The front door: one function opens any file the kit accepts.

`read_any` tells a log the person keeps from an app's or device's export by the file's
content, and hands the file to the reader that opens it, as pandas' read_csv hands a file
to an engine. The readers are peers, each saying whether a file is theirs, as xarray's
backends do: every app reader (psoas_track.sources, asked in turn by its `looks_like`),
then the log reader (psoas_track.read.read_log), which takes any table and says what is
wrong with one that is no log. Each gives a `Log` (psoas_track.log).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from psoas_track.log import Log

#: The name `which_reader` gives the log reader (an app's reader goes by its own name).
LOG = "log"

__all__ = ["LOG", "read_any", "which_reader"]


def which_reader(path: str | Path) -> str:
    """Which reader opens the file: an app's name ('fitbit', ...) when one says the file
    is its export, else LOG. A file that cannot be opened (or an archive too damaged to
    look into) goes to the log reader, which says why; a file that two apps' readers
    claim is a SourceError asking which it is."""
    from psoas_track import sources

    path = Path(path)
    if not path.is_file():
        return LOG
    try:
        module = sources.recognise(path)
    except (OSError, *sources.DAMAGED):  # unreadable: read_log says so in its own words
        return LOG
    return LOG if module is None else module.NAME


def read_any(path: str | Path, today: dt.date | None = None, **log_options: Any) -> Log:
    """A log the person keeps, or an app's or device's export, told apart by content:
    a Log either way (an export's has `log.found`, what was converted and left out).

    today: the day the file is read on: a log's entries after it are warnings (see
    read_log), an export's are left out and counted; log_options: read_log's dayfirst,
    year, max_size and sheet, for a log the person keeps.

    >>> log = read_any("data/example_log.csv")  # doctest: +SKIP
    >>> log.found is None  # doctest: +SKIP
    True
    """
    reader = which_reader(path)
    if reader == LOG:
        from psoas_track.read.log import read_log

        return read_log(path, today=today, **log_options)
    from psoas_track.sources import read_source

    return read_source(path, reader, today=today)  # named: not detected a second time
