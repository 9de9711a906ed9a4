"""Weekly reports rendered for real: papermill, a real kernel, nbconvert to offline HTML."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from psoas_track import report
from psoas_track.cli import cli
from psoas_track.sample import generate_log, write_log

# The report's charts: week overview, pain trend, rest calendar, association heatmap.
EXPECTED_IMAGES = 4


@pytest.fixture(scope="module")
def seven_weeks():
    """Seven weeks of a generated log, Monday 2026-10-19 to Sunday 2026-12-06."""
    import datetime as dt

    return generate_log(days=49, seed=3, start=dt.date(2026, 10, 19))


@pytest.fixture(scope="module")
def log_path(seven_weeks, tmp_path_factory):
    """The first five weeks of it, to 2026-11-22."""
    path = tmp_path_factory.mktemp("log") / "log.csv"
    write_log(seven_weeks[seven_weeks["date"] <= "2026-11-22"], path)
    return path


@pytest.fixture(scope="module")
def rendered(log_path, tmp_path_factory):
    return report.render_week(log_path, "2026-W46", tmp_path_factory.mktemp("out"))


def test_writes_notebook_html_and_figures(rendered):
    assert rendered.week == "2026-W46"
    for path in (rendered.notebook, rendered.html, rendered.figures):
        assert path.exists() and path.stat().st_size > 0
    assert rendered.html.name == "2026-W46.html"
    figures = json.loads(rendered.figures.read_text())
    assert figures["week"] == "2026-W46"
    assert figures["summary"]["start"] == "2026-11-09"
    assert figures["data_through"] <= "2026-11-15"  # nothing after the week's end


def test_html_shows_the_figures_of_the_json(rendered):
    html = rendered.html.read_text()
    figures = json.loads(rendered.figures.read_text())
    summary = figures["summary"]
    assert f"{summary['days_logged']} of 7 days logged" in html
    for pain in summary["pain"]:
        if pain["this"] is not None:
            # "d" held to its number by a no-break space, so a narrow column cannot split it
            assert f"{pain['this']:.1f} ({pain['this_days']}\u00a0d)" in html
    for association in figures["associations"]["shown"]:
        sentence = association["sentence"].replace("'", "&#39;")
        assert sentence in html or association["sentence"] in html
    assert f"Target met on <strong>{summary['adherence']['days_met']} of" in html


def test_html_is_offline_and_shows_no_code(rendered):
    html = rendered.html.read_text()
    assert not re.search(r"<script[^>]+src=[\"']?https?:", html)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", html)
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert "rc.build(" not in html and "import plots" not in html
    assert not re.search(r"<div[^>]+class=\"[^\"]*(jp-InputArea|jp-InputPrompt)", html)
    assert not re.search(r"<div[^>]+class=\"[^\"]*jp-OutputPrompt[^\"]*\">\s*Out", html)
    images = re.findall(r"<img[^>]+src=\"data:image/png;base64,", html)
    assert len(images) >= EXPECTED_IMAGES
    assert not re.search(r"<img[^>]+src=\"(?!data:)", html)


def test_same_week_same_numbers_after_more_days_are_logged(seven_weeks, rendered, tmp_path):
    longer = tmp_path / "log.csv"
    write_log(seven_weeks, longer)  # the same log with two more weeks appended
    again = report.render_week(longer, "2026-W46", tmp_path / "out")
    first = json.loads(rendered.figures.read_text())
    second = json.loads(again.figures.read_text())
    assert first == second  # the numbers, and the key of what they were made from
    assert len(first["made_from"]) == 64


def test_parameter_names_not_in_the_template_are_refused(log_path, tmp_path):
    with pytest.raises(report.ReportError, match="no setting called 'evil'"):
        report.render_week(log_path, "latest", tmp_path, evil="1")
    with pytest.raises(report.ReportError, match="no setting called 'figures_path'"):
        report.render_week(log_path, "latest", tmp_path, figures_path="/etc/passwd")
    with pytest.raises(report.ReportError, match="must be plain text"):
        report.render_week(log_path, "latest", tmp_path, seed=object())
    assert not list(tmp_path.iterdir())


def test_all_weeks_render_in_parallel(log_path, tmp_path):
    weeks = report.weeks_in_log(log_path, since="2026-W46")
    assert weeks == ["2026-W46", "2026-W47"]
    run = report.render_weeks(log_path, weeks, tmp_path, jobs=2, progress=False)
    assert [r.week for r in run.rendered] == weeks and not run.failed
    assert sorted(p.name for p in tmp_path.glob("*.html")) == ["2026-W46.html", "2026-W47.html"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "There is no file at missing.csv"),
        (["{bad}"], "no date column"),
        (["{log}", "--week", "2026-47"], "2026-W47"),
        (["{log}", "--week", "2031-W02"], "outside the log"),
    ],
)
def test_cli_errors_exit_2_without_traceback(log_path, tmp_path, args, message):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    args = [a.format(log=log_path, bad=bad) for a in args]
    result = run("report", *args, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output


def test_cli_renders_a_week_without_entries_and_says_so(tmp_path):
    log = tmp_path / "gap.csv"
    log.write_text("date,sitting_hours,back_pain\n2026-11-02,7,3\n2026-11-03,8,4\n2026-11-18,6,2\n")
    result = run("report", log, "--week", "2026-W46", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = Path(result.output.strip().splitlines()[-1]).read_text()
    assert "No entries this week" in html


def test_report_figures_use_the_reports_rest_target_and_one_association_grid():
    from psoas_track.report import week as report_week

    built = report_week.build(report.EXAMPLE_LOG, "2026-W47", rest_target_minutes=15)
    assert built.figures["summary"]["adherence"]["target_minutes"] == 15
    assert built.figures["rest_target_minutes"] == 15
    strongest = built.figures["associations"]["shown"][0]
    cell = built.associations.set_index(["load", "pain", "lag"]).loc[
        (strongest["load"], strongest["pain"], strongest["lag"])
    ]
    assert cell["rho"] == strongest["rho"] and cell["q"] == strongest["q"]


def test_a_running_experiment_is_on_the_first_page_and_in_its_own_section(tmp_path):
    """A plan beside the log: the report shows its schedule and the analysis so far, and
    the plan is part of the week's key (a new plan makes the week again)."""
    import datetime as dt

    from psoas_track.experiment import make_plan

    log = tmp_path / "log.csv"
    entries = generate_log(days=35, seed=3, start=dt.date(2026, 10, 19))
    write_log(entries[entries["date"] <= "2026-11-01"], log)
    plan = make_plan(log, "rest", seed=8, last_entry=dt.date(2026, 11, 1),
                     today=dt.date(2026, 11, 1))  # fmt: skip
    write_log(entries, log)  # the weeks of the experiment, logged
    made = report.render_week(log, "2026-W47", tmp_path / "out")
    html = made.html.read_text()
    first_page = html[: html.index('<div class="page-break">')]
    assert "<strong>Experiment:</strong> In your 8-week experiment, pain" in first_page
    assert "The experiment is not finished" in first_page
    assert "Your experiment</h2>" in html and html.count("(to come)") == 10  # 3 of 8 weeks done
    assert all(f"<td>{k + 1}</td>" in html for k in range(len(plan.blocks)))
    figures = json.loads(made.figures.read_text())
    assert figures["experiment"]["plan"]["blocks"] == plan.blocks
    assert figures["experiment"]["result"]["left_out"] == []


def test_the_report_process_does_not_compile_the_iri_grammar():
    # rfc3987_syntax (pulled in by jsonschema when installed) costs 1.0-1.6 s to import;
    # the process that makes reports leaves it out (report/parameters.py), and only when a
    # report is made: importing the report package changes nothing in sys.modules.
    import subprocess
    import sys

    code = (
        "import sys, psoas_track.report as r, psoas_track.report.render; "
        "print(sys.modules.get('rfc3987_syntax', 'absent')); "
        "from psoas_track.report.parameters import template_parameters as t; t(); "
        "import nbformat, papermill; print(sys.modules.get('rfc3987_syntax', 'absent'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["absent", "None"]
