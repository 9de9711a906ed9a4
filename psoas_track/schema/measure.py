"""What a measure is: its kind (how a cell is read), its role (what it is for in the
statistics), and the Measure record every table of the schema is made of."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of measure: how a cell is read.
DATE = "date"
TIME = "time"
NUMBER = "number"  # any real number in range (hours, minutes, pain)
COUNT = "count"  # whole numbers (steps, sit-ups)
FLAG = "flag"  # yes/no
TEXT = "text"

# Roles: what a measure is for in the statistics.
LOAD = "load"  # something the person does that may go with pain
PAIN_SITE = "pain_site"  # a pain rating of one body site
OUTCOME = "outcome"  # what a therapist measures besides pain: function, disability, change
INFO = "info"  # everything else (date, time, notes)

# What a day can hold (a measure's day_limit): its minutes, and a million steps (some
# 700 km). More is a typing slip or a device's misread value.
MINUTES_A_DAY = 1440
STEPS_A_DAY = 1_000_000


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    unit: str
    kind: str
    role: str
    low: float | None = None
    high: float | None = None
    daily: str | None = None  # sum, max, mean, any, join; None = not aggregated
    aliases: tuple[str, ...] = ()
    hint: str = ""  # the plain sentence that says what the values are
    day_limit: float | None = None  # the most a day's summed entries can be
    # Written by imports from phones and watches, not by hand: not in the template or
    # the entry form (psoas_track.sources).
    device: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in (NUMBER, COUNT)


def make(
    name,
    label,
    unit,
    kind,
    role,
    low=None,
    high=None,
    daily=None,
    aliases=(),
    hint="",
    day_limit=None,
    device=False,
) -> Measure:
    return Measure(
        name, label, unit, kind, role, low, high, daily, tuple(aliases), hint, day_limit, device
    )
