"""The one table of measures. Every other module derives its columns from here.

A measure is one column of the user's log: how it is written in the spreadsheet
(aliases), what values it may hold, and how a day's entries add up to one daily value.
"""

from __future__ import annotations

from psoas_track.schema.measure import (
    COUNT,
    DATE,
    FLAG,
    INFO,
    LOAD,
    MINUTES_A_DAY,
    NUMBER,
    OUTCOME,
    PAIN_SITE,
    STEPS_A_DAY,
    TEXT,
    TIME,
    Measure,
)
from psoas_track.schema.measure import make as _m
from psoas_track.schema.outcomes import (
    PEG,
    PSFS,
    THERAPIST_MEASURES,
    is_psfs_item,
    psfs_activity,
    psfs_measure,
)
from psoas_track.schema.outcomes import (
    PEG_ITEMS as PEG_ITEMS,
)
from psoas_track.schema.outcomes import (
    PSFS_MAX_ITEMS as PSFS_MAX_ITEMS,
)
from psoas_track.schema.outcomes import (
    PSFS_PREFIX as PSFS_PREFIX,
)
from psoas_track.schema.outcomes import (
    psfs_item as psfs_item,
)

MEASURES: tuple[Measure, ...] = (
    _m(
        "date",
        "Date",
        "",
        DATE,
        INFO,
        aliases=("day", "datum", "fecha", "entry_date"),
        hint="dates are written like 2026-11-24 or 24/11/2026",
    ),
    _m(
        "time",
        "Time",
        "",
        TIME,
        INFO,
        aliases=("time_of_day", "hour", "zeit"),
        hint="times are written like 07:30",
    ),
    _m(
        "sitting_hours",
        "Sitting",
        "h",
        NUMBER,
        LOAD,
        0,
        24,
        "sum",
        (
            "sitting",
            "sat",
            "hours_sat",
            "sitting_time",
            "sit_hours",
            "hours_sitting",
            "time_sitting",
            "sat_hours",
        ),
        "sitting is counted in hours, from 0 to 24",
        day_limit=24,
    ),
    _m(
        "longest_sit_minutes",
        "Longest sit",
        "min",
        NUMBER,
        LOAD,
        0,
        1440,
        "max",
        (
            "longest_sit",
            "longest_sitting",
            "longest_sitting_minutes",
            "longest_unbroken_sit",
            "max_sit",
            "longest_sit_min",
        ),
        "the longest sit is counted in minutes, from 0 to 1440",
    ),
    _m(
        # "Get up and move often": how many times the person got up from sitting.
        "sitting_breaks",
        "Sitting breaks",
        "times",
        COUNT,
        LOAD,
        0,
        500,
        "sum",
        (
            "breaks",
            "sitting_break",
            "breaks_from_sitting",
            "times_got_up",
            "got_up",
            "standing_breaks",
            "stand_ups",
            "movement_breaks",
        ),
        "sitting breaks are counted as the times you got up, 0 or more",
    ),
    _m(
        # What a phone or watch counted as inactive while awake: a proxy for sitting, not
        # the same thing, so it is its own load and never fills in sitting_hours.
        "sedentary_hours",
        "Sedentary (device)",
        "h",
        NUMBER,
        LOAD,
        0,
        24,
        "sum",
        ("sedentary", "sedentary_time", "inactive_hours", "sedentary_h"),
        "device sedentary time is counted in hours, from 0 to 24",
        day_limit=24,
        device=True,
    ),
    _m(
        "walking_minutes",
        "Walking",
        "min",
        NUMBER,
        LOAD,
        0,
        None,
        "sum",
        ("walking", "walk", "walked", "walk_minutes", "walking_min"),
        "walking is counted in minutes, 0 or more",
        day_limit=MINUTES_A_DAY,
    ),
    _m(
        "steps",
        "Steps",
        "steps",
        COUNT,
        LOAD,
        0,
        None,
        "sum",
        ("step_count", "stepcount", "number_of_steps"),
        "steps are counted in whole numbers, 0 or more",
        day_limit=STEPS_A_DAY,
    ),
    _m(
        "running_minutes",
        "Running",
        "min",
        NUMBER,
        LOAD,
        0,
        None,
        "sum",
        ("running", "run", "ran", "jogging", "run_minutes", "running_min"),
        "running is counted in minutes, 0 or more",
        day_limit=MINUTES_A_DAY,
    ),
    _m(
        "situps",
        "Sit-ups",
        "count",
        COUNT,
        LOAD,
        0,
        None,
        "sum",
        ("sit_ups", "situp", "sit_up", "crunches"),
        "sit-ups are counted in whole numbers, 0 or more",
    ),
    _m(
        "rest_minutes",
        "Constructive rest",
        "min",
        NUMBER,
        LOAD,
        0,
        None,
        "sum",
        (
            "rest",
            "constructive_rest",
            "constructive_rest_minutes",
            "crp",
            "rest_position",
            "crp_minutes",
            "rest_min",
        ),
        "constructive rest is counted in minutes, 0 or more",
        day_limit=MINUTES_A_DAY,
    ),
    _m(
        "stretch_minutes",
        "Stretching",
        "min",
        NUMBER,
        LOAD,
        0,
        None,
        "sum",
        ("stretch", "stretching", "stretching_minutes", "lengthening", "stretch_min"),
        "stretching is counted in minutes, 0 or more",
        day_limit=MINUTES_A_DAY,
    ),
    _m(
        "strength_minutes",
        "Strengthening",
        "min",
        NUMBER,
        LOAD,
        0,
        None,
        "sum",
        ("strength", "strengthening", "strengthening_minutes", "strength_training", "strength_min"),
        "strengthening is counted in minutes, 0 or more",
        day_limit=MINUTES_A_DAY,
    ),
    _m(
        "towel",
        "Towel under sitting bones",
        "",
        FLAG,
        LOAD,
        daily="any",
        aliases=("rolled_towel", "towel_used", "sat_on_towel"),
        hint="the towel column takes yes or no (also x, 1/0, true/false)",
    ),
    _m(
        "therapy",
        "Therapy session",
        "",
        TEXT,
        LOAD,
        daily="any",
        aliases=("physio", "physiotherapy", "massage", "treatment", "session"),
        hint="therapy is free text; leave it blank on days without a session",
    ),
    _m(
        "back_pain",
        "Back pain",
        "0-10",
        NUMBER,
        PAIN_SITE,
        0,
        10,
        "mean",
        ("back", "lower_back_pain", "low_back_pain", "backpain", "lbp"),
        "pain is rated 0 to 10",
    ),
    _m(
        "hip_pain",
        "Hip pain",
        "0-10",
        NUMBER,
        PAIN_SITE,
        0,
        10,
        "mean",
        ("hip", "hips", "hip_pain_level", "hippain"),
        "pain is rated 0 to 10",
    ),
    _m(
        "knee_pain",
        "Knee pain",
        "0-10",
        NUMBER,
        PAIN_SITE,
        0,
        10,
        "mean",
        ("knee", "knees", "kneepain"),
        "pain is rated 0 to 10",
    ),
    *THERAPIST_MEASURES,
    _m(
        # Which app or device an imported row came from; blank on rows the person typed.
        # daily() lets typed rows win over imported ones, measure by measure.
        "source",
        "Source",
        "",
        TEXT,
        INFO,
        aliases=("imported_from", "data_source"),
        device=True,
    ),
    _m(
        "notes",
        "Notes",
        "",
        TEXT,
        INFO,
        daily="join",
        aliases=("note", "comment", "comments", "remarks", "notizen"),
    ),
)

BY_NAME: dict[str, Measure] = {m.name: m for m in MEASURES}

COLUMNS: tuple[str, ...] = tuple(m.name for m in MEASURES)
PAIN_SITES: tuple[str, ...] = tuple(m.name for m in MEASURES if m.role == PAIN_SITE)
LOADS: tuple[str, ...] = tuple(m.name for m in MEASURES if m.role == LOAD)
NUMERIC: tuple[str, ...] = tuple(m.name for m in MEASURES if m.numeric)
#: The measures a person writes by hand (template, entry form): not the device ones.
HAND_COLUMNS: tuple[str, ...] = tuple(m.name for m in MEASURES if not m.device)
SOURCE = "source"

# Columns daily() adds beside the measures; custom columns may not take these names.
PAIN = "pain"  # mean of the pain sites recorded that day
LOGGED = "logged"
ENTRIES = "entries"
REST_TARGET_MET = "rest_target_met"
REST_TARGET_MINUTES = 10
ROW = "row"  # the spreadsheet row number of an entry


def measure_of(column: str) -> Measure | None:
    """The measure of a column: the schema's own, a PSFS item's, or None (custom)."""
    if column in BY_NAME:
        return BY_NAME[column]
    return psfs_measure(column) if is_psfs_item(column) else None


def max_column(site: str) -> str:
    """The daily column holding the highest rating of a pain site: back_pain_max."""
    return f"{site}_max"


DERIVED: tuple[str, ...] = (
    PAIN,
    LOGGED,
    ENTRIES,
    REST_TARGET_MET,
    ROW,
    PSFS,
    PEG,
    *(max_column(s) for s in PAIN_SITES),
)
#: The measures a therapist judges progress by, besides pain: schema outcomes and the
#: day's PSFS and PEG (PSFS items are columns of their own, named by their activity).
OUTCOMES: tuple[str, ...] = (PSFS, PEG, *(m.name for m in MEASURES if m.role == OUTCOME))

PAIN_COLUMNS: tuple[str, ...] = (*PAIN_SITES, PAIN)


def label(column: str) -> str:
    """A column's label for people, with its unit: 'Sitting (h)'. Custom columns pass."""
    if column == PAIN:
        return "Pain, mean of all sites (0-10)"
    if column == PSFS:
        return "PSFS, mean of your activities (0-10)"
    if column == PEG:
        return "PEG-3 (0-10)"
    if is_psfs_item(column):
        return f"PSFS: {psfs_activity(column)} (0-10)"
    if column == REST_TARGET_MET:
        return "Rest target met"
    site = column.removesuffix("_max")
    if site != column and site in BY_NAME:
        return f"{BY_NAME[site].label}, highest (0-10)"
    m = BY_NAME.get(column)
    if m is None:
        return column.replace("_", " ").capitalize()
    return f"{m.label} ({m.unit})" if m.unit else m.label


def phrase(column: str) -> str:
    """A column in words inside a sentence: 'back pain', 'sitting (h)', 'pain (mean of all
    sites)'. Capitalise the first letter to start a sentence with it."""
    if column == PAIN:
        return "pain (mean of all sites)"
    m = BY_NAME.get(column)
    if m is not None and m.role == PAIN_SITE:
        return m.label.lower()
    text = label(column)
    return text[:1].lower() + text[1:]


# The header words live in their own module; it reads MEASURES, so it comes after them.
from psoas_track.schema.headers import MINUTES_PER_UNIT as MINUTES_PER_UNIT  # noqa: E402
from psoas_track.schema.headers import MORE_ALIASES as MORE_ALIASES  # noqa: E402
from psoas_track.schema.headers import UNIT_DISTANCE as UNIT_DISTANCE  # noqa: E402
from psoas_track.schema.headers import UNIT_PLAIN as UNIT_PLAIN  # noqa: E402
from psoas_track.schema.headers import UNIT_TIME as UNIT_TIME  # noqa: E402
from psoas_track.schema.headers import UNIT_WORDS as UNIT_WORDS  # noqa: E402
from psoas_track.schema.headers import canonical as canonical  # noqa: E402
from psoas_track.schema.headers import header_unit as header_unit  # noqa: E402
from psoas_track.schema.headers import near_miss as near_miss  # noqa: E402
from psoas_track.schema.headers import normalize_header as normalize_header  # noqa: E402
