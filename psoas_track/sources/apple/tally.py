"""An Apple Health export's records as they stream past, tallied into days: steps by
hour and source (the Watch's hour wins over the phone's), walking and running workouts,
idle stand hours; and what was left out. (The package's docstring says why.)"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from xml.etree import ElementTree

from psoas_track.cells import iso_day, minutes_per_unit, number
from psoas_track.sources.base import Entry, Found

STEPS = "HKQuantityTypeIdentifierStepCount"
STAND_HOUR = "HKCategoryTypeIdentifierAppleStandHour"
IDLE = "HKCategoryValueAppleStandHourIdle"
STOOD = "HKCategoryValueAppleStandHourStood"
WORKOUT_MEASURES = {
    "HKWorkoutActivityTypeWalking": "walking_minutes",
    "HKWorkoutActivityTypeHiking": "walking_minutes",
    "HKWorkoutActivityTypeRunning": "running_minutes",
}
# Every date in an export is written like "2024-03-05 23:50:00 -0800".
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d (?:[01]\d|2[0-3]):\d\d:\d\d [+-]\d{4}")
_PREFIX = re.compile(
    r"^HK(?:(?:Quantity|Category|Correlation|Data)TypeIdentifier|WorkoutActivityType)"
)
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

UNREADABLE_STEPS = "step counts whose date or number could not be read"
UNREADABLE_WORKOUTS = "walking or running workouts whose date or duration could not be read"
UNREADABLE_STAND = "stand hours whose date could not be read"
ODD_STAND = "stand hours marked neither idle nor stood"


class Tally:
    """The export's totals as it streams past: steps by hour and source, workout minutes
    by day, stand hours, and what was left out."""

    def __init__(self) -> None:
        # Hour keys like "2024-03-05 08 -0800": the local date, hour and offset.
        self.watch_steps: dict[str, float] = defaultdict(float)
        self.other_steps: dict[str, float] = defaultdict(float)
        self.minutes: dict[tuple[str, str], float] = defaultdict(float)  # (day, measure)
        self.idle_hours: set[str] = set()
        self.stood_hours: set[str] = set()
        self.other_records: Counter = Counter()
        self.other_workouts: Counter = Counter()
        self.unreadable: Counter = Counter()
        self._valid_days: dict[str, bool] = {}
        self.exported: str | None = None  # the day the export was made (ExportDate)
        self.after_export = 0  # records dated after it

    def add(self, element: ElementTree.Element) -> None:
        if element.tag == "Record":
            self.add_record(element)
        elif element.tag == "Workout":
            self.add_workout(element)
        elif element.tag == "ExportDate":
            self.add_export_date(element.get("value", ""))

    def add_export_date(self, value: str) -> None:
        """The day the export was made: records dated after it are no real records."""
        if self.readable_start(value):
            self.exported = value[:10]

    def add_record(self, element: ElementTree.Element) -> None:
        kind = element.get("type")
        if kind == STEPS:
            self.add_steps(element)
        elif kind == STAND_HOUR:
            self.add_stand_hour(element)
        else:
            self.other_records[kind] += 1

    def add_steps(self, element: ElementTree.Element) -> None:
        start = element.get("startDate", "")
        steps = _amount(element.get("value"))
        if steps is None or not self.readable_start(start):
            self.unreadable[UNREADABLE_STEPS] += 1
            return
        if self.is_after_export(start):
            return
        source = element.get("sourceName", "")
        if "watch" in source.lower() or "Watch" in element.get("device", ""):
            self.watch_steps[hour_key(start)] += steps
        else:
            self.other_steps[hour_key(start)] += steps

    def add_stand_hour(self, element: ElementTree.Element) -> None:
        start = element.get("startDate", "")
        value = element.get("value")
        if not self.readable_start(start):
            self.unreadable[UNREADABLE_STAND] += 1
        elif self.is_after_export(start):
            return
        elif value == IDLE:
            self.idle_hours.add(hour_key(start))
        elif value == STOOD:
            self.stood_hours.add(hour_key(start))
        else:
            self.unreadable[ODD_STAND] += 1

    def add_workout(self, element: ElementTree.Element) -> None:
        kind = element.get("workoutActivityType", "")
        measure = WORKOUT_MEASURES.get(kind)
        if measure is None:
            self.other_workouts[kind] += 1
            return
        start = element.get("startDate", "")
        minutes = workout_minutes(element)
        if minutes is None or not self.readable_start(start):
            self.unreadable[UNREADABLE_WORKOUTS] += 1
            return
        if self.is_after_export(start):
            return
        self.minutes[(start[:10], measure)] += minutes

    def readable_start(self, start: str) -> bool:
        """A date in the export's layout, on a day the calendar has (not 2024-02-30)."""
        if not _TIMESTAMP.fullmatch(start):
            return False
        day = start[:10]
        valid = self._valid_days.get(day)
        if valid is None:
            valid = self._valid_days[day] = iso_day(day) is not None
        return valid

    def is_after_export(self, start: str) -> bool:
        """True (and counted) for a record dated after the day the export was made."""
        if self.exported is None or start[:10] <= self.exported:
            return False
        self.after_export += 1
        return True

    def steps_by_day(self) -> dict[str, float]:
        """Each hour's steps from the Watch when it counted that hour, else the others'."""
        days: dict[str, float] = defaultdict(float)
        for key, steps in self.watch_steps.items():
            days[key[:10]] += steps
        for key, steps in self.other_steps.items():
            if key not in self.watch_steps:
                days[key[:10]] += steps
        return days

    def sedentary_by_day(self) -> dict[str, int]:
        """Idle hours per day (an hour also marked stood is not idle); 0 on days with
        stand hours but none idle."""
        days = dict.fromkeys((key[:10] for key in self.idle_hours | self.stood_hours), 0)
        for key in self.idle_hours - self.stood_hours:
            days[key[:10]] += 1
        return days

    def entries(self, found: Found) -> Iterator[Entry]:
        """One entry per local day, with the measures that day has."""
        days: dict[str, dict[str, float]] = defaultdict(dict)
        for day, steps in self.steps_by_day().items():
            # Absurd counts can add up to inf: entries.py leaves them out, so no round().
            days[day]["steps"] = round(steps) if math.isfinite(steps) else steps
        for (day, measure), minutes in self.minutes.items():
            days[day][measure] = round(minutes, 2)
        for day, hours in self.sedentary_by_day().items():
            days[day]["sedentary_hours"] = float(hours)
        self.tell(found, {measure for values in days.values() for measure in values})
        for day in sorted(days):
            yield Entry(dt.date.fromisoformat(day), days[day])

    def tell(self, found: Found, measures: set[str]) -> None:
        """What was converted and what was left out, in found."""
        for measure, how in CONVERSIONS.items():
            if measure in measures:
                found.converted(measure, how)
        overlap = len(self.watch_steps.keys() & self.other_steps.keys())
        if overlap:
            hours = "1 hour" if overlap == 1 else f"{overlap:,} hours"
            found.note(
                f"In {hours} both an Apple Watch and another source (the iPhone) counted "
                "steps; the Watch's count was kept, so no step counts twice."
            )
        for reason, count in sorted(self.unreadable.items()):
            found.leave_out(reason, count)
        if self.after_export:
            found.leave_out(
                f"records dated after the export was made ({self.exported})", self.after_export
            )
        if self.other_workouts:
            found.leave_out(
                f"workouts of other kinds ({_some(self.other_workouts)})",
                sum(self.other_workouts.values()),
            )
        if self.other_records:
            found.leave_out(
                f"records of other kinds ({_some(self.other_records)})",
                sum(self.other_records.values()),
            )
        if not measures:
            found.note("The export holds no steps, walking or running workouts or stand hours.")


CONVERSIONS = {
    "steps": (
        "Step count (count) -> steps: added up per day by the date in each record's own "
        "time zone; in an hour with Apple Watch records only the Watch's steps count, so "
        "steps the iPhone also counted are not added twice"
    ),
    "walking_minutes": (
        "Walking and hiking workouts (duration in min, s or h) -> walking_minutes: "
        "seconds / 60, hours x 60 = minutes, on the day each workout started"
    ),
    "running_minutes": (
        "Running workouts (duration in min, s or h) -> running_minutes: seconds / 60, "
        "hours x 60 = minutes, on the day each workout started"
    ),
    "sedentary_hours": (
        "Apple Watch stand hours marked idle -> sedentary_hours: 1 h for each idle hour. "
        "A proxy: the Watch marks an hour idle when you did not stand and move for a "
        "minute in it; hours stood count 0"
    ),
}


def hour_key(start: str) -> str:
    """'2024-03-05 08:01:03 -0800' -> '2024-03-05 08 -0800': the local hour, offset kept."""
    return start[:13] + start[19:]


def workout_minutes(element: ElementTree.Element) -> float | None:
    """The workout's duration in minutes; from its start and end when it has no duration
    (or no unit to read it by); None when neither can be read."""
    duration, unit = element.get("duration"), element.get("durationUnit")
    if duration is None or unit is None:
        return _minutes_between(element.get("startDate"), element.get("endDate"))
    value = _amount(duration)
    per_unit = minutes_per_unit(unit)
    if value is None or per_unit is None:
        return None
    return value * per_unit


def _minutes_between(start: str | None, end: str | None) -> float | None:
    try:
        began = dt.datetime.strptime(start or "", "%Y-%m-%d %H:%M:%S %z")
        ended = dt.datetime.strptime(end or "", "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return None
    minutes = (ended - began).total_seconds() / 60
    return minutes if minutes >= 0 else None


def _amount(text: str | None) -> float | None:
    """A count or duration, 0 or more; None for anything else (text, nan, inf)."""
    value = number(text)
    return value if value is not None and value >= 0 else None


def kind_in_words(identifier: str) -> str:
    """'HKQuantityTypeIdentifierHeartRate' -> 'heart rate'; 'HKWorkoutActivityTypeCycling'
    -> 'cycling'."""
    return _WORD_START.sub(" ", _PREFIX.sub("", identifier or "unnamed")).lower()


def _some(kinds: Counter, shown: int = 3) -> str:
    """The most common kinds in words: 'heart rate, active energy burned, sleep analysis,
    ...'."""
    ranked = sorted(kinds.items(), key=lambda item: (-item[1], item[0] or ""))
    words = [kind_in_words(kind) for kind, _ in ranked[:shown]]
    return ", ".join(words + ["..."] * (len(ranked) > shown))
