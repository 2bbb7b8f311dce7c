"""Where everything sits on the main form sheet, computed from an :class:`Edition` alone.

The sheet is a grid of ``width`` columns. Tables with row labels start in column A; a table's value
columns line up with the value columns of 表三 (表二's label column is C, 表四 — no label column —
starts at D). Rows follow the form: title, identification block, then the six sections in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from govxl.schema import Edition, TableLayout
from govxl.template.names import MAIN_SHEET


@dataclass(frozen=True)
class Block:
    """One piece of the form at ``row``: what the writer draws there."""

    kind: str  # 'title' | 'summary' | 'subtitle' | 'heading' | 'subheading' | 'field' | 'prose' | 'table'
    row: int
    key: str | None = None  # 'field' / 'prose': the key of the input
    text: str = ""  # 'heading' / 'subheading': the printed heading
    table: TableLayout | None = None
    col: int = 0  # 'table': the column of the table's top-left corner


@dataclass(frozen=True)
class FormLayout:
    """The main sheet of an edition: every key's cell (0-based row, col) and the blocks drawn."""

    sheet_name: str
    cells: dict[str, tuple[int, int]]
    blocks: tuple[Block, ...]
    width: int  # columns used
    label_cols: int  # leading label columns (表三's A–C)
    value_end: int  # last column of a field's merged value cell
    height: int  # rows used

    def block(self, kind: str) -> Block:
        return next(b for b in self.blocks if b.kind == kind)


def label_extent(table: TableLayout) -> int:
    """How many leading columns of ``table`` hold row labels (0 for 表四)."""
    return max((s.col + s.cols for s in table.spans if s.role == "label"), default=0)


def form_layout(edition: Edition, sheet_name: str = MAIN_SHEET) -> FormLayout:
    label_cols = max(label_extent(t) for t in edition.tables)
    origin = {t.id: label_cols - label_extent(t) for t in edition.tables}
    width = max(origin[t.id] + t.width for t in edition.tables)
    value_end = max(origin[t.id] + t.width for t in edition.tables if label_extent(t)) - 1
    slotted = {s.key for t in edition.tables for s in t.slots}
    cells: dict[str, tuple[int, int]] = {}
    blocks: list[Block] = []
    row = 0

    def add(kind: str, **kw: object) -> None:
        nonlocal row
        blocks.append(Block(kind, row, **kw))  # type: ignore[arg-type]
        row += 1

    def field_row(key: str) -> None:
        cells[key] = (row, label_cols)
        add("field", key=key)

    add("title")
    add("summary")
    add("subtitle")
    for key in edition.keys("meta"):
        field_row(key)
    row += 1
    prose = list(edition.prose)
    for i, heading in enumerate(edition.sections):
        add("heading", text=heading)
        for p_index, p in enumerate(prose):
            if p.level != 0 or p.heading != heading:
                continue
            cells[p.key] = (row, 0)
            add("prose", key=p.key)
            for topic in prose[p_index + 1:]:
                if topic.level == 0:
                    break
                add("subheading", text=topic.heading, key=topic.key)
                cells[topic.key] = (row, 0)
                add("prose", key=topic.key)
        for t in edition.tables:
            if t.heading != heading:
                continue
            blocks.append(Block("table", row, table=t, col=origin[t.id]))
            for s in t.slots:
                cells[s.key] = (row + s.row, origin[t.id] + s.col)
            row += t.height
        if i == len(edition.sections) - 1:
            for key in edition.keys("x"):
                if key not in slotted:
                    field_row(key)
        row += 1
    return FormLayout(sheet_name, cells, tuple(blocks), width, label_cols, value_end, row)
