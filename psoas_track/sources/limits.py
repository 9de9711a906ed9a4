"""How much of an export is read: the limits that keep a damaged or hostile file from
taking the machine's memory, each reached with one sentence that says what to do.

- A CSV or JSON export, or such a file inside a .zip, is read up to MAX_TABLE_BYTES (the
  largest real ones are a few MB: a row or a minute of data is a few dozen bytes), and a
  line up to MAX_LINE_CHARS. Apple's export.xml is streamed in flat memory, so its limit
  (MAX_XML_BYTES) only bounds the time a read takes.
- An export gives at most MAX_ENTRIES entries (each becomes a row of the Log, some
  hundreds of bytes): ten years of fifty Bearable ratings a day are 180,000. With the
  limits on bytes, this bounds what a file of any shape can take (some 500 MB at most).
- A .zip member is unpacked as a stream, counting the bytes that come out: past its limit,
  or past MAX_RATIO times the packed bytes read so far, it is refused there (a bomb that
  unpacks 3 MB to 3 GB stops after a megabyte or two). The size a zip's header gives is
  never trusted: a zip bomb lies in it.
- A file is opened only once psoas_track.paths says it is a regular file (sources'
  `read_source` asks it first).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, TextIO

from psoas_track.sources.base import Entry, SourceError

MB = 1 << 20
MAX_TABLE_BYTES = 64 * MB
MAX_XML_BYTES = 16 * 1024 * MB
MAX_LINE_CHARS = 1 * MB
MAX_ENTRIES = 500_000
# Real exports pack 5 to 30 times (XML and CSV are repetitive); a zip bomb packs a
# thousand times. Small members may pack tighter (a file of zeros): only past RATIO_FROM.
MAX_RATIO = 200
RATIO_FROM = 1 * MB

AS_MADE = "Give the export as the app made it."

# One element of a JSON list of records: a flat object (strings and numbers only, as apps
# write their records) or a plain value. A list or object inside one is no such record.
_STRING = r'"(?:[^"\\]|\\.)*"'
_FLAT = re.compile(rf'\{{(?:[^{{}}\[\]"]|{_STRING})*\}}|{_STRING}|[^,\]\s\[{{}}"]+')
_SPACE = re.compile(r"\s*")

__all__ = [
    "MAX_ENTRIES",
    "MAX_LINE_CHARS",
    "MAX_RATIO",
    "MAX_TABLE_BYTES",
    "MAX_XML_BYTES",
    "check_size",
    "collected",
    "flat_json_list",
    "lines",
    "member_label",
    "open_member",
    "open_member_text",
    "open_text",
]


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def check_size(path: Path, limit: int = MAX_TABLE_BYTES) -> None:
    """SourceError when the file is larger than an export of its kind can be."""
    size = path.stat().st_size
    if size > limit:
        raise SourceError(
            f"{path.name} is {_mb(size)}, more than the {_mb(limit)} an export of this kind "
            f"can hold, so it was not read. {AS_MADE}"
        )


def collected(entries: Iterable[Entry], name: str, limit: int = MAX_ENTRIES) -> list[Entry]:
    """The entries as a list; SourceError once there are more than `limit` of them."""
    kept = []
    for entry in entries:
        if len(kept) == limit:
            raise SourceError(
                f"{name} holds more than {limit:,} entries, more than an export of this kind "
                f"holds (ten years of fifty a day are 180,000), so it was not read. {AS_MADE}"
            )
        kept.append(entry)
    return kept


@contextmanager
def open_text(path: Path, limit: int = MAX_TABLE_BYTES) -> Iterator[TextIO]:
    """The export as text (UTF-8, a byte-order mark dropped, line ends kept for the csv
    module), once its size is checked."""
    check_size(path, limit)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        yield handle


def member_label(name: str, archive_path: Path) -> str:
    """'steps-2019-12-22.json in MyFitbitData.zip': a member as messages name it."""
    return f"{PurePosixPath(name.replace(chr(92), '/')).name} in {archive_path.name}"


class _Counted(io.RawIOBase):
    """A zip member's bytes, counted as they are unpacked and refused past the limits."""

    def __init__(self, member: BinaryIO, packed: int, label: str, limit: int) -> None:
        super().__init__()
        self._member = member
        self._packed = packed
        self._label = label
        self._limit = limit
        self.unpacked = 0

    def _packed_read(self) -> int:
        """The packed bytes read so far: zipfile counts down what is left of them
        (ZipExtFile._compress_left); the whole packed size where it does not say."""
        left = getattr(self._member, "_compress_left", None)
        read = self._packed - left if isinstance(left, int) else self._packed
        return max(read, 1)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self._member.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.unpacked += size
        self._check()
        return size

    def _check(self) -> None:
        if self.unpacked > self._limit:
            raise SourceError(
                f"{self._label} unpacks to more than {_mb(self._limit)}, more than an export "
                f"of this kind can hold, so it was not read. {AS_MADE}"
            )
        if self.unpacked > RATIO_FROM and self.unpacked > MAX_RATIO * self._packed_read():
            raise SourceError(
                f"{self._label} unpacks to more than {MAX_RATIO} times its packed size, as no "
                f"export does (it is damaged, or made to fill the memory), so it was not "
                f"read. {AS_MADE}"
            )


@contextmanager
def open_member(
    archive: zipfile.ZipFile, name: str, label: str, limit: int = MAX_TABLE_BYTES
) -> Iterator[BinaryIO]:
    """A zip member as a stream of bytes, refused (SourceError) as soon as it unpacks past
    `limit` or past MAX_RATIO times its packed size."""
    info = archive.getinfo(name)
    with archive.open(info) as member:
        counted = _Counted(member, info.compress_size, label, limit)
        yield io.BufferedReader(counted)


@contextmanager
def open_member_text(
    archive: zipfile.ZipFile, name: str, label: str, limit: int = MAX_TABLE_BYTES
) -> Iterator[TextIO]:
    """A zip member as text, like open_text, unpacked within the limits of open_member."""
    with open_member(archive, name, label, limit) as stream:
        yield io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")


def lines(handle: TextIO, name: str) -> Iterator[str]:
    """The text's lines, each read up to MAX_LINE_CHARS: a longer one (a file with no line
    breaks, a cell of megabytes) is refused before it fills the memory."""
    number = 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        number += 1
        _check_line(line, number, name)
        yield line


def _check_line(line: str, number: int, name: str) -> None:
    if len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
        raise SourceError(
            f"Line {number:,} of {name} is longer than {MAX_LINE_CHARS:,} characters, which "
            f"no export's line is, so the file was not read. {AS_MADE}"
        )


def flat_json_list(text: str) -> Iterator[Any]:
    """The elements of the JSON list that is the whole of `text`, decoded one at a time,
    so that only what the caller keeps of each stays in memory; ValueError when the text
    is not such a list or an element holds a list or an object (nothing nested is ever
    decoded, so no depth of nesting can exhaust the stack or the memory).

    >>> list(flat_json_list('[{"dateTime": "11/02/26 00:00:00", "value": "600"}, 7]'))
    [{'dateTime': '11/02/26 00:00:00', 'value': '600'}, 7]
    """
    at = _SPACE.match(text).end()
    if text[at : at + 1] != "[":
        raise ValueError("not a JSON list")
    at = _SPACE.match(text, at + 1).end()
    closed = text[at : at + 1] == "]"
    while not closed:
        element = _FLAT.match(text, at)
        if element is None:
            raise ValueError("an element that is not flat")
        yield json.loads(element.group())
        at = _SPACE.match(text, element.end()).end()
        closed = text[at : at + 1] == "]"
        if not closed and text[at : at + 1] != ",":
            raise ValueError("no comma between elements")
        at = _SPACE.match(text, at + 1).end()
    if text[at:].strip():
        raise ValueError("text after the list")
