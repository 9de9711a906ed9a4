"""What every source reader shares: the entries it yields and the account of the import.

A source module (apple.py, fitbit.py, ...) has:

- ``NAME``: the short name used on the command line (``--source fitbit``);
- ``TITLE``: the name people know ("Fitbit account export");
- ``FILES``: one line naming what file to give it ("steps-*.json or a Fitbit export .zip");
- ``looks_like(path, head) -> bool``: True when the file's content (``head``: its first
  64 KB as text, or the names inside a .zip) is this source's; never the file name alone;
- ``read(path, found) -> Iterator[Entry]``: streams the export, yielding entries in the
  schema's measures (units already converted) and telling ``found`` what it converted
  and what it left out.

Numbers, durations, clock times, dates and plausible ranges are read with
psoas_track.cells, as the log's reader reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from psoas_track.errors import PsoasError

# What an import found, converted and left out: one home with Log, which carries it.
from psoas_track.log import Found

__all__ = ["Entry", "Found", "SourceError"]


class SourceError(PsoasError, ValueError):
    """An export that cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Entry:
    """One day's values (or one rating) from an export, in the schema's measures.

    values: schema measure names (steps, walking_minutes, sedentary_hours, back_pain, ...)
    or custom names (mood, medication) -> a number, text or True/False. Several entries
    on one day add up by the schema's daily rule (sum for loads, mean for pain).
    """

    day: dt.date
    values: dict[str, Any]
    time: dt.time | None = None
