"""Reading workbooks made from the govxl template, by defined name: values, provenance, integrity findings.

Templates come from ``write_template``, are filled by defined name with openpyxl (``fill_template``) and,
where it matters, saved again by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest

import govxl
from govxl.editions import get_edition
from govxl.errors import UnreadableFile
from govxl.reader import read_all, read_each
from govxl.template import write_template
from govxl.template.fill import Formula, fill_template
from govxl.template.names import explain_name
from govxl.values import State
from tests import lo
from tests.template_data import tuochuan_2020, zeros

E21 = get_edition("2021")


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {e: write_template(folder / f"模板{e}.xlsx", edition=e) for e in ("2019", "2021")}


def filled(templates: dict[str, Path], tmp_path: Path, values: dict[str, object], edition: str = "2021",
           name: str = "填报.xlsx") -> Path:
    base = {"meta_unit": "拖船镇人民政府", "meta_year": 2025 if edition == "2021" else 2020}
    return fill_template(templates[edition], {**base, **values}, tmp_path / name)


def rules_of(report: govxl.Report) -> list[str]:
    return [f.rule for f in report.findings]


def test_blank_template_reads_clean_with_its_record(templates: dict[str, Path]) -> None:
    for edition, path in templates.items():
        report = govxl.read(path)
        assert report.edition is get_edition(edition)
        assert report.reader == "template"
        assert report.findings == []
        assert report.meta["edition_recorded"] == edition
        assert report.meta["template_version"] and report.meta["govxl_version"] == govxl.__version__
        assert "年度报告" in report.meta["sheets"]
        assert report["t3_total_total"].computed_by_formula


def test_values_states_and_provenance(templates: dict[str, Path], tmp_path: Path) -> None:
    path = filled(templates, tmp_path, {
        **zeros(E21), "t3_new_natural": 5, "t3_new_commercial": "12", "t3_new_research": "无",
        "t3_new_social": None, "text_other": "本年度未收取信息处理费。",
    })
    report = govxl.read(path)
    assert report["t3_new_natural"].state is State.NUMBER
    assert report["t3_new_commercial"].state is State.TEXT_NUMBER and report.number("t3_new_commercial") == 12
    assert report["t3_new_research"].state is State.INVALID and report["t3_new_research"].text == "无"
    assert report["t3_new_social"].state is State.BLANK
    assert report.text("text_other") == "本年度未收取信息处理费。"
    src = report["t3_new_natural"].source
    assert (src.file, src.sheet, src.raw, src.how) == (str(path), "年度报告", 5, "name")
    wb = openpyxl.load_workbook(path)
    sheet, ref = next(iter(wb.defined_names["t3_new_natural"].destinations))
    assert src.cell == ref.replace("$", "")
    # the total is what the formula computes from the inputs (openpyxl kept no cached value at all)
    total = report["t3_new_total"]
    assert total.computed_by_formula and total.source.formula.startswith("=SUM(") and total.source.cached is None
    assert total.number == 5 + 12
    rules = govxl.validate(report).rules()
    assert {"value-text", "value-type", "value-blank"} <= set(rules)
    assert "template-altered" not in rules and "formula-overwritten" not in rules


def test_input_file_is_never_modified(templates: dict[str, Path], tmp_path: Path) -> None:
    path = filled(templates, tmp_path, zeros(E21))
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    govxl.read(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_typed_total_is_kept_and_flagged(templates: dict[str, Path], tmp_path: Path) -> None:
    report = govxl.read(filled(templates, tmp_path, {**zeros(E21), "t3_new_natural": 3, "t3_new_total": 7}))
    total = report["t3_new_total"]
    assert (total.number, total.source.how, total.source.formula) == (7, "name", None)
    [f] = [f for f in report.findings if f.rule == "formula-overwritten"]
    assert f.cells[0].key == "t3_new_total" and "7" in f.message
    assert "t3-row-total" in govxl.validate(report).rules()  # the typed figure is still checked


def test_cleared_total_is_blank_and_the_template_altered(templates: dict[str, Path], tmp_path: Path) -> None:
    report = govxl.read(filled(templates, tmp_path, {**zeros(E21), "t3_new_total": None}))
    assert report["t3_new_total"].state is State.BLANK
    [f] = [f for f in report.findings if f.rule == "template-altered"]
    assert "合计公式被删除" in f.message and f.cells[0].key == "t3_new_total"


def test_altered_simple_formula_is_evaluated(templates: dict[str, Path], tmp_path: Path) -> None:
    values = {**zeros(E21), "t3_new_natural": 4, "t3_new_commercial": 6,
              "t3_new_total": Formula("=t3_new_natural+t3_new_commercial*1")}
    # a product is not simple: the cached value (none after openpyxl) is taken, and said so
    report = govxl.read(filled(templates, tmp_path, values))
    assert report["t3_new_total"].state is State.BLANK and "保存的计算结果" in report["t3_new_total"].source.note
    values["t3_new_total"] = Formula("=t3_new_natural-t3_new_commercial+SUM(t3_new_research)")
    report = govxl.read(filled(templates, tmp_path, values, name="b.xlsx"))
    total = report["t3_new_total"]
    assert total.number == -2 and "重新计算" in total.source.note and not total.computed_by_formula
    assert "template-altered" in rules_of(report)
    assert "value-type" in govxl.validate(report).rules()  # a negative count


def test_relabelled_row_is_reported(templates: dict[str, Path], tmp_path: Path) -> None:
    path = filled(templates, tmp_path, zeros(E21))
    wb = openpyxl.load_workbook(path)
    sheet, ref = next(iter(wb.defined_names["t3_granted_natural"].destinations))
    ws = wb[sheet]
    row = ws[ref.replace("$", "")].row
    label = next(c for c in ws[row] if c.value == E21.labels["t3_row"]["granted"])
    label.value = "（一）全部公开"
    del wb.defined_names["t4_review_upheld"]
    wb.save(path)
    report = govxl.read(path)
    altered = {f.check: f for f in report.findings if f.rule == "template-altered"}
    assert {c.key for c in altered["template-altered:labels"].cells} >= {"t3_granted_natural", "t3_granted_total"}
    assert [c.key for c in altered["template-altered:names"].cells] == ["t4_review_upheld"]
    assert "t4_review_upheld" not in report.values


def test_date_units_and_explanations(templates: dict[str, Path], tmp_path: Path) -> None:
    e, values = tuochuan_2020()
    values.update(x_procurement_unit="万元", t2_procurement_amount=8.62)
    path = filled(templates, tmp_path, values, edition="2019")
    wb = openpyxl.load_workbook(path)
    date_sheet, date_ref = next(iter(wb.defined_names["meta_date"].destinations))
    cell = wb[date_sheet][date_ref.replace("$", "")]
    cell.value, cell.number_format = 43852, 'yyyy"年"m"月"d"日"'  # a serial as Chinese Excel stores it
    warning = next(c for c in govxl.rules.checks(e) if c.rule.severity.value == "warning")
    ex_sheet, ex_ref = next(iter(wb.defined_names[explain_name(warning.id)].destinations))
    wb[ex_sheet][ex_ref.replace("$", "")] = "经核实无误"
    wb.save(path)
    report = govxl.read(path)
    assert report.date == dt.date(2020, 1, 22) and report["meta_date"].source.raw == 43852
    amount = report["t2_procurement_amount"]
    assert amount.number == 86200 and amount.source.raw == 8.62 and "万元" in amount.source.note
    assert report.explanations == {warning.id: "经核实无误"}


def test_edition_recorded_wins_over_the_year(templates: dict[str, Path], tmp_path: Path) -> None:
    report = govxl.read(filled(templates, tmp_path, {**zeros(E21), "meta_year": 2020}))
    assert report.edition is E21
    assert "meta-edition" in govxl.validate(report).rules()


@pytest.mark.skipif(lo.SOFFICE is None, reason="LibreOffice not installed")
def test_files_saved_by_libreoffice_read_the_same(templates: dict[str, Path], tmp_path: Path) -> None:
    e, values = tuochuan_2020()
    values.update(t3_new_natural=2, t3_granted_natural=1, t3_forward_natural=1, t4_review_upheld=1)
    originals = [filled(templates, tmp_path, values, edition="2019", name="拖船镇.xlsx"),
                 filled(templates, tmp_path, {**zeros(E21), "t3_new_legal": "3", "t3_granted_legal": 3},
                        name="某县.xlsx")]
    saved = lo.convert(originals, tmp_path / "lo")
    for original, resaved in zip(originals, saved):
        a, b = govxl.read(original), govxl.read(resaved)
        assert b.reader == "template" and b.edition is a.edition
        assert b.findings == [], [f.message for f in b.findings]
        assert b.numbers() == a.numbers()
        assert {k: v.state for k, v in b.values.items()} == {k: v.state for k, v in a.values.items()}
        assert b["t3_total_total"].computed_by_formula
    assert govxl.read(saved[0])["t2_procurement_amount"].number == 86200


def test_read_each_keeps_order_and_reports_unreadable(templates: dict[str, Path], tmp_path: Path) -> None:
    good = filled(templates, tmp_path, zeros(E21))
    junk = tmp_path / "坏文件.xlsx"
    junk.write_bytes(b"PK\x03\x04 truncated")
    paths = [good if i % 5 else junk for i in range(20)]
    results = list(read_each(paths, workers=2))
    assert [p for p, _ in results] == [str(p) for p in paths]
    for path, result in results:
        if path == str(junk):
            assert isinstance(result, UnreadableFile) and "损坏" in result.reason
        else:
            assert result[0].edition is E21 and result[0].number("t3_new_total") == 0
    [here] = read_all(good)
    assert here.unit == "拖船镇人民政府"
    [there] = results[1][1]  # type: ignore[misc]
    assert (there.values, there.findings, there.meta, there.path) == (here.values, here.findings, here.meta, here.path)


def test_a_template_of_an_earlier_layout_reads_without_alterations() -> None:
    """Templates already filled in by units (govxl 0.1's layout, before the printable form) are not 'altered'."""
    report = govxl.read(Path(__file__).parent / "data" / "template-layout-v0-filled-2024.xlsx")
    assert (report.unit, report.year) == ("青石镇人民政府", 2024)
    assert [f for f in report.findings if f.rule == "template-altered"] == []
    assert not govxl.validate(report).errors
