"""The safe file mechanics: a lock per log, the spreadsheet-open check, backups, and
atomic replacement (a temporary file in the same folder, fsync, os.replace).
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from psoas_track.write.errors import JournalError

KEEP_BACKUPS = 3  # <name>.bak (the version before the last write), <name>.1.bak, ...
LOCK_TIMEOUT = 30.0  # seconds to wait for another writer of the same log


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def backup_paths(path: str | Path) -> list[Path]:
    """The backups of a log, newest first: log.csv.bak, log.csv.1.bak, log.csv.2.bak."""
    path = Path(path)
    return [path.with_name(f"{path.name}.bak")] + [
        path.with_name(f"{path.name}.{n}.bak") for n in range(1, KEEP_BACKUPS)
    ]


def spreadsheet_lock(path: str | Path) -> Path | None:
    """The lock file a spreadsheet program keeps beside a log it has open, if any.

    Excel writes `~$<name>` (Word-style programs drop the first two letters of the name),
    LibreOffice and OpenOffice `.~lock.<name>#`.
    """
    path = Path(path)
    candidates = [f".~lock.{path.name}#", f"~${path.name}"]
    if len(path.stem) > 2:
        candidates.append(f"~${path.name[2:]}")
    for name in candidates:
        found = path.with_name(name)
        if found.exists():
            return found
    return None


def _refuse_if_open(path: Path) -> None:
    lock = spreadsheet_lock(path)
    if lock is None:
        return
    program = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
    raise JournalError(
        f"The log {path.name} is open in a spreadsheet program ({program} keeps the file "
        f"{lock.name} beside it). Close it there first, so that nothing you type there "
        f"is lost, then try again. If the program is not running, delete {lock.name}."
    )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(_lock_path(path)), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire(poll_interval=0.005)
    except Timeout as error:
        raise JournalError(
            f"Another program is writing to {path.name} right now and did not finish "
            f"within {LOCK_TIMEOUT:.0f} seconds. Try again in a moment."
        ) from error
    except OSError as error:
        raise JournalError(
            f"The folder of {path.name} cannot be written to ({error.strerror}). "
            "Check that the folder is yours and not read-only."
        ) from error
    try:
        yield
    finally:
        lock.release()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the file system allows it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) cannot sync a folder; the file is synced
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write data to path so that path is always either the old or the new file."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files a killed writer left behind (only lock holders make them)."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            temp.unlink()


def _keep_backup(path: Path, data: bytes, mode: int) -> None:
    """Keep the current version (whose bytes are data) as <name>.bak; older ones move down.

    The current file is hard-linked as the backup (no copy: the file is about to be
    replaced by a new one, so the old one lives on under the backup's name); where the
    folder allows no hard links, the bytes are written.
    """
    paths = backup_paths(path)
    for older, newer in zip(reversed(paths[1:]), reversed(paths[:-1]), strict=True):
        if newer.exists():
            os.replace(newer, older)
    link = paths[0].with_name(f".{paths[0].name}.{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.link(path, link)
        os.replace(link, paths[0])
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(link)
        _atomic_write(paths[0], data, mode)
