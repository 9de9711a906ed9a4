"""Read a log file (CSV/TSV/TXT/XLSX/ODS) into entries and a list of problems.

Reading never raises on bad content: a bad cell becomes blank and is reported with the
spreadsheet row number the person sees (header = row 1). Only a file that cannot be read
at all raises LogError. Every data row is accounted for:
rows == n_entries + unusable_rows + blank_rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psoas_track import schema
from psoas_track.schema import COUNT, FLAG, NUMBER, TEXT, TIME

ERROR = "error"
WARNING = "warning"

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serials from 1954 to 2119: anything else in a date column is no date.
SERIAL_RANGE = (20000, 80000)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class LogError(Exception):
    """The file cannot be read at all; the message says what to do."""


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number (header = 1); None for the whole file
    column: str  # the header as written in the file; '' for the whole row
    value: str
    message: str
    severity: str  # ERROR or WARNING

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(self.column)
        place = ", ".join(where)
        message = self.message.rstrip(".")
        return (
            f"{place}: {message} ({self.severity})" if place else (f"{message} ({self.severity})")
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass
class Log:
    entries: Any  # pandas DataFrame, one row per usable entry
    problems: list[Problem]
    rows: int  # data rows in the file (after the header)
    unusable_rows: int
    blank_rows: int
    dayfirst: bool | None  # how slash dates were read; None when there were none
    dayfirst_reason: str
    custom_columns: list[str]
    columns: dict[str, str]  # header as written -> column name in entries
    path: Path | None = None
    encoding: str | None = None  # None for spreadsheet files
    delimiter: str | None = None
    decimal: str = "."
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read, for `check`

    @property
    def n_entries(self) -> int:
        return len(self.entries)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


# ---------------------------------------------------------------- raw tables


@dataclass
class _Table:
    records: list[list[Any]]  # every row of the file, header included
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _has_date_header(record: list[Any]) -> bool:
    return any(isinstance(c, str) and schema.canonical(c) == "date" for c in record)


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Bytes -> text, trying what spreadsheets write: UTF-8 (BOM or not), UTF-16, cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    head = data[:400]
    if head and head.count(0) > len(head) // 4:
        # UTF-16 without a BOM shows a zero byte beside every ASCII character.
        even_zeros = head[0::2].count(0)
        odd_zeros = head[1::2].count(0)
        if max(even_zeros, odd_zeros) > len(head) // 4 and min(even_zeros, odd_zeros) < 3:
            encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
            text = data.decode(encoding, errors="replace")
            if "\x00" not in text:
                return text, encoding, []
    if b"\x00" in data:
        raise LogError(
            f"The file {name} does not look like a spreadsheet or a text file. Save your log as "
            ".csv, .xlsx or .ods and try again."
        )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    note = (
        f"The file is not UTF-8; it was read as Windows text ({encoding}). If letters "
        "like ü or € look wrong, save the file as 'CSV UTF-8' and read it again."
    )
    return text, encoding, [note]


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f")
    return controls > max(2, len(sample) // 50)


_DELIMITERS = (",", ";", "\t", "|")


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _choose_delimiter(text: str, suffix: str) -> str:
    """The delimiter under which the header holds a date column and the most known names.

    A header of one column tells nothing, so ties go to the delimiter the rows use most.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    best, best_score = None, (-1, -1, -1, -1)
    for delimiter in _DELIMITERS:
        for line in lines[:10]:
            fields = _split_line(line, delimiter)
            if not _has_date_header(fields):
                continue
            known = sum(schema.canonical(f) is not None for f in fields)
            preferred = int(delimiter == "\t" and suffix in (".tsv", ".tab"))
            used = sum(ln.count(delimiter) for ln in lines)
            score = (known, preferred, len(fields), used)
            if score > best_score:
                best, best_score = delimiter, score
            break
    if best is None:
        return "\t" if suffix in (".tsv", ".tab") else ","
    return best


def _read_text(path: Path, data: bytes) -> _Table:
    name = path.name
    text, encoding, notes = _decode(data, name)
    if _looks_binary(text):
        raise LogError(
            f"The file {name} does not look like a spreadsheet or a text file. Save your log as "
            ".csv, .xlsx or .ods and try again."
        )
    delimiter = _choose_delimiter(text, path.suffix.lower())
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        records = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise LogError(
            f"The file {name} could not be read as a table ({error}). Open it in your spreadsheet "
            "program and save it again as CSV."
        ) from error
    problems = [Problem(None, "", "", note, WARNING) for note in notes]
    return _Table(records, encoding, delimiter, None, notes, problems)


def _read_xlsx(path: Path) -> _Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise LogError(
            f"The file {path.name} could not be opened as an Excel file ({type(error).__name__}). "
            "Open it in your spreadsheet program and save it again as .xlsx or .csv."
        ) from error
    try:
        sheets = [
            (ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book.worksheets
        ]
    finally:
        book.close()
    return _pick_sheet(path, sheets)


def _read_ods(path: Path) -> _Table:
    import pandas as pd

    try:
        frames = pd.read_excel(path, engine="odf", header=None, dtype=object, sheet_name=None)
    except Exception as error:  # odfpy raises many kinds for a damaged file
        raise LogError(
            f"The file {path.name} could not be opened as an OpenDocument spreadsheet "
            f"({type(error).__name__}). Open it in LibreOffice and save it again."
        ) from error
    sheets = []
    for title, frame in frames.items():
        records = [
            [None if _is_blank(v) else _from_pandas(v) for v in row]
            for row in frame.itertuples(index=False, name=None)
        ]
        sheets.append((str(title), records))
    return _pick_sheet(path, sheets)


def _from_pandas(value: Any) -> Any:
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def _pick_sheet(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> _Table:
    """The first sheet whose header holds a date column (a log may sit behind a cover)."""
    # Formatted but empty rows at the end of a sheet are layout, not rows anyone typed.
    sheets = [(title, _trim_trailing_blank(records)) for title, records in sheets]
    for title, records in sheets:
        header = next((r for r in records[:10] if not all(_is_blank(c) for c in r)), None)
        if header is not None and _has_date_header(header):
            notes = [f"Read the sheet '{title}'."] if len(sheets) > 1 else []
            return _Table(records, sheet=title, notes=notes)
    if sheets and sheets[0][1]:
        return _Table(sheets[0][1], sheet=sheets[0][0])
    raise LogError(
        f"The file {path.name} has no rows to read. Fill in the first sheet, starting "
        "with a header row that names the columns (one of them 'date')."
    )


def _trim_trailing_blank(records: list[list[Any]]) -> list[list[Any]]:
    end = len(records)
    while end and all(_is_blank(c) for c in records[end - 1]):
        end -= 1
    return records[:end]


def _read_table(path: Path) -> _Table:
    if not path.exists():
        raise LogError(f"There is no file at {path}. Check the name and the folder.")
    if path.is_dir():
        raise LogError(f"The path {path} is a folder, not a log file. Give the path of the file.")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LogError(
            f"The file {path.name} is an old Excel .xls file, which cannot be read here. "
            "In your spreadsheet program, save it as .xlsx or .csv and try again."
        )
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise LogError(
            f"The file {path.name} is empty: there is nothing to read. Start from "
            "data/template.csv or run 'psoas-track init'."
        )
    if suffix in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        if suffix == ".ods":
            return _read_ods(path)
        return _read_xlsx(path)
    if suffix == ".ods":
        return _read_ods(path)
    return _read_text(path, data)


# ---------------------------------------------------------------- cells


def _show(value: Any) -> str:
    """A cell as the person sees it, for problem messages."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else (value.date().isoformat())
    return str(value)


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?\d*,\d+")
_DOT_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_OUT_OF_TEN = re.compile(r"(.+?)\s*/\s*10")
_UNITS = {
    "h": ("h", "hr", "hrs", "hour", "hours", "std"),
    "min": ("m", "min", "mins", "minute", "minutes"),
}


def _number_text(text: str, decimal: str) -> float | None:
    s = re.sub(r"[\s\u00a0\u202f']", "", text)
    if decimal == ",":
        if _THOUSANDS_DOT.fullmatch(s):
            s = s.replace(".", "")
        if s.count(",") == 1:
            s = s.replace(",", ".")
    else:
        if _THOUSANDS_COMMA.fullmatch(s):
            s = s.replace(",", "")
        elif s.count(",") == 1 and "." not in s:
            s = s.replace(",", ".")
    if _PLAIN_NUMBER.fullmatch(s):
        value = float(s)
        return value if math.isfinite(value) else None
    return None


def _parse_number(raw: Any, measure: schema.Measure | None, decimal: str) -> float | None:
    """A cell as a number, or None when it is not one (the caller reports it)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
        return value if math.isfinite(value) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if measure is not None and measure.name in schema.PAIN_SITES:
        match = _OUT_OF_TEN.fullmatch(text)
        if match:
            text = match.group(1)
    if measure is not None and measure.unit in _UNITS:
        lowered = text.lower()
        for unit in sorted(_UNITS[measure.unit], key=len, reverse=True):
            if lowered.endswith(unit) and lowered[: -len(unit)].strip()[-1:].isdigit():
                text = text[: -len(unit)]
                break
    return _number_text(text, decimal)


def _decimal_mark(values: list[str]) -> str:
    commas = sum(bool(_COMMA_DECIMAL.fullmatch(v.strip())) for v in values)
    dots = sum(bool(_DOT_DECIMAL.fullmatch(v.strip())) for v in values)
    return "," if commas > dots else "."


# The words a yes/no cell may hold; journal writes in the same words.
YES_WORDS = frozenset(
    {"yes", "y", "true", "t", "1", "x", "✓", "✔", "ja", "j", "oui", "si", "sí", "on"}
)
NO_WORDS = frozenset({"no", "n", "false", "f", "0", "nein", "non", "off", "-"})


def parse_flag(raw: Any) -> bool | None:
    """A yes/no cell as True/False, or None when it is neither."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
    return None


def _parse_text(raw: Any) -> str:
    text = _show(raw).strip().replace("\r\n", "\n").replace("\r", "\n")
    # A leading apostrophe is how we (and spreadsheets) keep a formula-looking cell text.
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.I)


def _parse_time(raw: Any) -> str | None:
    if isinstance(raw, dt.datetime):
        return raw.strftime("%H:%M")
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 0 <= raw < 1:  # a spreadsheet time is a fraction of a day
            minutes = round(raw * 24 * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes < 1440 else None
        return None
    if not isinstance(raw, str):
        return None
    match = _TIME.fullmatch(raw.strip())
    if not match or (match.group(2) is None and match.group(4) is None):
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(4) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# ---------------------------------------------------------------- dates

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](.+))?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?(?:[ T](.+))?")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:[ T](.+))?")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?[ -,]*(\d{4})", re.I)
_MONTH_NAME_DAY = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4})", re.I)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2100 else None


@dataclass
class _DateToken:
    """A date cell, parsed as far as it can be before the file's date order is known."""

    date: dt.date | None = None
    time: str | None = None
    slash: tuple[int, int, int] | None = None  # (first, second, year) of 03/04/2026


def _date_token(raw: Any) -> _DateToken | None:
    if isinstance(raw, dt.datetime):
        time = raw.strftime("%H:%M") if raw.time() != dt.time() else None
        return _DateToken(raw.date() if 1900 <= raw.year <= 2100 else None, time)
    if isinstance(raw, dt.date):
        return _DateToken(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _serial_token(float(raw))
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if _PLAIN_NUMBER.fullmatch(text):
        return _serial_token(float(text))
    if match := _ISO.fullmatch(text):
        y, m, d, rest = match.groups()
        return _DateToken(_make_date(int(y), int(m), int(d)), _parse_time_part(rest))
    if match := _DOTTED.fullmatch(text):
        d, m, y, rest = match.groups()
        return _DateToken(_make_date(_year(y), int(m), int(d)), _parse_time_part(rest))
    if match := _SLASHED.fullmatch(text):
        a, b, y, rest = match.groups()
        return _DateToken(slash=(int(a), int(b), _year(y)), time=_parse_time_part(rest))
    if match := _DAY_MONTH_NAME.fullmatch(text):
        d, name, y = match.groups()
        month = _MONTHS.get(name.lower())
        return _DateToken(_make_date(int(y), month, int(d)) if month else None)
    if match := _MONTH_NAME_DAY.fullmatch(text):
        name, d, y = match.groups()
        month = _MONTHS.get(name.lower())
        return _DateToken(_make_date(int(y), month, int(d)) if month else None)
    return None


def _parse_time_part(rest: str | None) -> str | None:
    if not rest:
        return None
    return _parse_time(rest.strip().removesuffix("Z").split("+")[0].split(".")[0])


def _serial_token(serial: float) -> _DateToken | None:
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        return None
    days = math.floor(serial)
    fraction = serial - days
    time = _parse_time(fraction) if fraction > 1e-9 else None
    return _DateToken(EXCEL_EPOCH + dt.timedelta(days=days), time)


def _slash_date(slash: tuple[int, int, int], dayfirst: bool) -> dt.date | None:
    a, b, year = slash
    return _make_date(year, b, a) if dayfirst else _make_date(year, a, b)


def _date_order(
    slashes: list[tuple[tuple[int, int, int], str]], dayfirst: bool | None
) -> tuple[bool | None, str, str | None]:
    """Decide how slash dates are read: (dayfirst, why, warning or None).

    slashes: each slash date's (first, second, year) and the cell as written.
    """
    # Only a date that is real in some order says anything about the order.
    slashes = [(s, shown) for s, shown in slashes if _slash_date(s, True) or _slash_date(s, False)]
    if not slashes:
        return (
            None,
            "no real date here is written like 03/04/2026, so the order does not matter",
            None,
        )
    example = {True: slashes[0][1], False: slashes[0][1]}
    for (a, b, _), shown in reversed(slashes):
        if a > 12 >= b:
            example[True] = shown
        elif b > 12 >= a:
            example[False] = shown
    slashes_only = [s for s, _ in slashes]
    # After the filter above, 30/04 can only be day-first and 04/30 only month-first.
    proves_dayfirst = sum(a > 12 >= b for a, b, _ in slashes_only)
    proves_monthfirst = sum(b > 12 >= a for a, b, _ in slashes_only)
    if proves_dayfirst or proves_monthfirst:
        chosen = proves_dayfirst >= proves_monthfirst
        why = (
            f"dates like '{example[chosen]}' can only be {'day-first' if chosen else 'month-first'}"
        )
        if proves_dayfirst and proves_monthfirst:
            why += (
                f" ({max(proves_dayfirst, proves_monthfirst)} dates say so, "
                f"{min(proves_dayfirst, proves_monthfirst)} say the other order)"
            )
        warning = None
        if dayfirst is not None and dayfirst != chosen:
            warning = (
                f"You asked for {'day-first' if dayfirst else 'month-first'} dates, "
                f"but {why}; they were read that way."
            )
        return chosen, why, warning
    if dayfirst is not None:
        return (
            dayfirst,
            (
                f"no date in the file tells day from month, so your choice "
                f"({'day-first' if dayfirst else 'month-first'}) was used"
            ),
            None,
        )

    def spread(first: bool) -> int:
        dates = [_slash_date(s, first) for s in slashes_only]
        dates = [d for d in dates if d is not None]
        return sum(abs((b - a).days) for a, b in zip(dates, dates[1:], strict=False))

    chosen = spread(True) <= spread(False)
    order = "day-first" if chosen else "month-first"
    why = (
        f"no date in the file tells day from month; read {order} because the dates "
        "then lie closest together"
    )
    flag = "--monthfirst" if chosen else "--dayfirst"
    warning = (
        f"No date in this file shows whether a date like '{example[True]}' puts the "
        f"day or the month first; it was read {order} because the dates then lie "
        f"closest together. If that is wrong, read the file with {flag}."
    )
    return chosen, why, warning


# ---------------------------------------------------------------- columns


@dataclass
class _Column:
    index: int
    header: str  # as written
    name: str  # in entries
    measure: schema.Measure | None  # None for custom columns
    kind: str


def _map_columns(
    header: list[Any], records: list[list[Any]], problems: list[Problem]
) -> list[_Column]:
    columns: list[_Column] = []
    taken: set[str] = set()
    # Cells right of the last named column are a row's extra cells, not a column.
    width = max((i + 1 for i, c in enumerate(header) if not _is_blank(c)), default=0)
    for index in range(width):
        written = _show(header[index]).strip() if index < len(header) else ""
        values_here = any(index < len(r) and not _is_blank(r[index]) for r in records)
        if not written:
            if not values_here:
                continue  # a trailing or spacer column with nothing in it
            written = f"column {index + 1}"
            problems.append(
                Problem(
                    None,
                    written,
                    "",
                    f"Column {index + 1} has values but no name in the "
                    f"first row; it was kept as '{_custom_name(written, taken)}'.",
                    WARNING,
                )
            )
        name = schema.canonical(written)
        measure = schema.BY_NAME.get(name) if name else None
        if name is not None and name in taken:
            custom = _custom_name(written, taken)
            problems.append(
                Problem(
                    None,
                    written,
                    "",
                    f"The column '{written}' means the same as an earlier "
                    f"column ({name}); the first one is used as {name} and "
                    f"this one is kept as '{custom}'.",
                    WARNING,
                )
            )
            name, measure = custom, None
        elif name is None:
            name = _custom_name(written, taken)
        taken.add(name)
        kind = measure.kind if measure else NUMBER  # custom kinds are settled later
        columns.append(_Column(index, written, name, measure, kind))
    return columns


def _custom_name(written: str, taken: set[str]) -> str:
    base = schema.normalize_header(written) or "column"
    if base in schema.COLUMNS or base in schema.DERIVED:
        base = f"{base}_custom"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _is_repeated_header(record: list[Any], header: list[Any]) -> bool:
    same = sum(
        1
        for i, cell in enumerate(record)
        if isinstance(cell, str)
        and cell.strip()
        and i < len(header)
        and schema.normalize_header(cell) == schema.normalize_header(_show(header[i]))
    )
    filled = sum(1 for c in record if not _is_blank(c))
    return (
        filled > 0
        and same >= max(2, (filled + 1) // 2)
        or (filled == 1 and same == 1 and _has_date_header(record))
    )


# ---------------------------------------------------------------- read_log


def read_log(path: str | Path, dayfirst: bool | None = None) -> Log:
    """Read a log file into entries and problems.

    dayfirst: how to read slash dates like 03/04/2026 when nothing in the file tells;
    None lets the reader choose the order under which the dates lie closest together.

    >>> log = read_log("data/example_log.csv")
    >>> log.entries[["date", "sitting_hours", "back_pain"]].head()  # doctest: +SKIP
    """
    import pandas as pd

    path = Path(path)
    table = _read_table(path)
    problems = list(table.problems)
    records = table.records

    header_index = next(
        (i for i, r in enumerate(records[:10]) if not all(_is_blank(c) for c in r)), None
    )
    if header_index is None:
        raise LogError(
            f"The file {path.name} has no header row. The first row should name the "
            "columns, one of them 'date'."
        )
    header = records[header_index]
    if not _has_date_header(header):
        shown = ", ".join(_show(c) for c in header if not _is_blank(c))[:200]
        raise LogError(
            f"The file {path.name} has no date column. The first row should name the columns, one "
            f"of them 'date'; here it reads: '{shown}'. Start from data/template.csv if "
            "unsure."
        )
    data = records[header_index + 1 :]
    first_row = header_index + 2  # spreadsheet row number of data[0]
    columns = _map_columns(header, data, problems)
    date_column = next(c for c in columns if c.name == "date")
    width = max(
        len(header) - next((i for i, c in enumerate(reversed(header)) if not _is_blank(c)), 0), 1
    )

    # Classify rows: blank, a pasted header, or data.
    kinds: list[str] = []
    for record in data:
        if all(_is_blank(c) for c in record):
            kinds.append("blank")
        elif _is_repeated_header(record, header):
            kinds.append("header")
        else:
            kinds.append("data")

    decimal = "."
    if table.delimiter is not None:
        texts = [
            r[c.index]
            for r, k in zip(data, kinds, strict=True)
            if k == "data"
            for c in columns
            if c.index < len(r) and isinstance(r[c.index], str) and c.kind in (NUMBER, COUNT)
        ]
        decimal = _decimal_mark(texts)

    # Custom columns are numbers when nearly all their values are.
    for column in columns:
        if column.measure is not None:
            continue
        values = [
            r[column.index]
            for r, k in zip(data, kinds, strict=True)
            if k == "data" and column.index < len(r) and not _is_blank(r[column.index])
        ]
        numbers = sum(_parse_number(v, None, decimal) is not None for v in values)
        column.kind = NUMBER if values and numbers >= 0.9 * len(values) else TEXT

    # Date order from the evidence of the whole file.
    tokens: list[_DateToken | None] = []
    for record, kind in zip(data, kinds, strict=True):
        raw = record[date_column.index] if date_column.index < len(record) else None
        tokens.append(_date_token(raw) if kind == "data" and not _is_blank(raw) else None)
    slashes = [
        (t.slash, _show(r[date_column.index]).strip())
        for t, r in zip(tokens, data, strict=True)
        if t and t.slash
    ]
    order, order_reason, order_warning = _date_order(slashes, dayfirst)
    if order_warning:
        problems.append(Problem(None, date_column.header, "", order_warning, WARNING))

    rows_out: list[dict[str, Any]] = []
    unusable = blank = 0
    day_rows: dict[dt.date, list[int]] = {}
    for offset, (record, kind, token) in enumerate(zip(data, kinds, tokens, strict=True)):
        row = first_row + offset
        if kind == "blank":
            blank += 1
            continue
        if kind == "header":
            unusable += 1
            problems.append(
                Problem(
                    row,
                    "",
                    "",
                    "This row repeats the column names, so it was not read as an entry.",
                    WARNING,
                )
            )
            continue
        raw_date = record[date_column.index] if date_column.index < len(record) else None
        date = _resolve_date(token, order)
        if date is None:
            unusable += 1
            problems.append(_date_problem(row, date_column.header, raw_date, token, order))
            continue
        extra = [_show(c) for c in record[width:] if not _is_blank(c)]
        if extra:
            shown = ", ".join(f"'{c}'" for c in extra)
            problems.append(
                Problem(
                    row,
                    "",
                    shown,
                    f"This row has {len(extra)} more "
                    f"{'cell' if len(extra) == 1 else 'cells'} than there are "
                    f"column names; {'it was' if len(extra) == 1 else 'they were'}"
                    f" ignored: {shown}.",
                    WARNING,
                )
            )
        entry: dict[str, Any] = {schema.ROW: row, "date": date}
        for column in columns:
            if column is date_column:
                continue
            raw = record[column.index] if column.index < len(record) else None
            value, problem = _parse_cell(raw, column, decimal)
            if problem:
                problems.append(Problem(row, column.header, _show(raw), problem[0], problem[1]))
            entry[column.name] = value
        if (
            entry.get("time") is None
            and token is not None
            and token.time
            and any(c.name == "time" for c in columns)
        ):
            entry["time"] = token.time
        rows_out.append(entry)
        day_rows.setdefault(date, []).append(len(rows_out) - 1)

    problems.extend(_day_limit_problems(rows_out, day_rows, columns))
    problems.sort(key=lambda p: -1 if p.row is None else p.row)
    names = [schema.ROW, "date"] + [c.name for c in _ordered(columns) if c is not date_column]
    entries = pd.DataFrame(rows_out, columns=names)
    entries = _typed(entries, columns)
    notes = list(table.notes)
    if table.delimiter is not None:
        notes.append(_dialect_note(table.encoding, table.delimiter, decimal))
    return Log(
        entries=entries,
        problems=problems,
        rows=len(data),
        unusable_rows=unusable,
        blank_rows=blank,
        dayfirst=order,
        dayfirst_reason=order_reason,
        custom_columns=[c.name for c in columns if c.measure is None],
        columns={c.header: c.name for c in columns},
        path=path,
        encoding=table.encoding,
        delimiter=table.delimiter,
        decimal=decimal,
        sheet=table.sheet,
        notes=notes,
    )


def _dialect_note(encoding: str | None, delimiter: str, decimal: str) -> str:
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
    mark = "decimal commas" if decimal == "," else "decimal points"
    return f"Read as {encoding} text with cells split by {names[delimiter]} and {mark}."


def _ordered(columns: list[_Column]) -> list[_Column]:
    """Schema columns in schema order, then custom columns in file order."""
    known = sorted((c for c in columns if c.measure), key=lambda c: schema.COLUMNS.index(c.name))
    return known + [c for c in columns if c.measure is None]


def _resolve_date(token: _DateToken | None, dayfirst: bool | None) -> dt.date | None:
    if token is None:
        return None
    if token.slash is not None:
        return _slash_date(token.slash, True if dayfirst is None else dayfirst)
    return token.date


def _date_problem(
    row: int, header: str, raw: Any, token: _DateToken | None, order: bool | None
) -> Problem:
    shown = _show(raw).strip()
    hint = schema.BY_NAME["date"].hint
    if not shown:
        message = f"This row has no date, so it was not used; {hint}."
    elif (
        token is not None
        and token.slash is not None
        and order is not None
        and (_slash_date(token.slash, not order) is not None)
    ):
        rest = "day-first" if order else "month-first"
        message = (
            f"'{shown}' does not fit the {rest} order the other dates in this file "
            "use, so this row was not used; check the date."
        )
    else:
        message = f"'{shown}' is not a date, so this row was not used; {hint}."
    return Problem(row, header, shown, message, ERROR)


def _parse_cell(raw: Any, column: _Column, decimal: str) -> tuple[Any, tuple[str, str] | None]:
    """(value, (message, severity) or None). A bad cell becomes None."""
    if _is_blank(raw):
        return None, None
    measure = column.measure
    shown = _show(raw).strip()
    hint = measure.hint if measure else f"the column '{column.header}' holds numbers"
    if column.kind == TEXT:
        return _parse_text(raw), None
    if column.kind == TIME:
        time = _parse_time(raw)
        if time is None:
            return None, (
                f"'{shown}' is not a time of day; {measure.hint}. The entry was "
                "kept without a time.",
                WARNING,
            )
        return time, None
    if column.kind == FLAG:
        flag = parse_flag(raw)
        if flag is None:
            return None, (f"'{shown}' is not yes or no; {hint}.", ERROR)
        return flag, None
    value = _parse_number(raw, measure, decimal)
    if value is None:
        return None, (f"'{shown}' is not a number; {hint}.", ERROR)
    if measure is None:
        return value, None
    if measure.kind == COUNT and not value.is_integer():
        return None, (f"'{shown}' is not a whole number; {hint}.", ERROR)
    if measure.low is not None and value < measure.low:
        limit = (
            f"outside {_show(measure.low)} to {_show(measure.high)}"
            if measure.high is not None
            else f"below {_show(measure.low)}"
        )
        return None, (f"'{shown}' is {limit}; {hint}.", ERROR)
    if measure.high is not None and value > measure.high:
        return None, (
            f"'{shown}' is outside {_show(measure.low)} to {_show(measure.high)}; {hint}.",
            ERROR,
        )
    return value, None


def _day_limit_problems(
    entries: list[dict[str, Any]], day_rows: dict[dt.date, list[int]], columns: list[_Column]
) -> list[Problem]:
    """A day's entries that add up to more than a day can hold (26 hours sat)."""
    problems = []
    for column in columns:
        measure = column.measure
        if measure is None or measure.day_limit is None:
            continue
        for date, indexes in day_rows.items():
            values = [entries[i].get(column.name) for i in indexes]
            total = sum(v for v in values if v is not None)
            if total > measure.day_limit:
                rows = [
                    entries[i][schema.ROW]
                    for i in indexes
                    if entries[i].get(column.name) is not None
                ]
                shown = ", ".join(str(r) for r in rows)
                problems.append(
                    Problem(
                        rows[-1],
                        column.header,
                        _show(total),
                        f"{measure.label} adds up to {_show(round(total, 2))} {measure.unit} "
                        f"on {date.isoformat()} (rows {shown}), more than the "
                        f"{_show(measure.day_limit)} a day has; check those entries.",
                        WARNING,
                    )
                )
    return problems


def _typed(entries: Any, columns: list[_Column]) -> Any:
    import pandas as pd

    entries[schema.ROW] = entries[schema.ROW].astype("int64")
    entries["date"] = pd.to_datetime(entries["date"]).astype("datetime64[ns]")
    for column in columns:
        if column.name == "date":
            continue
        series = entries[column.name]
        if column.kind in (NUMBER, COUNT):
            entries[column.name] = pd.to_numeric(series, errors="coerce").astype("float64")
        elif column.kind == FLAG:
            entries[column.name] = series.astype("boolean")
        else:
            entries[column.name] = series.astype("string")
    return entries
