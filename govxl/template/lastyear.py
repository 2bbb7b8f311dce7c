"""How the form shows what it took from last year's report (:mod:`govxl.template.carry`).

Each carried cell keeps its value in the carried style (still an unlocked input) with a comment saying where
it came from; last year's baselines sit in the aside column beside their table (outside the print area),
each with the defined name the live across-years checks read (:func:`govxl.template.names.baseline_name`).
"""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from govxl.template.carry import Carry
from govxl.template.form import cell_ref
from govxl.template.layout import FormLayout
from govxl.template.names import baseline_name
from govxl.template.styles import Styles, styles

EDITABLE = "如有误，可直接修改。"
COMMENT = {"author": "govxl", "x_scale": 1.6}


def write_carried(workbook: xlsxwriter.Workbook, layout: FormLayout, carry: Carry) -> None:
    ws = workbook.get_worksheet_by_name(layout.sheet_name)
    st = styles(workbook)
    source = f"（{carry.source}）" if carry.source else ""
    for c in carry.cells:
        row, col = layout.cells[c.key]
        _write(ws, row, col, c.value, st)
        ws.write_comment(row, col, f"{carry.note(c.origin)}{source}。{EDITABLE}", COMMENT)
    titles = "、".join(dict.fromkeys(f"“{c.rule.title}”" for c in carry.checks))
    for c in carry.baselines:
        (row, col), header = layout.beside(c.key)
        ws.write_string(*header, f"上年{c.counts}（{carry.report}）", st.header)
        _write(ws, row, col, c.value, st)
        where = (f"{carry.report}{source}的“{c.origin}”是空白，请照上年实际填写" if c.value is None
                 else f"{carry.note(c.origin)}{source}")
        ws.write_comment(row, col, f"{where}，是{titles}的上年基数。{EDITABLE}", COMMENT)
        workbook.define_name(baseline_name(c.key), "=" + cell_ref(layout.sheet_name, row, col))


def _write(ws: Worksheet, row: int, col: int, value: int | float | str | None, st: Styles) -> None:
    if value is None:
        ws.write_blank(row, col, None, st.carried)
    elif isinstance(value, str):
        ws.write_string(row, col, value, st.carried_text)
    else:
        ws.write_number(row, col, value, st.carried)
