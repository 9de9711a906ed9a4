"""A real spreadsheet program opens a log the kit wrote, saves it, and nothing changes.

LibreOffice (`soffice --headless --convert-to`, Debian package libreoffice-calc-nogui,
installed by .ci/run) opens a .csv and an .xlsx log written by `init_log` and
`append_entry`, saves each as .xlsx, .ods and .csv, and `read_log` of every copy gives
the same daily table. The kit then appends to the copies LibreOffice wrote. The test is
skipped only where soffice is absent; under CI it must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.write import append_entry, init_log

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

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


@pytest.fixture(scope="module", autouse=True)
def soffice_present():
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice: .ci/run installs libreoffice-calc-nogui.")
        pytest.skip("LibreOffice (soffice) is not installed here.")


def convert(source: Path, target: str, outdir: Path, work: Path) -> Path:
    """Open source in LibreOffice and save it as target (xlsx, ods or csv) in outdir."""
    outdir.mkdir(exist_ok=True)
    home = work / "home"
    home.mkdir(exist_ok=True)
    command = [
        SOFFICE,
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
def test_libreoffice_round_trip_gives_the_same_daily_table(tmp_path, kind):
    log_path = init_log(tmp_path / "kit", xlsx=kind == "xlsx")
    for entry in ENTRIES:
        append_entry(log_path, **entry)
    original = read_log(log_path)
    assert not original.problems
    expected = daily(original)

    for target in ("xlsx", "ods", "csv"):
        saved = convert(log_path, target, tmp_path / f"saved-{target}", tmp_path)
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
