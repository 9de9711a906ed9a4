"""The dashboard among other users of the machine (issue 25): each attack measured on
it, kept as a test against a real Voilà on 127.0.0.1, with real signals and, when the
tests run as root, a real second user (nobody).

No test uses the network: every request goes to 127.0.0.1 without any proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest

from psoas_track.dashboard import serve as serving
from psoas_track.dashboard.places import ALIVE_ROUTE, REPORT_ROUTE
from psoas_track.dashboard.private import PrivateFolder
from psoas_track.dashboard.serve import DashboardError, running_dashboard, start

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example_log.csv"
#: The command's side run as `psoas-track dashboard` runs it, in a process of its own.
SERVE = "import sys; from psoas_track.dashboard.serve import serve; serve(sys.argv[1], None, False)"


def log_in(folder: Path, name: str = "my log.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE, folder / name)
    return folder / name


def ask(port: int, path: str = "/", headers: dict | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET straight to 127.0.0.1 (no proxy, no redirect)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def token_header(running) -> dict:
    return {"Authorization": f"token {running.token}"}


def login_cookie(running) -> str:
    """The cookie a browser gets for opening the printed address."""
    status, headers, _ = ask(running.port, f"/{ALIVE_ROUTE}?token={running.token}")
    assert status == 200 and "samesite=lax" in headers["Set-Cookie"].lower()
    return headers["Set-Cookie"].split(";")[0]


def kernels_of(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for process in server.children():
        with contextlib.suppress(psutil.Error):  # gone, or a zombie: no kernel now
            if "ipykernel" in " ".join(process.cmdline()):
                found.append(process)
    return found


def dashboard_servers() -> set[int]:
    """The dashboard servers this test process started and that still run."""
    found = set()
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.NoSuchProcess):
            if "psoas_track.dashboard.server" in child.cmdline():
                found.add(child.pid)
    return found


def server_of(running) -> psutil.Process:
    return psutil.Process(running.process.pid)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    log = log_in(tmp_path_factory.mktemp("logs"))
    with running_dashboard(log) as running:
        yield running, log


# ------------------------------------------------------------------ the token


def test_the_token_is_on_no_command_line_and_in_no_file_or_environment_others_read(dashboard):
    running, _ = dashboard
    status, _, page = ask(running.port, "/", token_header(running))  # a page: a kernel runs
    assert status == 200 and b"kernelId" in page
    server = server_of(running)
    processes = [psutil.Process(os.getpid()), server, *server.children(recursive=True)]
    assert len(kernels_of(server)) >= 1
    checked = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess, FileNotFoundError):  # went meanwhile
            assert running.token not in " ".join(process.cmdline()), process.cmdline()
            environ = Path(f"/proc/{process.pid}/environ")
            assert environ.stat().st_mode & 0o077 == 0  # the owner's alone
            checked += 1
    assert checked >= 3  # this process, the server and a kernel at least
    assert running.token not in " ".join(server.environ().values())
    private = running.folder
    assert private.path.stat().st_mode & 0o777 == 0o700
    assert private.path.parent == Path(tempfile.gettempdir())
    for secret in (private.settings, private.open_page):
        assert secret.stat().st_mode & 0o777 == 0o600 and running.token in secret.read_text()
    assert running.token not in private.server_log.read_text()
    # kernel connection files (their keys) live in the private folder, not in /tmp
    assert list(private.path.glob("voila_*/kernel-*.json"))


def test_the_browser_is_sent_to_a_private_page_not_to_the_address(tmp_path, monkeypatch):
    """webbrowser.open puts what it is given on a browser's command line: a file:// page
    (0600, in the private folder) that goes on to the address, as Jupyter does."""
    opened = {}

    def browser(uri):
        page = Path(uri.removeprefix("file://"))
        opened.update(uri=uri, mode=page.stat().st_mode & 0o777, text=page.read_text())
        raise KeyboardInterrupt  # and the person presses Ctrl-C

    monkeypatch.setattr(serving.webbrowser, "open", browser)
    serving.serve(log_in(tmp_path), open_browser=True)
    assert opened["uri"].startswith("file:///") and "token" not in opened["uri"]
    assert opened["mode"] == 0o600
    assert re.search(r'content="0;url=http://127\.0\.0\.1:\d+/\?token=[\w-]{40,}"', opened["text"])


SECOND_USER = """
import json, os, sys, urllib.request
token, port, server, kernel, settings, open_page = json.loads(sys.stdin.read())
found = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if token.encode() in f.read():
                found.append(f"cmdline of {pid}")
    except OSError:
        pass
refused = {}
for name, path in [("settings", settings), ("open page", open_page),
                   ("server environ", f"/proc/{server}/environ"),
                   ("kernel environ", f"/proc/{kernel}/environ")]:
    try:
        with open(path, "rb") as f:
            f.read()
        refused[name] = False
    except PermissionError:
        refused[name] = True
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    page = direct.open(f"http://127.0.0.1:{port}/", timeout=60).read().decode()
except OSError as error:
    page = str(error)
print(json.dumps({"found": found, "refused": refused, "page": "kernelId" in page,
                  "login": "login" in page.lower()}))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="Acting as a second user needs root.")
def test_a_second_local_user_finds_no_token_and_gets_no_page(dashboard):
    running, _ = dashboard
    python = shutil.which("python3", path="/usr/bin:/bin")  # nobody cannot reach the venv's
    assert python, "the system's python3 is needed to act as a second user"
    status, _, _ = ask(running.port, "/", token_header(running))
    assert status == 200
    server = server_of(running)
    kernel = kernels_of(server)[0]
    facts = [running.token, running.port, server.pid, kernel.pid,
             str(running.folder.settings), str(running.folder.open_page)]  # fmt: skip
    seen = subprocess.run(
        [python, "-c", SECOND_USER],
        input=json.dumps(facts), capture_output=True, text=True, user="nobody", timeout=120,
        env={"PATH": "/usr/bin:/bin", "http_proxy": "http://127.0.0.1:9"},
    )  # fmt: skip
    assert seen.returncode == 0, seen.stderr
    answer = json.loads(seen.stdout)
    assert answer["found"] == []
    assert answer["refused"] == dict.fromkeys(answer["refused"], True) and answer["refused"]
    assert answer["page"] is False and answer["login"] is True


# ------------------------------------------------------------------ the port and the check


def test_a_taken_port_is_an_error_in_one_sentence_and_no_other_port_is_taken(tmp_path):
    log = log_in(tmp_path)
    ours = f"psoas-dashboard-{os.getpid()}-*"
    before = set(Path(tempfile.gettempdir()).glob(ours))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(DashboardError) as refusal:
            start(log, port)
    assert str(refusal.value) == (
        f"Port {port} is taken by another program; choose another with --port, or leave "
        "--port out to take a free one."
    )
    assert set(Path(tempfile.gettempdir()).glob(ours)) == before  # no folder, no server


def test_the_server_itself_never_moves_to_another_port(tmp_path, monkeypatch):
    """Even when the port is taken after the command looked (Voilà would try 50 others)."""
    monkeypatch.setattr(serving, "_check_port", lambda port: None)
    log = log_in(tmp_path)
    before = dashboard_servers()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(DashboardError, match=f"^Port {port} is taken by another program"):
            start(log, port)  # a server that moved on would answer, on P+1 or further
    assert dashboard_servers() == before  # no server left running either


class _Answers200(http.server.BaseHTTPRequestHandler):
    """A proxy, or another program on the port: 200 to everything, and it notes each."""

    seen: list[str] = []
    body = b"{}"

    def do_GET(self):
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def answers_200():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers200)
    _Answers200.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_start_up_check_goes_to_127_0_0_1_past_any_proxy(tmp_path, monkeypatch, answers_200):
    proxy = f"http://127.0.0.1:{answers_200.server_address[1]}"
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with running_dashboard(log_in(tmp_path)) as running:
        assert ask(running.port, f"/{ALIVE_ROUTE}", token_header(running))[0] == 200
    assert _Answers200.seen == []  # the proxy saw nothing, the token least of all


def test_the_start_up_check_wants_this_servers_own_secret(tmp_path, answers_200):
    """Another program that answers 200 on the port is not taken for the dashboard."""
    _Answers200.body = json.dumps({"nonce": "someone else's"}).encode()
    folder = PrivateFolder(tmp_path)
    (tmp_path / "voila.log").write_text("")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    running = serving.Running(
        "", sleeper, folder, answers_200.server_address[1], "token", "our own secret"
    )
    try:
        with pytest.raises(DashboardError, match="^Another program answers on port"):
            serving._wait_until_up(running)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert _Answers200.seen == [f"/{ALIVE_ROUTE}"]


# ------------------------------------------------------------------ Host and Origin


def test_host_must_be_127_0_0_1_or_localhost(dashboard):
    running, _ = dashboard
    port = running.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert ask(port, f"/{ALIVE_ROUTE}", {**token_header(running), "Host": host})[0] == 200
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
        headers = {**token_header(running), "Host": host}
        assert ask(port, f"/{ALIVE_ROUTE}", headers)[0] == 403, host
        status, _, body = ask(port, "/", headers)  # the page: no kernel, nothing shown
        assert status == 403 and b"kernelId" not in body


async def _websocket(port: int, kernel_id: str, headers: dict) -> int:
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels"
    try:
        connection = await websocket_connect(HTTPRequest(url, headers=headers))
    except HTTPClientError as error:
        return error.code
    connection.close()
    return 101


def test_a_websocket_must_come_from_this_page(dashboard):
    running, _ = dashboard
    port, cookie = running.port, login_cookie(running)
    status, _, page = ask(port, "/", {"Cookie": cookie})
    kernel_id = re.search(rb'"kernelId": "([\w-]+)"', page).group(1).decode()
    ours = f"http://127.0.0.1:{port}"

    def answer(**headers):
        return asyncio.run(_websocket(port, kernel_id, {"Cookie": cookie, **headers}))

    assert answer(Origin=ours) == 101
    assert answer(Origin="http://evil.example") == 403
    assert answer(Origin=f"http://127.0.0.1:{port + 1}") == 403
    assert answer(Origin="http://evil.example", Host="evil.example") == 403  # rebinding
    assert answer(Origin="null") == 403


# ------------------------------------------------------------------ the log picker


def test_the_picker_offers_the_folders_logs_only_and_refuses_any_other_path(tmp_path):
    from psoas_track.dashboard import Dashboard

    folder = tmp_path / "logs"
    log, second = log_in(folder), log_in(folder, "second.csv")
    (folder / "notes.md").write_text("not a log")
    deeper = log_in(folder / "sub", "deeper.csv")
    outside = log_in(tmp_path / "elsewhere", "other.csv")
    (folder / "linked.csv").symlink_to(outside)  # a link could lead anywhere
    page = Dashboard(log)
    assert page.picker.options == ("my log.csv", "second.csv")
    refusal = (
        f"<p style='color:#a33'>Only the logs in {folder} can be opened here; put the file "
        "in that folder, or start the dashboard for a log in its own folder.</p>"
    )
    others = ["/etc/passwd", "/etc/shadow", outside, folder / "linked.csv", deeper]
    others += [folder / "notes.md", folder / ".." / "elsewhere" / "other.csv", folder]
    for path in others:
        assert page.open(path) is False, path
        assert page.message.value == refusal and page.log_path == log
    assert page.open(folder / "second.csv") and page.log_path == second
    assert page.message.value == "" and page.picker.value == "second.csv"


def test_a_file_that_is_no_log_is_named_never_quoted(tmp_path):
    """The picker once showed the first line of /etc/shadow in its error."""
    from psoas_track.dashboard import Dashboard

    log = log_in(tmp_path)
    shadow = tmp_path / "shadow.csv"
    shadow.write_text("root:$6$supersecrethash:19000:0:99999:7:::\n")
    page = Dashboard(log)
    assert page.open(shadow) is False and page.log_path == log
    assert "supersecrethash" not in page.message.value and "root:" not in page.message.value
    said = html.unescape(page.message.value)
    assert (
        f'shadow.csv could not be opened as a log; to see why, run: psoas-track check "{shadow}"'
        in said
    )


def test_the_page_says_where_reports_go_and_links_this_logs_latest(tmp_path):
    from psoas_track.dashboard import Dashboard

    log = log_in(tmp_path)
    reports = tmp_path / "reports"
    reports.mkdir()
    for week, made_from in (("2026-W39", "my log.csv"), ("2026-W40", "another log.csv")):
        (reports / f"{week}.html").write_text("<p>report</p>")
        (reports / f"{week}.json").write_text(json.dumps({"log": made_from}))
    page = Dashboard(log, report_url=REPORT_ROUTE)
    assert page.reports == reports
    assert f"Reports are saved in <code>{reports}</code>" in page.report_box.children[0].value
    assert f'href="{REPORT_ROUTE}2026-W39.html"' in page.report_link.value
    assert f"Saved as <code>{reports / '2026-W39.html'}</code>" in page.report_link.value


# ------------------------------------------------------------------ files and reports


def test_no_file_is_served_but_reports_and_those_behind_the_token(dashboard):
    running, log = dashboard
    reports = log.parent / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "2026-W01.html").write_text("<p>the week's report</p>")
    address = f"/{REPORT_ROUTE}2026-W01.html"
    status, headers, body = ask(running.port, address)  # no token, no cookie
    assert status in (302, 403) and b"the week's report" not in body
    status, headers, body = ask(running.port, address, token_header(running))
    assert status == 200 and body == b"<p>the week's report</p>"
    assert headers["X-Content-Type-Options"] == "nosniff"
    (reports / "2026-W02.html").symlink_to(log)  # a link in reports/ leads nowhere
    for path in (f"/{REPORT_ROUTE}2026-W02.html", f"/{REPORT_ROUTE}..%2Fmy%20log.csv",
                 f"/{REPORT_ROUTE}../my log.csv", "/voila/files/psoas_track.ipynb",
                 "/voila/files/../voila.json", "/voila.json"):  # fmt: skip
        status, _, body = ask(running.port, path.replace(" ", "%20"), token_header(running))
        assert status != 200 or running.token.encode() not in body, path
        assert b"2026-05-25" not in body and b'"Voila"' not in body, path


# ------------------------------------------------------------------ kernels


def test_kernels_of_gone_pages_are_shut_down_over_50_loads(tmp_path):
    """Voilà starts a kernel on every load; a page that went takes its kernel with it."""
    from psoas_track.dashboard.server import GONE_AFTER_SECONDS

    with running_dashboard(log_in(tmp_path)) as running:
        server = server_of(running)
        alive = []
        for _ in range(50):
            status, _, page = ask(running.port, "/", token_header(running))
            assert status == 200 and b"kernelId" in page
            alive.append(len(kernels_of(server)))
        assert max(alive) <= 4, alive  # flat: not one more kernel per load
        # A page still open (its websocket connected) keeps its kernel; the others go.
        cookie = login_cookie(running)
        page = ask(running.port, "/", {"Cookie": cookie})[2]
        kernel_id = re.search(rb'"kernelId": "([\w-]+)"', page).group(1).decode()

        async def keep_open_then_close() -> int:
            from tornado.httpclient import HTTPRequest
            from tornado.websocket import websocket_connect

            origin = f"http://127.0.0.1:{running.port}"
            url = f"ws://127.0.0.1:{running.port}/api/kernels/{kernel_id}/channels"
            request = HTTPRequest(url, headers={"Cookie": cookie, "Origin": origin})
            connection = await websocket_connect(request)
            await asyncio.sleep(GONE_AFTER_SECONDS + 15)
            left = len(kernels_of(server))
            connection.close()
            return left

        assert asyncio.run(keep_open_then_close()) == 1  # the open page's, only
        assert wait_for(lambda: kernels_of(server) == [], GONE_AFTER_SECONDS + 30)


# ------------------------------------------------------------------ dying with the command


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM", "SIGHUP", "SIGKILL"])
def test_the_server_dies_with_the_command_however_it_ends(tmp_path, stop):
    log = log_in(tmp_path)
    command = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(log)], stdout=subprocess.PIPE, text=True
    )
    try:
        url = [command.stdout.readline(), command.stdout.readline()][1].strip()
        port, token = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)", url).groups()
        assert ask(int(port), "/", {"Authorization": f"token {token}"})[0] == 200
        (server,) = psutil.Process(command.pid).children()
        left = [server, *kernels_of(server)]
        folder = Path(server.cmdline()[-2])
        assert folder.name.startswith(f"psoas-dashboard-{command.pid}-") and len(left) == 2
        command.send_signal(getattr(signal, stop))
        rest = command.communicate(timeout=60)[0]
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()
    gone, still = psutil.wait_procs(left, timeout=30)
    assert still == [] and refused(int(port))
    if stop == "SIGKILL":  # nothing could run in the command: the next start tidies up
        assert folder.exists()
        PrivateFolder.make().remove()
        assert not folder.exists()
    else:
        assert "Stopped the dashboard." in rest and command.returncode == 0
        assert not folder.exists()


def test_a_start_removes_only_what_killed_starts_left(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    killed = tmp_path / f"psoas-dashboard-{finished.pid}-x"
    (killed / "voila_abc").mkdir(parents=True)
    (killed / "voila_abc" / "kernel-1.json").write_text('{"key": "secret"}')
    living = tmp_path / f"psoas-dashboard-{os.getpid()}-y"
    living.mkdir()
    made = PrivateFolder.make()
    assert not killed.exists() and living.exists() and made.path.parent == tmp_path
    made.remove()
