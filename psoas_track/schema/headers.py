"""Headers as people write them -> measures and units: aliases in five languages, units,
rating scales and near misses. Part of the schema: everything here derives from MEASURES.
"""

from __future__ import annotations

import functools
import re

from psoas_track.schema import MEASURES

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
UNIT_TIME, UNIT_DISTANCE, UNIT_PLAIN = "time", "distance", "plain"
UNIT_WORDS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("ms", "msec", "millisecond", "milliseconds"), (UNIT_TIME, 1 / 60_000)),
    **dict.fromkeys(
        ("s", "sec", "secs", "second", "seconds", "sek", "sekunden"), (UNIT_TIME, 1 / 60)
    ),
    **dict.fromkeys(
        ("m", "min", "mins", "minute", "minutes", "minuten", "minutos", "mn"), (UNIT_TIME, 1.0)
    ),
    **dict.fromkeys(
        ("h", "hr", "hrs", "hour", "hours", "std", "stunden", "u", "uur", "heures", "horas"),
        (UNIT_TIME, 60.0),
    ),
    **dict.fromkeys(
        ("km", "kms", "kilometres", "kilometers", "mi", "mile", "miles", "meters", "metres"),
        (UNIT_DISTANCE, 1.0),
    ),
    **dict.fromkeys(
        ("steps", "count", "reps", "times", "x", "nr", "no", "number"), (UNIT_PLAIN, 1.0)
    ),
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
    head, _, last = normalize_header(text).rpartition("_")
    return last if head and last in _TRAILING_UNITS else None


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
    # A misspelling is about as long as the word: 'activity' is not 'peg_activity'.
    if not found or abs(len(found[0]) - len(key)) > 3:
        return None
    return _ALIASES[found[0]]
