"""Where a report's files are made and put: the --out folder, a work folder inside it, and
the rename into place that makes a report there whole or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from psoas_track.report.errors import ReportError

#: Work folders (and kernel files) are named `<prefix><pid>-...`, so a later run can tell
#: what a killed one left behind.
WORK_FOLDERS = ".psoas-report-"


@dataclass(frozen=True)
class Rendered:
    week: str
    notebook: Path
    html: Path
    figures: Path
    pdf: Path | None = None

    @classmethod
    def at(cls, folder: Path, week: str, pdf: bool = False) -> Rendered:
        """The files of `week`'s report in `folder`."""
        files = (folder / f"{week}{ext}" for ext in (".ipynb", ".html", ".json"))
        return cls(week, *files, folder / f"{week}.pdf" if pdf else None)


def writable_folder(out_dir: str | Path) -> Path:
    """The --out folder, made if missing, or a ReportError when reports cannot go there."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=f"{WORK_FOLDERS}{os.getpid()}-"):
            pass
    except OSError as error:
        raise ReportError(
            f"Cannot write the reports into {out_dir} ({error.strerror or error}). Choose a "
            "folder you can write to with --out."
        ) from error
    return out_dir.resolve()  # the kernel runs in another folder: it needs whole paths


def work_folder(out_dir: Path) -> tempfile.TemporaryDirectory:
    """A folder inside `out_dir` (the same filesystem, so files rename into place)."""
    remove_left_behind(out_dir, WORK_FOLDERS)
    return tempfile.TemporaryDirectory(prefix=f"{WORK_FOLDERS}{os.getpid()}-", dir=out_dir)


def put_in_place(made: Path, destination: Path) -> None:
    try:
        os.replace(made, destination)
    except OSError as error:
        raise ReportError(
            f"Cannot put {destination.name} in {destination.parent} ({error.strerror}); "
            "check that it is not open elsewhere or is a folder, and try again."
        ) from error


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_left_behind(folder: Path, prefix: str) -> None:
    """Remove files and folders named `<prefix><pid>-...` whose process is gone: what a
    killed run left (kernel sockets, half-made reports)."""
    for path in folder.glob(f"{prefix}*"):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
