"""`psoas-track check` and `sample` through click's CliRunner: exit codes and exact lines."""

import json
from pathlib import Path

from click.testing import CliRunner

from psoas_track.cli import cli

ROOT = Path(__file__).resolve().parent.parent

BAD = """date,sitting_hours,back_pain,towel
2026-11-02,7,4,yes
2026-11-03,8,seven,no
2026-11-04,6,3,maybe
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_check_clean_log_exits_0():
    result = run("check", ROOT / "data" / "example_log.csv")
    assert result.exit_code == 0, result.output
    assert "Problems: none" in result.output
    assert "Rows read:" in result.output


def test_check_lists_problems_with_rows_and_exits_1(write):
    result = run("check", write(BAD))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "row 3, back_pain: 'seven' is not a number; pain is rated 0 to 10 (error)" in lines
    assert (
        "row 4, towel: 'maybe' is not yes or no; the towel column takes yes or no "
        "(also x, 1/0, true/false) (error)"
    ) in lines
    assert "Rows read: 3 (3 entries, 0 unusable, 0 blank)" in lines
    assert "Days: 3 from 2026-11-02 to 2026-11-04, 3 of them logged" in lines


def test_check_warnings_only_exit_0(write):
    # 14 h + 12 h sat on one day: each cell is fine, the day is not.
    path = write("date,sitting_hours\n2026-11-02,14\n2026-11-02,12\n")
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert "(warning)" in result.output


def test_check_unreadable_file_exits_2_without_traceback(write, tmp_path):
    for path in (
        write(b"", "empty.csv"),
        write("a,b\n1,2\n", "nodate.csv"),
        tmp_path / "missing.csv",
        write(bytes(range(256)) * 4, "bin.csv"),
    ):
        result = run("check", path)
        assert result.exit_code == 2, (path, result.output)
        assert result.output.startswith("Error: ")
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_check_date_order_options(write):
    path = write("date,back_pain\n01/02/2026,3\n02/02/2026,4\n03/02/2026,5\n")
    guessed = run("check", path)
    assert "Date order: day-first (no date in the file tells day from month" in guessed.output
    monthfirst = json.loads(run("check", path, "--monthfirst", "--json").output)
    assert monthfirst["dayfirst"] is False
    assert [d["date"] for d in monthfirst["daily"]][:2] == ["2026-01-02", "2026-01-03"]
    dayfirst = json.loads(run("check", path, "--dayfirst", "--json").output)
    assert dayfirst["first_day"] == "2026-02-01" and dayfirst["last_day"] == "2026-02-03"


def test_check_json_has_every_key(write):
    result = run("check", write(BAD), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {
        "rows",
        "entries",
        "unusable_rows",
        "blank_rows",
        "days",
        "days_logged",
        "first_day",
        "last_day",
        "dayfirst",
        "dayfirst_guessed",
        "custom_columns",
        "columns",
        "problems",
        "daily",
    }
    assert data["columns"]["back_pain"] == "back_pain (0-10)"
    assert data["rows"] == 3 and data["entries"] == 3 and data["dayfirst"] is None
    assert data["problems"][0] == {
        "row": 3,
        "column": "back_pain",
        "value": "seven",
        "message": "'seven' is not a number; pain is rated 0 to 10.",
        "severity": "error",
    }
    day = data["daily"][1]
    assert day["date"] == "2026-11-03"
    assert day["back_pain"] is None and day["sitting_hours"] == 8.0
    assert day["towel"] is False and day["logged"] is True
    assert data["daily"][0]["towel"] is True


def test_sample_writes_a_log_that_checks_clean(tmp_path):
    out = tmp_path / "s.csv"
    result = run("sample", "--days", 30, "--seed", 3, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists() and "30 days" in result.output
    again = run("sample", "--days", 30, "-o", out)
    assert again.exit_code == 2 and "already exists" in again.output
    assert run("check", out).exit_code == 0


def test_insights_in_plain_sentences():
    result = run("insights", ROOT / "data" / "example_log.csv", "--week", "2026-W47")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("Week 2026-W47 (2026-11-16 to 2026-11-22): 7 of 7 days logged")
    assert "More sitting goes with more back pain the next day" in text
    assert "causes" not in text.replace("what causes what", "")
    assert "95% interval" in text and "pairs of days" in text


def test_insights_json_is_the_same_data():
    result = run("insights", ROOT / "data" / "example_log.csv", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["week"] == "2026-W47"
    assert {"summary", "associations", "comparisons", "trend", "adherence"} <= set(data)


def test_insights_errors_exit_2(write):
    log = ROOT / "data" / "example_log.csv"
    for args, message in (
        ([log, "--week", "2026-47"], "is not a week"),
        ([log, "--week", "2027-W10"], "outside the log"),
        ([write("date,back_pain\n")], "no entries"),
        ([write("a,b\n1,2\n", "nodate.csv")], "no date column"),
    ):
        result = run("insights", *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output


def test_readme_check_example_is_what_check_prints(monkeypatch):
    monkeypatch.chdir(ROOT)  # the example names the file relative to the project
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ psoas-track check tests/data/bad_values.csv\n")[1].split("```")[0]
    result = run("check", "tests/data/bad_values.csv")
    assert result.output.strip() == shown.strip()
