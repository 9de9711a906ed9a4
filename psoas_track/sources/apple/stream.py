"""An export.xml's bytes -> its top-level elements, one by one, in flat memory whatever
the file's shape.

expat is driven directly, so that only what the tally reads is ever kept: each child of
<HealthData> (Record, Workout, ...) becomes an element holding its attributes, and is
handed on once it ends. What is inside it (MetadataEntry,
HeartRateVariabilityMetadataList, WorkoutEvent, ...) and any text or whitespace are passed
by, never kept. Limits a real export is far from, each a SourceError naming the line:
elements nested deeper than MAX_DEPTH, more than MAX_INSIDE elements inside one record,
MAX_GAP bytes in which no element starts or ends (a tag, an attribute or a run of text of
megabytes: expat would hold it whole).

Entities: the DOCTYPE at the top is blanked before expat sees it (iOS 16 wrote a broken
one, and nothing in it is needed), found by reading the prolog as XML reads it, so a
comment like `<!-- <HealthData> -->` before it does not hide it. An entity declaration
that still reaches expat is refused: no entity is ever expanded or fetched. Control
characters, which XML forbids but exports hold (\\x0b), are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element
from xml.parsers import expat

from psoas_track.sources.base import SourceError

# How far to read for the end of the DOCTYPE (Apple's is about 10 KB).
PROLOG_LIMIT = 4 << 20
# HealthData > Correlation > Record > MetadataEntry is 4 deep in a real export.
MAX_DEPTH = 16
# A workout's events and statistics, a heart-rate reading's beats: some hundreds.
MAX_INSIDE = 100_000
MAX_GAP = 4 << 20

_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r")
_BOM = b"\xef\xbb\xbf"
# What may come before the DOCTYPE: the XML declaration, comments, processing instructions.
_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
# Inside the DOCTYPE: quoted text and comments (read past whole: they may hold '>' or
# brackets, or be cut off at the end of what has come so far), brackets and '>'.
_DTD_TOKEN = re.compile(rb"\"[^\"]*\"?|'[^']*'?|<!--(?:.*?-->)?|[\[\]>]", re.S)
MORE = "more"  # the prolog so far cannot tell yet

EXPORT_AGAIN = (
    "Export it again in the Health app (tap your picture, then Export All Health Data) "
    "and import the new export.zip."
)

__all__ = ["EXPORT_AGAIN", "top_level_elements", "without_doctype"]


def without_doctype(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes with the DOCTYPE blanked out and control characters dropped. The DOCTYPE's
    lines are kept as empty lines, so that a line number in a message is the file's."""
    chunks = iter(chunks)
    prolog = b""
    span: tuple[int, int] | str | None = MORE
    for chunk in chunks:
        prolog += chunk
        span = doctype_span(prolog)
        if span != MORE or len(prolog) >= PROLOG_LIMIT:
            break
    if isinstance(span, tuple):
        start, end = span
        prolog = prolog[:start] + b"\n" * prolog.count(b"\n", start, end) + prolog[end:]
    yield prolog.translate(None, _CONTROL)
    for chunk in chunks:
        yield chunk.translate(None, _CONTROL)


def doctype_span(prolog: bytes) -> tuple[int, int] | str | None:
    """(start, end) of the DOCTYPE; None when the document has none (its first element
    comes first); MORE when the bytes so far end before that is known."""
    at = len(_BOM) if prolog.startswith(_BOM) else 0
    while (item := _PROLOG_ITEM.match(prolog, at)) is not None:
        at = item.end()
    rest = prolog[at:].lstrip()
    at = len(prolog) - len(rest)
    cut_off = rest.startswith((b"<?", b"<!--"))  # (whole ones were passed above)
    if cut_off or any(start.startswith(rest) for start in (b"<!DOCTYPE", b"<!--", b"<?")):
        return MORE  # a declaration or comment cut off, or too little to tell
    if not rest.startswith(b"<!DOCTYPE"):
        return None
    end = _doctype_end(prolog, at + len(b"<!DOCTYPE"))
    return MORE if end is None else (at, end)


def _doctype_end(prolog: bytes, at: int) -> int | None:
    """Where the DOCTYPE ends: the first '>' outside its [internal subset], quotes and
    comments. None when it does not end in these bytes. (iOS 16 left a declaration inside
    the subset without its '>': only the brackets count there.)"""
    depth = 0
    for token in _DTD_TOKEN.finditer(prolog, at):
        text = token.group()
        if text[:1] in b"\"'" and (len(text) == 1 or text[-1:] != text[:1]):
            return None  # quoted text cut off
        if text.startswith(b"<!--") and not text.endswith(b"-->"):
            return None  # a comment cut off
        if text == b"[":
            depth += 1
        elif text == b"]":
            depth = max(depth - 1, 0)
        elif text == b">" and depth == 0:
            return token.end()
    return None


class _Reader:
    """expat's events -> the finished top-level elements, within the limits."""

    def __init__(self, parser: expat.XMLParserType, name: str) -> None:
        self.parser = parser
        self.name = name
        self.depth = 0
        self.started = False
        self.current: Element | None = None
        self.inside = 0  # elements inside the current top-level one
        self.ready: list[Element] = []
        self.last_event = 0  # byte index of the last element that started or ended
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.EntityDeclHandler = self.entity

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        self.last_event = self.parser.CurrentByteIndex
        if self.depth == 2:
            self.current = Element(tag, attributes)
            self.inside = 0
        elif self.depth == 1:
            _check_root(tag, self.name)
            self.started = True
        else:
            self.inside += 1
            self._check_inside()

    def end(self, tag: str) -> None:
        self.last_event = self.parser.CurrentByteIndex
        if self.depth == 2 and self.current is not None:
            self.ready.append(self.current)
            self.current = None
        self.depth -= 1

    def entity(self, name: str, *_: object) -> None:
        raise SourceError(
            f"{self.name} declares an entity ('{name}', line "
            f"{self.parser.CurrentLineNumber:,}), which no Apple Health export does: it "
            f"could fill the memory or read other files, so the export was not read. "
            f"{EXPORT_AGAIN}"
        )

    def _check_inside(self) -> None:
        line = self.parser.CurrentLineNumber
        if self.depth > MAX_DEPTH:
            raise SourceError(
                f"{self.name} has elements nested more than {MAX_DEPTH} deep (line {line:,}), "
                f"which no Apple Health export has, so it was not read. {EXPORT_AGAIN}"
            )
        if self.inside > MAX_INSIDE:
            raise SourceError(
                f"{self.name} has a record holding more than {MAX_INSIDE:,} elements (up to "
                f"line {line:,}), which no Apple Health export has, so it was not read. "
                f"{EXPORT_AGAIN}"
            )

    def check_gap(self, fed: int) -> None:
        if fed - self.last_event > MAX_GAP:
            raise SourceError(
                f"{self.name} has more than {MAX_GAP >> 20} MB in which no element starts or "
                f"ends, after line {self.parser.CurrentLineNumber:,}; no Apple Health export "
                f"has that, so it was not read. {EXPORT_AGAIN}"
            )

    def take(self) -> list[Element]:
        ready, self.ready = self.ready, []
        return ready


def top_level_elements(chunks: Iterable[bytes], name: str) -> Iterator[Element]:
    """Each child of <HealthData> once it has ended (Record, Workout, ...), with its
    attributes and nothing inside it; the Records inside a Correlation are not given
    (the export also lists them at the top)."""
    parser = expat.ParserCreate()
    reader = _Reader(parser, name)
    fed = 0
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            fed += len(chunk)
            yield from reader.take()
            reader.check_gap(fed)
        parser.Parse(b"", True)
        yield from reader.take()
    except expat.ExpatError as error:
        raise SourceError(_unreadable(error, name, reader.started)) from None


def _check_root(tag: str, name: str) -> None:
    if tag != "HealthData":
        raise SourceError(
            f"{name} is XML but not an Apple Health export: it starts with <{tag}>, "
            "not <HealthData>. Give the export.xml (or the export.zip) from the Health app."
        )


def _unreadable(error: expat.ExpatError, name: str, started: bool) -> str:
    if not started:
        return (
            f"{name} is not an Apple Health export: it is not XML that opens with "
            f"<HealthData>. Give the export.xml (or the export.zip) from the Health app."
        )
    reason = expat.errors.messages.get(error.code, "not XML")
    return (
        f"{name} cannot be read past line {error.lineno:,} ({reason}): the file is damaged or "
        f"cut short. {EXPORT_AGAIN}"
    )
