"""`psoas-track dashboard LOG`: the page served by Voilà on this computer only.

Voilà runs the dashboard notebook and shows its widgets without any code (server.py
says how it is set up). The command makes a private folder (private.py) with the
token in a settings file, starts the server from there, checks that the server that
answers is this one, prints the address and opens the browser through a page in the
private folder (the token never goes on a command line). Ctrl-C, SIGTERM or SIGHUP
stop the server and remove the folder; when the command is killed outright, the server
dies with it and the next start removes the folder.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from psoas_track.dashboard.places import ALIVE_ROUTE, LOG_ENV
from psoas_track.dashboard.private import PrivateFolder
from psoas_track.errors import PsoasError

STARTUP_SECONDS = 60
#: The start-up check talks to 127.0.0.1 itself: no proxy from http_proxy and the like.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class DashboardError(PsoasError):
    """The dashboard cannot start; the message says what to do."""


@dataclass
class Running:
    url: str  # the address to open, token included: for the person's own eyes only
    process: subprocess.Popen
    folder: PrivateFolder
    port: int
    token: str
    nonce: str

    def stop(self) -> None:
        """Stop Voilà and its kernels, and remove the private folder."""
        if self.process.poll() is None:
            self.process.terminate()  # Voilà shuts its kernels down on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()  # its kernels follow: they watch their parent
                self.process.wait()
        self.folder.remove()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(log_path: str | Path, port: int | None = None) -> Running:
    """Start Voilà on the log's dashboard and wait until this server answers."""
    log_path = Path(log_path).resolve()
    if not log_path.is_file():
        raise DashboardError(f"There is no log at {log_path}; check the name and the folder.")
    if port:
        _check_port(port)
    port = port or free_port()
    folder = PrivateFolder.make()
    token, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(16)
    url = f"http://127.0.0.1:{port}/?token={token}"
    folder.write_settings(
        {
            "Voila": {"port": port, "token": token},
            "DashboardServer": {"nonce": nonce, "log_folder": str(log_path.parent)},
        }
    )
    folder.write_open_page(url)
    command = [sys.executable, "-m", "psoas_track.dashboard.server", str(folder.path)]
    with open(folder.server_log, "wb") as log:  # the server keeps its own copy open
        process = subprocess.Popen(
            [*command, str(os.getpid())],
            cwd=folder.path,
            env={**os.environ, LOG_ENV: str(log_path)},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # a terminal's Ctrl-C and hang-up come to us: we stop it
        )
    running = Running(url, process, folder, port, token, nonce)
    try:
        _wait_until_up(running)
    except BaseException:
        running.stop()
        raise
    return running


def _check_port(port: int) -> None:
    """A port given with --port is used or refused, never swapped for another."""
    if not 0 < port < 65536:
        raise DashboardError(f"Port {port} does not exist; give a number from 1024 to 65535.")
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise DashboardError(_port_refused(port, error.errno)) from None


def _port_refused(port: int, code: int | None) -> str:
    if code == errno.EADDRINUSE:
        return (
            f"Port {port} is taken by another program; choose another with --port, or leave "
            "--port out to take a free one."
        )
    return f"Port {port} cannot be used here; choose one from 1024 to 65535 with --port."


def _wait_until_up(running: Running) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise DashboardError(_why_it_stopped(running))
        with contextlib.suppress(urllib.error.URLError, OSError, ValueError):
            if _nonce_answered(running) == running.nonce:
                return
            raise DashboardError(
                f"Another program answers on port {running.port}; choose another port with "
                "--port, or leave --port out to take a free one."
            )
        time.sleep(0.3)
    raise DashboardError(
        f"The dashboard's web server did not answer within {STARTUP_SECONDS} s; try again."
    )


def _nonce_answered(running: Running) -> str:
    """The secret the server on the port answers with (to our token, sent in a header)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{running.port}/{ALIVE_ROUTE}",
        headers={"Authorization": f"token {running.token}"},
    )
    with _DIRECT.open(request, timeout=2) as answer:
        return str(json.load(answer).get("nonce"))


def _why_it_stopped(running: Running) -> str:
    words = running.folder.server_log.read_text(errors="replace")
    if "no available port" in words:
        return _port_refused(running.port, errno.EADDRINUSE)
    return f"The dashboard's web server stopped as it started. Its last words:\n{words[-600:]}"


@contextlib.contextmanager
def running_dashboard(log_path: str | Path, port: int | None = None) -> Iterator[Running]:
    """A dashboard for the length of a with-block (tests, scripts)."""
    running = start(log_path, port)
    try:
        yield running
    finally:
        running.stop()


def serve(log_path: str | Path, port: int | None = None, open_browser: bool = True) -> None:
    """Serve until Ctrl-C, SIGTERM or SIGHUP: print the address, open the browser unless
    told not to."""
    with _stopped_by_signals():
        running = None
        try:
            running = start(log_path, port)
            print(f"The dashboard of {Path(log_path).name} is at:\n  {running.url}", flush=True)
            print("Only this computer can open it. Press Ctrl-C to stop.", flush=True)
            if open_browser:
                webbrowser.open(running.folder.open_page.as_uri())
            while running.process.poll() is None:
                time.sleep(0.5)
            raise DashboardError("The dashboard's web server stopped; start it again.")
        except KeyboardInterrupt:
            print("Stopped the dashboard.", flush=True)
        finally:
            if running is not None:
                running.stop()


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal) stop the dashboard as Ctrl-C does."""
    stops = (signal.SIGTERM, signal.SIGHUP) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)
    before = {stop: signal.signal(stop, signal.default_int_handler) for stop in stops}
    try:
        yield
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)
