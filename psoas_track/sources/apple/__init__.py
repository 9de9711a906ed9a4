"""Apple Health: the export.xml (or the export.zip holding it) that the Health app shares.

What becomes of the records (the rules a reader of the numbers needs):

- Steps (``HKQuantityTypeIdentifierStepCount``) add up per local day: the day is the date
  written in each record's own startDate, in its own offset, never converted to UTC.
  "2024-03-05 23:50:00 -0800" counts on 5 March, though it is 6 March in UTC, so a trip
  across time zones or a change of the clocks keeps each step on the day it was walked.
- An iPhone and an Apple Watch carried together both count the same steps. Like the Health
  app's own totals, each hour takes one of them: in a local hour (the date, hour and offset
  of startDate) with any record from a Watch (its sourceName or device names a Watch), only
  the Watch's records count; in the other hours the phone's (and any other app's) do. A
  record belongs to the hour its startDate falls in. The hour the clocks go back repeats
  with another offset (01:30 -0700, then 01:30 -0800): each is an hour of its own.
- Walking and hiking workouts -> walking_minutes, running workouts -> running_minutes, on
  the local day each workout started; durations in min, s or h become minutes (a workout
  without a duration is timed from its start to its end). Other workouts (cycling, yoga,
  ...) are left out and counted.
- Stand hours (``HKCategoryTypeIdentifierAppleStandHour``) the Watch marked idle ->
  sedentary_hours, 1 h each. It is a proxy: the Watch marks an hour idle when you did not
  stand and move for a minute in it; stood hours count 0, and a day with stand hours but
  none idle has 0 sedentary hours.
- Every other kind of record (heart rate, energy, sleep, ...) is left out and counted.

Reading: the file is streamed (a zip member is read as a stream, not extracted) and every
element is dropped once used, so a multi-GB export takes little memory. The DOCTYPE at the
top is not given to the XML parser: the Health app on iOS 16 wrote a broken one (expat stops
at "syntax error: line 156"), nothing in it is needed, and without it no entity can be
expanded or fetched. Control characters, which XML forbids but exports hold (\\x0b), are
dropped too.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from xml.etree import ElementTree

from psoas_track.sources.apple.tally import Tally, kind_in_words, workout_minutes
from psoas_track.sources.base import Entry, Found, SourceError

NAME = "apple"
TITLE = "Apple Health export"
FILES = "export.xml, or the export.zip the Health app shares"

# The tally's own names that say what a record becomes (tally.py), beside the reading.
__all__ = [
    "FILES",
    "NAME",
    "TITLE",
    "Tally",
    "kind_in_words",
    "looks_like",
    "read",
    "top_level_elements",
    "without_doctype",
    "workout_minutes",
]

CHUNK_BYTES = 1 << 20
# How far to look for <HealthData past the DOCTYPE (Apple's is about 10 KB).
PROLOG_LIMIT = 4 << 20
# How much of a zip member tells whether it is the export (its DOCTYPE is on line 2).
MEMBER_HEAD_BYTES = 64 * 1024
MEMBERS_LOOKED_AT = 10
_ROOT = re.compile(rb"<HealthData[\s>/]")
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r")

EXPORT_AGAIN = (
    "Export it again in the Health app (tap your picture, then Export All Health Data) "
    "and import the new export.zip."
)


def looks_like(path: Path, head: str) -> bool:
    """An export.xml (its head has <HealthData or its DOCTYPE), or a zip holding one."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return main_member(archive) is not None
    return "<!DOCTYPE HealthData" in head or "<HealthData" in head


def main_member(archive: zipfile.ZipFile) -> str | None:
    """The export.xml inside an export.zip: the .xml member that opens with HealthData,
    one named export.xml first (the name is translated in some languages: 导出.xml)."""
    names = [n for n in archive.namelist() if n.lower().endswith(".xml")]
    names.sort(key=lambda n: PurePosixPath(n).name.lower() != "export.xml")
    # A few are enough (the Health app's zip holds two: export.xml and export_cda.xml);
    # another app's zip of many .xml files is not opened one by one.
    for name in names[:MEMBERS_LOOKED_AT]:
        with archive.open(name) as member:
            head = member.read(MEMBER_HEAD_BYTES)
        if b"<!DOCTYPE HealthData" in head or _ROOT.search(head):
            return name
    return None


def read(path: Path, found: Found) -> Iterator[Entry]:
    """The export's days: steps, walking and running minutes and sedentary hours."""
    tally = Tally()
    try:
        with opened_export(path) as (stream, name):
            for element in top_level_elements(without_doctype(pieces(stream)), name):
                tally.add(element)
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise SourceError(f"{path.name} is damaged ({error}). {EXPORT_AGAIN}") from None
    yield from tally.entries(found)


@contextmanager
def opened_export(path: Path) -> Iterator[tuple[BinaryIO, str]]:
    """The export.xml as a stream of bytes, and how to name it in messages."""
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as handle:
            yield handle, path.name
        return
    with zipfile.ZipFile(path) as archive:
        member = main_member(archive)
        if member is None:
            raise SourceError(
                f"{path.name} holds no Apple Health export.xml. Give the export.zip the "
                "Health app made (or the export.xml inside it)."
            )
        with archive.open(member) as handle:
            yield handle, f"{PurePosixPath(member).name} in {path.name}"


def pieces(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk


def without_doctype(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes with the DOCTYPE blanked out and control characters dropped (see the
    module's docstring for why). The DOCTYPE's lines are kept as empty lines, so that a
    line number in a message is the file's."""
    chunks = iter(chunks)
    prolog = b""
    for chunk in chunks:
        prolog += chunk
        if _ROOT.search(prolog) or len(prolog) >= PROLOG_LIMIT:
            break
    yield _blank_doctype(prolog).translate(None, _CONTROL)
    for chunk in chunks:
        yield chunk.translate(None, _CONTROL)


def _blank_doctype(prolog: bytes) -> bytes:
    root = _ROOT.search(prolog)
    start = prolog.find(b"<!DOCTYPE")
    if root is None or start == -1 or start > root.start():
        return prolog
    lines = prolog.count(b"\n", start, root.start())
    return prolog[:start] + b"\n" * lines + prolog[root.start() :]


def top_level_elements(chunks: Iterable[bytes], name: str) -> Iterator[ElementTree.Element]:
    """Each child of <HealthData> once it is whole (Record, Workout, ...); the Records
    inside a Correlation are not given again (the export also lists them at the top)."""
    # "start" events only tell the depth: a Record inside a Correlation ends like one at
    # the top, and only its depth tells them apart.
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    root = None
    depth = 0
    try:
        for chunk in chunks:
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    depth += 1
                    root = root if root is not None else _checked_root(element, name)
                    continue
                depth -= 1
                if depth == 1:
                    yield element
                    # Drop what was used, so memory stays flat on a multi-GB export.
                    element.clear()
                    root.clear()
        parser.close()
    except ElementTree.ParseError as error:
        raise SourceError(_unreadable(error, name, started=root is not None)) from None


def _checked_root(element: ElementTree.Element, name: str) -> ElementTree.Element:
    if element.tag != "HealthData":
        raise SourceError(
            f"{name} is XML but not an Apple Health export: it starts with <{element.tag}>, "
            "not <HealthData>. Give the export.xml (or the export.zip) from the Health app."
        )
    return element


def _unreadable(error: ElementTree.ParseError, name: str, started: bool) -> str:
    if not started:
        return (
            f"{name} is not an Apple Health export: it is not XML that opens with "
            f"<HealthData>. Give the export.xml (or the export.zip) from the Health app."
        )
    line = error.position[0]
    reason = re.sub(r": line \d+, column \d+$", "", str(error))
    return (
        f"{name} cannot be read past line {line:,} ({reason}): the file is damaged or cut "
        f"short. {EXPORT_AGAIN}"
    )
