"""Importers: one module per app or device export, each streaming plain entries.

`read_source(path)` tells the source by the file's content (never by its name alone; a
file two sources claim is not guessed), streams it through that source's reader and
returns a `Log` like `read_log` does, with `log.found` saying what was converted and what
was left out. Only a regular file is opened (psoas_track.paths), within the limits of
sources/limits.py; a damaged or hostile file is a SourceError in one sentence. A peer of
`read` behind the front door (psoas_track.readers.read_any): neither imports the other,
both read cells with psoas_track.cells, and nothing here knows about statistics or files
the person typed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from psoas_track import paths
from psoas_track.sources.base import Entry, Found, SourceError
from psoas_track.sources.limits import collected

#: The source modules, in the order detection asks them.
MODULES = ("apple", "fitbit", "googlefit", "garmin", "samsung", "bearable", "daylio")
HEAD_BYTES = 64 * 1024
#: What a damaged (or hostile) archive raises while it is looked into or unpacked: an
#: unknown compression (NotImplementedError), a password (RuntimeError), a broken stream.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)

__all__ = [
    "MODULES",
    "Entry",
    "Found",
    "SourceError",
    "detect",
    "known_formats",
    "read_source",
    "recognise",
]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"psoas_track.sources.{name}")


def sources() -> list[ModuleType]:
    """Every source module (imported on first use: the CLI's --help stays light)."""
    return [_module(name) for name in MODULES]


def known_formats() -> str:
    """The formats that can be imported, one per line, for messages."""
    return "\n".join(f"  {m.NAME}: {m.TITLE} ({m.FILES})" for m in sources())


def head_of(path: Path) -> str:
    """What detection looks at: a zip's member names, else the file's first 64 KB as text
    (a reader that needs a member's content opens it itself)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.namelist())
    with open(path, "rb") as handle:
        data = handle.read(HEAD_BYTES)
    return decode_head(data)


def decode_head(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def _checked_path(path: str | Path) -> Path:
    """The path, once it names a regular file (psoas_track.paths: a pipe would wait
    forever, a device never ends); SourceError saying what it is otherwise."""
    path = Path(path)
    problem = paths.not_a_file(path, "Give the export file the app made (or its .zip).")
    if problem:
        raise SourceError(problem)
    return path


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """A damaged archive or a file that cannot be read, as one sentence."""
    try:
        yield
    except DAMAGED as error:
        raise SourceError(
            f"{path.name} is damaged and cannot be unpacked ({error}). Download or export it "
            "again and give the new file."
        ) from None
    except OSError as error:
        raise SourceError(f"{path.name} cannot be read ({error.strerror or error}).") from None


def recognise(path: Path) -> ModuleType | None:
    """The source module whose format the file holds, None when no source says it is
    theirs: every source is asked (MODULES), by the file's content. SourceError when two
    claim it: the file is not guessed. (A damaged archive raises one of DAMAGED.)"""
    head = head_of(path)
    claims = [module for module in sources() if module.looks_like(path, head)]
    if len(claims) > 1:
        raise SourceError(_claimed_by_several(path, claims))
    return claims[0] if claims else None


def _claimed_by_several(path: Path, claims: list[ModuleType]) -> str:
    titles = " and ".join(f"a {module.TITLE}" for module in claims)
    options = " or ".join(f"--source {module.NAME}" for module in claims)
    return (
        f"{path.name} looks like both {titles}, so it was not guessed. Say which it is "
        f"with {options}."
    )


def detect(path: str | Path) -> ModuleType:
    """The source module whose format the file holds; SourceError naming the known
    formats when none does, or the sources to choose from when several do."""
    path = _checked_path(path)
    with _reading(path):
        module = recognise(path)
    if module is None:
        raise SourceError(
            f"{path.name} is not an export this kit knows. The known formats are:\n"
            f"{known_formats()}\n"
            "A log you keep yourself is read with 'psoas-track check' instead; use --source "
            "NAME if the file is one of these but was not recognised."
        )
    return module


def by_name(name: str) -> ModuleType:
    if name not in MODULES:
        raise SourceError(
            f"There is no source called '{name}'. The sources are:\n{known_formats()}"
        )
    return _module(name)


def read_source(
    path: str | Path,
    source: str | None = None,
    since: dt.date | None = None,
    today: dt.date | None = None,
) -> Any:
    """An app's or device's export as a Log (entries in the schema's measures, one column
    `source` naming where they came from), with `log.found`: what was converted and left out.

    source: the module name (`fitbit`, ...) when detection should not guess.
    since: entries before this day are left out (and counted as such).
    today: entries after this day are left out and counted (default: today).
    """
    from psoas_track.sources.entries import as_log

    path = _checked_path(path)
    module = by_name(source) if source else detect(path)
    found = Found(module.TITLE, module.NAME)
    with _reading(path):
        entries = module.read(path, found)
        if since is not None:
            entries = _since(entries, since, found)
        entries = collected(entries, path.name)
    return as_log(entries, found, path, module.NAME, today or dt.date.today())


def _since(entries, since: dt.date, found: Found):
    for entry in entries:
        if entry.day < since:
            found.leave_out(f"before {since.isoformat()} (--from)")
            continue
        yield entry
