"""journal.append_entry and friends: the log is never damaged, and keeps its own dialect.

Byte-level checks on the new row for each dialect a spreadsheet writes, refusals that
leave the file byte-identical, two writers at once, and writers killed mid-write.
"""

from __future__ import annotations

import codecs
import datetime as dt
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import openpyxl
import pytest

from psoas_track import schema
from psoas_track.read.log import read_log
from psoas_track.words import day_so_far, describe_entry
from psoas_track.write import (
    ENTRY_MEASURES,
    JournalError,
    append_entry,
    backup_paths,
    init_log,
    journal,
    option_names,
)

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def copy(tmp_path):
    """A copy of a fixture log in a fresh folder."""

    def _copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copyfile(DATA / name, target)
        return target

    return _copy


def added(before: bytes, after: bytes) -> bytes:
    assert after.startswith(before), "the old bytes must stay exactly as they were"
    return after[len(before) :]


# ---------------------------------------------------------------- dialects, byte for byte


def test_semicolon_decimal_comma_bom_crlf_dayfirst(copy):
    path = copy("bom_semicolon_decimal_comma_dayfirst.csv")
    before = path.read_bytes()
    written = append_entry(
        path, date="2026-11-25", sitting=7.25, back_pain=4.5, rest=10, towel=True, notes="ok; fine"
    )
    row = added(before, path.read_bytes())
    # Day-first slash dates, decimal commas, ';', the file's own 'yes', CRLF, UTF-8.
    assert row == b'25/11/2026;7,25;4,5;10;yes;"ok; fine"\r\n'
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert path.read_bytes().count(codecs.BOM_UTF8) == 1
    assert written == {
        "row": 10,
        "date": dt.date(2026, 11, 25),
        "sitting_hours": 7.25,
        "rest_minutes": 10.0,
        "towel": True,
        "back_pain": 4.5,
        "notes": "ok; fine",
    }
    log = read_log(path)
    assert not log.errors
    assert (log.encoding, log.delimiter, log.decimal, log.dayfirst) == ("utf-8-sig", ";", ",", True)
    last = log.entries.iloc[-1]
    assert last["row"] == 10 and last["sitting_hours"] == 7.25 and last["notes"] == "ok; fine"


def test_utf16_tab_file(copy):
    path = copy("utf16_tab.txt")
    before = path.read_bytes()
    append_entry(path, date="2026-11-24", time="7:05", back_pain=3, steps=9000, notes="Straße 🙂")
    row = added(before, path.read_bytes())
    assert row == "2026-11-24\t07:05\t3\t\t9000\tStraße 🙂\r\n".encode("utf-16-le")
    assert path.read_bytes().count(codecs.BOM_UTF16_LE) == 1
    log = read_log(path)
    assert not log.problems
    assert log.entries.iloc[-1]["notes"] == "Straße 🙂"
    assert log.entries.iloc[-1]["time"] == "07:05"


def test_crlf_file_with_quoted_newlines(copy):
    path = copy("quoted_newlines_crlf.csv")
    before = path.read_bytes()
    append_entry(path, date="2026-11-25", back_pain=2, notes='two\nlines, "quoted"')
    row = added(before, path.read_bytes())
    assert row == b'2026-11-25,2,"two\nlines, ""quoted"""\r\n'
    log = read_log(path)
    assert log.entries.iloc[-1]["notes"] == 'two\nlines, "quoted"'
    assert log.rows == read_log(DATA / "quoted_newlines_crlf.csv").rows + 1


def test_lf_file_without_final_newline(write):
    path = write("Date,Back pain\n2026-11-20,4")
    append_entry(path, date="2026-11-21", back_pain=3)
    assert path.read_bytes() == b"Date,Back pain\n2026-11-20,4\n2026-11-21,3"


def test_windows_text_file(copy):
    path = copy("cp1252.csv")
    before = path.read_bytes()
    append_entry(
        path, date="2026-11-25", back_pain=3.5, sitting=6, notes="Rücken, café", kosten=9.5
    )
    # Dot dates, decimal commas, cp1252 bytes, and the file's own column 'Kosten (€)'.
    assert added(before, path.read_bytes()) == "25.11.2026;3,5;6;9,5;Rücken, café\r\n".encode(
        "cp1252"
    )
    before = path.read_bytes()
    with pytest.raises(JournalError, match="cannot store"):
        append_entry(path, date="2026-11-25", back_pain=3, notes="arrow →")
    assert path.read_bytes() == before


def test_trailing_empty_rows_and_columns(copy):
    path = copy("us_monthfirst_trailing_empty.csv")
    append_entry(path, date="2026-11-25", sitting=6.5, walking=20)
    lines = path.read_bytes().split(b"\r\n")
    # The new row goes after the last entry, before the empty rows; month-first dates.
    assert lines[8] == b"11/25/2026,6.5,,20,,"
    assert lines[9:] == [b",,,,,", b",,,,,", b",,,,,", b""]
    log = read_log(path)
    assert log.entries.iloc[-1]["date"] == dt.datetime(2026, 11, 25)
    assert log.blank_rows == 3


def test_new_column_is_added_at_the_right_in_the_file_style(copy):
    path = copy("bom_semicolon_decimal_comma_dayfirst.csv")
    before = path.read_bytes()
    append_entry(path, date="2026-11-25", back_pain=3, knee_pain=1.5, steps=4000)
    after = path.read_bytes().decode("utf-8-sig")
    old = before.decode("utf-8-sig")
    header, rest = after.split("\r\n", 1)
    assert (
        header
        == "Date;Sitting (h);Back pain (0-10);Rest (min);Towel;Notes;Steps (steps);Knee pain (0-10)"
    )
    assert rest == old.split("\r\n", 1)[1] + "25/11/2026;;3;;;;4000;1,5\r\n"
    log = read_log(path)
    assert not log.errors
    assert log.columns["Knee pain (0-10)"] == "knee_pain"
    assert log.entries.iloc[-1]["knee_pain"] == 1.5


def test_header_names_and_order_are_kept(write):
    path = write("Notes,Back pain (0-10),DATE,Sit-ups\n,4,2026-11-20,10\n")
    append_entry(path, date="2026-11-21", situps=15, notes="n", back_pain=1)
    assert path.read_text().splitlines() == [
        "Notes,Back pain (0-10),DATE,Sit-ups",
        ",4,2026-11-20,10",
        "n,1,2026-11-21,15",
    ]


def test_a_repeated_header_writes_to_the_first_column_as_the_reader_reads(write):
    path = write("date,Notes,notes\n2026-11-20,first,second\n")
    append_entry(path, date="2026-11-21", notes="mine")
    assert path.read_text().splitlines()[-1] == "2026-11-21,mine,"
    assert read_log(path).entries["notes"].tolist() == ["first", "mine"]


def test_text_quoting_style_of_libreoffice_is_followed(write):
    path = write('"date","back_pain","towel","notes"\n2026-11-20,4,"yes","a"\n')
    append_entry(path, date="2026-11-21", back_pain=2, towel=False, notes="b")
    assert path.read_text().splitlines()[-1] == '2026-11-21,2,"no","b"'


def test_flag_words_of_the_file_are_used(copy):
    path = copy("multi_entry_times.csv")
    append_entry(path, date="2026-11-23", time="08:00", towel=True, back_pain=2)
    assert path.read_text().splitlines()[-1] == "2026-11-23,08:00,,2,,x"


# ---------------------------------------------------------------- xlsx


def test_xlsx_from_the_template_keeps_formats_checks_and_types(tmp_path):
    path = init_log(tmp_path, xlsx=True)
    first = append_entry(
        path,
        date="2026-11-24",
        time="07:30",
        sitting=7.5,
        steps=5200,
        towel=False,
        back_pain=4,
        notes="=HYPERLINK(1)",
        therapy="-physio",
    )
    second = append_entry(path, date="2026-11-25", back_pain=5.5)
    assert (first["row"], second["row"]) == (2, 3)  # right under the header, not row 1002
    book = openpyxl.load_workbook(path)
    sheet = book.active
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert cells["date"].is_date and cells["date"].number_format == "yyyy-mm-dd"
    assert cells["time"].value == "07:30" and cells["time"].number_format == "@"
    assert cells["sitting_hours"].value == 7.5 and cells["sitting_hours"].data_type == "n"
    assert cells["steps"].value == 5200 and cells["steps"].number_format == "0"
    assert cells["towel"].value == "no"
    # Formula-looking text is a text cell marked with a quote prefix, never a formula.
    for name, text in (("notes", "=HYPERLINK(1)"), ("therapy", "-physio")):
        assert cells[name].value == text
        assert cells[name].data_type == "s"
        assert cells[name].quotePrefix
    assert cells["back_pain"].value == 4 and not cells["back_pain"].quotePrefix
    assert len(sheet.data_validations.dataValidation) == len(
        openpyxl.load_workbook(
            ROOT / "data" / "template.xlsx"
        ).active.data_validations.dataValidation
    )
    log = read_log(path)
    assert not log.problems
    assert log.entries["notes"].iloc[0] == "=HYPERLINK(1)"
    assert log.entries["back_pain"].tolist() == [4.0, 5.5]


def test_xlsx_with_real_dates_and_booleans(tmp_path):
    path = tmp_path / "real_dates.xlsx"
    shutil.copyfile(DATA / "real_dates.xlsx", path)
    rows = read_log(path).rows
    written = append_entry(path, date="2026-11-25", time="06:45", towel=True, hip_pain=2)
    sheet = openpyxl.load_workbook(path).active
    new = {sheet.cell(1, c).value: sheet.cell(written["row"], c).value for c in range(1, 8)}
    assert new["Date"] == dt.datetime(2026, 11, 25)
    assert new["Time"] == dt.time(6, 45)  # the file keeps times as time cells
    assert new["Towel"] is True  # the file has TRUE/FALSE cells
    log = read_log(path)
    assert log.rows == rows + 1 and not log.errors


def test_xlsx_table_takes_the_new_row(tmp_path):
    from openpyxl.worksheet.table import Table

    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Date", "Back pain", "Notes"])
    book.active.append([dt.date(2026, 11, 20), 3, "a"])
    book.active.add_table(Table(displayName="Log", ref="A1:C2"))
    book.save(path)
    append_entry(path, date="2026-11-21", back_pain=2, notes="b")
    assert openpyxl.load_workbook(path).active.tables["Log"].ref == "A1:C3"
    assert read_log(path).entries["notes"].tolist() == ["a", "b"]


def test_xlsx_with_a_chart_is_refused(tmp_path):
    from openpyxl.chart import BarChart, Reference

    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["date", "back_pain"])
    book.active.append([dt.date(2026, 11, 24), 4])
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    book.active.add_chart(chart, "S2")
    book.save(path)
    before = path.read_bytes()
    with pytest.raises(JournalError, match="charts"):
        append_entry(path, date="2026-11-25", back_pain=3)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- refusals write nothing


@pytest.mark.parametrize(
    "values, message",
    [
        ({"back_pain": 11}, "Back pain: 11 is too high; pain is rated 0 to 10."),
        ({"back_pain": "seven"}, "Back pain: 'seven' is not a number; pain is rated 0 to 10."),
        ({"walking": -5}, "Walking: -5 is too low; walking is counted in minutes, 0 or more."),
        ({"steps": 2.5}, "Steps: '2.5' is not a whole number"),
        ({"sitting": 25}, "Sitting: 25 is too high"),
        ({"towel": "maybe"}, "'maybe' is not yes or no"),
        ({"sittin": 3}, "There is no measure called 'sittin'. Did you mean 'sitting'?"),
        ({"back_pain": True}, "is not a number"),
        ({"back_pain": float("nan")}, "is not a number"),
        ({"date": "2026-02-31", "back_pain": 2}, "'2026-02-31' is not a date"),
        ({"date": "03/04/2026", "back_pain": 2}, "write it like 2026-11-24"),
        ({"date": "2999-01-01", "back_pain": 2}, "in the future"),
        ({"time": "25:00", "back_pain": 2}, "'25:00' is not a time of day"),
        ({"notes": "bell\x07"}, "control character"),
        ({}, "The entry holds no values"),
        ({"sitting": 3, "sitting_hours": 4}, "the same measure"),
        ({"date": "2026-11-24", "sitting": 20}, "would add up to 26 h on 2026-11-24"),
    ],
)
def test_bad_value_is_refused_and_the_file_is_byte_identical(tmp_path, values, message):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,sitting_hours,back_pain\n2026-11-24,6,3\n")
    before = path.read_bytes()
    with pytest.raises(JournalError) as error:
        append_entry(path, **values)
    assert message in str(error.value)
    assert path.read_bytes() == before
    assert not backup_paths(path)[0].exists()


@pytest.mark.parametrize("lock_name", [".~lock.log.csv#", "~$log.csv"])
def test_open_in_a_spreadsheet_is_refused(tmp_path, lock_name):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain\r\n2026-11-24,3\r\n")
    (tmp_path / lock_name).write_text("someone,host,1234;")
    with pytest.raises(JournalError, match="open in a spreadsheet program") as error:
        append_entry(path, date="2026-11-25", back_pain=2)
    assert lock_name in str(error.value)
    assert path.read_bytes() == b"date,back_pain\r\n2026-11-24,3\r\n"


def test_a_change_while_writing_is_detected(tmp_path, monkeypatch):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain\n2026-11-24,3\n")
    real = journal._append_text

    def meanwhile_a_spreadsheet_saves(*args):
        result = real(*args)
        path.write_bytes(b"date,back_pain\n2026-11-24,3\n2026-11-24,9\n")
        return result

    monkeypatch.setattr(journal, "_append_text", meanwhile_a_spreadsheet_saves)
    with pytest.raises(JournalError, match="changed while the entry was being written"):
        append_entry(path, date="2026-11-25", back_pain=2)
    assert path.read_bytes() == b"date,back_pain\n2026-11-24,3\n2026-11-24,9\n"


def test_a_failed_replace_leaves_the_old_file_and_no_temp_files(tmp_path, monkeypatch):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain\n2026-11-24,3\n")
    real = os.replace

    def full_disk(src, dst):
        if Path(dst) == path:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(journal.os, "replace", full_disk)
    with pytest.raises(JournalError, match="could not be written .No space left on device."):
        append_entry(path, date="2026-11-25", back_pain=2)
    assert path.read_bytes() == b"date,back_pain\n2026-11-24,3\n"
    assert not list(tmp_path.glob(".*.tmp"))


def test_unsupported_files_are_refused(tmp_path):
    with pytest.raises(JournalError, match="There is no log"):
        append_entry(tmp_path / "missing.csv", back_pain=2)
    ods = tmp_path / "log.ods"
    shutil.copyfile(DATA / "real_dates.ods", ods)
    with pytest.raises(JournalError, match="cannot be added to a .ods file"):
        append_entry(ods, back_pain=2)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(JournalError, match="empty"):
        append_entry(empty, back_pain=2)


# ---------------------------------------------------------------- formulas and numbers


@pytest.mark.parametrize(
    "note, stored",
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-3 degrees", "'-3 degrees"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'tis fine", "'tis fine"),
        ("plain = text", "plain = text"),
    ],
)
def test_formula_looking_text_is_neutralised_and_reads_back_as_typed(tmp_path, note, stored):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain,notes\n")
    append_entry(path, date="2026-11-24", back_pain=2, notes=note)
    assert path.read_text().splitlines()[-1] == f"2026-11-24,2,{stored}"
    assert read_log(path).entries["notes"].iloc[0] == note


def test_an_apostrophe_typed_before_a_formula_sign_works_as_in_a_spreadsheet(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,notes\n")
    append_entry(path, date="2026-11-24", notes="'=1+1")
    assert path.read_text().splitlines()[-1] == "2026-11-24,'=1+1"
    assert read_log(path).entries["notes"].iloc[0] == "=1+1"


def test_negative_numbers_are_never_touched(write):
    path = write("date,mood_change,back_pain,notes\n2026-11-20,-1,3,\n")
    append_entry(path, date="2026-11-21", mood_change=-2.5, back_pain=0, notes="-2")
    assert path.read_text().splitlines()[-1] == "2026-11-21,-2.5,0,'-2"
    entries = read_log(path).entries
    assert entries["mood_change"].tolist() == [-1.0, -2.5]
    assert entries["notes"].iloc[-1] == "-2"


# ---------------------------------------------------------------- backups, init, summaries


def test_backups_keep_the_last_versions(tmp_path):
    path = init_log(tmp_path)
    versions = [path.read_bytes()]
    for pain in range(5):
        append_entry(path, date="2026-11-24", back_pain=pain)
        versions.append(path.read_bytes())
    backups = backup_paths(path)
    assert [p.name for p in backups] == [
        "psoas_log.csv.bak",
        "psoas_log.csv.1.bak",
        "psoas_log.csv.2.bak",
    ]
    assert [p.read_bytes() for p in backups] == versions[-2:-5:-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [path.name, "psoas_log.csv.lock", *(p.name for p in backups)]
    )


def test_stale_temp_files_of_a_killed_writer_are_removed(tmp_path):
    path = init_log(tmp_path)
    stale = tmp_path / ".psoas_log.csv.abc123.tmp"
    stale.write_bytes(b"half a file")
    append_entry(path, date="2026-11-24", back_pain=2)
    assert not stale.exists()


def test_init_makes_an_empty_log_and_never_overwrites(tmp_path):
    path = init_log(tmp_path / "new folder")
    assert path == tmp_path / "new folder" / "psoas_log.csv"
    assert path.read_bytes() == codecs.BOM_UTF8 + (",".join(schema.HAND_COLUMNS) + "\n").encode()
    log = read_log(path)
    assert log.n_entries == 0 and not log.problems
    with pytest.raises(JournalError, match="already exists"):
        init_log(tmp_path / "new folder")
    xlsx = init_log(tmp_path / "new folder", xlsx=True)
    assert xlsx.suffix == ".xlsx" and read_log(xlsx).n_entries == 0
    named = init_log(tmp_path / "mine.xlsx")
    assert named == tmp_path / "mine.xlsx" and read_log(named).sheet == "Log"
    before = named.read_bytes()
    with pytest.raises(JournalError, match="already exists"):
        init_log(named)
    assert named.read_bytes() == before


def test_time_is_filled_in_when_logging_now(tmp_path):
    path = init_log(tmp_path)
    before = dt.datetime.now().replace(second=0, microsecond=0)
    written = append_entry(path, back_pain=3)
    stamp = dt.datetime.combine(written["date"], dt.time.fromisoformat(written["time"]))
    assert before <= stamp <= dt.datetime.now()
    # A past day gets no invented time, and a log without a time column gets none.
    assert "time" not in append_entry(path, date="2026-11-20", back_pain=3)
    bare = tmp_path / "bare.csv"
    bare.write_text("date,back_pain\n")
    assert "time" not in append_entry(bare, back_pain=3)
    assert bare.read_text().splitlines()[0] == "date,back_pain"


def test_describe_and_day_so_far(tmp_path):
    path = init_log(tmp_path)
    first = append_entry(path, date="2026-11-24", time="07:30", sitting=2.5, back_pain=4, rest=5)
    append_entry(path, date="2026-11-24", time="21:00", sitting=5, back_pain=6, rest=5, towel=True)
    assert describe_entry(first) == (
        "Row 2: 2026-11-24 07:30 · Sitting 2.5 h · Constructive rest 5 min · Back pain 4/10"
    )
    assert day_so_far(path, "2026-11-24") == (
        "Tue 24 Nov 2026 in all: 2 entries: sitting 7.5 h, constructive rest 10 min "
        "(10-minute target met), towel yes, back pain 5/10 (mean of 2, highest 6)."
    )
    assert day_so_far(path, "2026-11-23") == "Mon 23 Nov 2026: nothing logged yet."


def test_option_names_come_from_the_schema():
    assert option_names(schema.BY_NAME["sitting_hours"]) == ["sitting", "sitting_hours"]
    assert option_names(schema.BY_NAME["rest_minutes"]) == ["rest", "rest_minutes"]
    assert option_names(schema.BY_NAME["notes"]) == ["note", "notes"]
    assert option_names(schema.BY_NAME["back_pain"]) == ["back_pain"]
    for measure in ENTRY_MEASURES:
        for name in option_names(measure):
            assert schema.canonical(name) == measure.name


# ---------------------------------------------------------------- the commands


def _command(name: str):
    from psoas_track.cli import cli

    if name not in cli.commands:
        pytest.skip(f"'psoas-track {name}' is not in cli.py yet")
    return cli


def test_init_and_log_commands(tmp_path):
    from click.testing import CliRunner

    cli = _command("log")
    _command("init")
    runner = CliRunner()
    made = runner.invoke(cli, ["init", str(tmp_path)])
    assert made.exit_code == 0, made.output
    path = tmp_path / "psoas_log.csv"
    assert f"Created {path}." in made.output
    again = runner.invoke(cli, ["init", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output

    args = ["log", str(path), "--date", "2026-11-24", "--time", "07:30", "--sitting", "7,5"]
    args += ["--back-pain", "4", "--rest", "10", "--towel", "--note", "=long meeting"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Added to {path}. Row 2: 2026-11-24 07:30 · Sitting 7.5 h · Constructive rest 10 min"
        ' · Towel under sitting bones yes · Back pain 4/10 · Notes "=long meeting"',
        "Tue 24 Nov 2026 in all: 1 entry: sitting 7.5 h, constructive rest 10 min "
        "(10-minute target met), towel yes, back pain 4/10.",
    ]
    before = path.read_bytes()
    bad = runner.invoke(cli, ["log", str(path), "--back-pain", "seven"])
    assert bad.exit_code == 2
    assert "Error: Back pain: 'seven' is not a number; pain is rated 0 to 10." in bad.output
    assert path.read_bytes() == before


def test_log_options_come_from_the_schema_with_units():
    from click.testing import CliRunner

    cli = _command("log")
    text = " ".join(CliRunner().invoke(cli, ["log", "--help"]).output.split())
    for measure in ENTRY_MEASURES:
        flag = "--" + option_names(measure)[0].replace("_", "-")
        assert flag in text
        assert schema.label(measure.name) in text  # 'Sitting (h)', 'Back pain (0-10)'


# ---------------------------------------------------------------- the entry form


def test_entry_form_appends_through_append_entry(tmp_path):
    from psoas_track.widgets.entry_form import EntryForm

    path = init_log(tmp_path)
    form = EntryForm(path, today=dt.date(2026, 11, 24))
    assert form.values() == {}  # untouched: nothing is recorded, not zeros
    form.inputs["back_pain"].value = 4.5
    form.inputs["sitting_hours"].value = 7.5
    form.inputs["towel"].value = True
    form.inputs["notes"].value = "=not a formula"
    form.time.value = "08:15"
    written = form.submit()
    assert written["row"] == 2 and written["back_pain"] == 4.5
    assert "Added." in form.output.value and "Back pain 4.5/10" in form.output.value
    assert form.values() == {}  # cleared for the next entry
    form.inputs["back_pain"].value = 3
    form.recorded["back_pain"].value = True
    form.time.value = "25:99"
    assert form.submit() is None
    assert "Not written." in form.output.value and "not a time of day" in form.output.value
    entries = read_log(path).entries
    assert len(entries) == 1 and entries["notes"].iloc[0] == "=not a formula"
    assert entries["date"].iloc[0] == dt.datetime(2026, 11, 24)
    # Pain sliders run 0-10; numbers have day-sized bounds.
    assert (form.inputs["knee_pain"].min, form.inputs["knee_pain"].max) == (0, 10)
    assert form.inputs["sitting_hours"].max == 24
    assert form.inputs["walking_minutes"].max == 1440
    # The date picker stops at today: a later day cannot be picked.
    assert form.date.max == dt.date(2026, 11, 24)
    form.date.value = dt.date(2026, 11, 30)
    assert form.date.value == dt.date(2026, 11, 24)


def test_log_entry_notebook_runs_and_is_committed_without_outputs(tmp_path, monkeypatch):
    import json

    notebook = json.loads((ROOT / "notebooks" / "log_entry.ipynb").read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    namespace: dict = {}
    for cell in code:
        exec(compile("".join(cell["source"]), "log_entry.ipynb", "exec"), namespace)
    assert type(namespace["EntryForm"](namespace["LOG"])).__name__ == "EntryForm"
    assert read_log(tmp_path / "psoas_log.csv").n_entries == 0


# ---------------------------------------------------------------- concurrency and crashes


WRITER = textwrap.dedent(
    """
    import sys
    from psoas_track.write import append_entry
    path, who = sys.argv[1], sys.argv[2]
    for i in range(200):
        append_entry(path, date="2026-11-20", back_pain=i % 11, notes=f"{who} {i}")
    """
)


def test_two_processes_appending_at_once(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain,notes\r\n2026-11-19,3,first\r\n")
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), who], cwd=ROOT)
        for who in ("a", "b")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    log = read_log(path)
    assert not log.problems
    assert log.rows == 401
    notes = log.entries["notes"].tolist()[1:]
    assert sorted(notes) == sorted(f"{who} {i}" for who in "ab" for i in range(200))
    for who in "ab":  # each writer's rows keep their order
        mine = [int(n.split()[1]) for n in notes if n.startswith(who)]
        assert mine == list(range(200))
    assert path.read_bytes().count(b"\r\n") == 402 and b"\n\n" not in path.read_bytes()


def _append_forever(path: str, done) -> None:
    i = 0
    while True:
        append_entry(path, date="2026-11-20", back_pain=i % 11, notes=f"entry {i}")
        i += 1
        done.value = i


def _kill_repeatedly(path: Path, kills: int, longest: float) -> None:
    context = multiprocessing.get_context("fork")
    rng = random.Random(6)
    rows = read_log(path).rows
    for _ in range(kills):
        before = path.read_bytes()
        done = context.RawValue("i", 0)
        child = context.Process(target=_append_forever, args=(str(path), done))
        child.start()
        time.sleep(rng.uniform(0, longest))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        after = path.read_bytes()
        log = read_log(path)
        assert not log.problems
        # Every completed append is there, plus at most the one cut off after its replace.
        assert log.rows - rows in (done.value, done.value + 1)
        if path.suffix == ".csv":
            assert after.startswith(before) and after.endswith(b"\n")
            assert after.count(b"\n") == log.rows + 1
        rows = log.rows


def test_a_killed_writer_leaves_the_old_or_the_new_file(tmp_path):
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,back_pain,notes\n2026-11-19,3,first\n")
    _kill_repeatedly(path, kills=30, longest=0.12)
    assert read_log(path).rows > 1
    # The next writer is not held up by a lock or temp file the killed ones left.
    append_entry(path, date="2026-11-21", back_pain=1)
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_killed_xlsx_writer_leaves_the_old_or_the_new_file(tmp_path):
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["date", "back_pain", "notes"])
    book.save(path)
    _kill_repeatedly(path, kills=8, longest=0.4)


def _die_at_call(step: int, path: str) -> None:
    """Append, but stop dead (no clean-up at all) at the step-th file-system call."""
    calls = 0
    for name in ("replace", "fsync", "link", "unlink", "chmod"):
        real = getattr(os, name)

        def wrapper(*args, real=real, **kwargs):
            nonlocal calls
            calls += 1
            if calls == step:
                os._exit(9)
            return real(*args, **kwargs)

        setattr(os, name, wrapper)
    append_entry(path, date="2026-11-21", back_pain=5, notes=f"step {step}")
    os._exit(0)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_crash_at_every_step_of_the_write_leaves_the_old_or_the_new_file(tmp_path, suffix):
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    context = multiprocessing.get_context("fork")
    path = tmp_path / f"log{suffix}"
    if suffix == ".xlsx":  # a small workbook: the template's 1000 prepared rows are slow
        book = openpyxl.Workbook()
        book.active.append(["date", "back_pain", "notes"])
        book.save(path)
    else:
        init_log(path)
    append_entry(path, date="2026-11-20", back_pain=3)
    for step in range(1, 40):
        before = path.read_bytes()
        child = context.Process(target=_die_at_call, args=(step, str(path)))
        child.start()
        child.join()
        log = read_log(path)
        assert not log.problems
        if child.exitcode == 0:  # the append finished: every step has been crashed at
            assert log.entries["notes"].iloc[-1] == f"step {step}"
            break
        assert child.exitcode == 9
        after = path.read_bytes()
        if after != before:  # the new version is complete
            assert log.entries["notes"].iloc[-1] == f"step {step}"
            path.write_bytes(before)
        assert read_log(path).rows == 1
    else:
        pytest.fail("the append never finished")
    assert step > 3
