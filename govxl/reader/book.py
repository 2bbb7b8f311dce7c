"""A workbook as the readers see it: sheets of literal cells, merged ranges and defined names.

The low-level loaders (``govxl.reader.xlsx`` and friends) produce a :class:`Book`; the template reader
reads it by defined names, the layout reader by locating the official labels. Rows and columns are
0-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache


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


@dataclass(slots=True)
class Book:
    path: str
    format: str  # 'xlsx' | 'xlsm' | 'xls' | 'ods'
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
