"""What each Bearable category becomes: pain symptoms as 0-10 ratings, mood, energy,
sleep, medication, step counts, notes and factors; anything else counted and left out.
(The package's docstring, bearable/__init__.py, says why, category by category.)"""

from __future__ import annotations

import re

from psoas_track.cells import number, parse_duration
from psoas_track.sources.bearable.rows import Reading, Row
from psoas_track.sources.words import PAIN_WORDS, load_kind, name_words

SEVERITY_WORDS = ("none", "mild", "moderate", "severe", "unbearable")
PAIN_PER_SEVERITY_STEP = 2.5  # 0-4 onto 0-10: Unbearable (4) is 10
SEVERITY_HOW = (
    "Bearable symptom severity 0-4 (None, Mild, Moderate, Severe, Unbearable) -> "
    "0, 2.5, 5, 7.5, 10 on the 0-10 scale"
)

SITE_WORDS = {
    "back_pain": {"back", "backache", "lumbar"},
    "hip_pain": {"hip", "hips"},
    "knee_pain": {"knee", "knees"},
}
SEVERITY_SUFFIX = re.compile(r"^(.*?)\s*\(\s*([A-Za-z. ]+?)\s*\)\s*$")
NAME_AND_UNIT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
NOTE_JOIN = "; "  # several texts of one row, inside one entry's note


def amount(text: str) -> float | None:
    """A number as Bearable writes it, "3", "3.5" or "3,5" (the phone's decimal mark)."""
    return number(text, decimal_comma=True)


def without_emoji(text: str) -> str:
    """The name without the emoji or signs an app puts before it ("🧘 Stretching")."""
    return re.sub(r"^[^\w(]+", "", text.strip()).strip()


def symptom(row: Row, reading: Reading) -> dict:
    """A back, hip or knee pain symptom as its site's 0-10 rating; others counted."""
    found = reading.found
    name, word = split_severity(row.detail)
    words = set(name_words(name))
    sites = [site for site, names in SITE_WORDS.items() if names & words]
    if not sites:
        found.leave_out(f"Bearable symptom '{name}': not back, hip or knee pain")
        return {}
    if len(sites) > 1:
        found.leave_out(f"Bearable symptom '{name}': names more than one of back, hip and knee")
        return {}
    if not (PAIN_WORDS & words or any(w.endswith("ache") for w in words)):
        found.leave_out(f"Bearable symptom '{name}': names a site but is not a pain rating")
        return {}
    severity = severity_of(row.rating, word)
    if severity is None:
        found.leave_out("Bearable back, hip or knee symptoms with no severity from 0 to 4")
        return {}
    site = sites[0]
    found.converted(site, SEVERITY_HOW)
    reading.site_names.setdefault(site, set()).add(name)
    return {site: severity * PAIN_PER_SEVERITY_STEP}


def split_severity(detail: str) -> tuple[str, str]:
    """'Back (lower) pain (Moderate)' -> ('Back (lower) pain', 'moderate')."""
    detail = without_emoji(detail)
    match = SEVERITY_SUFFIX.match(detail)
    if match and match[2].lower() in SEVERITY_WORDS:
        return match[1].strip(), match[2].lower()
    return detail, ""


def severity_of(rating: str, word: str) -> float | None:
    """Bearable's severity 0-4: the rating, else the word in brackets."""
    value = amount(rating)
    if value is None and word:
        value = float(SEVERITY_WORDS.index(word))
    if value is None or not 0 <= value <= 4:
        return None
    return value


def rated(measure: str, how: str):
    """A reader for a category whose rating is kept as a custom number."""

    def read_rating(row: Row, reading: Reading) -> dict:
        value = amount(row.rating)
        if value is None:
            reading.found.leave_out(f"Bearable {row.category_as_written} records with no number")
            return {}
        reading.found.converted(measure, how)
        return {measure: value}

    return read_rating


MOOD_NUMBER = rated(
    "mood",
    "Bearable mood kept as the number Bearable wrote (its own scale, 1-10 in the exports "
    "seen); a measure of its own, never part of pain",
)


def mood(row: Row, reading: Reading) -> dict:
    values = MOOD_NUMBER(row, reading)
    if values and row.detail:
        reading.found.leave_out("Bearable mood words such as 'Meh | Anxious' (the number is kept)")
    return values


def sleep(row: Row, reading: Reading) -> dict:
    hours = hours_of(row.rating)
    if hours is None:
        reading.found.leave_out("Bearable sleep records with no hours")
        return {}
    reading.found.converted("sleep_hours", "Bearable sleep 'hours:minutes' -> sleep_hours")
    return {"sleep_hours": hours}


def hours_of(text: str) -> float | None:
    """'7:30' or '7h30' -> 7.5; a plain number is hours already; more than a day is none."""
    minutes = parse_duration(text)
    hours = minutes / 60 if minutes is not None else amount(text)
    return hours if hours is not None and 0 <= hours <= 24 else None


def medication(row: Row, reading: Reading) -> dict:
    """A medication or supplement as text, 'Ibuprofen 600 mg' (not a count: a day's texts
    are joined)."""
    name = without_emoji(row.detail)
    match = NAME_AND_UNIT.match(name)
    unit = ""
    if match:
        name, unit = match[1].strip(), match[2].strip()
    text = " ".join(part for part in (name, row.rating, unit if row.rating else "") if part)
    if not text:
        reading.found.leave_out("Bearable medication records with no name")
        return {}
    reading.found.converted(
        "medication",
        "Bearable medication and supplements kept as text: name, amount and unit "
        "('Ibuprofen 600 mg'); never part of pain",
    )
    return {"medication": text}


def health_measurement(row: Row, reading: Reading) -> dict:
    name = without_emoji(row.detail)
    if not {"step", "steps"} & set(name_words(name)):
        label = NAME_AND_UNIT.sub(r"\1", name) or "(no name)"
        reading.found.leave_out(f"Bearable health measurement '{label}' (not read by this import)")
        return {}
    steps = amount(row.rating)
    if steps is None:
        reading.found.leave_out("Bearable step counts with no number")
        return {}
    reading.found.converted("steps", "Bearable health measurement 'Step count' -> steps")
    return {"steps": round(steps)}


def journal(row: Row, reading: Reading) -> dict:
    text = reading.note_once(row.day, row.notes or row.detail)
    return {"notes": text} if text else {}


def factors(row: Row, reading: Reading) -> dict:
    """Factors about the kit's loads as a note (and the therapy or towel flag)."""
    kept: list[str] = []
    values: dict = {}
    for item in (i for i in re.split(r"\s*\|\s*", row.detail) if i.strip()):
        name, level = factor_name(item)
        kind = load_kind(name)
        if kind is None:
            reading.found.leave_out(
                "Bearable factors that are none of the kit's loads (walking, stretching, sitting, "
                "rest, therapy ...)"
            )
            continue
        if kind == "pain":
            reading.found.leave_out(
                "Bearable factors that name pain: kept as a note, not a rating (a factor "
                "has no 0-10 value)"
            )
        if kind == "therapy":
            reading.found.converted(
                "therapy", "Bearable factor such as Physio or Massage -> therapy"
            )
            values["therapy"] = f"Bearable factor: {name}"
        elif kind == "towel":
            values["towel"] = True
        kept.append(f"{name} ({level})" if level else name)
    if kept:
        reading.found.note(
            "Bearable factors about the kit's loads became notes ('Bearable factor: Walk'); "
            "a factor holds no minutes, so no minutes were made up."
        )
        label = "Bearable factor" if len(kept) == 1 else "Bearable factors"
        values["notes"] = f"{label}: " + ", ".join(kept)
    return values


def factor_name(item: str) -> tuple[str, str]:
    """'👣 Walk - Moderate' -> ('Walk', 'Moderate')."""
    name = without_emoji(item)
    if " - " in name:
        name, level = name.rsplit(" - ", 1)
        return name.strip(), level.strip()
    return name, ""


def left_out(reason: str):
    def leave(row: Row, reading: Reading) -> dict:
        reading.found.leave_out(reason)
        return {}

    return leave


READERS = {
    "symptom": symptom,
    "symptoms": symptom,
    "mood": mood,
    "energy": rated("energy", "Bearable energy kept as the number Bearable wrote (1-5)"),
    "sleep": sleep,
    "sleep quality": rated("sleep_quality", "Bearable sleep quality kept as written"),
    "meds/supplements": medication,
    "medication": medication,
    "medications": medication,
    "medication/supplements": medication,
    "health measurements": health_measurement,
    "notes": journal,
    "extra notes": journal,
    "journal": journal,
    "notes/journal": journal,
    "factors": factors,
    "gratitudes": left_out("Bearable gratitudes (not read by this import)"),
    "period": left_out("Bearable period records (not read by this import)"),
}


def reader_for(row: Row):
    """The category's reader; an unknown category with no rating is a factor group
    (newer exports name each group: Lifestyle, Active, Social ...)."""
    if row.category in READERS:
        return READERS[row.category]
    if "factor" in row.category or not row.rating:
        return factors
    return left_out(f"Bearable '{row.category_as_written}' ratings (not read by this import)")


def values_of(row: Row, reading: Reading) -> dict:
    values = reader_for(row)(row, reading)
    if row.category not in ("notes", "extra notes", "journal", "notes/journal"):
        own = reading.note_once(row.day, row.notes)
        if own:
            values["notes"] = NOTE_JOIN.join(t for t in (values.get("notes"), own) if t)
    return values


# -- the file -----------------------------------------------------------------------------
