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
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from psoas_track.errors import PsoasError


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


@dataclass
class Found:
    """What an import found, converted and left out: printed by `psoas-track import`."""

    source: str  # the title of the source
    name: str = ""  # its module name, written in the log's `source` column
    # measure -> how its values were turned into the schema's unit, e.g.
    # "Walking duration (ms) -> walking_minutes: milliseconds / 60,000 = minutes"
    conversions: dict[str, str] = field(default_factory=dict)
    left_out: Counter = field(default_factory=Counter)  # reason -> how many records
    notes: list[str] = field(default_factory=list)  # anything else worth saying

    def converted(self, measure: str, how: str) -> None:
        self.conversions.setdefault(measure, how)

    def leave_out(self, reason: str, count: int = 1) -> None:
        self.left_out[reason] += count

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
