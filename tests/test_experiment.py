"""Randomised self-experiments: the design, the plan file, the test, the CLI."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from psoas_track import experiment as ex
from psoas_track.cli import cli
from psoas_track.daily import daily
from psoas_track.experiment.design import count_schedules, sample_schedules
from psoas_track.experiment.plan import Plan, next_monday, stop_plan
from psoas_track.read.log import read_log
from psoas_track.words import experiment_sentence, experiment_today

TODAY = dt.date(2026, 12, 2)


def brute_force(n: int, max_run: int = 2) -> list[tuple[bool, ...]]:
    """Every balanced schedule with at most max_run equal blocks in a row, the slow way."""
    out = []
    for bits in itertools.product([False, True], repeat=n):
        runs = [len(list(g)) for _, g in itertools.groupby(bits)]
        if sum(bits) == n // 2 and max(runs) <= max_run:
            out.append(bits)
    return out


@pytest.mark.parametrize(("n", "count"), [(8, 34), (10, 84), (16, 1296)])
def test_the_allowed_schedules_are_every_balanced_one_without_long_runs(n, count):
    allowed = ex.allowed_schedules(n)
    assert len(allowed) == count_schedules(n) == count
    assert {tuple(bool(v) for v in row) for row in allowed} == set(brute_force(n))
    # unconstrained 4/4 of 8: 70 schedules, as the issue counts
    assert count_schedules(8, max_run=8) == 70
    assert ex.smallest_p(count) == pytest.approx(2 / count)


def test_sampling_draws_only_allowed_schedules_and_each_about_equally():
    rng = np.random.default_rng(0)
    drawn = sample_schedules(rng, 8, 3400)
    allowed = {tuple(row) for row in ex.allowed_schedules(8)}
    assert all(tuple(row) in allowed for row in drawn)
    counts = pd.Series([tuple(row) for row in drawn]).value_counts()
    assert len(counts) == 34 and counts.min() > 60 and counts.max() < 140  # 100 each


def _log(tmp_path, last: str = "2026-11-30"):
    path = tmp_path / "pain.csv"
    path.write_text(f"date,back_pain,rest_minutes\n{last},3,10\n")
    return path


def test_the_plan_is_the_draw_of_its_seed_and_is_written_beside_the_log(tmp_path):
    log = _log(tmp_path)
    plan = ex.make_plan(log, "rest", seed=11, last_entry=dt.date(2026, 11, 30), today=TODAY)
    assert plan.start == "2026-12-07" and dt.date(2026, 12, 7).weekday() == 0
    assert plan.block == "half-week" and len(plan.blocks) == 16 and plan.washout_days == 1
    assert plan.allowed_schedules == 1296 and plan.drawn_again()
    assert np.array_equal(plan.schedule, ex.draw_schedule(11, 16))
    assert tuple(plan.schedule) in {tuple(r) for r in ex.allowed_schedules(16)}
    saved = json.loads((tmp_path / "pain.csv.experiment.json").read_text())
    for key in ("routine", "start", "block", "blocks", "seed", "outcome", "lag",
                "washout_days", "allowed_schedules", "created"):  # fmt: skip
        assert key in saved
    assert ex.load_plan(log) == plan
    with pytest.raises(ex.PlanError, match="already has a running experiment"):
        ex.make_plan(log, "rest", seed=12, last_entry=dt.date(2026, 11, 30), today=TODAY)
    kept = stop_plan(log)
    assert kept.exists() and ex.load_plan(log) is None
    ex.make_plan(log, "towel", seed=12, last_entry=dt.date(2026, 11, 30), today=TODAY)
    assert kept.exists()  # the ended plan is still there


def test_designs_that_cannot_reach_005_are_refused_with_one_that_can(tmp_path):
    log = _log(tmp_path)
    with pytest.raises(ex.PlanError, match="only 34 schedules.*--weeks 10"):
        ex.make_plan(log, "rest", weeks=8, block="week", today=TODAY)
    plan = ex.make_plan(log, "rest", weeks=10, block="week", seed=1, today=TODAY)
    assert plan.allowed_schedules == 84 and plan.washout_days == 2


def test_the_start_is_a_monday_after_the_last_entry(tmp_path):
    log = _log(tmp_path)
    last = dt.date(2026, 12, 8)
    with pytest.raises(ex.PlanError, match="after the log's last entry"):
        ex.make_plan(log, "rest", start=dt.date(2026, 12, 7), last_entry=last, today=TODAY)
    with pytest.raises(ex.PlanError, match="starts on a Monday"):
        ex.make_plan(log, "rest", start=dt.date(2026, 12, 16), last_entry=last, today=TODAY)
    assert next_monday(last) == dt.date(2026, 12, 14)


def _plan(n_weeks=3, seed=5, block="half-week", washout=1, lag=0) -> Plan:
    n = n_weeks * (2 if block == "half-week" else 1)
    schedule = ex.draw_schedule(seed, n)
    return Plan(
        routine="rest", start="2026-12-07", block=block,
        blocks=["on" if b else "off" for b in schedule], seed=seed, outcome="back_pain",
        lag=lag, washout_days=washout, allowed_schedules=count_schedules(n),
        created="2026-12-02T10:00:00",
    )  # fmt: skip


def _days(plan: Plan, effect: float, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.date_range(plan.first_day, plan.last_day, freq="D", name="date")
    on = np.array([plan.assignment(d.date())[1] == "on" for d in index])
    level = np.zeros(len(index))
    for t in range(1, len(index)):
        level[t] = 0.7 * level[t - 1] + rng.normal(0, 0.7)
    pain = np.round(4 + level + effect * on, 1)
    rest = np.where(on & (rng.random(len(index)) < 0.8), 12.0, 0.0)
    return pd.DataFrame({"back_pain": pain, "rest_minutes": rest}, index=index)


def test_p_equals_a_brute_force_randomisation_test():
    plan = _plan(n_weeks=3, seed=5)  # 6 half-week blocks
    days = _days(plan, effect=-0.5, seed=3)
    days["rest_target_met"] = (days["rest_minutes"] >= 10).astype("boolean")
    result = ex.analyse(days, plan)
    means = []
    for first, last in plan.dates():
        kept = days.loc[pd.Timestamp(first) + pd.Timedelta(days=1) : pd.Timestamp(last)]
        means.append(kept["back_pain"].mean())
    means = np.array(means)

    def t_of(bits):
        bits = np.array(bits)
        return means[bits].mean() - means[~bits].mean()

    observed = t_of(plan.schedule)
    everything = [t_of(b) for b in brute_force(6)]
    expected = np.mean([abs(t) >= abs(observed) - 1e-9 for t in everything])
    assert result.to_dict()["T"] == pytest.approx(observed)
    assert result.p == pytest.approx(expected)
    assert result.allowed_schedules == len(everything)


def test_a_planted_effect_is_found_with_an_interval_that_holds_it(tmp_path):
    plan = _plan(n_weeks=8, seed=21)  # the default design: 16 half-weeks
    entries = _days(plan, effect=-1.0, seed=4).reset_index()
    log = tmp_path / "pain.csv"
    entries.assign(date=entries["date"].dt.date.astype(str)).to_csv(log, index=False)
    days = daily(read_log(log, today=plan.last_day))
    result = ex.analyse(days, plan)
    assert result.p < 0.05 and result.complete and not result.edited
    assert result.ci_low < -1.0 < result.ci_high < 0
    assert result.n_on + result.n_off == 56 - 16  # a washout day per block
    assert result.adherence_on == pytest.approx(0.8, abs=0.15) and result.adherence_off == 0
    sentence = experiment_sentence(plan, result)
    assert sentence.startswith("In your 8-week experiment, back pain averaged")
    assert "from 1,296 possible schedules" in sentence
    assert "unlikely to come from anything but the routine or chance" in sentence
    assert set(result.to_dict()) == {
        "routine", "blocks", "allowed_schedules", "T", "p", "effect", "ci_low", "ci_high",
        "n_on", "n_off", "adherence_on", "adherence_off", "complete"}  # fmt: skip


def test_no_effect_says_plainly_what_a_p_above_005_means():
    plan = _plan(n_weeks=8, seed=22)
    result = ex.analyse(_days(plan, effect=0.0, seed=9), plan)
    assert result.p >= 0.05
    assert "It does not show the routine does nothing" in experiment_sentence(plan, result)
    assert result.ci_low < 0 < result.ci_high


def test_a_plan_edited_by_hand_is_found_out(tmp_path):
    log = _log(tmp_path)
    plan = ex.make_plan(log, "rest", seed=3, outcome="back_pain", today=TODAY)
    path = tmp_path / "pain.csv.experiment.json"
    saved = json.loads(path.read_text())
    saved["blocks"] = saved["blocks"][::-1]  # moved the ON blocks after the draw
    if saved["blocks"] == plan.blocks:
        saved["blocks"] = ["off" if b == "on" else "on" for b in saved["blocks"]]
    path.write_text(json.dumps(saved))
    edited = ex.load_plan(log)
    assert not edited.drawn_again()
    result = ex.analyse(_days(edited, effect=-2.0), edited)
    sentence = experiment_sentence(edited, result)
    assert result.edited and "changed after the draw" in sentence
    assert result.p < 0.05 and "chosen at random" not in sentence  # they were not


def test_cli_plan_status_analyse_stop_and_the_log_line(tmp_path):
    runner = CliRunner()
    log = _log(tmp_path)
    refused = runner.invoke(cli, ["experiment", "plan", str(log), "--routine", "rest",
                                  "--block", "week"])  # fmt: skip
    assert refused.exit_code == 2 and "only 34 schedules" in refused.output
    missing = runner.invoke(cli, ["experiment", "analyse", str(log)])
    assert missing.exit_code == 2 and "has no experiment" in missing.output
    made = runner.invoke(cli, ["experiment", "plan", str(log), "--routine", "rest",
                               "--seed", "4", "--outcome", "back_pain"])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "1,296 schedules were possible" in made.output and ": ON" in made.output
    again = runner.invoke(cli, ["experiment", "plan", str(log), "--routine", "rest"])
    assert again.exit_code == 2 and "experiment stop" in again.output
    status = runner.invoke(cli, ["experiment", "status", str(log)])
    assert status.exit_code == 0 and "days still to log" in status.output
    analysed = runner.invoke(cli, ["experiment", "analyse", str(log), "--json"])
    assert json.loads(analysed.output)["allowed_schedules"] == 1296
    stopped = runner.invoke(cli, ["experiment", "stop", str(log)])
    assert stopped.exit_code == 0 and "ended" in stopped.output


def test_log_says_which_block_today_is(tmp_path):
    log = _log(tmp_path, last="2026-10-30")
    plan = ex.make_plan(log, "rest", seed=2, last_entry=dt.date(2026, 10, 30),
                        today=dt.date(2026, 10, 31))  # fmt: skip
    day = dt.date(2026, 11, 3)  # a Tuesday in the first half-week
    line = experiment_today(ex.load_plan(log), today=day)
    kind = "ON" if plan.blocks[0] == "on" else "OFF"
    assert line.startswith(f"Experiment: this half-week is an {kind} half-week")
    assert experiment_today(ex.load_plan(log), today=dt.date(2027, 6, 1)) is None
    assert experiment_today(None, today=day) is None


def test_the_chart_shows_every_block_and_each_blocks_mean():
    from psoas_track import plots

    plan = _plan(n_weeks=8, seed=21)
    days = _days(plan, effect=-1.0, seed=4)
    ax = plots.experiment_chart(days, plan).axes[0]
    spans = [p.get_gid() for p in ax.patches if p.get_gid() in ("on", "off")]
    assert spans == plan.blocks  # one shaded span per block, in order
    means = [c for c in ax.collections if c.get_gid() == "block-mean"]
    assert len(means) == len(plan.blocks)
    drawn = sorted(float(seg[0][1]) for c in means for seg in c.get_segments())
    expected, _ = ex.analysis.block_means(days, plan)
    assert drawn == pytest.approx(sorted(expected))
    assert ax.get_ylabel() == "Back pain (0-10)"


def test_psoas_track_log_prints_todays_assignment(tmp_path):
    today = dt.date.today()
    log = _log(tmp_path, last=(today - dt.timedelta(days=8)).isoformat())
    plan = ex.make_plan(log, "rest", seed=6, last_entry=today - dt.timedelta(days=8),
                        today=today - dt.timedelta(days=7))  # fmt: skip
    assert plan.first_day <= today <= plan.last_day
    result = CliRunner().invoke(cli, ["log", str(log), "--back-pain", "3"])
    assert result.exit_code == 0, result.output
    kind = plan.assignment(today)[1].upper()
    assert f"Experiment: this half-week is an {kind} half-week" in result.output


def test_the_explorer_shows_the_experiment_and_says_when_there_is_none():
    from psoas_track import widgets

    plan = _plan(n_weeks=8, seed=21)
    days = _days(plan, effect=-1.0, seed=4)
    explorer = widgets.Explorer(days, n_boot=50, plan=plan)
    explorer.show("Experiment")
    chart, words = explorer.outputs["Experiment"].outputs
    assert base64.b64decode(chart["data"]["image/png"]).startswith(b"\x89PNG")
    (ax,) = explorer.axes
    spans = [p.get_gid() for p in ax.patches if p.get_gid() in ("on", "off")]
    assert spans == plan.blocks
    assert words["data"]["text/plain"] == experiment_sentence(plan, ex.analyse(days, plan))
    assert "experiment" in words["data"]["text/plain"]
    before = explorer.redraws
    explorer.lag.value = 2  # no control changes the experiment: no redraw
    explorer.show("Load vs pain")
    explorer.show("Experiment")
    assert explorer.redraws == before + 1  # only the scatter, drawn for the new lag

    none = widgets.Explorer(days, n_boot=50)
    none.show("Experiment")
    (only,) = none.outputs["Experiment"].outputs
    assert none.message.startswith("No experiment is planned for this log")
    assert "image/png" not in only["data"]


# Plan files changed by hand (issue 25): every value a plan cannot have is one sentence
# naming the field, from load_plan and from the installed command, never a traceback.

MISSING = object()
BAD_FIELDS = [
    ("start", "yesterday"),
    ("start", "2026-12-08"),  # a Tuesday
    ("start", 20261207),
    ("seed", "abc"),
    ("seed", -1),
    ("seed", 1.5),
    ("block", "year"),
    ("blocks", []),
    ("blocks", ["on", "maybe"]),
    ("blocks", ["on", "off", "on"]),
    ("blocks", "on,off"),
    ("lag", -1),
    ("lag", "1"),
    ("washout_days", 5),
    ("outcome", "mood"),
    ("routine", ""),
    ("routine", 7),
    ("created", "now"),
    ("allowed_schedules", 5),
    ("max_run", 0),
    ("min_rated_days", True),
    ("extra", []),
    ("seed", MISSING),
    ("blocks", MISSING),
    ("colour", "blue"),  # a field no plan has
]
BAD_IDS = [f"{name}={'missing' if value is MISSING else value!r}" for name, value in BAD_FIELDS]


def _planned(tmp_path, **changes) -> Path:
    """A log with a plan beside it, the plan's fields then changed by hand."""
    log = _log(tmp_path)
    ex.make_plan(log, "rest", seed=3, outcome="back_pain", today=TODAY)
    path = tmp_path / "pain.csv.experiment.json"
    fields = json.loads(path.read_text())
    for name, value in changes.items():
        if value is MISSING:
            del fields[name]
        else:
            fields[name] = value
    path.write_text(json.dumps(fields))
    return log


def _one_sentence_naming(message: str, field: str) -> None:
    assert f'"{field}"' in message, message
    assert "\n" not in message.strip() and "Traceback" not in message
    assert "psoas-track experiment stop" in message  # and how to get out of it


def test_the_field_rules_cover_every_field_of_a_plan():
    assert set(ex.plan.FIELD_RULES) == {f.name for f in dataclasses.fields(Plan)}


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS, ids=BAD_IDS)
def test_a_bad_field_is_one_sentence_naming_it(tmp_path, field, value):
    log = _planned(tmp_path, **{field: value})
    with pytest.raises(ex.PlanError) as caught:
        ex.load_plan(log)
    _one_sentence_naming(str(caught.value), field)
    if value is not MISSING and field != "colour":
        assert f"not {json.dumps(value)}" in str(caught.value)  # the value as the file has it


def _psoas_track(*args: str) -> subprocess.Popen:
    """The installed `psoas-track` command (the entry point beside this Python)."""
    command = Path(sys.executable).with_name("psoas-track")
    assert command.exists(), f"{command} is missing: install the kit with pip install -e ."
    return subprocess.Popen(
        [str(command), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS, ids=BAD_IDS)
def test_status_and_analyse_say_which_field_is_wrong(tmp_path, field, value):
    log = _planned(tmp_path, **{field: value})
    running = [_psoas_track("experiment", c, str(log)) for c in ("status", "analyse")]
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 2 and out == "", (out, err)
        assert err.startswith("Error: ")
        _one_sentence_naming(err, field)


def test_a_plan_created_after_its_start_is_refused_and_never_called_random(tmp_path):
    today = dt.date.today()
    log = tmp_path / "pain.csv"
    log.write_text("date,back_pain\n")
    start = next_monday(today - dt.timedelta(days=70))  # 8 weeks, all of them logged by now
    plan = ex.make_plan(log, "rest", seed=8, outcome="back_pain", start=start,
                        today=start - dt.timedelta(days=1))  # fmt: skip
    entries = _days(plan, effect=-2.0, seed=1).reset_index()
    entries.assign(date=entries["date"].dt.date.astype(str)).to_csv(log, index=False)
    honest = _psoas_track("experiment", "analyse", str(log)).communicate(timeout=120)[0]
    assert "Because the blocks were chosen at random" in honest  # as made: in time

    path = tmp_path / "pain.csv.experiment.json"
    fields = json.loads(path.read_text())
    fields["created"] = f"{start + dt.timedelta(days=3)}T09:00:00"  # seed and blocks agree
    path.write_text(json.dumps(fields))
    with pytest.raises(ex.PlanError, match="not made before its outcome existed") as caught:
        ex.load_plan(log)
    _one_sentence_naming(str(caught.value), "start")
    for command in ("analyse", "status"):
        process = _psoas_track("experiment", command, str(log))
        out, err = process.communicate(timeout=120)
        assert process.returncode == 2 and out == ""
        assert "not made before its outcome existed" in err
        assert "chosen at random" not in out + err
    with pytest.raises(ex.PlanError, match='"start".*"created"'):
        Plan(**{**fields, "extra": {}})  # a Plan made in code is held to the same rule


def test_make_plan_refuses_a_washout_longer_than_a_block_naming_the_field(tmp_path):
    with pytest.raises(ex.PlanError, match='"washout_days" must be a whole number of days '
                       "from 0 to 2 for half-week blocks, not 3"):  # fmt: skip
        ex.make_plan(_log(tmp_path), "rest", washout_days=3, today=TODAY)
    assert not (tmp_path / "pain.csv.experiment.json").exists()


def test_a_plan_that_cannot_be_used_can_still_be_ended(tmp_path):
    log = _planned(tmp_path, seed="abc")
    kept = stop_plan(log)
    assert kept.name == "pain.csv.experiment-unreadable.ended.json" and kept.exists()
    assert ex.load_plan(log) is None
    ex.make_plan(log, "rest", seed=4, today=TODAY)  # and a new one planned


@pytest.mark.parametrize("kind", ["fifo", "folder", "not json", "deep", "list", "huge"])
def test_a_plan_file_that_is_no_plan_is_refused_at_once(tmp_path, kind):
    log = _log(tmp_path)
    path = tmp_path / "pain.csv.experiment.json"
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer for ever
    elif kind == "folder":
        path.mkdir()
    else:
        text = {"not json": "{oops", "deep": "[" * 100_000, "list": "[1, 2]"}.get(kind)
        path.write_text(text or " " * (ex.plan.MAX_PLAN_BYTES + 1))
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_error_of(ex.load_plan, log)))
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "load_plan hung on the plan file"
    (message,) = outcome
    assert message.startswith("pain.csv.experiment.json is not a plan this kit can read")
    assert "\n" not in message


def _error_of(function, *args) -> str:
    try:
        function(*args)
    except ex.PlanError as error:
        return str(error)
    return "no error"
