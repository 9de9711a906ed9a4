"""The Apple Health reader: export.xml and export.zip -> days of steps, walking, running
and sedentary hours, with what was left out.

The exports in tests/data/sources/apple/ are made by make_apple.py there; the expected
values below are worked out beside each record in it.
"""

import importlib.util
import math
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import psoas_track as pt
from psoas_track import sources
from psoas_track.sources import SourceError, apple, read_source
from psoas_track.sources.base import Found

APPLE = Path(__file__).parent / "data" / "sources" / "apple"
EXPORT = APPLE / "export.xml"
ZIPPED = APPLE / "export.zip"
IOS16 = APPLE / "export_ios16.xml"
NA = math.nan

# Day by day, as make_apple.py works them out. Days without a measure have none (NA).
EXPECTED = {
    # phone+Watch overlap at 08 and 12 h, phone only at 09 h, 23:50 -0800 still this day;
    # walking 45.5 min; running 1,800 s + 10 min; idle at 09 (twice), 10, 15 h
    "2024-03-05": {"steps": 2540, "walking_minutes": 45.5, "running_minutes": 40.0,
                   "sedentary_hours": 3.0},
    # clocks forward (-0800 then -0700); hiking 1.5 hr + walking 20.25 min; only stood hours
    "2024-03-10": {"steps": 1280, "walking_minutes": 110.25, "running_minutes": NA,
                   "sedentary_hours": 0.0},
    # clocks back: 01 h twice, the Watch's in the first, the phone's in the second;
    # a walk with no duration (17:00-17:40); no stand hours
    "2024-11-03": {"steps": 160, "walking_minutes": 40.0, "running_minutes": NA,
                   "sedentary_hours": NA},
}  # fmt: skip
MEASURES = ["steps", "walking_minutes", "running_minutes", "sedentary_hours"]
LEFT_OUT = {
    "step counts whose date or number could not be read": 2,
    "walking or running workouts whose date or duration could not be read": 1,
    "workouts of other kinds (cycling)": 1,
    # 3 heart rate, 1 energy and the two blood pressure records (once: not again for
    # the Correlation that holds them)
    "records of other kinds (heart rate, active energy burned, blood pressure diastolic, ...)": 6,
}


@pytest.fixture(autouse=True)
def present_sources(monkeypatch):
    """detect() asks every module in MODULES, and the other readers (fitbit, googlefit,
    garmin, ...) are being written beside this one: until they are all there, detection
    asks the ones present (apple always is). Once they all are, this changes nothing."""
    present = tuple(
        name
        for name in sources.MODULES
        if importlib.util.find_spec(f"psoas_track.sources.{name}") is not None
    )
    monkeypatch.setattr(sources, "MODULES", present)


def day_values(path: Path) -> pd.DataFrame:
    days = pt.daily(read_source(path))
    return days.loc[list(EXPECTED), MEASURES]


def expected_table() -> pd.DataFrame:
    table = pd.DataFrame.from_dict(EXPECTED, orient="index")[MEASURES].astype("float64")
    table.index = pd.DatetimeIndex(table.index, name="date").as_unit("ns")
    return table


@pytest.mark.parametrize("path", [EXPORT, ZIPPED], ids=["export.xml", "export.zip"])
def test_days_are_exact(path):
    pd.testing.assert_frame_equal(day_values(path), expected_table(), check_freq=False)


@pytest.mark.parametrize("path", [EXPORT, ZIPPED], ids=["export.xml", "export.zip"])
def test_one_entry_per_day_with_only_the_measures_it_has(path):
    log = read_source(path)
    entries = log.entries.set_index("date")
    assert list(entries.index.strftime("%Y-%m-%d")) == list(EXPECTED)
    assert (entries["source"] == "apple").all()
    assert (
        entries.loc["2024-11-03", "sedentary_hours"] != entries.loc["2024-11-03", "sedentary_hours"]
    )


def test_days_are_local_not_utc():
    """23:50 -0800 on 5 March is 6 March in UTC; the steps stay on 5 March."""
    days = pt.daily(read_source(EXPORT))
    assert days.loc["2024-03-05", "steps"] == 2540
    assert math.isnan(days.loc["2024-03-06", "steps"])


def test_what_was_converted_and_left_out():
    found = read_source(EXPORT).found
    assert found.source == "Apple Health export"
    assert dict(found.left_out) == LEFT_OUT
    assert list(found.conversions) == MEASURES
    assert "only the Watch's steps count" in found.conversions["steps"]
    assert "seconds / 60" in found.conversions["running_minutes"]
    assert "proxy" in found.conversions["sedentary_hours"]
    assert found.notes == [
        "In 4 hours both an Apple Watch and another source (the iPhone) counted steps; the "
        "Watch's count was kept, so no step counts twice."
    ]


def test_the_watch_is_known_by_its_device_too():
    """'Hyperion' is a Watch by its device only: at 12 h its 1,000 steps, not the phone's
    900 as well."""
    tally = apple.Tally()
    for element in ET.parse(EXPORT).getroot():
        tally.add(element)
    assert tally.watch_steps["2024-03-05 12 -0800"] == 1000
    assert tally.other_steps["2024-03-05 12 -0800"] == 900
    assert tally.steps_by_day()["2024-03-05"] == 2540


def test_clocks_going_back_give_two_hours_of_their_own():
    tally = apple.Tally()
    for element in ET.parse(EXPORT).getroot():
        tally.add(element)
    assert tally.watch_steps["2024-11-03 01 -0700"] == 100
    assert tally.other_steps["2024-11-03 01 -0700"] == 90
    assert tally.other_steps["2024-11-03 01 -0800"] == 60
    assert "2024-11-03 01 -0800" not in tally.watch_steps


@pytest.mark.parametrize(
    ("attributes", "minutes"),
    [
        ({"duration": "45.5", "durationUnit": "min"}, 45.5),
        ({"duration": "1800", "durationUnit": "s"}, 30.0),
        ({"duration": "1.5", "durationUnit": "h"}, 90.0),
        ({"duration": "1.5", "durationUnit": "hr"}, 90.0),
        ({"duration": "30", "durationUnit": "furlongs"}, None),
        ({"duration": "-3", "durationUnit": "min"}, None),
        ({"duration": "nan", "durationUnit": "min"}, None),
        ({"startDate": "2024-03-05 23:30:00 -0800", "endDate": "2024-03-06 00:10:00 -0800"}, 40),
        ({"startDate": "2024-03-05 10:00:00 -0800", "endDate": "2024-03-05 09:00:00 -0800"}, None),
        ({}, None),
    ],
)
def test_workout_minutes(attributes, minutes):
    assert apple.workout_minutes(ET.Element("Workout", attributes)) == minutes


def test_kinds_in_words():
    assert apple.kind_in_words("HKQuantityTypeIdentifierHeartRate") == "heart rate"
    assert apple.kind_in_words("HKWorkoutActivityTypeTraditionalStrengthTraining") == (
        "traditional strength training"
    )
    assert apple.kind_in_words("HKCategoryTypeIdentifierSleepAnalysis") == "sleep analysis"


# Detection ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXPORT, ZIPPED, IOS16], ids=lambda p: p.name)
def test_detected_by_content(path):
    assert apple.looks_like(path, sources.head_of(path))
    assert sources.detect(path).NAME == "apple"


def test_detected_under_any_name(tmp_path):
    """The export's name is not what tells: a renamed file, a translated member name."""
    renamed = tmp_path / "health.txt"
    renamed.write_bytes(EXPORT.read_bytes())
    assert sources.detect(renamed).NAME == "apple"
    translated = tmp_path / "导出.zip"
    with zipfile.ZipFile(translated, "w") as archive:
        archive.writestr("apple_health_export/导出_cda.xml", "<ClinicalDocument/>")
        archive.writestr("apple_health_export/导出.xml", EXPORT.read_bytes())
    assert sources.detect(translated).NAME == "apple"
    pd.testing.assert_frame_equal(day_values(translated), expected_table(), check_freq=False)


def test_other_files_are_not_apple(tmp_path):
    cda_only = tmp_path / "export.zip"
    with zipfile.ZipFile(cda_only, "w") as archive:
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        archive.writestr("apple_health_export/workout-routes/route.gpx", "<gpx/>")
    csv = tmp_path / "log.csv"
    csv.write_text("date,steps\n2024-03-05,1000\n")
    cda = tmp_path / "export_cda.xml"
    cda.write_text('<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"/>\n')
    for path in (cda_only, csv, cda):
        assert not apple.looks_like(path, sources.head_of(path)), path.name


# Real exports' flaws and damaged files --------------------------------------------------


def test_ios16_broken_doctype_and_control_character():
    """iOS 16 wrote a DOCTYPE no parser reads, and exports hold \\x0b: both are passed by.
    400 phone steps at 09 h (its source name holds the \\x0b), the Watch's 600 at 10 h."""
    with pytest.raises(ET.ParseError):
        ET.parse(IOS16)
    assert b"\x0b" in IOS16.read_bytes()
    log = read_source(IOS16)
    assert log.entries[["steps"]].to_dict("records") == [{"steps": 1000.0}]
    assert dict(log.found.left_out) == {}


def test_entities_are_never_expanded_or_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    export = tmp_path / "export.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE HealthData [\n<!ENTITY leak SYSTEM "file://{secret}">\n]>\n'
        '<HealthData locale="en_US">\n'
        ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="&leak;" '
        'startDate="2024-03-05 08:00:00 -0800" endDate="2024-03-05 08:10:00 -0800" value="5"/>\n'
        "</HealthData>\n"
    )
    with pytest.raises(SourceError, match="cannot be read past line 6 ") as raised:
        read_source(export)
    assert "do not read me" not in str(raised.value)


def test_a_cut_short_export_says_where_and_what_to_do(tmp_path):
    text = EXPORT.read_text(encoding="utf-8")
    cut = tmp_path / "export.xml"
    cut.write_text(text[: text.index(" <Workout")] + ' <Record type="HKQuant', encoding="utf-8")
    lines = cut.read_text(encoding="utf-8").count("\n") + 1
    with pytest.raises(SourceError) as raised:
        read_source(cut)
    message = str(raised.value)
    assert message.startswith(f"export.xml cannot be read past line {lines}")
    assert "Export All Health Data" in message


def test_not_an_export_when_forced(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?>\n<gpx><trk/></gpx>\n')
    with pytest.raises(SourceError, match=r"starts with <gpx>, not <HealthData>"):
        read_source(other, source="apple")
    csv = tmp_path / "log.csv"
    csv.write_text("date,steps\n2024-03-05,1000\n")
    with pytest.raises(SourceError, match="is not an Apple Health export"):
        read_source(csv, source="apple")


def test_a_zip_without_the_export_says_so(tmp_path):
    cda_only = tmp_path / "export.zip"
    with zipfile.ZipFile(cda_only, "w") as archive:
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    with pytest.raises(SourceError, match="holds no Apple Health export.xml"):
        read_source(cda_only, source="apple")


def test_an_export_with_nothing_to_import(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text('<HealthData locale="en_US"><ExportDate value="x"/></HealthData>')
    log = read_source(export)
    assert len(log.entries) == 0
    assert log.found.notes == [
        "The export holds no steps, walking or running workouts or stand hours."
    ]


def test_streams_in_small_pieces(monkeypatch):
    """The same days when the file comes a few bytes at a time (the DOCTYPE and records
    split across pieces)."""
    monkeypatch.setattr(apple, "CHUNK_BYTES", 7)
    pd.testing.assert_frame_equal(day_values(EXPORT), expected_table(), check_freq=False)


def test_nested_records_are_not_given_twice():
    chunks = apple.without_doctype([EXPORT.read_bytes()])
    tags = Counter(e.tag for e in apple.top_level_elements(chunks, "export.xml"))
    assert tags == {"ExportDate": 1, "Me": 1, "Record": 33, "Correlation": 1, "Workout": 8,
                    "ActivitySummary": 1}  # fmt: skip


def test_doctype_lines_are_kept_as_empty_lines():
    raw = IOS16.read_bytes()
    cleaned = b"".join(apple.without_doctype([raw]))
    assert b"<!DOCTYPE" not in cleaned and b"\x0b" not in cleaned
    assert cleaned.count(b"\n") == raw.count(b"\n")


def test_read_is_lazy_and_tells_found_once_read():
    found = Found(apple.TITLE)
    entries = apple.read(EXPORT, found)
    assert not found.conversions
    assert [e.values["steps"] for e in entries] == [2540, 1280, 160]
    assert list(found.conversions) == MEASURES


def test_test_exports_are_what_make_apple_writes(tmp_path):
    """The files in tests/data/sources/apple/ are made by make_apple.py, not by hand."""
    spec = importlib.util.spec_from_file_location("make_apple", APPLE / "make_apple.py")
    make_apple = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_apple)
    assert make_apple.export_xml().encode("utf-8") == EXPORT.read_bytes()
    assert make_apple.ios16_xml().encode("utf-8") == IOS16.read_bytes()
    again = tmp_path / "export.zip"
    make_apple.write_zip(again, make_apple.zip_members(make_apple.export_xml()))
    assert again.read_bytes() == ZIPPED.read_bytes()
    assert len(EXPORT.read_bytes()) < 32_000 and len(ZIPPED.read_bytes()) < 8_000
