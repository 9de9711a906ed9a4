"""Garmin Connect's activities list (`Activities.csv`) -> walking and running minutes a day.

The file comes from Garmin Connect on the web: Activities > All Activities > Export CSV.
It holds one row per recorded activity, only those the page had loaded, so scroll to
the end of the list before exporting. Its layout, as public exports show it:

    Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,...,Steps,...,
    Moving Time,Elapsed Time,Min Elevation,Max Elevation
    Running,2025-02-06 17:06:03,false,"Wellington Running","5.48","447","00:31:24",...,
    "4,808",...,"00:31:08","00:32:57","-4","190"

- `Date` is when the activity started, `YYYY-MM-DD HH:MM:SS` in the watch's local time.
- `Time` (`Total Time` in newer exports, `Activity Time` in older ones), `Moving Time`
  and `Elapsed Time` are durations, `HH:MM:SS`, `MM:SS` or with fractions of a second
  (`00:17:48.5`), never a time of day: `01:05:30` is 65.5 minutes.
- `--` means not recorded; numbers carry thousands commas (`"11,204"`).

Decisions:

- Running is any type with the word run in it (Running, Treadmill Running, Trail
  Running, Track Running, Indoor Running, Virtual Run, ...); walking is any type with
  the word walk in it, Hiking or Rucking. Wheelchair pushes are not walking or running.
  Every other type (Cycling, Strength Training, Yoga, ...) is left out and counted by
  type, because this kit has no measure for it.
- An activity's minutes are its `Time` (the timer's total, what Garmin shows first);
  `Moving Time`, then `Elapsed Time`, stand in when `Time` is `--`. The whole activity
  counts on the day it started, even one that runs past midnight.
- Steps go to a custom measure `activity_steps`, not to `steps`: they are only the steps
  taken during the recorded walks and runs, not the day's total, and a day's steps
  next to its activity steps would make a busy day without a recorded walk look idle.
- A day with no recorded walk or run is left blank, not 0: the list holds only what the
  person chose to record.
- Only the English export is read (the column names are translated in other languages).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from psoas_track.cells import grouped_number, iso_day, stopwatch_minutes
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.limits import lines, open_text
from psoas_track.sources.words import csv_rows

NAME = "garmin"
TITLE = "Garmin Connect activities"
FILES = "Activities.csv from Garmin Connect (Activities > All Activities > Export CSV)"

TYPE = "Activity Type"
START = "Date"
STEPS = "Steps"
# Where an activity's duration is read, first choice first: the timer's total under its
# three names, then the time spent moving, then the time from start to finish.
DURATIONS = ("Time", "Total Time", "Activity Time", "Moving Time", "Elapsed Time")
MISSING = ("", "--")

WALKING = "walking_minutes"
RUNNING = "running_minutes"
ACTIVITY_STEPS = "activity_steps"
KINDS_IN_WORDS = {
    WALKING: "walking (Walking, Hiking, ...)",
    RUNNING: "running (Running, Trail Running, ...)",
}


@dataclass
class Activity:
    day: dt.date
    measure: str  # walking_minutes or running_minutes
    minutes: float
    steps: int | None


def looks_like(path: Path, head: str) -> bool:
    """True when the first line is the activities list's header: Activity Type, Date and
    Title, and a duration column (Strava's list has Activity Date, not Date)."""
    header = _first_row(head)
    names = set(header)
    return {TYPE, START, "Title"} <= names and any(name in names for name in DURATIONS)


def read(path: Path, found: Found) -> Iterator[Entry]:
    """Each day's walking and running minutes and activity steps, oldest day first."""
    days: dict[dt.date, dict[str, float]] = {}
    with open_text(path) as handle:
        rows = csv.reader(lines(handle, path.name))
        header = _checked_header(next(csv_rows(rows, found), None), path)
        for row in csv_rows(rows, found):
            if not any(cell.strip() for cell in row):
                continue  # a blank line is not a record
            activity = _activity(dict(zip(header, row, strict=False)), found)
            if activity is not None:
                _add(days, activity)
    _tell(found, days)
    for day in sorted(days):
        yield Entry(day, _rounded(days[day]))


def _first_row(text: str) -> list[str]:
    line = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        return [cell.strip() for cell in next(csv.reader([line]), [])]
    except csv.Error:
        return []


def _checked_header(header: list[str] | None, path: Path) -> list[str]:
    header = [cell.strip().lstrip("\ufeff") for cell in header or []]
    if TYPE not in header or START not in header:
        raise SourceError(
            f"{path.name} is not Garmin Connect's activities list: its first line has no "
            f"'{TYPE}' and '{START}' columns. Export the list again from Garmin Connect "
            "(Activities > All Activities > Export CSV) with the site in English."
        )
    if not any(name in header for name in DURATIONS):
        raise SourceError(
            f"{path.name} has no column saying how long each activity took (Time, Moving "
            "Time or Elapsed Time). Export the list again from Garmin Connect without "
            "removing columns."
        )
    return header


def _activity(cells: dict[str, str], found: Found) -> Activity | None:
    """One row as an activity; None (counted with its reason) when it cannot be one."""
    kind = cells.get(TYPE, "").strip()
    measure = activity_measure(kind)
    if measure is None:
        found.leave_out(f"{kind or 'Unnamed'} activities (not walking or running)")
        return None
    day = start_day(cells.get(START, ""))
    if day is None:
        found.leave_out("activities whose start (Date) is not a date like 2025-02-06 17:06:03")
        return None
    try:
        minutes = activity_minutes(cells)
    except ValueError:
        found.leave_out("activities whose Time is not a duration like 01:05:30")
        return None
    if minutes is None:
        found.leave_out("walking or running activities with no duration (all '--')")
        return None
    return Activity(day, measure, minutes, _steps(cells.get(STEPS, ""), found))


def activity_measure(kind: str) -> str | None:
    """running_minutes or walking_minutes for an activity type, None for other types."""
    words = re.findall(r"[a-z]+", kind.lower())
    if "wheelchair" in words:
        return None
    if any(word.startswith("run") for word in words):
        return RUNNING
    if any(word.startswith("walk") for word in words) or {"hiking", "rucking"} & set(words):
        return WALKING
    return None


def start_day(text: str) -> dt.date | None:
    """The day an activity started: the date part of `2025-02-06 17:06:03`."""
    return iso_day(text)


def activity_minutes(cells: dict[str, str]) -> float | None:
    """The first recorded duration of Time, Moving Time, Elapsed Time, in minutes; None
    when all are '--'. ValueError when the one to use is not a duration."""
    for name in DURATIONS:
        text = cells.get(name, "").strip()
        if text not in MISSING:
            return duration_minutes(text)
    return None


def duration_minutes(text: str) -> float:
    """A Garmin duration in minutes: 01:05:30 -> 65.5, 45:12 -> 45.2, 00:17:48.5 too."""
    minutes = stopwatch_minutes(text)
    if minutes is None:
        raise ValueError(f"not a duration: {text!r}")
    return minutes


def _steps(text: str, found: Found) -> int | None:
    text = text.strip()
    if text in MISSING:
        return None
    steps = grouped_number(text)  # "4,808"
    if steps is None:
        found.leave_out("activity step counts that are not numbers")
        return None
    if steps < 0 or not steps.is_integer():
        found.leave_out("activity step counts that are not whole numbers")
        return None
    return int(steps)


def _add(days: dict[dt.date, dict[str, float]], activity: Activity) -> None:
    day = days.setdefault(activity.day, {})
    day[activity.measure] = day.get(activity.measure, 0.0) + activity.minutes
    if activity.steps is not None:
        day[ACTIVITY_STEPS] = day.get(ACTIVITY_STEPS, 0) + activity.steps


def _rounded(values: dict[str, float]) -> dict[str, float]:
    # Sums of seconds / 60 carry float noise (45.199999...); a hundredth of a minute is
    # under a second.
    return {name: round(value, 2) for name, value in values.items()}


def _tell(found: Found, days: dict[dt.date, dict[str, float]]) -> None:
    """State the conversions of the measures that came out, and what they mean."""
    measures = {name for values in days.values() for name in values}
    for measure, types in KINDS_IN_WORDS.items():
        if measure in measures:
            found.converted(
                measure,
                f"Time of {types} activities, a duration h:mm:ss -> minutes (hours x 60 + "
                "minutes + seconds / 60), summed over the activities started that day; "
                "Moving Time or Elapsed Time where Time is '--'",
            )
    if ACTIVITY_STEPS in measures:
        found.converted(
            ACTIVITY_STEPS,
            "Steps of walking and running activities -> activity_steps: summed over the "
            "activities started that day, thousands commas dropped",
        )
        found.note(
            "activity_steps counts only the steps of recorded walks and runs, not the "
            "day's total steps, so it is kept apart from steps."
        )
    if days:
        found.note(
            "Days without a recorded walk or run are left blank, not 0: Garmin's list holds "
            "only the activities you recorded. Each activity counts on the day it started."
        )
