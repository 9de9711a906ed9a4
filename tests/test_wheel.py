"""The wheel carries everything a user needs: installed from it, the kit works anywhere.

Builds the wheel from this checkout, installs it into a fresh venv that borrows this
environment's dependencies (a .pth file, so no network), and runs the commands a new
user runs from an unrelated folder.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {
    "psoas_track/report/weekly_report.ipynb",
    "psoas_track/report/templates/offline/index.html.j2",
    "psoas_track/report/templates/offline/conf.json",
    "psoas_track/dashboard/dashboard.ipynb",
    "psoas_track/dashboard/share/voila/templates/psoas/conf.json",
    "psoas_track/dashboard/share/voila/templates/psoas/index.html.j2",
    "psoas_track/notebooks/explore.ipynb",
    "psoas_track/notebooks/log_entry.ipynb",
    "psoas_track/data/example_log.csv",
}


# nbconvert's stock templates are data files of this environment, as a pip install of
# the dependencies would put them in the new venv's share/jupyter.
BORROWED_ENV = {
    **os.environ,
    "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    "MPLBACKEND": "agg",
}


def _run(args, cwd, **kw):
    kw.setdefault("env", BORROWED_ENV)
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, **kw)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = tmp_path_factory.mktemp("build")  # not the checkout's build/ folder
    # From a copy without the editable install's .egg-info: its list of files would add
    # files the package configuration forgets (the dashboard's template once was).
    source = tmp_path_factory.mktemp("source") / "psoas_track"
    left_out = ("*.egg-info", ".git", ".venv", "build", "dist", "reports", "__pycache__", ".*cache")
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*left_out))
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
        ],
        cwd=build,
    )
    (made,) = out.glob("psoas_track-*.whl")
    return made


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(env)], cwd=env)
    python = env / "bin" / "python"
    site = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=env
    ).stdout.strip()
    # The dependencies come from this environment; a .pth line adds its folder as a plain
    # path, so its editable psoas_track finder (itself a .pth file there) never runs.
    Path(site, "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        cwd=env,
    )
    return env


def test_wheel_holds_every_shipped_file_and_every_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= SHIPPED, SHIPPED - names
    packages = {
        p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "psoas_track").rglob("__init__.py")
    }
    assert {f"{p}/__init__.py" for p in packages} <= names
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "psoas_track").rglob("*.py")}
    assert modules <= names, modules - names


def test_the_installed_package_is_the_wheel_not_the_checkout(venv, tmp_path):
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import psoas_track; print(psoas_track.__file__)"],
        cwd=tmp_path,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where


def test_demo_from_a_wheel_in_an_unrelated_folder_matches_the_checkout(venv, tmp_path):
    from psoas_track import report

    _run([str(venv / "bin" / "psoas-track"), "demo", "--out", "X"], cwd=tmp_path)
    (html,) = (tmp_path / "X").glob("*.html")
    assert "Sitting" in html.read_text() or "sitting" in html.read_text()
    here = report.render_week(report.EXAMPLE_LOG, "latest", tmp_path / "checkout")
    assert (tmp_path / "X" / here.figures.name).read_bytes() == here.figures.read_bytes()


def test_report_and_notebooks_from_a_wheel(venv, tmp_path):
    from psoas_track.sample import generate_log, write_log

    write_log(generate_log(days=21, seed=3), tmp_path / "my log.csv")
    cli = str(venv / "bin" / "psoas-track")
    shown = _run([cli, "report", "my log.csv", "--out", "out"], cwd=tmp_path).stdout
    assert Path(tmp_path, shown.strip()).exists(), shown
    _run([cli, "notebooks", "nb", "--log", "my log.csv"], cwd=tmp_path)
    explore = json.loads((tmp_path / "nb" / "explore.ipynb").read_text())
    source = "".join("".join(c["source"]) for c in explore["cells"])
    assert 'LOG_PATH = "' + str((tmp_path / "my log.csv").resolve()) + '"' in source
    # The copied explorer runs in a real kernel of the wheel's Python, from its own folder.
    _run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "papermill",
            "explore.ipynb",
            "ran.ipynb",
            "--cwd",
            ".",
            "-k",
            "python3",
            "--no-progress-bar",
        ],
        cwd=tmp_path / "nb",
    )
    ran = json.loads((tmp_path / "nb" / "ran.ipynb").read_text())
    assert not [
        o for c in ran["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"
    ]


def test_the_dashboard_from_a_wheel_serves_its_page(venv, tmp_path):
    """The dashboard's notebook and our Voilà template travel in the wheel."""
    import signal
    import urllib.request

    from psoas_track.sample import generate_log, write_log

    write_log(generate_log(days=21, seed=3), tmp_path / "log.csv")
    cli = str(venv / "bin" / "psoas-track")
    process = subprocess.Popen(
        [cli, "dashboard", "log.csv", "--no-browser"],
        cwd=tmp_path, env=BORROWED_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        url = [process.stdout.readline(), process.stdout.readline()][1].strip()
        assert url.startswith("http://127.0.0.1:"), url + process.stderr.read()
        with urllib.request.urlopen(url, timeout=60) as answer:
            page = answer.read().decode("utf-8")
        assert answer.status == 200 and "voila" in page.lower()
        assert "cdn.jsdelivr.net" not in page  # our template, without the CDN links
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0
