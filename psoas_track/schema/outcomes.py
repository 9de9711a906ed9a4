"""The therapist's measures (issue 26): PEG-3, PGIC, ODI, KOOS and HOOS subscales, red
flags, and the Patient-Specific Functional Scale, whose activities are columns of their
own ('PSFS: Climbing stairs' -> psfs_climbing_stairs). Their minimal important changes
are analysis.important's."""

from __future__ import annotations

from psoas_track.schema.measure import COUNT, INFO, NUMBER, OUTCOME, TEXT, Measure
from psoas_track.schema.measure import make as _m

THERAPIST_MEASURES: tuple[Measure, ...] = (
    *(
        _m(
            name,
            label,
            "0-10",
            NUMBER,
            OUTCOME,
            0,
            10,
            "mean",
            aliases,
            f"{label} is rated 0 to 10",
        )
        for name, label, aliases in (
            ("peg_pain", "PEG pain", ("peg_pain_average", "peg_1", "peg1")),
            (
                "peg_enjoyment",
                "PEG enjoyment of life",
                ("peg_enjoyment_of_life", "peg_2", "peg2"),
            ),
            (
                "peg_activity",
                "PEG general activity",
                ("peg_general_activity", "peg_3", "peg3"),
            ),
        )
    ),
    _m(
        "pgic",
        "Global impression of change",
        "1-7",
        COUNT,
        OUTCOME,
        1,
        7,
        "mean",
        ("patient_global_impression_of_change", "global_impression_of_change", "impression"),
        "the global impression of change is rated 1 (very much improved) to 7 (very much "
        "worse), 4 = no change",
    ),
    _m(
        "odi",
        "Oswestry Disability Index",
        "0-100",
        NUMBER,
        OUTCOME,
        0,
        100,
        "mean",
        ("oswestry", "oswestry_disability_index", "odi_score", "disability_index"),
        "the Oswestry Disability Index is a score from 0 to 100",
    ),
    *(
        _m(
            f"{scale.lower()}_{part}",
            f"{scale} {words}",
            "0-100",
            NUMBER,
            OUTCOME,
            0,
            100,
            "mean",
            (f"{scale.lower()}_{words.lower().replace(' ', '_')}",),
            f"{scale} scores run from 0 to 100",
        )
        for scale in ("KOOS", "HOOS")
        for part, words in (
            ("pain", "pain"),
            ("symptoms", "symptoms"),
            ("adl", "daily living"),
            ("sport", "sport and recreation"),
            ("qol", "quality of life"),
        )
    ),
    _m(
        # A symptom the person was told to watch for; blank = none. Never analysed away.
        "red_flags",
        "Red flags",
        "",
        TEXT,
        INFO,
        daily="join",
        aliases=("red_flag", "warning_signs", "warning_sign", "alarm_symptoms"),
        hint="red flags is free text: write the symptom, leave it blank when there is none",
    ),
)

PSFS = "psfs"  # the day's Patient-Specific Functional Scale: mean of the items rated
PEG = "peg"  # the day's PEG-3: mean of its three ratings, when all three are rated
PEG_ITEMS = ("peg_pain", "peg_enjoyment", "peg_activity")
#: A PSFS item is its own column, one per activity: `PSFS: Climbing stairs` -> psfs_climbing_stairs.
PSFS_PREFIX = "psfs_"
#: The PSFS asks for up to this many activities.
PSFS_MAX_ITEMS = 5


def psfs_item(header: str) -> str | None:
    """The column name of a PSFS item header ('PSFS: Climbing stairs', 'PSFS - Climbing
    stairs', 'psfs climbing stairs' -> 'psfs_climbing_stairs'), or None."""
    from psoas_track.schema.headers import normalize_header

    key = normalize_header(header)
    if key.startswith(PSFS_PREFIX) and len(key) > len(PSFS_PREFIX):
        return key
    return None


def is_psfs_item(column: str) -> bool:
    return column.startswith(PSFS_PREFIX) and column != PSFS


def psfs_activity(column: str) -> str:
    """'psfs_climbing_stairs' -> 'Climbing stairs'."""
    words = column.removeprefix(PSFS_PREFIX).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def psfs_measure(column: str) -> Measure:
    """The measure of one PSFS item: 0 (unable) to 10 (as before the problem)."""
    return Measure(
        column,
        f"PSFS: {psfs_activity(column)}",
        "0-10",
        NUMBER,
        OUTCOME,
        0,
        10,
        "mean",
        hint="a PSFS activity is rated 0 (unable to do it) to 10 (able to do it as before "
        "the problem)",
    )
