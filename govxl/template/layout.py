"""Where everything sits on the main form sheet, computed from an :class:`Edition` alone.

The printed form is a grid of ``width`` equal columns, as wide as the widest table (表四's 15 columns), so
that every table spans the page from the left margin. A table's value columns are right-aligned on the
grid, each as many grid columns wide as fit (表三's and 表四's one, 表二's three); its last label column takes
the rest. Right of the grid, outside the print area, the ``aside`` column holds what the filler needs but the
published form does not show: the fields' hints and cells declared past a table's width (the 2019 edition's
金额单位). Rows: above the print area the live banner, the edition and the identification block (the
template's, not the published form's); then the form: title and the six sections in order; below the print
area the optional extension fields (选填).
"""

from __future__ import annotations

from dataclasses import dataclass

from govxl.outline import Prose, outline
from govxl.schema import Edition, TableLayout
from govxl.template.names import MAIN_SHEET

FIELD_LABEL_COLS = 4  # grid columns of an identification field's label
# characters a prose area shows without resizing: 一's opening, its topics, the other sections (五、六)
OPENING_CHARS, TOPIC_CHARS, SECTION_CHARS = 3000, 500, 1200
ROW_CHARS = 1000  # characters per row of a prose area (a row is at most 409 points high): rows merged
EXTENSIONS_NOTE = "选填（不属于报告格式，不打印）"


@dataclass(frozen=True)
class Block:
    """One piece of the form at ``row``: what the writer draws there."""

    kind: str  # 'summary' | 'title' | 'subtitle' | 'heading' | 'subheading' | 'field' | 'prose' | 'table' | 'note'
    row: int
    key: str | None = None  # 'field' / 'prose': the key of the input
    text: str = ""  # 'heading' / 'subheading' / 'note': the text shown
    table: TableLayout | None = None
    rows: int = 1  # 'prose': rows merged into the input area
    chars: int = 0  # 'prose': characters the area shows without resizing


@dataclass(frozen=True)
class TableGrid:
    """Where the columns of ``table`` sit on a form grid ``width`` columns wide."""

    table: TableLayout
    width: int

    @property
    def labels(self) -> int:
        return label_extent(self.table)

    @property
    def step(self) -> int:
        """Grid columns per value column."""
        return self.width // self.table.width

    def first(self, col: int) -> int:
        """The first grid column of table column ``col`` (columns past the table's width: the aside)."""
        t = self.table
        if col >= t.width:
            return self.width + col - t.width
        if col >= self.labels:
            return self.width - (t.width - col) * self.step
        return col

    def last(self, col: int) -> int:
        """The last grid column of table column ``col``."""
        t = self.table
        if col >= t.width or col < self.labels - 1:
            return self.first(col)
        if col == self.labels - 1:
            return self.first(self.labels) - 1 if self.labels < t.width else self.width - 1
        return self.first(col) + self.step - 1


@dataclass(frozen=True)
class FormLayout:
    """The main sheet of an edition: every key's cell (0-based row, col) and the blocks drawn."""

    sheet_name: str
    cells: dict[str, tuple[int, int]]
    blocks: tuple[Block, ...]
    width: int  # grid columns of the printed form; the aside column is ``width``
    grids: dict[str, TableGrid]  # by table id
    printed: tuple[int, int]  # first and last printed row
    height: int  # rows used

    @property
    def aside(self) -> int:
        return self.width

    def block(self, kind: str) -> Block:
        return next(b for b in self.blocks if b.kind == kind)

    def beside(self, key: str) -> tuple[tuple[int, int], tuple[int, int]]:
        """The aside cells for a figure shown beside table cell ``key``: on its row, and on the nearest header
        row above it (for the figure's header); raises ValueError where the table already uses them."""
        b, slot = next((b, s) for b in self.blocks if b.table for s in b.table.slots if s.key == key)
        t = b.table
        assert t is not None
        header = max(s.row for s in t.spans if s.role == "header" and s.row < slot.row)
        taken = {s.row for s in t.spans if s.col >= t.width} | {s.row for s in t.slots if s.col >= t.width}
        if taken & {slot.row, header}:
            raise ValueError(f"{t.name}: the aside column beside {key} is taken")
        return (b.row + slot.row, self.aside), (b.row + header, self.aside)


def label_extent(table: TableLayout) -> int:
    """How many leading columns of ``table`` hold row labels (0 for 表四)."""
    return max((s.col + s.cols for s in table.spans if s.role == "label"), default=0)


def form_layout(edition: Edition, sheet_name: str = MAIN_SHEET) -> FormLayout:
    width = max(t.width for t in edition.tables)
    grids = {t.id: TableGrid(t, width) for t in edition.tables}
    slotted = {s.key for t in edition.tables for s in t.slots}
    cells: dict[str, tuple[int, int]] = {}
    blocks: list[Block] = []
    row = 0

    def add(kind: str, rows: int = 1, **kw: object) -> None:
        nonlocal row
        blocks.append(Block(kind, row, rows=rows, **kw))  # type: ignore[arg-type]
        row += rows

    def prose_area(key: str, chars: int) -> None:
        cells[key] = (row, 0)
        add("prose", rows=-(-chars // ROW_CHARS), key=key, chars=chars)

    def field_row(key: str) -> None:
        cells[key] = (row, FIELD_LABEL_COLS)
        add("field", key=key)

    add("summary")
    add("subtitle")
    for key in edition.keys("meta"):
        field_row(key)
    row += 1
    first_printed = row
    add("title")
    for section in outline(edition).sections:  # the order every renderer walks
        add("heading", text=section.heading)
        topics = any(isinstance(part, Prose) and part.heading for part in section.parts)
        for part in section.parts:
            if isinstance(part, Prose) and part.heading:
                add("subheading", text=part.heading, key=part.key)
                prose_area(part.key, TOPIC_CHARS)
            elif isinstance(part, Prose):
                prose_area(part.key, OPENING_CHARS if topics else SECTION_CHARS)
            else:
                t = edition.table(part.id)
                blocks.append(Block("table", row, table=t))
                for s in t.slots:
                    cells[s.key] = (row + s.row, grids[t.id].first(s.col))
                row += t.height
        row += 1
    printed = (first_printed, row - 2)
    extensions = [k for k in edition.keys("x") if k not in slotted]
    if extensions:
        add("note", text=EXTENSIONS_NOTE)
        for key in extensions:
            field_row(key)
    return FormLayout(sheet_name, cells, tuple(blocks), width, grids, printed, row)
