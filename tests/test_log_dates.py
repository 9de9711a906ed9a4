"""How the reader decides day-first or month-first, and the date forms it accepts."""

import pandas as pd
import pytest

from psoas_track.read.log import read_log


def dates(log):
    return list(log.entries["date"].dt.strftime("%Y-%m-%d"))


def test_an_impossible_date_is_no_evidence(write):
    log = read_log(write("date,back_pain\n31/02/2026,3\n2026-03-01,2\n"))
    assert log.dayfirst is None
    assert [(p.row, p.severity) for p in log.problems] == [(2, "error")]


def test_majority_evidence_wins_and_the_odd_date_is_reported(write):
    text = "date,back_pain\n13/03/2026,1\n14/03/2026,2\n15/03/2026,3\n03/16/2026,4\n"
    log = read_log(write(text))
    assert log.dayfirst is True
    assert "2 say the other order" not in log.dayfirst_reason
    assert "(3 dates say so, 1 say the other order)" in log.dayfirst_reason
    assert dates(log) == ["2026-03-13", "2026-03-14", "2026-03-15"]
    (problem,) = log.problems
    assert (problem.row, problem.column, problem.value, problem.severity) == (
        5,
        "date",
        "03/16/2026",
        "error",
    )
    assert "does not fit the day-first order" in problem.message


def test_evidence_overrides_the_callers_choice_with_a_warning(write):
    log = read_log(write("date,back_pain\n24/11/2026,1\n"), dayfirst=False)
    assert log.dayfirst is True and dates(log) == ["2026-11-24"]
    (problem,) = log.problems
    assert problem.severity == "warning" and "You asked for month-first" in problem.message


def test_the_callers_choice_decides_when_the_file_cannot(write):
    path = write("date,back_pain\n03/04/2026,1\n")
    assert dates(read_log(path, dayfirst=True)) == ["2026-04-03"]
    assert dates(read_log(path, dayfirst=False)) == ["2026-03-04"]
    assert read_log(path, dayfirst=False).problems == []


def test_closest_together_when_nobody_says(write):
    # Month-first these are a day apart; day-first they are a month apart.
    log = read_log(write("date,back_pain\n02/01/2026,1\n02/02/2026,2\n02/03/2026,3\n"))
    assert log.dayfirst is False
    assert dates(log) == ["2026-02-01", "2026-02-02", "2026-02-03"]
    (problem,) = log.problems
    assert problem.severity == "warning" and "--dayfirst" in problem.message


@pytest.mark.parametrize(
    ("cell", "date", "time"),
    [
        ("2026-11-24", "2026-11-24", None),
        ("2026/11/24", "2026-11-24", None),
        ("2026-11-24T07:30:00", "2026-11-24", "07:30"),
        ("2026-11-24 21:15", "2026-11-24", "21:15"),
        ("24.11.2026", "2026-11-24", None),
        ("24.11.26", "2026-11-24", None),
        ("24 Nov 2026", "2026-11-24", None),
        ('"November 24, 2026"', "2026-11-24", None),
        ("46350", "2026-11-24", None),
        ("46350.75", "2026-11-24", "18:00"),
    ],
)
def test_date_forms(write, cell, date, time):
    log = read_log(write(f"date,time,back_pain\n{cell},,3\n"))
    assert log.problems == []
    assert dates(log) == [date]
    got = log.entries["time"].iloc[0]
    assert (None if pd.isna(got) else got) == time


@pytest.mark.parametrize("cell", ["yesterday", "2026-13-01", "123", "99999", "24/11"])
def test_not_dates(write, cell):
    log = read_log(write(f"date,back_pain\n{cell},3\n2026-11-24,2\n"))
    assert (log.n_entries, log.unusable_rows) == (1, 1)
    assert log.problems[0].row == 2 and log.problems[0].severity == "error"
