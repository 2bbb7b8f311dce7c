"""The official template: its structure (openpyxl) and its live checks recalculated in LibreOffice."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import xl_rowcol_to_cell

import govxl
from govxl.editions import EDITIONS as ALL_EDITIONS
from govxl.editions import get_edition
from govxl.errors import UsageError
from govxl.report import Report
from govxl.rules import Severity, validate
from govxl.schema import Edition, Kind
from govxl.template import checks as live
from govxl.template import form_layout, names, write_form, write_template
from govxl.template.checks import sheet_checks
from govxl.template.fill import fill_template
from govxl.template.shipped import file_name, shipped
from govxl.template.styles import MARKS
from govxl.template.writer import default_year, resolve
from tests import lo
from tests import template_data as data

ROOT = Path(__file__).parent.parent
EDITIONS = ("2021", "2019")
EXPECTED_CELLS = {"2021": {"t3": 175, "t4": 15, "t2": 10}, "2019": {"t3": 161, "t4": 15, "t2": 22}}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {e: write_template(folder / f"t{e}.xlsx", e) for e in EDITIONS}


def cell_of(wb, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")]


# --- structure -----------------------------------------------------------------------------------


@pytest.mark.parametrize("eid", EDITIONS)
def test_every_key_and_check_has_its_defined_name(written, eid):
    e = get_edition(eid)
    wb = openpyxl.load_workbook(written[eid])
    defined = set(wb.defined_names)
    assert set(e.keys()) <= defined
    for table, count in EXPECTED_CELLS[eid].items():
        assert sum(1 for n in defined if n.startswith(table + "_")) == count
    live = sheet_checks(e)
    assert {names.status_name(c.id) for c in live} <= defined
    assert {names.explain_name(c.id) for c in live if c.rule.severity is Severity.WARNING} <= defined
    assert {names.CHECK_ERRORS, names.CHECK_WARNINGS} <= defined
    layout = form_layout(e)
    for key, (row, col) in layout.cells.items():
        sheet, ref = next(iter(wb.defined_names[key].destinations))
        assert (sheet, ref.replace("$", "")) == (names.MAIN_SHEET, xl_rowcol_to_cell(row, col))


@pytest.mark.parametrize("eid", EDITIONS)
def test_protected_without_password_inputs_unlocked_and_validated(written, eid):
    e = get_edition(eid)
    wb = openpyxl.load_workbook(written[eid])
    assert wb.sheetnames[:3] == [names.MAIN_SHEET, names.CHECKS_SHEET, names.GUIDE_SHEET]
    assert wb[names.META_SHEET].sheet_state == "hidden"
    for ws in wb.worksheets:
        assert ws.protection.sheet and not ws.protection.password, ws.title
    ws = wb[names.MAIN_SHEET]
    validated = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validated[rng.coord] = dv
    expected_type = {Kind.COUNT: "whole", Kind.SIGNED: "whole", Kind.AMOUNT: "decimal", Kind.YEAR: "whole",
                     Kind.DATE: "date", Kind.CHOICE: "list"}
    for f in e.fields:
        cell = cell_of(wb, f.key)
        if f.computed:
            assert cell.protection.locked and cell.value.startswith("=SUM("), f.key
        elif f.key == "meta_edition":
            assert cell.protection.locked and cell.value == eid
        else:
            assert not cell.protection.locked, f.key
            assert cell.fill.fgColor.rgb not in (None, "00000000"), f"{f.key} is not marked as an input"
        if f.kind in expected_type:
            dv = validated[cell.coordinate]
            assert dv.type == expected_type[f.kind], f.key
            assert dv.prompt and dv.error and dv.showErrorMessage, f.key
        if f.kind is Kind.COUNT:
            assert (validated[cell.coordinate].operator, validated[cell.coordinate].formula1) == ("greaterThanOrEqual", "0")
    title = ws.cell(form_layout(e).block("title").row + 1, 1).value
    assert title.startswith("=") and "meta_unit" in title and "meta_year" in title
    checks_ws = wb[names.CHECKS_SHEET]
    for c in sheet_checks(e):
        if c.rule.severity is Severity.WARNING:
            assert not cell_of(wb, names.explain_name(c.id)).protection.locked
        assert cell_of(wb, names.status_name(c.id)).protection.locked
    assert checks_ws.freeze_panes and ws.freeze_panes


@pytest.mark.parametrize("eid", EDITIONS)
def test_totals_are_sums_over_contiguous_ranges(written, eid):
    wb = openpyxl.load_workbook(written[eid])
    e = get_edition(eid)
    assert cell_of(wb, "t3_total_natural").value.count(":") == 1  # one column range of the outcome rows
    assert cell_of(wb, "t3_new_total").value.count(":") == 1
    assert cell_of(wb, "t4_review_total").value.count(":") == 1
    assert sum(1 for f in e.fields if f.computed) == sum(
        1 for f in e.fields if str(cell_of(wb, f.key).value).startswith("=SUM("))


def test_version_recorded_in_properties_and_meta_sheet(written):
    wb = openpyxl.load_workbook(written["2019"])
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props == {names.PROP_EDITION: "2019", names.PROP_TEMPLATE_VERSION: names.TEMPLATE_VERSION,
                     names.PROP_GOVXL_VERSION: govxl.__version__, names.PROP_KIND: names.KIND_TEMPLATE}
    rows = {r[0]: r[1] for r in wb[names.META_SHEET].iter_rows(values_only=True)}
    assert (rows["edition"], rows["template_version"], rows["govxl_version"], rows["year"]) == (
        "2019", names.TEMPLATE_VERSION, govxl.__version__, 2020)
    assert cell_of(wb, "meta_year").value == 2020


def test_report_year_defaults_to_the_last_calendar_year():
    assert default_year(dt.date(2027, 1, 2)) == 2026 and default_year(dt.date(2026, 12, 31)) == 2025
    assert resolve("2021", None)[1] == default_year() and resolve("2019", None)[1] == 2020


def test_edition_and_year_default_from_each_other(tmp_path):
    last_year = default_year()
    wb = openpyxl.load_workbook(write_template(tmp_path / "a.xlsx"))
    assert cell_of(wb, "meta_edition").value == govxl.edition_for_year(last_year).id
    assert cell_of(wb, "meta_year").value == last_year
    wb = openpyxl.load_workbook(write_template(tmp_path / "b.xlsx", year=2020))
    assert cell_of(wb, "meta_edition").value == "2019"


def test_wrong_year_for_edition_writes_nothing(tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(UsageError, match="2019年版"):
        write_template(target, "2019", 2025)
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]


def test_write_form_takes_formulas_and_never_turns_text_into_formulas(tmp_path):
    e = get_edition("2021")
    path = tmp_path / "merged.xlsx"
    wb = xlsxwriter.Workbook(path)
    layout = write_form(wb, e, year=2025, values={"meta_unit": "=HYPERLINK(\"x\")", "t3_new_natural": 4},
                        formulas={"t3_new_total": "=SUM(明细!D3:D20)"}, sheet_name="汇总")
    wb.add_worksheet("明细")
    wb.close()
    assert layout.sheet_name == "汇总" and set(layout.cells) == set(e.keys())
    back = openpyxl.load_workbook(path)
    assert cell_of(back, "meta_unit").value == '=HYPERLINK("x")' and cell_of(back, "meta_unit").data_type == "s"
    assert cell_of(back, "t3_new_total").value == "=SUM(明细!D3:D20)"
    assert cell_of(back, "t3_new_natural").value == 4
    assert cell_of(back, "t3_carried_total").value.startswith("=SUM(")


def test_cli_writes_the_template(tmp_path):
    out = tmp_path / "模板.xlsx"
    run = subprocess.run([sys.executable, "-c", "import sys; from govxl.cli import main; sys.exit(main(sys.argv[1:]))",
                          "template", "--year", "2020", "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"已生成 2019 年版模板（2020 年度）：{out}"
    assert openpyxl.load_workbook(out)[names.META_SHEET]["B2"].value == "2019"


# --- print -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("eid", EDITIONS)
def test_only_the_published_form_is_printed(written, eid):
    e = get_edition(eid)
    layout = form_layout(e)
    wb = openpyxl.load_workbook(written[eid])
    first, last = layout.printed
    assert wb[names.MAIN_SHEET].print_area == f"'{names.MAIN_SHEET}'!$A${first + 1}:${col(layout.width - 1)}${last + 1}"
    printed = lambda key: first <= layout.cells[key][0] <= last and layout.cells[key][1] < layout.width  # noqa: E731
    official = [f.key for f in e.fields if f.section in ("t2", "t3", "t4", "text")]
    assert all(map(printed, official)) and not any(map(printed, [*e.keys("meta"), *e.keys("x")]))
    assert layout.block("title").row == first and layout.block("summary").row < first  # the banner is not printed
    assert {layout.cells[k][1] for k in e.keys("meta")} < set(range(layout.width))  # their hints beside, unprinted
    for sheet in (names.CHECKS_SHEET, names.GUIDE_SHEET):  # print area: one empty cell
        area = wb[sheet].print_area.split("!")[1].replace("$", "")
        assert ":" not in area and wb[sheet][area].value is None, sheet


@pytest.mark.parametrize("eid", EDITIONS)
def test_every_table_spans_the_page_from_the_left_margin(eid):
    e = get_edition(eid)
    layout = form_layout(e)
    for t in e.tables:
        grid = layout.grids[t.id]
        assert (grid.first(0), grid.last(t.width - 1)) == (0, layout.width - 1), t.id
    assert layout.cells[e.table("t4").slots[0].key][1] == 0  # 表四 starts at the left margin


@pytest.fixture(scope="module")
def printed(tmp_path_factory, written) -> dict[str, tuple[int, list[str]]]:
    """Both editions filled with a 3,000-character overview and three mistakes, printed to PDF by LibreOffice
    (one run): pages, and each page's text."""
    folder = tmp_path_factory.mktemp("printed")
    filled = []
    for make in (data.consistent_2021, data.tuochuan_2020):
        e, cells = data.three_mistakes(make)
        filled.append(fill_template(written[e.id], cells, folder / f"p{e.id}.xlsx"))
    out = {}
    for pdf in lo.convert(filled, folder / "pdf", "pdf"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(ln.split()[1] for ln in info.splitlines() if ln.startswith("Pages:")))
        text = [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout for p in range(1, pages + 1)]
        out[pdf.stem[1:]] = (pages, text)
    return out


@pytest.mark.parametrize("eid", EDITIONS)
def test_printed_form_holds_the_whole_long_overview_on_four_pages(printed, eid):
    pages, text = printed[eid]
    flat = "".join("".join(text).split())
    assert pages == 4  # was 13: 8 of them the 校验 sheet, 表二 alone on a page
    assert data.long_text() in flat  # every character of the 3,000 printed, none hidden under the next heading
    assert all(heading in flat for heading in get_edition(eid).sections)
    assert "校验：" not in flat and "选填" not in flat and "检查内容" not in flat and "填报说明" not in flat
    assert "金额单位" not in flat and "联系电话" not in flat
    assert all(len("".join(page.split())) > 200 for page in text)  # no page holds only a sliver


# --- 校验 sheet and marks -------------------------------------------------------------------------------


def col(index: int) -> str:
    return xl_rowcol_to_cell(0, index)[:-1]


def _location(cell) -> str:
    return cell.hyperlink.location.replace("'", "").replace("$", "")


def test_checks_sheet_names_each_check_in_chinese_links_it_and_filters(written):
    e = get_edition("2021")
    layout = form_layout(e)
    wb = openpyxl.load_workbook(written["2021"])
    ws = wb[names.CHECKS_SHEET]
    header = [c.value for c in ws[live.FIRST]]
    assert (header[live.WHAT], header[live.RULE]) == ("检查内容", "规则编号") and live.WHAT == 0
    assert ws.auto_filter.ref == f"A{live.FIRST}:{col(live.RULE)}{live.FIRST + len(sheet_checks(e))}"
    rows = {r[live.RULE].value: r[live.WHAT] for r in ws.iter_rows(min_row=live.FIRST + 1)}
    where = lambda key: f"{names.MAIN_SHEET}!{xl_rowcol_to_cell(*layout.cells[key])}"  # noqa: E731
    assert rows["t3-balance:legal"].value == "表三各列：一+二=（七）总计+四（法律服务机构）"
    assert _location(rows["t3-row-total:new"]) == where("t3_new_total")  # the 总计, not the row's first cell
    assert _location(rows["value-type:t3_new_research"]) == where("t3_new_research")
    assert _location(rows["t2-fees-unit"]) == where("t2_fees_amount")
    banner = wb[names.MAIN_SHEET].cell(layout.block("summary").row + 1, 1)
    assert _location(banner) == f"{names.CHECKS_SHEET}!A{live.FIRST}"


def _marks(ws) -> dict[str, list[tuple[str, str]]]:
    """Each cell's conditional formats, highest priority first: (mark style, formula)."""
    style = {(props.get("bg_color", "").lstrip("#").upper() or None, "border" in props): name
             for name, props in MARKS.items()}
    found: dict[str, list[tuple[int, str, str]]] = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            bg = rule.dxf.fill.bgColor.rgb[2:] if rule.dxf.fill is not None else None
            key = style.get((bg, rule.dxf.border is not None), "banner")
            for ref in str(cf.sqref).split():
                found.setdefault(ref, []).append((rule.priority, key, rule.formula[0]))
    return {ref: [(k, f) for _, k, f in sorted(rules)] for ref, rules in found.items()}


def test_offending_cell_marked_strongly_the_rest_of_a_failing_sum_lightly(written):
    e = get_edition("2021")
    layout = form_layout(e)
    marks = _marks(openpyxl.load_workbook(written["2021"])[names.MAIN_SHEET])
    at = lambda key: marks.get(xl_rowcol_to_cell(*layout.cells[key]), [])  # noqa: E731
    style_of = lambda key, check: [s for s, f in at(key) if names.status_name(check) + ")" in f]  # noqa: E731
    assert style_of("t3_new_total", "t3-row-total:new") == ["fail_strong"]  # an overwritten 总计
    assert style_of("t3_new_natural", "t3-row-total:new") == ["fail_light"]  # its row
    assert style_of("t3_new_research", "value-type:t3_new_research") == ["fail_strong"]
    assert style_of("t3_new_legal", "t3-balance:legal") == style_of("t3_forward_legal", "t3-balance:legal") == [
        "fail_light"]  # a balance: no cell of the column is the culprit
    assert style_of("t3_new_total", "t3-balance:total") == ["fail_light"]
    assert style_of("t2_fees_amount", "t2-fees-unit") == ["warn_strong"]
    assert at("meta_level") == []  # 单位类别 is a condition of the fee-unit check, not its subject
    assert all(f.startswith(f"AND({names.FORM_FILLED},") or f == names.FORM_FILLED
               for rules in marks.values() for _, f in rules)  # a blank form shows no marks


def _content(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    sheets = {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
              for ws in wb.worksheets}
    dvs = {ws.title: sorted((str(d.sqref), d.type, d.operator, d.formula1, d.formula2, d.prompt, d.error)
                            for d in ws.data_validations.dataValidation) for ws in wb.worksheets}
    return {"sheets": sheets, "names": {n: d.attr_text for n, d in wb.defined_names.items()}, "dv": dvs}


SHIPPED = sorted((ROOT / "templates").glob("*.xlsx"))


def recorded(path: Path) -> tuple[str, int]:
    """The edition and report year a template records in its hidden sheet."""
    rows = dict(openpyxl.load_workbook(path, read_only=True)[names.META_SHEET].iter_rows(values_only=True))
    return str(rows["edition"]), int(rows["year"])


def test_one_shipped_template_per_edition_earlier_ones_for_their_last_year():
    editions = dict(map(recorded, SHIPPED))
    assert sorted(editions) == sorted(ALL_EDITIONS) and len(SHIPPED) == len(ALL_EDITIONS)
    current = editions[next(e.id for e in ALL_EDITIONS.values() if e.last_year is None)]
    assert sorted(name for *_, name in shipped(current)) == sorted(p.name for p in SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_templates_are_what_the_generator_writes_for_their_year(tmp_path, path):
    # compared with the year recorded in the file, not today's: a new report year is a release step
    # (`make templates YEAR=…`, see govxl/template/shipped.py)
    eid, year = recorded(path)
    assert path.name == file_name(eid, year)
    assert _content(path) == _content(write_template(tmp_path / path.name, eid, year))


# --- live checks in LibreOffice --------------------------------------------------------------------

RULE_BREAKERS = {  # rule -> (changes to the consistent 2021 report, the checks that must then fail)
    "t3-balance": ({"t3_new_social": 1}, {"t3-balance:social", "t3-balance:total"}),
    "t3-row-total": ({"t3_new_total": 17, "t3_forward_total": 2}, {"t3-row-total:new", "t3-row-total:forward"}),
    "t3-outcome-total": ({"t3_total_natural": 14, "t3_forward_natural": 0},
                         {"t3-outcome-total:natural", "t3-outcome-total:total"}),
    "t4-total": ({"t4_review_total": 5}, {"t4-total:review"}),
    "value-type": ({"t3_new_research": "无"}, {"value-type:t3_new_research"}),
    "value-blank": ({"t4_after_upheld": None}, {"value-blank:t4"}),
    "meta-required": ({"meta_unit": None}, {"meta-required"}),
    "meta-edition": ({"meta_year": 2020}, {"meta-edition"}),
    "t2-valid-below-issued": ({"t2_normative_valid": 1}, {"t2-valid-below-issued:normative"}),
    "t2-fees-unit": ({"t2_fees_amount": 50000}, {"t2-fees-unit"}),
    "text-empty": ({"text_problems": None}, {"text-empty:text_problems"}),
    "text-fee": ({"text_other": "无"}, {"text-fee"}),
}
NUMBERS = st.one_of(st.integers(-3, 30), st.sampled_from([0.5, 2.25, -1.5, 1e-7]))
JUNK = st.sampled_from(["无", "—", "/", "12件", "不适用"])


@st.composite
def fillings(draw) -> tuple[str, dict[str, object]]:
    """A consistent report with a few cells changed to numbers, blanks or junk text."""
    e, cells = draw(st.sampled_from([data.consistent_2021, data.tuochuan_2020]))()
    inputs = [f for f in e.fields if not f.computed and f.key != "meta_edition" and f.kind is not Kind.DATE]
    for f in draw(st.lists(st.sampled_from(inputs), min_size=1, max_size=6, unique_by=lambda f: f.key)):
        if f.kind.numeric or f.kind is Kind.YEAR:
            value = draw(st.one_of(NUMBERS, st.none(), JUNK, st.sampled_from([2019, 2020, 2021, 2025])))
        elif f.kind is Kind.CHOICE:
            value = draw(st.one_of(st.none(), st.sampled_from(f.choices)))
        else:
            value = draw(st.sampled_from([None, " ", "无", "本年度未收取信息处理费。", "乡镇"]))
        cells[f.key] = value
    return e.id, cells


def _random_fillings(n: int) -> list[tuple[str, dict[str, object]]]:
    out: list[tuple[str, dict[str, object]]] = []

    @settings(max_examples=n, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fillings())
    def collect(f):
        out.append(f)

    collect()
    return out


def _wrong_cache(path: Path) -> Path:
    wb = xlsxwriter.Workbook(path)
    wb.add_worksheet().write_formula("A1", "=1+1", None, 7)
    wb.close()
    return path


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, written):
    """Every filling of this module, filled by name, recalculated in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("filled")
    cases: dict[str, tuple[Edition, dict[str, object]]] = {}
    cases["seed2019"] = data.tuochuan_2020()
    cases["consistent2021"] = data.consistent_2021()
    for rule_id, (changes, _) in RULE_BREAKERS.items():
        e, cells = data.consistent_2021()
        cases[f"break-{rule_id}"] = (e, {**cells, **changes})
    cases["mistakes"] = data.three_mistakes()
    for name, cells in NOTHING_YET.items():  # the template's own year stays
        cases[name] = (get_edition("2021"), {"meta_year": default_year(), **cells})
    for i, (eid, cells) in enumerate(_random_fillings(32)):
        cases[f"random{i:02d}"] = (get_edition(eid), cells)
    files = [fill_template(written[e.id], cells, folder / f"{name}.xlsx") for name, (e, cells) in cases.items()]
    files.append(_wrong_cache(folder / "cache.xlsx"))
    outputs = lo.recalculate(files, folder / "out")
    books = {p.stem: openpyxl.load_workbook(p, data_only=True) for p in outputs}
    return cases, books


def sheet_failures(wb, e: Edition) -> set[str]:
    statuses = {c.id: cell_of(wb, names.status_name(c.id)).value for c in sheet_checks(e)}
    assert all(isinstance(v, bool) for v in statuses.values()), "a check did not evaluate to TRUE/FALSE"
    return {k for k, ok in statuses.items() if not ok}


def python_failures(e: Edition, cells: dict[str, object]) -> set[str]:
    live = {c.id for c in sheet_checks(e)}
    return {f.check for f in validate(Report.from_cells(e, cells))} & live


def counts(wb) -> tuple[int, int]:
    return cell_of(wb, names.CHECK_ERRORS).value, cell_of(wb, names.CHECK_WARNINGS).value


NOTHING_YET = {"blank": {}, "unit-only": {"meta_unit": "拖船镇人民政府"}, "one-number": {"t4_after_pending": 1}}


def test_a_blank_form_shows_no_error_until_something_is_filled_in(recalculated):
    cases, books = recalculated
    for name in NOTHING_YET:
        e, cells = cases[name]
        wb = books[name]
        filled = cell_of(wb, names.FORM_FILLED).value
        banner = wb[names.MAIN_SHEET].cell(form_layout(e).block("summary").row + 1, 1).value
        assert sheet_failures(wb, e) == python_failures(e, cells) != set()  # the checks themselves still run
        assert (filled, banner == live.NOT_FILLED) == ((False, True) if name == "blank" else (True, False)), name


def test_three_mistakes_fail_in_the_sheet_as_in_python(recalculated):
    cases, books = recalculated
    e, cells = cases["mistakes"]
    failing = sheet_failures(books["mistakes"], e)
    assert failing == python_failures(e, cells) == {
        "t3-row-total:new", "value-type:t3_new_research", "t3-balance:legal", "t3-balance:total"}


def test_libreoffice_recalculated(recalculated):
    _, books = recalculated
    assert books["cache"].active["A1"].value == 2  # the cached 7 was replaced: LibreOffice recalculated


@pytest.mark.parametrize("case", ["seed2019", "consistent2021"])
def test_consistent_reports_pass(recalculated, case):
    cases, books = recalculated
    e, cells = cases[case]
    wb = books[case]
    assert sheet_failures(wb, e) == set() and counts(wb) == (0, 0)
    main = wb[names.MAIN_SHEET]
    assert main.cell(form_layout(e).block("title").row + 1, 1).value == f"拖船镇人民政府{cells['meta_year']}年政府信息公开工作年度报告"
    assert main.cell(form_layout(e).block("summary").row + 1, 1).value == "校验：全部通过"


@pytest.mark.parametrize("case", ["seed2019", "consistent2021"])
def test_formula_totals_equal_python_sums(recalculated, case):
    cases, books = recalculated
    e, cells = cases[case]
    report = Report.from_cells(e, cells)
    totals = {f.key: cell_of(books[case], f.key).value for f in e.fields if f.computed}
    assert totals == {k: report.number(k) for k in totals}
    assert any(totals.values()) or case == "seed2019"  # the seed's tables are all zeros


@pytest.mark.parametrize("rule_id", list(RULE_BREAKERS))
def test_breaking_a_rule_fails_exactly_its_checks(recalculated, rule_id):
    cases, books = recalculated
    e, cells = cases[f"break-{rule_id}"]
    wb = books[f"break-{rule_id}"]
    expected = RULE_BREAKERS[rule_id][1]
    assert sheet_failures(wb, e) == expected == python_failures(e, cells)
    errors = sum(1 for c in sheet_checks(e) if c.id in expected and c.rule.severity is Severity.ERROR)
    assert counts(wb) == (errors, len(expected) - errors)
    summary = wb[names.MAIN_SHEET].cell(form_layout(e).block("summary").row + 1, 1).value
    assert summary == f"校验：{errors} 处错误，{len(expected) - errors} 处提示"
    messages = [r[live.MESSAGE] for r in wb[names.CHECKS_SHEET].iter_rows(min_row=live.FIRST + 1, values_only=True)
                if r[live.RESULT] is False]
    assert len(messages) == len(expected) and all(m and "{" not in m for m in messages)


def test_balance_message_shows_the_figures(recalculated):
    _, books = recalculated
    rows = [r for r in books["break-t3-balance"][names.CHECKS_SHEET].iter_rows(min_row=live.FIRST + 1, values_only=True)
            if r[live.RULE] == "t3-balance:social"]
    assert (rows[0][live.STATUS], rows[0][live.DIFF], rows[0][live.MESSAGE]) == ("✗", 1, "表三“社会公益组织”列不平衡：一+二=1，（七）总计+四=0，相差1。请核对该列的新收、结转和办理结果数字。")


def test_sheet_and_python_agree_on_random_fillings(recalculated):
    cases, books = recalculated
    randoms = [name for name in cases if name.startswith("random")]
    assert len(randoms) >= 25
    for name in randoms:
        e, cells = cases[name]
        sheet = sheet_failures(books[name], e)
        assert sheet == python_failures(e, cells), (name, cells)
        errors = sum(1 for c in sheet_checks(e) if c.id in sheet and c.rule.severity is Severity.ERROR)
        assert counts(books[name]) == (errors, len(sheet) - errors)
