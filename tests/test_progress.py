"""`progress`: each outcome at its start and now, "clinically important" only when the
change is at least the published minimal important change AND beyond the person's own
variation, red flags first; the therapist's measures read from a log."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import psoas_track as pt
from psoas_track import schema
from psoas_track.analysis.important import (
    MINIMAL_CHANGES,
    meets_minimal_change,
    minimal_change,
    own_variation,
)
from psoas_track.analysis.progress import progress

START = pd.Timestamp("2026-08-03")


def write_log(path, columns: dict[str, list], days: int = 112) -> None:
    dates = pd.date_range(START, periods=days).date
    pd.DataFrame({"date": dates, **columns}).to_csv(path, index=False)


def ar1(seed: int, n: int, phi: float, sd: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.empty(n)
    x[0] = rng.normal(0, sd)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + rng.normal(0, sd * np.sqrt(1 - phi**2))
    return x


def improving(n: int = 112, start: float = 6, end: float = 3, seed: int = 3) -> np.ndarray:
    course = start + (end - start) * np.clip((np.arange(n) - 14) / (n - 28), 0, 1)
    return np.clip(np.round(course + ar1(seed, n, 0.5, 1.0)), 0, 10)


def test_the_therapists_measures_are_read_with_their_ranges_and_day_values(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "Date,Back pain,PSFS: Climbing stairs,PSFS - Sitting through a film,PEG pain,"
        "PEG enjoyment of life,PEG general activity,PGIC,ODI,KOOS ADL,HOOS QOL,"
        "Sitting breaks,Red flags\n"
        "2026-11-02,5,4,3,6,5,4,,40,55,70,6,\n"
        "2026-11-02,3,,,,,,,,,,2,\n"
        "2026-11-03,4,5,,5,5,5,4,,,,8,\n"
        "2026-11-04,4,11,6,5,,5,9,101,,,3,numbness in the saddle area\n",
        encoding="utf-8",
    )
    log = pt.read_log(path)
    messages = [(p.row, p.column, p.message.split(";")[0]) for p in log.problems]
    assert messages == [
        (5, "PSFS: Climbing stairs", "'11' is outside 0 to 10"),
        (5, "PGIC", "'9' is outside 1 to 7"),
        (5, "ODI", "'101' is outside 0 to 100"),
    ]
    days = pt.daily(log)
    day = days.loc["2026-11-02"]
    assert (day["psfs_climbing_stairs"], day["psfs_sitting_through_a_film"]) == (4, 3)
    assert day["psfs"] == 3.5 and day["peg"] == 5.0  # means of the items rated
    assert day["sitting_breaks"] == 8  # summed over the day's entries
    assert (day["odi"], day["koos_adl"], day["hoos_qol"]) == (40, 55, 70)
    assert days.loc["2026-11-03", "psfs"] == 5.0  # one item rated that day
    assert pd.isna(days.loc["2026-11-04", "peg"])  # only two of the three PEG ratings
    assert days.loc["2026-11-04", "red_flags"] == "numbness in the saddle area"
    assert log.custom_columns == []  # every column is the kit's own


def test_an_improvement_beyond_the_minimal_change_is_important_and_the_means_are_plain(
    tmp_path,
):
    path = tmp_path / "log.csv"
    pain, psfs = improving(), improving(start=3, end=7, seed=4)
    write_log(path, {"back_pain": pain, "PSFS: Climbing stairs": psfs})
    result = progress(pt.daily(pt.read_log(path)))
    back = next(o for o in result.outcomes if o.measure == "back_pain")
    assert back.baseline == pytest.approx(pain[:14].mean())  # first 14 calendar days
    assert back.current == pytest.approx(pain[-14:].mean())  # the last 14
    assert back.change == pytest.approx(pain[-14:].mean() - pain[:14].mean())
    assert (back.direction, back.important, back.baseline_days) == ("better", True, 14)
    assert back.mcid == "2 points or 30%" and "Farrar 2001" in back.mcid_source
    function = next(o for o in result.outcomes if o.measure == "psfs")
    assert function.direction == "better" and function.important  # higher is better
    assert [o.measure for o in result.outcomes] == ["back_pain", "psfs"]


def test_a_flare_prone_but_stable_log_is_not_called_improved():
    """A flare-prone log whose level never moved: a flare in its first two weeks puts them
    2.6 points above its last two (the minimal change is met), yet flares come every few
    weeks in this log, so the change is within what its own ups and downs give by chance."""
    index = pd.date_range(START, periods=112, name="date")
    pain = 4 + ar1(0, 112, 0.7, 1.0)
    for first, last in ((2, 12), (38, 46), (66, 74), (90, 97)):
        pain[first:last] += 3  # flares
    pain = np.clip(np.round(pain), 0, 10)
    days = pd.DataFrame({"back_pain": pain, "pain": pain, "logged": True}, index=index)
    back = next(o for o in progress(days).outcomes if o.measure == "back_pain")
    assert back.change == pytest.approx(-2.64, abs=0.01)
    assert meets_minimal_change(back.baseline, back.current, MINIMAL_CHANGES["back_pain"])
    assert not back.important
    assert back.why == "within what your own ups and downs give by chance"
    # The same change in a calm log (no flares, little wobble) is important.
    calm = np.r_[np.full(14, 6.6), np.full(84, 5.0), np.full(14, 4.0)]
    calm = calm + np.tile([0.0, 1.0], 56)
    days = pd.DataFrame({"back_pain": calm, "pain": calm, "logged": True}, index=index)
    assert next(o for o in progress(days).outcomes if o.measure == "back_pain").important


def test_the_minimal_changes_and_their_rules():
    pain = MINIMAL_CHANGES["back_pain"]
    assert meets_minimal_change(5.0, 3.0, pain)  # 2 points
    assert meets_minimal_change(5.0, 3.5, pain)  # 30% of 5 and 1.5 points
    assert not meets_minimal_change(3.0, 2.1, pain)  # 30% from a low pain is not enough
    assert meets_minimal_change(4.0, 5.0, MINIMAL_CHANGES[schema.PEG]) is not False
    assert meets_minimal_change(40, 30, MINIMAL_CHANGES["odi"])
    assert meets_minimal_change(20, 14, MINIMAL_CHANGES["odi"])  # 30% and 6 points
    assert minimal_change("psfs_climbing_stairs").detectable == 3.0
    for measure in ("koos_pain", "hoos_adl"):
        assert MINIMAL_CHANGES[measure].points == 10 and MINIMAL_CHANGES[measure].better
    assert set(MINIMAL_CHANGES) >= {*schema.PAIN_COLUMNS, "psfs", "peg", "odi"}


def test_own_variation_sees_streaks_in_weekly_scores_too():
    """Weekly scores: the week-to-week autocorrelation becomes a day's (its 7th root), so
    the covariance of two ratings a week apart is the one measured, plus its allowance of
    one standard error (sqrt(1/16) = 0.25 for 16 alternating ratings, whose own is below 0)."""
    days = np.arange(0, 112, 7)
    alternating = 30 + np.tile([2.0, -2.0], 8)
    found = own_variation(days, alternating)
    assert found is not None and found.autocorrelation**7 == pytest.approx(0.25)
    wandering = 30 + 3 * np.sin(np.arange(16) / 2.5)
    streaky = own_variation(days, wandering)
    assert streaky.autocorrelation**7 > 0.6
    assert own_variation(days[:5], alternating[:5]) is None  # too few ratings


def test_pgic_is_a_responder_at_1_or_2(tmp_path):
    path = tmp_path / "log.csv"
    pgic = [""] * 100 + [2, 2, 1, 2, 2, 1, 2, 2, 1, 2, 2, 1]
    write_log(path, {"back_pain": improving(), "pgic": pgic})
    result = progress(pt.daily(pt.read_log(path)))
    pgic_row = next(o for o in result.outcomes if o.measure == "pgic")
    assert pgic_row.important and pgic_row.direction == "better"
    assert pgic_row.current == pytest.approx(np.mean([2, 2, 1, 2, 2, 1, 2, 2, 1, 2, 2, 1]))


def test_progress_command_says_red_flags_first_and_its_json_is_the_contract(tmp_path):
    path = tmp_path / "log.csv"
    flags = [""] * 112
    flags[100] = "new numbness in the saddle area"
    write_log(path, {"back_pain": improving(), "red_flags": flags})
    run = [sys.executable, "-m", "psoas_track.cli", "progress", str(path)]
    text = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert text.startswith("RED FLAG noted (2026-11-11: new numbness in the saddle area)")
    assert "needs a clinician's look soon" in text
    assert "Back pain (0-10): 5.7 at the start (14 ratings), 3.8 now (14 ratings)" in text
    data = json.loads(
        subprocess.run([*run, "--json"], capture_output=True, text=True, check=True).stdout
    )
    assert data["red_flags"] == [{"date": "2026-11-11", "text": "new numbness in the saddle area"}]
    keys = {"measure", "baseline", "current", "change", "direction", "mcid", "mcid_source",
            "important", "baseline_days", "current_days"}  # fmt: skip
    assert all(keys <= set(o) for o in data["outcomes"])
    until = subprocess.run(
        [*run, "--json", "--until", "2026-09-30", "--baseline-days", "7"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    back = json.loads(until)["outcomes"][0]
    assert back["baseline_days"] == 7 and json.loads(until)["red_flags"] == []
    bad = subprocess.run([*run, "--until", "soon"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.strip().startswith("Error: --until must be")


def _log(*args):
    command = [sys.executable, "-m", "psoas_track.cli", "log", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_log_adds_a_psfs_activity_once_and_says_a_red_flag_first(tmp_path, kind):
    init = [sys.executable, "-m", "psoas_track.cli", "init", str(tmp_path)]
    subprocess.run(init + (["--xlsx"] if kind == "xlsx" else []), check=True, capture_output=True)
    path = tmp_path / f"psoas_log.{kind}"
    first = _log(path, "--date", "2026-12-01", "--back-pain", 4, "--psfs", "Walking the dog=6",
                 "--peg-pain", 5, "--sitting-breaks", 7, "--red-flag", "leg weakness")  # fmt: skip
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("RED FLAG noted (2026-12-01: leg weakness)")
    assert "PSFS: Walking the dog 6/10" in first.stdout and "PEG pain 5/10" in first.stdout
    assert "A new column 'PSFS: Walking the dog' was added" in first.stdout
    again = _log(path, "--date", "2026-12-02", "--psfs", "Walking the dog=7")
    assert again.returncode == 0 and "new column" not in again.stdout
    assert "RED FLAG" not in again.stdout
    too_high = _log(path, "--date", "2026-12-03", "--psfs", "Walking the dog=11")
    assert too_high.returncode == 2 and "is too high" in too_high.stderr
    days = pt.daily(pt.read_log(path))
    assert days["psfs_walking_the_dog"].dropna().tolist() == [6.0, 7.0]
    assert days.loc["2026-12-01", "sitting_breaks"] == 7 and days.loc["2026-12-01", "peg_pain"] == 5
    assert days.loc["2026-12-01", "red_flags"] == "leg weakness"
    assert "2026-12-03" not in days.index.strftime("%Y-%m-%d")  # nothing written


def test_the_entry_form_has_the_logs_psfs_activities_a_new_one_and_the_scores(tmp_path):
    import datetime as dt

    from psoas_track.widgets import EntryForm

    path = tmp_path / "log.csv"
    path.write_text("date,back_pain,PSFS: Climbing stairs\n2026-12-01,4,5\n", encoding="utf-8")
    form = EntryForm(path, today=dt.date(2026, 12, 5))
    assert {"psfs_climbing_stairs", "peg_pain", "pgic", "odi", "koos_adl", "hoos_qol",
            "sitting_breaks", "red_flags"} <= set(form.inputs)  # fmt: skip
    form.inputs["psfs_climbing_stairs"].value = 6
    form.new_activity.value = "Gardening"
    form.inputs["psfs_new_activity"].value = 3
    form.inputs["red_flags"].value = "fever and back pain"
    written = form.submit()
    assert written["psfs_climbing_stairs"] == 6 and written["psfs_gardening"] == 3
    assert form.output.value.index("RED FLAG") < form.output.value.index("Added.")
    day = pt.daily(pt.read_log(path)).loc["2026-12-05"]
    assert (day["psfs_climbing_stairs"], day["psfs_gardening"], day["psfs"]) == (6, 3, 4.5)
    assert form.new_activity.value == ""  # cleared for the next entry


def test_a_weeks_report_says_its_red_flag_first_and_shows_function_since_the_start(tmp_path):
    from psoas_track.report import content, week

    path = tmp_path / "log.csv"
    flags = [""] * 112
    flags[100] = "new numbness in the saddle area"  # 2026-11-11, in week 2026-W46
    psfs = improving(start=3, end=7, seed=4)
    write_log(path, {"back_pain": improving(), "PSFS: Climbing stairs": psfs, "red_flags": flags})
    page = content.summary_page(week.build(path, "2026-W46"))
    assert page.startswith("**RED FLAG noted (2026-11-11: new numbness in the saddle area).")
    assert page.index("RED FLAG") < page.index("# Weekly report 2026-W46")
    assert "**Function and scores since the start:** PSFS, mean of your activities" in page
    assert "clinically important" in page
    later = content.summary_page(week.build(path, "2026-W47"))
    assert "RED FLAG" not in later  # the report of that week, not of every week after


def test_the_explorer_offers_the_peg_as_an_outcome_and_associations_take_it():
    from psoas_track import analysis
    from psoas_track.widgets import controls

    index = pd.date_range(START, periods=60, name="date")
    peg = np.clip(np.round(5 + ar1(2, 60, 0.5, 1.0)), 0, 10)
    days = pd.DataFrame(
        {"back_pain": peg, "peg": peg, "sitting_hours": np.linspace(4, 9, 60), "logged": True},
        index=index,
    )
    assert ("PEG-3 (0-10)", "peg") in controls.site_options(days)
    table = analysis.associations(days, loads=["sitting_hours"], pains=["peg"], n_boot=50)
    assert set(table["pain"]) == {"peg"} and table["n"].max() == 60
    assert ("PEG-3 (0-10)", "peg") not in controls.site_options(days.iloc[:10])


def test_check_json_daily_has_the_therapists_measures(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "date,back_pain,PSFS: Climbing stairs,PEG pain,PEG enjoyment,PEG activity,pgic,odi,"
        "koos_adl,hoos_pain,sitting_breaks,red_flags\n"
        "2026-11-02,5,4,6,5,4,3,40,55,60,6,fever\n",
        encoding="utf-8",
    )
    run = [sys.executable, "-m", "psoas_track.cli", "check", str(path), "--json"]
    day = json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)[
        "daily"
    ][0]
    assert {k: day[k] for k in ("psfs", "peg", "pgic", "odi", "koos_adl", "hoos_pain")} == {
        "psfs": 4.0, "peg": 5.0, "pgic": 3.0, "odi": 40.0, "koos_adl": 55.0, "hoos_pain": 60.0,
    }  # fmt: skip
    assert day["sitting_breaks"] == 6 and day["red_flags"] == "fever"
    assert day["psfs_climbing_stairs"] == 4.0


def test_the_dashboard_page_shows_recent_red_flags_first_and_progress(tmp_path):
    from psoas_track.dashboard.page import Dashboard

    path = tmp_path / "log.csv"
    flags = [""] * 112
    flags[100] = "new numbness in the saddle area"
    write_log(path, {"back_pain": improving(), "red_flags": flags})
    about = Dashboard(path).about.value
    assert about.startswith("<p id='red-flag'")
    assert "RED FLAG noted (2026-11-11: new numbness in the saddle area)" in about
    assert "Since the start" in about and "Back pain (0-10): 5.7 at the start" in about
    flags[100] = ""
    flags[50] = "fever"  # more than two weeks before the log's last day
    write_log(path, {"back_pain": improving(), "red_flags": flags})
    assert "RED FLAG" not in Dashboard(path).about.value
