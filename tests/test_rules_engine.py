"""The Python rule engine on reports built from cell contents, and on hand-made workbooks for the prose."""

import pickle
from pathlib import Path

from openpyxl import Workbook

from govxl.editions import get_edition
from govxl.reader.layout import read_layout
from govxl.reader.load import load_book
from govxl.report import Report
from govxl.rules import validate
from tests.handmade import draw_table, save
from tests.printed import OFFICIAL_2021


def consistent_2021():
    e = get_edition("2021")
    cells = {k: 0 for k in e.sets["values"] if not e[k].computed}
    cells.update(meta_unit="拖船镇人民政府", meta_year=2025, text_other="本年度未收取信息处理费。")
    cells.update({k: "内容" for k in e.sets["prose"] if k != "text_other"})
    cells.update(t3_new_natural=5, t3_granted_natural=3, t3_other_nofee_natural=1, t3_forward_natural=1,
                 x_fee_notices=1, t2_rules_issued=1, t2_rules_valid=3)
    return e, cells


def test_consistent_report_has_no_findings():
    e, cells = consistent_2021()
    assert list(validate(Report.from_cells(e, cells))) == []


def test_balance_break_names_its_column():
    e, cells = consistent_2021()
    cells["t3_new_natural"] = 6
    f = validate(Report.from_cells(e, cells))
    assert [x.check for x in f] == ["t3-balance:natural", "t3-balance:total"]
    assert (f[0].actual, f[0].expected) == (6, 5)
    assert {c.key for c in f[0].cells} == {"t3_new_natural", "t3_carried_natural", "t3_total_natural", "t3_forward_natural"}


def test_values_blank_text_and_non_numbers():
    e, cells = consistent_2021()
    cells.update(t4_review_upheld=None, t3_new_legal="无", t2_penalty_decisions="１２")
    f = validate(Report.from_cells(e, cells))
    assert sorted(x.check for x in f) == ["value-blank:t4", "value-text:t2_penalty_decisions", "value-type:t3_new_legal"]
    assert f[0].rule == "value-type" and "无" in f[0].message


def test_typed_total_is_checked_like_any_cell():
    e, cells = consistent_2021()
    cells["t3_new_total"] = 7  # overwritten total: row sum is 5
    f = validate(Report.from_cells(e, cells))
    assert sorted(x.check for x in f) == ["t3-balance:total", "t3-row-total:new"]


def test_across_years_carry_over_and_edition_change():
    e19 = get_edition("2019")
    prior_cells = {k: 0 for k in e19.sets["values"] if not e19[k].computed}
    prior_cells.update(meta_unit="拖船镇", meta_year=2020, t3_new_legal=2, t3_granted_legal=1, t3_forward_legal=1)
    e, cells = consistent_2021()
    prior = Report.from_cells(e19, prior_cells)
    f = validate(Report.from_cells(e, cells), prior=prior)
    assert sorted(x.check for x in f) == ["carry-over:legal", "carry-over:total", "prior-edition-gap:t2-prev-rollforward",
                                          "prior-edition-gap:t2-valid-rollforward"]
    gap = next(x for x in f if x.check == "prior-edition-gap:t2-valid-rollforward")  # said, not dropped silently
    assert "上年报告是2019年版格式，没有“现行有效件数”" in gap.message and gap.cells[0].key == "t2_rules_valid"


def test_blank_cells_are_named_and_the_fee_message_counts_the_fee_cases():
    e, cells = consistent_2021()
    cells.update(t4_review_upheld=None, t4_direct_other="  ", text_other="无")
    f = {x.check: x for x in validate(Report.from_cells(e, cells))}
    assert [c.key for c in f["value-blank:t4"].cells] == ["t4_review_upheld", "t4_direct_other"]
    assert "有1件" in f["text-fee"].message  # t3_other_nofee_total, not what 六 holds


# --- text-vs-table on a hand-made workbook whose 一、总体情况 spans rows and cells ---------------------

def prose_workbook(tmp_path: Path, overview: list[list[str]]) -> Path:
    """封面 with the prose (each row's cells given), 表二–表四 on their own sheets; 5 applications received."""
    e = get_edition("2021")
    typed = {k: 0 for k in e.sets["values"] if not e[k].computed and e[k].section in ("t2", "t3", "t4")}
    typed.update(t3_new_natural=5, t3_granted_natural=4, t3_forward_natural=1)
    totals = {k: sum(typed.get(x, 0) for x in e[k].sum_of) for k in e.sets["values"] if e[k].computed}
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover.append(["单位名称", "某县交通运输局"])
    cover.append(["报告年度：2023"])
    for row in [["一、总体情况"], *overview, ["二、主动公开政府信息情况"], ["六、其他需要报告的事项"],
                ["本年度未收取信息处理费。"]]:
        cover.append(row)
    for sheet, table in zip(("表二", "表三", "表四"), OFFICIAL_2021):
        draw_table(wb.create_sheet(sheet), table, {**typed, **totals}, top=1)
    return save(wb, tmp_path / "prose.xlsx")


def test_text_vs_table_points_at_the_cell_holding_the_sentence(tmp_path):
    overview = [["2023年，我局认真贯彻落实《条例》。"], ["（一）主动公开。", "通过门户网站主动公开信息120条。"],
                ["（二）依申请公开。"], ["全年办理依申请公开工作，"], ["做到应答尽答。", "全年新收政府信息公开申请7件。"]]
    [report] = read_layout(load_book(str(prose_workbook(tmp_path, overview))))
    f = [x for x in validate(report) if x.rule == "text-vs-table"]
    assert [(x.actual, x.expected) for x in f] == [(7, 5)]
    prose = f[0].cells[0]
    assert (prose.key, prose.sheet, prose.cell) == ("text_overview_request", "封面", "B8")
    assert [(c.key, c.cell) for c in f[0].cells[1:]] == [("t3_new_total", report["t3_new_total"].source.cell)]


def test_a_number_of_5000_digits_in_the_prose_is_no_figure():
    e, cells = consistent_2021()
    cells["text_overview"] = "全年新收政府信息公开申请" + "9" * 5000 + "件。"
    assert [x.rule for x in validate(Report.from_cells(e, cells))] == []


def test_joined_prose_keeps_its_cells_through_pickling(tmp_path):
    overview = [["2023年，我局认真贯彻落实《条例》。"], ["全年新收申请5件，", "均按时答复。"]]
    [report] = read_layout(load_book(str(prose_workbook(tmp_path, overview))))
    parts = report["text_overview"].source.parts
    assert [cell for _, _, cell in parts] == ["A4", "A5", "B5"]
    text = report.text("text_overview")
    assert [text[at:at + 3] for at, _, _ in parts] == ["202", "全年新", "均按时"]
    assert pickle.loads(pickle.dumps(report))["text_overview"].source == report["text_overview"].source
