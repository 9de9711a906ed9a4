"""Empty logs to start a spreadsheet from: data/template.csv and data/template.xlsx.

Both are made from the schema, so a new measure shows up in them by itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from psoas_track import schema
from psoas_track.schema import COUNT, DATE, FLAG, NUMBER, TIME
from psoas_track.write.new_log import write_csv

#: The template's example PSFS activity: its header as a person writes it.
PSFS_EXAMPLE = "PSFS: Climbing stairs"

EXAMPLE_ROW: dict[str, object] = {
    "date": dt.date(2026, 11, 24),
    "time": "21:30",
    "sitting_hours": 7.5,
    "longest_sit_minutes": 95,
    "walking_minutes": 35,
    "steps": 5200,
    "running_minutes": 0,
    "situps": 0,
    "rest_minutes": 10,
    "stretch_minutes": 5,
    "strength_minutes": 0,
    "towel": "yes",
    "therapy": "",
    "back_pain": 4,
    "hip_pain": 2,
    "knee_pain": 1,
    "sitting_breaks": 6,
    PSFS_EXAMPLE: 6,
    "notes": "Example entry: replace it with your own",
}


def header() -> list[str]:
    """The template's column names: the schema's hand-kept names, in schema order, with
    one PSFS activity as an example after the pain sites (a person keeps a column per
    activity chosen with their therapist, named after it)."""
    names = list(schema.HAND_COLUMNS)
    names.insert(names.index(schema.PAIN_SITES[-1]) + 1, PSFS_EXAMPLE)
    return names


def write_template_csv(path: str | Path) -> Path:
    """Write the CSV template (header and one example row). Without a byte-order mark:
    data/template.csv is shipped as committed, and a test makes it again to compare."""
    return write_csv(path, header(), [EXAMPLE_ROW], bom=False)


# How each kind of cell is shown in the spreadsheet.
_NUMBER_FORMATS = {DATE: "yyyy-mm-dd", TIME: "@", NUMBER: "0.0##", COUNT: "0"}
_TEMPLATE_ROWS = 1000  # rows prepared with formats and checks


def write_template_xlsx(path: str | Path) -> Path:
    """Write the Excel template: header, one example row, number formats and input checks.

    Pain cells accept only 0 to 10, numbers accept only values in their valid range,
    and the towel column offers yes/no, so mistakes are caught while typing.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Log"
    sheet.append(header())
    example = []
    for name in header():
        value = EXAMPLE_ROW.get(name)
        example.append(None if value == "" else value)
    sheet.append(example)
    sheet.freeze_panes = "B2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    last = _TEMPLATE_ROWS + 1
    hand = [schema.measure_of(schema.psfs_item(name) or name) for name in header()]
    for position, measure in enumerate(hand, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(11, len(sheet.cell(1, position).value) + 2)
        span = f"{letter}2:{letter}{last}"
        number_format = _NUMBER_FORMATS.get(measure.kind)
        if number_format:
            for (cell,) in sheet[span]:
                cell.number_format = number_format
        check = _validation(measure)
        if check is not None:
            check.add(span)
            sheet.add_data_validation(check)
    sheet.column_dimensions[get_column_letter(len(hand))].width = 40
    book.properties.creator = "psoas_track"
    book.save(path)
    return Path(path)


def _validation(measure: schema.Measure):
    from openpyxl.worksheet.datavalidation import DataValidation

    if measure.kind == FLAG:
        check = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    elif measure.kind == DATE:
        check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    elif measure.kind in (NUMBER, COUNT) and measure.low is not None:
        kind = "whole" if measure.kind == COUNT else "decimal"
        if measure.high is not None:
            check = DataValidation(
                type=kind,
                operator="between",
                formula1=str(measure.low),
                formula2=str(measure.high),
                allow_blank=True,
            )
        else:
            check = DataValidation(
                type=kind,
                operator="greaterThanOrEqual",
                formula1=str(measure.low),
                allow_blank=True,
            )
    else:
        return None
    check.error = measure.hint[:1].upper() + measure.hint[1:] + "."
    check.errorTitle = measure.label
    check.prompt = measure.hint[:1].upper() + measure.hint[1:] + "."
    check.promptTitle = measure.label
    check.showErrorMessage = True
    check.showInputMessage = True
    return check


def main() -> None:
    """Regenerate data/template.csv and data/template.xlsx."""
    data = Path(__file__).resolve().parents[2] / "data"
    write_template_csv(data / "template.csv")
    write_template_xlsx(data / "template.xlsx")


if __name__ == "__main__":
    main()
