"""Reading column by column gives what reading cell by cell gives.

The reader splits CSV text with pandas' C reader and works on each column's distinct
cells at once (plain ISO dates, plain numbers, blanks); each fast path is checked here
against the per-cell function it stands in for, on cells hypothesis makes up, and the
split against the csv module on the shapes real files have.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_track import schema
from psoas_track.cells import date_token, is_blank, plain_iso_dates
from psoas_track.read.columns import Column
from psoas_track.read.convert import parse_cell, plain_numbers
from psoas_track.read.delimited import _split_by_csv, _split_by_pandas
from psoas_track.read.grid import ColumnRows, Distinct, Grid
from psoas_track.read.log import read_log

SETTINGS = settings(max_examples=300, deadline=None)

iso_like = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    st.integers(1850, 2150),
    st.integers(0, 13),
    st.integers(0, 32),
)
date_cells = st.one_of(iso_like, st.text(max_size=12), st.just("2026-11-03 07:30"))


@SETTINGS
@given(st.lists(date_cells, max_size=40))
def test_plain_iso_dates_are_what_date_token_reads(cells):
    fast = plain_iso_dates(cells)
    for cell, date in zip(cells, fast, strict=True):
        if np.isnat(date):
            continue  # not fast: the reader asks date_token for these
        token = date_token(cell)
        assert token is not None and token.time is None
        assert np.datetime64(token.date, "ns") == date


def test_every_real_plain_iso_date_is_read_fast():
    cells = ["2026-11-03", "2024-02-29", "1900-01-01", "2100-12-31"]
    assert not np.isnat(plain_iso_dates(cells)).any()
    assert np.isnat(plain_iso_dates(["2026-02-30", "1899-12-31", "2026-1-03", " 2026-11-03"])).all()


number_cells = st.one_of(
    st.integers(0, 10**16).map(str),
    st.floats(0, 1e5, allow_nan=False).map(lambda x: f"{x:.3f}"),
    st.text(alphabet="0123456789.,- ~/h", max_size=8),
    st.none(),
)


@pytest.mark.parametrize("name", ["steps", "back_pain", "sitting_hours", "walking_minutes"])
@pytest.mark.parametrize("decimal", [".", ","])
@SETTINGS
@given(cells=st.lists(number_cells, max_size=30, unique=True))
def test_plain_numbers_are_what_parse_cell_reads(name, decimal, cells):
    measure = schema.BY_NAME[name]
    for factor in (1.0, 1 / 60):
        column = Column(0, name, name, measure, measure.kind, factor=factor, decimal=decimal)
        for cell, number in zip(cells, plain_numbers(cells, column), strict=True):
            if np.isnan(number):
                continue
            value, problem = parse_cell(cell, column)
            assert problem is None and value == number, cell


def test_grid_keeps_true_one_and_one_point_zero_apart():
    grid = Grid([[True], [1], [1.0], ["1"], [None], [1]])
    cells = grid.distinct(0)
    assert [type(u) for u in cells.uniques] == [bool, int, float, str, type(None)]
    assert list(cells.codes) == [0, 1, 2, 3, 4, 1]


def test_distinct_of_some_rows_keeps_order_of_first_appearance():
    cells = Distinct(np.array([2, 0, 1, 0, 2]), ["a", "b", "c"])
    some = cells.some(np.array([False, True, True, True, True]))
    assert some.uniques == ["a", "b", "c"]
    assert [some.uniques[c] for c in some.codes] == ["a", "b", "a", "c"]


def test_blank_is_is_blank():
    values = ["", " ", "\t\n", "a", None, float("nan"), 0, 1.5, "\u00a0", "x ", True, "\u200b"]
    cells = Distinct(np.arange(len(values)), values)
    assert list(cells.blank()) == [is_blank(v) for v in values]


SHAPES = [
    "a,b\r1,2\r",  # old Mac line ends
    'a,b\n"x\ny",2\n',  # a line break inside quotes
    'a,b\nab"c,2\n"a"b,2\n"x" ,2\n',  # quotes where they do not belong
    "a,b\n   \n1,2\n\n\n",  # blank and space-only lines
    'a,b\n"",""\n,\n',
    'a;b\n"1;5";2\n',
    "a,b\n1,2,3,4\n5\n",  # rows longer and shorter than the header
    'a,b\n"x""y",2\n',
]


def _trimmed(rows):
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    return out


@pytest.mark.parametrize("text", SHAPES)
def test_pandas_split_is_the_csv_modules(text):
    delimiter = ";" if ";" in text else ","
    fast = _split_by_pandas(text, delimiter)
    expected = _trimmed(_split_by_csv("log.csv", text, delimiter)[0])
    assert fast is not None
    assert _trimmed(fast[i] for i in range(len(fast))) == expected


@pytest.mark.parametrize(
    "text",
    [
        'a,b\n"unclosed,2\n3,4\n',
        'a,b\n1,"2\n\n3",x,y\n',  # a long row whose cell spans lines: no line shows its width
        "a,b\n1,\x002\n",
    ],
)
def test_pandas_split_leaves_what_it_cannot_split_to_the_csv_module(text):
    assert _split_by_pandas(text, ",") is None


def test_column_rows_slice_is_a_view_of_the_rows_below():
    rows = ColumnRows([np.array(["h1", "1", "2"], dtype=object), np.array(["h2", "", "x"])])
    below = rows[1:]
    assert isinstance(below, ColumnRows) and len(below) == 2
    assert below[0] == ["1"] and below[-1] == ["2", "x"]
    assert rows[:2] == [["h1", "h2"], ["1"]]
    with pytest.raises(IndexError):
        below[2]


def test_a_long_row_deep_in_a_big_file_is_still_reported(tmp_path):
    lines = ["date,back_pain"] + [f"2026-01-{d:02d},3" for d in range(1, 29)]
    lines.insert(20, "2026-02-01,4,oops")  # wider than the header: pandas must retry
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = read_log(path)
    extra = [p for p in log.problems if "more cell" in p.message]
    assert [p.row for p in extra] == [21]
    assert log.n_entries == 29


def test_reading_by_columns_matches_the_csv_module_on_a_messy_log(tmp_path, monkeypatch):
    """The same log split by pandas and by the csv module reads the same."""
    rows = [
        ["Date", "Back pain", "Steps", "Notes"],
        ["2026-11-03", "4", "10,000", "sore"],
        ["3 Nov 2026", "n/a", "9500", ""],
        ["", "5", "", "merged?"],
        ["Date", "Back pain", "Steps", "Notes"],
        ["Total", "9", "19500", ""],
        ["2026-11-05", "~3", "7,5", "x", "extra"],
        ["2026-13-01", "4", "1", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "log.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    by_columns = read_log(path)
    # The csv module's rows instead, as for a file pandas cannot split.
    monkeypatch.setattr("psoas_track.read.delimited._split_by_pandas", lambda text, delimiter: None)
    by_rows = read_log(path)
    assert by_columns.entries.equals(by_rows.entries)
    assert by_columns.problems == by_rows.problems
    assert (by_columns.n_entries, by_columns.unusable_rows, by_columns.blank_rows) == (
        by_rows.n_entries,
        by_rows.unusable_rows,
        by_rows.blank_rows,
    )
    assert len(by_columns.problems) >= 5
