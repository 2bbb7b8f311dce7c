"""The county's consolidated workbook: 汇总 (the official form, totals as formulas over 明细), 明细, 报送情况,
校验, 来源 and 图表 — written whole or not at all.

汇总 carries the template's defined names and edition record, so ``govxl.read`` reads it as the county's
own report (a city merges its counties' consolidated workbooks the same way). User text is always written
as text: a unit called ``=HYPERLINK(…)`` stays text in every sheet.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_range_abs
from xlsxwriter.worksheet import Worksheet

import govxl
from govxl.consolidation.charts import write_charts
from govxl.consolidation.received import Entry, Status, UnitStatus
from govxl.consolidation.sums import sum_cells
from govxl.files import replacing
from govxl.findings import Finding
from govxl.report import CONSOLIDATED
from govxl.rules import rule
from govxl.schema import Edition, Field
from govxl.template import write_form
from govxl.template.form import sum_formula
from govxl.template.layout import form_layout
from govxl.template.names import (
    DETAIL_TABLE,
    KIND_CONSOLIDATED,
    META_SHEET,
    PROP_EDITION,
    PROP_GOVXL_VERSION,
    PROP_KIND,
    PROP_TEMPLATE_VERSION,
    RECORD_MEMBER,
    TEMPLATE_VERSION,
)
from govxl.template.styles import LINE_HEIGHT, lines_needed

if TYPE_CHECKING:
    from govxl.consolidation.result import MergeResult

SUM_SHEET = "汇总"
DETAIL_SHEET = "明细"
STATUS_SHEET = "报送情况"
FINDINGS_SHEET = "校验"
SOURCES_SHEET = "来源"
CELLS_SHEET = "单元格位置"
HEAD_ROWS = 2
HOW = {"name": "", "label": "（按标签定位）", "formula": "（按公式重算）", "import": "（导入）"}
HOW_READ = {"name": "按定义名称", "label": "按标签定位", "formula": "按公式重算", "import": "导入"}
NO_PATH_GROUP = "补充项"
PAPER_A4 = 9
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.7, "bottom": 0.6}  # inches; the header and footer sit in them
PORTRAIT_WIDTH = 595.0 - (MARGINS["left"] + MARGINS["right"]) * 72  # points printable across A4 portrait
MIN_SCALE = 0.85  # a list printed portrait is shrunk at most this much to fit the width
CELLS_SHOWN = 3  # 校验 names a finding's first cells (all of them: --json, MergeResult.findings)


class _NumbersSheet(Worksheet):
    """A worksheet that also takes a row's run of numbers as one entry (明细: a row per unit, a column per value
    key, millions of cells in a province), each written straight into the sheet's XML as xlsxwriter writes a
    number without a format (``<c r="…"><v>…</v></c>``, ``:.16G``), not kept as an object per cell. The
    columns and rows of the runs carry no format."""

    def write_numbers(self, row: int, col: int, numbers: Sequence[float]) -> None:
        """``numbers[i]`` into (``row``, ``col + i``); NaN leaves its cell blank."""
        if numbers:
            self._check_dimensions(row, col)
            self._check_dimensions(row, col + len(numbers) - 1)
            self.table[row][col] = _Numbers(numbers)

    def _calculate_spans(self) -> None:
        """No row spans (optional, and xlsxwriter's own constant_memory mode omits them too): a run of numbers
        is one entry, not one per column the spans would count."""
        self.row_spans: dict[int, str] = {}

    def _write_cell(self, row: int, col: int, cell: object) -> None:
        if isinstance(cell, _Numbers):
            self.fh.write(cell.xml(row, col))
        else:
            super()._write_cell(row, col, cell)


class _Numbers:
    """A row's run of numbers (NaN: a blank cell), one entry of a :class:`_NumbersSheet`'s table."""

    __slots__ = ("numbers",)

    def __init__(self, numbers: Sequence[float]) -> None:
        self.numbers = numbers

    def xml(self, row: int, col: int) -> str:
        at = f'{row + 1}"><v>'
        text = _WHOLE_TEXT.get
        return "".join([f"{start}{at}{text(x) or format(x, '.16G')}</v></c>"
                        for start, x in zip(_cell_starts(col, len(self.numbers)), self.numbers) if x == x])  # not NaN


_WHOLE_TEXT = {float(i): str(i) for i in range(10_000)}  # how .16G writes the counts most cells hold


@lru_cache(maxsize=64)
def _cell_starts(col: int, n: int) -> tuple[str, ...]:
    """The opening ``<c r="AB`` of the cells of columns ``col`` … ``col + n - 1``."""
    return tuple(f'<c r="{xl_col_to_name(c)}' for c in range(col, col + n))


def write_workbook(path: str | os.PathLike[str], result: MergeResult) -> Path:
    """Write the consolidated workbook of ``result`` to ``path`` (replaced only once complete)."""
    with replacing(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                            "strings_to_urls": False})
        _Book(wb, result).write()
        wb.close()
    return Path(path)


def value_headers(edition: Edition) -> list[tuple[str, str]]:
    """(table › row, column) header of each value key, in the edition's order."""
    out = []
    for f in edition.value_fields:
        if f.path and f.section in {t.id for t in edition.tables}:
            out.append((" › ".join((edition.table(f.section).name, *f.path[:-1])), f.path[-1]))
        else:
            out.append((NO_PATH_GROUP, f.label))
    return out


def width_points(widths: Sequence[float]) -> float:
    """Printed width of columns ``widths`` (character units): 7 px a unit plus 5 px padding, 0.75 pt a px."""
    return sum((w * 7 + 5) * 0.75 for w in widths)


class _Book:
    def __init__(self, wb: xlsxwriter.Workbook, result: MergeResult) -> None:
        self.wb, self.r = wb, result
        self.e: Edition = result.edition
        self.adopted: list[Entry] = [e for _, entries in result.by_roster_unit() for e in entries
                                     if e.status is Status.ADOPTED]  # in roster order
        self.title = f"{result.name}{result.year or ''}年政府信息公开工作年度报告汇总"
        self.ids: list[Field] = [self.e[k] for k in self.e.keys("meta") if k != "meta_edition"]
        self.head = wb.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2", "text_wrap": True,
                                   "align": "center", "valign": "vcenter"})
        self.date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.error = wb.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "valign": "top"})
        self.by_file: dict[str, list[Entry]] = {}
        for e in result.entries:
            self.by_file.setdefault(e.file, []).append(e)
        self.shown: dict[Path, str] = {}  # each file's name as shown, worked out once (several sheets name it)

    def file_name(self, path: Path) -> str:
        if path not in self.shown:
            self.shown[path] = self.r.file_name(path)
        return self.shown[path]

    def write(self) -> None:
        wb = self.wb
        wb.set_properties({"title": self.title,
                           "subject": self.e.title, "author": "govxl"})
        for name, value in {PROP_EDITION: self.e.id, PROP_TEMPLATE_VERSION: TEMPLATE_VERSION,
                            PROP_GOVXL_VERSION: govxl.__version__, PROP_KIND: KIND_CONSOLIDATED}.items():
            wb.set_custom_property(name, value)
        self.summary()
        self.detail()
        self.status()
        self.findings()
        self.sources()
        self.printed(write_charts(wb, self.e, [(e.roster_unit or "", e.read) for e in self.adopted], self.r.totals),
                     head_rows=0)
        self.meta()
        wb.get_worksheet_by_name(SUM_SHEET).activate()

    def printed(self, ws: Worksheet, head_rows: int, widths: Sequence[float] | None = None, *,
                across: bool = False) -> None:
        """Print ``ws`` on A4: its first ``head_rows`` rows on every page, the workbook's title and the sheet's
        name above, page numbers below. A list fits the page width, portrait if its columns ``widths`` nearly
        fit one, else landscape; a table ``across`` (a column per value key: hundreds) prints landscape across
        pages, its first column (the unit) repeated on every page."""
        ws.set_paper(PAPER_A4)
        if widths is not None and width_points(widths) * MIN_SCALE <= PORTRAIT_WIDTH:
            ws.set_portrait()
        else:
            ws.set_landscape()
        ws.set_margins(**MARGINS)
        if head_rows:
            ws.repeat_rows(0, head_rows - 1)
        if across:
            ws.repeat_columns(0)
        else:
            ws.fit_to_pages(1, 0)
        ws.set_header(f"&L{self.title.replace('&', '&&')}&R&A")
        ws.set_footer("&C第 &P 页，共 &N 页")

    def list_sheet(self, name: str, columns: Sequence[str], widths: Sequence[float]) -> Worksheet:
        """A sheet listing rows under one header row of ``columns``; its cells wrap, aligned at the top."""
        ws = self.wb.add_worksheet(name)
        for c, (text, w) in enumerate(zip(columns, widths)):
            ws.write_string(0, c, text, self.head)
            ws.set_column(c, c, w, self.wrap)  # cells written without a format take it
        self.fit(ws, 0, dict(enumerate(columns)), widths)
        return ws

    @staticmethod
    def fit(ws: Worksheet, row: int, texts: Mapping[int, str], widths: Sequence[float]) -> None:
        """Make ``row`` tall enough for its wrapped ``texts`` (column -> text): a spreadsheet opening the file
        does not grow it by itself, and a printed row would cut its text off."""
        lines = max((lines_needed(text, widths[c]) for c, text in texts.items()
                     if text and not (2 * len(text) <= widths[c] - 1 and "\n" not in text)), default=1)  # else one line
        if lines > 1:
            ws.set_row(row, lines * LINE_HEIGHT + 2)

    # -- 汇总 ----------------------------------------------------------------------------------------
    def summary(self) -> None:
        e, n = self.e, len(self.adopted)
        layout = form_layout(e, SUM_SHEET)
        first_col = len(self.id_columns())
        formulas: dict[str, str] = {}
        for i, f in enumerate(e.value_fields):
            if f.computed and self.r.totals[f.key] == sum(self.r.totals[k] for k in f.sum_of):
                formulas[f.key] = sum_formula([layout.cells[k] for k in f.sum_of])  # the template's own formula
            elif n:
                col = xl_col_to_name(first_col + i)
                formulas[f.key] = f"=SUM({quote_sheetname(DETAIL_SHEET)}!{col}{HEAD_ROWS + 1}:{col}{HEAD_ROWS + n})"
        values = sum_cells(e, self.r.totals, name=self.r.name, year=self.r.year)  # the formulas' cached results
        write_form(self.wb, e, year=self.r.year, values=values, formulas=formulas, sheet_name=SUM_SHEET)

    # -- 明细 ----------------------------------------------------------------------------------------
    def headers(self, ws: Worksheet, first: Sequence[str]) -> int:
        """Two header rows: identification columns, then (table › row, column) per value key."""
        if len(first) > 1:
            ws.merge_range(0, 0, 0, len(first) - 1, "单位信息", self.head)
        else:
            ws.write_string(0, 0, "单位信息", self.head)
        for c, text in enumerate(first):
            ws.write_string(1, c, text, self.head)
            ws.set_column(c, c, 14)
        groups = value_headers(self.e)
        start = 0
        for i, (group, column) in enumerate(groups):
            ws.write_string(1, len(first) + i, column, self.head)
            if i + 1 == len(groups) or groups[i + 1][0] != group:
                a, b = len(first) + start, len(first) + i
                if a == b:
                    ws.write_string(0, a, group, self.head)
                else:
                    ws.merge_range(0, a, 0, b, group, self.head)
                start = i + 1
        ws.set_column(len(first), len(first) + len(groups) - 1, 10)
        ws.set_row(0, 45)
        ws.set_row(1, 30)
        ws.freeze_panes(HEAD_ROWS, 1)
        return len(first)

    def id_columns(self) -> list[str]:
        return ["名单中的单位", *(f"报告中的{f.label}" if f.key == "meta_unit" else f.label for f in self.ids), "文件"]

    def id_cells(self, ws: Worksheet, row: int, entry: Entry) -> None:
        fig = entry.read
        ws.write_string(row, 0, entry.roster_unit or "")
        for c, f in enumerate(self.ids, start=1):
            if f.key == "meta_date" and fig.date is not None:
                ws.write_datetime(row, c, dt.datetime.combine(fig.date, dt.time()), self.date)
            elif f.key in fig.meta:
                ws.write_string(row, c, fig.meta[f.key])
        ws.write_string(row, len(self.ids) + 1, self.file_name(entry.path))

    def detail(self) -> None:
        ws = self.wb.add_worksheet(DETAIL_SHEET, worksheet_class=_NumbersSheet)
        first = self.headers(ws, self.id_columns())
        keys = [f.key for f in self.e.value_fields]
        for r, entry in enumerate(self.adopted, start=HEAD_ROWS):
            self.id_cells(ws, r, entry)
            fig = entry.read
            start = 0  # the numbers run from here up to the next text typed where a number belongs
            for i in sorted(self.e.value_index[k] for k in fig.invalid):
                ws.write_numbers(r, first + start, fig.numbers[start:i])
                ws.write_string(r, first + i, fig.invalid[keys[i]], self.error)
                start = i + 1
            ws.write_numbers(r, first + start, fig.numbers[start:])
        last_row = HEAD_ROWS + max(len(self.adopted), 1) - 1
        last_col = first + len(keys) - 1
        ws.autofilter(1, 0, last_row, last_col)
        self.printed(ws, HEAD_ROWS, across=True)
        self.wb.define_name(DETAIL_TABLE, f"={quote_sheetname(DETAIL_SHEET)}!"
                            f"{xl_range_abs(HEAD_ROWS, first, last_row, last_col)}")

    # -- 来源 and 单元格位置 -------------------------------------------------------------------------
    def sources(self) -> None:
        """Per unit: the file, sheet and how it was read, and its group of cell addresses (单元格位置).

        Reports of one layout share their addresses, so 单元格位置 has one row per layout, not per unit:
        any number of units fits Excel's row limit and the file stays small.
        """
        groups: dict[tuple, tuple[int, str, str]] = {}  # addresses -> (group number, sheets, how read)
        columns = ("名单中的单位", "文件", "工作表", "读取方式", f"单元格位置组（见“{CELLS_SHEET}”）")
        widths = (22, 36, 14, 20, 14)
        ws = self.list_sheet(SOURCES_SHEET, columns, widths)
        for r, entry in enumerate(self.adopted, start=1):
            where = entry.read.where
            if where not in groups:
                groups[where] = (len(groups) + 1, "、".join(sorted({w[0] for w in where if w[0]})),
                                 "、".join(sorted({HOW_READ.get(w[2], w[2]) for w in where if w[1]})))
            n, sheets, how = groups[where]
            ws.write_string(r, 0, entry.roster_unit or "")
            ws.write_string(r, 1, self.file_name(entry.path))
            self.fit(ws, r, {1: self.file_name(entry.path)}, widths)
            ws.write_string(r, 2, sheets)
            ws.write_string(r, 3, how)
            ws.write_number(r, 4, n)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(len(self.adopted), 1), len(columns) - 1)
        self.printed(ws, 1, widths)
        cells = self.wb.add_worksheet(CELLS_SHEET)
        first = self.headers(cells, ["单元格位置组"])
        for r, (where, (n, _, _)) in enumerate(groups.items(), start=HEAD_ROWS):
            cells.write_number(r, 0, n)
            for c, (sheet, cell, how) in enumerate(where, start=first):
                if cell:
                    cells.write_string(r, c, f"{sheet}!{cell}{HOW.get(how, '')}")
        self.printed(cells, HEAD_ROWS, across=True)

    # -- 报送情况 ------------------------------------------------------------------------------------
    def status(self) -> None:
        columns = ("名单中的单位", "单位类别", "行政区划代码", "报送状态", "文件状态", "报告中的单位名称", "文件",
                   "填报日期", "报告年度", "格式版本", "错误数", "提示数", "说明", "文件 SHA-256")
        widths = (20, 12, 13, 14, 16, 20, 30, 11, 8, 8, 6, 6, 30, 66)
        ws = self.list_sheet(STATUS_SHEET, columns, widths)
        r = 1
        for unit, entries in self.r.by_roster_unit():
            rows: list[Entry | None] = [*entries] or [None]  # a roster unit without a report has a row too
            for entry in rows:
                if unit is not None:
                    ws.write_string(r, 0, unit.name)
                    ws.write_string(r, 1, unit.level or "")
                    ws.write_string(r, 2, unit.code or "")
                    done = self.r.unit_status(unit.name)
                    ws.write_string(r, 3, done.label, None if done is UnitStatus.SUBMITTED else self.error)
                if entry is not None:
                    self.status_entry(ws, r, entry)
                    self.fit(ws, r, {5: entry.unit or "", 6: self.file_name(entry.path), 12: entry.reason}, widths)
                r += 1
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(r - 1, 1), len(columns) - 1)
        self.printed(ws, 1, widths[:-1])
        ws.print_area(0, 0, max(r - 1, 1), len(columns) - 2)  # the SHA-256 is for machines, not for paper

    def status_entry(self, ws: Worksheet, r: int, entry: Entry) -> None:
        ws.write_string(r, 4, entry.status.label)
        ws.write_string(r, 6, self.file_name(entry.path))
        fig = entry.figures
        if fig is not None:
            ws.write_string(r, 5, fig.unit or "（未填写）")
            if fig.date is not None:
                ws.write_datetime(r, 7, dt.datetime.combine(fig.date, dt.time()), self.date)
            if fig.year is not None:
                ws.write_number(r, 8, fig.year)
            ws.write_string(r, 9, fig.edition.id)
            ws.write_number(r, 10, entry.errors)
            ws.write_number(r, 11, entry.warnings)
        ws.write_string(r, 12, entry.reason)
        ws.write_string(r, 13, entry.sha256)

    # -- 校验 ----------------------------------------------------------------------------------------
    def findings(self) -> None:
        """Every finding, errors first, in roster order: the unit's roster name, its name as reported beside it."""
        columns = ("名单中的单位", "报告中的单位名称", "文件", "级别", "规则", "规则内容", "单元格", "问题及处理",
                   "填报单位的说明")
        widths = (18, 18, 24, 6, 16, 20, 18, 60, 24)
        ws = self.list_sheet(FINDINGS_SHEET, columns, widths)
        order = {u.name: i for i, u in enumerate(self.r.roster.units)}
        rows = []
        for f in self.r.findings:
            entry = self.entry_of(f)
            roster = entry.roster_unit if entry else f.unit if f.file is None else None  # no file: a unit or the sum
            cells = "、".join(c.where or c.label or c.key for c in f.cells[:CELLS_SHOWN])
            cells += f" 等 {len(f.cells)} 格" if len(f.cells) > CELLS_SHOWN else ""
            texts = (roster or "", entry.unit or "" if entry else "", self.file_name(Path(f.file)) if f.file else "",
                     f.severity.label, f.rule, rule(f.rule).title, cells, f.message, f.explanation or "")
            rows.append(((f.severity != "error", order.get(roster or "", len(order))), f, texts))
        rows.sort(key=lambda row: row[0])
        for r, (_, f, texts) in enumerate(rows, start=1):
            for c, text in enumerate(texts):
                ws.write_string(r, c, text, self.error if c == 3 and f.severity == "error" else None)
            self.fit(ws, r, dict(enumerate(texts)), widths)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        self.printed(ws, 1, widths)

    def entry_of(self, f: Finding) -> Entry | None:
        """The received report (or file) ``f`` is about: its file's report of its unit, or its file's only one."""
        mine = self.by_file.get(f.file or "", [])
        return next((e for e in mine if f.unit in (e.unit, e.roster_unit)), mine[0] if len(mine) == 1 else None)

    # -- the record the reader recognises ----------------------------------------------------------
    def meta(self) -> None:
        ws = self.wb.add_worksheet(META_SHEET)
        rows = (("key", "value"), ("edition", self.e.id), ("template_version", TEMPLATE_VERSION),
                ("govxl_version", govxl.__version__), ("year", str(self.r.year)), ("kind", CONSOLIDATED),
                ("units", str(len(self.adopted))), *((RECORD_MEMBER, e.roster_unit or e.unit or "") for e in self.adopted))
        for r, (k, v) in enumerate(rows):
            ws.write_string(r, 0, k)
            ws.write_string(r, 1, v)
        ws.hide()
