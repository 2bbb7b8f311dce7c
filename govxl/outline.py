"""The report's parts in order, from an :class:`Edition` alone: what every renderer walks.

The title, then the six sections with their official headings; in each, its prose (the section's own text,
then its topics) and its tables. A table is a grid of rows of cells, each a label (caption, header, row
label) or a value slot by key, with its row and column spans; every grid position is covered by exactly
one cell (gaps of the layout are ``empty`` cells), so a renderer draws row by row without bookkeeping.
Cells an edition declares past a table's width (the 2019 金额单位) are not part of the official grid:
they are the table's ``aside``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from govxl.schema import Edition, TableLayout

TITLE_TAIL = "年政府信息公开工作年度报告"
COMPILATION = "汇编"  # after the title of a county's compilation of its units' reports
NO_UNIT, NO_YEAR = "（单位名称）", "＿＿＿＿"  # what the title shows where the unit or the year is not filled


@dataclass(frozen=True)
class Cell:
    """One cell of a table grid (0-based ``row``/``col`` within the table), spanning ``rows`` × ``cols``."""

    row: int
    col: int
    role: str  # 'caption' | 'header' | 'label' (a row label) | 'value' | 'empty'
    text: str = ""  # a label's text
    key: str | None = None  # a value cell's key
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Table:
    id: str  # 't2' | 't3' | 't4'
    name: str  # 表二 …
    width: int
    header_rows: int  # leading rows that are headers (repeated on every printed page)
    rows: tuple[tuple[Cell, ...], ...]  # per grid row, the cells that start in it, left to right
    aside: tuple[tuple[str, str], ...] = ()  # (label, key) of the cells declared past the table's width

    def values(self) -> list[Cell]:
        return [c for row in self.rows for c in row if c.key is not None]

    def row_labels(self, row: int) -> list[str]:
        """The row labels covering grid row ``row``, outermost first (三、本年度办理结果, （三）不予公开, 1.属于国家秘密)."""
        cells = [c for r in self.rows for c in r if c.role == "label" and c.row <= row < c.row + c.rows]
        return [c.text for c in sorted(cells, key=lambda c: c.col)]


@dataclass(frozen=True)
class Prose:
    key: str
    heading: str | None  # a topic's heading (（一）主动公开); None: the section's own text


@dataclass(frozen=True)
class Section:
    heading: str  # 一、总体情况 …
    parts: tuple[Prose | Table, ...]


@dataclass(frozen=True)
class Outline:
    edition: Edition
    sections: tuple[Section, ...]

    @property
    def subtitle(self) -> str:
        """The format the report follows: （中华人民共和国政府信息公开工作年度报告格式，国办公开办函〔2021〕30号）."""
        return f"（{self.edition.title}，{self.edition.issued_by}）"

    @property
    def tables(self) -> list[Table]:
        return [p for s in self.sections for p in s.parts if isinstance(p, Table)]

    @staticmethod
    def title(unit: str | None, year: int | None, *, units: int | None = None) -> str:
        """拖船镇人民政府2020年政府信息公开工作年度报告 (placeholders where the unit or the year is missing);
        ``units``: the compilation of that many units' reports (某某县2025年政府信息公开工作年度报告汇编（25个单位）)."""
        return "".join(Outline.title_parts(unit, year, units=units))

    @staticmethod
    def title_parts(unit: str | None, year: int | None, *, units: int | None = None) -> tuple[str, ...]:
        """The title's pieces, where a title too long for one line may break: the unit, the year's report and
        the compilation's count."""
        report = f"{year if year is not None else NO_YEAR}{TITLE_TAIL}"
        return (unit or NO_UNIT, report, *([f"{COMPILATION}（{units}个单位）"] if units is not None else []))


@cache
def outline(edition: Edition) -> Outline:
    """The parts of a report of ``edition``, in the order the official format prints them."""
    prose = list(edition.prose)
    sections = []
    for heading in edition.sections:
        parts: list[Prose | Table] = []
        for i, p in enumerate(prose):
            if p.level == 0 and p.heading == heading:
                parts.append(Prose(p.key, None))
                for topic in prose[i + 1:]:
                    if topic.level == 0:
                        break
                    parts.append(Prose(topic.key, topic.heading))
        parts += [table(t) for t in edition.tables if t.heading == heading]
        sections.append(Section(heading, tuple(parts)))
    return Outline(edition, tuple(sections))


def table(layout: TableLayout) -> Table:
    """The grid of ``layout``: its spans and slots as cells, gaps filled; a cell overlapping another is an error."""
    cells = [Cell(s.row, s.col, s.role, text=s.text, rows=s.rows, cols=s.cols)
             for s in layout.spans if s.col < layout.width]
    cells += [Cell(s.row, s.col, "value", key=s.key, cols=s.cols) for s in layout.slots if s.col < layout.width]
    covered: set[tuple[int, int]] = set()
    for c in cells:
        for at in ((r, col) for r in range(c.row, c.row + c.rows) for col in range(c.col, c.col + c.cols)):
            if at in covered or at[0] >= layout.height or at[1] >= layout.width:
                raise ValueError(f"table {layout.id}: {c} overlaps another cell or leaves the grid at {at}")
            covered.add(at)
    cells += [Cell(r, col, "empty") for r in range(layout.height) for col in range(layout.width)
              if (r, col) not in covered]
    rows = tuple(tuple(sorted((c for c in cells if c.row == r), key=lambda c: c.col)) for r in range(layout.height))
    return Table(layout.id, layout.name, layout.width, layout.header_rows, rows, _aside(layout))


def _aside(layout: TableLayout) -> tuple[tuple[str, str], ...]:
    """Each slot past the width with its label: the nearest span above it in its column."""
    out = []
    for slot in (s for s in layout.slots if s.col >= layout.width):
        labels = [s for s in layout.spans if s.col == slot.col and s.row <= slot.row]
        out.append((max(labels, key=lambda s: s.row).text if labels else "", slot.key))
    return tuple(out)
