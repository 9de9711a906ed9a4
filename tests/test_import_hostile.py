"""Hostile and absurd exports (issue 25): memory stays bounded whatever the file's shape,
every failure is one sentence, and values or days no day holds are left out and counted.

Each file is made here, small (a few MB at most, packed to kilobytes where it is a zip),
in the shape an attack gives it. Memory is measured with tracemalloc around the read
(expat's buffers and every Python object are counted): a reader that kept what it read
would pass the bound by far. The command-line cases run `psoas-track import` in a child
process with a deadline, so that a hang fails instead of stalling the suite.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import psoas_track.sources.entries  # noqa: F401  (loaded before memory is measured)
from psoas_track.daily import day_rows
from psoas_track.readers import read_any
from psoas_track.sources import SourceError, apple, detect, fitbit, googlefit, read_source
from psoas_track.sources.base import Entry, Found
from psoas_track.sources.entries import as_log

MB = 1 << 20
DEADLINE = 60  # seconds; each case takes well under a few
TODAY = dt.date(2026, 12, 7)
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
STEPS = (
    '<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" '
    'startDate="{start}" endDate="{start}" value="{value}"'
)
SUMMARY_HEADER = "Date,Step count,Walking duration (ms),Move Minutes count,Calories (kcal)\n"


def peak_mb(call: Callable[[], object]) -> float:
    """The most memory the call held at once, in MB (it may raise: it is measured)."""
    tracemalloc.start()
    try:
        call()
    except SourceError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / MB


def read_all(path: Path, source: str | None = None) -> Callable[[], object]:
    def read() -> object:
        module = apple if source is None else {"fitbit": fitbit}[source]
        return list(module.read(path, Found(module.TITLE)))

    return read


def steps(start: str = "2024-03-05 08:00:00 -0800", value: str = "100") -> str:
    return STEPS.format(start=start, value=value) + "/>\n"


def refused(call: Callable[[], object], *words: str) -> str:
    with pytest.raises(SourceError) as raised:
        call()
    message = str(raised.value)
    assert "\n" not in message, message
    for word in words:
        assert word in message, message
    return message


def run_import(*args: object) -> subprocess.CompletedProcess:
    code = "from psoas_track.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "import", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )


def one_sentence(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    message = result.stderr.strip()
    assert message.startswith("Error: ") and message.count("\n") == 0, message
    for word in words:
        assert word in message, message
    return message


# ---- Apple: the shape of the XML -------------------------------------------------------


def test_a_records_children_are_never_kept(tmp_path):
    """20,000 MetadataEntry children in each of 10 records (12 MB): read in 6 MB, the
    steps counted; keeping the children until each record ended took 19 MB."""
    children = '<MetadataEntry key="HKMetadataKeySyncIdentifier" value="x"/>\n' * 20_000
    record = steps().replace("/>\n", ">\n") + children + "</Record>\n"
    path = tmp_path / "export.xml"
    path.write_text(HEAD + record * 10 + "</HealthData>\n")
    assert peak_mb(read_all(path)) < 10
    entries = read_all(path)()
    assert [e.values["steps"] for e in entries] == [1000]


def test_text_inside_a_record_is_passed_by_and_megabytes_of_it_refused(tmp_path):
    path = tmp_path / "export.xml"
    text = steps().replace("/>\n", ">") + "x" * 100_000 + "</Record>\n"
    path.write_text(HEAD + text * 3 + "</HealthData>\n")
    assert [e.values["steps"] for e in read_all(path)()] == [300]
    path.write_text(HEAD + text.replace("x" * 100_000, "x" * (12 * MB)) + "</HealthData>\n")
    assert peak_mb(read_all(path)) < 12  # kept whole, it took 17 MB
    refused(read_all(path), "more than 4 MB in which no element starts or ends", "line 3")


def test_deep_nesting_inside_a_record_is_refused_at_once(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(HEAD + steps().replace("/>", ">") + "<a>" * 500_000 + "</HealthData>")
    assert peak_mb(read_all(path)) < 12  # expat's stack of open tags had taken 130 MB
    refused(read_all(path), "nested more than 16 deep", "line 4", "Export All Health Data")


def test_a_record_holding_too_many_elements_is_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(HEAD + steps().replace("/>", ">") + "<b/>" * 100_001 + "</Record>"
                    + "</HealthData>")  # fmt: skip
    refused(read_all(path), "more than 100,000 elements")


@pytest.mark.parametrize(
    ("filler", "bound"),
    [(" " * (20 * MB), 12), (f'<Record type="{"x>" * (10 * MB)}"/>', 24)],
    ids=["whitespace", "attribute"],
)
def test_megabytes_without_a_tag_are_refused(tmp_path, filler, bound):
    """20 MB of whitespace inside <HealthData> (the reader kept 25 MB of it), or an
    attribute of 20 MB holding '>' (86 MB): refused once 4 MB pass without an element."""
    path = tmp_path / "export.xml"
    path.write_text(HEAD + steps() + filler + steps() + "</HealthData>\n")
    assert peak_mb(read_all(path)) < bound
    refused(read_all(path), "more than 4 MB in which no element starts or ends", "line 4")


def test_no_entity_is_expanded_even_behind_a_comment_naming_the_root(tmp_path):
    """`<!-- <HealthData> -->` before the DOCTYPE once hid it from the blanking, and the
    internal entity was expanded (a billion laughs would fill the memory)."""
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "ha"}">\n' for n in range(10))
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!-- <HealthData> -->\n'
        f"<!DOCTYPE HealthData [\n{laughs}]>\n"
        + HEAD.split("\n", 1)[1]
        + steps().replace('sourceName="Phone"', 'sourceName="&l9;"')
        + "</HealthData>\n"
    )
    message = refused(read_all(path), "cannot be read past line 16 (undefined entity)")
    assert "ha" not in message
    assert peak_mb(read_all(path)) < 12


def test_an_entity_declaration_reaching_the_parser_is_refused():
    """The second wall: were the DOCTYPE not blanked, expat meets the declaration."""
    xml = b'<!DOCTYPE HealthData [<!ENTITY e "x">]>\n<HealthData>' + steps().encode()
    message = refused(lambda: list(apple.top_level_elements([xml], "export.xml")), "entity")
    assert "'e'" in message and "no Apple Health export" in message


def test_the_doctype_is_found_past_comments_and_declarations():
    prolog = b'<?xml version="1.0"?>\n<!-- <HealthData> -->\n<!DOCTYPE HealthData [\n]>\n<H'
    start = prolog.index(b"<!DOCTYPE")
    assert apple.stream.doctype_span(prolog) == (start, prolog.index(b"]>") + 2)
    assert apple.stream.doctype_span(prolog[: start + 20]) == apple.stream.MORE  # cut off
    assert apple.stream.doctype_span(b'<?xml version="1.0"?>\n<HealthData>') is None


# ---- zips: every reader's members are unpacked as counted streams -----------------------


def zip_bomb(
    path: Path, name: str, head: bytes, filler: bytes, size: int = 40 * MB, zip64: bool = True
) -> Path:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=zip64) as member,
    ):
        member.write(head)
        for _ in range(size // MB):
            member.write(filler * (MB // len(filler)))
    return path


EMPTY_ROWS = b"," * 63 + b"\n"  # rows of blank cells: no values, nothing kept
BOMBS = {
    "apple": ("apple_health_export/export.xml", HEAD.encode(), b" "),
    "fitbit": ("MyFitbitData/Physical Activity/steps-2026-11-02.json", b"[", b" "),
    "googlefit": (
        "Takeout/Fit/Daily activity metrics/Daily activity metrics.csv",
        SUMMARY_HEADER.encode(),
        EMPTY_ROWS,
    ),
    "samsung": (
        "samsunghealth/com.samsung.shealth.step_daily_trend.20201113093000.csv",
        b"com.samsung.shealth.step_daily_trend,6302001,3\nday_time,count,source_type\n",
        EMPTY_ROWS,
    ),
}


@pytest.mark.parametrize("source", sorted(BOMBS))
def test_a_zip_bomb_is_refused_while_it_unpacks(tmp_path, source):
    """40 MB packed into some 40 kB: refused once it unpacks past 200 times the packed
    bytes read, in bounded memory (the readers had taken 3-4 GB from a 3 MB zip). Apple's
    whitespace is refused sooner, once 4 MB pass without an element."""
    name, head, filler = BOMBS[source]
    path = zip_bomb(tmp_path / "export.zip", name, head, filler)
    assert path.stat().st_size < 200_000
    assert source == detect(path).NAME
    why = "no element starts or ends" if source == "apple" else "unpacks to more than 200 times"
    message = refused(lambda: read_source(path), why)
    assert f"{name.rsplit('/', 1)[1]} in export.zip" in message
    assert peak_mb(lambda: read_source(path)) < 16
    if source == "fitbit":
        one_sentence(run_import(path), why)


def test_a_zip_whose_header_lies_about_the_size_is_damaged(tmp_path):
    """The size in the zip's header is never what bounds the reading: a member that says
    it is 10 bytes and unpacks to megabytes is refused as damaged, not read on."""
    name = BOMBS["fitbit"][0]
    head = b'[{"dateTime": "11/02/26 00:00:00"'
    path = zip_bomb(tmp_path / "export.zip", name, head, b" ", 2 * MB, zip64=False)
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo(name).file_size == 10
    refused(lambda: read_source(path), "export.zip is damaged and cannot be unpacked")


# ---- JSON and CSV ---------------------------------------------------------------------


def test_deeply_nested_fitbit_json_is_counted_not_a_recursion_error(tmp_path):
    path = tmp_path / "steps-2026-11-02.json"
    path.write_text('[{"dateTime": "11/02/26 00:00:00", "value": "5"}, ' + "[" * 200_000)
    log = read_source(path, source="fitbit")
    assert log.found.left_out == {fitbit.BAD_FILE: 1} and len(log.entries) == 0
    nested = tmp_path / "steps-2026-11-03.json"
    nested.write_text('[{"dateTime": "11/03/26 00:00:00", "value": {"a": ' * 1000 + "1")
    assert read_source(nested, source="fitbit").found.left_out == {fitbit.BAD_FILE: 1}


def test_a_fitbit_json_list_of_empty_objects_takes_little_memory(tmp_path):
    """`[{},{},...]`: json.loads held every object at once (22 MB for 900 kB of them; the
    records are decoded one at a time now, only the parsed ones kept)."""
    path = tmp_path / "steps-2026-11-02.json"
    path.write_text("[" + "{}," * 100_000 + '{"dateTime": "11/02/26 00:00:00", "value": "7"}]')
    assert peak_mb(read_all(path, "fitbit")) < 4
    log = read_source(path, source="fitbit")
    assert log.found.left_out == {fitbit.BAD_RECORD: 100_000}
    assert log.entries["steps"].tolist() == [7]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "steps-2026-11-02.json"
    with open(path, "wb") as handle:  # sparse: no disk is used
        handle.write(b'[{"dateTime": "11/02/26 00:00:00", "value": "7"}')
        handle.truncate(65 * MB)
    refused(lambda: read_source(path), "65 MB", "64 MB", "not read")


@pytest.mark.parametrize("source", ["daylio", "bearable", "garmin", "googlefit", "samsung"])
def test_a_header_cell_of_200_kb_is_one_sentence(tmp_path, source):
    path = tmp_path / "export.csv"
    path.write_text("full_date,mood,activities," + "x" * 200_000 + ',"\n2026-03-14,rad,walk\n')
    message = refused(lambda: read_source(path, source=source))
    assert path.name in message


def test_a_line_of_megabytes_is_refused(tmp_path):
    path = tmp_path / "daylio.csv"
    path.write_text("full_date,date,weekday,time,mood,activities,note\n" + "x" * (2 * MB))
    refused(lambda: read_source(path), "Line 2 of daylio.csv", "longer than 1,048,576")


@pytest.mark.parametrize("make", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused_at_once(tmp_path, make):
    path = Path("/dev/zero")
    if make == "fifo":
        path = tmp_path / "export.zip"
        os.mkfifo(path)
    one_sentence(run_import(path), "not a regular file", "a pipe, a device or a socket")
    refused(lambda: read_source(path, source="apple"), "not a regular file")


# ---- detection: never a guess ---------------------------------------------------------


def test_a_daylio_export_with_healthdata_in_a_note_is_daylio(tmp_path):
    path = tmp_path / "daylio_export.csv"
    path.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2026-03-14,March 14,Saturday,8:15 pm,rad,walk,"","pasted <HealthData> here"\n'
    )
    assert detect(path).NAME == "daylio"
    assert read_source(path).entries["notes"].tolist()[0].startswith("pasted <HealthData>")


def test_a_file_two_sources_claim_asks_which_it_is(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "full_date,date,weekday,time,mood,activities,category,rating/amount,detail,notes\n"
        "2026-03-14,2026-03-14,Saturday,am,rad,walk,Mood,4,,\n"
    )
    message = refused(lambda: detect(path), "not guessed", "--source bearable", "--source daylio")
    assert "Bearable export" in message and "Daylio export" in message
    refused(lambda: read_any(path), "--source bearable or --source daylio")
    one_sentence(run_import(path), "--source bearable or --source daylio")
    assert read_source(path, source="daylio").found.name == "daylio"


# ---- values and days no day holds: left out, counted, never written --------------------


def fit_summary(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "Daily activity metrics.csv"
    path.write_text(SUMMARY_HEADER + "".join(f"{row}\n" for row in rows))
    return path


def test_absurd_numbers_are_left_out_and_counted(tmp_path):
    path = fit_summary(
        tmp_path,
        "2026-11-02,1e308,60000,5,1",  # steps no day holds; its walking is kept
        "2026-11-03,inf,,,1",  # no number: that cell is left out, not the import
        "2026-11-04,5000,1e12,,",  # 16 million minutes of walking
        "2026-11-05,6000,,1e308,",  # a column of its own: any finite number
    )
    log = read_source(path, today=TODAY)
    left_out = dict(log.found.left_out)
    assert left_out == {
        "steps above 1,000,000 steps in a day, more than a day holds": 1,
        "walking above 1,440 min in a day, more than a day holds": 1,
        googlefit.BAD_NUMBER: 1,
        googlefit.NOTHING_USED: 1,
    }
    rows = day_rows(log)
    assert [row["date"].day for row in rows] == [2, 4, 5]
    assert "steps" not in rows[0] and rows[0]["walking_minutes"] == 1.0


def test_steps_that_add_up_past_a_day_are_left_out_without_an_overflow(tmp_path):
    """Two Apple records of 1.7e308 in one hour add up to inf (round() had raised)."""
    path = tmp_path / "export.xml"
    big = steps(value="1.7e308") * 2 + steps("2024-03-06 09:00:00 -0800", "250")
    path.write_text(HEAD + big + "</HealthData>\n")
    log = read_source(path, today=TODAY)
    assert log.entries["steps"].tolist() == [250]
    assert log.found.left_out["steps values that are no finite number (inf or nan)"] == 1


def test_a_days_entries_adding_up_past_a_day_are_left_out_in_day_rows(tmp_path):
    log = as_log(
        [Entry(dt.date(2026, 11, 2), {"walking_minutes": 1000.0}),
         Entry(dt.date(2026, 11, 2), {"walking_minutes": 900.0, "steps": 10.0}),
         Entry(dt.date(2026, 11, 3), {"walking_minutes": 30.0})],
        Found("Test", "test"), tmp_path / "x.csv", "test", TODAY,
    )  # fmt: skip
    rows = day_rows(log)
    assert rows == [
        {"date": dt.date(2026, 11, 2), "steps": 10.0},
        {"date": dt.date(2026, 11, 3), "walking_minutes": 30.0},
    ]
    assert log.found.left_out == {
        "days whose walking add up to more than 1,440 min, more than a day holds": 1
    }


def test_days_before_1900_or_after_today_are_left_out_and_counted(tmp_path):
    found = Found("Test", "test")
    days = [dt.date(1, 1, 1), dt.date(9999, 12, 31), TODAY, TODAY + dt.timedelta(days=1)]
    entries = [Entry(day, {"steps": float(n)}) for n, day in enumerate(days, start=1)]
    log = as_log(entries, found, tmp_path / "x.csv", "test", TODAY)
    assert log.entries["steps"].tolist() == [3.0]
    assert found.left_out == {
        "records dated before 1900": 1,
        "records dated after today (2026-12-07)": 2,
    }
    assert log.today == TODAY


def test_future_days_are_counted_in_what_import_prints(tmp_path):
    path = fit_summary(tmp_path, "2026-12-06,100,,,", "2026-12-08,200,,,", "2026-12-09,300,,,")
    log = read_source(path, today=TODAY)
    assert [row["date"] for row in day_rows(log)] == [dt.date(2026, 12, 6)]
    assert log.found.left_out == {"records dated after today (2026-12-07)": 2}
    today = dt.date.today()
    late = fit_summary(tmp_path, f"{today + dt.timedelta(days=3)},100,,,")
    result = run_import(late)
    assert result.returncode == 0, result.stderr
    assert f"  1 records dated after today ({today.isoformat()})" in result.stdout


YEAR_1_AND_9999 = {
    "fitbit": (
        "steps-2026-11-02.json",
        '[{"dateTime": "0001-01-01T00:00:00", "value": "5"},'
        ' {"dateTime": "9999-12-31T23:59:00", "value": "5"}]',
    ),
    "googlefit": (
        "Daily activity metrics.csv",
        SUMMARY_HEADER + "0001-01-01,5,,,\n9999-12-31,5,,,\n",
    ),
    "daylio": (
        "daylio.csv",
        "full_date,mood,activities\n0001-01-01,rad,walk\n9999-12-31,rad,walk\n",
    ),
    "apple": (
        "export.xml",
        HEAD
        + steps("0001-01-01 08:00:00 +0000")
        + steps("9999-12-31 23:00:00 -1400")
        + "</HealthData>\n",
    ),
}


@pytest.mark.parametrize("source", sorted(YEAR_1_AND_9999))
def test_year_1_and_year_9999_are_left_out_not_a_traceback(tmp_path, source):
    name, text = YEAR_1_AND_9999[source]
    path = tmp_path / name
    path.write_text(text)
    log = read_source(path, source=source, today=TODAY)
    assert len(log.entries) == 0
    assert sum(log.found.left_out.values()) == 2


def test_records_after_the_export_was_made_are_left_out(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        HEAD + '<ExportDate value="2024-03-06 10:00:00 -0800"/>\n'
        + steps() + steps("2024-03-07 08:00:00 -0800") + steps("2025-01-01 08:00:00 -0800")
        + "</HealthData>\n"
    )  # fmt: skip
    log = read_source(path, today=TODAY)
    assert log.entries["steps"].tolist() == [100]
    assert log.found.left_out == {"records dated after the export was made (2024-03-06)": 2}


def test_an_export_of_more_entries_than_any_holds_is_refused():
    """Rows of a few bytes each become entries of some hundreds: the count is capped
    (500,000; a 63 MB file of such rows now peaks under 500 MB, refused or read)."""
    from psoas_track.sources.limits import MAX_ENTRIES, collected

    assert MAX_ENTRIES == 500_000
    day = Entry(TODAY, {"steps": 1.0})
    assert len(collected([day] * 3, "export.csv", limit=3)) == 3
    refused(lambda: collected(iter([day] * 4), "export.csv", limit=3), "more than 3 entries")
