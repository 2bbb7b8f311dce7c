"""Reading workbooks not made from the template: real reports in hand-made layouts, read from real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from govxl import Report, get_edition, validate
from govxl.errors import UnreadableFile
from govxl.reader.labels import body, similarity
from govxl.reader.layout import read_layout
from govxl.reader.load import load_book
from tests.handmade import draw_table, drift, lines, paste_word, save, word_dump
from tests.printed import OFFICIAL_2019, OFFICIAL_2021

TUOCHUAN = "2020-tuochuan-town.txt"


def read(path: Path, **kwargs):
    return read_layout(load_book(str(path)), **kwargs)


def findings(report) -> list:
    """What validate finds, but for the warnings about reworded labels (see :func:`reworded`)."""
    return [f for f in validate(report) if "-label:" not in f.check]


def checks(report) -> list[str]:
    return sorted(f.check for f in findings(report))


def reworded(report) -> list[str]:
    """The warnings about labels read as official ones they do not equal: each message, one line."""
    return sorted(f.message for f in validate(report) if "-label:" in f.check)


# --- the 拖船镇 2020 report (2019 edition), as published ------------------------------------------------


def tuochuan_stacked(tmp_path: Path, plant=None) -> Path:
    """The Word report pasted into one sheet: title, prose, the three tables with merged cells."""
    dump = word_dump(TUOCHUAN)
    if plant:
        plant(dump)
    wb = Workbook()
    ws = wb.active
    ws.title = "拖船镇"
    paste_word(dump, ws)
    return save(wb, tmp_path / "拖船镇2020.xlsx")


def tuochuan_sheets(tmp_path: Path, plant=None) -> Path:
    """The same report with each table on its own sheet, pasted without merges, not at A1."""
    dump = word_dump(TUOCHUAN)
    if plant:
        plant(dump)
    wb = Workbook()
    ws = wb.active
    ws.title = "报告"
    paste_word(dump, ws, only=lambda x: isinstance(x, str))
    for name, table in zip(("表二", "表三", "表四"), dump.tables):
        paste_word(dump, wb.create_sheet(name), top=2, left=1, merge=False, only=lambda x, t=table: x is t)
    return save(wb, tmp_path / "拖船镇2020-分表.xlsx")


@pytest.mark.parametrize("build", [tuochuan_stacked, tuochuan_sheets])
def test_tuochuan_as_published_reads_clean(tmp_path, build):
    [report] = read(build(tmp_path))
    assert (report.edition.id, report.unit, report.year) == ("2019", "拖船镇", 2020)
    assert checks(report) == []
    labels = reworded(report)  # the seed's own wording, flagged as warnings naming the cell
    assert len(labels) == 3 and all("govxl 已按" in m and "拖船镇" in m for m in labels)
    assert "写的是“第二十六条第（六）项”，格式中为“第二十条第（六）项”" in "\n".join(labels)
    assert report["t2_procurement_count"].number == 6 and report["t2_procurement_amount"].number == 86200
    assert all(k in report.values for k in report.edition.keys("t3"))  # every 表三 cell located
    guessed = "\n".join(report.meta["guessed_labels"])
    assert "第二十六条第（六）项" in guessed and "信访举报类申请" in guessed and "第三类内部事务信息" in guessed
    assert "商业" not in guessed  # a line break inside a label is cosmetic
    assert report["text_overview_platform"].text.startswith("（四）信息公开平台建设方面")
    assert report["text_other"].text == "无"
    src = report["t3_new_commercial"].source
    assert (src.how, src.sheet) == ("label", "拖船镇" if build is tuochuan_stacked else "表三")


def _break_total(dump):
    dump.row(1, "（七）总计")[4] = "1"  # 商业企业 column of （七）总计: 1 instead of 0


def _break_balance(dump):
    row = dump.row(1, "一、本年新收")
    row[1] = row[-1] = "2"  # 2 new applications from natural persons, handled nowhere


@pytest.mark.parametrize("build", [tuochuan_stacked, tuochuan_sheets])
def test_tuochuan_with_planted_errors_yields_exactly_them(tmp_path, build):
    [report] = read(build(tmp_path, _break_total))
    assert checks(report) == ["t3-balance:commercial", "t3-outcome-total:commercial", "t3-row-total:total"]
    [report] = read(build(tmp_path, _break_balance))
    found = findings(report)
    assert sorted(f.check for f in found) == ["t3-balance:natural", "t3-balance:total"]
    cell = next(c for c in found[0].cells if c.key == "t3_new_natural")
    assert cell.sheet == ("拖船镇" if build is tuochuan_stacked else "表三") and cell.cell


def test_text_where_a_number_belongs_and_units_in_cells(tmp_path):
    def plant(dump):
        dump.row(0, "政府集中采购")[2] = "86200元"
        dump.row(2, "0")[0] = "无"

    [report] = read(tuochuan_stacked(tmp_path, plant))
    assert checks(report) == ["value-type:t2_procurement_amount", "value-type:t4_review_upheld"]
    assert report["t2_procurement_amount"].text == "86200元"


# --- a hand-made 2021-edition workbook: 表三 on one sheet, 表二 and 表四 on others ---------------------

E21 = get_edition("2021")
PROSE = ["一、总体情况", "内容", "（一）主动公开。内容", "（二）依申请公开。内容", "（三）政府信息管理。内容",
         "（四）政府信息公开平台建设。内容", "（五）监督保障。内容", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "内容", "六、其他需要报告的事项",
         "本年度未收取信息处理费。"]
TYPED = {k: 0 for k in E21.sets["values"] if not E21[k].computed and E21[k].section in ("t2", "t3", "t4")}
TYPED.update(t3_new_natural=5, t3_granted_natural=3, t3_unable_nothold_natural=1, t3_forward_natural=1,
             t2_rules_issued=1, t2_rules_valid=3, t4_review_upheld=2)
SUMS = {k: E21[k].sum_of for k in E21.sets["values"] if E21[k].computed}


def county_2021(tmp_path: Path, values=TYPED, *, name="2021.xlsx", formulas=SUMS, **draw) -> Path:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover.append(["单位名称", "某县交通运输局"])
    cover.append(["报告年度：2023"])
    lines(cover, PROSE, 3)
    for sheet, table in zip(("表二", "表三", "表四"), OFFICIAL_2021):
        ws = wb.create_sheet(sheet)
        ws.cell(1, 1, table.heading.replace("情况", "的情况"))  # a heading with words added
        draw_table(ws, table, values, top=2, left=1, formulas=formulas, **draw)
    return save(wb, tmp_path / name)


WORDING = {"行政规范性文件": "规范性文件", "行政复议": "行政復議", "三、本年度办理结果": "三"}


def wording_drift(text: str) -> str:
    """What real 2021 reports print: the 2019 wording, the group label `三` alone, traditional characters."""
    return drift(WORDING.get(text, text))


def test_county_2021_layout_with_formulas(tmp_path):
    [report] = read(county_2021(tmp_path, relabel=wording_drift))
    assert (report.edition.id, report.unit, report.year, report.meta["edition_by"]) == ("2021", "某县交通运输局", 2023, "shape")
    assert checks(report) == []
    total = report["t3_total_natural"]
    assert total.number == 4 and total.source.formula and "重新计算" in total.source.note
    assert report["t4_review_total"].number == 2
    assert report["text_other"].text == PROSE[-1]
    guessed = "\n".join(report.meta["guessed_labels"])
    assert "“规范性文件”按“行政规范性文件”读取" in guessed and "復議" not in guessed
    assert "按“行政规范性文件”读取" in report["t2_normative_valid"].source.note
    assert [m for m in reworded(report) if "写的是“规范性文件”，格式中为“行政规范性文件”" in m]


def test_locally_added_row_is_flagged_and_not_read(tmp_path):
    def plant(dump):
        rows = dump.tables[0]
        rows.insert(rows.index(dump.row(0, "规范性文件")) + 1, ["其他主动公开文件（通知公告）", "5", "5", "5"])

    [report] = read(tuochuan_stacked(tmp_path, plant))
    found = findings(report)
    assert [f.check for f in found] == ["template-altered:t2-extra:拖船镇!A14"]
    assert "其他主动公开文件" in found[0].message and "未读取该行" in found[0].message


def test_county_2021_typed_total_that_does_not_add_up(tmp_path):
    values = {**TYPED, "t4_direct_upheld": 1}
    [report] = read(county_2021(tmp_path, values))
    assert checks(report) == []  # the formula total follows the typed cell
    typed = {k: v for k, v in Report.from_cells(E21, values).numbers().items() if v is not None}
    [report] = read(county_2021(tmp_path, {**typed, "t4_direct_total": 3}, name="typed.xlsx", formulas={}))
    assert checks(report) == ["t4-total:direct"]
    assert report["t4_direct_total"].source.formula is None


def test_dropped_row_is_missing_and_flagged(tmp_path):
    [report] = read(county_2021(tmp_path, skip_rows=("t3_denied_query_natural",)))
    assert "t3_denied_query_natural" not in report.values
    found = findings(report)
    # one finding: the row not found, whose cells count as blank (no second value-blank for cells never printed)
    assert sorted(f.check for f in found) == ["template-altered:t3-missing:t3_denied_query_natural"]
    altered = next(f for f in found if f.rule == "template-altered")
    assert "8.属于行政查询事项" in altered.message and "表三" in altered.message and "2021.xlsx" in altered.message


def test_2022_report_printed_with_the_2019_table_is_read_as_2019(tmp_path):
    e19 = get_edition("2019")
    values = {k: 0 for k in e19.sets["values"] if not e19[k].computed}
    wb = Workbook()
    ws = wb.active
    ws.cell(1, 1, "XX县XX局2022年度政府信息公开工作年度报告")
    r = lines(ws, PROSE, 2)
    for table in OFFICIAL_2019:
        draw_table(ws, table, values, top=r + 1, formulas={k: e19[k].sum_of for k in e19.sets["values"] if e19[k].computed})
        r += len(table.rows) + 2
    [report] = read(save(wb, tmp_path / "2022.xlsx"))
    assert (report.edition.id, report.year, report.unit) == ("2019", 2022, "XX县XX局")
    assert checks(report) == ["meta-edition"]


def test_a_workbook_without_table_three_is_not_a_report(tmp_path):
    wb = Workbook()
    wb.active.append(["单位名称", "拖船镇"])
    wb.active.append(["规章", 1, 2, 3])
    with pytest.raises(UnreadableFile) as e:
        read(save(wb, tmp_path / "名单.xlsx"))
    assert "表三" in e.value.reason and "名单.xlsx" in str(e.value)


def test_one_sheet_per_unit_gives_one_report_each(tmp_path):
    wb = Workbook()
    wb.remove(wb.active)
    for n, unit in enumerate(("甲镇", "乙镇", "丙镇")):
        ws = wb.create_sheet(unit)
        ws.cell(1, 1, f"{unit}2024年政府信息公开工作年度报告")
        r = lines(ws, PROSE, 1)
        for table in OFFICIAL_2021:
            draw_table(ws, table, {**TYPED, "t4_review_upheld": n}, top=r + 1, formulas=SUMS)
            r += len(table.rows) + 2
    reports = read(save(wb, tmp_path / "全县.xlsx"))
    assert [(x.unit, x.year, x["t4_review_total"].number) for x in reports] == [("甲镇", 2024, 0), ("乙镇", 2024, 1), ("丙镇", 2024, 2)]
    assert all(checks(x) == [] for x in reports)


def test_labels_match_through_cosmetic_variants_and_tell_look_alikes_apart():
    assert similarity("（三）不予\n以公\n开", "（三）不予公开") > 0.8
    assert similarity("3、危及\"三安全一稳定\"", "3.危及“三安全一稳定”") > 1
    assert similarity("規範性文件", "规范性文件") > 1 - 1e-9
    assert similarity("①属于国家秘密", "1.属于国家秘密") > 1 and body("⑧属于行政查询事项") == body("8.属于行政查询事项")
    assert similarity("3、其他", "3.其他") > similarity("3、其他", "其他") > similarity("3、其他", "（六）其他处理")
