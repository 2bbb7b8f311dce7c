"""A workbook as the readers see it: sheets of literal cells, merged ranges and defined names.

The low-level loaders (``govxl.reader.xlsx`` and friends) produce a :class:`Book`; the template reader
reads it by defined names, the layout reader by locating the official labels. Rows and columns are
0-based.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from govxl.errors import UnreadableFile

MAX_MERGED_CELLS: Final = 1_000_000  # cells under merged ranges in one workbook, within the areas its sheets use


@dataclass(slots=True)
class RawCell:
    value: object = None  # literal content: int/float, str, bool, datetime/date, or None (formula cells: None)
    formula: str | None = None  # formula text without the leading '=' (shared formulas expanded)
    cached: object = None  # a formula cell's cached value (never trusted by govxl)
    number_format: str | None = None  # the cell's number format code, where it matters (dates)


@dataclass(slots=True)
class Sheet:
    name: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row1, col1, row2, col2) inclusive
    hidden: bool = False
    places: dict[tuple[int, int], str] = field(default_factory=dict)  # a published document's cells: where it
    # prints each (第3页表格2第5行第3列, 第12段), what provenance names instead of an A1 address


@dataclass(slots=True)
class Book:
    path: str
    format: str  # 'xlsx' | 'xlsm' | 'xls' | 'ods' | 'html' | 'text' (govxl.reader.documents)
    sheets: list[Sheet]
    names: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # defined name -> (sheet, row, col)
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


@lru_cache(maxsize=1 << 14)  # a template's cells recur in every file read
def a1(row: int, col: int) -> str:
    """0-based (row, col) -> 'D12'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def used_area(sheet: Sheet) -> tuple[int, int, int, int] | None:
    """(first row, first col, last row, last col) of the cells ``sheet`` holds; None when it holds none."""
    if not sheet.cells:
        return None
    rows = [r for r, _ in sheet.cells]
    cols = [c for _, c in sheet.cells]
    return min(rows), min(cols), max(rows), max(cols)


def merged_cells(sheet: Sheet) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """(cell, its range's top-left cell) for each cell of ``sheet``'s merged ranges inside its used area.

    A range reaching far past the cells in use (``AA1:XFD1048576``) costs only what it covers of that area.
    """
    for origin, rows, cols in _clipped_merges(sheet):
        for r in rows:
            for c in cols:
                yield (r, c), origin


def check_merged(book: Book) -> Book:
    """``book``, once its merged ranges are known to cover at most :data:`MAX_MERGED_CELLS` cells in use."""
    total = 0
    for sheet in book.sheets:
        total += sum(len(rows) * len(cols) for _, rows, cols in _clipped_merges(sheet))
        if total > MAX_MERGED_CELLS:
            raise UnreadableFile(book.path, f"工作表“{sheet.name}”等的合并单元格异常（重叠或过多，合计超过 "
                                 f"{MAX_MERGED_CELLS // 10000} 万个单元格），不像是一份年度报告，拒绝读取。"
                                 "请让报送单位取消多余的合并单元格后重新保存")
    return book


def _clipped_merges(sheet: Sheet) -> Iterator[tuple[tuple[int, int], range, range]]:
    """(top-left cell, rows, columns) of each merged range, its rows and columns cut to the used area."""
    area = used_area(sheet) if sheet.merged else None
    if area is None:
        return
    top, left, bottom, right = area
    for r1, c1, r2, c2 in sheet.merged:
        yield (r1, c1), range(max(r1, top), min(r2, bottom) + 1), range(max(c1, left), min(c2, right) + 1)
