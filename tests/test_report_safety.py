"""A report made from a hostile log shows its text as text, loads nothing, runs nothing.

Rendered for real (papermill, a kernel, nbconvert) and opened in headless Chromium with
a server on 127.0.0.1 that records any request the page makes.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.server
import json
import re
import subprocess
import tempfile
import threading

import pytest

from psoas_track import report
from psoas_track.report.safe import text
from psoas_track.sample import generate_log, write_log

SECRET = "TOPSECRET-ssh-key-0123456789"
PWNED = "PWNED"  # what every payload would set document.title to


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def payloads(url: str) -> list[str]:
    """Three notes, for the three days with the most pain (the report shows their notes)."""
    title = f"document.title='{PWNED}'"
    return [
        f'<img src=x onerror="{title}"> <svg onload="{title}"></svg> '
        f'<details open ontoggle="{title}">x</details> <script>{title}</script> '
        f'<img src="{url}/img.png">',
        f"![t]({url}/track.png) [click]({url}/link) {url}/bare www.example.com ![](secret.txt) "
        "pain <3 today | a|b | **bold** _x_ `code` # not a heading",
        "emoji 😣🦴 and right-to-left: ألم في الظهر שלום " + "long " * 20_000,  # 100 KB
    ]


@pytest.fixture(scope="module")
def hostile(server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "secret.txt").write_text(SECRET)
    entries = generate_log(days=21, seed=5, start=dt.date(2026, 11, 2))
    entries = entries.astype({"notes": object, "sitting_hours": object})
    entries["notes"] = None
    for day, (pain, note) in enumerate(zip((9.0, 8.0, 7.0), payloads(server), strict=True)):
        rows = entries.index[entries["date"] == dt.date(2026, 11, 16 + day).isoformat()]
        entries.loc[rows, ["back_pain", "hip_pain", "knee_pain"]] = pain
        entries.loc[rows[0], "notes"] = note
    bad = f"<img src=x onerror=\"document.title='{PWNED}'\">"
    entries.loc[entries.index[3], "sitting_hours"] = bad
    entries[f"<svg onload=\"document.title='{PWNED}'\">"] = range(len(entries))
    entries["mood <b>|</b>"] = ["<i>ok</i> | fine ![x](secret.txt)"] * len(entries)
    path = folder / "log <img src=x onerror=alert(1)> [a](b).csv"
    write_log(entries, path)
    rendered = report.render_week(path, "2026-W47", folder / "out")
    return rendered, rendered.html.read_text(encoding="utf-8")


def test_text_shows_markup_as_references():
    assert text("<b>|[x](y)") == "&#60;b&#62;&#124;&#91;x&#93;(y)"
    assert text("http://a.b") == "http&#58;//a.b"
    assert text("a\nb\r\nc\x00") == "a b c"
    assert text("x" * 600).startswith("x" * 500 + "… (100 more characters")


def test_report_html_has_no_live_markup_and_inlines_no_file(hostile):
    rendered, html = hostile
    body = html.split("<body", 1)[1]
    for live in ("onerror", "onload", "ontoggle"):
        # the words may show as text, never as an attribute of a tag
        assert not re.search(rf"<[a-z][^>]*\s{live}\s*=", body, re.I), live
    assert "<script>document.title" not in body
    assert not re.search(r"<img[^>]+src=\"(?!data:image/png;base64,)", body)
    assert SECRET not in html
    assert base64.b64encode(SECRET.encode()).decode()[:16] not in html
    cells = json.loads(rendered.notebook.read_text(encoding="utf-8"))["cells"]
    charts = sum("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
    assert len(re.findall(r"<img ", body)) == charts >= 4  # the report's charts, no other


def test_report_shows_the_notes_as_text(chromium, hostile):
    rendered, _ = hostile
    page = _dump_dom(chromium, rendered.html)
    visible = re.sub(r"<[^>]+>", "", page)
    assert "pain &lt;3 today" in visible
    assert "a|b" in visible
    assert "**bold**" in visible
    assert "😣" in visible and "ألم في الظهر" in visible
    assert "more characters in the log" in visible  # the 100 KB note, cut


def test_opening_the_report_runs_nothing_and_loads_nothing(chromium, hostile, server):
    rendered, _ = hostile
    _Recorder.requests.clear()
    page = _dump_dom(chromium, rendered.html)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert PWNED not in title
    assert "2026-W47" in title or title.strip()
    assert _Recorder.requests == []


def _dump_dom(chromium: str, html_path) -> str:
    """The page's DOM after 2 s of (virtual) time in headless Chromium."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}",
                "--virtual-time-budget=2000", "--dump-dom", html_path.as_uri(),
            ],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
    return result.stdout
