"""The one table of measures. Every other module derives its columns from here.

A measure is one column of the user's log: how it is written in the spreadsheet
(aliases), what values it may hold, and how a day's entries add up to one daily value.
"""

from __future__ import annotations

import functools
import re
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
INFO = "info"  # everything else (date, time, notes)


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

    @property
    def numeric(self) -> bool:
        return self.kind in (NUMBER, COUNT)


def _m(
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
) -> Measure:
    return Measure(name, label, unit, kind, role, low, high, daily, tuple(aliases), hint, day_limit)


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

# Columns daily() adds beside the measures; custom columns may not take these names.
PAIN = "pain"  # mean of the pain sites recorded that day
LOGGED = "logged"
ENTRIES = "entries"
REST_TARGET_MET = "rest_target_met"
REST_TARGET_MINUTES = 10
ROW = "row"  # the spreadsheet row number of an entry


def max_column(site: str) -> str:
    """The daily column holding the highest rating of a pain site: back_pain_max."""
    return f"{site}_max"


DERIVED: tuple[str, ...] = (
    PAIN,
    LOGGED,
    ENTRIES,
    REST_TARGET_MET,
    ROW,
    *(max_column(s) for s in PAIN_SITES),
)

PAIN_COLUMNS: tuple[str, ...] = (*PAIN_SITES, PAIN)


def label(column: str) -> str:
    """A column's label for people, with its unit: 'Sitting (h)'. Custom columns pass."""
    if column == PAIN:
        return "Pain, mean of sites (0-10)"
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
    """A column in words inside a sentence: 'back pain', 'sitting (h)', 'pain (mean of the
    sites)'. Capitalise the first letter to start a sentence with it."""
    if column == PAIN:
        return "pain (mean of the sites)"
    m = BY_NAME.get(column)
    if m is not None and m.role == PAIN_SITE:
        return m.label.lower()
    text = label(column)
    return text[:1].lower() + text[1:]


_UNIT_SUFFIX = re.compile(r"\s*[\(\[\{][^\(\)\[\]\{\}]*[\)\]\}]\s*$")
_SEPARATORS = re.compile(r"[\s\-/.]+")


@functools.lru_cache(maxsize=4096)  # the reader asks for the same few headers per row
def normalize_header(text: str) -> str:
    """'Back pain (0-10)' -> 'back_pain'; 'Sit-ups' -> 'sit_ups'; 'Rest [min]' -> 'rest'."""
    text = str(text).replace("\ufeff", "").strip().lower()
    text = _UNIT_SUFFIX.sub("", text)
    text = _SEPARATORS.sub("_", text.strip())
    text = re.sub(r"[^\w]", "", text)
    return re.sub(r"_+", "_", text).strip("_")


# Headers in German, French, Spanish and Dutch (semicolon, decimal-comma files are
# European), and English spellings seen in real logs that are not a measure's own aliases.
MORE_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("datum", "fecha", "jour", "dag", "day_date"),
    "sitting_hours": (
        "sitzen",
        "sitzzeit",
        "sitzdauer",
        "assis",
        "temps_assis",
        "sentado",
        "tiempo_sentado",
        "zitten",
        "zittijd",
    ),
    "walking_minutes": ("gehen", "spazieren", "marche", "caminar", "caminata", "lopen", "wandelen"),
    "steps": ("schritte", "pas", "pasos", "stappen", "step_count"),
    "running_minutes": ("laufen", "joggen", "course", "correr", "hardlopen"),
    "situps": ("sit_ups_count", "crunches"),
    "rest_minutes": ("constructive_rest_minutes", "ruhe", "repos", "descanso", "rust"),
    "back_pain": (
        "pain_back",
        "back_ache",
        "backache",
        "rückenschmerzen",
        "rücken",
        "ruecken",
        "rückenschmerz",
        "dos",
        "mal_de_dos",
        "douleur_dos",
        "espalda",
        "dolor_espalda",
        "rug",
        "rugpijn",
    ),
    "hip_pain": (
        "pain_hip",
        "hip_ache",
        "hüfte",
        "huefte",
        "hüftschmerzen",
        "hanche",
        "douleur_hanche",
        "cadera",
        "dolor_cadera",
        "heup",
        "heuppijn",
    ),
    "knee_pain": (
        "pain_knee",
        "knee_ache",
        "knie",
        "knieschmerzen",
        "genou",
        "douleur_genou",
        "rodilla",
        "dolor_rodilla",
        "kniepijn",
    ),
    "notes": ("bemerkungen", "notas", "notities", "opmerkingen", "remarques"),
}

_ALIASES: dict[str, str] = {}
for _measure in MEASURES:
    for _key in (_measure.name, *_measure.aliases, *MORE_ALIASES.get(_measure.name, ())):
        _ALIASES[normalize_header(_key)] = _measure.name

# Units a header may name: each word -> (dimension, size in the dimension's base unit).
# Time is counted in minutes; distance cannot be turned into any measure here.
TIME, DISTANCE, PLAIN = "time", "distance", "plain"
UNIT_WORDS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("ms", "msec", "millisecond", "milliseconds"), (TIME, 1 / 60_000)),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "sek", "sekunden"), (TIME, 1 / 60)),
    **dict.fromkeys(
        ("m", "min", "mins", "minute", "minutes", "minuten", "minutos", "mn"), (TIME, 1.0)
    ),
    **dict.fromkeys(
        ("h", "hr", "hrs", "hour", "hours", "std", "stunden", "u", "uur", "heures", "horas"),
        (TIME, 60.0),
    ),
    **dict.fromkeys(
        ("km", "kms", "kilometres", "kilometers", "mi", "mile", "miles", "meters", "metres"),
        (DISTANCE, 1.0),
    ),
    **dict.fromkeys(("steps", "count", "reps", "times", "x", "nr", "no", "number"), (PLAIN, 1.0)),
}
# Minutes in the unit each time measure is kept in.
MINUTES_PER_UNIT = {"h": 60.0, "min": 1.0}
# Trailing words a header may carry after the measure: 'Walking minutes', 'Rest mins'.
_TRAILING_UNITS = {w for w in UNIT_WORDS if len(w) > 2 or w in ("ms", "hr", "km", "mi")}
_SCALE = re.compile(r"(?:_(?:0_10|1_10|out_of_10|10|nrs|vas|score|level|rating))+$")


def header_unit(header: str) -> str | None:
    """The unit a header names, as written and lowercased: 'Sitting (min)' -> 'min'."""
    text = str(header).replace("\ufeff", "").strip().lower()
    match = _UNIT_SUFFIX.search(text)
    if match:
        inner = match.group(0).strip().strip("()[]{}").strip().rstrip(".")
        return inner if inner in UNIT_WORDS else None
    last = normalize_header(text).rsplit("_", 1)[-1]
    return last if last in _TRAILING_UNITS and "_" in normalize_header(text) else None


@functools.lru_cache(maxsize=4096)
def canonical(header: str) -> str | None:
    """The schema name a header stands for, or None for a custom column.

    'Back pain (0-10)', 'Hip Pain 0-10', 'Knee pain /10', 'Walking minutes' and
    'Rest (mins)' all find their measure: a trailing unit or rating scale is not a name.
    """
    key = normalize_header(header)
    if key in _ALIASES:
        return _ALIASES[key]
    key = _SCALE.sub("", key)
    head, _, last = key.rpartition("_")
    if head and last in _TRAILING_UNITS:
        key = head
    return _ALIASES.get(key)


def near_miss(header: str) -> str | None:
    """The measure a header is probably a misspelling of ('Bak pain' -> back_pain)."""
    import difflib

    key = _SCALE.sub("", normalize_header(header))
    if len(key) < 4:
        return None
    found = difflib.get_close_matches(key, list(_ALIASES), n=1, cutoff=0.8)
    return _ALIASES[found[0]] if found else None
