"""The files that travel with the package: the user's notebooks and the example log.

In the repository they live once, in notebooks/ and data/ beside the package; a wheel
carries them inside it as psoas_track/notebooks/ and psoas_track/data/ (copied in when it
is built, by scripts/ship_files.py). This module finds them in either place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from psoas_track.errors import PsoasError

PACKAGE = Path(__file__).resolve().parent
USER_NOTEBOOKS = ("explore.ipynb", "log_entry.ipynb")
# The line of each notebook that names the log, and the variable it sets.
LOG_VARIABLES = {"explore.ipynb": "LOG_PATH", "log_entry.ipynb": "LOG"}


def _folder(name: str) -> Path:
    inside = PACKAGE / name  # an installed wheel
    return inside if inside.is_dir() else PACKAGE.parent / name  # a clone


def notebooks_folder() -> Path:
    return _folder("notebooks")


def example_log() -> Path:
    return _folder("data") / "example_log.csv"


class CopyError(PsoasError):
    """The notebooks cannot be copied into the folder; the message says what to do."""


def copy_notebooks(target: str | os.PathLike, log: str | os.PathLike) -> list[Path]:
    """Copy explore.ipynb and log_entry.ipynb into `target`, each reading `log`.

    The log is written relative to the target folder when it lies under it (the folder
    can then be moved as a whole), else as an absolute path. Existing notebooks of the
    same name are not overwritten (CopyError, as when the folder cannot be written).
    """
    target = Path(target)
    for name in USER_NOTEBOOKS:  # all checked before any is written
        if (target / name).exists():
            raise CopyError(
                f"{target / name} already exists; move it away or choose another folder, "
                "so that nothing of yours is overwritten."
            )
    try:
        return _write_notebooks(target, log)
    except OSError as error:
        raise CopyError(
            f"The notebooks could not be written to {target} ({error.strerror or error}). "
            "Choose a folder you can write to."
        ) from error


def _write_notebooks(target: Path, log: str | os.PathLike) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    log_text = _log_text(Path(log), target)
    made = []
    for name in USER_NOTEBOOKS:
        destination = target / name
        notebook = json.loads((notebooks_folder() / name).read_text(encoding="utf-8"))
        _point_at_log(notebook, LOG_VARIABLES[name], log_text)
        destination.write_text(
            json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        made.append(destination)
    return made


def _log_text(log: Path, target: Path) -> str:
    log = log.expanduser().resolve()
    try:
        return log.relative_to(target.resolve()).as_posix()
    except ValueError:
        return str(log)


def _point_at_log(notebook: dict, variable: str, log_text: str) -> None:
    """Replace the one `VARIABLE = ...` line that names the log."""
    for cell in notebook["cells"]:
        lines = cell["source"] if isinstance(cell["source"], list) else [cell["source"]]
        for i, line in enumerate(lines):
            if cell["cell_type"] == "code" and line.startswith(f"{variable} = "):
                literal = json.dumps(log_text)  # a valid Python string literal too
                value = f"Path({literal})" if "Path(" in line else literal
                comment = line[line.index("  #") :].rstrip("\n") if "  #" in line else ""
                newline = "\n" if line.endswith("\n") else ""
                lines[i] = f"{variable} = {value}{comment}{newline}"
                cell["source"] = lines
                return
    raise ValueError(f"The notebook has no line setting {variable}; it cannot be pointed at a log.")
