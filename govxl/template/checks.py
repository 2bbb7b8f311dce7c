"""The live checks: one row per in-sheet check on the 校验 sheet, the counts, and their marks on the form.

Each check's status cell holds ``to_excel(check.expr)`` — the very expression the Python validator
evaluates — so the sheet and ``govxl.validate`` give the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from govxl.rules import Check, Severity, checks
from govxl.rules.engine import message_fields
from govxl.rules.expr import Expr, difference_excel, to_excel
from govxl.schema import Edition, Kind
from govxl.template.carry import Carry
from govxl.template.form import PROTECTION, cell_ref, internal_link, never_printed
from govxl.template.layout import FormLayout
from govxl.template.marks import filled_formula, mark_term, marks
from govxl.template.names import (
    CHECK_ERRORS,
    CHECK_WARNINGS,
    CHECKS_SHEET,
    FORM_FILLED,
    baseline_name,
    explain_name,
    status_name,
)
from govxl.template.styles import FAIL, FONT, INPUT_FILL, MARKS, PASS, WARN, lines_needed, mark_style

COLUMNS = (  # (header, width)
    ("检查内容", 44), ("级别", 6), ("状态", 6), ("差额", 8), ("提示信息", 70), ("说明", 30), ("规则编号", 30), ("结果", 7),
)
WHAT, LEVEL, STATUS, DIFF, MESSAGE, EXPLAIN, RULE, RESULT = range(len(COLUMNS))
FIRST = 3  # first check row (0-based): two count rows and the header row above
BLANK_CELLS_TEXT = "见表中标色的空白单元格"
MESSAGE_LINES = 2  # a failing check's message fits two lines
ROW_LINE = 13.5  # points per line of 10-point text
NOT_FILLED = "校验：填写后自动显示"


@dataclass(frozen=True)
class LiveCheck:
    check: Check
    row: int  # 0-based row on the checks sheet

    @property
    def severity(self) -> Severity:
        return self.check.rule.severity


def sheet_checks(edition: Edition) -> list[Check]:
    """The checks shown live in the sheet: in-sheet rules, value-type only on cells that are typed."""
    return [
        c for c in checks(edition)
        if c.rule.in_sheet and not (c.rule.typed_only and c.member is not None and c.member in edition
                                    and edition[c.member].computed)
    ]


def summary_formula() -> str:
    return (f'=IF(NOT({FORM_FILLED}),"{NOT_FILLED}",IF({CHECK_ERRORS}+{CHECK_WARNINGS}=0,"校验：全部通过",'
            f'"校验："&{CHECK_ERRORS}&" 处错误，"&{CHECK_WARNINGS}&" 处提示"))')


def write_checks(workbook: xlsxwriter.Workbook, edition: Edition, layout: FormLayout,
                 carry: Carry | None = None) -> list[LiveCheck]:
    """Write the 校验 sheet, CHECK_ERRORS / CHECK_WARNINGS, the form's summary line and its cell marks; a
    template carried from last year's report also checks live the across-years rules its baselines serve."""
    ws = workbook.add_worksheet(CHECKS_SHEET)
    fmt = _formats(workbook)
    for col, (header, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width, fmt["wrap"] if col in (WHAT, MESSAGE, EXPLAIN) else None)
        ws.write_string(FIRST - 1, col, header, fmt["header"])
    ws.set_column(RESULT, RESULT, COLUMNS[RESULT][1], None, {"hidden": True})
    across_years = carry.checks if carry else ()
    live = [LiveCheck(c, FIRST + i) for i, c in enumerate((*sheet_checks(edition), *across_years))]
    last = FIRST + len(live) - 1
    kind_of = lambda k: edition[k].kind  # noqa: E731
    for lc in live:
        c, r = lc.check, lc.row
        status = xl_rowcol_to_cell(r, RESULT, col_abs=True)
        ws.write_formula(r, RESULT, "=" + to_excel(c.expr, kind_of, last_of=baseline_name), fmt["cell"], True)
        what = c.rule.title + (f"（{c.where}）" if c.where else "")
        target = _target(c, layout)
        ws.write_url(r, WHAT, internal_link(layout.sheet_name, *target), fmt["link"], what,
                     f"转到{xl_rowcol_to_cell(*target)}")
        ws.write_string(r, RULE, c.id, fmt["id"])
        ws.write_string(r, LEVEL, lc.severity.label, fmt["center"])
        ws.set_row(r, max(lines_needed(what, COLUMNS[WHAT][1]), MESSAGE_LINES) * ROW_LINE + 4)
        ws.write_formula(r, STATUS, f'=IF({status},"✓","✗")', fmt["center"], "✓")
        diff = difference_excel(c.expr, last_of=baseline_name)
        if diff:
            ws.write_formula(r, DIFF, "=" + diff, fmt["cell"], 0)
        else:
            ws.write_blank(r, DIFF, None, fmt["cell"])
        ws.write_formula(r, MESSAGE, f'=IF({status},"",{message_formula(c, edition)})', fmt["cell"], "")
        workbook.define_name(status_name(c.id), "=" + cell_ref(CHECKS_SHEET, r, RESULT))
        if lc.severity is Severity.WARNING:
            ws.write_blank(r, EXPLAIN, None, fmt["explain"])
            workbook.define_name(explain_name(c.id), "=" + cell_ref(CHECKS_SHEET, r, EXPLAIN))
        else:
            ws.write_blank(r, EXPLAIN, None, fmt["cell"])
    _counts(workbook, ws, fmt, last)
    ws.write_formula(0, RESULT, filled_formula(edition, layout, carry.values if carry else ()), fmt["cell"], False)
    workbook.define_name(FORM_FILLED, "=" + cell_ref(CHECKS_SHEET, 0, RESULT))
    rows = f"$A${FIRST + 1}:${xl_col_to_name(RULE)}${last + 1}"
    level, result = xl_col_to_name(LEVEL), xl_col_to_name(RESULT)
    for label, style in ((Severity.ERROR.label, "fail"), (Severity.WARNING.label, "warn")):
        ws.conditional_format(rows, {"type": "formula", "format": fmt[style],
                                     "criteria": f'=AND(${result}{FIRST + 1}=FALSE,${level}{FIRST + 1}="{label}")'})
    ws.autofilter(FIRST - 1, 0, last, RULE)  # 状态 ✗ / 级别: the failing checks at a glance
    ws.freeze_panes(FIRST, 0)
    ws.set_paper(9)
    ws.set_landscape()
    never_printed(ws, 0, RESULT + 1)
    ws.protect("", {**PROTECTION, "autofilter": True, "sort": True})
    _mark_form(workbook, edition, layout, live, fmt)
    return live


def _target(check: Check, layout: FormLayout) -> tuple[int, int]:
    """The cell a check's row links to: its first strongly marked cell, else its first cell."""
    found = marks(check)
    key = next((m.key for m in found if m.strong), found[0].key if found else check.expr.keys[0])
    return layout.cells[key]


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, object]:
    base = {"font_name": FONT, "font_size": 10, "valign": "top", "border": 1, "text_wrap": True}
    return {
        "header": workbook.add_format({**base, "bold": True, "bg_color": "#F2F2F2", "align": "center"}),
        "cell": workbook.add_format(base),
        "link": workbook.add_format({**base, "font_color": "#0563C1", "underline": 1}),
        "id": workbook.add_format({**base, "text_wrap": False, "font_size": 9, "font_color": "#7F7F7F"}),
        "center": workbook.add_format({**base, "align": "center"}),
        "explain": workbook.add_format({**base, "locked": False, "bg_color": INPUT_FILL}),
        "wrap": workbook.add_format({"text_wrap": True}),
        "count": workbook.add_format({"font_name": FONT, "bold": True, "font_size": 12}),
        "note": workbook.add_format({"font_name": FONT, "font_size": 9, "font_color": "#595959", "text_wrap": True,
                                     "valign": "top"}),
        "banner": workbook.add_format({"font_name": FONT, "bold": True, "align": "center", "valign": "vcenter"}),
        **{name: workbook.add_format(props) for name, props in {"fail": FAIL, "warn": WARN, "pass": PASS, **MARKS}.items()},
    }


def _counts(workbook: xlsxwriter.Workbook, ws: Worksheet, fmt: dict[str, object], last: int) -> None:
    level = f"${xl_col_to_name(LEVEL)}${FIRST + 1}:${xl_col_to_name(LEVEL)}${last + 1}"
    result = f"${xl_col_to_name(RESULT)}${FIRST + 1}:${xl_col_to_name(RESULT)}${last + 1}"
    for row, (name, severity) in enumerate(((CHECK_ERRORS, Severity.ERROR), (CHECK_WARNINGS, Severity.WARNING))):
        ws.write_string(row, WHAT, f"未通过的{severity.label}（处）", fmt["count"])
        ws.write_formula(row, LEVEL, f'=COUNTIFS({level},"{severity.label}",{result},FALSE)', fmt["count"], 0)
        workbook.define_name(name, "=" + cell_ref(CHECKS_SHEET, row, LEVEL))
    ws.merge_range(0, STATUS, 1, EXPLAIN,
                   "本表自动计算，请勿修改。✗ 表示未通过：“错误”必须改正；“提示”请核对，如属实请在“说明”栏写明原因。"
                   "点击“检查内容”转到对应单元格；用表头的筛选按钮可只看 ✗。改正后状态自动变为 ✓。", fmt["note"])


def _mark_form(workbook: xlsxwriter.Workbook, edition: Edition, layout: FormLayout, live: list[LiveCheck],
               fmt: dict[str, object]) -> None:
    """The summary line of the form (linked to this sheet), and each cell marked while a check on it fails."""
    ws = workbook.get_worksheet_by_name(layout.sheet_name)
    summary = layout.block("summary").row
    ws.write_url(summary, 0, internal_link(CHECKS_SHEET, FIRST - 1, 0), fmt["banner"], NOT_FILLED)
    ws.write_formula(summary, 0, summary_formula(), fmt["banner"], NOT_FILLED)  # the link stays on the cell
    for criteria, style in ((f"=AND({FORM_FILLED},{CHECK_ERRORS}>0)", "fail"),
                            (f"=AND({FORM_FILLED},{CHECK_WARNINGS}>0)", "warn"), (f"={FORM_FILLED}", "pass")):
        ws.conditional_format(summary, 0, summary, layout.width - 1,
                              {"type": "formula", "criteria": criteria, "format": fmt[style], "stop_if_true": True})
    terms: dict[str, dict[str, list[str]]] = {}  # key -> mark style -> conditions
    for lc in live:
        failing = f"NOT({status_name(lc.check.id)})"
        for m in marks(lc.check):
            cell = xl_rowcol_to_cell(*layout.cells[m.key])
            style = mark_style(lc.severity, m.strong)
            terms.setdefault(m.key, {}).setdefault(style, []).append(mark_term(m, edition, cell, failing))
    for key, by_style in terms.items():
        row, col = layout.cells[key]
        for style in MARKS:  # strongest first: a cell shows the strongest mark that applies
            if style in by_style:
                ws.conditional_format(row, col, row, col, {
                    "type": "formula", "criteria": f"=AND({FORM_FILLED},OR({','.join(by_style[style])}))",
                    "format": fmt[style], "stop_if_true": True})


def message_formula(check: Check, edition: Edition) -> str:
    """The rule's message as an Excel string expression, its figures live (``{left}``, ``{value}`` …)."""
    keys = check.expr.keys
    value_key = next((k for k in keys if edition[k].kind not in (Kind.TEXT, Kind.CHOICE)), keys[0] if keys else None)
    sides = check.expr.comparison
    pieces: list[str] = []
    for literal, name, _, _ in Formatter().parse(check.rule.message):
        if literal:
            pieces.append(_text(literal))
        if name is None:
            continue
        if name in ("left", "right", "diff") and sides:
            left, right = (to_excel(Expr(check.expr.source, s), lambda _: Kind.COUNT, last_of=baseline_name)
                           for s in sides)
            body = {"left": left, "right": right, "diff": f"({left})-({right})"}[name]
            pieces.append(f"ROUND({body},6)")
        elif name == "value" and value_key:
            pieces.append(f'IF(ISBLANK({value_key}),"（空白）",{value_key}&"")')
        elif name == "count":
            pieces.append("(" + "+".join(f"ISBLANK({k})" for k in keys) + ")")
        else:
            pieces.append(_text(_static(name, check, edition, keys)))
    return "&".join(pieces) or '""'


def _static(name: str, check: Check, edition: Edition, keys: list[str]) -> str:
    # the live message cannot list 175 labels in a formula: the blank cells are coloured instead
    fields = {**message_fields(edition, keys), "where": check.where, "cells": BLANK_CELLS_TEXT}
    return str(fields.get(name, ""))


def _text(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'
