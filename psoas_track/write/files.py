"""The safe file mechanics: a lock per log, the spreadsheet-open check, backups, and
atomic replacement (a temporary file in the same folder, fsync, os.replace); a new file
written whole or not at all (write_new_file).
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
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


def _staged(path: Path, data: bytes, like: os.stat_result | None = None) -> str:
    """A temporary file beside path holding data, synced to disk, with the mode and owner
    of `like`: the new version, ready to take path's place. Nothing else is touched; on a
    failure (a full disk) the temporary file is removed and the error raised."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if like is not None:
            os.chmod(temp, stat.S_IMODE(like.st_mode))
            _keep_owner(temp, like)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _keep_owner(temp: str, like: os.stat_result) -> None:
    """Give the new version the log's owner and group (the writer's own by default)."""
    if not hasattr(os, "chown"):
        return
    mine = os.stat(temp)
    if (mine.st_uid, mine.st_gid) == (like.st_uid, like.st_gid):
        return
    try:
        os.chown(temp, like.st_uid, like.st_gid)
    except PermissionError as error:
        raise JournalError(
            "The log belongs to another user, and a new version written by you would "
            "belong to you. Nothing was written; add the entry as the log's owner."
        ) from error


def write_new_file(path: Path, data: bytes, replace: bool = False) -> None:
    """Write a whole new file, never a part of one: the bytes go to a temporary file beside
    `path` (synced), which then takes its place, so a failure (a full disk) leaves what was
    at `path` as it was and no temporary file behind. replace=True: a file there is
    replaced (its mode and owner kept), and only once the new one is complete; otherwise
    FileExistsError when anything is there, checked by the same link that puts the new
    file in place (no other file appears in between). OSError on a failure."""
    like = os.stat(path) if replace and os.path.isfile(path) else None
    temp = _staged(path, data, like)
    try:
        if like is None:
            os.chmod(temp, _new_file_mode())
        if replace:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _link_new(temp: str, path: Path) -> None:
    """Give the temporary file the new name only where nothing has it (a hard link fails
    on any name there, a dangling link too), then drop the temporary name."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:  # a folder without hard links (FAT, some network shares)
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temp, path)
        return
    os.unlink(temp)


def _new_file_mode() -> int:
    """The mode a new file gets from open(): 0o666 less the umask (mkstemp's is 0o600)."""
    umask = os.umask(0o077)
    os.umask(umask)
    return 0o666 & ~umask


def replace_keeping_backups(path: Path, data: bytes, new: bytes) -> None:
    """Replace the log (whose bytes are data) by new, keeping the old version as the
    newest backup, so that a failure at any step leaves the log and every backup as they
    were: the new version is written and synced first, the backup made under a temporary
    name next, then the new file takes the log's place, and only once it is there do the
    backups move down (renames, which need no space)."""
    like = os.stat(path)
    if not like.st_mode & stat.S_IWUSR:
        raise JournalError(
            f"The log {path.name} is read-only (its permissions let no one change it), so "
            "nothing was written. Make it writable in your file manager if you mean to "
            "add to it."
        )
    temp = _staged(path, data=new, like=like)
    try:
        backup = _staged_backup(path, data, like)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    try:
        os.replace(temp, path)
    except BaseException:
        for staged in (temp, backup):
            with contextlib.suppress(OSError):
                os.unlink(staged)
        raise
    _fsync_folder(path.parent)
    try:
        paths = backup_paths(path)
        for older, newer in zip(reversed(paths[1:]), reversed(paths[:-1]), strict=True):
            if newer.exists():
                os.replace(newer, older)
        os.replace(backup, paths[0])
    except OSError as error:
        raise JournalError(
            f"The entry was added to {path.name}, but its backups could not be moved along "
            f"({error.strerror or error}); the version before this entry is kept as "
            f"{Path(backup).name}."
        ) from error
    _fsync_folder(path.parent)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files a killed writer left behind (only lock holders make them)."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            temp.unlink()


def _staged_backup(path: Path, data: bytes, like: os.stat_result) -> str:
    """The current version under a temporary name beside its backups.

    The current file is hard-linked (no copy: it is about to be replaced, so the old one
    lives on under the backup's name); where the folder allows no hard links, the bytes
    are written.
    """
    link = path.with_name(f".{path.name}.bak.{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.link(path, link)
        return str(link)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(link)
    return _staged(path.with_name(path.name + ".bak"), data, like)
