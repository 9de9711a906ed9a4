"""Write the "logs the way people really keep them" files in this folder, and expected.json.

Every file is small and made up (no one's real data), in the shape a real app, spreadsheet
program or person writes (README.md names the shape each one copies). Each case is written
once: its rows as they appear in the file, and beside each entry the readings a correct
reader must make of the cells that are not plain numbers. The files are written from the
first, expected.json from both, so the two cannot drift apart: a plain number ('7.5', or
'7,5' in a decimal-comma file) in a column without unit conversion reads as itself; every
other non-blank cell of a known measure must have its reading stated, or this script fails.

Run from anywhere: `.venv/bin/python tests/data/people/make_people_files.py`. The output is
fully deterministic, .xlsx/.ods included (their zip entries get a fixed timestamp).
make_hostile.py makes the big hostile files at test time; README.md describes expected.json.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXED = datetime(2026, 11, 25, 12, 0, 0)

SUM = {"sitting_hours", "walking_minutes", "steps", "running_minutes", "situps"}
SUM |= {"rest_minutes", "stretch_minutes", "strength_minutes"}
MAX = {"longest_sit_minutes"}
MEAN = {"back_pain", "hip_pain", "knee_pain"}
DAILY = SUM | MAX | MEAN | {"towel"}


def col(measure: str | None, unit: str | None = None, converted: bool = False) -> dict:
    return {"measure": measure, "unit": unit, "converted": converted}


@dataclass
class Cell:
    """A spreadsheet cell with a number format (xlsx) or an ODS time value ('PT26H30M00S')."""

    value: Any
    number_format: str | None = None
    ods_time: str | None = None


@dataclass
class Row:
    cells: str | list  # the line exactly as written (text files), or the cells (spreadsheets)
    day: str | None  # the ISO day of an entry; None for a row that is not an entry
    read: dict  # measure -> reading (None = not recorded) for cells that are not plain
    problems: list  # (column as written, severity, about)


def E(cells, day: str, problems=(), **read) -> Row:  # noqa: N802 - short names for tables
    """An entry on day."""
    return Row(cells, day, read, list(problems))


def O(cells, problems=()) -> Row:  # noqa: N802, E743
    """A row that is not an entry: title, blank, header, totals, unusable."""
    return Row(cells, None, {}, list(problems))


@dataclass
class Case:
    name: str
    quirk: str
    columns: dict[str, dict]  # header as written -> col(...)
    rows: list[Row]
    delimiter: str = ","
    eol: str = "\r\n"
    encoding: str = "utf-8"
    bom: bool = False
    decimal: str = "."
    options: dict = field(default_factory=dict)
    cells: list = field(default_factory=list)  # (row, column, value) readings to check
    problems: list = field(default_factory=list)  # (row or None, column, severity, about)
    writer: Any = None  # None for a text file, else writer(case, path)


CASES: list[Case] = []


def case(**kwargs) -> None:
    CASES.append(Case(**kwargs))


# ------------------------------------------------------------------ expected.json


def parsed(case: Case, row: Row) -> list:
    if isinstance(row.cells, list):
        return [c.value if isinstance(c, Cell) else c for c in row.cells]
    return next(csv.reader([row.cells], delimiter=case.delimiter))


def plain(case: Case, raw: Any) -> float | None:
    """The number a plain cell holds ('7.5', 7.5, '7,5' in a decimal-comma file), else None."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    mark = re.escape(case.decimal)
    if isinstance(raw, str) and re.fullmatch(rf"-?\d+(?:{mark}\d+)?", raw):
        return float(raw.replace(case.decimal, "."))
    return None


def number(value: float) -> float:
    """Every reading as a float, to 9 decimals (compare with a tolerance of 1e-6)."""
    return round(float(value), 9)


def expected(case: Case) -> dict:
    names = list(case.columns)
    headers = next(
        h for r in case.rows if set(names) <= set(h := [str(c or "") for c in parsed(case, r)])
    )
    daily: dict[str, dict[str, list]] = {}
    problems = []
    for row_no, row in enumerate(case.rows, start=1):
        problems += [
            {"row": row_no, "column": c, "severity": s, "about": a} for c, s, a in row.problems
        ]
        if row.day is None:
            continue
        day = daily.setdefault(row.day, {})
        read = dict(row.read)
        for written, raw in zip(headers, parsed(case, row), strict=False):
            spec = case.columns.get(written, col(None))
            measure = spec["measure"]
            if measure not in DAILY or measure in read:
                continue
            value = plain(case, raw)
            if raw not in (None, "") and (value is None or spec["converted"]):
                raise ValueError(f"{case.name} row {row_no} {written}={raw!r}: state its reading")
            read[measure] = value
        for measure, value in read.items():
            if measure not in DAILY:
                raise ValueError(f"{case.name} row {row_no}: {measure} is not a daily measure")
            if value is not None:
                day.setdefault(measure, []).append(value)
    for row, column, severity, about in case.problems:
        problems.append({"row": row, "column": column, "severity": severity, "about": about})
    out: dict[str, dict] = {}
    for day in sorted(daily):
        out[day] = {}
        for measure, found in sorted(daily[day].items()):
            if measure in SUM:
                out[day][measure] = number(sum(found))
            elif measure in MAX:
                out[day][measure] = number(max(found))
            elif measure in MEAN:
                out[day][measure] = number(sum(found) / len(found))
            else:
                out[day][measure] = any(found)
    return {
        "quirk": case.quirk,
        "options": {"dayfirst": None, "year": None, "sheet": None, **case.options},
        "columns": case.columns,
        "daily": out,
        "cells": [{"row": r, "column": c, "value": number(v)} for r, c, v in case.cells],
        "problems": problems,
        "refused": False,
    }


def dump(expectations: dict) -> str:
    """JSON with one line per column, day, cell and problem: small, and easy to diff."""
    out = ["{"]
    for i, (name, spec) in enumerate(expectations.items()):
        out.append(f" {json.dumps(name)}: {{")
        parts = []
        for key, value in spec.items():
            if isinstance(value, dict) and value and key != "options":
                inner = ",\n".join(
                    f"   {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                    for k, v in value.items()
                )
                parts.append(f'  "{key}": {{\n{inner}\n  }}')
            elif isinstance(value, list) and value:
                inner = ",\n".join(f"   {json.dumps(v, ensure_ascii=False)}" for v in value)
                parts.append(f'  "{key}": [\n{inner}\n  ]')
            else:
                parts.append(f'  "{key}": {json.dumps(value, ensure_ascii=False)}')
        out.append(",\n".join(parts))
        out.append(" }" + ("," if i < len(expectations) - 1 else ""))
    out.append("}")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ writers


def write_text(case: Case, path: Path) -> None:
    text = "".join(row.cells + case.eol for row in case.rows)
    path.write_bytes(
        ("\ufeff" if case.bom else "").encode(case.encoding) + text.encode(case.encoding)
    )


def fixed_zip(path: Path) -> None:
    """Rewrite a zip with a fixed timestamp on every entry, so its bytes are reproducible."""
    with zipfile.ZipFile(path) as old:
        items = [(info.filename, old.read(info.filename)) for info in old.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as new:
        for name, data in items:
            if name == "docProps/core.xml":  # openpyxl stamps the save time as 'modified'
                stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            info = zipfile.ZipInfo(name, FIXED.timetuple()[:6])
            # ODF wants 'mimetype' stored, not deflated.
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            new.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def write_xlsx(case: Case, path: Path, extra=None) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "psoas_track tests"
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Log"
    for r, row in enumerate(case.rows, start=1):
        for c, raw in enumerate(row.cells, start=1):
            if raw is None:
                continue
            target = ws.cell(row=r, column=c, value=raw.value if isinstance(raw, Cell) else raw)
            if isinstance(raw, Cell) and raw.number_format:
                target.number_format = raw.number_format
            elif isinstance(raw, date):
                target.number_format = "yyyy-mm-dd"
    if extra:
        extra(wb, ws)
    wb.save(path)
    fixed_zip(path)


def _ods_cell(raw: Any):
    from odf.table import TableCell
    from odf.text import P

    if raw is None:
        return TableCell()
    if isinstance(raw, Cell):
        cell, text = TableCell(valuetype="time", timevalue=raw.ods_time), raw.value
    elif isinstance(raw, date):
        cell, text = TableCell(valuetype="date", datevalue=raw.isoformat()), raw.isoformat()
    elif isinstance(raw, int | float):
        cell, text = TableCell(valuetype="float", value=raw), str(raw)
    else:
        cell, text = TableCell(valuetype="string"), str(raw)
    cell.addElement(P(text=text))
    return cell


def write_ods(case: Case, path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Log")
    for row in case.rows:
        line = TableRow()
        for raw in row.cells:
            line.addElement(_ods_cell(raw))
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    fixed_zip(path)


# ------------------------------------------------------------------ the cases

D, T, N, CUSTOM = col("date"), col("time"), col("notes"), col(None)
SIT_H, WALK = col("sitting_hours", "hours"), col("walking_minutes", "minutes")
BACK, HIP, KNEE = col("back_pain"), col("hip_pain"), col("knee_pain")
STEPS, REST = col("steps"), col("rest_minutes", "minutes")
STRETCH = col("stretch_minutes", "minutes")
SIMPLE = {"Date": D, "Sitting (h)": SIT_H, "Back pain": BACK}
PAIRS = [("7.5", "4"), ("8", "5"), ("6.5", "3"), ("9", "6"), ("5", "2")]
PAIRS += [("3", "2"), ("4", "3"), ("7", "4"), ("6", "3"), ("8.5", "5")]


def simple(dates: list[tuple[str, str]], sep: str = ",") -> list[Row]:
    """A Date, Sitting (h), Back pain log: (iso, date as written) for each entry."""
    head = [O(sep.join(SIMPLE))]
    return head + [
        E(f"{w}{sep}{s}{sep}{p}", iso) for (iso, w), (s, p) in zip(dates, PAIRS, strict=False)
    ]


def nov(d: int) -> str:
    return f"2026-11-{d:02d}"


# 1. units written in the header
case(
    name="units_min_h_s.csv",
    quirk="Units in brackets that differ from the schema's: sitting in minutes, walking in "
    "hours, rest in seconds; each is converted (20 min = 1/3 h, 1.5 h = 90 min, 600 s = 10 min).",
    columns={
        "Date": D,
        "Sitting (min)": col("sitting_hours", "minutes", True),
        "Walking (h)": col("walking_minutes", "hours", True),
        "Rest (s)": col("rest_minutes", "seconds", True),
        "Back pain": BACK,
    },
    rows=[O("Date,Sitting (min),Walking (h),Rest (s),Back pain")]
    + [
        E(
            f"{nov(d)},{s},{w},{r},{p}",
            nov(d),
            sitting_hours=sh,
            walking_minutes=wm,
            rest_minutes=rm,
        )
        for d, s, w, r, p, sh, wm, rm in [
            (2, "450", "1.5", "600", "4", 7.5, 90, 10),
            (3, "480", "0.75", "900", "5", 8, 45, 15),
            (4, "390", "1", "300", "3", 6.5, 60, 5),
            (5, "510", "0.25", "0", "6", 8.5, 15, 0),
            (6, "420", "2", "1200", "3.5", 7, 120, 20),
            (7, "20", "1.25", "600", "2", 20 / 60, 75, 10),
        ]
    ],
    cells=[(7, "Sitting (min)", 20 / 60)],
)

case(
    name="units_ms_and_km.csv",
    quirk="An activity-log export with durations in milliseconds (3172589 ms = 52.876 min), "
    "two walks on one day, and 'Sitting (km)', a unit that cannot be a time: that column is "
    "refused (error on the header) and its values are not read as sitting.",
    eol="\n",
    columns={
        "Date": D,
        "Activity": CUSTOM,
        "Walking (ms)": col("walking_minutes", "milliseconds", True),
        "Sitting (km)": col(None, "km"),
        "Back pain": BACK,
    },
    rows=[
        O("Date,Activity,Walking (ms),Sitting (km),Back pain", [("Sitting (km)", "error", "unit")]),
        E("2026-11-09,Walk,3172589,5,4", nov(9), walking_minutes=3172589 / 60000),
        E("2026-11-10,Walk,1800000,6,3", nov(10), walking_minutes=30),
        E("2026-11-10,Walk,1200000,,", nov(10), walking_minutes=20),
        E("2026-11-11,Walk,2700000,4,3", nov(11), walking_minutes=45),
        E("2026-11-12,Walk,600000,7,5", nov(12), walking_minutes=10),
        E("2026-11-13,Walk,4500000,5,2", nov(13), walking_minutes=75),
    ],
    cells=[(2, "Walking (ms)", 3172589 / 60000)],
)

# 2. thousands separators
US = [  # day, steps, walking, back pain, pedometer total
    (10, 10000, "60", "3", 1234567),
    (11, 12000, "75", "2.5", 1246567),
    (12, 8567, "40", "4", 1255134),
    (13, 1234, "10", "5", 1256368),
    (14, 9999, "55", "3", 1266367),
    (16, 11204, "70", "2", 1277571),
]


def us_rows(q: str, sep: str, shift: int) -> list[Row]:
    rows = [O(sep.join(["Date", "Steps", "Walking (min)", "Back pain", "Pedometer total"]))]
    for d, steps, walk, pain, total in US:
        cells = [f"11/{d + shift}/2026", f"{q}{steps:,}{q}", walk, pain, f"{q}{total:,}{q}"]
        rows.append(E(sep.join(cells), nov(d + shift), steps=steps))
    return rows


US_COLUMNS = {"Date": D, "Steps": STEPS, "Walking (min)": WALK, "Back pain": BACK}
US_COLUMNS["Pedometer total"] = CUSTOM
case(
    name="us_thousands_quoted.csv",
    quirk="US Excel CSV: numbers formatted #,##0 are saved as shown, quoted ('\"10,000\"', "
    "'\"1,234,567\"'); '2.5' proves the decimal point, so every comma inside a number is a "
    "thousands separator and no warning is due.",
    columns=US_COLUMNS,
    rows=us_rows('"', ",", 0),
    cells=[(2, "Pedometer total", 1234567), (5, "Steps", 1234)],
)
case(
    name="us_thousands_bare.tsv",
    quirk="US Excel 'Text (Tab delimited)': the same thousands-formatted numbers unquoted "
    "(10,000 and 1,234,567 bare), which only a tab- or semicolon-separated file can hold.",
    delimiter="\t",
    encoding="cp1252",
    columns=US_COLUMNS,
    rows=us_rows("", "\t", 7),
    cells=[(2, "Pedometer total", 1234567), (5, "Steps", 1234)],
)

FITBIT_HEADER = "Date,Calories Burned,Steps,Distance,Floors,Minutes Sedentary"
FITBIT_HEADER += (
    ",Minutes Lightly Active,Minutes Fairly Active,Minutes Very Active,Activity Calories"
)
FITBIT = [  # day, calories, steps, distance, floors, sedentary, light, fair, very, act. cal.
    (9, "2,310", 11204, "8.21", "10", "1,102", "190", "20", "25", "1,003"),
    (10, "1,987", 6532, "4.79", "4", "1,215", "151", "8", "0", "611"),
    (11, "2,455", 13870, "10.16", "14", "1,011", "214", "31", "40", "1,209"),
    (12, "1,850", 4102, "3.01", "2", "1,260", "130", "0", "0", "452"),
    (13, "2,102", 9015, "6.61", "7", "1,130", "176", "15", "12", "802"),
    (14, "2,610", 15320, "11.23", "18", "958", "240", "25", "55", "1,398"),
    (15, "1,799", 3250, "2.38", "1", "1,301", "102", "0", "0", "350"),
]
case(
    name="fitbit_activities.csv",
    quirk="Fitbit's classic 'Activities' export: a section title on row 1, the header on row 2, "
    "every value quoted with thousands commas ('\"11,204\"'), dd-mm-yyyy dates; only Steps is "
    "a schema measure: 'Minutes Sedentary' counts all still time (lying, standing, awake in "
    "bed), not sitting, so it stays a custom column unless the person maps it.",
    eol="\n",
    columns={
        **{h: col(None, "minutes" if "Minutes" in h else None) for h in FITBIT_HEADER.split(",")},
        "Date": D,
        "Steps": STEPS,
    },
    rows=[O("Activities"), O(FITBIT_HEADER)]
    + [
        E(
            ",".join(f'"{v}"' for v in (f"{d:02d}-11-2026", cal, f"{steps:,}", *rest)),
            nov(d),
            steps=steps,
        )
        for d, cal, steps, *rest in FITBIT
    ],
    cells=[(3, "Calories Burned", 2310), (3, "Minutes Sedentary", 1102), (3, "Distance", 8.21)],
    problems=[(1, "", "info", "title_rows")],
)

case(
    name="eu_decimal_comma_dot_thousands.csv",
    quirk="A European Excel CSV: ';' between cells, decimal commas ('7,5', '5,5') that prove "
    "the comma is the decimal mark, so the dots in '10.500' are thousands separators "
    "(10500 steps); dd.mm.yyyy dates.",
    delimiter=";",
    encoding="cp1252",
    decimal=",",
    columns={
        "Date": D,
        "Sitting (h)": SIT_H,
        "Steps": STEPS,
        "Back pain": BACK,
        "Rest (min)": REST,
    },
    rows=[
        O("Date;Sitting (h);Steps;Back pain;Rest (min)"),
        E("02.11.2026;7,5;10.500;4;10", nov(2), steps=10500),
        E("03.11.2026;8;8.250;5,5;0", nov(3), steps=8250),
        E("04.11.2026;6,25;12.000;3;12,5", nov(4), steps=12000),
        E("05.11.2026;9;4.800;6;", nov(5), steps=4800),
        E("06.11.2026;5,75;11.204;2,5;15", nov(6), steps=11204),
        E("09.11.2026;7;9.100;3;10", nov(9), steps=9100),
    ],
)

case(
    name="ambiguous_1500.csv",
    quirk="Quoted '\"1,500\"'-shaped steps and nothing else in the file that tells a decimal "
    "comma from a thousands separator: read as 1500 (steps are whole numbers), with one "
    "warning on the column saying which reading was taken.",
    eol="\n",
    columns={"Date": D, "Steps": STEPS, "Back pain": BACK},
    rows=[
        O("Date,Steps,Back pain"),
        E('2026-11-02,"1,500",4', nov(2), [("Steps", "warning", "thousands")], steps=1500),
        E('2026-11-03,"2,250",3', nov(3), steps=2250),
        E('2026-11-04,"1,500",5', nov(4), steps=1500),
        E('2026-11-05,"3,125",3', nov(5), steps=3125),
        E('2026-11-06,"1,750",2', nov(6), steps=1750),
    ],
)

# 3. a summary sheet before the log
LOG7 = [  # day, sitting, back pain, steps, note
    (2, 7.5, 4, 8200, None),
    (3, 8, 5, 6100, "long meeting"),
    (4, 6.5, 3, 9400, None),
    (5, 9, 6, 4300, "train + desk"),
    (6, 5, 2, 12050, None),
    (7, 3, 2, 14800, "hike"),
    (8, 4, 3, 11000, None),
]
LOG7_COLUMNS = {"Date": D, "Sitting (h)": SIT_H, "Back pain": BACK, "Steps": STEPS, "Notes": N}
LOG7_ROWS = [O(list(LOG7_COLUMNS))] + [E([date(2026, 11, d), *rest], nov(d)) for d, *rest in LOG7]


def summary_first(case: Case, path: Path) -> None:
    def extra(wb, log):
        summary = wb.create_sheet("Summary", 0)
        summary["A1"] = "Summary"
        for r, (label, formula, fmt) in enumerate(
            [
                ("First day", "=MIN(Log!A2:A8)", "yyyy-mm-dd"),
                ("Last day", "=MAX(Log!A2:A8)", "yyyy-mm-dd"),
                ("Average sitting (h)", "=AVERAGE(Log!B2:B8)", "0.0"),
                ("Mean back pain", "=AVERAGE(Log!C2:C8)", "0.0"),
                ("Total steps", "=SUM(Log!D2:D8)", "#,##0"),
            ],
            start=3,
        ):
            summary.cell(row=r, column=1, value=label)
            summary.cell(row=r, column=2, value=formula).number_format = fmt
        wb.active = 0

    write_xlsx(case, path, extra)


case(
    name="summary_sheet_first.xlsx",
    quirk="A workbook whose first, active sheet is a 'Summary' of formulas "
    "(=AVERAGE(Log!B2:B8), =SUM(...), no cached values); the log is the second sheet, 'Log', "
    "which must be found and read, and the reader says which sheet it read.",
    columns=LOG7_COLUMNS,
    rows=LOG7_ROWS,
    problems=[(None, "", "info", "sheet")],
    writer=summary_first,
)

# 4. a title row and a blank row above the header
case(
    name="title_and_blank_row.csv",
    quirk="Excel CSV of a sheet with a title in A1 ('My pain log 2026,,,,') and an empty row "
    "(',,,,') above the header, which is row 3; dd/mm/yyyy dates (13/11 proves day-first).",
    columns={"Date": D, "Sitting (h)": SIT_H, "Back pain": BACK, "Hip pain": HIP, "Notes": N},
    rows=[
        O("My pain log 2026,,,,", [("", "info", "title_rows")]),
        O(",,,,"),
        O("Date,Sitting (h),Back pain,Hip pain,Notes"),
        E("02/11/2026,7.5,4,2,", nov(2)),
        E("03/11/2026,8,5,2,long meeting", nov(3)),
        E("04/11/2026,6,3,1,", nov(4)),
        E("05/11/2026,9.5,6,3,train", nov(5)),
        E("06/11/2026,5,2,1,", nov(6)),
        E("09/11/2026,7,3,,", nov(9)),
        E("13/11/2026,6.5,3,2,physio", nov(13)),
    ],
)


def title_merged(case: Case, path: Path) -> None:
    def extra(wb, ws):
        from openpyxl.styles import Font

        ws.merge_cells("A1:E1")
        ws["A1"].font = Font(bold=True, size=14)

    write_xlsx(case, path, extra)


case(
    name="title_row_merged.xlsx",
    quirk="A sheet with a bold title 'My pain log 2026' merged across A1:E1 and an empty row 2 "
    "above the header on row 3; real date cells.",
    columns=LOG7_COLUMNS,
    rows=[O(["My pain log 2026"], [("", "info", "title_rows")]), O([]), *LOG7_ROWS],
    writer=title_merged,
)

# 5. merged date cells
MERGED = [  # day, [(time, sitting, back pain)]: the day's entries
    (2, [("08:00", 2, 3), ("13:00", 3, 4), ("20:00", 2.5, 5)]),
    (3, [("08:00", 1.5, 2), ("20:00", 4, 4)]),
    (4, [("08:00", 2, 3), ("13:00", 2, 3), ("20:00", 3, 4)]),
    (5, [("09:00", 1, 2), ("21:00", 5, 5)]),
]
MERGED_COLUMNS = {"Date": D, "Time": T, "Sitting (h)": SIT_H, "Back pain": BACK, "Notes": N}


def merged_rows(sheet: bool, problem: tuple) -> list[Row]:
    rows = [O(list(MERGED_COLUMNS) if sheet else ",".join(MERGED_COLUMNS))]
    for d, parts in MERGED:
        for i, (clock, sit, pain) in enumerate(parts):
            shown = (date(2026, 11, d) if sheet else nov(d)) if i == 0 else None
            cells = [shown, clock, sit, pain] if sheet else f"{shown or ''},{clock},{sit},{pain},"
            rows.append(E(cells, nov(d), [problem] if (d, i) == (2, 1) else []))
    return rows


case(
    name="merged_dates_blank_below.csv",
    quirk="Several entries a day with the date written only on the day's first row (what a "
    "sheet with vertically merged date cells saves as CSV); the blank-date rows belong to the "
    "day above, with one warning saying so.",
    columns=MERGED_COLUMNS,
    rows=merged_rows(False, ("Date", "warning", "merged_date")),
)


def merged_cells(case: Case, path: Path) -> None:
    def extra(wb, ws):
        for cells in ("A2:A4", "A5:A6", "A7:A9", "A10:A11"):
            ws.merge_cells(cells)

    write_xlsx(case, path, extra)


case(
    name="merged_date_cells.xlsx",
    quirk="The same log with real merged date cells (A2:A4, A5:A6, A7:A9, A10:A11): only the "
    "top cell of each merge holds the date; the merge says the rows below share it.",
    columns=MERGED_COLUMNS,
    rows=merged_rows(True, ("Date", "info", "merged_date")),
    writer=merged_cells,
)

case(
    name="lone_blank_date.csv",
    quirk="A once-a-day log in which one row has values but no date: not a merged-date pattern "
    "(no other row leaves the date out), so the row is unusable (error), not silently given "
    "the day above.",
    columns={"Date": D, "Sitting (h)": SIT_H, "Back pain": BACK, "Walking (min)": WALK},
    rows=[
        O("Date,Sitting (h),Back pain,Walking (min)"),
        E("2026-11-02,7,4,30", nov(2)),
        E("2026-11-03,8,5,20", nov(3)),
        O(",6,3,45", [("Date", "error", "no_date")]),
        E("2026-11-05,9,6,10", nov(5)),
        E("2026-11-06,5,2,60", nov(6)),
        E("2026-11-09,6.5,3,40", nov(9)),
    ],
)

# 6. totals rows
WEEKS = [  # day, sitting, walking, steps, back pain
    (2, "7.5", "30", "6500", "4"),
    (3, "8", "20", "5200", "5"),
    (4, "6.5", "45", "8100", "3"),
    (5, "9", "10", "3900", "6"),
    (6, "5", "60", "9800", "2"),
    (7, "3", "90", "14200", "2"),
    (8, "4", "75", "12300", "3"),
    (9, "8", "25", "5900", "5"),
    (10, "7", "40", "7400", "4"),
    (11, "6", "35", "8800", "3"),
    (12, "7.5", "50", "7900", "4"),
]
TOTAL = [("", "info", "totals")]
DAYS = [E(f"{nov(d)},{s},{w},{st},{p},", nov(d)) for d, s, w, st, p in WEEKS]
case(
    name="totals_rows.csv",
    quirk="A two-week log with a subtotal row after week 1 (blank date, note 'week total'), a "
    "blank row, and 'Total' and 'Average' rows at the bottom (Average rounded as displayed); "
    "none of them is an entry, each is skipped with an info.",
    columns={
        "Date": D,
        "Sitting (h)": SIT_H,
        "Walking (min)": WALK,
        "Steps": STEPS,
        "Back pain": BACK,
        "Notes": N,
    },
    rows=[O("Date,Sitting (h),Walking (min),Steps,Back pain,Notes"), *DAYS[:7]]
    + [O(",43,330,60000,,week total", TOTAL), *DAYS[7:], O(",,,,,")]
    + [O("Total,71.5,480,90000,,", TOTAL), O("Average,6.5,43.6,8182,3.7,", TOTAL)],
)

# 7. "not recorded" markers and loose pain ratings
MARKED = "Date,Back pain,Hip pain,Knee pain,Walking (min),Stretch (min),Notes"


def info(*columns: str) -> list:
    return [(c, "info", "not_recorded") for c in columns]


case(
    name="not_recorded_markers.csv",
    quirk="Hand-typed placeholders for 'not recorded' (n/a, NA, N/A, -, --, ?, none) read as "
    "blanks with one info per column; '4/10' is 4, '4-5' is 4.5 (warning), '~3' is 3 (warning).",
    columns={
        "Date": D,
        "Back pain": BACK,
        "Hip pain": HIP,
        "Knee pain": KNEE,
        "Walking (min)": WALK,
        "Stretch (min)": STRETCH,
        "Notes": N,
    },
    rows=[
        O(MARKED),
        E("2026-11-02,4,n/a,2,30,10,", nov(2), info("Hip pain"), hip_pain=None),
        E(
            "2026-11-03,4/10,NA,3,-,15,",
            nov(3),
            info("Walking (min)"),
            back_pain=4,
            hip_pain=None,
            walking_minutes=None,
        ),
        E(
            "2026-11-04,4-5,2,?,45,none,",
            nov(4),
            [("Back pain", "warning", "range"), *info("Knee pain", "Stretch (min)")],
            back_pain=4.5,
            knee_pain=None,
            stretch_minutes=None,
        ),
        E(
            "2026-11-05,~3,1,--,20,--,rough night",
            nov(5),
            [("Back pain", "warning", "approximate")],
            back_pain=3,
            knee_pain=None,
            stretch_minutes=None,
        ),
        E("2026-11-06,5,n/a,2,?,10,", nov(6), hip_pain=None, walking_minutes=None),
        E("2026-11-07,3,2,none,60,-,", nov(7), knee_pain=None, stretch_minutes=None),
        E("2026-11-08,2,1,1,N/A,5,", nov(8), walking_minutes=None),
    ],
)

# 8. durations typed as text, and time cells
case(
    name="typed_durations.csv",
    quirk="Durations typed the way people write them: 7h30, 5h45, 8 hrs, 7h in an hours "
    "column; 1h30, 1:30 (h:mm), 90 min, 45 mins, 1 hour, 2h, 0.5h, 15m, 15 min in minutes "
    "columns; each becomes the column's unit with no problem.",
    columns={
        "Date": D,
        "Sitting (h)": SIT_H,
        "Walking (min)": WALK,
        "Rest (min)": REST,
        "Stretch (min)": STRETCH,
        "Back pain": BACK,
    },
    rows=[
        O("Date,Sitting (h),Walking (min),Rest (min),Stretch (min),Back pain"),
        E(
            "2026-11-02,7h30,1h30,10,15m,4",
            nov(2),
            sitting_hours=7.5,
            walking_minutes=90,
            stretch_minutes=15,
        ),
        E(
            "2026-11-03,8 hrs,1:30,0.5h,10,5",
            nov(3),
            sitting_hours=8,
            walking_minutes=90,
            rest_minutes=30,
        ),
        E("2026-11-04,6.5,90 min,45 mins,5,3", nov(4), walking_minutes=90, rest_minutes=45),
        E(
            "2026-11-05,7h,1 hour,10,15m,4",
            nov(5),
            sitting_hours=7,
            walking_minutes=60,
            stretch_minutes=15,
        ),
        E("2026-11-06,5h45,45 mins,20,,2", nov(6), sitting_hours=5.75, walking_minutes=45),
        E("2026-11-07,4,2h,15 min,10,2", nov(7), walking_minutes=120, rest_minutes=15),
    ],
)


def hm(clock: time | timedelta) -> Cell:
    """A time-of-day cell (h:mm) or a duration cell ([h]:mm)."""
    return Cell(clock, "h:mm" if isinstance(clock, time) else "[h]:mm")


case(
    name="time_cells.xlsx",
    quirk="Durations typed into Excel as times: 7:30 under 'Sitting (h)' is a time-of-day cell "
    "(h:mm) meaning 7.5 h; 0:45 under 'Walking (min)' is a duration cell ([h]:mm) meaning "
    "45 min; plain numbers in the same columns.",
    columns={"Date": D, "Sitting (h)": SIT_H, "Walking (min)": WALK, "Back pain": BACK},
    rows=[
        O(["Date", "Sitting (h)", "Walking (min)", "Back pain"]),
        E(
            [date(2026, 11, 2), hm(time(7, 30)), hm(timedelta(minutes=45)), 4],
            nov(2),
            sitting_hours=7.5,
            walking_minutes=45,
        ),
        E(
            [date(2026, 11, 3), 8, hm(timedelta(hours=1, minutes=30)), 5],
            nov(3),
            walking_minutes=90,
        ),
        E([date(2026, 11, 4), hm(time(6, 15)), 30, 3], nov(4), sitting_hours=6.25),
        E(
            [date(2026, 11, 5), hm(time(9, 0)), hm(timedelta(minutes=20)), 6],
            nov(5),
            sitting_hours=9,
            walking_minutes=20,
        ),
        E([date(2026, 11, 6), 5.5, hm(timedelta(hours=2)), 2], nov(6), walking_minutes=120),
    ],
    writer=write_xlsx,
)

# 9. dates in the spellings people and programs use
case(
    name="excel_d_mmm_yy.csv",
    quirk="Excel's built-in d-mmm-yy date format saved to CSV as shown: '2-Nov-26' (two-digit "
    "year 26 = 2026).",
    columns=SIMPLE,
    rows=simple([(nov(d), f"{d}-Nov-26") for d in (2, 3, 4, 5, 6, 9, 10)]),
)

case(
    name="google_sheets_long_date.csv",
    quirk="Google Sheets' long date format downloaded as CSV, quoted because of its commas: "
    "'\"Tuesday, November 3, 2026\"' (the weekday names agree with the dates).",
    columns=SIMPLE,
    rows=simple([(nov(d), f'"{date(2026, 11, d):%A, %B} {d}, 2026"') for d in range(2, 9)]),
)

case(
    name="dates_typed_every_way.csv",
    quirk="Dates typed by hand, a different spelling on each row: 2026-11-02, 3 Nov 2026, "
    '"Nov 4, 2026", "Thursday, November 5, 2026", 6th Nov 2026, 2026/11/07, 8-Nov-26, '
    "9 November 2026; all unambiguous.",
    columns=SIMPLE,
    rows=simple(
        list(
            zip(
                [nov(d) for d in range(2, 10)],
                ["2026-11-02", "3 Nov 2026", '"Nov 4, 2026"', '"Thursday, November 5, 2026"']
                + ["6th Nov 2026", "2026/11/07", "8-Nov-26", "9 November 2026"],
                strict=True,
            )
        )
    ),
)


def ordinal(d: int) -> str:
    return f"{d}{'th' if 11 <= d <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


case(
    name="ordinal_dates_2020.csv",
    quirk="Ordinal day numbers as a person types them, '22nd Sep 2020', including 1st, 2nd, "
    "3rd and the teens 11th, 12th; an older log (2020).",
    columns=SIMPLE,
    rows=simple(
        [
            (date(2020, m, d).isoformat(), f"{ordinal(d)} {date(2020, m, d):%b} 2020")
            for m, d in [
                (9, 21),
                (9, 22),
                (9, 23),
                (9, 24),
                (10, 1),
                (10, 2),
                (10, 3),
                (10, 11),
                (10, 12),
            ]
        ]
    ),
)

NO_YEAR = simple([(nov(d), f"{date(2026, 11, d):%a} {d} Nov") for d in range(2, 10)])
NO_YEAR[1].cells = NO_YEAR[1].cells.replace("Nov,", "Nov 2026,")
NO_YEAR[2].problems = [("Date", "info", "no_year")]
case(
    name="no_year_weekday.csv",
    quirk="Dates like 'Tue 3 Nov' with no year; the first row, 'Mon 2 Nov 2026', gives the "
    "year (and the weekdays agree with 2026); one info says the year was taken from it.",
    columns=SIMPLE,
    rows=NO_YEAR,
)

DAYLIO = [  # day, time, mood, activities, back pain, sitting, note
    (9, "9:40 pm", "good", "walk | stretching", "3", "7", ""),
    (8, "10:05 pm", "rad", "walk | friends", "2", "3", ""),
    (7, "11:15 pm", "good", "stretching", "2", "4", ""),
    (6, "10:30 pm", "meh", "work", "5", "9", ""),
    (5, "9:55 pm", "meh", "work | bad sleep", "6", "8.5", ""),
    (4, "10:10 pm", "good", "walk", "3", "6", ""),
    (3, "10:00 pm", "awful", "work | stressed", "7", "9.5", "long meeting, no breaks"),
    (2, "10:20 pm", "meh", "work", "4", "8", ""),
]
case(
    name="daylio_like_no_year.csv",
    quirk="A Daylio-style export (newest entry first, 'date' as '9 November' with no year, a "
    "weekday column, 12-hour times, pipe-separated activities) with pain and sitting columns "
    "added; the year comes from options.year.",
    eol="\n",
    options={"year": 2026},
    columns={
        "date": D,
        "weekday": CUSTOM,
        "time": T,
        "mood": CUSTOM,
        "activities": CUSTOM,
        "Back pain": BACK,
        "Sitting (h)": SIT_H,
        "note": N,
    },
    rows=[O("date,weekday,time,mood,activities,Back pain,Sitting (h),note")]
    + [
        E(f'{d} November,{date(2026, 11, d):%A},{t},{mood},"{acts}",{p},{s},"{note}"', nov(d))
        for d, t, mood, acts, p, s, note in DAYLIO
    ],
)

# 10. first-of-month slash dates: ambiguous
FIRSTS = ["01/03/2026", "01/04/2026", "01/05/2026", "01/06/2026", "01/07/2026"]
case(
    name="first_of_month_ambiguous.csv",
    quirk="Slash dates 01/03/2026 to 01/07/2026: 3-7 January read month-first, or the first of "
    "March to July read day-first; nothing in the file decides, so the closer-together reading "
    "(month-first, consecutive days) is taken and the ambiguity is reported.",
    columns=SIMPLE,
    rows=simple([(f"2026-01-0{i + 3}", w) for i, w in enumerate(FIRSTS)]),
    problems=[(None, "Date", "warning", "ambiguous_date")],
)
case(
    name="first_of_month_dayfirst.csv",
    quirk="The same bytes as first_of_month_ambiguous.csv read with dayfirst=True: the first "
    "of March to July, and no ambiguity to report because the person said.",
    options={"dayfirst": True},
    columns=SIMPLE,
    rows=simple([(f"2026-0{i + 3}-01", w) for i, w in enumerate(FIRSTS)]),
)


# 11. an ODS duration over 24 hours
def pt(hours: int, minutes: int) -> Cell:
    return Cell(f"{hours}:{minutes:02d}:00", ods_time=f"PT{hours:02d}H{minutes:02d}M00S")


case(
    name="duration_over_24h.ods",
    quirk="LibreOffice durations: sitting typed as 7:30 (stored PT07H30M00S) beside plain "
    "numbers, and a 'Week total (h)' column whose Friday cell is 26:30 (PT26H30M00S), more "
    "than a day; it must read as 26.5 and not fail the file.",
    writer=write_ods,
    columns={
        "Date": D,
        "Sitting (h)": SIT_H,
        "Walking (min)": WALK,
        "Back pain": BACK,
        "Week total (h)": col(None, "hours"),
    },
    rows=[
        O(["Date", "Sitting (h)", "Walking (min)", "Back pain", "Week total (h)"]),
        E([date(2026, 11, 2), pt(7, 30), 30, 4], nov(2), sitting_hours=7.5),
        E([date(2026, 11, 3), pt(6, 0), 20, 5], nov(3), sitting_hours=6),
        E([date(2026, 11, 4), 5.25, 45, 3], nov(4)),
        E([date(2026, 11, 5), pt(4, 45), 10, 6], nov(5), sitting_hours=4.75),
        E([date(2026, 11, 6), 3, 60, 2, pt(26, 30)], nov(6)),
    ],
    cells=[(2, "Sitting (h)", 7.5), (6, "Week total (h)", 26.5)],
)

# 12. near-miss headers
case(
    name="alias_headers.csv",
    quirk="Headers people write that mean schema measures: 'Hip Pain 0-10' and 'Knee pain /10' "
    "(scale after the name, no brackets), 'Pain back' (words swapped), 'Sit-ups count', "
    "'Rest (mins)'; all map with no problem.",
    columns={
        "Date": D,
        "Hip Pain 0-10": col("hip_pain", "0-10"),
        "Knee pain /10": col("knee_pain", "0-10"),
        "Pain back": BACK,
        "Sit-ups count": col("situps", "count"),
        "Rest (mins)": REST,
    },
    rows=[
        O("Date,Hip Pain 0-10,Knee pain /10,Pain back,Sit-ups count,Rest (mins)"),
        E("2026-11-02,3,2,4,20,10", nov(2)),
        E("2026-11-03,2,2,5,0,15", nov(3)),
        E("2026-11-04,2.5,1,3,25,10", nov(4)),
        E("2026-11-05,4,3,6,10,", nov(5)),
        E("2026-11-06,1,1,2,30,20", nov(6)),
    ],
)

NEAR = [("Sitingg", "warning", "near_miss"), ("Bak pain", "warning", "near_miss")]
case(
    name="typo_headers.csv",
    quirk="Misspelt headers 'Sitingg' and 'Bak pain': not mapped (kept as custom columns) but "
    "each gets a warning naming the measure it probably meant (sitting_hours, back_pain).",
    columns={"Date": D, "Sitingg": CUSTOM, "Bak pain": CUSTOM, "Walking (min)": WALK},
    rows=[O("Date,Sitingg,Bak pain,Walking (min)", NEAR)]
    + [
        E(f"{nov(d)},{s},{p},{w}", nov(d))
        for d, s, p, w in [
            (2, 7.5, 4, 30),
            (3, 8, 5, 20),
            (4, 6.5, 3, 45),
            (5, 9, 6, 10),
            (6, 5, 2, 60),
        ]
    ],
    cells=[(2, "Sitingg", 7.5), (2, "Bak pain", 4)],
)

# 13. headers in German, French, Spanish, Dutch
FOREIGN = [  # day, sitting, back, hip, knee (decimal commas)
    (2, "7,5", "4", "2", "1"),
    (3, "8", "5,5", "2", "1"),
    (4, "6,25", "3", "1,5", "0"),
    (5, "9", "6", "3", "2"),
    (6, "5,75", "2,5", "1", ""),
    (13, "7", "3", "2", "1"),
]
MEASURES6 = ["date", "sitting_hours", "back_pain", "hip_pain", "knee_pain", "notes"]
LANGUAGES = [  # name, quirk, header, date format, notes on 3 and 13 Nov, encoding, BOM
    (
        "german_headers.csv",
        "German Excel 'CSV UTF-8': BOM, ';', decimal commas, dd.mm.yyyy dates, headers "
        "Datum;Sitzen (h);Rückenschmerzen;Hüfte;Knie;Notizen.",
        "Datum;Sitzen (h);Rückenschmerzen;Hüfte;Knie;Notizen",
        "{:02d}.11.2026",
        ("Rücken steif", "Physio"),
        "utf-8",
        True,
    ),
    (
        "french_headers.csv",
        "French Excel 'CSV (séparateur: point-virgule)': Windows-1252 bytes (é), ';', decimal "
        "commas, dd/mm/yyyy dates (13/11 proves day-first), headers "
        "Date;Assis (h);Dos;Hanche;Genou;Notes; the encoding is a guess, so it is warned of.",
        "Date;Assis (h);Dos;Hanche;Genou;Notes",
        "{:02d}/11/2026",
        ("dos raide", "kiné"),
        "cp1252",
        False,
    ),
    (
        "spanish_headers.csv",
        "Spanish Excel 'CSV UTF-8': BOM, ';', decimal commas, dd/mm/yyyy dates, headers "
        "Fecha;Sentado (h);Espalda;Cadera;Rodilla;Notas.",
        "Fecha;Sentado (h);Espalda;Cadera;Rodilla;Notas",
        "{:02d}/11/2026",
        ("espalda rígida", "fisio"),
        "utf-8",
        True,
    ),
    (
        "dutch_headers.csv",
        "Dutch Excel CSV: ';', decimal commas, d-m-yyyy dates ('2-11-2026'), headers "
        "Datum;Zitten (u);Rug;Heup;Knie;Notities ('u' is uur, hours).",
        "Datum;Zitten (u);Rug;Heup;Knie;Notities",
        "{}-11-2026",
        ("rug stijf", "fysio"),
        "utf-8",
        False,
    ),
]
for name, quirk, header, fmt, (note3, note13), encoding, bom in LANGUAGES:
    notes = {3: note3, 13: note13}
    # Windows-1252 cannot be told from other 8-bit encodings for sure: say it was assumed.
    guessed = [(None, "", "warning", "encoding")] if encoding == "cp1252" else []
    case(
        name=name,
        quirk=quirk,
        delimiter=";",
        decimal=",",
        encoding=encoding,
        bom=bom,
        columns={
            h: col(m, "hours" if m == "sitting_hours" else None)
            for h, m in zip(header.split(";"), MEASURES6, strict=True)
        },
        rows=[O(header)]
        + [E(";".join([fmt.format(d), *vals, notes.get(d, "")]), nov(d)) for d, *vals in FOREIGN],
        problems=guessed,
    )


# ------------------------------------------------------------------ hostile (made at test time)

HOSTILE = {
    "hostile:huge_dimension.xlsx": {
        "made_by": "make_hostile.huge_dimension_xlsx",
        "quirk": "A five-entry sheet whose <dimension ref> claims A1:XFD1048576 (every cell of a "
        "sheet); the claim must be ignored and the five entries read quickly.",
        "options": {"dayfirst": None, "year": None, "sheet": None},
        "columns": SIMPLE,
        "daily": {
            nov(d): {"back_pain": float(p), "sitting_hours": float(s)}
            for d, (s, p) in zip(range(2, 7), PAIRS, strict=False)
        },
        "cells": [],
        "problems": [],
        "refused": False,
    },
    "hostile:zip_bomb.xlsx": {
        "made_by": "make_hostile.zip_bomb_xlsx",
        "quirk": "A small .xlsx whose sheet XML unpacks to more than the reader's limit (by "
        "default over 200 MB) of empty rows: refused with a sentence, without unpacking it all.",
        "refused": True,
    },
    "hostile:wide.csv": {
        "made_by": "make_hostile.wide_csv",
        "quirk": "One line of 100,000 columns: refused with a sentence (too many columns), "
        "quickly.",
        "refused": True,
    },
    "hostile:one_line.csv": {
        "made_by": "make_hostile.one_line_csv",
        "quirk": "A single line of N MB with no line break: refused with a sentence, without "
        "holding it all as one cell.",
        "refused": True,
    },
}


def main() -> None:
    out: dict[str, Any] = {}
    for made in CASES:
        (made.writer or write_text)(made, HERE / made.name)
        out[made.name] = expected(made)
    out.update(HOSTILE)
    (HERE / "expected.json").write_text(dump(out), encoding="utf-8")


if __name__ == "__main__":
    main()
