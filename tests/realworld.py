"""A corpus of hand-made workbooks as real counties and graders make them, built by code.

Each builder writes one workbook of plausible report content (both editions) in one of the shapes real
reports come in (spec/real-world.md): pasted from a portal's HTML page or from Word, split over sheets,
stored as text, in traditional characters, with local rows, unrelated tables around the report, one
unit per sheet. It returns the file and what reading it must give: unit, year, edition, the exact
findings (``f.check``) and a few values with the cell they must come from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from govxl import get_edition
from govxl.reader.book import a1
from govxl.schema import Edition
from tests.handmade import Drawn, draw, lines, put
from tests.printed import OFFICIAL_2019, OFFICIAL_2021, PINGTAN_2021, TRADITIONAL_2021, TUOCHUAN_2019, Printed

E19, E21 = get_edition("2019"), get_edition("2021")
APPLICANTS = ("natural", "commercial", "research", "social", "legal", "otherorg")


# --- plausible figures ------------------------------------------------------------------------------


def _complete(edition: Edition, typed: Mapping[str, object]) -> dict[str, object]:
    """Every value cell: the typed ones, 0 elsewhere, 四 = 一 + 二 − （七）, the totals as sums."""
    values: dict[str, object] = {k: 0 for k in edition.sets["values"] if edition[k].section in ("t2", "t3", "t4")}
    values.update(typed)
    outcomes = edition.sets["t3_outcome"]
    for c in APPLICANTS:
        handled = sum(values[f"t3_{o}_{c}"] for o in outcomes)
        values[f"t3_forward_{c}"] = values[f"t3_new_{c}"] + values[f"t3_carried_{c}"] - handled
    for key in values:  # row totals first (they do not depend on other totals) …
        f = edition[key]
        if f.computed and key.endswith("_total") and key.startswith("t3_") and not key.startswith("t3_total_"):
            values[key] = sum(values[k] for k in f.sum_of)
    for key in values:  # … then the （七）总计 row and 表四
        f = edition[key]
        if f.computed and key.startswith(("t3_total_", "t4_")):
            values[key] = sum(values[k] for k in f.sum_of)
    return values


def figures_2021() -> dict[str, object]:
    """A county bureau's year: 19 new applications, 2 carried, 18 handled, 3 forward; 2 reviews, 1 suit."""
    return _complete(E21, {
        "t2_normative_issued": 3, "t2_normative_repealed": 1, "t2_normative_valid": 12, "t2_rules_valid": 2,
        "t2_license_decisions": 1256, "t2_penalty_decisions": 87, "t2_coercion_decisions": 5, "t2_fees_amount": 12.5,
        "t3_new_natural": 15, "t3_new_commercial": 3, "t3_new_legal": 1, "t3_carried_natural": 2,
        "t3_granted_natural": 7, "t3_granted_commercial": 1, "t3_granted_legal": 1, "t3_partial_natural": 2,
        "t3_denied_thirdparty_natural": 1, "t3_unable_nothold_natural": 3, "t3_unable_nothold_commercial": 1,
        "t3_ignored_repeat_natural": 1, "t3_other_nocorrection_natural": 1,
        "t4_review_upheld": 1, "t4_review_corrected": 1, "t4_direct_upheld": 1,
    })


def figures_2019() -> dict[str, object]:
    """A town's 2020: 5 applications all handled; one review pending; 本年增/减 signed."""
    return _complete(E19, {
        "t2_normative_made": 2, "t2_normative_published": 2, "t2_normative_total": 15,
        "t2_license_prev": 12, "t2_license_change": 3, "t2_license_decisions": 45,
        "t2_services_prev": 20, "t2_services_change": -2, "t2_services_decisions": 130,
        "t2_penalty_prev": 5, "t2_penalty_decisions": 8, "t2_coercion_prev": 1,
        "t2_fees_prev": 2, "t2_fees_change": -1, "t2_procurement_count": 6, "t2_procurement_amount": 86200,
        "t3_new_natural": 4, "t3_new_commercial": 1, "t3_granted_natural": 2, "t3_unable_nothold_natural": 1,
        "t3_ignored_petition_natural": 1, "t3_other_commercial": 1, "t4_review_pending": 1,
    })


SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def prose(edition: Edition, year: int, who: str = "我局") -> list[str]:
    """The prose of a report: six headings, the five topics of 一, figures quoted that match the tables."""
    if edition is E21:
        quoted = ("本年度共收到政府信息公开申请19件，上年结转2件，办结18件，结转下年度继续办理3件。"
                  "全年发生政府信息公开行政复议2件，行政诉讼1件。")
        other = "本年度未收取信息处理费。"
    else:
        quoted = "本年度共受理政府信息公开申请5件，办结5件。"
        other = "无"
    one, two, three, four, five, six = SECTIONS
    return [
        one,
        f"{year}年，{who}认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。",
        "（一）主动公开。通过门户网站主动公开政府信息360余条。",
        f"（二）依申请公开。{quoted}",
        "（三）政府信息管理。严格执行“先审后发”制度。",
        "（四）政府信息公开平台建设。充分发挥政府门户网站作用。",
        "（五）监督保障。将政务公开纳入年度考核。",
        two,
        three,
        four,
        five,
        "一是公开内容不够全面；二是解读形式单一。下一步将加强培训。",
        six,
        other,
    ]


# --- label drift ------------------------------------------------------------------------------------


def ascii_punct(text: str) -> str:
    """A portal page's normalised punctuation: (一), ASCII quotes and colons, `1.` kept."""
    for x, y in ("（(", "）)", "“\"", "”\"", "：:", "，,"):
        text = text.replace(x, y)
    return text


def replaced(variants: Mapping[str, str]) -> Callable[[str], str]:
    """Labels as a report words them: each printed label in ``variants`` replaced by its variant."""
    return lambda text: variants.get(text, text)


# --- the corpus -------------------------------------------------------------------------------------


@dataclass
class Case:
    """A workbook and what reading it must give (one entry per report, in sheet order)."""

    path: Path
    reports: list[Expected]


@dataclass
class Expected:
    unit: str
    year: int
    edition: str
    checks: list[str]
    cells: dict[str, tuple[object, str, str]] = field(default_factory=dict)  # key -> (number, sheet, A1)
    texts: dict[str, str] = field(default_factory=dict)  # prose key -> its exact text
    # besides ``checks``: the labels flagged as read as an official one they do not equal (printed ->
    # official); what is merely cosmetic (width, brackets, line breaks, numbering style, script) is not
    guessed: dict[str, str] = field(default_factory=dict)


def _at(where: dict[str, str], sheet: str, values: Mapping[str, object], *keys: str) -> dict[str, tuple[object, str, str]]:
    return {k: (values[k], sheet, where[k]) for k in keys}


def _report_sheet(ws: Worksheet, tables: tuple[Printed, ...], head: list[str], texts: list[str],
                  values: Mapping[str, object], *, top: int = 0, left: int = 0,
                  relabel: Callable[[str], str] = lambda t: t, raw: Mapping[str, object] | None = None,
                  merge: bool = True, gap: object = None, filler: object = None,
                  edit: Callable[[int, Drawn], None] | None = None) -> tuple[int, dict[str, str]]:
    """Lines ``head``, then the prose with the tables under their headings, as one pasted document.

    ``relabel`` rewrites every printed label and line; ``edit(n, drawn)`` changes table ``n`` (0: 表二)."""
    r = lines(ws, head, top, left)
    where: dict[str, str] = {}
    for text in texts:
        ws.cell(r + 1, left + 1, relabel(text))
        r += 1
        n = next((i for i, t in enumerate(tables) if t.heading == text), None)
        if n is not None:
            d = draw(tables[n], values, relabel, raw=raw)
            if edit:
                edit(n, d)
            r, w = put(ws, d, r, left, merge=merge, filler=filler)
            where.update(w)
            if gap is not None:
                for c in range(len(d.rows[0])):
                    ws.cell(r + 1, left + c + 1, gap)
                r += 1
    return r, where


T2, T3, T4 = range(3)  # the tables' places in a report's tuple of printed tables


def _case(wb: Workbook, path: Path, *expected: Expected) -> Case:
    wb.save(path)
    return Case(path, list(expected))


def _typed(values: Mapping[str, object], **changed: object) -> dict[str, object]:
    return {**values, **changed}


def html_2021(folder: Path) -> Case:
    """1. A 2021 report copied from a portal page (the 平潭 tables, headers wrapped as it prints them):
    merges from colspan/rowspan, ASCII punctuation,
    `&nbsp;` in empty cells and spacer rows, portal noise around the title, the fee cell left `&nbsp;`."""
    values = figures_2021()
    wb = Workbook()
    ws = wb.active
    head = ["首页 > 政务公开 > 政府信息公开年报", "某县市场监督管理局2023年政府信息公开工作年度报告",
            "发布时间:2024-01-22 来源:某县市场监督管理局 浏览次数:1024 【字体:大 中 小】", "\xa0"]
    _, where = _report_sheet(ws, PINGTAN_2021, head, prose(E21, 2023), values, gap="\xa0", relabel=ascii_punct,
                             raw={"t2_fees_amount": "\xa0"})
    return _case(wb, folder / "html-2021.xlsx", Expected(
        "某县市场监督管理局", 2023, "2021", ["value-blank:t2"],
        _at(where, "Sheet", values, "t3_new_natural", "t3_total_total", "t4_review_total", "t2_license_decisions")))


HEADING_DRIFT = {"一、总体情况": "一.总体情况", "二、主动公开政府信息情况": "二、行政机关主动公开政府信息情况",
                 "三、收到和处理政府信息公开申请情况": "三、收到和处理政府信息公开的申请情况",
                 "五、存在的主要问题及改进情况": "五、政府信息公开工作存在的主要问题及改进情况"}
WORD_2019 = {"1.信访举报投诉类申请": "1、信访举报类申请", "5.属于三类内部事务信息": "5、属于第三类内部事务信息",
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开（区分处理的），只计这一情形，不计其他情形"}


def html_2019(folder: Path) -> Case:
    """1. A 2020 report from a portal page whose tables have no rowspans: `&nbsp;` in every empty cell,
    headings with words added, the 2019 reports' own wording, a count padded with `&nbsp;`."""
    values = figures_2019()
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"

    def relabel(text: str) -> str:
        return ascii_punct(HEADING_DRIFT.get(text) or WORD_2019.get(text) or text)

    _, where = _report_sheet(ws, OFFICIAL_2019, ["黄石镇2020年政府信息公开工作年度报告", "\xa0"], prose(E19, 2020, "我镇"), values,
                             relabel=relabel, merge=False, filler="\xa0", gap="\xa0",
                             raw={"t2_procurement_count": "6\xa0"})
    return _case(wb, folder / "html-2019.xlsx", Expected(
        "黄石镇", 2020, "2019", ["value-text:t2_procurement_count"],
        _at(where, "Sheet1", values, "t2_procurement_count", "t3_ignored_petition_natural", "t3_total_total"),
        guessed={"5、属于第三类内部事务信息": "5.属于三类内部事务信息", "1、信访举报类申请": "1.信访举报投诉类申请"}))


# what the reader notes reading the 拖船镇 wording (the rest of it is cosmetic)
TUOCHUAN_GUESSED = {"第二十六条第（六）项": "第二十条第（六）项", "5、属于第三类内部事务信息": "5.属于三类内部事务信息",
                    "1、信访举报类申请": "1.信访举报投诉类申请"}


def word_2019(folder: Path) -> Case:
    """2. The 2020 report of a town pasted from Word without merges: wrapped labels, merged label cells
    as empty cells, an empty column A, `+3` typed in 本年增/减; the tables worded as 拖船镇 prints them, 表二's
    headers wrapped as Word wraps them in a narrow column, `一.`/`四.` numbering."""
    values = figures_2019()
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    wrapped = replaced({"本年新制作数量": "本年新\n制作数量", "本年新公开数量": "本年新\n公开数量",
                        "对外公开总数量": "对外公开\n总数量", "上一年项目数量": "上一年\n项目数量",
                        "一、本年新收政府信息公开申请数量": "一.本年新收政府信息公开申请数量",
                        "四、结转下年度继续办理": "四.结转下年度继续办理"})
    _, where = _report_sheet(ws, TUOCHUAN_2019, ["", "石门镇2020年政府信息公开工作年度报告"], prose(E19, 2020, "我镇"),
                             values, top=1, left=1, merge=False, relabel=wrapped, raw={"t2_license_change": "+3"})
    return _case(wb, folder / "word-2019.xlsx", Expected(
        "石门镇", 2020, "2019", ["value-text:t2_license_change"],
        _at(where, "年报", values, "t2_license_change", "t2_services_change", "t2_procurement_amount",
            "t3_other_commercial", "t3_forward_total", "t4_review_pending"), guessed=TUOCHUAN_GUESSED))


def sheets_2021(folder: Path) -> Case:
    """3. A cover sheet of label–value pairs, one sheet per table (表二/表三/表四, tables not at A1),
    the prose on 文字部分; 表二's header typo `先行有效件数` and a space inside a caption."""
    values = figures_2021()
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    for row in (["政府信息公开工作年度报告"], [], ["单位名称", None, "报告年度"], ["某县自然资源局", None, 2022], [],
                ["填报人", None, "王芳"], ["联系电话", None, "0734-5551234"], ["填报日期", None, "2023年1月16日"]):
        cover.append(row)
    where: dict[str, str] = {}
    typos = replaced({"现行有效件数": "先行有效件数", "第二十条第（六）项": "第二十条 第（六）项"})
    for name, table in zip(("表二", "表三", "表四"), OFFICIAL_2021):
        ws = wb.create_sheet(name)
        ws.cell(1, 1, HEADING_DRIFT.get(table.heading, table.heading))
        d = draw(table, values, typos)
        if name == "表二":
            d.widen_labels()
        _, w = put(ws, d, 2, 1)
        where.update({k: f"{name}!{v}" for k, v in w.items()})
    lines(wb.create_sheet("文字部分"), [HEADING_DRIFT.get(t, t) for t in prose(E21, 2022)], 0)
    cells = {k: (values[k], *where[k].split("!")) for k in ("t2_normative_valid", "t3_forward_natural", "t4_direct_total")}
    return _case(wb, folder / "sheets-2021.xlsx", Expected("某县自然资源局", 2022, "2021", [], cells,
                                                            guessed={"先行有效件数": "现行有效件数"}))


def sheets_2019(folder: Path) -> Case:
    """3. Sheets 主动公开/依申请/复议诉讼 pasted from Word with merges (the 拖船镇 tables), a cover with
    `单位名称：…` in one cell; 表四's 总计 typed wrong."""
    values = figures_2019()
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    lines(cover, ["单位名称：白沙镇人民政府", "报告年度：2020年", "", "文字部分见第5页"], 1, 1)
    where: dict[str, str] = {}
    typed = _typed(values, t4_review_total=2)
    for name, table in zip(("主动公开", "依申请", "复议诉讼"), TUOCHUAN_2019):
        ws = wb.create_sheet(name)
        ws.cell(2, 2, table.heading)
        _, w = put(ws, draw(table, typed), 3, 1)
        where.update({k: f"{name}!{v}" for k, v in w.items()})
    lines(wb.create_sheet("文字部分"), prose(E19, 2020, "我镇"), 0)
    cells = {k: (typed[k], *where[k].split("!")) for k in ("t2_procurement_count", "t3_new_total", "t4_review_total")}
    return _case(wb, folder / "sheets-2019.xlsx", Expected("白沙镇人民政府", 2020, "2019", ["t4-total:review"], cells,
                                                            guessed=TUOCHUAN_GUESSED))


def text_numbers_2021(folder: Path) -> Case:
    """4. A 2021 report with the 2019 wording `规范性文件`, numbers stored as text (`"12"`, `１２５６`,
    `1,256`), `—` `/` `无` in cells; all on one sheet at A1."""
    values = figures_2021()
    raw = {"t2_normative_valid": "12", "t2_license_decisions": "1,256", "t2_penalty_decisions": "８７",
           "t2_rules_issued": "—", "t2_rules_repealed": "/", "t4_after_upheld": "无"}
    wb = Workbook()
    ws = wb.active
    ws.title = "2021年报"

    relabel = replaced({"行政规范性文件": "规范性文件", "三、本年度办理结果": "三"})
    _, where = _report_sheet(ws, OFFICIAL_2021, ["某县水利局2021年度政府信息公开工作年度报告"], prose(E21, 2021), values,
                             relabel=relabel, raw=raw)
    checks = ["value-text:t2_license_decisions", "value-text:t2_normative_valid", "value-text:t2_penalty_decisions",
              "value-type:t2_rules_issued", "value-type:t2_rules_repealed", "value-type:t4_after_upheld"]
    return _case(wb, folder / "text-numbers-2021.xlsx", Expected(
        "某县水利局", 2021, "2021", checks,
        _at(where, "2021年报", values, "t2_normative_valid", "t2_license_decisions", "t2_penalty_decisions"),
        guessed={"规范性文件": "行政规范性文件"}))


TRADITIONAL_PROSE = [
    "一、總體情況",
    "2022年，我局認真貫徹落實《中華人民共和國政府信息公開條例》，推進政務公開工作。",
    "（一）主動公開。通過門戶網站主動公開政府信息360餘條。",
    "（二）依申請公開。本年度共收到政府信息公開申請19件，上年結轉2件，辦結18件，結轉下年度繼續辦理3件。"
    "全年發生政府信息公開行政復議2件，行政訴訟1件。",
    "（三）政府信息管理。嚴格執行「先審後發」制度。",
    "（四）政府信息公開平臺建設。充分發揮政府門戶網站作用。",
    "（五）監督保障。將政務公開納入年度考核。",
    "二、主動公開政府信息情況",
    "三、收到和處理政府信息公開申請情況",
    "四、政府信息公開行政復議、行政訴訟情況",
    "五、存在的主要問題及改進情況",
    "一是公開內容不夠全面；二是解讀形式單一。下一步將加強培訓。",
    "六、其他需要報告的事項",
    "本年度未收取信息處理費。",
]


def traditional_2021(folder: Path) -> Case:
    """5. A mirror in traditional characters (tables and prose) with full-width digits here and there;
    a row's 总计 wrong."""
    values = figures_2021()
    typed = _typed(values, t3_granted_total=10)
    wb = Workbook()
    ws = wb.active
    ws.title = "年報"
    _, where = _report_sheet(ws, TRADITIONAL_2021, ["某縣財政局2022年度政府信息公開工作年度報告"], TRADITIONAL_PROSE, typed)
    return _case(wb, folder / "traditional-2021.xlsx", Expected(
        "某縣財政局", 2022, "2021", ["t3-outcome-total:total", "t3-row-total:granted"],
        _at(where, "年報", typed, "t3_granted_total", "t2_normative_issued", "t4_review_total"),
        {"text_other": "本年度未收取信息處理費。"}))


def local_rows_2019(folder: Path) -> Case:
    """6. A town's own rows and bracketed notes: `其他主动公开文件（通知公告）` added under 第二十条第（一）项."""
    values = figures_2019()
    notes = {"行政许可": "行政许可（含备案事项）", "（一）予以公开": "（一）予以公开（含告知获取方式）",
             "2.重复申请": "2.重复申请（同一申请人同一内容）", "总计": "总计（件）"}

    def edit(table: int, d: Drawn) -> None:
        if table == T2:
            d.insert(d.row_of("t2_normative_made") + 1, ["其他主动公开文件（通知公告）", 25, 25, 180])

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _, where = _report_sheet(ws, OFFICIAL_2019, ["附件2", "青山镇2020年政府信息公开工作年度报告"], prose(E19, 2020, "我镇"),
                             values, relabel=replaced(notes), edit=edit)
    added = int(where["t2_normative_made"][1:]) + 1
    return _case(wb, folder / "local-rows-2019.xlsx", Expected(
        "青山镇", 2020, "2019", [f"template-altered:t2-extra:Sheet1!A{added}"],
        _at(where, "Sheet1", values, "t2_license_prev", "t3_granted_natural"), guessed={v: k for k, v in notes.items()}))


def old_format_2021(folder: Path) -> Case:
    """7. A 2021 report written on last year's (2019-edition) form: read as 2019 by its shape."""
    values = figures_2019()
    wb = Workbook()
    ws = wb.active
    ws.title = "报告"
    _, where = _report_sheet(ws, OFFICIAL_2019, ["", "龙潭镇人民政府2021年度政府信息公开工作年度报告"], prose(E19, 2021, "我镇"),
                             values, left=1, relabel=ascii_punct, gap="")
    return _case(wb, folder / "old-format-2021.xlsx", Expected(
        "龙潭镇人民政府", 2021, "2019", ["meta-edition"], _at(where, "报告", values, "t3_other_total")))


def cover_letter_2021(folder: Path) -> Case:
    """8. A cover letter, an 附件 table (序号/名称) and a signature above the report, a case list below;
    一's 本年新收 for 自然人 typed wrong (columns 自然人 and 总计 no longer balance, prose disagrees)."""
    values = figures_2021()
    typed = _typed(values, t3_new_natural=16, t3_new_total=20)
    wb = Workbook()
    ws = wb.active
    ws.title = "报送"
    letter = ["关于报送某县交通运输局2023年度政府信息公开工作年度报告的函", "县人民政府办公室：",
              "现将我局2023年度政府信息公开工作年度报告报送你办，请审核。", "附件："]
    r = lines(ws, letter, 0)
    for row in (["序号", "名称", "份数", "备注"], [1, "某县交通运输局2023年度政府信息公开工作年度报告", 1, None],
                [2, "依申请公开办理情况明细表", 1, "见报告后"]):
        r += 1
        for c, v in enumerate(row):
            ws.cell(r, c + 1, v)
    r = lines(ws, ["某县交通运输局（盖章）", "2024年1月18日", ""], r)
    title = a1(r, 0)
    r, where = _report_sheet(ws, OFFICIAL_2021, ["某县交通运输局2023年度政府信息公开工作年度报告"], prose(E21, 2023), typed,
                             top=r)
    r = lines(ws, ["某县交通运输局", "2024年1月18日", "", "依申请公开办理情况明细表"], r)
    for row in (["序号", "申请人类型", "申请内容", "办理结果"], [1, "自然人", "某路段改造规划", "予以公开"],
                [2, "商业企业", "运输许可信息", "部分公开"], [3, "自然人", "拆迁补偿标准", "本机关不掌握相关政府信息"]):
        r += 1
        for c, v in enumerate(row):
            ws.cell(r, c + 1, v)
    checks = ["t3-balance:natural", "t3-balance:total", "text-vs-table:t3_new_total"]
    return _case(wb, folder / "cover-letter-2021.xlsx", Expected(
        "某县交通运输局", 2023, "2021", checks,
        {**_at(where, "报送", typed, "t3_new_natural", "t3_new_total"), "meta_unit": (None, "报送", title)}))


def units_2023(folder: Path) -> Case:
    """9/10. One sheet per unit, sheet name = unit name, the tables pasted without merges as the 平潭 page
    wraps their headers; typed totals: one unit's （七）总计 wrong in a column, another's 表四 总计 wrong."""
    values = figures_2021()
    units = {
        "某县教育局": (_typed(values, t3_total_commercial=3),
                  ["t3-balance:commercial", "t3-outcome-total:commercial", "t3-row-total:total"]),
        "某县卫生健康局": (_typed(values, t4_direct_total=2), ["t4-total:direct", "text-vs-table:t4_direct_total"]),
        "某县民政局": (values, []),
    }
    wb = Workbook()
    wb.remove(wb.active)
    expected = []
    for unit, (typed, checks) in units.items():
        ws = wb.create_sheet(unit)
        _, where = _report_sheet(ws, PINGTAN_2021, [f"{unit}2023年度政府信息公开工作年度报告"], prose(E21, 2023), typed,
                                 left=1, merge=False)
        expected.append(Expected(unit, 2023, "2021", checks,
                                 _at(where, unit, typed, "t3_total_commercial", "t4_direct_total")))
    notes = wb.create_sheet("填报说明")
    rule = "1.表三“一、本年新收政府信息公开申请数量”加“二、上年结转政府信息公开申请数量”，等于“（七）总计”加“四、结转下年度继续办理”。"
    lines(notes, ["填报说明", rule, "2.没有发生的填0，不得留空。"], 0)
    return _case(wb, folder / "units-2023.xlsx", *expected)


def blanks_2021(folder: Path) -> Case:
    """Zeros left blank in 表三 (a grader's sheet: `&nbsp;` and empty strings), the official header exact."""
    values = figures_2021()
    raw = {k: ("" if n % 2 else None) for n, k in enumerate(E21.keys("t3")) if values[k] == 0}
    wb = Workbook()
    ws = wb.active
    ws.title = "表格"
    _, where = _report_sheet(ws, OFFICIAL_2021, ["某县司法局2024年度政府信息公开工作年度报告"], prose(E21, 2024), values, raw=raw)
    return _case(wb, folder / "blanks-2021.xlsx", Expected(
        "某县司法局", 2024, "2021", ["value-blank:t3"], _at(where, "表格", values, "t3_partial_natural", "t3_total_total")))


def short_header_2021(folder: Path) -> Case:
    """11. 表三's header in two rows (the 申请人情况 row dropped with the note in the corner), the note
    written as a line under the table instead."""
    values = figures_2021()

    def edit(table: int, d: Drawn) -> None:
        if table == T3:
            note = d.rows[0][0]
            d.delete(0)
            d.rows.append([note] + [None] * (len(d.rows[0]) - 1))

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _, where = _report_sheet(ws, OFFICIAL_2021, ["某县统计局2023年度政府信息公开工作年度报告"], prose(E21, 2023), values, edit=edit)
    return _case(wb, folder / "short-header-2021.xlsx", Expected(
        "某县统计局", 2023, "2021", [],
        _at(where, "Sheet1", values, "t3_new_natural", "t3_new_commercial", "t3_forward_total", "t3_total_total")))


def flat_header_2019(folder: Path) -> Case:
    """11. 表三's header in two rows the other way: 申请人情况 kept, 法人或其他组织 dropped and its five
    columns beside 自然人 and 总计; `项目` in the corner instead of the note."""
    values = figures_2019()

    def edit(table: int, d: Drawn) -> None:
        if table == T3:
            d.rows[0][0] = "项目"
            d.rows[1][4:9] = d.rows[2][4:9]
            d.merges = [m for m in d.merges if m != (1, 4, 1, 8)]
            d.delete(2)

    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    _, where = _report_sheet(ws, OFFICIAL_2019, ["白云镇2020年政府信息公开工作年度报告"], prose(E19, 2020, "我镇"), values, edit=edit)
    return _case(wb, folder / "flat-header-2019.xlsx", Expected(
        "白云镇", 2020, "2019", [],
        _at(where, "年报", values, "t3_new_natural", "t3_new_commercial", "t3_other_commercial", "t3_new_total")))


def _captions(d: Drawn) -> list[int]:
    return [r for r, row in enumerate(d.rows) if isinstance(row[0], str) and row[0].startswith("第二十")]


def split_t2_2021(folder: Path) -> Case:
    """12. 表二 as an HTML page gives it: each 第二十条第（X）项 block its own small table, blank rows
    between, single-value blocks two columns wide; 现行有效件数 of 规章 below 本年制发件数."""
    values = figures_2021()
    typed = _typed(values, t2_rules_issued=3)

    def edit(table: int, d: Drawn) -> None:
        if table != T2:
            return
        captions = set(_captions(d))
        d.merges = [m for m in d.merges if m[0] in captions]  # values and headers in their own cells
        for r in reversed(sorted(captions)[1:]):
            d.insert(r, [None] * 4)
            d.insert(r, [None] * 4)

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _, where = _report_sheet(ws, OFFICIAL_2021, ["某县商务局2023年度政府信息公开工作年度报告"], prose(E21, 2023), typed, edit=edit)
    return _case(wb, folder / "split-t2-2021.xlsx", Expected(
        "某县商务局", 2023, "2021", ["t2-valid-below-issued:rules"],
        _at(where, "Sheet1", typed, "t2_rules_issued", "t2_license_decisions", "t2_coercion_decisions",
            "t2_fees_amount")))


def caption_in_header_2019(folder: Path) -> Case:
    """12. 表二 with each block's caption in the first column of its header row (where 信息内容 stood)."""
    values = figures_2019()

    def edit(table: int, d: Drawn) -> None:
        if table != T2:
            return
        for r in reversed(_captions(d)):
            d.rows[r + 1][0] = d.rows[r][0]
            d.delete(r)

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _, where = _report_sheet(ws, OFFICIAL_2019, ["松柏镇2020年政府信息公开工作年度报告"], prose(E19, 2020, "我镇"), values, edit=edit)
    return _case(wb, folder / "caption-in-header-2019.xlsx", Expected(
        "松柏镇", 2020, "2019", [],
        _at(where, "Sheet1", values, "t2_normative_made", "t2_services_change", "t2_fees_change",
            "t2_procurement_amount")))


def _with_words(line: str) -> str:
    """A topic heading with words added: （一）主动公开 -> （一）主动公开政府信息情况."""
    return line.replace("（一）主动公开。", "（一）主动公开政府信息情况。").replace("（五）监督保障。", "（五）监督保障工作。")


def two_columns_2021(folder: Path) -> Case:
    """13. The prose in two columns (栏目 | 内容) under a header row, topic headings with words added, the
    tables on their own sheets headed `二、主动公开政府信息情况` and `（单位：件）`."""
    values = figures_2021()
    wb = Workbook()
    ws = wb.active
    ws.title = "正文"
    ws.append(["某县发展和改革局2024年度政府信息公开工作年度报告"])
    ws.append(["栏目", "内容"])
    for line in prose(E21, 2024):
        line = _with_words(line)
        if line in SECTIONS:
            ws.append([line, "详见附表" if any(t.heading == line for t in OFFICIAL_2021) else None])
        elif line.startswith("（"):
            ws.append(line.split("。", 1))
        else:
            ws.cell(ws.max_row, 2, line)
    where: dict[str, str] = {}
    for name, table in zip(("表二", "表三", "表四"), OFFICIAL_2021):
        sheet = wb.create_sheet(name)
        lines(sheet, [table.heading, "（单位：件）"], 0)
        _, w = put(sheet, draw(table, values), 2)
        where.update({k: f"{name}!{v}" for k, v in w.items()})
    cells = {k: (values[k], *where[k].split("!")) for k in ("t2_penalty_decisions", "t3_granted_total", "t4_review_total")}
    texts = {"text_overview_active": "通过门户网站主动公开政府信息360余条。", "text_other": "本年度未收取信息处理费。",
             "text_overview": "2024年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。"}
    return _case(wb, folder / "two-columns-2021.xlsx", Expected("某县发展和改革局", 2024, "2021", [], cells, texts))


def split_t4_2021(folder: Path) -> Case:
    """14. 表四 as two small tables: 行政复议 (5 columns), a blank row, 行政诉讼 (10 columns, its two
    groups); 复议后起诉's 总计 typed wrong."""
    values = figures_2021()
    typed = _typed(values, t4_after_total=1)

    def edit(table: int, d: Drawn) -> None:
        if table != T4:
            return
        labels, keys = d.rows[1][:5], [k for k, _ in sorted(d.where.items(), key=lambda x: x[1][1])]
        d.rows = [["行政复议", *[None] * 4], labels, [typed[k] for k in keys[:5]], [None] * 5,
                  ["行政诉讼", *[None] * 9], ["未经复议直接起诉", *[None] * 4, "复议后起诉", *[None] * 4],
                  labels * 2, [typed[k] for k in keys[5:]]]
        d.merges = [(0, 0, 0, 4), (4, 0, 4, 9), (5, 0, 5, 4), (5, 5, 5, 9)]
        d.where = {k: (2, i) if i < 5 else (7, i - 5) for i, k in enumerate(keys)}

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _, where = _report_sheet(ws, OFFICIAL_2021, ["某县人力资源和社会保障局2023年度政府信息公开工作年度报告"], prose(E21, 2023), typed,
                             edit=edit)
    return _case(wb, folder / "split-t4-2021.xlsx", Expected(
        "某县人力资源和社会保障局", 2023, "2021", ["t4-total:after", "text-vs-table:t4_direct_total"],
        _at(where, "Sheet1", typed, "t4_review_upheld", "t4_review_total", "t4_direct_upheld", "t4_after_total")))


def signature_2021(folder: Path) -> Case:
    """15. The signature and date right under 六's text, then a blank row and an 附件 list; （六）'s sub-rows
    written with `，` for `、`."""
    values = figures_2021()
    commas = replaced({"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请":
                       "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
                       "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请":
                       "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请"})
    tail = ["某县住房和城乡建设局", "2024年1月20日", "", "附件：1.政府信息公开申请办理情况统计表", "2.政府信息公开工作制度汇编"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r, where = _report_sheet(ws, OFFICIAL_2021, ["某县住房和城乡建设局2023年度政府信息公开工作年度报告"], prose(E21, 2023), values,
                             relabel=commas)
    lines(ws, tail, r)
    return _case(wb, folder / "signature-2021.xlsx", Expected(
        "某县住房和城乡建设局", 2023, "2021", [], _at(where, "Sheet1", values, "t3_new_natural", "t3_other_nocorrection_natural"),
        {"text_other": "本年度未收取信息处理费。", "text_problems": "一是公开内容不够全面；二是解读形式单一。下一步将加强培训。"}))


def signature_2019(folder: Path) -> Case:
    """15. After 六's `无`, a second paragraph, two blank rows, an 附件 list, the date in Chinese numerals and
    the office's name."""
    values = figures_2019()
    tail = ["我镇将继续做好政府信息公开工作。", "", "", "附件：", "1.政府信息公开申请办理情况明细", "",
            "桃源镇人民政府办公室", "二〇二一年一月十五日"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r, where = _report_sheet(ws, OFFICIAL_2019, ["桃源镇2020年政府信息公开工作年度报告"], prose(E19, 2020, "我镇"), values)
    lines(ws, tail, r)
    return _case(wb, folder / "signature-2019.xlsx", Expected(
        "桃源镇", 2020, "2019", [], _at(where, "Sheet1", values, "t3_new_natural"),
        {"text_other": "无\n我镇将继续做好政府信息公开工作。"}))


def two_line_title_2021(folder: Path) -> Case:
    """16. The title on two lines as Word centres it (`某县林业局` over `2023年度政府信息公开工作年度报告`),
    each line its own row; a 表三 row's 总计 typed wrong."""
    values = figures_2021()
    typed = _typed(values, t3_partial_total=3)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _, where = _report_sheet(ws, OFFICIAL_2021, ["某县林业局", "2023年度政府信息公开工作年度报告", ""], prose(E21, 2023), typed)
    return _case(wb, folder / "two-line-title-2021.xlsx", Expected(
        "某县林业局", 2023, "2021", ["t3-outcome-total:total", "t3-row-total:partial"],
        {**_at(where, "Sheet1", typed, "t3_partial_total"), "meta_unit": (None, "Sheet1", "A1")}))


def missing_row_2021(folder: Path) -> Case:
    """A county's 表三 without the row `2.申请人逾期未按收费通知要求缴纳费用…` (its own copy of the form) and
    表二 without the 第二十条第（八）项 block: what is missing is flagged and blank, nothing else moves."""
    values = figures_2021()

    def edit(table: int, d: Drawn) -> None:
        if table == T3:
            d.delete(d.row_of("t3_other_nofee_natural"))
        if table == T2:
            for r in reversed(range(d.row_of("t2_fees_amount") - 2, d.row_of("t2_fees_amount") + 1)):
                d.delete(r)

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _, where = _report_sheet(ws, OFFICIAL_2021, ["某县应急管理局2023年度政府信息公开工作年度报告"], prose(E21, 2023), values,
                             edit=edit)
    return _case(wb, folder / "missing-row-2021.xlsx", Expected(
        "某县应急管理局", 2023, "2021",
        ["template-altered:t2-missing:t2_fees_amount", "template-altered:t3-missing:t3_other_nofee_natural"],
        _at(where, "Sheet1", values, "t3_other_nocorrection_natural", "t3_other_misc_total", "t3_total_total",
            "t2_coercion_decisions")))


BUILDERS = (html_2021, html_2019, word_2019, sheets_2021, sheets_2019, text_numbers_2021, traditional_2021, local_rows_2019,
            old_format_2021, cover_letter_2021, units_2023, blanks_2021, short_header_2021, flat_header_2019,
            split_t2_2021, caption_in_header_2019, two_columns_2021, split_t4_2021, signature_2021, signature_2019,
            two_line_title_2021, missing_row_2021)
