"""Keep the computed values of a workbook's formulas across an openpyxl save.

openpyxl saves a formula without its last computed value (`<f>B2*2</f><v/>`), so after
an append every program that reads values rather than computing them (pandas, this
kit's reader, most viewers and phones) sees those cells as blank until a spreadsheet
program recalculates. The values are still in the workbook as it was: this puts each
formula cell's value back into the saved sheet, from the same cell of the original.
Only the `<v/>` of formula cells is edited; every other byte openpyxl wrote is kept.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# A formula cell as openpyxl writes it: its attributes, the formula, an empty value.
_FORMULA_CELL = re.compile(
    r'<c r="(?P<ref>[A-Z]{1,3}\d+)"(?P<attrs>[^>]*)>'
    r"(?P<f><f(?:\s[^>]*)?/>|<f(?:\s[^>]*)?>[^<]*</f>)(?:<v\s*/>|<v></v>)</c>"
)
_TYPE = re.compile(r'\st="[^"]*"')


def keep_cached_values(before: bytes, after: bytes) -> bytes:
    """after (a save of before's workbook) with before's formula values put back."""
    with zipfile.ZipFile(io.BytesIO(before)) as old:
        cached = {name: _cached_values(old.read(part)) for name, part in _sheets(old).items()}
    if not any(cached.values()):
        return after
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(after)) as new, zipfile.ZipFile(out, "w") as written:
        parts = {part: name for name, part in _sheets(new).items()}
        for info in new.infolist():
            data = new.read(info.filename)
            if info.filename in parts and cached.get(parts[info.filename]):
                data = _with_values(data.decode("utf-8"), cached[parts[info.filename]])
                data = data.encode("utf-8")
            written.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part (path in the zip) that holds it."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        parts[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else ("xl/" + target)
        )
    return parts


def _cached_values(sheet_xml: bytes) -> dict[str, tuple[str | None, str]]:
    """Cell reference -> (value type, value as written) of each formula cell with one."""
    found = {}
    for _, cell in ElementTree.iterparse(io.BytesIO(sheet_xml)):
        if cell.tag != f"{_MAIN}c":
            continue
        formula, value = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
        if formula is not None and value is not None and value.text is not None:
            found[cell.get("r", "")] = (cell.get("t"), value.text)
        cell.clear()
    return found


def _with_values(sheet_xml: str, cached: dict[str, tuple[str | None, str]]) -> str:
    def restore(match: re.Match) -> str:
        ref = match["ref"]
        if ref not in cached:
            return match[0]
        kind, value = cached[ref]
        attrs = _TYPE.sub("", match["attrs"])
        if kind not in (None, "n"):
            attrs += f' t="{kind}"'
        return f'<c r="{ref}"{attrs}>{match["f"]}<v>{_escape(value)}</v></c>'

    return _FORMULA_CELL.sub(restore, sheet_xml)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
