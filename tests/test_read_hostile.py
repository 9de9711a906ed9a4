"""Broken or hostile files are refused (or read) at once, in one sentence, never a hang.

Each case runs `psoas-track check` in a child process with a deadline, so a regression
that hangs fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

DEADLINE = 60  # seconds; each case takes well under one


def check(path: Path, *options: str) -> subprocess.CompletedProcess:
    code = "from psoas_track.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "check", str(path), *options],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )


def refused(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    message = result.stderr.strip()
    assert message.startswith("Error: ") and message.count("\n") == 0, message
    for word in words:
        assert word in message, message
    return message


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    refused(check(fifo), "not a regular file")


def test_a_device_is_refused():
    refused(check(Path("/dev/zero")), "not a regular file")


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(tmp_path):
    big = tmp_path / "one_line.csv"
    big.write_bytes(b"date," + b"x" * (3 * 2**20))  # one 3 MB line, no newline
    refused(check(big, "--max-size", "2"), "3 MB", "2 MB", "--max-size")


def test_a_million_columns_are_refused(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("date," + ",".join(f"c{i}" for i in range(1_000_000)) + "\n2026-11-03,1\n")
    refused(check(wide), "1,000,001 cells", "500 columns")


def test_trailing_empty_columns_are_not_too_many(tmp_path):
    path = tmp_path / "excel_padding.csv"
    path.write_text("date,back_pain" + "," * 2000 + "\n2026-11-03,4" + "," * 2000 + "\n")
    result = check(path)
    assert result.returncode == 0, result.stdout + result.stderr


def _small_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Back pain"])
    sheet.append(["2026-11-03", 4])
    book.save(path)


def _rewrite_sheet(path: Path, change) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_an_xlsx_declaring_the_whole_grid_reads_only_its_cells(tmp_path):
    path = tmp_path / "huge_dimension.xlsx"
    _small_xlsx(path)
    _rewrite_sheet(path, lambda xml: xml.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"'))
    assert b"XFD1048576" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    result = check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 entry" in result.stdout


def test_a_zip_that_unpacks_past_the_limit_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "zip_bomb.xlsx"
    _small_xlsx(path)
    padding = b" " * (12 * 2**20)  # 12 MB of spaces packs to a few kB
    _rewrite_sheet(path, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding))
    assert path.stat().st_size < 200_000
    refused(check(path, "--max-size", "5"), "unpacks to 12 MB", "5 MB")


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_damaged_spreadsheet_is_one_sentence(tmp_path, suffix):
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    refused(check(path), "save it again")
