"""The 填报说明 sheet: how to fill the form, the counting rules printed in it, and what each check means."""

from __future__ import annotations

import xlsxwriter

from govxl.rules import RULES, Scope
from govxl.rules.engine import years_text
from govxl.schema import Edition
from govxl.template.carry import Carry
from govxl.template.checks import sheet_checks
from govxl.template.form import PROTECTION, never_printed
from govxl.template.names import CHECKS_SHEET, GUIDE_SHEET, MAIN_SHEET
from govxl.template.styles import FONT, INPUT_FILL, lines_needed

WIDTHS = (24, 8, 90)


def steps(edition: Edition) -> list[str]:
    return [
        f"本模板为《{edition.title}》（{edition.issued_by}），适用于{years_text(edition)}。",
        f"只在“{MAIN_SHEET}”表中浅黄色的单元格填写；其他单元格（标题、表头、合计公式）已锁定。"
        "工作表保护未设密码，但请勿取消保护、插入或删除行列。",
        "表格中的数字一律填阿拉伯数字；没有发生的填 0，不要留空，不要填“无”“—”“/”。",
        "合计（总计）单元格自动计算，不需要填写。",
        "第一、五、六部分的文字直接写在对应的大单元格中（单元格内换行按 Alt+Enter）；文字很长时可以拉高所在行。",
        f"填写过程中，表首的校验结果和“{CHECKS_SHEET}”表实时显示未通过的检查：出错的单元格标红并加粗框（错误）或标黄"
        "（提示），不平衡的合计所在的行、列浅色标出。点击表首的校验结果或检查内容可跳到相应位置。",
        f"打印时只打印“{MAIN_SHEET}”表中的报告正文（标题和六个部分）；表首的校验结果、单位信息、填写提示和选填项不打印。",
        f"“错误”必须改正后才能报送；“提示”请核对，如数字属实，在“{CHECKS_SHEET}”表该行的“说明”栏写明原因。",
        "报送时请提交本 Excel 文件本身（不要转换格式、不要另存为其他版本的模板）。",
    ]


def write_guide(workbook: xlsxwriter.Workbook, edition: Edition, carry: Carry | None = None) -> None:
    ws = workbook.add_worksheet(GUIDE_SHEET)
    base = {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True}
    title = workbook.add_format({**base, "bold": True, "font_size": 16})
    heading = workbook.add_format({**base, "bold": True, "font_size": 12, "bottom": 2})
    text = workbook.add_format(base)
    cell = workbook.add_format({**base, "border": 1})
    head = workbook.add_format({**base, "border": 1, "bold": True, "bg_color": "#F2F2F2"})
    sample = workbook.add_format({**base, "border": 1, "bg_color": INPUT_FILL})
    for col, w in enumerate(WIDTHS):
        ws.set_column(col, col, w)
    full = sum(WIDTHS)
    row = 0

    def para(s: str, fmt: object = text, height: float | None = None) -> None:
        nonlocal row
        ws.merge_range(row, 0, row, len(WIDTHS) - 1, s, fmt)
        ws.set_row(row, height or lines_needed(s, full) * 15 + 4)
        row += 1

    para("填报说明", title, 28)
    para("一、如何填写", heading, 22)
    for i, s in enumerate(steps(edition), 1):
        para(f"{i}. {s}")
    ws.write_string(row, 0, "浅黄色 = 需要填写", sample)
    row += 2
    para("二、统计口径（报告格式中的说明）", heading, 22)
    for s in edition.notes:
        para(s)
    row += 1
    para("三、校验规则", heading, 22)
    in_sheet = {c.rule.id for c in (*sheet_checks(edition), *(carry.checks if carry else ()))}
    for col, s in enumerate(("规则", "级别", "检查什么")):
        ws.write_string(row, col, s, head)
    row += 1
    for r in RULES:
        if (r.scope is not Scope.REPORT or r.in_sheet) and r.id not in in_sheet:  # live, or one report's
            continue
        where = "" if r.id in in_sheet else "（报送后由汇总单位检查）"
        ws.write_string(row, 0, r.id, cell)
        ws.write_string(row, 1, r.severity.label, cell)
        ws.write_string(row, 2, r.title + where, cell)
        row += 1
    row += 1
    para("“错误”：报告有误，必须改正后才能报送。“提示”：数字异常，请核对；属实的可保留，并在“说明”栏写明原因。")
    if carry is not None:
        row += 1
        para("四、由上年报告带入的内容", heading, 22)
        para(f"本模板由“{carry.source}”（{carry.report}，{carry.prior.id}年版格式）生成，以下内容已按该报告填好"
             "（浅绿色单元格，批注中注明来源），仍可修改；其余内容请按本年度情况填写。")
        for s in carry.summary():
            para(s)
    never_printed(ws, row + 1, 0)
    ws.protect("", PROTECTION)
