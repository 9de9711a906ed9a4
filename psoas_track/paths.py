"""What a path names, asked before anything is opened: the one rule every reader follows.

Only a regular file is read. A named pipe would wait forever for a writer, and a device
such as /dev/zero never ends, so both are refused at once, before a byte is read. The log
reader (read/files.py) and the app readers (sources/) each say so in their own words.
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

__all__ = ["FILE", "FOLDER", "MISSING", "SPECIAL", "SPECIAL_IN_WORDS", "kind_of"]


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
