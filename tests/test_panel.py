"""The crosswalk as data and the multi-year panel built with it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import govxl
from govxl.editions import CROSSWALKS, e2021, get_edition
from govxl.editions.common import Group, Row, T2Block, T2Column, assemble
from govxl.editions.crosswalk import Crosswalk, Link, Relation, chain
from govxl.frames import to_frame
from govxl.panel import panel
from govxl.report import Report
from govxl.schema import Edition
from govxl.template.fill import fill_template
from govxl.template.shipped import file_name
from tests.template_data import consistent_2021, tuochuan_2020, zeros


def wide(*reports: Report) -> pd.DataFrame:
    """The wide frame of ``reports`` (govxl.frames), as a collection gives it."""
    return to_frame([row for r in reports for row in r.rows()])


def report(edition_id: str, year: int, unit: str = "拖船镇人民政府", path: str | None = None, **cells: object) -> Report:
    e = get_edition(edition_id)
    return Report.from_cells(e, {**zeros(e), "meta_unit": unit, "meta_year": year, **cells}, path=path)


def tuochuan_pair_cells() -> tuple[tuple[Edition, dict[str, object]], tuple[Edition, dict[str, object]]]:
    """拖船镇 2020 (2019 edition, （六）其他处理 4 natural + 1 legal) and 2021 (sub-rows 1 + 2 + 3 natural)."""
    e19, cells19 = tuochuan_2020()
    cells19.update(t3_new_natural=4, t3_new_legal=1, t3_other_natural=4, t3_other_legal=1, t2_rules_total=9,
                   t2_fees_prev=3)
    e21, cells21 = consistent_2021()
    cells21.update(meta_unit="拖船镇", meta_year=2021, meta_date=None, t3_new_natural=17,  # balanced: 5 more closed
                   t3_other_nocorrection_natural=1, t3_other_nofee_natural=2, t3_other_misc_natural=3, t2_rules_valid=7)
    return (e19, cells19), (e21, cells21)


def tuochuan_pair() -> tuple[Report, Report]:
    (e19, cells19), (e21, cells21) = tuochuan_pair_cells()
    return Report.from_cells(e19, cells19, path="2020/拖船镇.xlsx"), Report.from_cells(e21, cells21, path="2021/拖船镇.xlsx")


def test_every_value_key_of_both_editions_is_in_exactly_one_column_of_its_own():
    crosswalk = CROSSWALKS[("2019", "2021")]
    for edition in (crosswalk.old, crosswalk.new):
        own = [k for c in crosswalk.columns if c.relation is not Relation.SUM_OF or edition is crosswalk.old
               for k in c.sources.get(edition.id, ())]
        assert sorted(own) == sorted(f.key for f in edition.value_fields), edition
    sums = [c for c in crosswalk.columns if c.relation is Relation.SUM_OF]
    assert [c.key for c in sums] == [f"t3_other_{m}" for m in get_edition("2019").sets["t3_col"]]


def test_a_crosswalk_missing_a_key_or_naming_an_unknown_one_refuses_to_build():
    e19, e21 = get_edition("2019"), get_edition("2021")
    links = CROSSWALKS[("2019", "2021")].links
    with pytest.raises(ValueError, match="no relation for 2019:t2_procurement_count"):
        Crosswalk(e19, e21, tuple(link for link in links if "t2_procurement_count" not in link.old))
    with pytest.raises(ValueError, match="t2_rules_invented"):
        Crosswalk(e19, e21, (*links, Link(Relation.ONLY_IN, ("t2_rules_invented",))))


def test_2021_subrows_are_summed_into_2019s_other_row_and_kept_as_their_own_columns():
    r20, r21 = tuochuan_pair()
    p = panel(wide(r20, r21))
    assert list(p.index) == [("拖船镇", 2020), ("拖船镇", 2021)]  # 拖船镇人民政府 and 拖船镇 are one unit
    assert p.loc[("拖船镇", 2020), "t3_other_natural"] == 4
    assert p.loc[("拖船镇", 2021), "t3_other_natural"] == 1 + 2 + 3
    assert p.loc[("拖船镇", 2021), "t3_other_legal"] == 0
    assert p.loc[("拖船镇", 2021), "t3_other_nofee_natural"] == 2
    assert pd.isna(p.loc[("拖船镇", 2020), "t3_other_nofee_natural"])
    assert p["t3_other_natural"].dtype == "Int64" and p["t2_fees_amount"].dtype == "Float64"
    assert list(p["edition"]) == ["2019", "2021"]


def test_not_comparable_measures_stay_apart_and_say_why():
    p = panel(wide(*tuochuan_pair()))
    assert p["t2_rules_total"].tolist() == [9, pd.NA] and p["t2_rules_valid"].tolist() == [pd.NA, 7]
    caveats = p.attrs["not_comparable"]
    assert {"t2_rules_total", "t2_rules_valid", "t2_normative_total", "t2_normative_valid", "t2_fees_prev", "t2_fees_change",
            "t2_fees_amount"} == set(caveats)
    assert "累计公开" in caveats["t2_rules_total"] and "现行有效" in caveats["t2_rules_valid"]
    assert "金额" in caveats["t2_fees_amount"]


def test_renamed_measures_line_up_under_the_newer_key():
    r19 = report("2019", 2019, t2_normative_made=5)
    r21 = report("2021", 2022, unit="拖船镇", t2_normative_issued=2)
    p = panel(wide(r19, r21))
    assert p["t2_normative_issued"].tolist() == [5, 2]
    assert "t2_normative_made" not in p and p.attrs["relations"]["t2_normative_issued"] == "renamed"


def test_blank_stays_missing_in_a_sum_and_in_a_column():
    r = report("2021", 2023, t3_other_misc_natural=None, t3_new_natural=None)
    p = panel(wide(r))
    assert pd.isna(p.iloc[0]["t3_new_natural"])
    assert "t3_other_natural" in p and "t2_rules_total" not in p  # one edition: the columns it has a figure for
    mixed = panel(wide(tuochuan_pair()[0], report("2021", 2021, t3_other_misc_natural=None)))
    assert pd.isna(mixed.loc[("拖船镇人民政府", 2021), "t3_other_natural"])
    assert mixed.loc[("拖船镇人民政府", 2021), "t3_other_legal"] == 0


def test_rows_without_unit_year_or_known_edition_and_second_reports_are_left_out_with_a_reason():
    first = report("2021", 2022, unit="城关镇", path="a/城关镇.xlsx", t3_new_natural=1)
    second = report("2021", 2022, unit="城关镇人民政府", path="b/城关镇.xlsx", t3_new_natural=2)
    frame = wide(first, second, report("2021", 2022, path="无年度.xlsx"), report("2021", 2022, path="旧格式.xlsx"))
    frame.loc[2, "year"] = pd.NA
    frame["edition"] = frame["edition"].cat.add_categories("2017")
    frame.loc[3, "edition"] = "2017"
    p = panel(frame)
    assert p["t3_new_natural"].tolist() == [2]
    assert p.attrs["left_out"] == ["无年度.xlsx：没有单位名称或报告年度，未列入面板",
                                   "旧格式.xlsx：格式版本“2017”不是已知的版本，未列入面板",
                                   "a/城关镇.xlsx：与后面的一份报告同为“城关镇人民政府”2022年度，面板采用后面的一份"]


def test_units_are_sorted_and_named_as_in_their_latest_report():
    frame = wide(report("2021", 2022, unit="拖船镇"), report("2019", 2020, unit="城关镇人民政府"),
                 report("2021", 2021, unit="城关镇"), report("2019", 2020, unit="拖船镇人民政府"))
    assert list(panel(frame).index) == [("城关镇", 2020), ("城关镇", 2021), ("拖船镇", 2020), ("拖船镇", 2022)]


def test_a_third_edition_is_data_its_crosswalk_chained_onto_the_others():
    e21 = get_edition("2021")
    documents = (T2Column("new", "本年新制发件数"), *e2021.DOCUMENTS[1:])
    other = Group("（六）其他处理", tuple(Row(k, e21.labels["t3_row"][k], outcome=True)
                                    for k in ("other_nocorrection", "other_nofee", "other_misc")))
    e27 = assemble("2027", title="格式", issued_by="某函", years=(2027, None), t2_blocks=(
        T2Block("第二十条第（一）项", documents, (("rules", "规章"), ("normative", "行政规范性文件"))),
        T2Block("第二十条第（五）项", e2021.DECISIONS, (("license", "行政许可"),))),
        t3_other=other, extensions=(), sets={}, labels={})
    later = Crosswalk(e21, e27, (
        Link(Relation.RENAMED, ("t2_{m}_issued",), ("t2_{m}_new",), ("rules", "normative")),
        Link(Relation.ONLY_IN, ("t2_penalty_decisions", "t2_coercion_decisions", "t2_fees_amount", "x_fee_notices",
                                "x_fee_notice_amount", "x_fee_collected"), caveat="2027年版没有。"),
    ))
    columns = {c.key: c for c in chain([CROSSWALKS[("2019", "2021")], later])}
    assert columns["t2_rules_new"].sources == {"2019": ("t2_rules_made",), "2021": ("t2_rules_issued",),
                                               "2027": ("t2_rules_new",)}
    assert columns["t3_other_legal"].relation is Relation.SUM_OF
    assert columns["t3_other_legal"].sources["2027"] == ("t3_other_nocorrection_legal", "t3_other_nofee_legal",
                                                         "t3_other_misc_legal")
    assert columns["t3_new_total"].relation is Relation.SAME and len(columns["t3_new_total"].sources) == 3
    assert columns["t2_rules_valid"].sources.keys() == {"2021", "2027"}
    assert columns["t2_rules_valid"].relation is Relation.NOT_COMPARABLE  # with 2019's 对外公开总数量
    assert columns["t2_penalty_decisions"].relation is Relation.ONLY_IN
    assert columns["t2_penalty_decisions"].caveat == "2027年版没有。"
    assert "t2_rules_issued" not in columns and len(columns) == len(CROSSWALKS[("2019", "2021")].columns)


def test_a_units_2020_and_2021_workbooks_read_as_a_collection_line_up_in_its_panel(tmp_path):
    templates = Path(__file__).parent.parent / "templates"
    for (e, cells), year in zip(tuochuan_pair_cells(), (2020, 2021), strict=True):
        fill_template(templates / file_name(e.id, 2025 if e.id == "2021" else 2020), cells, tmp_path / f"{year}.xlsx")
    p = govxl.read_many(tmp_path, workers=1, progress=False).panel()
    assert list(p.index) == [("拖船镇", 2020), ("拖船镇", 2021)]
    assert p["t3_other_natural"].tolist() == [4, 1 + 2 + 3]
    assert p["t2_rules_total"].tolist() == [9, pd.NA] and p["t2_rules_valid"].tolist() == [pd.NA, 7]
    assert {"t2_rules_total", "t2_rules_valid"} <= set(p.attrs["not_comparable"])
