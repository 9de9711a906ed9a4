"""Make hostile log files at test time, in a folder the test gives (they are not committed).

Each function writes one file and returns its path; sizes are parameters, so a test can run
the reader with small limits and small files. What a correct reader must do with each is in
expected.json under "hostile:<file name>": read huge_dimension.xlsx like any small log, and
refuse the others with a clear sentence, quickly and without holding the whole file in
memory.

    from make_hostile import zip_bomb_xlsx
    path = zip_bomb_xlsx(tmp_path, unpacked_bytes=20 * 2**20)  # 20 MB unpacked, ~30 KB packed
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
ROWS = [  # the same five entries as expected.json's "hostile:huge_dimension.xlsx"
    (date(2026, 11, 2), 7.5, 4),
    (date(2026, 11, 3), 8, 5),
    (date(2026, 11, 4), 6.5, 3),
    (date(2026, 11, 5), 9, 6),
    (date(2026, 11, 6), 5, 2),
]


def _small_xlsx() -> dict[str, bytes]:
    """The parts of a small, valid .xlsx holding ROWS, by name."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Log"
    ws.append(["Date", "Sitting (h)", "Back pain"])
    for day, sitting, pain in ROWS:
        ws.append([day, sitting, pain])
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write(path: Path, parts: dict[str, bytes], sheet_chunks=None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            if name == SHEET and sheet_chunks is not None:
                with z.open(name, "w") as out:
                    for chunk in sheet_chunks:
                        out.write(chunk)
            else:
                z.writestr(name, data)
    return path


def huge_dimension_xlsx(folder: Path, name: str = "huge_dimension.xlsx") -> Path:
    """Five entries in a sheet whose <dimension ref> claims A1:XFD1048576 (17 billion cells).

    A reader that trusts the claim (openpyxl read_only iter_rows pads every row to it) hangs
    or runs out of memory; the file itself is about 5 KB."""
    parts = _small_xlsx()
    sheet = parts[SHEET].decode()
    start = sheet.index("<dimension ref=")
    end = sheet.index("/>", start) + 2
    parts[SHEET] = (sheet[:start] + '<dimension ref="A1:XFD1048576"/>' + sheet[end:]).encode()
    return _write(Path(folder) / name, parts)


def zip_bomb_xlsx(
    folder: Path, unpacked_bytes: int = 210 * 2**20, name: str = "zip_bomb.xlsx"
) -> Path:
    """The small log, then empty rows ('<row/>') until the sheet XML unpacks to unpacked_bytes.

    The default, 210 MB, packs to about 0.3 MB and takes ~2 s to make; pass a smaller size
    (and give the reader a smaller limit) to keep a test fast."""
    parts = _small_xlsx()
    head, tail = parts[SHEET].split(b"</sheetData>")
    block = b"<row/>" * (2**20 // 6)  # ~1 MiB of empty rows

    def chunks():
        left = max(unpacked_bytes - len(head) - len(tail) - 12, 0)
        yield head
        while left > 0:
            piece = block[: min(left - left % 6, len(block))] or b"<row/>"
            left -= len(piece)
            yield piece
        yield b"</sheetData>" + tail

    return _write(Path(folder) / name, parts, chunks())


def wide_csv(folder: Path, columns: int = 100_000, name: str = "wide.csv") -> Path:
    """A header of `columns` columns ('Date', then c1, c2, ...) and one entry under it."""
    header = ",".join(["Date", *(f"c{i}" for i in range(1, columns))])
    entry = ",".join(["2026-11-02", *("1" for _ in range(1, columns))])
    path = Path(folder) / name
    path.write_bytes(f"{header}\r\n{entry}\r\n".encode("ascii"))
    return path


def one_line_csv(folder: Path, megabytes: float = 8, name: str = "one_line.csv") -> Path:
    """'Date,' and then 'x' up to `megabytes` MiB, with no line break anywhere."""
    path = Path(folder) / name
    size = int(megabytes * 2**20)
    with path.open("wb") as out:
        out.write(b"Date,")
        left, block = size - 5, b"x" * 2**20
        while left > 0:
            out.write(block[: min(left, len(block))])
            left -= len(block)
    return path
