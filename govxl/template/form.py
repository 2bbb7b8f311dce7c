"""The main form sheet: title, identification block, the six sections with their tables and prose areas.

:func:`write_form` is shared by the template and the county's consolidated workbook: every key of the
edition gets its defined name, input cells are unlocked and marked, labels and formulas locked.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from govxl.outline import NO_UNIT, NO_YEAR, TITLE_TAIL, Outline, outline
from govxl.schema import Edition, Field, Kind, TableLayout
from govxl.template.layout import Block, FormLayout, form_layout
from govxl.template.names import MAIN_SHEET
from govxl.template.styles import LINE_HEIGHT, Styles, lines_needed, styles
from govxl.template.validation import validation

EDITION_KEY = "meta_edition"  # the one identification field the template fills and locks
GRID_WIDTH = 7.5  # every grid column (character units): 表四's 15 columns fill a portrait page
ASIDE_WIDTH = 36  # the hints column right of the printed form
MAX_ROW_HEIGHT = 409.0  # Excel's limit
DEFAULT_HEIGHT = 15.0
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.4, "bottom": 0.5}  # inches; the footer sits in the bottom margin
A4_PRINTABLE = (595.0 - (MARGINS["left"] + MARGINS["right"]) * 72,  # points: A4 portrait less the margins
                842.0 - (MARGINS["top"] + MARGINS["bottom"]) * 72)
PROTECTION = {"select_locked_cells": True, "select_unlocked_cells": True}  # protected sheets, no password
_MISSING = object()


def cell_ref(sheet: str, row: int, col: int) -> str:
    """Absolute reference ``'年度报告'!$D$5`` to a 0-based cell."""
    return f"{quote_sheetname(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def internal_link(sheet: str, row: int, col: int) -> str:
    """A hyperlink target (``write_url``) to a 0-based cell of ``sheet`` in the same workbook."""
    return f"internal:{quote_sheetname(sheet)}!{xl_rowcol_to_cell(row, col)}"


def sum_formula(cells: Sequence[tuple[int, int]]) -> str:
    """``=SUM(…)`` over the cells, merged into ranges where they are contiguous in a row or column."""
    runs: list[list[tuple[int, int]]] = []
    for r, c in cells:
        run = runs[-1] if runs else None
        if run and (
            (len(run) == 1 and (r, c) in ((run[0][0], run[0][1] + 1), (run[0][0] + 1, run[0][1])))
            or (len(run) > 1 and (r - run[-1][0], c - run[-1][1]) == (run[1][0] - run[0][0], run[1][1] - run[0][1]))
        ):
            run.append((r, c))
        else:
            runs.append([(r, c)])
    parts = [
        xl_rowcol_to_cell(*run[0]) if len(run) == 1 else f"{xl_rowcol_to_cell(*run[0])}:{xl_rowcol_to_cell(*run[-1])}"
        for run in runs
    ]
    return f"=SUM({','.join(parts)})"


def write_form(
    workbook: xlsxwriter.Workbook,
    edition: Edition,
    *,
    year: int | None,
    values: Mapping[str, object] | None = None,
    formulas: Mapping[str, str] | None = None,
    sheet_name: str = MAIN_SHEET,
) -> FormLayout:
    """Write the form sheet of ``edition`` into ``workbook``; every key gets its defined name.

    A key's cell holds ``formulas[key]`` if given (with ``values[key]`` as its cached result), else
    ``values[key]`` (text is always written as text, never as a formula), else the template default: blank
    input, the year, or a computed cell's SUM.
    """
    layout = form_layout(edition, sheet_name)
    ws = workbook.add_worksheet(sheet_name)
    st = styles(workbook)
    widths = [GRID_WIDTH] * layout.width + [ASIDE_WIDTH]
    for col, w in enumerate(widths):
        ws.set_column(col, col, w)
    heights: dict[int, float] = {}
    writer = _Writer(ws, st, edition, layout, widths, heights, year, values or {}, formulas or {})
    for block in layout.blocks:
        writer.draw(block)
    for key, (row, col) in layout.cells.items():
        workbook.define_name(key, "=" + cell_ref(sheet_name, row, col))
        rule = validation(edition[key], edition)
        if rule is not None:
            ws.data_validation(row, col, row, col, rule)
    for row, h in heights.items():
        ws.set_row(row, min(h, MAX_ROW_HEIGHT))
    _page_setup(ws, layout, widths, heights)
    return layout


def page_breaks(layout: FormLayout, widths: list[float], heights: dict[int, float]) -> list[int]:
    """Rows to start new printed pages at: pages filled in order, a heading kept with what follows it, no
    prose area split, a table split only before one of its captions (表二's blocks)."""
    width_pt = sum((w * 7 + 5) * 0.75 for w in widths[:layout.width])  # a character unit is 7 px + 5 px padding
    capacity = A4_PRINTABLE[1] / min(1.0, A4_PRINTABLE[0] / width_pt)
    first, last = layout.printed
    starts = [b.row for i, b in enumerate(layout.blocks) if first < b.row <= last
              and layout.blocks[i - 1].kind not in ("heading", "subheading")]
    starts += [b.row + s.row for b in layout.blocks if b.table for s in b.table.spans if s.role == "caption" and s.row]
    starts.sort()
    breaks, used = [], 0.0
    for top, end in zip([first, *starts], [*starts, last + 1]):
        h = sum(heights.get(r, DEFAULT_HEIGHT) for r in range(top, end))
        if used and used + h > capacity:
            breaks.append(top)
            used = 0.0
        used += h
    return breaks


def _page_setup(ws: Worksheet, layout: FormLayout, widths: list[float], heights: dict[int, float]) -> None:
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    ws.print_area(layout.printed[0], 0, layout.printed[1], layout.width - 1)
    ws.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.25})
    ws.set_h_pagebreaks(page_breaks(layout, widths, heights))
    ws.freeze_panes(layout.block("summary").row + 1, 0)
    ws.hide_gridlines(2)
    ws.protect("", {**PROTECTION, "format_rows": True})  # a clerk may heighten a prose area


def never_printed(ws: Worksheet, row: int, col: int) -> None:
    """Leave ``ws`` out of the printed workbook: its print area is one cell (``row``, ``col``) left empty."""
    ws.print_area(row, col, row, col)


class _Writer:
    """Draws the blocks of a :class:`FormLayout` and records the row heights they need."""

    def __init__(self, ws: Worksheet, st: Styles, edition: Edition, layout: FormLayout, widths: list[float],
                 heights: dict[int, float], year: int | None, values: Mapping[str, object],
                 formulas: Mapping[str, str]) -> None:
        self.ws, self.st, self.edition, self.layout = ws, st, edition, layout
        self.widths, self.heights, self.year = widths, heights, year
        self.values, self.formulas = values, formulas

    def need(self, row: int, text: str, first_col: int, last_col: int, rows: int = 1) -> None:
        """Make ``text`` fit, wrapped, in the cells ``first_col``–``last_col`` of ``rows`` rows from ``row``."""
        width = sum(self.widths[first_col:last_col + 1])
        total = lines_needed(text, width) * LINE_HEIGHT + 4
        have = sum(self.heights.get(r, DEFAULT_HEIGHT) for r in range(row, row + rows))
        if total > have:
            extra = (total - have) / rows
            for r in range(row, row + rows):
                self.heights[r] = self.heights.get(r, DEFAULT_HEIGHT) + extra

    def span(self, row: int, col: int, rows: int, last_col: int, text: str, fmt: object) -> None:
        if rows > 1 or last_col > col:
            self.ws.merge_range(row, col, row + rows - 1, last_col, text, fmt)
        else:
            self.ws.write_string(row, col, text, fmt)
        self.need(row, text, col, last_col, rows)

    def draw(self, b: Block) -> None:
        last = self.layout.width - 1
        match b.kind:
            case "title":
                self.ws.merge_range(b.row, 0, b.row, last, "", self.st.title)
                self.ws.write_formula(b.row, 0, self.title_formula(), self.st.title, self.title_value())
                self.heights[b.row] = 32
            case "summary":
                self.ws.merge_range(b.row, 0, b.row, last, "", self.st.summary)
                self.heights[b.row] = 22
            case "subtitle":
                self.ws.merge_range(b.row, 0, b.row, last, outline(self.edition).subtitle, self.st.subtitle)
            case "heading":
                self.ws.write_string(b.row, 0, b.text, self.st.heading)
                for col in range(1, last + 1):
                    self.ws.write_blank(b.row, col, None, self.st.heading)
                self.heights[b.row] = 24
            case "subheading":
                self.ws.write_string(b.row, 0, b.text, self.st.subheading)
            case "note":
                self.ws.write_string(b.row, 0, b.text, self.st.hint)
            case "field":
                self.field_row(b)
            case "prose":
                self.prose(b)
            case "table":
                self.table(b)

    def title_formula(self) -> str:
        return (f'=IF(LEN(TRIM(meta_unit))>0,TRIM(meta_unit),"{NO_UNIT}")'
                f'&IF(ISNUMBER(meta_year),meta_year,"{NO_YEAR}")&"{TITLE_TAIL}"')

    def title_value(self) -> str:
        """The title formula's result for the values written (what is read before any recalculation)."""
        unit = " ".join(part for part in str(self.values.get("meta_unit") or "").split(" ") if part)  # Excel TRIM
        year = self.values.get("meta_year", self.year)
        return Outline.title(unit or None, year if isinstance(year, int) else None)

    def field_row(self, b: Block) -> None:
        assert b.key is not None
        f = self.edition[b.key]
        row, col = self.layout.cells[b.key]
        self.span(row, 0, 1, col - 1, f.label, self.st.field_label)
        self.ws.merge_range(row, col, row, self.layout.width - 1, "", self.style_of(f))
        self.content(row, col, f, self.layout.width - 1)
        hint = ("必填。" if f.required else "") + f.hint
        if hint:
            self.ws.write_string(row, self.layout.aside, hint, self.st.hint)
            self.need(row, hint, self.layout.aside, self.layout.aside)

    def prose(self, b: Block) -> None:
        assert b.key is not None
        f = self.edition[b.key]
        last = self.layout.width - 1
        self.ws.merge_range(b.row, 0, b.row + b.rows - 1, last, "", self.st.prose_input)
        self.content(b.row, 0, f, last)
        text = self.values.get(b.key)
        self.need(b.row, "字" * b.chars, 0, last, b.rows)  # room for the section's usual length
        if isinstance(text, str):
            self.need(b.row, text, 0, last, b.rows)

    def table(self, b: Block) -> None:
        t: TableLayout = b.table  # type: ignore[assignment]
        grid = self.layout.grids[t.id]
        for s in t.spans:
            fmt = self.st.hint if s.col >= t.width else self.st.label if s.role == "label" else self.st.header
            self.span(b.row + s.row, grid.first(s.col), s.rows, grid.last(s.col + s.cols - 1), s.text, fmt)
        for slot in t.slots:
            row, col, last = b.row + slot.row, grid.first(slot.col), grid.last(slot.col + slot.cols - 1)
            f = self.edition[slot.key]
            if last > col:
                self.ws.merge_range(row, col, row, last, "", self.style_of(f))
            self.content(row, col, f, last)

    def style_of(self, f: Field, formula: bool = False) -> object:
        if formula or f.computed and f.key not in self.values:
            return self.st.computed
        if f.key == EDITION_KEY:
            return self.st.fixed
        if f.kind.numeric or f.kind is Kind.YEAR:
            return self.st.number_input
        if f.kind is Kind.DATE:
            return self.st.date_input
        return self.st.prose_input if f.section == "text" else self.st.text_input

    def content(self, row: int, col: int, f: Field, last_col: int) -> None:
        """Write the cell of ``f``: the given formula, the given value, or the template default."""
        ws = self.ws
        if f.key in self.formulas:  # values[key], if given, is the formula's cached result
            ws.write_formula(row, col, self.formulas[f.key], self.style_of(f, formula=True), self.values.get(f.key, 0))
            return
        value = self.values.get(f.key, _MISSING)
        if value is _MISSING:
            if f.computed:
                cells = [self.layout.cells[k] for k in f.sum_of]
                ws.write_formula(row, col, sum_formula(cells), self.st.computed)
                return
            value = self.edition.id if f.key == EDITION_KEY else self.year if f.kind is Kind.YEAR else None
        style = self.style_of(f)
        if value is None:
            ws.write_blank(row, col, None, style)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, style)
        elif isinstance(value, (int, float)) and math.isfinite(value):
            ws.write_number(row, col, value, style)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, value, self.st.date_input if style is not self.st.computed else style)
        else:
            text = str(value)
            ws.write_string(row, col, text, style)
            if f.section != "text":
                self.need(row, text, col, last_col)
