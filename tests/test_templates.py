"""data/template.csv and data/template.xlsx are made from the schema and stay current."""

from pathlib import Path

import openpyxl

from psoas_track import schema
from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.write.templates import (
    EXAMPLE_ROW,
    header,
    write_template_csv,
    write_template_xlsx,
)

DATA = Path(__file__).resolve().parent.parent / "data"


def test_csv_template_is_current(tmp_path):
    fresh = write_template_csv(tmp_path / "template.csv")
    assert fresh.read_bytes() == (DATA / "template.csv").read_bytes(), (
        "data/template.csv is stale: run python -m psoas_track.write.templates"
    )


def test_xlsx_template_is_current_and_checks_input(tmp_path):
    fresh = write_template_xlsx(tmp_path / "template.xlsx")
    for path in (fresh, DATA / "template.xlsx"):
        sheet = openpyxl.load_workbook(path).active
        assert [c.value for c in sheet[1]] == header()
        checks = {str(v.sqref).split(":")[0][:-1]: v for v in sheet.data_validations.dataValidation}
        names = [schema.psfs_item(name) or name for name in header()]
        for position, measure in enumerate(map(schema.measure_of, names), start=1):
            letter = openpyxl.utils.get_column_letter(position)
            if measure.name in schema.PAIN_SITES or schema.is_psfs_item(measure.name):
                check = checks[letter]
                assert (check.type, check.operator, check.formula1, check.formula2) == (
                    "decimal",
                    "between",
                    "0",
                    "10",
                )
                assert check.showErrorMessage
        assert sheet["A2"].number_format == "yyyy-mm-dd"
    committed = openpyxl.load_workbook(DATA / "template.xlsx").active
    regenerated = openpyxl.load_workbook(fresh).active
    assert [[c.value for c in r] for r in committed.iter_rows(max_row=2)] == [
        [c.value for c in r] for r in regenerated.iter_rows(max_row=2)
    ]


def test_templates_read_as_one_example_entry():
    for name in ("template.csv", "template.xlsx"):
        log = read_log(DATA / name)
        assert log.problems == []
        assert (log.rows, log.n_entries) == (1, 1)
        days = daily(log)
        assert days.iloc[0]["sitting_hours"] == EXAMPLE_ROW["sitting_hours"]
        assert days.iloc[0]["back_pain"] == EXAMPLE_ROW["back_pain"]
        assert bool(days.iloc[0]["towel"]) is True
        assert days.iloc[0]["psfs_climbing_stairs"] == days.iloc[0]["psfs"] == 6
        assert days.iloc[0]["sitting_breaks"] == EXAMPLE_ROW["sitting_breaks"]


def test_the_template_has_every_hand_kept_measure_and_a_psfs_activity():
    names = header()
    assert [n for n in names if n in schema.COLUMNS] == list(schema.HAND_COLUMNS)
    assert [schema.psfs_item(n) for n in names if schema.psfs_item(n)] == ["psfs_climbing_stairs"]
    for measure in ("peg_pain", "pgic", "odi", "koos_adl", "hoos_qol", "red_flags"):
        assert measure in names
