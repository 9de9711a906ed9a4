"""One number everywhere: a report made with a rest target of 15 minutes, for a week with a
day missing, says the same counts in its text, its chart titles and its .json, and each
count is the one a plain count of the spreadsheet gives (pandas on the CSV, not the kit)."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from psoas_track import report

ROOT = Path(__file__).resolve().parent.parent
WEEK, MISSING = "2026-W47", "2026-11-19"  # a Thursday of that week, left out of the log
TARGET = 15


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("counts")
    rows = pd.read_csv(ROOT / "data" / "example_log.csv", dtype=str, keep_default_na=False)
    rows = rows[(rows["date"] != MISSING) & (rows["date"] <= "2026-11-22")]
    log = folder / "log.csv"
    rows.to_csv(log, index=False)
    rendered = report.render_week(log, WEEK, folder / "out", rest_target_minutes=TARGET)
    return log, rendered


def plain_counts(log: Path) -> dict[str, int]:
    """The counts the report must show, from the CSV alone."""
    rows = pd.read_csv(log)
    rows["date"] = pd.to_datetime(rows["date"])
    rest = rows.groupby("date")["rest_minutes"].sum(min_count=1)
    week = pd.date_range("2026-11-16", "2026-11-22")
    last = week - pd.Timedelta(days=7)
    chart = pd.date_range(week[-1] - pd.Timedelta(days=8 * 7 - 1), week[-1])
    logged = set(rows["date"])

    def met(days):
        return int((rest.reindex(days) >= TARGET).sum())

    def recorded(days):
        return int(rest.reindex(days).notna().sum())

    return {
        "logged": sum(d in logged for d in week),
        "last_logged": sum(d in logged for d in last),
        "met": met(week),
        "recorded": recorded(week),
        "last_met": met(last),
        "last_recorded": recorded(last),
        "chart_met": met(chart),
        "chart_recorded": recorded(chart),
    }


def page_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html_lib.unescape(text))


def chart_texts(notebook: Path) -> list[list[str]]:
    """The words each chart of the report draws, in order (content.show keeps them)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        output["metadata"]["image/png"]["chart_texts"]
        for cell in cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


def test_every_count_on_every_page_is_the_plain_count(made):
    log, rendered = made
    n = plain_counts(log)
    assert n["logged"] == 6 and n["recorded"] < 7  # the week really has a day missing
    text = page_text(rendered.html)
    # Page 1: the heading, the rest line and the data-quality line.
    assert f"{n['logged']} of 7 days logged (last week {n['last_logged']} of 7)" in text
    assert f"Constructive rest: target met on {n['met']} of {n['recorded']} days recorded" in text
    assert f"Data quality: {n['logged']} of 7 days logged" in text
    # The rest section, with the target the report was made with.
    assert f"Constructive rest ({TARGET} minutes a day)" in text
    assert (
        f"Target met on {n['met']} of {n['recorded']} days recorded this week "
        f"(last week {n['last_met']} of {n['last_recorded']})" in text
    )
    # The .json says the same.
    figures = json.loads(rendered.figures.read_text(encoding="utf-8"))
    week = figures["summary"]["adherence"]
    assert (week["target_minutes"], week["days_met"], week["days_recorded"]) == (
        TARGET, n["met"], n["recorded"],
    )  # fmt: skip
    assert figures["summary"]["days_logged"] == n["logged"]


def test_the_chart_titles_say_the_same_counts_at_the_same_target(made):
    log, rendered = made
    n = plain_counts(log)
    week_chart, _trend, calendars, _heatmap, comparison = chart_texts(rendered.notebook)
    assert (
        f"rest target ({TARGET} min) met on {n['met']} of {n['recorded']} days recorded "
        f"(last week {n['last_met']} of {n['last_recorded']})"
    ) in " ".join(week_chart)
    assert calendars[0] == (
        f"Constructive rest: the {TARGET}-minute target met on {n['chart_met']} of "
        f"{n['chart_recorded']} days recorded"
    )
    assert f"{TARGET}+ minutes of constructive rest" in comparison
    assert not any("10+" in words or "10 min" in words for words in comparison + week_chart)


def test_the_comparisons_in_the_text_are_the_ones_charted(made):
    """The chart draws the comparisons the report computed (no second run with defaults):
    its notes carry the same n's as the .json's comparisons, row for row."""
    _, rendered = made
    figures = json.loads(rendered.figures.read_text(encoding="utf-8"))
    comparison = chart_texts(rendered.notebook)[-1]
    for c in figures["comparisons"]:
        assert any(f"{c['n_with']} vs {c['n_without']}" in words for words in comparison)
    rest = next(c for c in figures["comparisons"] if c["condition"] == "rest_target_met")
    assert f"{TARGET}+ minutes of constructive rest" in rest["summary"]
