"""Logs kept the way people really keep them (tests/data/people/, see its README.md).

Each file's exact daily values, cell readings, column mappings and problems are in
expected.json, written by make_people_files.py beside the files. Where that file says
"info", the reader may say it as a note or as a warning, never as an error; where it
names a column-wide problem on the header row, the reader reports it for the column
(row None).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import psoas_track as pt

PEOPLE = Path(__file__).parent / "data" / "people"
EXPECTED = {
    name: e
    for name, e in json.loads((PEOPLE / "expected.json").read_text(encoding="utf-8")).items()
    if not name.startswith("hostile:")  # made at test time: tests/test_read_hostile.py
}
# Said of a whole column or file, so the reader gives no row (the file names the header's).
COLUMN_WIDE = {
    "unit",
    "near_miss",
    "thousands",
    "sheet",
    "ambiguous_date",
    "encoding",
    "title_rows",
}
# What a note must mention for an "info" about the whole file.
NOTE_WORDS = {"sheet": "sheet"}


@pytest.fixture(scope="module", params=sorted(EXPECTED), ids=str)
def case(request):
    name = request.param
    expected = EXPECTED[name]
    options = expected.get("options") or {}
    log = pt.read_log(
        PEOPLE / name,
        dayfirst=options.get("dayfirst"),
        year=options.get("year"),
        sheet=options.get("sheet"),
    )
    return name, expected, log


def _close(got, want) -> bool:
    if isinstance(want, (bool, str)):
        return got == want
    return (
        got is not None
        and not (isinstance(got, float) and math.isnan(got))
        and (abs(float(got) - want) < 1e-9)
    )


def test_daily_values_are_exact(case):
    name, expected, log = case
    days = pt.daily(log)
    for day, values in expected["daily"].items():
        for column, want in values.items():
            got = days.loc[day, column]
            assert _close(got, want), f"{name} {day} {column}: read {got}, should be {want}"


def test_cells_read_as_expected(case):
    name, expected, log = case
    entries = log.entries.set_index("row")
    for cell in expected.get("cells", []):
        got = entries.loc[cell["row"], log.columns[cell["column"]]]
        assert _close(got, cell["value"]), f"{name} row {cell['row']} {cell['column']}: {got}"


def test_each_header_is_read_as_its_measure_and_unit(case):
    name, expected, log = case
    for header, want in expected["columns"].items():
        reading = log.readings[header]
        if want["measure"] is None:
            assert log.columns[header] in log.custom_columns, f"{name} {header}: {reading}"
        else:
            assert log.columns[header] == want["measure"], f"{name} {header}: {reading}"
        assert ("converted" in reading) == bool(want.get("converted")), f"{name}: {reading}"


def _matches(problem, want) -> bool:
    if problem.column != want["column"] and want["column"]:
        return False
    if want["about"] in COLUMN_WIDE:
        return problem.row in (None, want["row"])
    return problem.row == want["row"]


def test_every_expected_problem_is_reported_and_nothing_else(case):
    name, expected, log = case
    wanted = expected["problems"]
    for want in wanted:
        found = [p for p in log.problems if _matches(p, want)]
        if want["severity"] == "info":
            word = want["column"] or NOTE_WORDS.get(want["about"])
            noted = any(word and word in note for note in log.notes)
            assert noted or found, f"{name}: nothing said about {want}"
            assert all(p.severity != "error" for p in found), f"{name}: {found}"
        else:
            assert [p for p in found if p.severity == want["severity"]], (
                f"{name}: expected {want}, got {log.problems}"
            )
    for problem in log.problems:
        assert any(_matches(problem, want) for want in wanted), f"{name}: unexpected {problem}"


def test_rows_are_all_accounted_for(case):
    _, _, log = case
    assert log.rows == log.n_entries + log.unusable_rows + log.blank_rows


def test_a_guessed_date_order_is_said_in_check_and_in_the_report():
    from psoas_track.report import content, week
    from psoas_track.words import check_text

    path = PEOPLE / "first_of_month_ambiguous.csv"
    log = pt.read_log(path)
    assert log.dayfirst_guessed
    assert "A GUESS" in check_text(log, pt.daily(log))
    report = week.build(path, "latest")
    assert "**Check the dates:**" in content.heading(report)
    chosen = pt.read_log(path, dayfirst=True)
    assert not chosen.dayfirst_guessed
    assert "Check the dates" not in content.heading(week.build(PEOPLE / "units_min_h_s.csv"))
