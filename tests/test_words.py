"""One words layer: the command and the explorer say a log the same way, and a lag is
worded in one place."""

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from psoas_track import analysis, plots, widgets, words
from psoas_track.cli import cli
from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.sample import generate_log

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PACKAGE = ROOT / "psoas_track"

LOGS = [
    ROOT / "data" / "example_log.csv",
    DATA / "bad_values.csv",
    DATA / "custom_columns.csv",
    DATA / "ambiguous_no_evidence.csv",
    DATA / "real_dates.xlsx",
    DATA / "header_only.csv",
]


@pytest.mark.parametrize("path", LOGS, ids=lambda p: p.name)
def test_the_command_and_the_explorer_give_the_same_check_summary(path):
    printed = CliRunner().invoke(cli, ["check", str(path)]).output
    log = read_log(path)
    assert printed == widgets.check_summary(log, daily(log)) + "\n"
    assert printed == words.check_text(log) + "\n"  # the day table made when not given


def test_the_explorer_check_summary_is_the_words_one():
    assert widgets.check_summary is words.check_text


def test_the_check_summary_says_a_guessed_order_and_every_column():
    log = read_log(DATA / "ambiguous_no_evidence.csv")
    lines = words.check_text(log).splitlines()
    assert any(line.startswith("Date order: ") and "A GUESS" in line for line in lines)
    assert "Columns, as read:" in lines
    custom = read_log(DATA / "custom_columns.csv")
    text = words.check_text(custom)
    assert all(f"your own column '{name}'" in text for name in custom.custom_columns)


def test_a_lag_is_worded_once_for_sentences_and_charts():
    assert [analysis.lag_words(k) for k in range(4)] == [
        "the same day",
        "the next day",
        "2 days later",
        "3 days later",
    ]
    assert [plots.lag_words(k) for k in range(3)] == ["same day", "next day", "2 days later"]
    assert analysis.lag_words(1, before="on the") == "on the next day"


def test_a_chart_without_pairs_says_the_lag_as_a_sentence_does():
    days = daily(generate_log(days=30, seed=1))
    days["back_pain"] = np.nan
    for lag, said in ((1, "recorded the next day."), (2, "recorded 2 days later.")):
        fig = plots.load_vs_pain(days, "sitting_hours", "back_pain", lag=lag)
        assert said in plots.no_data_message(fig)


def _string_constants(path: Path) -> list[str]:
    """The string literals of a module, docstrings left out (they may quote the words)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize(
    ("words_of", "home"),
    [
        (r"\b(same|next) day\b|days later", "analysis/common.py"),
        (r"^Rows read: |^Date order: |^Columns, as read:", "words/check.py"),
        (r"schedules were possible|is an (ON|OFF) ", "words/experiment.py"),
        (r"sitting bones on long sits|getting up every half hour", "words/experiment.py"),
        (r"nothing logged yet", "words/entries.py"),
        (r"links tested", "words/findings.py"),
    ],
)
def test_each_wording_is_written_in_one_module(words_of, home):
    """A second copy of these words anywhere in the package fails here."""
    pattern = re.compile(words_of)
    found = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if any(pattern.search(text) for text in _string_constants(path))
    }
    assert found == {home}
