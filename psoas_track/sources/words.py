"""Words and rows the app readers share (bearable, daylio, garmin, samsung): which factor
or activity names are one of the kit's loads, and CSV rows read without stopping at a
broken line. (Clock times, numbers and dates are psoas_track.cells, shared with the log.)"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from psoas_track import schema
from psoas_track.sources.base import Found, SourceError

PAIN_WORDS = {"pain", "pains", "painful", "sore", "soreness", "hurt", "hurts", "aching"}

# Words that name one of the kit's loads: the schema's own one-word aliases, and the words
# apps use for the same things. They only ever make notes, so a loose match costs little.
EXTRA_LOAD_WORDS = {
    "walks", "hike", "hiking", "stroll", "jog", "yoga", "pilates", "mobility", "gym",
    "weights", "workout", "exercise", "sport", "sitting", "desk",
}  # fmt: skip
# The therapy flag counts for the statistics, so only words that can mean nothing else.
THERAPY_WORDS = {
    "physio", "physiotherapy", "physiotherapist", "massage", "chiropractor", "chiropractic",
    "osteopath", "osteopathy", "acupuncture",
}  # fmt: skip
TOWEL_NAMES = {"towel", "rolled towel", "towel used", "sat on towel", "towel under sitting bones"}


def header_fields(head: str, delimiters: str = ",") -> list[str]:
    """The first line of `head` as lower-case column names, split by whichever of the
    delimiters gives the most columns ([] when the head is not text with a header)."""
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    best: list[str] = []
    for delimiter in delimiters:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(cells) > len(best):
            best = cells
    return [cell.strip().lower() for cell in best]


def name_words(name: str) -> list[str]:
    """The words of a factor, activity or symptom name, lower case, emoji and signs gone."""
    return re.findall(r"[^\W\d_]+", name.lower())


def load_words() -> set[str]:
    """One-word names of the kit's numeric loads (walk, stretching, rest, sedentary ...)."""
    words = set(EXTRA_LOAD_WORDS)
    for measure in schema.MEASURES:
        if measure.role == schema.LOAD and measure.numeric:
            words.update(a for a in (measure.name, *measure.aliases) if "_" not in a)
    return words


LOAD_WORDS = load_words()


def load_kind(name: str) -> str | None:
    """What an app's factor or activity name says: 'pain' (it names pain: it has no
    rating, so it can only be a note), 'therapy', 'towel', 'load' (one of the kit's loads,
    a note), or None (nothing the kit tracks)."""
    words = name_words(name)
    if any(w in PAIN_WORDS or w.endswith("ache") for w in words):
        return "pain"
    if " ".join(words) in TOWEL_NAMES:
        return "towel"
    if THERAPY_WORDS.intersection(words) or "physical therapy" in " ".join(words):
        return "therapy"
    if LOAD_WORDS.intersection(words):
        return "load"
    return None


def first_row(rows: Iterator[list[str]], path: Path) -> list[str]:
    """The header row ([] for an empty file); SourceError when the csv module cannot split
    it (a cell longer than it reads, a stray quote mark swallowing the file)."""
    try:
        return next(rows, [])
    except csv.Error as error:
        raise SourceError(
            f"The first line of {path.name} cannot be read as a CSV header ({error}), so the "
            "file was not read. Give the export as the app made it."
        ) from None


def records(
    lines: Iterable[list[str]], width: int, found: Found, app: str = "Bearable"
) -> Iterator[list[str]]:
    """The data rows with one cell per column; blank lines skipped, others counted."""
    lines = iter(lines)
    while True:
        try:
            cells = next(lines)
        except StopIteration:
            return
        except csv.Error:
            found.leave_out(f"{app} lines the CSV reader could not read")
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            found.leave_out(
                f"{app} rows with missing or extra cells (a line of the file is cut short "
                "or has a comma outside quotes)"
            )
            continue
        yield cells


def csv_rows(rows: Iterator[list[str]], found: Found) -> Iterator[list[str]]:
    """The rows the csv module can split; a stray quote mark that swallows the lines
    after it is counted, and reading goes on from the next line."""
    while True:
        try:
            yield next(rows)
        except StopIteration:
            return
        except csv.Error:
            found.leave_out("lines that could not be read (a stray quote mark)")
