"""Builders of workbooks NOT made from the govxl template, as counties and Word users make them.

Two sources: a real published report dumped from Word (``tests/data/*.txt``: one table cell
per line after a tab, wrapped text on the next lines, rows separated by blank lines), pasted into a sheet
the way Excel pastes a Word table; and an edition's own :class:`TableLayout`, drawn with the label drift
of real reports. Files are written with openpyxl and read back through the real loader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from govxl.reader.book import a1
from govxl.schema import Edition, TableLayout

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


# --- from an edition's layout, with the drift of real reports --------------------------------------


def drift(text: str) -> str:
    """Cosmetic drift: `1.`→`1、`, half-width brackets, ASCII quotes, `、`→`，`, a line break in long labels."""
    text = re.sub(r"^(\d+)\.", r"\1、", text)
    text = text.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    text = text.replace("、行政机关", "，行政机关")
    return text[:6] + "\n" + text[6:] if len(text) > 12 else text


def draw_table(ws: Worksheet, layout: TableLayout, values: Mapping[str, object], top: int, left: int = 0, *,
               relabel: Callable[[str], str] = drift, formulas: Mapping[str, tuple[str, ...]] | None = None,
               skip_rows: tuple[str, ...] = ()) -> dict[str, str]:
    """Draw ``layout`` at 0-based (top, left) with merged label cells; return key -> A1 of its value cell.

    ``formulas``: computed key -> the keys it sums, written as a ``=A1+B1…`` formula instead of a number.
    ``skip_rows``: keys of slots whose whole row is left out (an official row a county dropped).
    """
    skipped = {s.row for s in layout.slots if s.key in skip_rows}
    shift = {r: r - sum(1 for s in skipped if s < r) for r in range(layout.height)}
    for span in layout.spans:
        if span.row in skipped:
            continue
        r, c = top + shift[span.row], left + span.col
        ws.cell(r + 1, c + 1, relabel(span.text))
        rows = span.rows - sum(1 for s in skipped if span.row <= s < span.row + span.rows)
        if rows > 1 or span.cols > 1:
            ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rows, end_column=c + span.cols)
    where = {s.key: a1(top + shift[s.row], left + s.col) for s in layout.slots if s.row not in skipped}
    for slot in layout.slots:
        if slot.row in skipped:
            continue
        cell = ws.cell(top + shift[slot.row] + 1, left + slot.col + 1)
        if formulas and slot.key in formulas:
            cell.value = "=" + "+".join(where[k] for k in formulas[slot.key] if k in where)
        elif slot.key in values:
            cell.value = values[slot.key]
    return where


def draw_prose(ws: Worksheet, edition: Edition, texts: Mapping[str, str], top: int = 0) -> int:
    """The six section headings, each prose section's heading and text; return the next row."""
    r = top
    for section in edition.sections:
        ws.cell(r + 1, 1, section)
        r += 1
        for p in edition.prose:
            under = p.level == 1 and section == edition.sections[0] or p.heading == section
            if under and p.key in texts:
                ws.cell(r + 1, 1, f"{p.heading}。{texts[p.key]}" if p.level else texts[p.key])
                r += 1
    return r


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path
