"""Write the quirky text logs in this folder, byte for byte.

Each file holds one or more quirks a real spreadsheet export produces (see README.md).
The bytes matter (BOMs, CRLF, UTF-16, Windows-1252), so they are written here rather
than by hand. Run from anywhere: `python tests/data/make_text_files.py`. The output is
fully deterministic; tests/test_log_quirks.py states what the reader must make of each.
"""

from __future__ import annotations

import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

BOM_UTF8 = b"\xef\xbb\xbf"
BOM_UTF16LE = b"\xff\xfe"


def lines(rows: list[str], eol: str) -> str:
    """Join rows with eol, ending the last row with eol too (as spreadsheets do)."""
    return "".join(row + eol for row in rows)


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def bom_semicolon_decimal_comma_dayfirst() -> bytes:
    # A European Excel "CSV UTF-8" export: BOM, ';', decimal commas, CRLF, day-first dates.
    rows = [
        "Date;Sitting (h);Back pain (0-10);Rest (min);Towel;Notes",
        "03/11/2026;7,5;4;10;yes;",
        "04/11/2026;8;5,5;0;no;long meeting, no breaks",
        "05/11/2026;6,25;3;12,5;Y;",
        "10/11/2026;9;6;;N;",
        "13/11/2026;5;2,5;15;TRUE;physio",
        "17/11/2026;4,75;2;10;false;",
        "20/11/2026;7;3;10;1;",
        "24/11/2026;6;3,5;20;;felt good",
    ]
    return BOM_UTF8 + lines(rows, "\r\n").encode("utf-8")


def us_monthfirst_trailing_empty() -> bytes:
    # Month-first dates (11/13 proves it), two trailing empty columns, three empty rows.
    rows = [
        "Date,Sitting (h),Back pain (0-10),Walking (min),,",
        "11/03/2026,7.5,4,30,,",
        "11/04/2026,8,5,20,,",
        "11/05/2026,6,3,45,,",
        "11/10/2026,9.5,6,10,,",
        "11/13/2026,5,2,60,,",
        "11/17/2026,4.5,2,,,",
        "11/24/2026,6,3,35,,",
        ",,,,,",
        ",,,,,",
        ",,,,,",
    ]
    return lines(rows, "\r\n").encode("ascii")


def utf16_tab() -> bytes:
    # Excel "Unicode Text": UTF-16 LE with BOM, tab-delimited, CRLF.
    rows = [
        "Date\tTime\tBack pain\tHip pain\tSteps\tNotes",
        "2026-11-20\t07:30\t4\t2\t8000\tRücken steif, café",
        "2026-11-21\t08:15\t3\t\t10500\t",
        "2026-11-22\t\t5\t3\t\tgut 🙂",
        "2026-11-23\t21:00\t2\t1\t12000\tStraße, naïve",
    ]
    return BOM_UTF16LE + lines(rows, "\r\n").encode("utf-16-le")


def excel_serial_dates() -> bytes:
    # Dates pasted as numbers: Excel serials counting from 1899-12-30.
    # 46344 = 2026-11-18, 46345 = 2026-11-19, 46346 = 2026-11-20,
    # 46349 = 2026-11-23, 46350 = 2026-11-24, 46357 = 2026-12-01.
    rows = [
        "Date,Sitting (h),Back pain (0-10),Steps",
        "46344,7,4,8000",
        "46345,6.5,3,9000",
        "46346,8,5,",
        "46349,5,2,12000",
        "46350,4,2,11000",
        "46357,6,3,7000",
    ]
    return lines(rows, "\n").encode("ascii")


def multi_entry_times() -> bytes:
    # Several entries a day with a time; '7:05' and '21:15:00' are written loosely.
    rows = [
        "Date,Time,Sitting (h),Back pain (0-10),Rest (min),Towel",
        "2026-11-20,07:30,0,3,10,",
        "2026-11-20,12:00,4,4,,x",
        "2026-11-20,21:15,3.5,5,5,x",
        "2026-11-21,7:05,1,2,10,",
        "2026-11-21,21:15:00,6,4,,x",
        "2026-11-22,12:00,2.5,1,15,",
    ]
    return lines(rows, "\n").encode("ascii")


def bad_values() -> bytes:
    # One bad thing per row; the spreadsheet row is given at the end of each line here.
    rows = [
        "Date,Time,Sitting (h),Walking (min),Back pain (0-10),Towel,Notes",  # 1 header
        "2026-11-01,08:00,6,30,4,yes,ok",  # 2 good
        "2026-11-02,08:00,5,20,seven,no,",  # 3 a word in a number column
        "2026-11-03,08:00,5,20,12,no,",  # 4 pain out of range
        "2026-11-04,08:00,5,-15,3,no,",  # 5 negative minutes
        "2026-11-05,08:00,25,20,3,no,",  # 6 sitting over 24 h
        "2026-11-06,08:00,5,20,3,maybe,",  # 7 not a yes/no
        "31/02/2026,08:00,5,20,3,no,",  # 8 impossible date
        ",08:00,5,20,3,no,forgot the date",  # 9 values but no date
        "Date,Time,Sitting (h),Walking (min),Back pain (0-10),Towel,Notes",  # 10 header again
        "2026-11-09,08:00,5,20,3,no,two extra cells,surplus,more",  # 11 two extra cells
        ",,,,,,",  # 12 blank row
        '2026-11-10,08:00,5,20,3,no,"\'=HYPERLINK(""x"")"',  # 13 apostrophe-guarded text
        "2026-11-11,25:99,5,20,3,no,",  # 14 bad time
        "2026-11-12,08:00,6,30,2,no,'tis fine",  # 15 good; apostrophe kept
    ]
    return lines(rows, "\n").encode("ascii")


def quoted_newlines_crlf() -> bytes:
    # Quoted cells with line breaks (LF inside, as Excel writes them, and one CRLF),
    # commas and doubled quotes; records end in CRLF.
    rows = [
        "Date,Back pain (0-10),Notes",  # row 1
        '2026-11-20,4,"line one\nline two"',  # row 2 (2 text lines)
        '2026-11-21,5,"walked 3 km, then sat"',  # row 3
        '2026-11-22,3,"she said ""sit less""\r\nand ""move more"""',  # row 4 (2 text lines)
        '2026-11-23,6,"a\nb\nc, d"',  # row 5 (3 text lines)
        "2026-11-24,eleven,after the quotes",  # row 6: bad pain, on text line 10
    ]
    return lines(rows, "\r\n").encode("ascii")


def cp1252() -> bytes:
    # A German Excel "CSV (semicolon)" export: Windows-1252 bytes (ü, é, € are not UTF-8),
    # ';', decimal commas, dot dates (always day-first), German header aliases.
    rows = [
        "Datum;Back pain (0-10);Sitting (h);Kosten (€);Notizen",
        "02.11.2026;4;7,5;12,50;Rücken steif",
        "03.11.2026;3;6;;café mit Freunden",
        "04.11.2026;5,5;8;45,00;Physio 45 €",
        "24.11.2026;2;5;;",
    ]
    return lines(rows, "\r\n").encode("cp1252")


def custom_columns() -> bytes:
    rows = [
        "Date,Back pain (0-10),Mood (1-5),Weather,Steps",
        "2026-11-20,4,3,rainy,8000",
        "2026-11-21,3,4,sunny,",
        "2026-11-22,5,,cloudy,12000",
        "2026-11-23,2,5,,9500",
    ]
    return lines(rows, "\n").encode("ascii")


def ambiguous_no_evidence() -> bytes:
    # Both fields <= 12 everywhere. Day-first: 1..6 February, consecutive days.
    # Month-first: 2 January .. 2 June, a month apart.
    rows = [
        "Date,Back pain (0-10)",
        "01/02/2026,4",
        "02/02/2026,5",
        "03/02/2026,3",
        "04/02/2026,4",
        "05/02/2026,6",
        "06/02/2026,2",
    ]
    return lines(rows, "\n").encode("ascii")


def daily_sitting_over_24h() -> bytes:
    # Each entry is valid (14 h, 12 h) but 2026-11-20 adds up to 26 h.
    rows = [
        "Date,Time,Sitting (h),Back pain (0-10)",
        "2026-11-20,12:00,14,4",
        "2026-11-20,22:00,12,5",
        "2026-11-21,22:00,8,3",
    ]
    return lines(rows, "\n").encode("ascii")


def binary() -> bytes:
    # A PNG signature and IHDR start, then deterministic noise with NUL bytes in it.
    head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
    noise = random.Random(20261124).randbytes(300)
    return head + noise + b"\x00" * 16


FILES = {
    "bom_semicolon_decimal_comma_dayfirst.csv": bom_semicolon_decimal_comma_dayfirst,
    "us_monthfirst_trailing_empty.csv": us_monthfirst_trailing_empty,
    "utf16_tab.txt": utf16_tab,
    "excel_serial_dates.csv": excel_serial_dates,
    "multi_entry_times.csv": multi_entry_times,
    "bad_values.csv": bad_values,
    "quoted_newlines_crlf.csv": quoted_newlines_crlf,
    "cp1252.csv": cp1252,
    "custom_columns.csv": custom_columns,
    "ambiguous_no_evidence.csv": ambiguous_no_evidence,
    "daily_sitting_over_24h.csv": daily_sitting_over_24h,
    "empty.csv": lambda: b"",
    "header_only.csv": lambda: b"Date,Back pain (0-10),Notes\r\n",
    "no_date_column.csv": lambda: b"Sitting (h),Back pain (0-10),Notes\n7,4,desk\n6,3,\n",
    "binary.bin": binary,
}


def main() -> None:
    for name, make in FILES.items():
        write(name, make())


if __name__ == "__main__":
    main()
