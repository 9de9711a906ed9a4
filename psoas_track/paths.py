"""What a path names, asked before anything is opened: the one rule every reader follows.

Only a regular file is read. A named pipe would wait forever for a writer, and a device
such as /dev/zero never ends, so both are refused at once, before a byte is read. The log
reader (read/files.py) and the app readers (sources/) say so in the same words
(`not_a_file`), each naming what to give instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MISSING = "missing"
FOLDER = "folder"
SPECIAL = "special"  # a pipe, a device or a socket
FILE = "file"

#: What SPECIAL means, for messages.
SPECIAL_IN_WORDS = "a pipe, a device or a socket"

__all__ = ["FILE", "FOLDER", "MISSING", "SPECIAL", "SPECIAL_IN_WORDS", "kind_of", "not_a_file"]


def kind_of(path: str | Path) -> str:
    """MISSING, FOLDER, SPECIAL (a pipe, a device or a socket) or FILE, by what the path
    names once links are followed; OSError when it cannot be looked at (no permission).

    >>> kind_of("/dev/zero")
    'special'
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return MISSING
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISREG(mode):
        return FILE
    return SPECIAL


def not_a_file(path: str | Path, give: str) -> str | None:
    """Why `path` cannot be read, in one sentence ending with `give` (what to give
    instead), or None when it names a regular file: the words of every reader."""
    try:
        kind = kind_of(path)
    except OSError as error:
        return f"{path} cannot be opened ({error.strerror}). {give}"
    if kind == MISSING:
        return f"There is no file at {path}. Check the name and the folder."
    if kind == FOLDER:
        return f"{path} is a folder, not a file. {give}"
    if kind == SPECIAL:
        return (
            f"{path} is not a regular file (it is {SPECIAL_IN_WORDS}), so it was not read. {give}"
        )
    return None
