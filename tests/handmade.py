"""Builders of workbooks NOT made from the govxl template, as counties and Word users make them.

Two sources: a real published report dumped from Word (``tests/data/*.txt``: one table cell
per line after a tab, wrapped text on the next lines, rows separated by blank lines), pasted into a sheet
the way Excel pastes a Word table; and the tables as reports print them, written out literally in
:mod:`tests.printed` (never taken from govxl's editions, so a wrong label there cannot pass unnoticed).
Files are written with openpyxl and read back through the real loader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from govxl.reader.book import a1
from tests.printed import Printed

REPORTS = Path(__file__).parent / "data"  # copies of ../shared/reports: real published reports
Table = list[list[str]]


@dataclass
class WordDump:
    """A Word report as paragraphs and tables, in document order (a str is a paragraph)."""

    items: list[str | Table] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [x for x in self.items if isinstance(x, list)]

    def row(self, table: int, label: str) -> list[str]:
        """The row of table ``table`` whose cells contain ``label`` (first match)."""
        return next(r for r in self.tables[table] if any(label in c for c in r))


def word_dump(name: str) -> WordDump:
    dump = WordDump()
    table: Table | None = None
    row: list[str] | None = None
    in_cell = False
    for line in (REPORTS / name).read_text(encoding="utf-8").splitlines():
        line = line.replace("[bookmark: _GoBack]", "")
        if line.startswith("\t"):
            if table is None:
                table = []
                dump.items.append(table)
            if row is None:
                row = []
                table.append(row)
            row.append(line[1:])
            in_cell = True
        elif line.strip() == "":
            row, in_cell = None, False
        elif in_cell and row is not None:
            row[-1] += "\n" + line  # a wrapped cell continues without a tab
        else:
            table, row, in_cell = None, None, False
            dump.items.append(line)
    return dump


# Word rows with fewer cells than the grid: how wide each cell is (the rest are right-aligned, the first
# cell taking what is left, as Excel pastes a Word table).
WORD_WIDTHS = {4: {}, 10: {0: [3, 7], 1: [3, 1, 5]}, 15: {0: [5, 10], 1: [1, 1, 1, 1, 1, 5, 5]}}


def _number(text: str) -> object:
    return int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else text


def paste_word_table(ws: Worksheet, table: Table, top: int, left: int = 0, *, merge: bool = True) -> int:
    """Paste a Word table at 0-based (top, left); return the row after it."""
    width = max(len(r) for r in table)
    hints = WORD_WIDTHS.get(width, {})
    for i, cells in enumerate(table):
        widths = hints.get(i) or [width - len(cells) + 1] + [1] * (len(cells) - 1)
        col = left
        for text, w in zip(cells, widths):
            if text:
                ws.cell(top + i + 1, col + 1, _number(text))
            if merge and w > 1:
                ws.merge_cells(start_row=top + i + 1, start_column=col + 1, end_row=top + i + 1, end_column=col + w)
            col += w
    return top + len(table)


def paste_word(dump: WordDump, ws: Worksheet, *, top: int = 0, left: int = 0, merge: bool = True,
               only: Callable[[str | Table], bool] = lambda _: True) -> int:
    r = top
    for item in dump.items:
        if not only(item):
            continue
        if isinstance(item, str):
            ws.cell(r + 1, left + 1, item)
            r += 1
        else:
            r = paste_word_table(ws, item, r, left, merge=merge) + 1
    return r


# --- from the tables as printed (tests/printed.py) --------------------------------------------------


@dataclass
class Drawn:
    """A table as rows of cells (relative), its merged ranges and where each key's value sits."""

    rows: list[list[object]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 inclusive
    where: dict[str, tuple[int, int]] = field(default_factory=dict)

    def widen_labels(self) -> None:
        """The label column drawn two columns wide (a county's own layout): values move right."""
        for row in self.rows:
            row.insert(1, None)
        self.merges = [(r1, c1 + (c1 >= 1), r2, c2 + (c2 >= 1)) for r1, c1, r2, c2 in self.merges]
        merged = {(r1, c1) for r1, c1, *_ in self.merges}
        self.merges += [(r, 0, r, 1) for r, row in enumerate(self.rows) if row[0] is not None and (r, 0) not in merged]
        self.where = {k: (r, c + 1) for k, (r, c) in self.where.items()}

    def insert(self, at: int, cells: list[object]) -> None:
        """A row inserted before row ``at`` (a locally added row): merges and places move down."""
        self.rows.insert(at, cells)
        self.merges = [(r1 + (r1 >= at), c1, r2 + (r2 >= at), c2) for r1, c1, r2, c2 in self.merges]
        self.where = {k: (r + (r >= at), c) for k, (r, c) in self.where.items()}

    def row_of(self, key: str) -> int:
        return self.where[key][0]

    def delete(self, at: int) -> None:
        """Row ``at`` left out: merges over it shrink (those within it go), places below move up, its keys go."""
        del self.rows[at]
        merges = []
        for r1, c1, r2, c2 in self.merges:
            if r1 == r2 == at:
                continue
            r1, r2 = r1 - (r1 > at), r2 - (r2 >= at)
            if (r1, c1) != (r2, c2):
                merges.append((r1, c1, r2, c2))
        self.merges = merges
        self.where = {k: (r - (r > at), c) for k, (r, c) in self.where.items() if r != at}


def _same(text: str) -> str:
    return text


def draw(table: Printed, values: Mapping[str, object], relabel: Callable[[str], str] = _same, *,
         raw: Mapping[str, object] | None = None) -> Drawn:
    """``table`` as printed, its labels passed through ``relabel``; value cells hold ``raw[key]`` if given,
    else ``values[key]``."""
    cells = [row.split("|") for row in table.rows]
    d = Drawn([[None] * len(row) for row in cells])
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if text in ("<", "^", ""):
                continue
            width = next((n for n, t in enumerate(row[c + 1:], 1) if t != "<"), len(row) - c)
            height = next((n for n, x in enumerate(cells[r + 1:], 1) if x[c] != "^"), len(cells) - r)
            if width > 1 or height > 1:
                d.merges.append((r, c, r + height - 1, c + width - 1))
            if text.startswith("#"):
                key = text[1:]
                d.rows[r][c] = (raw or {}).get(key, values.get(key))
                d.where[key] = (r, c)
            else:
                d.rows[r][c] = relabel(text)
    return d


def put(ws: Worksheet, d: Drawn, top: int, left: int = 0, *, merge: bool = True,
        filler: object = None) -> tuple[int, dict[str, str]]:
    """Write ``d`` at 0-based (top, left); return the row after it and key -> A1.

    ``filler``: what the empty cells hold (`&nbsp;` of a table without rowspans, or '').
    """
    for r, cells in enumerate(d.rows):
        for c, v in enumerate(cells):
            if v is not None or filler is not None:
                ws.cell(top + r + 1, left + c + 1, filler if v is None else v)
    if merge:
        for r1, c1, r2, c2 in d.merges:
            ws.merge_cells(start_row=top + r1 + 1, start_column=left + c1 + 1, end_row=top + r2 + 1,
                           end_column=left + c2 + 1)
    return top + len(d.rows), {k: a1(top + r, left + c) for k, (r, c) in d.where.items()}


def lines(ws: Worksheet, texts: list[str], top: int, col: int = 0) -> int:
    for i, t in enumerate(texts):
        ws.cell(top + i + 1, col + 1, t)
    return top + len(texts)


def drift(text: str) -> str:
    """Cosmetic drift: `1.`→`1、`, half-width brackets, ASCII quotes, `、`→`，`, a line break in long labels."""
    text = re.sub(r"^(\d+)\.", r"\1、", text)
    text = text.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    text = text.replace("、行政机关", "，行政机关")
    return text[:6] + "\n" + text[6:] if len(text) > 12 else text


def draw_table(ws: Worksheet, table: Printed, values: Mapping[str, object], top: int, left: int = 0, *,
               relabel: Callable[[str], str] = drift, formulas: Mapping[str, tuple[str, ...]] | None = None,
               skip_rows: tuple[str, ...] = ()) -> dict[str, str]:
    """Draw ``table`` at 0-based (top, left) with its merges; return key -> A1 of its value cells.

    ``formulas``: computed key -> the keys it sums, written as a ``=A1+B1…`` formula instead of a number.
    ``skip_rows``: keys whose whole row is left out (an official row a county dropped).
    """
    d = draw(table, values, relabel)
    for r in sorted({d.row_of(k) for k in skip_rows if k in d.where}, reverse=True):
        d.delete(r)
    where = {k: a1(top + r, left + c) for k, (r, c) in d.where.items()}
    for key, summed in (formulas or {}).items():
        if key in d.where:
            r, c = d.where[key]
            d.rows[r][c] = "=" + "+".join(where[k] for k in summed if k in where)
    put(ws, d, top, left)
    return where


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path
