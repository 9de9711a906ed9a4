"""Write real_dates.xlsx and real_dates.ods: the same small log as real spreadsheet cells.

Dates are real date cells (one is a datetime at midnight, one is typed as text), one
time cell, numbers as numbers, a boolean cell, text notes. The cell values are fixed;
the zip bytes may differ between runs (timestamps), so tests read values, not bytes.
Run from anywhere: `python tests/data/make_spreadsheets.py` (needs openpyxl and odfpy).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED = datetime(2026, 11, 25, 12, 0, 0)

HEADER = ["Date", "Time", "Sitting (h)", "Back pain (0-10)", "Steps", "Towel", "Notes"]
ROWS = [  # spreadsheet rows 2..6
    [date(2026, 11, 20), time(7, 30), 7.5, 4, 8000, True, "desk day"],
    [date(2026, 11, 21), None, 6, 3.5, 10500, "no", None],
    ["2026-11-22", None, 8, 5, None, "yes", "Rücken steif"],  # a date typed as text
    [date(2026, 11, 23), None, 5.25, 2, 12000, False, "walked, felt fine"],
    [datetime(2026, 11, 24, 0, 0), None, 4, 1, 9000, None, None],
]


def make_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Log"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    for cell in ws["A"][1:]:
        if not isinstance(cell.value, str):
            cell.number_format = "yyyy-mm-dd"
    ws["B2"].number_format = "hh:mm"
    wb.properties.creator = "psoas_track tests"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(path)


def _ods_cell(value):
    from odf.table import TableCell
    from odf.text import P

    if value is None:
        return TableCell()
    if isinstance(value, bool):  # before int: bool is an int
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, datetime):
        cell = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"))
        text = value.strftime("%Y-%m-%d")
    elif isinstance(value, date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
        text = value.isoformat()
    elif isinstance(value, time):
        cell = TableCell(valuetype="time", timevalue=value.strftime("PT%HH%MM%SS"))
        text = value.strftime("%H:%M:%S")
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
        text = str(value)
    else:
        cell = TableCell(valuetype="string")
        text = str(value)
    cell.addElement(P(text=text))
    return cell


def make_ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Log")
    for values in [HEADER, *ROWS]:
        row = TableRow()
        for value in values:
            row.addElement(_ods_cell(value))
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def main() -> None:
    make_xlsx(HERE / "real_dates.xlsx")
    make_ods(HERE / "real_dates.ods")


if __name__ == "__main__":
    main()
