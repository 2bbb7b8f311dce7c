"""Metrics defined once: each equals its hand computation on a filled template; zero denominators are missing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import govxl
from govxl.errors import UsageError
from govxl.metrics import METRICS, MIN_UNITS, describe, metrics, summary, yoy
from govxl.panel import panel
from govxl.template.fill import fill_template
from govxl.template.shipped import file_name
from tests.template_data import consistent_2021, tuochuan_2020
from tests.test_panel import report, tuochuan_pair, wide

TEMPLATES = Path(__file__).parent.parent / "templates"

# consistent_2021's 表三 (新收 16, 结转 2; 予以公开 10, 部分公开 1, 不予公开 1, 无法提供 3, 不予处理 1,
# 其他处理 1, 总计 17; 结转下年度 1; 自然人新收 12) with 表四 changed to: 复议 维持 1 纠正 2 尚未审结 1 (总计 4);
# 直接起诉 尚未审结 1 (总计 1); 复议后起诉 维持 1 纠正 1 (总计 2).
HAND = {
    "disclosure_rate": (10 + 1) / 17,
    "disclosure_rate_granted": 10 / 17,
    "disclosure_rate_received": (10 + 1) / (16 + 2),
    "denial_rate": 1 / 17,
    "unable_rate": 3 / 17,
    "ignored_rate": 1 / 17,
    "other_rate": 1 / 17,
    "carryover_rate": 1 / (16 + 2),
    "natural_share": 12 / 16,
    "review_correction_rate": 2 / (4 - 1),
    "litigation_correction_rate": (0 + 1) / ((1 - 1) + (2 - 0)),
    "dispute_correction_rate": (2 + 0 + 1) / ((4 - 1) + (1 - 1) + (2 - 0)),
    "dispute_rate": (4 + 1 + 2) / 16,
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> govxl.Report:
    _, cells = consistent_2021()
    cells.update(t4_review_corrected=2, t4_review_pending=1, t4_after_upheld=1, t4_after_corrected=1)
    target = tmp_path_factory.mktemp("metrics") / "拖船镇.xlsx"
    return govxl.read(fill_template(TEMPLATES / file_name("2021", 2025), cells, target))


def test_every_metric_equals_the_hand_computation_on_a_filled_template(filled):
    assert set(HAND) == {m.id for m in METRICS}
    row = filled.metrics().iloc[0]
    for metric, expected in HAND.items():
        assert row[metric] == pytest.approx(expected), metric
    assert row["den_handled"] == 17 and row["den_review_closed"] == 3 and row["den_received"] == 18


def test_a_zero_denominator_is_missing_never_zero_percent():
    _, cells = consistent_2021()
    cells.update(t4_direct_pending=0)  # no lawsuit at all: 行政诉讼纠错率 has nothing to divide by
    m = metrics(govxl.Report.from_cells(govxl.get_edition("2021"), cells)).iloc[0]
    assert pd.isna(m["litigation_correction_rate"]) and m["den_litigation_closed"] == 0
    assert m["review_correction_rate"] == 0  # one upheld review: a true 0 %
    cells.update(t4_review_corrected=1, t4_review_pending=2, t4_review_total=1)  # a typed 总计 below its parts
    contradictory = metrics(govxl.Report.from_cells(govxl.get_edition("2021"), cells)).iloc[0]
    assert contradictory["den_review_closed"] == -1 and pd.isna(contradictory["review_correction_rate"])
    e19, seed = tuochuan_2020()  # 拖船镇 2020: no application, no review, no lawsuit
    empty = metrics(govxl.Report.from_cells(e19, seed)).iloc[0]
    assert all(pd.isna(empty[m.id]) for m in METRICS)


def test_a_blank_cell_makes_its_metrics_missing_not_zero():
    r = report("2021", 2023, t3_new_natural=None, t3_new_commercial=4, t3_granted_commercial=4,
               t4_review_upheld=2, t4_review_corrected=None)
    m = metrics(r).iloc[0]
    assert pd.isna(m["natural_share"]) and pd.isna(m["review_correction_rate"]) and m["den_review_closed"] == 2
    assert m["disclosure_rate"] == 1  # the totals are the template's formulas: a blank input counts 0 there


def test_2021_other_subrows_count_as_2019_other_row_in_a_wide_frame_and_a_panel():
    r20, r21 = tuochuan_pair()  # 2020: 其他处理 5 of 5; 2021: sub-rows 1+2+3 (consistent_2021's 1 among them): 6 of 22
    for frame in (wide(r20, r21), panel(wide(r20, r21))):
        m = metrics(frame)
        assert m["other_rate"].tolist() == [pytest.approx(1.0), pytest.approx((1 + 2 + 3) / 22)]
        assert m["edition"].tolist() == ["2019", "2021"]
    assert list(metrics(panel(wide(r20, r21))).index) == [("拖船镇", 2020), ("拖船镇", 2021)]


def test_year_on_year_change_is_per_unit_and_missing_without_last_year():
    frame = wide(report("2021", 2021, t3_new_natural=4), report("2021", 2022, t3_new_natural=6),
                 report("2021", 2024, t3_new_natural=9), report("2021", 2022, unit="城关镇", t3_new_natural=1))
    p = panel(frame)
    change = yoy(p)
    assert change["t3_new_total"].tolist() == [pd.NA, pd.NA, 2, pd.NA]  # 城关镇 2022; 拖船镇 2021, 2022, 2024
    assert yoy(p, relative=True).loc[("拖船镇人民政府", 2022), "t3_new_total"] == pytest.approx(0.5)
    assert "edition" not in change
    r20, r21 = tuochuan_pair()
    across = yoy(panel(wide(r20, r21))).loc[("拖船镇", 2021)]
    assert across["t3_other_natural"] == 6 - 4 and pd.isna(across["t2_rules_valid"])  # not comparable: no change
    assert yoy(metrics(panel(wide(r20, r21)))).loc[("拖船镇", 2021), "other_rate"] == pytest.approx(6 / 22 - 1)
    with pytest.raises(UsageError, match="面板"):
        yoy(frame)


def test_summaries_need_five_units_and_weight_by_the_denominator():
    # 公开率 of six units: 1/1, 1/2, 1/3, 1/4, 1/5, 0/6 (予以公开 over 办理结果总计).
    units = [report("2021", 2025, unit=f"{i}号镇", meta_level="乡镇（街道）", t3_new_natural=i, t3_granted_natural=int(i < 6),
                    t3_unable_nothold_natural=i - int(i < 6)) for i in range(1, 7)]
    s = summary(metrics(wide(*units))).loc[(2025, "disclosure_rate")]
    rates = [1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 0]
    assert s["n"] == 6 and s["mean"] == pytest.approx(sum(rates) / 6)
    assert s["weighted_mean"] == pytest.approx(5 / 21) and s["note"] == ""
    assert s["p10"] == pytest.approx(0.1) and s["p90"] == pytest.approx(0.75)
    few = summary(metrics(wide(*units[:MIN_UNITS - 1]))).loc[(2025, "disclosure_rate")]
    assert few["n"] == 4 and pd.isna(few["mean"]) and pd.isna(few["p90"]) and "少于5个" in few["note"]
    department = report("2021", 2025, unit="县民政局", meta_level="县级部门", t3_new_natural=2, t3_granted_natural=2)
    by_level = summary(metrics(wide(*units, department)), by=("year", "level"))
    assert by_level.loc[(2025, "县级部门", "disclosure_rate"), "n"] == 1
    assert by_level.loc[(2025, "乡镇（街道）", "disclosure_rate"), "mean"] == pytest.approx(sum(rates) / 6)


def test_the_catalogue_names_every_metric_and_its_denominator_in_chinese():
    table = describe()
    assert table.loc["dispute_rate", "name"] == "争议转化率"
    assert table.loc["review_correction_rate", "denominator_terms"] == "t4_review_total -t4_review_pending"
    assert table["name"].is_unique and table["note"].str.len().min() > 0
