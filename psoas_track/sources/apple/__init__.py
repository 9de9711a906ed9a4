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
- Records dated after the export was made (its ExportDate) are left out and counted; so
  are days after today and values no day holds, as for every source (sources/entries.py).

Reading: the file is streamed (a zip member is unpacked as a stream, within the limits of
sources/limits.py) and only each record's attributes are kept until it is tallied, so an
export of any size or shape takes little memory; stream.py says how, and why no entity
is ever expanded or fetched.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from psoas_track.sources.apple.stream import EXPORT_AGAIN, top_level_elements, without_doctype
from psoas_track.sources.apple.tally import Tally, kind_in_words, workout_minutes
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.limits import MAX_XML_BYTES, check_size, member_label, open_member

NAME = "apple"
TITLE = "Apple Health export"
FILES = "export.xml, or the export.zip the Health app shares"

# The tally's own names that say what a record becomes (tally.py), and the stream's
# (stream.py), beside the reading.
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
# How much of a zip member tells whether it is the export (its DOCTYPE is on line 2).
MEMBER_HEAD_BYTES = 64 * 1024
MEMBERS_LOOKED_AT = 10
_ROOT = re.compile(rb"<HealthData[\s>/]")


def looks_like(path: Path, head: str) -> bool:
    """An export.xml (XML whose head has <HealthData or its DOCTYPE), or a zip holding one.
    A CSV that mentions <HealthData> in a note is not XML, so not an export."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return main_member(archive) is not None
    is_xml = head.lstrip("\ufeff \t\r\n").startswith("<")
    return is_xml and ("<!DOCTYPE HealthData" in head or "<HealthData" in head)


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
        check_size(path, MAX_XML_BYTES)
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
        label = member_label(member, path)
        with open_member(archive, member, label, MAX_XML_BYTES) as handle:
            yield handle, label


def pieces(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk
