"""Whatever bytes or text arrive, read_log either reads them, keeping every row
accounted for, or raises LogError with a sentence. Nothing else."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_track.daily import daily
from psoas_track.read.log import LogError, read_log

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _read_or_logerror(path):
    try:
        log = read_log(path)
    except LogError as error:
        message = str(error)
        assert message and message[0].isupper() and message.rstrip().endswith(".")
        return None
    assert log.rows == log.n_entries + log.unusable_rows + log.blank_rows
    assert list(log.entries["row"]) == sorted(log.entries["row"])
    days = daily(log)
    assert int(days["entries"].sum()) == log.n_entries
    return log


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes(tmp_path, data):
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    _read_or_logerror(path)


cell = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "2026-11-24",
            "24/11/2026",
            "11/24/2026",
            "3",
            "7,5",
            "12",
            "-1",
            "x",
            "yes",
            "nan",
            "inf",
            "1e400",
            "46350",
            "'=1+1",
            "date",
            "back_pain",
            '"q"',
            "07:30",
            "25:99",
            "1.234,5",
            "a\nb",
        ]
    ),
    st.text(alphabet=string.printable + "äé€\u00a0", max_size=8),
)
header = st.lists(
    st.sampled_from(
        [
            "date",
            "Date",
            "sitting (h)",
            "back_pain",
            "towel",
            "notes",
            "time",
            "steps",
            "mood",
            "",
            "Sit-ups",
        ]
    ),
    min_size=1,
    max_size=6,
)


@SETTINGS
@given(
    header,
    st.lists(st.lists(cell, max_size=7), max_size=12),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_arbitrary_tables(tmp_path, names, rows, delimiter, newline, encoding):
    def line(cells):
        return delimiter.join(
            '"' + c.replace('"', '""') + '"'
            if any(ch in c for ch in (delimiter, '"', "\n", "\r"))
            else c
            for c in cells
        )

    text = newline.join([line(names), *(line(r) for r in rows)]) + newline
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    log = _read_or_logerror(path)
    # With two or more names the header shows which delimiter the file uses, and then
    # every row written is a row read. (A one-column file carries no such evidence: its
    # rows may split differently, and only the accounting above can be asked of it.)
    named = {n for n in names if n}
    if log is not None and "date" in [n.lower() for n in names] and len(named) > 1:
        assert log.rows == len(rows)
