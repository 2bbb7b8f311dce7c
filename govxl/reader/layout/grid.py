"""A sheet as positioned text, and what has been read from the workbook so far.

:class:`Grid` resolves merged ranges to their top-left cell and offers the text a person reads at each
position; :class:`Reading` gathers the values, their :class:`~govxl.report.Source`, the labels read as
official ones they do not literally equal, and the template alterations found, for one report. A cell's
content is its literal value, or for a formula its number recomputed from the cells it refers to where
the formula is simple (+, -, SUM and N, :mod:`govxl.reader.formula`), else the value cached in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govxl.findings import location
from govxl.reader.book import Book, RawCell, Sheet, a1, merged_cells
from govxl.reader.formula import NotSimple, Token
from govxl.reader.formula import evaluate as evaluate_formula
from govxl.reader.labels import body, clean
from govxl.report import Source
from govxl.schema import Edition, Kind
from govxl.values import interpret, whole

STRONG = 0.8  # a label this close is taken as the official one when searching a whole sheet
_FORMULA_DEPTH = 64


class Grid:
    """One sheet: literal cells, merged ranges resolved to their top-left cell, text by position."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.top_left: dict[tuple[int, int], tuple[int, int]] = dict(merged_cells(sheet))  # within the used area
        self.merged_rows = {r for r, _ in self.top_left}
        self.merged_cols = {c for _, c in self.top_left}
        self._texts: dict[int, list[tuple[int, str]]] = {}
        self.rows: dict[int, list[int]] = {}
        for r, c in sorted(sheet.cells):
            self.rows.setdefault(r, []).append(c)

    def place(self, r: int, c: int) -> str:
        """Where (r, c) is printed: its A1 address, or a published document's 表格2第5行第3列."""
        return self.sheet.places.get((r, c)) or a1(r, c)

    def cell(self, r: int, c: int) -> RawCell | None:
        return self.sheet.cells.get(self.top_left.get((r, c), (r, c)))

    def text(self, r: int, c: int) -> str:
        """The text a person reads at (r, c) itself ('' for numbers, blanks and merged-over cells)."""
        cell = self.sheet.cells.get((r, c))
        if cell is None or not isinstance(cell.value, str) or (r, c) in self.top_left and self.top_left[(r, c)] != (r, c):
            return ""
        return cell.value if clean(cell.value) else ""

    def texts(self, r: int) -> list[tuple[int, str]]:
        """The texts of row ``r``, left to right: (column, text) (kept: every table and field asks again)."""
        found = self._texts.get(r)
        if found is None:
            found = self._texts[r] = [(c, t) for c in self.rows.get(r, []) if (t := self.text(r, c))]
        return found

    def filled(self, r: int) -> bool:
        return any(has_content(self.sheet.cells[(r, c)]) for c in self.rows.get(r, []))

    def header_path(self, rows: list[int], c: int) -> list[tuple[int, int, str]]:
        """The header cells over column ``c`` in ``rows``, top to bottom, each once: (row, col, text)."""
        out: list[tuple[int, int, str]] = []
        for r in rows:
            r0, c0 = self.top_left.get((r, c), (r, c))
            t = self.text(r0, c0)
            if t and (r0, c0, t) not in out:
                out.append((r0, c0, t))
        return out


def has_content(cell: RawCell) -> bool:
    return cell.formula is not None or cell.value is not None and (not isinstance(cell.value, str) or bool(clean(cell.value)))


def oneline(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Reading:
    """Everything located for one report, before it becomes a :class:`Report`."""

    book: Book
    edition: Edition
    cells: dict[str, object] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    guessed: list[str] = field(default_factory=list)
    altered: list[tuple[list[str], str, str, str]] = field(default_factory=list)  # (keys, id, detail, action)
    used: set[tuple[str, int]] = field(default_factory=set)  # (sheet, row) taken by tables and fields
    score: dict[str, float] = field(default_factory=dict)  # table id -> how well its labels matched
    read: set[str] = field(default_factory=set)  # the tables read so far
    located: list[tuple[str, Grid, int, int, str | None]] = field(default_factory=list)  # table cells paired
    # with keys, their values taken (:meth:`settle`) only for the edition chosen

    def locate(self, key: str, grid: Grid, r: int, c: int, note: str | None = None) -> None:
        self.located.append((key, grid, r, c, note))

    def settle(self) -> None:
        """Take the values of the cells located so far."""
        for located in self.located:
            self.put(*located)
        self.located.clear()

    def put(self, key: str, grid: Grid, r: int, c: int, note: str | None = None) -> None:
        r, c = grid.top_left.get((r, c), (r, c))
        raw, formula, cached, how_note = _cell_content(self.book, grid, grid.sheet.cells.get((r, c)))
        notes = "；".join(n for n in (note, how_note) if n) or None
        self.cells[key] = raw
        self.sources[key] = Source(self.book.path, grid.sheet.name, grid.place(r, c), raw, formula, cached, "label",
                                   notes)

    def guess(self, grid: Grid, r: int, c: int, found: str, official: str) -> str | None:
        """Record a label read as an official one it does not literally equal; the note for its values."""
        if body(found) == body(official):
            return None
        note = f"“{oneline(found)}”按“{official}”读取"
        self.guessed.append(f"{location(grid.sheet.name, grid.place(r, c))}：{note}")
        return note


def _cell_content(book: Book, grid: Grid, cell: RawCell | None) -> tuple[object, str | None, object, str | None]:
    """(value used, formula, cached, note): simple formulas are recomputed, others use the cached value."""
    if cell is None:
        return None, None, None, None
    if cell.formula is None:
        return cell.value, None, None, None
    try:
        value = _formula_number(book, grid.sheet.name, cell.formula, 0)
    except NotSimple:
        return cell.cached, cell.formula, cell.cached, f"公式“={cell.formula}”govxl 无法重算，采用文件中保存的计算结果"
    return whole(value), cell.formula, cell.cached, f"按公式“={cell.formula}”由所引用的单元格重新计算"


def _formula_number(book: Book, sheet: str, formula: str, depth: int) -> float:
    if depth > _FORMULA_DEPTH:
        raise NotSimple("circular")

    def resolve(token: Token) -> tuple[str, int, int] | None:
        return book.names.get(token.text)

    def number(ref: tuple[str, int, int]) -> float:
        name, r, c = ref
        target = next((s for s in book.sheets if s.name == name), None)
        cell = target.cells.get((r, c)) if target else None
        if cell is None:
            return 0.0
        if cell.formula is not None:
            return _formula_number(book, name, cell.formula, depth + 1)
        _, meaning, _ = interpret(cell.value, Kind.AMOUNT)
        return float(meaning) if isinstance(meaning, (int, float)) else 0.0

    return evaluate_formula(formula, sheet, resolve, number)
