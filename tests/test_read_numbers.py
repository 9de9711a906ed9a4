"""'10,000' steps and '7,5' hours never swap meanings: thousands and decimal marks by evidence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_track.read.log import read_log

SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
steps = st.integers(min_value=1000, max_value=60_000)
hours = st.integers(min_value=1, max_value=95).map(lambda q: q / 4)  # 0.25 to 23.75
days = st.lists(st.tuples(steps, hours), min_size=1, max_size=12)


def _grouped(n: int, mark: str) -> str:
    return f"{n:,}".replace(",", mark)


def _decimal(x: float, mark: str) -> str:
    text = f"{x:g}"
    return text.replace(".", mark)


def _write(tmp_path, lines: list[str]):
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_log(path)


def _check(log, rows) -> None:
    assert list(log.entries["steps"]) == [s for s, _ in rows]
    assert list(log.entries["sitting_hours"]) == [h for _, h in rows]
    assert not log.errors


@SETTINGS
@given(days, st.booleans())
def test_us_files_read_thousands_commas_and_decimal_points(tmp_path, rows, quoted):
    # A bare '10,000' would split a comma file, so such files use tabs.
    q, sep = ('"', ",") if quoted else ("", "\t")
    lines = [sep.join(["date", "steps", "sitting_hours"])] + [
        sep.join([f"2026-11-{i + 1:02d}", f"{q}{_grouped(s, ',')}{q}", _decimal(h, ".")])
        for i, (s, h) in enumerate(rows)
    ]
    _check(_write(tmp_path, lines), rows)


@SETTINGS
@given(days)
def test_european_files_read_thousands_points_and_decimal_commas(tmp_path, rows):
    lines = ["Datum;Schritte;Sitzen (h)"] + [
        f"{i + 1:02d}.11.2026;{_grouped(s, '.')};{_decimal(h, ',')}"
        for i, (s, h) in enumerate(rows)
    ]
    _check(_write(tmp_path, lines), rows)


@SETTINGS
@given(st.lists(st.integers(min_value=1, max_value=999), min_size=1, max_size=8))
def test_a_column_of_only_ambiguous_groups_is_read_as_thousands_with_a_warning(tmp_path, lows):
    lines = ["date\tsteps"] + [f"2026-11-{i + 1:02d}\t{n},{500:03d}" for i, n in enumerate(lows)]
    log = _write(tmp_path, lines)
    assert list(log.entries["steps"]) == [n * 1000 + 500 for n in lows]
    assert [p.column for p in log.warnings] == ["steps"]
    assert "read as" in log.warnings[0].message
