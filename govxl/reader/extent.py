"""How far the cells of an .xls or .ods workbook reach, found before calamine reads it.

Calamine holds a sheet as a dense range (some 64 bytes per cell, empty or not) from A1 to its last cell,
so one cell typed at IV65536 costs a gigabyte. These scans read the file's own records (BIFF cell
records in the OLE ``Workbook`` stream; the rows and cells of ODF ``content.xml``) and give each sheet's
extent, for :mod:`govxl.reader.legacy` to refuse a sheet too large before any range exists.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from typing import BinaryIO, Final

from lxml import etree

from govxl.reader.safety import SAFE_PARSER_OPTIONS, Package, check_no_dtd

# BIFF8 records whose data starts with the cell's (row, col): FORMULA, RSTRING, LABELSST, NUMBER, LABEL,
# BOOLERR, RK; and the multi-cell MULRK (row, first col, …, last col). Blanks carry no content.
_CELL_RECORDS: Final = frozenset((0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E))
_MULRK: Final = 0x00BD
_BOF, _BOUNDSHEET = 0x0809, 0x0085
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def sheet_extents(fh: BinaryIO, path: str, fmt: str) -> Iterator[tuple[str, int, int]]:
    """(sheet name, rows, columns) from A1 to the last cell holding content, for each sheet of ``fh``.

    What cannot be scanned is left for calamine to report; a DTD in ``content.xml`` raises
    :class:`~govxl.errors.UnreadableFile`.
    """
    fh.seek(0)
    if fmt == "xls":
        yield from _xls_extents(fh)
    else:
        with Package(path, fh) as package:
            data = package.read("content.xml") if "content.xml" in package.names else b""
        check_no_dtd(data, path, "content.xml")
        try:
            yield from _ods_extents(data)
        except etree.XMLSyntaxError:
            pass  # damage (or no content at all) is calamine's to report
    fh.seek(0)


def _xls_extents(fh: BinaryIO) -> Iterator[tuple[str, int, int]]:
    import olefile

    try:
        with olefile.OleFileIO(fh) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            data = ole.openstream(stream).read() if stream else b""
    except Exception:  # damage is calamine's to report
        return
    names: dict[int, str] = {}  # stream offset of a sheet's BOF -> its name
    sheet: str | None = None
    rows = cols = 0
    pos = 0
    while pos + 4 <= len(data):
        rid, size = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4:pos + 4 + size]
        if rid == _BOUNDSHEET and len(body) >= 8:
            names[struct.unpack_from("<I", body)[0]] = _biff_name(body)
        elif rid == _BOF:
            if sheet is not None:
                yield sheet, rows, cols
            sheet, rows, cols = names.get(pos), 0, 0
        elif sheet is not None and len(body) >= 4 and (rid in _CELL_RECORDS or rid == _MULRK and len(body) >= 6):
            row, col = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0] if rid == _MULRK else col
            rows, cols = max(rows, row + 1), max(cols, last + 1)
        pos += 4 + size
    if sheet is not None:
        yield sheet, rows, cols


def _biff_name(body: bytes) -> str:
    """A BOUNDSHEET record's sheet name (BIFF8: length, then Latin-1 or UTF-16 characters)."""
    n, wide = body[6], len(body) > 7 and body[7] & 1
    raw = body[8:8 + 2 * n] if wide else body[8:8 + n]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _ods_extents(data: bytes) -> Iterator[tuple[str, int, int]]:
    """Each table's extent, repeated rows and cells counted as the spreadsheet expands them."""
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), tag=(f"{_TABLE}table", f"{_TABLE}table-row"),
                             **SAFE_PARSER_OPTIONS)
    name, row, rows, cols = "", 0, 0, 0
    for event, el in events:
        if el.tag == f"{_TABLE}table":
            if event == "start":
                name, row, rows, cols = el.get(f"{_TABLE}name", ""), 0, 0, 0
            else:
                yield name, rows, cols
                el.clear()
            continue
        if event == "start":
            continue
        repeat = _count(el, "number-rows-repeated")
        col = 0
        for cell in el.iterchildren(*_ODS_CELLS):
            col += _count(cell, "number-columns-repeated")
            if cell.get(f"{_OFFICE}value-type") is not None or len(cell):
                rows, cols = max(rows, row + repeat), max(cols, col)
        row += repeat
        el.clear()


def _count(el: etree._Element, attribute: str) -> int:
    try:
        return max(1, int(el.get(f"{_TABLE}{attribute}", "1")))
    except ValueError:
        return 1
