"""A real spreadsheet program opens a log the kit wrote, saves it, and nothing changes.

LibreOffice (`soffice --headless --convert-to`, Debian package libreoffice-calc-nogui,
installed by .ci/run) opens a .csv and an .xlsx log written by `init_log` and
`append_entry`, saves each as .xlsx, .ods and .csv, and `read_log` of every copy gives
the same daily table. The kit then appends to the copies LibreOffice wrote. The tests
ask for the `soffice` fixture: skipped only where it is absent, and under CI they must
run (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.write import append_entry, init_log

# Comma, double quotes, UTF-8 (76), from row 1; English (1033) numbers and dates.
CSV_IMPORT = "CSV:44,34,76,1,,1033"
CSV_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1"

ENTRIES = [
    dict(date="2026-11-20", time="07:30", sitting=7.5, back_pain=4, rest=10, towel=True,
         notes="=SUM(A1:A2) is not a formula"),
    dict(date="2026-11-20", time="21:15", sitting=2.25, back_pain=5.5, hip_pain=2,
         notes='Rücken steif, "café"; ok'),
    dict(date="2026-11-21", time="08:00", walking=35, steps=5200, towel=False,
         therapy="physio", notes="-3 degrees outside\nsecond line"),
    dict(date="2026-11-23", back_pain=3, knee_pain=1, situps=20, longest_sit=95,
         notes="@home +1"),
    dict(date="2026-11-24", time="12:00", running=20, stretch=5, strength=15, back_pain=0),
]  # fmt: skip


def convert(soffice: str, source: Path, target: str, outdir: Path, work: Path) -> Path:
    """Open source in LibreOffice and save it as target (xlsx, ods or csv) in outdir."""
    outdir.mkdir(exist_ok=True)
    home = work / "home"
    home.mkdir(exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",  # no shared profile lock
        "--headless",
        "--norestore",
    ]
    if source.suffix == ".csv":
        command.append(f"--infilter={CSV_IMPORT}")
    command += ["--convert-to", CSV_EXPORT if target == "csv" else target]
    command += ["--outdir", str(outdir), str(source)]
    env = {**os.environ, "HOME": str(home), "SAL_USE_VCLPLUGIN": "svp"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    made = outdir / f"{source.stem}.{target}"
    assert result.returncode == 0 and made.exists(), result.stdout + result.stderr
    return made


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_libreoffice_round_trip_gives_the_same_daily_table(soffice, tmp_path, kind):
    log_path = init_log(tmp_path / "kit", xlsx=kind == "xlsx")
    for entry in ENTRIES:
        append_entry(log_path, **entry)
    original = read_log(log_path)
    assert not original.problems
    expected = daily(original)

    for target in ("xlsx", "ods", "csv"):
        saved = convert(soffice, log_path, target, tmp_path / f"saved-{target}", tmp_path)
        log = read_log(saved)
        assert not log.problems, (target, [str(p) for p in log.problems])
        assert log.n_entries == len(ENTRIES)
        pd.testing.assert_frame_equal(daily(log), expected, obj=f"daily table of {saved.name}")
        assert log.entries["notes"].tolist() == original.entries["notes"].tolist()
        if target == "xlsx":
            cells = [c for row in openpyxl.load_workbook(saved).active.iter_rows() for c in row]
            assert not any(c.data_type == "f" for c in cells), "a text cell became a formula"
        if target in ("xlsx", "csv"):
            # The kit keeps logging in the file LibreOffice saved.
            written = append_entry(saved, date="2026-11-25", sitting=3.5, back_pain=2,
                                   towel=True, notes="=after LibreOffice")  # fmt: skip
            again = read_log(saved)
            assert not again.problems
            assert again.n_entries == len(ENTRIES) + 1
            last = again.entries.iloc[-1]
            assert last["row"] == written["row"]
            assert (last["sitting_hours"], last["towel"], last["notes"]) == (
                3.5,
                True,
                "=after LibreOffice",
            )


def _workbook_with_formulas(soffice: str, tmp_path: Path) -> Path:
    """A log as LibreOffice saves one a person built: formulas (with their computed values),
    a HYPERLINK formula, a cell hyperlink, number formats, data validation, a second sheet."""
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Log"
    sheet.append(["date", "back_pain", "score", "notes", "sitting_hours"])
    for row in range(2, 7):
        sheet.append(
            [
                dt.date(2026, 11, row),
                row,
                f"=B{row}*2",
                f'=HYPERLINK("https://example.org/{row}","link {row}")',
                row + 0.25,
            ]
        )
        sheet[f"A{row}"].number_format = "DD.MM.YYYY"
        sheet[f"E{row}"].number_format = "0.00"
    sheet["B7"] = None
    sheet["F1"] = "see"
    sheet["F1"].hyperlink = "https://example.org/help"
    check = DataValidation(type="whole", operator="between", formula1="0", formula2="10")
    check.add("B2:B1000")
    sheet.add_data_validation(check)
    other = book.create_sheet("Totals")
    other.append(["total", "=SUM(Log!B2:B6)"])
    source = tmp_path / "made.xlsx"
    book.save(source)
    # LibreOffice computes and stores every formula's value, as a spreadsheet program does.
    return convert(soffice, source, "xlsx", tmp_path / "lo", tmp_path)


def _cells(path: Path, data_only: bool) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path, data_only=data_only)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def test_an_xlsx_append_keeps_every_formulas_value(soffice, tmp_path):
    path = _workbook_with_formulas(soffice, tmp_path)
    values, formulas = _cells(path, True), _cells(path, False)
    assert values[("Log", "C2")] == 4 and values[("Totals", "B1")] == 20  # computed values
    before = read_log(path)
    made = openpyxl.load_workbook(path)["Log"]
    formats = {c.coordinate: c.number_format for row in made.iter_rows() for c in row}
    assert formats["A2"] != "General" and formats["E2"] != "General"
    append_entry(path, date="2026-11-08", back_pain=3, sitting_hours=1.5)
    after_values, after_formulas = _cells(path, True), _cells(path, False)
    for key, value in values.items():  # every old cell, as values and as formulas
        assert after_values[key] == value, key
    for key, formula in formulas.items():
        assert after_formulas[key] == formula, key
    assert after_values[("Log", "B7")] == 3 and after_values[("Log", "E7")] == 1.5
    book = openpyxl.load_workbook(path)
    assert book["Log"]["F1"].hyperlink.target == "https://example.org/help"
    kept = {c.coordinate: c.number_format for row in book["Log"].iter_rows() for c in row}
    assert all(kept[coordinate] == number_format for coordinate, number_format in formats.items())
    assert kept["E7"] == formats["E6"]  # the new row takes the format of the row above
    assert any("B2:B1000" in str(v.sqref) for v in book["Log"].data_validations.dataValidation)
    after = read_log(path)  # the kit reads the old rows exactly as before, and the new one
    old = after.entries.iloc[: before.n_entries].reset_index(drop=True)
    assert old.equals(before.entries)
    assert list(after.entries["score"].iloc[:5]) == [4, 6, 8, 10, 12]
    assert list(after.entries["notes"].iloc[:5]) == [f"link {r}" for r in range(2, 7)]
    # LibreOffice opens it, recomputes, and gets the same values (and the new row's sum).
    reopened = _cells(convert(soffice, path, "xlsx", tmp_path / "again", tmp_path), True)
    for key, value in values.items():
        if key != ("Totals", "B1"):
            assert reopened[key] == value, key
    assert reopened[("Totals", "B1")] == 20  # SUM(B2:B6) does not reach the new row 7


def test_an_xlsx_whose_declared_range_hides_rows_is_read_and_appended_whole(tmp_path):
    import re
    import zipfile

    book = openpyxl.Workbook()
    book.active.append(["date", "back_pain"])
    for day in range(1, 30):
        book.active.append([dt.date(2026, 10, day), day % 10])
    full = tmp_path / "full.xlsx"
    book.save(full)
    path = tmp_path / "log.xlsx"  # the same workbook claiming to end at row 5
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B5"', data)
                assert b'ref="A1:B5"' in data
            target.writestr(info, data)
    assert read_log(path).n_entries == 29
    written = append_entry(path, date="2026-10-30", back_pain=4)
    assert written["row"] == 31
    log = read_log(path)
    assert log.n_entries == 30 and log.entries["back_pain"].iloc[-1] == 4
