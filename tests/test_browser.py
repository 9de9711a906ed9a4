"""The dashboard in a real browser: Debian's Chromium, driven by
playwright (executable_path: no browser is downloaded), against a real Voilà server,
and notebooks/explore.ipynb run cell by cell in a real JupyterLab.

With PSOAS_SCREENSHOTS=<folder> the tests also save what the browser showed there.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1:\d+/")
SHOTS = os.environ.get("PSOAS_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


def opened(browser, running):
    """A watched page on the dashboard, its first chart drawn."""
    page = watched_page(browser)
    page.goto(running.url)
    chart_of(page)
    return page


def watched_page(browser, **kwargs):
    """A new page that records every request it makes and every console error."""
    page = browser.new_page(viewport={"width": 1300, "height": 1500}, **kwargs)
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def shot(page, name: str) -> None:
    """Save what the page shows, cut below its lowest visible widget (no empty page)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        bottom = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll('.jupyter-widgets')]
                 .filter(e => e.offsetParent !== null)
                 .map(e => e.getBoundingClientRect().bottom))"""
        )
        size = page.viewport_size
        height = min(size["height"], int(bottom) + 24) if bottom > 0 else size["height"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": height}
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), clip=clip)


def chart_of(page) -> str:
    """The src of the chart the visible explorer tab shows."""
    image = page.locator(".jupyter-widgets.widget-tab .widget-output img").locator("visible=true")
    image.first.wait_for(timeout=60_000)
    return image.first.get_attribute("src")


def redraws(page, change) -> bool:
    """True when the change makes the visible chart a different picture."""
    before = chart_of(page)
    change()
    try:
        page.wait_for_function(
            """before => [...document.querySelectorAll('.widget-tab .widget-output img')]
                 .some(i => i.offsetParent !== null && i.src !== before)""",
            arg=before,
            timeout=30_000,
        )
    except Exception:
        return False
    return True


def control(page, label: str):
    """The widget whose description is exactly `label`."""
    return page.locator(".jupyter-widgets", has=page.get_by_text(label, exact=True)).last


def nudge(page, label: str, key: str = "ArrowRight") -> None:
    handle = control(page, label).locator(".noUi-handle").first
    handle.focus()
    handle.press(key)


def tab(page, name: str) -> None:
    page.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text=name).first.click()


# ------------------------------------------------------------------ the dashboard


@pytest.fixture
def dashboard(tmp_path):
    from psoas_track.dashboard.serve import running_dashboard

    log = tmp_path / "my pain log.csv"
    shutil.copy(ROOT / "data" / "example_log.csv", log)
    with running_dashboard(log) as running:
        yield running, log


def test_the_dashboard_shows_the_log_with_no_code_and_nothing_from_the_internet(browser, dashboard):
    running, log = dashboard
    page = watched_page(browser)
    page.goto(running.url)
    page.get_by_text("Your psoas pain log").wait_for(timeout=60_000)
    assert page.get_by_text("my pain log.csv: 174 days logged, 25 May 2026 to 22 Nov 2026.")
    chart_of(page)
    page.get_by_text("my pain log.csv", exact=False).first.wait_for()
    assert page.locator(".jp-InputArea:visible, .cm-editor:visible").count() == 0  # no code
    shot(page, "dashboard")
    outside = [url for url in page.requests if not LOCAL.match(url) and not url.startswith("data:")]
    assert outside == [] and len(page.requests) > 10
    assert page.errors == []


def test_every_control_redraws_its_chart(browser, dashboard):
    running, _ = dashboard
    page = opened(browser, running)
    assert redraws(
        page, lambda: control(page, "Pain").locator("select").select_option(label="Hip pain (0-10)")
    )
    assert redraws(page, lambda: control(page, "Load").locator("select").select_option(index=3))
    assert redraws(page, lambda: nudge(page, "Smoothing (days)"))
    assert redraws(page, lambda: nudge(page, "Dates"))
    for name in ("Load vs pain", "Associations", "Comparisons", "Experiment"):
        tab(page, name)
        page.wait_for_timeout(200)
        if name == "Experiment":  # no plan beside this log: a sentence, not a chart
            page.get_by_text("No experiment is planned for this log").wait_for(timeout=30_000)
            continue
        chart_of(page)
        if name != "Comparisons":
            assert redraws(page, lambda: nudge(page, "Lag (days)")), name
    tab(page, "Comparisons")
    assert redraws(page, lambda: nudge(page, "Lag (days)", "ArrowLeft"))
    assert page.errors == []


def test_an_entry_added_on_the_page_lands_in_the_log_and_shows(browser, dashboard):
    running, log = dashboard
    page = opened(browser, running)
    page.locator(".lm-TabBar-tab", has_text="Add an entry").first.click()
    notes = control(page, "Notes").locator("input, textarea").first
    notes.fill("entered in the browser test")
    page.get_by_role("button", name="Add entry").click()
    page.get_by_text("175 days logged").wait_for(timeout=30_000)
    assert "entered in the browser test" in log.read_text(encoding="utf-8").splitlines()[-1]
    shot(page, "dashboard_entry")
    assert page.errors == []


def test_the_weekly_report_is_made_beside_the_log_and_its_link_opens(browser, dashboard):
    running, log = dashboard
    page = opened(browser, running)
    page.locator(".lm-TabBar-tab", has_text="Weekly report").first.click()
    page.get_by_role("button", name="Make this week's report").click()
    link = page.locator("#report-link")
    link.wait_for(timeout=120_000)
    assert link.inner_text() == "Open the report for 2026-W47"
    made = log.parent / "reports" / "2026-W47.html"  # kept when the dashboard stops
    assert made.is_file() and page.locator("#report-file").inner_text() == f"Saved as {made}."
    with page.expect_popup() as popup:
        link.click()
    report = popup.value
    report.wait_for_load_state()
    assert report.title().startswith("Weekly report") or "2026-W47" in report.content()
    assert report.get_by_text("Pain this week").count() > 0
    shot(page, "dashboard_report")


def test_reloads_and_a_closed_tab_leave_no_kernel_behind(browser, dashboard):
    """Each load starts a kernel: a reload shuts the old one down, a closed tab's goes too."""
    import contextlib
    import time

    import psutil

    from psoas_track.dashboard.server import GONE_AFTER_SECONDS

    running, _ = dashboard
    server = psutil.Process(running.process.pid)

    def kernels() -> int:
        count = 0
        for process in server.children():
            with contextlib.suppress(psutil.Error):  # gone, or a zombie: no kernel now
                count += "ipykernel" in " ".join(process.cmdline())
        return count

    page = opened(browser, running)
    for _ in range(5):
        page.reload()
        chart_of(page)
    assert kernels() <= 2  # this page's, and at most the last one's on its way out
    page.close()  # no goodbye from the page: its websocket just closes
    deadline = time.monotonic() + GONE_AFTER_SECONDS + 30
    while kernels() and time.monotonic() < deadline:
        time.sleep(1)
    assert kernels() == 0


def test_the_dashboard_command_stops_cleanly_on_ctrl_c(tmp_path):
    import signal

    log = tmp_path / "log.csv"
    shutil.copy(ROOT / "data" / "example_log.csv", log)
    command = [sys.executable, "-m", "psoas_track.cli", "dashboard", str(log), "--no-browser"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    lines = [process.stdout.readline(), process.stdout.readline()]
    url = lines[1].strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", url), lines
    without_token = url.split("?")[0]
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.status == 200
    with urllib.request.urlopen(without_token, timeout=10) as answer:  # no token: log in
        assert "/login" in answer.geturl() and b"psoas" not in answer.read().lower()
    process.send_signal(signal.SIGINT)
    rest = process.communicate(timeout=30)[0]
    assert process.returncode == 0 and "Stopped the dashboard." in rest
    port = int(url.split(":")[2].split("/")[0])
    with pytest.raises(ConnectionRefusedError):  # nothing is left serving
        socket.create_connection(("127.0.0.1", port), timeout=5)


# ------------------------------------------------------------------ JupyterLab


@pytest.fixture
def jupyterlab(tmp_path):
    """A real JupyterLab serving a copy of notebooks/ and data/, with its own settings.

    Its settings turn off the news and update checks, which would ask the internet.
    """
    import json
    import secrets
    import time

    for folder in ("notebooks", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    settings = tmp_path / ".settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    from psoas_track.dashboard.serve import free_port

    port = free_port()
    token = secrets.token_hex(16)
    command = [
        *(sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}"),
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={tmp_path}",
        f"--LabApp.user_settings_dir={tmp_path / '.settings'}",
        f"--LabApp.workspaces_dir={tmp_path / '.workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:  # CI machines often run as root, which JupyterLab refuses unless told
        command.append("--allow-root")
    environment = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / ".config"))
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail(f"JupyterLab did not start: {(tmp_path / 'jupyterlab.log').read_text()}")
        yield f"{base}/lab/tree/notebooks/explore.ipynb?token={token}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_explore_notebook_runs_all_in_jupyterlab_and_its_widgets_work(browser, jupyterlab):
    page = watched_page(browser)
    page.goto(jupyterlab)
    page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for(timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # Every code cell has run once the last prompt shows a number instead of [*] or [ ].
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
             .every(p => /\\[\\d+\\]/.test(p.textContent))""",
        timeout=180_000,
    )
    errors = page.locator('[data-mime-type="application/vnd.jupyter.error"]')
    assert errors.count() == 0, errors.first.inner_text()
    explorer = page.locator(".jp-OutputArea .jupyter-widgets.widget-tab").first
    explorer.scroll_into_view_if_needed()
    assert redraws(
        page, lambda: control(page, "Pain").locator("select").select_option(label="Hip pain (0-10)")
    )
    assert redraws(page, lambda: nudge(page, "Dates"))
    tab(page, "Associations")
    assert redraws(page, lambda: nudge(page, "Lag (days)"))
    tab(page, "Over time")
    charts = page.locator(".jp-OutputArea-output img")
    assert charts.count() >= 8  # the explorer's and the notebook's own charts
    explorer.scroll_into_view_if_needed()
    shot(page, "jupyterlab_explorer")
    outside = [url for url in page.requests if not LOCAL.match(url) and not url.startswith("data:")]
    assert outside == []
    assert page.errors == []
