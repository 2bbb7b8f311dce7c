"""The Python rule engine on reports built from cell contents (no files involved)."""

from govxl.editions import get_edition
from govxl.report import Report
from govxl.rules import validate


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
    assert sorted(x.check for x in f) == ["carry-over:legal", "carry-over:total"]


def test_blank_cells_are_named_and_the_fee_message_counts_the_fee_cases():
    e, cells = consistent_2021()
    cells.update(t4_review_upheld=None, t4_direct_other="  ", text_other="无")
    f = {x.check: x for x in validate(Report.from_cells(e, cells))}
    assert [c.key for c in f["value-blank:t4"].cells] == ["t4_review_upheld", "t4_direct_other"]
    assert "有1件" in f["text-fee"].message  # t3_other_nofee_total, not what 六 holds
