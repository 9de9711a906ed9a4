"""Synthetic logs with planted, known effects, for the demo and for statistical tests.

A log is made in two steps. First the daily truth is simulated: sitting with a work-week
pattern, walking, running, sit-ups, constructive rest and the rest of the loads, and pain
at each site as a baseline plus an AR(1) flare process plus the planted next-day effects.
Then the truth is written as the entries a person would type into a spreadsheet: some days
not logged, some days logged twice (morning and evening), a few blank pain cells, notes.

All random draws are made in a fixed order that does not depend on the effects, so two logs
with the same seed and different effects share their loads, flares and gaps: only the pain
the planted effects add differs.
"""

from __future__ import annotations

import csv
import datetime
import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.errors import PsoasError


class SampleError(PsoasError, ValueError):
    """A sample log that cannot be made as asked; the message says what to ask instead."""


@dataclass(frozen=True)
class Effects:
    """The next-day effects planted in a synthetic log (0 = no link)."""

    #: Next-day back pain added per hour sat beyond 6 h.
    sitting_next_day_back: float = 0.4
    #: Added to next-day pain at all sites after a day with >= 10 min constructive rest.
    rest_next_day: float = -0.8
    #: Next-day knee pain added per 30 min of running.
    running_next_day_knee: float = 0.3
    #: Next-day hip pain added per 50 sit-ups.
    situps_next_day_hip: float = 0.3


DEFAULT_EFFECTS = Effects()
NO_EFFECTS = Effects(0.0, 0.0, 0.0, 0.0)

#: The columns a sample log has: what it simulates (the therapist's scores, PSFS items,
#: sitting breaks and red flags are not simulated, so its statistics stay as calibrated).
COLUMNS: tuple[str, ...] = (
    "date", "time", "sitting_hours", "longest_sit_minutes", "walking_minutes", "steps",
    "running_minutes", "situps", "rest_minutes", "stretch_minutes", "strength_minutes",
    "towel", "therapy", "back_pain", "hip_pain", "knee_pain", "notes",
)  # fmt: skip
EXAMPLE_SEED = 7
EXAMPLE_DAYS = 182  # 2026-05-25 (Monday) to 2026-11-22 (Sunday), 26 full weeks
EXAMPLE_START = datetime.date(2026, 5, 25)

# The measures this module fills, looked up in the schema so a rename fails here, loudly.
_DATE, _TIME = schema.BY_NAME["date"].name, schema.BY_NAME["time"].name
_SIT = schema.BY_NAME["sitting_hours"].name
_LONGEST = schema.BY_NAME["longest_sit_minutes"].name
_WALK = schema.BY_NAME["walking_minutes"].name
_STEPS = schema.BY_NAME["steps"].name
_RUN = schema.BY_NAME["running_minutes"].name
_SITUPS = schema.BY_NAME["situps"].name
_REST = schema.BY_NAME["rest_minutes"].name
_STRETCH = schema.BY_NAME["stretch_minutes"].name
_STRENGTH = schema.BY_NAME["strength_minutes"].name
_TOWEL = schema.BY_NAME["towel"].name
_THERAPY = schema.BY_NAME["therapy"].name
_BACK = schema.BY_NAME["back_pain"].name
_HIP = schema.BY_NAME["hip_pain"].name
_KNEE = schema.BY_NAME["knee_pain"].name
_NOTES = schema.BY_NAME["notes"].name

# Measures split between the two entries of a twice-logged day (so their sums are the truth),
# with the step each part is rounded to.
_SPLIT = {_SIT: 0.25, _WALK: 5.0, _STEPS: 1.0}

# Typical pain level per site, before flares and effects (0-10).
_BASELINE = {_BACK: 3.2, _HIP: 2.4, _KNEE: 1.8}
_FLARE_PHI = 0.85
# Noise calibrated so that on 120-day logs Spearman rho(sitting, next-day back pain) is
# about 0.57 (0.47-0.71 over seeds 0-19) with DEFAULT_EFFECTS and about 0 with NO_EFFECTS.
_FLARE_SD = 0.6  # stationary sd of a site's flare
_FLARE_SHARED = 0.5  # share of flare variance common to all sites (a bad day is bad all over)
_ENTRY_SD = 0.3  # how far one rating strays from the day's pain
_WEEK_SD = 0.6  # sd of a work week's sitting level (busy and quiet weeks)
_DAY_SD = 1.0  # sd of the day-to-day sitting wobble (AR(1), phi 0.5)

_P_MISSING = 0.05
_P_TWICE = 0.15
_P_BLANK_PAIN = {_BACK: 0.02, _HIP: 0.03, _KNEE: 0.05}
_P_NOTE = 0.10
_WARMUP = 14  # days simulated before start so the AR processes and lags are settled

# The one note with a quoted phrase goes on the first physio day, so it appears exactly once.
_PHYSIO_NOTE = 'Physio said "keep the knees bent" in the rest position, 15 min a day.'
# Notes by what the day was like; a note day picks one that fits. Some contain commas.
_NOTES_BY_KIND: dict[str, tuple[str, ...]] = {
    "long_sit": (
        "Long meeting day, barely got up from the desk.",
        "Drove to my parents', about three hours in the car.",
        "Deadline, lunch at the desk.",
    ),
    "towel": (
        "Train to the conference, used the towel.",
        "Towel on the office chair all day, felt better for it.",
    ),
    "no_towel": (
        "Forgot the towel at work.",
        "Borrowed a meeting room chair, no towel.",
        "Towel in the wash, sat without it.",
    ),
    "run": ("Sore after the run, took it easy.", "Ran by the river, knees fine."),
    "big_walk": ("Hilly walk with friends, tired legs.", "Long walk in the park, felt loose."),
    "little_walk": ("Cold and rainy, skipped the walk.", "Worked from the sofa all afternoon."),
    "high_pain": (
        "Slept badly, hip ached at night.",
        "Stiff getting out of bed, eased by lunchtime.",
        "Back tight after gardening.",
    ),
    "low_pain": ("Good day, almost no pain.", "Knee clicked on the stairs, no pain though."),
    # Fallbacks for a day with nothing notable.
    "workday": ("Tried the standing desk for an hour.", "Took the stairs all day."),
    "weekend": ("Cinema and dinner out.", "Visited friends, lots of standing about."),
}


def generate_log(
    days: int = 180,
    seed: int = 0,
    effects: Effects | None = None,
    start: datetime.date = datetime.date(2026, 5, 25),
) -> pd.DataFrame:
    """A synthetic log as a spreadsheet holds it: one row per entry, schema columns.

    The days run from `start` whatever today is (tests and benchmarks rely on fixed
    dates), so a long log can reach past today, where the reader warns about its rows
    and daily() leaves them out. `recent_log` makes one that ends by today.
    """
    if days < 1:
        raise SampleError(f"A log needs at least one day; days={days} was asked for.")
    effects = DEFAULT_EFFECTS if effects is None else effects
    rng = np.random.default_rng(seed)
    truth = _simulate_days(rng, days, effects, start)
    return _write_entries(rng, truth)


def recent_log(
    days: int = 180,
    seed: int = 0,
    effects: Effects | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
) -> pd.DataFrame:
    """A synthetic log of `days` days that ends on `end` (default today): what
    `psoas-track sample` writes.

    A real log is kept up to today, so the sample's start is moved back rather than its
    end run past today; an end after today raises SampleError (a ValueError). The same
    days, seed, effects and end give the same log.
    """
    today = today or datetime.date.today()
    end = end or today
    if end > today:
        raise SampleError(
            f"The sample cannot end on {end.isoformat()}: that is after today "
            f"({today.isoformat()}), and days after today are left out of every analysis. "
            "Give an end date up to today, or leave it out to end today."
        )
    start = end - datetime.timedelta(days=max(days, 1) - 1)
    return generate_log(days, seed, effects, start)


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    """An AR(1) series started from its stationary law, with stationary sd `sd`."""
    shocks = rng.normal(0.0, sd * math.sqrt(1.0 - phi**2), n)
    out = np.empty(n)
    out[0] = rng.normal(0.0, sd)
    for t in range(1, n):
        out[t] = phi * out[t - 1] + shocks[t]
    return out


def _round_to(x: np.ndarray, step: float) -> np.ndarray:
    return np.round(np.asarray(x, dtype=float) / step) * step


def _sitting_and_walking(
    rng: np.random.Generator, n: int, workday: np.ndarray, week: np.ndarray
) -> dict[str, np.ndarray]:
    """Hours sat and the longest unbroken sit (minutes), minutes walked and steps."""
    # Sitting: a desk job. Busy and quiet weeks (a level per week) on top of day-to-day
    # persistence, so the loads are autocorrelated even when nothing is linked to pain.
    week_level = rng.normal(0.0, _WEEK_SD, week.max() + 1)[week]
    sit = np.where(workday, 8.5 + week_level, 4.5) + _ar1(rng, n, 0.5, _DAY_SD)
    sit = np.clip(_round_to(sit, 0.25), 0.5, 14.0)
    longest = np.clip(_round_to(sit * 60 * rng.uniform(0.2, 0.45, n), 5), 10, None)
    walk = np.clip(_round_to(rng.gamma(4.0, np.where(workday, 35.0, 60.0) / 4.0), 5), 5, 240)
    steps = np.round(1500 + walk * rng.uniform(100, 120, n) + rng.normal(0, 400, n))
    return {_SIT: sit, _LONGEST: longest, _WALK: walk, _STEPS: np.clip(steps, 0, None)}


def _exercise_and_rest(rng: np.random.Generator, n: int, dow: np.ndarray) -> dict[str, np.ndarray]:
    """Minutes run, sit-ups done and minutes of constructive rest a day."""
    # Running on about two days a week, mostly Tuesday, Thursday and Saturday.
    p_run = np.array([0.1, 0.45, 0.1, 0.45, 0.1, 0.5, 0.15])[dow]
    run = np.where(rng.random(n) < p_run, _round_to(rng.uniform(20, 45, n), 5), 0.0)
    situps = np.where(rng.random(n) < 0.3, rng.choice([20, 30, 40, 50, 60, 80, 100], n), 0)
    # Constructive rest: adherence drifts (good and bad spells); about half the days reach
    # the target, and a few short sessions fall below it.
    p_rest = 1.0 / (1.0 + np.exp(-_ar1(rng, n, 0.9, 1.2)))
    rest_day = rng.random(n) < p_rest
    short = rng.random(n) < 0.2
    rest = np.where(rest_day, rng.integers(10, 21, n), np.where(short, 5, 0)).astype(float)
    return {_RUN: run, _SITUPS: situps.astype(float), _REST: rest}


def _other_loads(rng: np.random.Generator, n: int, sit: np.ndarray) -> dict[str, np.ndarray]:
    """Minutes of stretching and strength work, and the towel on long sitting days."""
    stretch = np.where(rng.random(n) < 0.35, _round_to(rng.uniform(5, 20, n), 5), 0.0)
    strength = np.where(rng.random(n) < 0.25, _round_to(rng.uniform(10, 30, n), 5), 0.0)
    towel = (sit >= 7) & (rng.random(n) < 0.45)
    return {_STRETCH: stretch, _STRENGTH: strength, _TOWEL: towel}


def _therapy(rng: np.random.Generator, n: int) -> np.ndarray:
    """The therapy session of each day, None on most."""
    # A session every two to three weeks: two physio appointments, then a massage.
    therapy = np.full(n, None, dtype=object)
    gaps = rng.integers(14, 22, n)
    t, k = int(rng.integers(0, 14)), 0
    while t < n:
        therapy[t] = ("physio", "physio", "massage")[k % 3]
        t, k = t + int(gaps[k]), k + 1
    return therapy


def _yesterday(x: np.ndarray) -> np.ndarray:
    """The day before's value (the first day repeats its own), as floats."""
    return np.concatenate([[x[0]], x[:-1]]).astype(float)


def _pain(
    rng: np.random.Generator, n: int, effects: Effects, loads: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Pain per site: baseline + AR(1) flare (a shared part and a part per site) + effects."""
    shared = _ar1(rng, n, _FLARE_PHI, _FLARE_SD * math.sqrt(_FLARE_SHARED))
    own_sd = _FLARE_SD * math.sqrt(1 - _FLARE_SHARED)
    own = {s: _ar1(rng, n, _FLARE_PHI, own_sd) for s in schema.PAIN_SITES}
    rested = _yesterday(loads[_REST] >= schema.REST_TARGET_MINUTES)
    planted = {
        _BACK: effects.sitting_next_day_back * np.clip(_yesterday(loads[_SIT]) - 6, 0, None),
        _HIP: effects.situps_next_day_hip * _yesterday(loads[_SITUPS]) / 50,
        _KNEE: effects.running_next_day_knee * _yesterday(loads[_RUN]) / 30,
    }
    rest_effect = effects.rest_next_day * rested
    return {
        s: _BASELINE.get(s, 2.0) + shared + own[s] + planted.get(s, 0.0) + rest_effect
        for s in schema.PAIN_SITES
    }


def _simulate_days(
    rng: np.random.Generator, days: int, effects: Effects, start: datetime.date
) -> pd.DataFrame:
    """The daily truth (continuous pain), one row per calendar day from `start`."""
    n = days + _WARMUP
    first = start - datetime.timedelta(days=_WARMUP)
    dates = [first + datetime.timedelta(days=i) for i in range(n)]
    dow = np.array([d.weekday() for d in dates])
    week = np.array([(d - first).days // 7 for d in dates])
    # The steps draw from rng in this order whatever the effects (see the module's
    # docstring); the truth's columns come in the same order.
    loads = _sitting_and_walking(rng, n, dow < 5, week)
    loads |= _exercise_and_rest(rng, n, dow)
    loads |= _other_loads(rng, n, loads[_SIT])
    loads[_THERAPY] = _therapy(rng, n)
    pain = _pain(rng, n, effects, loads)
    truth = pd.DataFrame({_DATE: [d.isoformat() for d in dates], "weekday": dow, **loads, **pain})
    return truth.iloc[_WARMUP:].reset_index(drop=True)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _note_kinds(day: pd.Series) -> list[str]:
    """The kinds of note that fit a simulated day."""
    kinds: list[str] = []
    if day[_SIT] >= 9:
        kinds.append("long_sit")
    if day[_SIT] >= 8 and day["weekday"] < 5:
        kinds.append("towel" if day[_TOWEL] else "no_towel")
    if day[_RUN] > 0:
        kinds.append("run")
    if day[_WALK] >= 60:
        kinds.append("big_walk")
    if day[_WALK] <= 15:
        kinds.append("little_walk")
    above = [day[s] - _BASELINE.get(s, 2.0) for s in schema.PAIN_SITES]
    if max(above) >= 0.75:
        kinds.append("high_pain")
    if max(above) <= -0.5:
        kinds.append("low_pain")
    if not kinds:
        kinds.append("workday" if day["weekday"] < 5 else "weekend")
    return kinds


def _draw_entries(rng: np.random.Generator, n: int) -> dict[str, Any]:
    """Every random choice about how the n days are typed in, drawn up front in this order."""
    sites = schema.PAIN_SITES
    missing = rng.random(n) < _P_MISSING
    missing[[0, -1]] = False  # the log spans exactly the days asked for
    return {
        "missing": missing,
        "twice": rng.random(n) < _P_TWICE,
        "morning_share": rng.uniform(0.25, 0.45, (n, len(_SPLIT))),
        "morning_time": rng.integers(7 * 12, 9 * 12, n) * 5,
        "evening_time": rng.integers(20 * 12, 22 * 12 + 6, n) * 5,
        "timed": rng.random(n) < 0.4,  # a once-a-day logger writes the time now and then
        "note_day": rng.random(n) < _P_NOTE,
        "note_pick": rng.random(n),
        "steps_blank": rng.random(n) < 0.02,  # phone left at home
        "rating_noise": {s: rng.normal(0.0, _ENTRY_SD, (n, 2)) for s in sites},
        "pain_blank": {s: rng.random((n, 2)) < _P_BLANK_PAIN.get(s, 0.03) for s in sites},
    }


def _ratings(day: pd.Series, draws: dict[str, Any], i: int, j: int) -> dict[str, float]:
    """The pain ratings typed in entry j (0 evening or only, 1 morning) of day i."""
    noise, blank = draws["rating_noise"], draws["pain_blank"]
    return {
        s: math.nan if blank[s][i, j] else float(np.clip(np.round(day[s] + noise[s][i, j]), 0, 10))
        for s in schema.PAIN_SITES
    }


def _note(day: pd.Series, pick: float, used: dict[str, int]) -> str:
    """A note that fits the day; ``used`` counts the notes of each kind given so far."""
    kinds = _note_kinds(day)
    kind = kinds[int(pick * len(kinds))]
    # Cycle through a kind's notes so the same sentence does not come twice running.
    note = _NOTES_BY_KIND[kind][used[kind] % len(_NOTES_BY_KIND[kind])]
    used[kind] += 1
    return note


def _main_entry(day: pd.Series, draws: dict[str, Any], i: int, note: str | None) -> dict:
    """Day i's only entry (or its evening one): every measure of the day, and the note."""
    as_is = (_SIT, _LONGEST, _WALK, _RUN, _SITUPS, _REST, _STRETCH, _STRENGTH, _THERAPY)
    return {
        _DATE: day[_DATE],
        _TIME: _clock(int(draws["evening_time"][i])) if draws["timed"][i] else None,
        **{col: day[col] for col in as_is},
        _STEPS: math.nan if draws["steps_blank"][i] else day[_STEPS],
        _TOWEL: "yes" if day[_TOWEL] else None,
        **_ratings(day, draws, i, 0),
        _NOTES: note,
    }


def _morning_entry(day: pd.Series, draws: dict[str, Any], i: int, main: dict) -> dict:
    """Day i's morning entry, taking its part of the split measures out of ``main``."""
    # Logged morning and evening: the split measures are divided so the sums are the
    # day's truth; the evening entry holds the longer sit and everything else.
    morning = {_DATE: day[_DATE], _TIME: _clock(int(draws["morning_time"][i]))}
    for c, (col, step) in enumerate(_SPLIT.items()):
        part = float(_round_to(day[col] * draws["morning_share"][i, c], step))
        morning[col], main[col] = part, day[col] - part
    if draws["steps_blank"][i]:
        morning[_STEPS] = main[_STEPS] = math.nan
    main[_TIME] = _clock(int(draws["evening_time"][i]))
    morning[_LONGEST] = min(day[_LONGEST], float(_round_to(morning[_SIT] * 60 * 0.6, 5)))
    morning.update(_ratings(day, draws, i, 1))
    return morning


def _write_entries(rng: np.random.Generator, truth: pd.DataFrame) -> pd.DataFrame:
    """The entries a person would type for the simulated days."""
    draws = _draw_entries(rng, len(truth))
    rows: list[dict] = []
    notes_used = dict.fromkeys(_NOTES_BY_KIND, 0)
    physio_noted = False
    for i in np.flatnonzero(~draws["missing"]):
        day = truth.iloc[i]
        note = None
        if not physio_noted and day[_THERAPY] == "physio":
            note, physio_noted = _PHYSIO_NOTE, True
        elif draws["note_day"][i]:
            note = _note(day, draws["note_pick"][i], notes_used)
        main = _main_entry(day, draws, i, note)
        if draws["twice"][i]:
            rows.append(_morning_entry(day, draws, i, main))
        rows.append(main)
    entries = pd.DataFrame(rows, columns=list(COLUMNS))
    for m in schema.MEASURES:
        if m.numeric and m.name in entries.columns:
            entries[m.name] = entries[m.name].astype(float)
    return entries


def _cell(value: object) -> str:
    """A cell as a spreadsheet writes it: blank, 7 not 7.0, at most two decimals."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else ""
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        text = f"{float(value):.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_log(entries: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write entries as a spreadsheet saves CSV: UTF-8, commas, '\\n', blanks empty."""
    # Schema columns first in schema order; any custom columns follow as given.
    columns = [c for c in schema.COLUMNS if c in entries.columns]
    columns += [c for c in entries.columns if c not in schema.COLUMNS]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        for row in entries[columns].itertuples(index=False, name=None):
            writer.writerow([_cell(v) for v in row])


def write_example(path: str | os.PathLike) -> None:
    """Write the example log (EXAMPLE_DAYS days from EXAMPLE_START, EXAMPLE_SEED)."""
    write_log(generate_log(EXAMPLE_DAYS, EXAMPLE_SEED, DEFAULT_EFFECTS, EXAMPLE_START), path)
