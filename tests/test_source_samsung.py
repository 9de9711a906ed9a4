"""Samsung Health's step_daily_trend: metadata line, trailing commas, epoch days, -2 rows.

The files are written by tests/data/sources/samsung/make_samsung.py in the layout of
the real export; its comments say what each row is there for.
"""

import datetime as dt
import zipfile
from pathlib import Path

import pytest

import psoas_track as pt
from psoas_track.sources import SourceError, head_of, read_source, samsung
from psoas_track.sources.base import Found

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "data" / "sources" / "samsung"
TREND = HERE / "com.samsung.shealth.step_daily_trend.20201113093000.csv"
PREFIXED = HERE / "com.samsung.shealth.step_daily_trend.20210102080000.csv"
PEDOMETER = HERE / "com.samsung.shealth.tracker.pedometer_day_summary.20201113093000.csv"
EXPORT_ZIP = HERE / "samsunghealth_export.zip"
GARMIN = ROOT / "tests" / "data" / "sources" / "garmin" / "Activities.csv"

# What the reader must make of TREND (and of the zip holding it), day by day.
EXPECTED = {
    dt.date(2020, 11, 10): 8123,  # the -2 row, not 8123 + the phone's 5000 + the watch's 6000
    dt.date(2020, 11, 11): 9500,  # the copy updated last (and the larger)
    dt.date(2020, 11, 12): 7000,  # the copy updated last, though the smaller
    dt.date(2020, 11, 13): 2345,
}


def steps_by_day(log) -> dict:
    return {record["date"].date(): record["steps"] for record in log.entries.to_dict("records")}


@pytest.fixture(scope="module")
def log():
    return read_source(TREND, source="samsung")


def test_every_day_holds_exactly_the_expected_steps(log):
    assert steps_by_day(log) == EXPECTED
    assert list(log.entries.columns) == ["row", "date", "steps", "source"]
    assert set(log.entries["source"]) == {"samsung"}


def test_daily_has_the_steps_and_no_day_from_a_left_out_row(log):
    days = pt.daily(log, today=dt.date(2020, 12, 31))
    assert list(days.index.date) == sorted(EXPECTED)
    assert days["steps"].tolist() == [8123, 9500, 7000, 2345]


def test_the_metadata_line_bom_and_trailing_commas_are_no_data(log):
    # The first line (com.samsung.shealth.step_daily_trend,6302001,3) is not the header,
    # the BOM is not part of a name, and the comma at each line's end makes no column.
    assert TREND.read_bytes().startswith(b"\xef\xbb\xbfcom.samsung.shealth.step_daily_trend,")
    assert not log.custom_columns


@pytest.mark.parametrize(
    ("day_time", "day"),
    [
        ("1605052800000", dt.date(2020, 11, 11)),  # UTC midnight of 2020-11-11
        ("1604966400000", dt.date(2020, 11, 10)),
        ("1605049200000", dt.date(2020, 11, 11)),  # 23:00 UTC: a UTC+1 phone's midnight
        ("1605056400000", dt.date(2020, 11, 11)),  # 01:00 UTC: a UTC-1 phone's midnight
        ("1.6050528E12", dt.date(2020, 11, 11)),  # re-saved by a spreadsheet
        ("2020-11-11 00:00:00.000", dt.date(2020, 11, 11)),  # written out, some versions
        ("1605052800", None),  # seconds, not milliseconds: January 1970
        ("", None),
        ("yesterday", None),
        ("2020-13-11 00:00:00.000", None),
    ],
)
def test_day_time_is_the_day(day_time, day):
    assert samsung.day_of(day_time) == day


def test_only_the_day_totals_are_used(log):
    reason = "per-device rows (source_type other than -2): the day totals already hold their steps"
    assert log.found.left_out[reason] == 2


def test_duplicate_day_totals_keep_the_one_updated_last(log):
    assert log.found.left_out["older copies of a day's total (the one updated last was kept)"] == 2
    assert "On 2 day(s) the export held different totals" in " ".join(log.found.notes)


def test_bad_and_empty_totals_are_left_out_and_counted(log):
    left_out = log.found.left_out
    assert left_out["day totals of 0 steps (phone and watch not carried; left blank)"] == 1
    assert left_out["day totals whose day_time is not a day (milliseconds since 1970)"] == 1
    assert left_out["day totals whose count is not a whole number of steps"] == 1
    assert sum(left_out.values()) == 7


def test_the_conversions_are_stated_in_words(log):
    assert "source_type -2" in log.found.conversions["steps"]
    assert "milliseconds since 1970" in log.found.conversions["date"]
    assert "The last day, 2020-11-13" in " ".join(log.found.notes)


def test_prefixed_column_names_and_a_day_time_off_midnight():
    log = read_source(PREFIXED, source="samsung")
    assert steps_by_day(log) == {dt.date(2021, 1, 1): 6100, dt.date(2021, 1, 2): 4300}
    assert "1 day_time value(s) were not at UTC midnight" in " ".join(log.found.notes)


def test_the_export_folder_zipped_reads_like_its_step_file():
    log = read_source(EXPORT_ZIP, source="samsung")
    assert steps_by_day(log) == EXPECTED
    assert log.found.left_out == read_source(TREND, source="samsung").found.left_out


def test_pedometer_day_summary_points_to_the_step_daily_trend_file():
    assert samsung.looks_like(PEDOMETER, head_of(PEDOMETER))
    with pytest.raises(SourceError, match="com.samsung.shealth.step_daily_trend instead"):
        read_source(PEDOMETER, source="samsung")


def test_a_zip_without_the_step_file_says_which_file_to_give(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"folder/{PEDOMETER.name}", PEDOMETER.read_bytes())
    assert not samsung.looks_like(path, head_of(path))
    with pytest.raises(SourceError, match="no step_daily_trend file"):
        read_source(path, source="samsung")


def test_detection_by_content(write):
    for path in (TREND, PREFIXED, EXPORT_ZIP):
        assert samsung.looks_like(path, head_of(path)), path
    # The file's name says nothing: Garmin's list or a log under Samsung's name is not it.
    renamed = write(GARMIN.read_bytes(), name=TREND.name)
    assert not samsung.looks_like(renamed, head_of(renamed))
    assert not samsung.looks_like(GARMIN, head_of(GARMIN))
    example = ROOT / "data" / "example_log.csv"
    assert not samsung.looks_like(example, head_of(example))
    # Other Samsung data types are not the steps.
    heart = write("com.samsung.shealth.tracker.heart_rate,6302001,3\nheart_rate,\n", name="hr.csv")
    assert not samsung.looks_like(heart, head_of(heart))


def test_a_step_file_without_its_metadata_line_is_still_read(write):
    path = write("day_time,count,source_type,\n1605052800000,9500,-2,\n1605052800000,9000,0,\n")
    assert samsung.looks_like(path, head_of(path))
    assert steps_by_day(read_source(path, source="samsung")) == {dt.date(2020, 11, 11): 9500}


def test_without_source_type_the_file_is_refused_with_a_reason(write):
    path = write(
        "com.samsung.shealth.step_daily_trend,6302001,3\nday_time,count,\n1605052800000,9500,\n"
    )
    with pytest.raises(SourceError, match="no source_type column"):
        read_source(path, source="samsung")


def test_another_samsung_file_is_named_in_the_message(write):
    path = write("com.samsung.shealth.tracker.heart_rate,6302001,3\nheart_rate,\n72,\n")
    with pytest.raises(SourceError, match="com.samsung.shealth.tracker.heart_rate data"):
        read_source(path, source="samsung")


def test_broken_rows_never_crash_the_import(write):
    path = write(
        "com.samsung.shealth.step_daily_trend,6302001,3\n"
        "source_type,count,day_time,update_time,\n"
        "-2\n"  # cut short
        "minus two,100,1605052800000,,\n"
        "-2,12.5,1605052800000,,\n"
        "-2,-40,1605052800000,,\n"
        "-2,9500,1605052800000,not a time,,,extra,\n"
        ',,,,\n"\n'
        "\x00\xff,\x01,\n"
    )
    log = read_source(path, source="samsung")
    assert steps_by_day(log) == {dt.date(2020, 11, 11): 9500}
    left_out = log.found.left_out
    assert left_out["rows whose source_type is not a number"] == 2
    assert left_out["day totals whose count is not a whole number of steps"] == 2
    assert left_out["day totals whose day_time is not a day (milliseconds since 1970)"] == 1


def test_the_reader_streams():
    entries = samsung.read(TREND, Found(samsung.TITLE))
    assert iter(entries) is entries  # a generator, not a list built up front
    assert next(entries).day == dt.date(2020, 11, 10)


def test_a_stray_quote_mark_loses_only_the_lines_it_swallows(write):
    path = write(
        "com.samsung.shealth.step_daily_trend,6302001,3\n"
        "source_type,count,day_time,\n"
        '-2,"5,1605052800000,\n' + "x" * 200_000 + "\n-2,400,1605139200000,\n"
    )
    log = read_source(path, source="samsung")
    assert steps_by_day(log) == {dt.date(2020, 11, 12): 400}
    assert log.found.left_out == {"lines that could not be read (a stray quote mark)": 1}


def test_detection_among_all_the_sources_picks_samsung():
    from psoas_track.sources import detect

    for path in (TREND, PREFIXED, EXPORT_ZIP, PEDOMETER):
        assert detect(path) is samsung
    assert steps_by_day(read_source(EXPORT_ZIP)) == EXPECTED
