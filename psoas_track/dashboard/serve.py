"""`psoas-track dashboard LOG`: the page served by Voilà on this computer only.

Voilà runs the dashboard notebook and shows its widgets without any code. It listens on
127.0.0.1 (nothing on the network can reach it) and asks for a token, which is in the
printed address; everything it serves comes from the installed packages (no CDN), so it
works with no internet connection. The notebook and the reports made from the page live
in a temporary folder, removed when the dashboard stops (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from psoas_track.dashboard.page import LOG_ENV, REPORTS_ENV
from psoas_track.errors import PsoasError

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "dashboard.ipynb"
# Our Voilà template (share/voila/templates/psoas): the lab one without CDN links.
SHARE = HERE / "share"
PAGE_NAME = "psoas_track.ipynb"  # Voilà names the browser tab after the notebook
STARTUP_SECONDS = 60


class DashboardError(PsoasError):
    """The dashboard cannot start; the message says what to do."""


@dataclass
class Running:
    url: str  # the address to open, token included
    process: subprocess.Popen
    root: Path  # the temporary folder Voilà serves

    def stop(self) -> None:
        """Stop Voilà and its kernels, and remove the temporary folder."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Voilà shuts its kernels down
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(log_path: str | Path, port: int | None = None) -> Running:
    """Start Voilà on the log's dashboard and wait until the page answers."""
    log_path = Path(log_path).resolve()
    if not log_path.is_file():
        raise DashboardError(f"There is no log at {log_path}; check the name and the folder.")
    root = Path(tempfile.mkdtemp(prefix="psoas-dashboard-"))
    shutil.copy(NOTEBOOK, root / PAGE_NAME)
    (root / "reports").mkdir()
    port = port or free_port()
    token = secrets.token_urlsafe(24)
    paths = os.pathsep.join(p for p in (str(SHARE), os.environ.get("JUPYTER_PATH", "")) if p)
    env = {
        **os.environ,
        LOG_ENV: str(log_path),
        REPORTS_ENV: str(root / "reports"),
        "JUPYTER_PATH": paths,
    }
    command = [
        sys.executable, "-m", "voila", PAGE_NAME, "--no-browser", f"--port={port}",
        "--Voila.ip=127.0.0.1", f"--token={token}", "--template=psoas",
        # The only files the page may fetch besides Voilà's own: the reports it made.
        "--VoilaConfiguration.file_allowlist=['reports/.*\\.html']",
        "--VoilaConfiguration.show_tracebacks=False",
    ]  # fmt: skip
    log = open(root / "voila.log", "wb")  # noqa: SIM115 (kept open for the server's life)
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)
    running = Running(f"http://127.0.0.1:{port}/?token={token}", process, root)
    try:
        _wait_until_up(running)
    except BaseException:
        running.stop()
        raise
    return running


def _wait_until_up(running: Running) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            tail = (running.root / "voila.log").read_text(errors="replace")[-600:]
            raise DashboardError(
                f"The dashboard's web server stopped as it started. Its last words:\n{tail}"
            )
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(running.url, timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.3)
    raise DashboardError(
        f"The dashboard's web server did not answer within {STARTUP_SECONDS} s; try again."
    )


@contextlib.contextmanager
def running_dashboard(log_path: str | Path, port: int | None = None) -> Iterator[Running]:
    """A dashboard for the length of a with-block (tests, scripts)."""
    running = start(log_path, port)
    try:
        yield running
    finally:
        running.stop()


def serve(log_path: str | Path, port: int | None = None, open_browser: bool = True) -> None:
    """Serve until Ctrl-C: print the address, open the browser unless told not to."""
    running = start(log_path, port)
    try:
        print(f"The dashboard of {Path(log_path).name} is at:\n  {running.url}", flush=True)
        print("Only this computer can open it. Press Ctrl-C to stop.", flush=True)
        if open_browser:
            webbrowser.open(running.url)
        while running.process.poll() is None:
            time.sleep(0.5)
        raise DashboardError("The dashboard's web server stopped; start it again.")
    except KeyboardInterrupt:
        print("Stopped the dashboard.", flush=True)
    finally:
        running.stop()
