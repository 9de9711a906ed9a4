"""Check an entry's values against the schema, and against the log's own columns and
day limits, before any file is touched.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import numbers
import re
from typing import Any

from psoas_track import schema
from psoas_track.cells import BELOW, not_whole, out_of_range, parse_flag, parse_time
from psoas_track.schema import COUNT, DATE, FLAG, NUMBER, TIME
from psoas_track.write.errors import JournalError

# The measures an entry can hold besides its date and time, in schema order.
ENTRY_MEASURES: tuple[schema.Measure, ...] = tuple(
    m for m in schema.MEASURES if m.kind not in (DATE, TIME) and not m.device
)


# ---------------------------------------------------------------- names


def option_names(measure: schema.Measure) -> list[str]:
    """The names an entry value may be given by, shortest first: ['sitting', 'sitting_hours'].

    The first drops a unit word from the schema name (sitting_hours -> sitting) or is the
    singular of a plural name (notes -> note); the schema name is always accepted.
    """
    names = []
    for alias in measure.aliases:
        rest = measure.name[len(alias) :] if measure.name.startswith(alias) else None
        if rest in ("s", "_hours", "_minutes"):
            names.append(alias)
    names.append(measure.name)
    return sorted(dict.fromkeys(names), key=len)


def _resolve_name(key: str) -> str | None:
    name = schema.canonical(key) or schema.psfs_item(key)
    return name if name and schema.measure_of(name) else None


def _unknown_name_message(key: str) -> str:
    choices = [n for m in ENTRY_MEASURES for n in option_names(m)]
    close = difflib.get_close_matches(key.lower(), choices, n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    known = ", ".join(m.name for m in ENTRY_MEASURES)
    return f"There is no measure called '{key}'.{hint} The measures are: {known}."


# ---------------------------------------------------------------- values


def show_number(value: float) -> str:
    """A number as a person typed it: 7 not 7.0."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


_NUMBER_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def _to_number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, numbers.Real):
        value = float(raw)
        return value if math.isfinite(value) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma: 7,5
    return float(text) if _NUMBER_TEXT.fullmatch(text) else None


def _check_number(measure: schema.Measure, raw: Any) -> float | int:
    shown = raw if isinstance(raw, str) else repr(raw)
    value = _to_number(raw)
    if value is None:
        raise JournalError(f"{measure.label}: '{shown}' is not a number; {measure.hint}.")
    if not_whole(measure, value):
        raise JournalError(
            f"{measure.label}: '{show_number(value)}' is not a whole number; {measure.hint}."
        )
    if side := out_of_range(measure, value):
        too = "low" if side == BELOW else "high"
        raise JournalError(f"{measure.label}: {show_number(value)} is too {too}; {measure.hint}.")
    return int(value) if measure.kind == COUNT else value


def _check_flag(measure: schema.Measure, raw: Any) -> bool:
    flag = parse_flag(raw)  # the reader's words, so what is written reads back the same
    if flag is None:
        raise JournalError(f"{measure.label}: '{raw}' is not yes or no; {measure.hint}.")
    return flag


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_text(label: str, raw: Any) -> str:
    text = str(raw).strip()
    if _CONTROL.search(text):
        raise JournalError(
            f"{label}: the text holds an invisible control character; type it again "
            "without pasting special characters."
        )
    return text


def _check_time(raw: Any) -> str:
    """A time of day as the log keeps it ('07:30'), read as the reader reads a time cell
    (so '7h30' and '7 pm' are written as 07:30 and 19:00)."""
    hint = schema.BY_NAME["time"].hint
    time = parse_time(raw) if isinstance(raw, (str, dt.time, dt.datetime)) else None
    if time is None:
        raise JournalError(f"'{raw}' is not a time of day; {hint}.")
    return time


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOT_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def check_date(raw: Any, today: dt.date) -> dt.date:
    """The entry's date from what was typed, or a JournalError saying why not."""
    if isinstance(raw, dt.datetime):
        date = raw.date()
    elif isinstance(raw, dt.date):
        date = raw
    elif isinstance(raw, str):
        text = raw.strip().lower()
        date = None
        if text == "today":
            date = today
        elif text == "yesterday":
            date = today - dt.timedelta(days=1)
        elif match := _ISO_DATE.fullmatch(text):
            date = _make_date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _DOT_DATE.fullmatch(text):
            date = _make_date(int(match[3]), int(match[2]), int(match[1]))
        if date is None:
            raise JournalError(
                f"'{raw}' is not a date; write it like 2026-11-24 (year-month-day), "
                "or 'today' or 'yesterday'."
            )
    else:
        raise JournalError(f"'{raw}' is not a date; write it like 2026-11-24.")
    if date > today:  # the reader's rule too: a row dated after today is left out of days
        raise JournalError(
            f"{date.isoformat()} is in the future (today is {today.isoformat()}); give the "
            "day the entry is about."
        )
    if date.year < 1900:
        raise JournalError(f"{date.isoformat()} is too long ago; check the year.")
    return date


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def validate_entry(
    date: Any = None, time: Any = None, *, today: dt.date | None = None, **values: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check an entry against the schema without touching any file.

    Returns (fields, others): fields maps schema names to clean values (date first);
    others holds names the schema does not know, which only a column of the file itself
    can take (append_entry checks them against the file). Raises JournalError.
    Blank values (None or '') mean not recorded and are left out.
    """
    today = today or dt.date.today()
    fields: dict[str, Any] = {"date": check_date(today if date is None else date, today)}
    if time is not None and str(time).strip():
        fields["time"] = _check_time(time)
    given: dict[str, str] = {}
    others: dict[str, Any] = {}
    for key, raw in values.items():
        name = _resolve_name(key)
        if name in ("date", "time"):
            raise JournalError(f"Give the {name} as {name}=..., not as '{key}'.")
        if name is not None and name in given:
            raise JournalError(
                f"'{given[name]}' and '{key}' are the same measure ({name}); give it once."
            )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if name is None:
            others[key] = raw
            continue
        given[name] = key
        measure = schema.measure_of(name)
        if measure.kind in (NUMBER, COUNT):
            fields[name] = _check_number(measure, raw)
        elif measure.kind == FLAG:
            fields[name] = _check_flag(measure, raw)
        else:
            fields[name] = _check_text(measure.label, raw)
    if len(fields) - ("time" in fields) == 1 and not others:
        raise JournalError(
            "The entry holds no values. Give at least one, for example a back pain "
            "rating or the hours you sat."
        )
    # Keep schema order: date, time, then the measures (PSFS activities after the pain
    # sites, as in the template).
    order = {name: i for i, name in enumerate(schema.COLUMNS)}
    after_pain = order[schema.PAIN_SITES[-1]] + 0.5
    fields = dict(sorted(fields.items(), key=lambda item: order.get(item[0], after_pain)))
    return fields, others


# ---------------------------------------------------------------- the log's own columns


def _custom_value(header: str, raw: Any, numeric: bool) -> Any:
    if not numeric:
        return _check_text(header, raw)
    value = _to_number(raw)
    if value is None:
        raise JournalError(f"{header}: '{raw}' is not a number; the column holds numbers.")
    return value


def _resolve_others(others: dict[str, Any], log) -> dict[str, tuple[str, Any]]:
    """Names the schema does not know, matched to the file's own columns.

    Returns column name -> (header as written, value)."""
    custom = {
        schema.normalize_header(header): (header, name)
        for header, name in log.columns.items()
        if name in log.custom_columns
    }
    resolved = {}
    for key, raw in others.items():
        found = custom.get(schema.normalize_header(key))
        if found is None:
            raise JournalError(_unknown_name_message(key))
        header, name = found
        numeric = str(log.entries[name].dtype).startswith("float")
        resolved[name] = (header, _custom_value(header, raw, numeric))
    return resolved


def _check_day_limits(fields: dict[str, Any], log) -> None:
    date = fields["date"]
    entries = log.entries
    same_day = entries[entries["date"].dt.date == date] if len(entries) else entries
    for name, value in fields.items():
        measure = schema.measure_of(name)
        if measure.day_limit is None or name not in same_day:
            continue
        before = float(same_day[name].sum(skipna=True))
        if before + value > measure.day_limit:
            raise JournalError(
                f"{measure.label} would add up to {show_number(round(before + value, 2))} "
                f"{measure.unit} on {date.isoformat()} ({show_number(round(before, 2))} "
                f"{measure.unit} are logged already), more than the "
                f"{show_number(measure.day_limit)} a day has; check the value."
            )
