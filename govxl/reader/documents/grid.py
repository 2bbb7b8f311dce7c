"""A document's content laid out as one sheet: rows of cells, spans as merged ranges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from govxl.errors import UnreadableFile
from govxl.reader.book import MAX_MERGED_CELLS, RawCell, Sheet
from govxl.values import to_number

MAX_CELLS: Final = 100_000  # a report holds ~400 cells and paragraphs
# what a document holds but nobody sees: zero-width spaces and joiners, byte-order marks, soft hyphens and
# direction marks that web editors leave in cells (`​217` is 217 to a reader)
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"))


class GridBuilder:
    """Appends rows to a :class:`Sheet`: a paragraph as a one-cell row, a table's rows below each other; each
    cell's place in the printed document (its table, row and column, the page where the loader knows it)."""

    def __init__(self, path: str, name: str) -> None:
        self.path = path
        self.sheet = Sheet(name)
        self.row = 0
        self.spanned = 0  # cells covered by spans so far: capped before a hostile page's spans are laid out
        self.page: int | None = None  # the page now being laid out (1-based), for loaders of paged documents
        self.tables = 0  # tables laid out so far
        self.paragraphs = 0

    def paragraph(self, text: str) -> None:
        text = text.translate(_INVISIBLE)
        if text.strip():
            self.paragraphs += 1
            self._put(self.row, 0, text, f"第{self.paragraphs}段")
            self.row += 1

    def cell(self, r: int, c: int, text: str, rows: int = 1, cols: int = 1) -> None:
        """A cell at (r, c) of the table starting at the current row, spanning ``rows`` x ``cols``."""
        place = f"表格{self.tables + 1}第{r + 1}行第{c + 1}列"
        text = text.translate(_INVISIBLE)
        if text.strip():
            self._put(self.row + r, c, value(text), place)
        else:
            self._place(self.row + r, c, place)  # a blank figure is still somewhere in the printed table
        if rows > 1 or cols > 1:
            self.spanned += rows * cols
            check_spans(self.path, self.spanned)
            self.sheet.merged.append((self.row + r, c, self.row + r + rows - 1, c + cols - 1))

    def end_table(self, height: int) -> None:
        self.row += height
        self.tables += height > 0

    def _put(self, r: int, c: int, content: str | int | float, place: str) -> None:
        self._place(r, c, place)
        self.sheet.cells[(r, c)] = RawCell(content)

    def _place(self, r: int, c: int, place: str) -> None:
        if len(self.sheet.places) >= MAX_CELLS:
            raise UnreadableFile(self.path, f"文件中的段落和表格单元格过多（超过 {MAX_CELLS // 10000} 万个），"
                                 "不像是一份年度报告，拒绝读取。请确认文件是否发错")
        self.sheet.places[(r, c)] = place if self.page is None else f"第{self.page}页{place}"


def check_spans(path: str, cells: int) -> None:
    """Refuse a document whose spans cover more than :data:`MAX_MERGED_CELLS` cells."""
    if cells > MAX_MERGED_CELLS:
        raise UnreadableFile(path, f"表格的合并单元格异常（合计超过 {MAX_MERGED_CELLS // 10000} 万个单元格），"
                                   "不像是一份年度报告，拒绝读取。请确认文件是否发错")


@lru_cache(maxsize=1 << 14)  # the same few texts (`0`, `/`, labels) recur in every document
def value(text: str) -> str | int | float:
    """A cell's text as a figure where it reads as one (a document has no number cells: ``"4,529"`` is a
    number there, not a number typed as text), else the text."""
    number = to_number(text)
    return text if number is None else number


def is_figure(text: str) -> bool:
    """Whether a cell's text reads as a figure."""
    return isinstance(value(text), (int, float))


def label_columns(firsts: Iterable[int | None]) -> int:
    """How many columns a table's rows of figures give their labels, from where each row's first figure
    stands (None for a row without one): the most common place, 0 for a table without figures."""
    counted = Counter(c for c in firsts if c is not None)
    return counted.most_common(1)[0][0] if counted else 0
