"""Merging a county's workbooks: statuses, sums, the consolidated workbook read back, recalculated and merged again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import govxl
from govxl.cli import main
from govxl.consolidation import Status, merge, read_roster
from govxl.consolidation.workbook import (
    CELLS_SHEET,
    DETAIL_SHEET,
    FINDINGS_SHEET,
    SOURCES_SHEET,
    STATUS_SHEET,
    SUM_SHEET,
)
from govxl.editions import get_edition
from govxl.template import write_form
from govxl.template.names import PROP_EDITION
from tests import lo
from tests.template_data import consistent_2021

E = get_edition("2021")
ROSTER = "单位名称,单位类别,行政区划代码\n青石镇人民政府,乡镇（街道）,530101001\n白沙乡,乡镇（街道）,530101002\n" \
         "红岩街道办事处,乡镇（街道）,530101003\n县教育局,县级部门,\n"


def write_unit(path: Path, **changes: object) -> Path:
    """A workbook made from the official form, filled with a consistent report changed by ``changes``."""
    values = {**consistent_2021()[1], **changes}
    wb = xlsxwriter.Workbook(str(path))
    wb.set_custom_property(PROP_EDITION, E.id)
    write_form(wb, E, year=int(values["meta_year"]), values=values)  # type: ignore[call-overload]
    wb.close()
    return path


def scaled(k: int) -> dict[str, object]:
    """A consistent report with every count multiplied by ``k`` (so units differ)."""
    return {key: v * k for key, v in consistent_2021()[1].items() if E[key].is_value and isinstance(v, int)}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("county")
    inbox = d / "收到"
    inbox.mkdir()
    write_unit(inbox / "青石镇.xlsx", meta_unit="青石镇人民政府", meta_date="2026-01-10", **scaled(1))
    write_unit(inbox / "白沙乡-初稿.xlsx", meta_unit="白沙乡人民政府", meta_date="2026-01-05", **scaled(5))
    write_unit(inbox / "白沙乡-修改.xlsx", meta_unit="白沙乡", meta_date="2026年1月20日", **scaled(2))
    write_unit(inbox / "红岩.xlsx", meta_unit="红岩街道", meta_year=2024, **scaled(3))
    write_unit(inbox / "红岩街道2025.xlsx", meta_unit="红岩街道办事处", **{**scaled(3), "t3_new_natural": 99})  # errors
    write_unit(inbox / "清石镇.xlsx", meta_unit="青石真人民政府", **scaled(7))  # a misspelt unit
    (inbox / "损坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (d / "名单.csv").write_bytes(ROSTER.encode("gbk"))
    return d


@pytest.fixture(scope="module")
def merged(county: Path) -> tuple[govxl.MergeResult, Path]:
    result = merge([county / "收到"], roster=county / "名单.csv", year=2025, name="示例县")
    return result, result.write(county / "示例县汇总.xlsx")


def rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_every_file_and_roster_unit_has_its_status(merged: tuple[govxl.MergeResult, Path]) -> None:
    result, out = merged
    status = {Path(str(r[6])).name: (r[0], r[3], r[4]) for r in rows(out, STATUS_SHEET)[1:] if r[6]}
    assert status == {
        "青石镇.xlsx": ("青石镇人民政府", "已报送", "已采用"),
        "白沙乡-修改.xlsx": ("白沙乡", "已报送", "已采用"),
        "白沙乡-初稿.xlsx": ("白沙乡", "已报送", "重复（未采用）"),
        "红岩街道2025.xlsx": ("红岩街道办事处", "已报送", "已采用"),
        "红岩.xlsx": ("红岩街道办事处", "已报送", "年度不符"),  # its unit also sent the right year
        "清石镇.xlsx": (None, None, "不在名单"),
        "损坏.xlsx": (None, None, "无法读取"),
    }
    missing = [r for r in rows(out, STATUS_SHEET)[1:] if r[3] == "未报送"]
    assert [r[0] for r in missing] == ["县教育局"] and result.missing == ["县教育局"]
    rules = {f.rule for f in result.findings}
    assert {"missing", "duplicate", "wrong-year", "unexpected", "unreadable"} <= rules
    unexpected = next(f for f in result.findings if f.rule == "unexpected")
    assert "青石镇人民政府" in unexpected.message  # the closest roster name is suggested
    duplicate = next(f for f in result.findings if f.rule == "duplicate")
    assert "白沙乡-修改.xlsx" in duplicate.message and "2026-01-20" in duplicate.message


def test_sum_counts_each_adopted_unit_once(merged: tuple[govxl.MergeResult, Path]) -> None:
    result, out = merged
    adopted = {e.path.name for e in result.adopted}
    assert adopted == {"青石镇.xlsx", "白沙乡-修改.xlsx", "红岩街道2025.xlsx"}
    units = [govxl.read(e.path) for e in result.adopted]
    for key in E.sets["values"]:
        assert result.totals[key] == pytest.approx(sum(u.number(key) for u in units)), key
    assert result.totals["t3_new_natural"] == 12 + 24 + 99  # the later 白沙乡 report, the wrong 红岩 one summed
    # the faulty unit's errors are carried into 校验, and the sum is checked again
    checked = rows(out, FINDINGS_SHEET)
    assert any(r[0] == "红岩街道办事处" and r[4] == "t3-balance" for r in checked)
    assert any(r[0] == "示例县" and r[4] == "t3-balance" for r in checked)
    assert [r[3] for r in checked[1:]] == sorted((r[3] for r in checked[1:]), key=lambda s: s != "错误")


def test_consolidated_workbook_reads_back_as_the_county(merged: tuple[govxl.MergeResult, Path]) -> None:
    result, out = merged
    back = govxl.read(out)
    assert (back.unit, back.year, back.edition) == ("示例县", 2025, E)
    assert {k: back.number(k) for k in result.totals} == pytest.approx(result.totals)
    assert back.findings == []  # the template's names, record and totals' formulas are intact
    assert back.consolidated and not [f for f in govxl.validate(back) if f.rule.startswith("text-")]  # no prose
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:5] == [SUM_SHEET, DETAIL_SHEET, STATUS_SHEET, FINDINGS_SHEET, SOURCES_SHEET]
    column = wb[SUM_SHEET][wb.defined_names["t3_new_natural"].attr_text.split("!")[1].replace("$", "")].value
    assert column.startswith("=SUM(明细!")


def test_sources_lead_to_the_cell_each_figure_came_from(merged: tuple[govxl.MergeResult, Path]) -> None:
    result, out = merged
    wb = openpyxl.load_workbook(out)
    head = [c.value for c in wb[CELLS_SHEET][2]]
    col = [e.key for e in E.value_fields].index("t3_new_natural") + 1
    groups = {r[0]: r for r in wb[CELLS_SHEET].iter_rows(min_row=3, values_only=True)}
    for unit, file, _, how, group in list(wb[SOURCES_SHEET].iter_rows(min_row=2, values_only=True)):
        source = govxl.read(result.roots[0] / file)["t3_new_natural"].source  # files shown relative to the input
        assert groups[group][col] == f"{source.sheet}!{source.cell}" and "按定义名称" in how, unit
    assert head[col] == "自然人"


def test_merging_consolidated_workbooks_adds_all_their_units(tmp_path: Path) -> None:
    a, b = tmp_path / "甲县", tmp_path / "乙县"
    for d, ks in ((a, (1, 2)), (b, (3,))):
        d.mkdir()
        for k in ks:
            write_unit(d / f"u{k}.xlsx", meta_unit=f"第{k}镇", **scaled(k))
    merge([a], name="甲县").write(tmp_path / "甲县汇总.xlsx")
    merge([b], name="乙县").write(tmp_path / "乙县汇总.xlsx")
    city = merge([tmp_path / "甲县汇总.xlsx", tmp_path / "乙县汇总.xlsx"], name="某市")
    assert [e.roster_unit for e in city.adopted] == ["甲县", "乙县"]
    six = scaled(6)
    assert all(city.totals[k] == six[k] for k in six)


def test_sum_formulas_recalculate_in_libreoffice(merged: tuple[govxl.MergeResult, Path], tmp_path: Path) -> None:
    result, out = merged
    [recalculated] = lo.recalculate([out], tmp_path)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    for key, total in result.totals.items():
        sheet, ref = next(iter(wb.defined_names[key].destinations))
        assert wb[sheet][ref.replace("$", "")].value == pytest.approx(total), key


def test_unit_name_starting_with_equals_stays_text_everywhere(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://example.invalid","点我")'
    write_unit(tmp_path / "a.xlsx", meta_unit=hostile)
    result = merge([tmp_path / "a.xlsx"])
    out = result.write(tmp_path / "out" / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    seen += 1
    assert seen >= 3  # 明细, 来源, 报送情况 at least
    assert list(tmp_path.joinpath("out").iterdir()) == [out]  # no temporary file left behind


def test_roster_variants(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(("\ufeff" + "序号,单位名称（全称）,区划代码\n1,青石镇人民政府,530101001\n").encode())
    (tmp_path / "b.csv").write_bytes("名称\t类别\n白沙乡\t乡镇（街道）\n".encode("gbk"))
    a, b = read_roster(tmp_path / "a.csv"), read_roster(tmp_path / "b.csv")
    assert [(u.name, u.code) for u in a.units] == [("青石镇人民政府", "530101001")]
    assert [(u.name, u.level) for u in b.units] == [("白沙乡", "乡镇（街道）")]
    assert a.find("青石镇").name == "青石镇人民政府" and a.find("青石镇人民政府 ") is not None
    assert b.find("白沙乡人民政府").name == "白沙乡" and b.find("白沙镇") is None
    wb = xlsxwriter.Workbook(str(tmp_path / "某某县名单.xlsx"))
    ws = wb.add_worksheet()
    for r, row in enumerate([["某某县应报送单位"], ["单位名称", "行政区划代码"], ["红岩街道", 530101003]]):
        ws.write_row(r, 0, row)
    wb.close()
    x = read_roster(tmp_path / "某某县名单.xlsx")
    assert (x.name, [(u.name, u.code) for u in x.units]) == ("某某县", [("红岩街道", "530101003")])


def test_prior_year_rules_run_per_unit_and_on_the_sum(tmp_path: Path) -> None:
    last, now = tmp_path / "2024", tmp_path / "2025"
    last.mkdir(), now.mkdir()
    write_unit(last / "a.xlsx", meta_unit="第1镇", meta_year=2024, **{**scaled(1), "t3_forward_natural": 5})
    write_unit(now / "a.xlsx", meta_unit="第1镇", **scaled(1))
    result = merge([now], prior=[last])
    carry = [f for f in result.findings if f.rule == "carry-over"]
    assert {f.unit for f in carry} == {"第1镇", result.name}


def test_exclude_invalid_leaves_faulty_reports_out(county: Path) -> None:
    result = merge([county / "收到"], roster=county / "名单.csv", year=2025, exclude_invalid=True)
    excluded = [e.path.name for e in result.entries if e.status is Status.EXCLUDED]
    assert excluded == ["红岩街道2025.xlsx"]
    assert result.totals["t3_new_natural"] == 12 + 24


def test_cli_json_and_exit_codes(county: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "汇总.xlsx"
    code = main(["merge", str(county / "收到"), "-o", str(out), "--roster", str(county / "名单.csv"), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1 and out.exists()  # written, but a unit is missing and reports have errors
    assert doc["missing"] == ["县教育局"] and doc["totals"]["t3_new_natural"] == 12 + 24 + 99
    assert {r["status"] for r in doc["completeness"]} >= {"adopted", "unreadable", "unexpected", None}
    clean = tmp_path / "clean"
    clean.mkdir()
    write_unit(clean / "a.xlsx", meta_unit="青石镇", meta_date=dt.date(2026, 1, 9))
    assert main(["merge", str(clean), "-o", str(tmp_path / "ok.xlsx")]) == 0
    text = capsys.readouterr().out
    assert "已采用 1" in text and "ok.xlsx" in text
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert main(["merge", str(clean), "-o", str(blocker / "no.xlsx")]) == 2  # nothing could be written
    err = capsys.readouterr().err
    assert "无法写出" in err and "不是文件夹" in err


def test_a_large_batch_is_read_in_worker_processes(tmp_path: Path) -> None:
    for i in range(17):
        write_unit(tmp_path / f"u{i:02d}.xlsx", meta_unit=f"第{i}镇")
    (tmp_path / "zz-损坏.xlsx").write_bytes(b"PK\x03\x04 damaged")
    result = merge([tmp_path], workers=2)
    assert result.counts()["adopted"] == 17 and result.counts()["unreadable"] == 1
    assert result.totals["t3_new_natural"] == 17 * 12
    assert [e.path.name for e in result.entries][-1] == "zz-损坏.xlsx"  # input order kept


def test_outlier_flags_only_a_figure_far_above_its_peers(tmp_path: Path) -> None:
    for k in range(1, 7):  # six towns receiving 16–96 applications: no outlier among them
        write_unit(tmp_path / f"u{k}.xlsx", meta_unit=f"第{k}镇", **scaled(k))
    typo = {**scaled(1), "t2_license_decisions": 35000}  # 35 decisions typed as 35000
    write_unit(tmp_path / "u7.xlsx", meta_unit="第7镇", **typo)
    result = merge([tmp_path], year=2025, name="某县")
    [finding] = [f for f in result.findings if f.rule == "outlier"]
    assert finding.unit == "第7镇" and "35000" in finding.message and "中位数" in finding.message
    assert [c.key for c in finding.cells] == ["t2_license_decisions"] and finding.cells[0].cell
