"""Plain-text dumps of a Word report, the prose as lines, in either of the two shapes a table takes:

- a cell per line (what copying the document as text gives): each cell on a line of its own starting with a
  tab, a cell's wrapped text continuing on lines without a tab, a table row ended by a blank line, a
  merged-over cell as a line holding only the tab;
- a row per line (Word's "save as plain text"): the row's cells between tabs, a merged-over cell empty, a row
  of one cell (a caption across the table) a line of its own.
"""

from __future__ import annotations

import re

from govxl.errors import UnreadableFile
from govxl.reader.book import Book
from govxl.reader.documents.encoding import decode
from govxl.reader.documents.grid import GridBuilder, is_figure

SHEET = "正文"
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")  # Word's hidden bookmarks, kept by the text export


_ROW_LINE = re.compile(r"^[^\t\n]+\t", re.M)  # text, then a tab: a row's cells on one line


def detect(head: bytes) -> bool:
    """Text holding the cells of a dumped table: tab-started lines, or lines of cells between tabs."""
    content = decode(head, partial=True)
    return content is not None and (content.startswith("\t") or "\n\t" in content or bool(_ROW_LINE.search(content)))


def load(data: bytes, path: str) -> Book:
    content = decode(data)
    if content is None:
        raise UnreadableFile(path, "文本文件的编码无法识别（不是 UTF-8、GBK 或 Unicode），无法读取。请另存为 UTF-8 编码的文本或 .xlsx 后发送")
    grid = GridBuilder(path, SHEET)
    lines = _BOOKMARK.sub("", content).splitlines()
    (_rows_per_line if any(map(_ROW_LINE.match, lines)) else _cells_per_line)(grid, lines)
    return Book(path, "text", [grid.sheet])


def _rows_per_line(grid: GridBuilder, lines: list[str]) -> None:
    rows: list[list[str]] = []  # the table being read, a list of cells per row
    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
        elif line.strip():
            _table(grid, rows)
            rows = []
            grid.paragraph(line)  # prose, or a caption row of one cell
    _table(grid, rows)


def _cells_per_line(grid: GridBuilder, lines: list[str]) -> None:
    rows: list[list[str]] = []  # the table being read, a list of cells per row
    cells: list[str] | None = None  # the row being read
    for line in lines:
        if line.startswith("\t"):
            if cells is None:
                cells = []
                rows.append(cells)
            cells.append(line[1:])
        elif not line.strip():
            cells = None  # a row ends; a second blank line ends nothing more
        elif cells:
            cells[-1] += "\n" + line  # a wrapped cell continues
        else:
            _table(grid, rows)
            rows = []
            grid.paragraph(line)
    _table(grid, rows)


Layout = list[tuple[int, int]]  # a row's cells as (first column, columns spanned)


def _table(grid: GridBuilder, rows: list[list[str]]) -> None:
    for r, (cells, layout) in enumerate(zip(rows, _layouts(rows))):
        for text, (c, cols) in zip(cells, layout):
            grid.cell(r, c, text, cols=cols)
    grid.end_table(len(rows))


def _layouts(rows: list[list[str]]) -> list[Layout]:
    """Where each row's cells stand. The dump keeps no column spans, so they are inferred, bottom-up:
    a row of figures shorter than the widest has its first cell (the form's merged label) spanning the
    columns it lacks, so that all figures line up; a header row stands over the row below it."""
    width = max(map(len, rows), default=0)
    layouts: list[Layout] = []
    for r in reversed(range(len(rows))):
        cells = rows[r]
        if layouts and len(cells) <= len(layouts[0]) and not _has_figures(cells):
            layouts.insert(0, _over(len(cells), layouts[0], rows[r + 1]))
        else:
            extra = width - len(cells)
            layouts.insert(0, [(0, extra + 1)] + [(c + extra, 1) for c in range(1, len(cells))])
    return layouts


def _over(n: int, below: Layout, below_cells: list[str]) -> Layout:
    """The layout of a header row of ``n`` cells over a row laid out as ``below``. The empty cells opening
    the row below continue the cells above them (merged downwards), one each, and so do those closing it
    when it is a header row too (a blank figure closes a row of figures); the other cells share what
    remains: a run of equally wide cells each where the runs are as many, else equal shares."""
    held = min(next((i for i, t in enumerate(below_cells) if t.strip()), len(below_cells)), n - 1)
    closing = 0 if _has_figures(below_cells) else next(
        (i for i, t in enumerate(reversed(below_cells[held:])) if t.strip()), 0)
    closing = min(closing, n - 1 - held)
    tail = below[len(below) - closing:] if closing else []
    below, n = below[:len(below) - closing], n - closing
    rest = below[held:]
    runs: list[Layout] = []
    for cell in rest:
        if runs and runs[-1][-1][1] == cell[1]:
            runs[-1].append(cell)
        else:
            runs.append([cell])
    left = n - held
    if len(runs) != left:
        share, more = divmod(len(rest), left)
        bounds = [i * share + min(i, more) for i in range(left + 1)]
        runs = [rest[a:b] for a, b in zip(bounds, bounds[1:])]
    return below[:held] + [(run[0][0], sum(cols for _, cols in run)) for run in runs if run] + tail


def _has_figures(cells: list[str]) -> bool:
    return any(is_figure(c) for c in cells)
