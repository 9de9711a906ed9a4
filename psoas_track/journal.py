"""Add an entry to a log without ever damaging it.

`append_entry` checks every value against the schema before it touches the file, then,
holding a lock on a sibling `<name>.lock` file, reads the log once, writes the new row in
the file's own dialect (encoding and BOM, delimiter, decimal mark, line endings, header
names and column order; cell types and formats in an .xlsx), keeps the previous version
as `<name>.bak` (and a few older ones), and replaces the file atomically: a temporary file
in the same folder, fsync, `os.replace`. A crash at any moment leaves either the old or
the new file, never a mix. It refuses, and writes nothing, while a spreadsheet program
holds the log open, when a value is bad, or when the file changed while it was writing.

Text cells that start with = + - @ (or tab/CR) are stored with a leading apostrophe so
that no spreadsheet runs them as a formula; numbers are never touched; `read_log` strips
the apostrophe again.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import difflib
import functools
import glob
import io
import math
import numbers
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.cells import FORMULA_PREFIXES, NO_WORDS, YES_WORDS, parse_flag
from psoas_track.log import LogError, read_log
from psoas_track.schema import COUNT, DATE, FLAG, NUMBER, TEXT, TIME

KEEP_BACKUPS = 3  # <name>.bak (the version before the last write), <name>.1.bak, ...
LOCK_TIMEOUT = 30.0  # seconds to wait for another writer of the same log
LOG_NAME = "psoas_log"  # the file `init_log` creates in a folder
TEXT_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
XLSX_SUFFIXES = (".xlsx",)

# The measures an entry can hold besides its date and time, in schema order.
ENTRY_MEASURES: tuple[schema.Measure, ...] = tuple(
    m for m in schema.MEASURES if m.kind not in (DATE, TIME)
)


class JournalError(Exception):
    """The entry was not written; the message says why and what to do."""


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
    name = schema.canonical(key)
    return name if name in schema.BY_NAME else None


def _unknown_name_message(key: str) -> str:
    choices = [n for m in ENTRY_MEASURES for n in option_names(m)]
    close = difflib.get_close_matches(key.lower(), choices, n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    known = ", ".join(m.name for m in ENTRY_MEASURES)
    return f"There is no measure called '{key}'.{hint} The measures are: {known}."


# ---------------------------------------------------------------- values


def _show_number(value: float) -> str:
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
    if measure.kind == COUNT and not value.is_integer():
        raise JournalError(
            f"{measure.label}: '{_show_number(value)}' is not a whole number; {measure.hint}."
        )
    low, high = measure.low, measure.high
    if (low is not None and value < low) or (high is not None and value > high):
        side = "low" if low is not None and value < low else "high"
        raise JournalError(f"{measure.label}: {_show_number(value)} is too {side}; {measure.hint}.")
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


_TIME_TEXT = re.compile(r"(\d{1,2})[:.h](\d{2})(?::(\d{2}))?")


def _check_time(raw: Any) -> str:
    hint = schema.BY_NAME["time"].hint
    if isinstance(raw, (dt.time, dt.datetime)):
        return raw.strftime("%H:%M")
    if isinstance(raw, str):
        match = _TIME_TEXT.fullmatch(raw.strip())
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return f"{int(match.group(1)):02d}:{match.group(2)}"
    raise JournalError(f"'{raw}' is not a time of day; {hint}.")


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOT_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _check_date(raw: Any, today: dt.date) -> dt.date:
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
    if date > today + dt.timedelta(days=1):
        raise JournalError(f"{date.isoformat()} is in the future; give the day the entry is about.")
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
    fields: dict[str, Any] = {"date": _check_date(today if date is None else date, today)}
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
        measure = schema.BY_NAME[name]
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
    # Keep schema order: date, time, then the measures.
    order = {name: i for i, name in enumerate(schema.COLUMNS)}
    fields = dict(sorted(fields.items(), key=lambda item: order[item[0]]))
    return fields, others


# ---------------------------------------------------------------- files and locks


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def backup_paths(path: str | Path) -> list[Path]:
    """The backups of a log, newest first: log.csv.bak, log.csv.1.bak, log.csv.2.bak."""
    path = Path(path)
    return [path.with_name(f"{path.name}.bak")] + [
        path.with_name(f"{path.name}.{n}.bak") for n in range(1, KEEP_BACKUPS)
    ]


def spreadsheet_lock(path: str | Path) -> Path | None:
    """The lock file a spreadsheet program keeps beside a log it has open, if any.

    Excel writes `~$<name>` (Word-style programs drop the first two letters of the name),
    LibreOffice and OpenOffice `.~lock.<name>#`.
    """
    path = Path(path)
    candidates = [f".~lock.{path.name}#", f"~${path.name}"]
    if len(path.stem) > 2:
        candidates.append(f"~${path.name[2:]}")
    for name in candidates:
        found = path.with_name(name)
        if found.exists():
            return found
    return None


def _refuse_if_open(path: Path) -> None:
    lock = spreadsheet_lock(path)
    if lock is None:
        return
    program = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
    raise JournalError(
        f"The log {path.name} is open in a spreadsheet program ({program} keeps the file "
        f"{lock.name} beside it). Close it there first, so that nothing you type there "
        f"is lost, then try again. If the program is not running, delete {lock.name}."
    )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(_lock_path(path)), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire(poll_interval=0.005)
    except Timeout as error:
        raise JournalError(
            f"Another program is writing to {path.name} right now and did not finish "
            f"within {LOCK_TIMEOUT:.0f} seconds. Try again in a moment."
        ) from error
    except OSError as error:
        raise JournalError(
            f"The folder of {path.name} cannot be written to ({error.strerror}). "
            "Check that the folder is yours and not read-only."
        ) from error
    try:
        yield
    finally:
        lock.release()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the file system allows it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) cannot sync a folder; the file is synced
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write data to path so that path is always either the old or the new file."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files a killed writer left behind (only lock holders make them)."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            temp.unlink()


def _keep_backup(path: Path, data: bytes, mode: int) -> None:
    """Keep the current version (whose bytes are data) as <name>.bak; older ones move down.

    The current file is hard-linked as the backup (no copy: the file is about to be
    replaced by a new one, so the old one lives on under the backup's name); where the
    folder allows no hard links, the bytes are written.
    """
    paths = backup_paths(path)
    for older, newer in zip(reversed(paths[1:]), reversed(paths[:-1]), strict=True):
        if newer.exists():
            os.replace(newer, older)
    link = paths[0].with_name(f".{paths[0].name}.{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.link(path, link)
        os.replace(link, paths[0])
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(link)
        _atomic_write(paths[0], data, mode)


# ---------------------------------------------------------------- dialect helpers


def _looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_PREFIXES


def _neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP).

    Like in a spreadsheet, an apostrophe typed before = + - @ is itself such a marker:
    the reader strips it, so "'=x" reads back as "=x", as Excel and LibreOffice show it.
    """
    return "'" + text if _looks_like_formula(text) else text


@dataclass
class _DateStyle:
    kind: str = "iso"  # iso, dot, slash
    dayfirst: bool = True
    padded: bool = True
    short_year: bool = False

    def format(self, date: dt.date) -> str:
        if self.kind == "iso":
            return date.isoformat()
        day, month = (
            (f"{date.day:02d}", f"{date.month:02d}")
            if self.padded
            else (str(date.day), str(date.month))
        )
        year = f"{date.year % 100:02d}" if self.short_year else str(date.year)
        if self.kind == "dot":
            return f"{day}.{month}.{year}"
        first, second = (day, month) if self.dayfirst else (month, day)
        return f"{first}/{second}/{year}"


_STYLE_PATTERNS = {
    "iso": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "dot": re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})"),
    "slash": re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"),
}


def _date_style(samples: list[str], dayfirst: bool | None) -> _DateStyle:
    """Write new dates the way the file's latest dates are written."""
    for sample in reversed(samples):
        text = sample.strip()
        for kind, pattern in _STYLE_PATTERNS.items():
            if not pattern.fullmatch(text):
                continue
            if kind == "iso" or (kind == "slash" and dayfirst is None):
                return _DateStyle()
            same = [m for s in samples if (m := pattern.fullmatch(s.strip()))]
            parts = [p for m in same for p in (m.group(1), m.group(2))]
            padded = any(p.startswith("0") for p in parts) or not any(len(p) == 1 for p in parts)
            return _DateStyle(
                kind, bool(dayfirst) if kind == "slash" else True, padded, len(same[-1][3]) == 2
            )
    return _DateStyle()


def _flag_words(samples: list[Any]) -> tuple[Any, Any]:
    """How the file writes yes and no in its flag column (default 'yes'/'no')."""
    yes: Counter[Any] = Counter()
    no: Counter[Any] = Counter()
    for value in samples:
        if isinstance(value, bool):
            (yes if value else no)[value] += 1
        elif isinstance(value, str) and value.strip():
            text = value.strip()
            if text.lower() in YES_WORDS:
                yes[text] += 1
            elif text.lower() in NO_WORDS:
                no[text] += 1
    return (
        yes.most_common(1)[0][0] if yes else "yes",
        no.most_common(1)[0][0] if no else "no",
    )


def _new_header(name: str, existing: list[str]) -> str:
    """A header for a column the file lacks, in the style of the file's other headers."""
    plain = all(h == schema.normalize_header(h) for h in existing if h)
    if not plain:
        text = schema.label(name)
        if schema.canonical(text) == name:
            return text
    return name


# ---------------------------------------------------------------- the plan


@dataclass
class _Target:
    """A column the entry writes to: its index in the file, and its header."""

    index: int
    header: str
    measure: schema.Measure | None  # None for the file's own (custom) columns
    numeric: bool = True


def _cell_text(value: Any) -> str:
    """A header cell as the reader names it (a number 1.0 as '1')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _map_header(cells: list[tuple[int, str]], log) -> dict[str, _Target]:
    """Column name -> where it is in the file, from the header as written.

    The first header meaning a measure is that measure, as in the reader; other headers
    are the file's own columns, by the name the reader gave them (Log.columns).
    """
    targets: dict[str, _Target] = {}
    for index, cell in cells:
        written = cell.strip()
        if not written:
            continue
        name = schema.canonical(written)
        if name is None or name in targets:
            name = log.columns.get(written)
            if name is None or name in targets or name in schema.BY_NAME:
                continue
        measure = schema.BY_NAME.get(name)
        if measure is not None:
            numeric = measure.numeric
        elif name in log.entries:
            numeric = str(log.entries[name].dtype).startswith("float")
        else:
            continue
        targets[name] = _Target(index, written, measure, numeric)
    return targets


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
        measure = schema.BY_NAME[name]
        if measure.day_limit is None or name not in same_day:
            continue
        before = float(same_day[name].sum(skipna=True))
        if before + value > measure.day_limit:
            raise JournalError(
                f"{measure.label} would add up to {_show_number(round(before + value, 2))} "
                f"{measure.unit} on {date.isoformat()} ({_show_number(round(before, 2))} "
                f"{measure.unit} are logged already), more than the "
                f"{_show_number(measure.day_limit)} a day has; check the value."
            )


# ---------------------------------------------------------------- text logs


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class _Record:
    start: int  # offset in the text
    end: int  # offset after its line ending
    cells: list[str]

    @property
    def blank(self) -> bool:
        return all(not c.strip() for c in self.cells)


def _records(text: str, delimiter: str) -> list[_Record]:
    """Every record of a delimited text with its exact span (quoted cells may hold newlines)."""
    lines: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        end = _LINE.match(text, position).end()
        lines.append((position, end))
        position = end
    consumed = 0

    def feed() -> Iterator[str]:
        nonlocal consumed
        for start, end in lines:
            consumed += 1
            yield text[start:end]

    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    records = []
    first = 0
    for cells in csv.reader(feed(), delimiter=delimiter):
        records.append(_Record(lines[first][0], lines[consumed - 1][1], cells))
        first = consumed
    return records


def _line_ending(text: str, records: list[_Record]) -> str:
    counts: Counter[str] = Counter()
    for record in records:
        tail = text[max(record.start, record.end - 2) : record.end]
        if tail.endswith("\r\n"):
            counts["\r\n"] += 1
        elif tail.endswith("\n"):
            counts["\n"] += 1
        elif tail.endswith("\r"):
            counts["\r"] += 1
    if counts:
        return counts.most_common(1)[0][0]
    return "\r\n" if os.name == "nt" else "\n"


def _codec(data: bytes, encoding: str | None) -> tuple[bytes, str]:
    """(BOM, codec) to write the file back byte for byte."""
    if data.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8, "utf-8"
    if data.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE, "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return codecs.BOM_UTF16_BE, "utf-16-be"
    return b"", encoding or "utf-8"


_DOT_DECIMAL = re.compile(r"[+-]?\d*\.\d+")


def _decimal_mark(log, records: list[_Record], targets: dict[str, _Target]) -> str:
    """The file's decimal mark; with no decimals yet, ',' in a ';' file (European Excel)."""
    if log.decimal == "," or log.delimiter != ";":
        return log.decimal
    numeric = [t.index for t in targets.values() if t.numeric]
    for record in records[1:]:
        for index in numeric:
            cell = record.cells[index] if index < len(record.cells) else ""
            if _DOT_DECIMAL.fullmatch(cell.strip()):
                return "."
    return ","


def _text_cell(
    name: str, value: Any, decimal: str, dates: _DateStyle, flags: dict[str, tuple[Any, Any]]
) -> str:
    measure = schema.BY_NAME.get(name)
    if name == "date":
        return dates.format(value)
    if isinstance(value, bool):
        yes, no = flags.get(name, ("yes", "no"))
        return str(yes if value else no)
    if isinstance(value, (int, float)):
        text = _show_number(float(value)) if not isinstance(value, int) else str(value)
        return text.replace(".", decimal)
    if measure is not None and measure.kind == TIME:
        return value
    return _neutralise(str(value))


def _append_text(
    data: bytes, log, fields: dict[str, Any], custom: dict[str, tuple[str, Any]]
) -> tuple[bytes, int]:
    bom, codec = _codec(data, log.encoding)
    try:
        text = data[len(bom) :].decode(codec)
    except (UnicodeDecodeError, LookupError) as error:
        raise JournalError(
            f"The log holds bytes that are not valid {codec} text, so it cannot be written "
            "back exactly. Open it in your spreadsheet program, save it as 'CSV UTF-8', "
            "and try again."
        ) from error
    delimiter = log.delimiter
    try:
        records = _records(text, delimiter)
    except csv.Error as error:
        raise JournalError(
            f"The log could not be split into rows ({error}). Open it in your spreadsheet "
            "program and save it again as CSV."
        ) from error
    header_at = next((i for i, r in enumerate(records[:10]) if not r.blank), None)
    if header_at is None:
        raise JournalError("The log has no header row; start from 'psoas-track init'.")
    header = records[header_at]

    # Where each field goes: the file's own columns first, new ones at the right.
    targets = _map_header(list(enumerate(header.cells)), log)
    used = max(
        (max((i + 1 for i, c in enumerate(r.cells) if c.strip()), default=0) for r in records),
        default=0,
    )
    cells = list(header.cells)
    added: list[str] = []
    for name in fields:
        if name in targets:
            continue
        index = used + len(added)
        written = _new_header(name, [c.strip() for c in header.cells])
        while len(cells) <= index:
            cells.append("")
        cells[index] = written
        added.append(written)
        targets[name] = _Target(index, written, schema.BY_NAME[name], schema.BY_NAME[name].numeric)

    data_records = [r for r in records[header_at + 1 :] if not r.blank]
    at_date = targets["date"].index
    dates = _date_style(
        [r.cells[at_date] for r in data_records[-200:] if at_date < len(r.cells)], log.dayfirst
    )
    flags = {
        name: _flag_words([r.cells[t.index] for r in data_records if t.index < len(r.cells)])
        for name, t in targets.items()
        if t.measure is not None and t.measure.kind == FLAG
    }
    decimal = _decimal_mark(log, [header, *data_records], targets)
    quote_text = _quotes_text(text, header, delimiter)

    row = [""] * max(len(cells), 1)
    quoted: set[int] = set()
    values = {**fields, **{name: value for name, (_, value) in custom.items()}}
    for name, value in values.items():
        index = targets[name].index
        row[index] = _text_cell(name, value, decimal, dates, flags)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if quote_text and name != "date" and not number:
            quoted.add(index)
    eol = _line_ending(text, records)
    line = _csv_line(row, delimiter, quoted)

    last = max((i for i, r in enumerate(records) if not r.blank), default=header_at)
    at = records[last].end
    ends_with_eol = text[records[last].start : at].endswith(("\n", "\r"))
    insert = (line + eol) if ends_with_eol else (eol + line + (eol if at < len(text) else ""))
    new_text = text[:at] + insert + text[at:]
    if added:
        head = text[header.start : header.end]
        content = head.rstrip("\r\n")
        ending = head[len(content) :]
        if len(header.cells) <= used:
            pad = delimiter * (used - len(header.cells))
            extra = "".join(
                delimiter + _csv_line([h], delimiter, {0} if quote_text else set()) for h in added
            )
            new_head = content + pad + extra + ending
        else:
            every = set(range(len(cells))) if quote_text else set()
            new_head = _csv_line(cells, delimiter, every) + ending
        new_text = new_text[: header.start] + new_head + new_text[header.end :]
    try:
        encoded = bom + new_text.encode(codec)
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise JournalError(
            f"The entry holds '{bad}', which this log cannot store: it is saved as {codec} "
            "text. Leave that character out, or save the log as 'CSV UTF-8' in your "
            "spreadsheet program and try again."
        ) from error
    return encoded, last + 2  # spreadsheet row: header = row 1 at record 0


def _csv_line(cells: list[str], delimiter: str, quoted: set[int]) -> str:
    """One CSV record without its line ending; cells in `quoted` are always quoted."""
    buffer = io.StringIO()
    # "\r\n" as terminator makes the writer quote any cell holding \r or \n.
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    parts = []
    for index, cell in enumerate(cells):
        if not cell:
            parts.append("")
        elif index in quoted:
            parts.append('"' + cell.replace('"', '""') + '"')
        else:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([cell])
            parts.append(buffer.getvalue()[:-2])
    return delimiter.join(parts)


def _quotes_text(text: str, header: _Record, delimiter: str) -> bool:
    """True when the file quotes its text cells, as LibreOffice does: its header is quoted."""
    raw = text[header.start : header.end].rstrip("\r\n")
    parts = raw.split(delimiter)
    return len(parts) > 1 and all(p.startswith('"') and p.endswith('"') for p in parts)


# ---------------------------------------------------------------- xlsx logs


# Parts of a workbook that openpyxl does not keep when it saves: refuse rather than lose them.
_LOSSY_PARTS = re.compile(
    r"xl/(drawings/drawing\d+\.xml|charts/|media/|pivot|slicer|timeline|embeddings/|activeX/"
    r"|ctrlProps/|vbaProject)",
    re.I,
)


def _blank_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _append_xlsx(
    data: bytes, log, fields: dict[str, Any], custom: dict[str, tuple[str, Any]], name: str
) -> tuple[bytes, int]:
    import warnings
    import zipfile
    from copy import copy

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            lossy = [n for n in archive.namelist() if _LOSSY_PARTS.match(n)]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise JournalError(
            f"The file {name} could not be opened as an Excel file ({type(error).__name__}). "
            "Open it in your spreadsheet program and save it again as .xlsx."
        ) from error
    dropped = [str(w.message) for w in caught if "will be removed" in str(w.message)]
    if lossy or dropped:
        raise JournalError(
            f"The workbook {name} holds charts, pictures, pivot tables or other extras that "
            "would be lost if this program saved it. Add the entry in your spreadsheet "
            "program instead, or keep the log in a workbook of its own."
        )
    sheet = book[log.sheet] if log.sheet in book.sheetnames else book.worksheets[0]

    def row_values(r: int) -> list[Any]:
        return [c.value for c in sheet[r]] if r <= sheet.max_row else []

    header_row = next(
        (
            r
            for r in range(1, min(sheet.max_row, 10) + 1)
            if not all(_blank_cell(v) for v in row_values(r))
        ),
        None,
    )
    if header_row is None:
        raise JournalError(f"The workbook {name} has no header row; start from 'psoas-track init'.")
    header_cells = list(sheet[header_row])
    targets = _map_header(
        [(c.column, _cell_text(c.value)) for c in header_cells if not _blank_cell(c.value)], log
    )
    last = header_row
    used = max((c.column for c in header_cells if not _blank_cell(c.value)), default=0)
    for r, values in enumerate(
        sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        filled = [i + 1 for i, v in enumerate(values) if not _blank_cell(v)]
        if filled:
            last = r
            used = max(used, filled[-1])
    existing_headers = [str(c.value).strip() for c in header_cells if not _blank_cell(c.value)]
    for key in fields:
        if key in targets:
            continue
        used += 1
        written = _new_header(key, existing_headers)
        cell = sheet.cell(row=header_row, column=used, value=written)
        neighbour = sheet.cell(row=header_row, column=max(used - 1, 1))
        if neighbour.has_style and used > 1:
            cell._style = copy(neighbour._style)
        targets[key] = _Target(used, written, schema.BY_NAME[key], schema.BY_NAME[key].numeric)

    def column_samples(target: _Target) -> list[Any]:
        return [
            sheet.cell(row=r, column=target.index).value
            for r in range(max(header_row + 1, last - 200), last + 1)
        ]

    new_row = last + 1
    values: dict[str, Any] = dict(fields)
    values.update({k: v for k, (_, v) in custom.items()})
    for key, value in values.items():
        target = targets[key]
        cell = sheet.cell(row=new_row, column=target.index)
        above = sheet.cell(row=last, column=target.index) if last > header_row else None
        if not cell.has_style and above is not None and above.has_style:
            cell._style = copy(above._style)
        samples = [v for v in column_samples(target) if not _blank_cell(v)] if above else []
        if key == "date":
            strings = [s for s in samples if isinstance(s, str)]
            if samples and len(strings) == len(samples):
                cell.value = _date_style(strings, log.dayfirst).format(value)
            else:
                cell.value = value
                if not cell.is_date:
                    cell.number_format = "yyyy-mm-dd"
        elif key == "time":
            if any(isinstance(s, (dt.time, dt.datetime)) for s in samples):
                hour, minute = map(int, value.split(":"))
                cell.value = dt.time(hour, minute)
                if not cell.is_date:
                    cell.number_format = "hh:mm"
            else:
                cell.value = value
        elif isinstance(value, bool):
            if any(isinstance(s, bool) for s in samples):
                cell.value = value
            else:
                yes, no = _flag_words(samples)
                cell.value = yes if value else no
        elif isinstance(value, (int, float)):
            cell.value = int(value) if float(value).is_integer() else float(value)
        else:
            cell.value = str(value)
            cell.data_type = "s"  # never a formula, whatever the text starts with
        # The quote prefix marks formula-looking text as text; nothing else carries one.
        text = isinstance(cell.value, str) and _looks_like_formula(cell.value)
        if cell.quotePrefix != text:
            cell.quotePrefix = text
    _extend_tables(sheet, header_row, last, new_row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), new_row


def _extend_tables(sheet, header_row: int, last: int, new_row: int) -> None:
    """An Excel table (Insert > Table) that ended at the last entry now takes the new row."""
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    for table in sheet.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if min_row != header_row or max_row != last:
            continue
        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{new_row}"
        table.ref = ref
        if table.autoFilter is not None:
            table.autoFilter.ref = ref


# ---------------------------------------------------------------- append_entry


def append_entry(path: str | Path, date: Any = None, time: Any = None, **values: Any) -> dict:
    """Add one entry to the log at path, safely; return the row written.

    date: a date, '2026-11-24', 'today' or 'yesterday' (default today); time: '07:30'
    (default: now, when logging for today in a log that has a time column). values:
    measures by schema name or alias (sitting_hours=7.5, back_pain=4, rest=10,
    notes='...'), or the names of the file's own columns. Blank values are left out.

    Returns {'row': spreadsheet row number, 'date': ..., <name>: <value>, ...}.
    Raises JournalError, with nothing written, for a bad value, while a spreadsheet has
    the file open, or when the file changed while the entry was being written.
    """
    now = dt.datetime.now()
    fields, others = validate_entry(date, time, today=now.date(), **values)
    given = Path(path)
    target = Path(os.path.realpath(given))
    kind = _kind(target)
    _refuse_if_open(target)
    with _locked(target):
        _refuse_if_open(target)
        _remove_stale_temps(target)
        try:
            data = target.read_bytes()
            log = read_log(target)
        except LogError as error:
            raise JournalError(str(error)) from error
        except OSError as error:
            raise JournalError(f"The log {given} cannot be read ({error.strerror}).") from error
        custom = _resolve_others(others, log)
        if date is None and time is None and "time" in log.columns.values():
            fields["time"] = now.strftime("%H:%M")
            fields = {"date": fields.pop("date"), "time": fields.pop("time"), **fields}
        _check_day_limits(fields, log)
        if kind == "xlsx":
            new, row = _append_xlsx(data, log, fields, custom, target.name)
        else:
            new, row = _append_text(data, log, fields, custom)
        if target.read_bytes() != data:
            raise JournalError(
                f"The log {given.name} changed while the entry was being written (perhaps a "
                "spreadsheet program saved it). Nothing was written; try again."
            )
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
            _keep_backup(target, data, mode)
            _atomic_write(target, new, mode)
        except OSError as error:
            raise JournalError(
                f"The log {given.name} could not be written ({error.strerror or error}), so "
                "it was left as it was. Check that the disk is not full and that the folder "
                "is not read-only, then try again."
            ) from error
    written: dict[str, Any] = {schema.ROW: row, **fields}
    written.update({name: value for name, (_, value) in custom.items()})
    return written


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.exists():
        raise JournalError(
            f"There is no log at {path}. Create one with 'psoas-track init', or check the name."
        )
    if path.is_dir():
        raise JournalError(f"{path} is a folder; give the path of the log file in it.")
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in (".xlsm", ".xls", ".ods"):
        raise JournalError(
            f"Entries cannot be added to a {suffix} file from here. Add the entry in your "
            "spreadsheet program, or save the log as .xlsx or .csv and try again."
        )
    return "text"


# ---------------------------------------------------------------- init and summaries


def init_log(target: str | Path = ".", xlsx: bool = False) -> Path:
    """Create a new, empty log from the template and return its path.

    target is a folder (the log is psoas_log.csv, or psoas_log.xlsx with xlsx=True, in it;
    the folder is made if needed) or a file name ending in .csv or .xlsx. An existing file
    is never overwritten.
    """
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        path, xlsx = target, suffix == ".xlsx"
    else:
        path = target / f"{LOG_NAME}{'.xlsx' if xlsx else '.csv'}"
    if path.exists():
        raise JournalError(
            f"{path} already exists, so nothing was written. Keep logging in it, or give "
            "another folder or file name."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _template_xlsx() if xlsx else _template_csv()
        with open(path, "xb") as handle:
            try:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            except OSError:
                handle.close()
                path.unlink()
                raise
    except FileExistsError as error:
        raise JournalError(f"{path} already exists, so nothing was written.") from error
    except OSError as error:
        raise JournalError(f"{path} cannot be created ({error.strerror}).") from error
    return path


def _template_csv() -> bytes:
    # UTF-8 with a BOM, so that Excel shows letters like ü and é right when it opens it.
    return codecs.BOM_UTF8 + (",".join(schema.COLUMNS) + "\n").encode("utf-8")


@functools.cache
def _template_xlsx() -> bytes:
    """data/template.xlsx's formats and input checks, without its example row."""
    import openpyxl

    from psoas_track import template

    with tempfile.TemporaryDirectory() as folder:
        made = template.write_template_xlsx(Path(folder) / "template.xlsx")
        book = openpyxl.load_workbook(made)
    sheet = book.active
    for cell in sheet[2]:
        cell.value = None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _unit_text(measure: schema.Measure, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        shown = _show_number(float(value))
        if measure.unit == "0-10":
            return f"{shown}/10"
        if measure.unit in ("h", "min", "steps"):
            return f"{shown} {measure.unit}"
        return shown
    return f'"{value}"' if measure.kind == TEXT else str(value)


def describe_entry(written: dict[str, Any]) -> str:
    """One line for people: 'Row 12: 2026-11-24 21:30 · Sitting 7.5 h · Back pain 4/10'."""
    parts = []
    when = written["date"].isoformat()
    if written.get("time"):
        when += f" {written['time']}"
    for name, value in written.items():
        if name in (schema.ROW, "date", "time"):
            continue
        measure = schema.BY_NAME.get(name)
        if measure is None:
            parts.append(f"{name} {value}")
        else:
            parts.append(f"{measure.label} {_unit_text(measure, value)}")
    head = f"Row {written[schema.ROW]}: {when}" if schema.ROW in written else when
    return " · ".join([head, *parts])


_SUMMED = ("sum", "max")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_name(day: dt.date) -> str:
    """'Tue 24 Nov 2026', the same in every locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def day_so_far(path: str | Path, date: Any = None) -> str:
    """One line on a day's entries in the log: totals, rest target, pain."""
    today = dt.date.today()
    day = _check_date(today if date is None else date, today)
    try:
        log = read_log(path)
    except LogError as error:
        raise JournalError(str(error)) from error
    entries = log.entries
    rows = entries[entries["date"].dt.date == day] if len(entries) else entries
    name = "Today" if day == today else _day_name(day)
    when = f"{name} ({day.isoformat()})" if day == today else name
    if not len(rows):
        return f"{when}: nothing logged yet."
    parts: list[str] = []
    for measure in ENTRY_MEASURES:
        if measure.name not in rows:
            continue
        column = rows[measure.name].dropna()
        if not len(column):
            continue
        if measure.daily in _SUMMED and measure.numeric:
            total = float(column.sum() if measure.daily == "sum" else column.max())
            text = f"{measure.label.lower()} {_unit_text(measure, round(total, 2))}"
            if measure.name == "rest_minutes":
                met = "met" if total >= schema.REST_TARGET_MINUTES else "not met yet"
                text += f" ({schema.REST_TARGET_MINUTES}-minute target {met})"
            parts.append(text)
        elif measure.role == schema.PAIN_SITE:
            mean, high = float(column.mean()), float(column.max())
            text = f"{measure.label.lower()} {_show_number(round(mean, 1))}/10"
            if len(column) > 1:
                text += f" (mean of {len(column)}, highest {_show_number(high)})"
            parts.append(text)
        elif measure.kind == FLAG:
            parts.append(f"towel {'yes' if bool(column.any()) else 'no'}")
        elif measure.name == "therapy":
            parts.append("therapy: " + "; ".join(str(v) for v in column))
    count = len(rows)
    entries_text = f"{count} {'entry' if count == 1 else 'entries'}"
    span = "so far" if day == today else "in all"
    return f"{when} {span}: {entries_text}" + (": " + ", ".join(parts) if parts else "") + "."


__all__ = [
    "ENTRY_MEASURES",
    "JournalError",
    "append_entry",
    "backup_paths",
    "day_so_far",
    "describe_entry",
    "init_log",
    "option_names",
    "spreadsheet_lock",
    "validate_entry",
]
