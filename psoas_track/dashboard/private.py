"""One start's private folder: the page's notebook, Voilà's settings with the token, the
kernels' connection files, the server's log and the page that opens the browser.

The folder is made 0700 and its files 0600, so no other user reads the token or a
kernel's key; it is removed when the dashboard stops, and a later start removes the
folders of starts whose command is gone (killed, or its machine lost power).
"""

from __future__ import annotations

import html
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psoas_track.dashboard.places import OPEN_PAGE, PAGE, PRIVATE_PREFIX, SERVER_LOG, SETTINGS
from psoas_track.report.folders import remove_left_behind

NOTEBOOK = Path(__file__).resolve().parent / "dashboard.ipynb"


@dataclass(frozen=True)
class PrivateFolder:
    path: Path

    @classmethod
    def make(cls) -> PrivateFolder:
        """A new private folder, after removing those that killed starts left."""
        remove_left_behind(Path(tempfile.gettempdir()), PRIVATE_PREFIX)
        folder = cls(Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-")))
        folder.page.parent.mkdir(mode=0o700)
        shutil.copyfile(NOTEBOOK, folder.page)
        return folder

    @property
    def page(self) -> Path:
        return self.path / PAGE

    @property
    def settings(self) -> Path:
        return self.path / SETTINGS

    @property
    def open_page(self) -> Path:
        return self.path / OPEN_PAGE

    @property
    def server_log(self) -> Path:
        return self.path / SERVER_LOG

    def write_settings(self, settings: dict[str, Any]) -> None:
        _write_private(self.settings, json.dumps(settings, indent=1))

    def write_open_page(self, url: str) -> None:
        """The page the browser is started on: it goes on to `url` (token included)."""
        address = html.escape(url, quote=True)
        _write_private(
            self.open_page,
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0;url={address}">'
            "<title>Opening your psoas pain log</title></head><body>"
            f'<p>Opening <a href="{address}">your dashboard</a>...</p></body></html>\n',
        )

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _write_private(path: Path, text: str) -> None:
    """Write a new file only this user can read (never through a link put in its place)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o600), "w", encoding="utf-8") as file:
        file.write(text)
