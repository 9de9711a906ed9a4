"""A log file -> a Table of raw rows: the file checked (a regular file, not too big, not
empty, no old .xls) and handed to the reader of its kind, delimited text or a workbook.

Only a file that cannot be read at all raises LogError; what is in the cells is left to
the reader.
"""

from __future__ import annotations

from pathlib import Path

from psoas_track import paths
from psoas_track.read.delimited import read_text
from psoas_track.read.table import MAX_SIZE, LogError, Table, too_big
from psoas_track.read.workbooks import check_unpacked_size, read_ods, read_xlsx


def read_table(path: Path, max_size: int = MAX_SIZE, sheet: str | None = None) -> Table:
    """The file's rows of raw cells, by its kind (as pandas' read_csv hands a file to an
    engine); LogError when the file cannot be read at all.

    max_size: the most bytes read, and the most a zipped spreadsheet may unpack to.
    sheet: the sheet of an .xlsx or .ods to read; None picks the one most like a log.
    """
    _check_is_a_file(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LogError(
            f"The file {path.name} is an old Excel .xls file, which cannot be read here. "
            "In your spreadsheet program, save it as .xlsx or .csv and try again."
        )
    size = path.stat().st_size
    if size > max_size:
        raise too_big(path, size, max_size, "is")
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise LogError(
            f"The file {path.name} is empty: there is nothing to read. Start from "
            "data/template.csv or run 'psoas-track init'."
        )
    if suffix in (".xlsx", ".xlsm", ".ods") or data[:4] == b"PK\x03\x04":
        check_unpacked_size(path, max_size)
        return read_ods(path, sheet) if suffix == ".ods" else read_xlsx(path, sheet)
    return read_text(path, data)


def _check_is_a_file(path: Path) -> None:
    """Only a regular file is read (psoas_track.paths: a pipe would wait forever, a device
    never ends)."""
    try:
        kind = paths.kind_of(path)
    except OSError as error:
        raise LogError(f"The file {path} cannot be opened ({error.strerror}).") from error
    if kind == paths.MISSING:
        raise LogError(f"There is no file at {path}. Check the name and the folder.")
    if kind == paths.FOLDER:
        raise LogError(f"The path {path} is a folder, not a log file. Give the path of the file.")
    if kind == paths.SPECIAL:
        raise LogError(
            f"{path} is not a regular file (it is {paths.SPECIAL_IN_WORDS}), so it was not "
            "read. Give the path of your log file."
        )
