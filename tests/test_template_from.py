"""Next year's template from this year's report: `govxl template --from LAST.xlsx [--year YYYY]`."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

import govxl
from govxl.editions import get_edition
from govxl.reader.origin import BLANK_TEMPLATE, output_kind
from govxl.rules import validate
from govxl.template import names, write_template
from govxl.template.fill import fill_template
from govxl.template.styles import CARRIED_FILL
from govxl.template.writer import write_next_template
from tests import lo
from tests import template_data as data
from tests.handmade import draw_table, save
from tests.printed import OFFICIAL_2021

ROOT = Path(__file__).parent.parent
SEED = data.SEED
PUBLISHED = ROOT / "tests" / "data" / "published" / "2024-pingtan-zone.html"
COLUMNS = [c for c in get_edition("2021").sets["t3_col"] if c != "total"]  # the total is its formula
IDENTIFICATION = ("meta_unit", "meta_level", "meta_region", "meta_region_code", "meta_preparer", "meta_phone")
FORWARD = {"t3_forward_natural": 1, "t3_forward_commercial": 2, "t3_forward_research": None,  # blank stays blank
           "t3_forward_social": 0, "t3_forward_legal": 3, "t3_forward_otherorg": 0}


def cell_of(wb, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")]


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from govxl.cli import main; sys.exit(main(sys.argv[1:]))",
                           "template", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def filled(folder: Path, edition: str, year: int, cells: dict[str, object], name: str) -> Path:
    blank = write_template(folder / f"blank-{name}.xlsx", edition, year)
    return fill_template(blank, cells, folder / f"{name}.xlsx")


@pytest.fixture(scope="module")
def last_2025(tmp_path_factory) -> Path:
    """A filled 2025 template (2021 edition) with applications carried forward, one forward cell left blank, and
    an error (社会公益组织's column does not balance)."""
    e, cells = data.consistent_2021()
    cells.update(FORWARD, t3_new_commercial=5, t3_new_legal=4, t3_new_social=1)
    return filled(tmp_path_factory.mktemp("last"), "2021", 2025, cells, "拖船镇2025")


@pytest.fixture(scope="module")
def next_2026(last_2025, tmp_path_factory) -> Path:
    path, _ = write_next_template(govxl.read(last_2025), tmp_path_factory.mktemp("next") / "拖船镇2026.xlsx")
    return path


def test_the_next_template_holds_last_years_forward_and_identification(last_2025, next_2026):
    last = govxl.read(last_2025)
    wb = openpyxl.load_workbook(next_2026)
    assert wb[names.META_SHEET]["B5"].value == 2026
    assert cell_of(wb, "meta_year").value == 2026 and cell_of(wb, "meta_date").value is None
    for key in IDENTIFICATION:
        assert cell_of(wb, key).value == last.text(key) != ""
    for col in COLUMNS:
        assert cell_of(wb, f"t3_carried_{col}").value == FORWARD[f"t3_forward_{col}"]
    assert cell_of(wb, "t3_new_natural").value is None  # this year's figures are this year's to fill

    again = govxl.read(next_2026)
    assert again.year == 2026 and again.edition.id == "2021" and not again.findings
    assert {k: again.text(k) for k in IDENTIFICATION} == {k: last.text(k) for k in IDENTIFICATION}
    assert {c: again.numbers()[f"t3_carried_{c}"] for c in COLUMNS} == {c: last.numbers()[f"t3_forward_{c}"] for c in COLUMNS}
    assert again.is_blank("t3_carried_research")


def test_carried_cells_are_marked_commented_and_stay_editable(next_2026):
    wb = openpyxl.load_workbook(next_2026)
    natural, research, new = (cell_of(wb, k) for k in ("t3_carried_natural", "t3_carried_research", "t3_new_natural"))
    assert natural.fill.fgColor.rgb == "FF" + CARRIED_FILL[1:] != new.fill.fgColor.rgb
    assert natural.protection.locked is False and wb[natural.parent.title].protection.sheet
    assert "由2025年报告的“结转下年度继续办理”带入" in natural.comment.text
    assert "由2025年报告的“单位名称”带入" in cell_of(wb, "meta_unit").comment.text
    assert research.comment is None and research.fill.fgColor.rgb != natural.fill.fgColor.rgb  # nothing carried


def test_the_guide_says_where_the_carried_values_came_from(next_2026):
    text = "\n".join(str(v) for row in openpyxl.load_workbook(next_2026)[names.GUIDE_SHEET].iter_rows(values_only=True)
                     for v in row if v)
    assert "本模板由“拖船镇2025.xlsx”（2025年报告，2021年版格式）生成" in text
    assert "表三“二、上年结转政府信息公开申请数量”（自然人、商业企业、社会公益组织、法律服务机构、其他）：由2025年报告的“结转下年度继续办理”带入" in text
    assert "表三“二、上年结转政府信息公开申请数量”（科研机构）未带入：2025年报告的“结转下年度继续办理”未填数字" in text
    assert "表二“现行有效件数”（规章、行政规范性文件）：2025年报告的数字" in text
    assert "t2-valid-rollforward" in text  # the live check is listed with the others


def test_from_the_2020_seed_a_2021_edition_template_carries_the_2020_forward(tmp_path):
    seed = govxl.read(SEED)
    path, carried = write_next_template(seed, tmp_path / "2021.xlsx")
    again = govxl.read(path)
    assert (seed.edition.id, again.edition.id, again.year) == ("2019", "2021", 2021)
    assert {c: again.numbers()[f"t3_carried_{c}"] for c in COLUMNS} == {c: seed.numbers()[f"t3_forward_{c}"] for c in COLUMNS}
    assert again.unit == seed.unit == "拖船镇"
    assert not any(n.startswith("LAST_") for n in openpyxl.load_workbook(path).defined_names)  # 2019 has no 现行有效件数
    assert carried.gaps and "口径不同" in carried.gaps[0]


def test_across_the_edition_change_nonzero_forward_figures_carry(tmp_path):
    e, cells = data.tuochuan_2020()
    cells.update({k.replace("t3_forward", "t3_new"): v or 0 for k, v in FORWARD.items()},
                 **{k: v or 0 for k, v in FORWARD.items()})  # new = forward: every column balances
    last = govxl.read(filled(tmp_path, "2019", 2020, cells, "2020"))
    again = govxl.read(write_next_template(last, tmp_path / "2021.xlsx")[0])
    assert again.edition.id == "2021"
    assert {c: again.numbers()[f"t3_carried_{c}"] for c in COLUMNS} == {c: FORWARD[f"t3_forward_{c}"] or 0 for c in COLUMNS}


def test_the_2019_editions_project_counts_roll_forward_within_the_edition(tmp_path):
    e, cells = data.tuochuan_2020()
    cells.update(meta_year=2019, t2_license_prev=5, t2_license_change=-2, t2_penalty_prev=1, t2_penalty_change=3)
    path, _ = write_next_template(govxl.read(filled(tmp_path, "2019", 2019, cells, "2019")), tmp_path / "2020.xlsx")
    wb = openpyxl.load_workbook(path)
    assert (cell_of(wb, "t2_license_prev").value, cell_of(wb, "t2_penalty_prev").value) == (3, 4)
    assert "由2019年报告的“上一年项目数量”加“本年增/减”带入" in cell_of(wb, "t2_license_prev").comment.text


def test_a_hand_made_workbook_carries_like_a_template(tmp_path):
    e = get_edition("2021")
    typed = {k: 0 for k in e.sets["values"] if not e[k].computed}
    typed.update(t3_new_natural=4, t3_granted_natural=1, t3_forward_natural=3, t2_rules_valid=6)
    wb = Workbook()
    wb.active.append(["单位名称", "某县交通运输局"])
    wb.active.append(["报告年度：2023"])
    sums = {f.key: f.sum_of for f in e.value_fields if f.computed}
    for sheet, table in zip(("表二", "表三", "表四"), OFFICIAL_2021, strict=True):
        draw_table(wb.create_sheet(sheet), table, typed, top=1, formulas=sums)
    last = govxl.read(save(wb, tmp_path / "交通运输局2023.xlsx"))
    again = govxl.read(write_next_template(last, tmp_path / "2024.xlsx")[0])
    assert (again.unit, again.year, again.number("t3_carried_natural")) == ("某县交通运输局", 2024, 3)
    assert cell_of(openpyxl.load_workbook(tmp_path / "2024.xlsx"), names.baseline_name("t2_rules_valid")).value == 6


def test_a_published_page_gives_its_现行有效件数_as_the_baseline(tmp_path):
    path, carried = write_next_template(govxl.read(PUBLISHED), tmp_path / "2025.xlsx")
    wb = openpyxl.load_workbook(path)
    assert cell_of(wb, names.baseline_name("t2_normative_valid")).value == 440
    assert cell_of(wb, "meta_unit").value == "平潭综合实验区"
    assert {c.id for c in carried.checks} == {"t2-valid-rollforward:rules", "t2-valid-rollforward:normative"}


ROLLED = {"t2_normative_issued": 3, "t2_normative_repealed": 1}  # last year 15 in force: 15 + 3 − 1 = 17


@pytest.fixture(scope="module")
def recalculated(last_2025, next_2026, tmp_path_factory):
    """The next template untouched, filled consistently, with a 现行有效件数 off the roll-forward, and with that
    figure's baseline corrected by the filler: one soffice run."""
    folder = tmp_path_factory.mktemp("filled")
    _, cells = data.consistent_2021()
    this_year = {k: v for k, v in cells.items() if not k.startswith(("meta_", "t3_carried_"))}
    this_year.update(t3_forward_natural=0, t3_forward_commercial=2, t3_forward_legal=3)  # balanced on the carried
    cases = {"untouched": {}, "consistent": {**this_year, **ROLLED, "t2_normative_valid": 17},
             "inconsistent": {**this_year, **ROLLED, "t2_normative_valid": 20},
             "baseline-corrected": {**this_year, **ROLLED, "t2_normative_valid": 20,  # last year's figure was wrong
                                    names.baseline_name("t2_normative_valid"): 18}}
    files = {name: fill_template(next_2026, cells, folder / f"{name}.xlsx") for name, cells in cases.items()}
    books = {p.stem: openpyxl.load_workbook(p, data_only=True) for p in lo.recalculate(list(files.values()), folder / "lo")}
    return files, books


def test_the_roll_forward_check_runs_live_on_last_years_baseline(last_2025, recalculated):
    files, books = recalculated
    status = names.status_name("t2-valid-rollforward:normative")
    assert cell_of(books["consistent"], status).value is True
    assert cell_of(books["inconsistent"], status).value is False
    assert cell_of(books["baseline-corrected"], status).value is True  # the check reads the baseline cell
    message = cell_of(books["inconsistent"], status).offset(column=-3).value
    assert "现行有效件数为20" in message and "应为17" in message
    last = govxl.read(last_2025)
    for name in ("consistent", "inconsistent"):  # the sheet and the Python rule agree
        found = {f.check for f in validate(govxl.read(files[name]), prior=last)}
        assert ("t2-valid-rollforward:normative" in found) is (name == "inconsistent")
    for name in ("consistent", "inconsistent", "baseline-corrected"):  # without last year's file: on the baselines
        found = [f.check for f in validate(govxl.read(files[name]))]
        assert found.count("t2-valid-rollforward:normative") == (name == "inconsistent"), name
    both = [f.check for f in validate(govxl.read(files["baseline-corrected"]), prior=last)]
    assert both.count("t2-valid-rollforward:normative") == 1  # last year's file decides, once


def test_an_untouched_carried_template_shows_no_check_until_filled_in(recalculated):
    _, books = recalculated
    wb = books["untouched"]
    assert cell_of(wb, names.FORM_FILLED).value is False
    assert "填写后自动显示" in wb["年度报告"]["A1"].value
    assert cell_of(books["consistent"], names.CHECK_ERRORS).value == 0


def test_cli_says_what_was_carried_and_that_last_year_has_errors(last_2025, tmp_path):
    out = tmp_path / "2026.xlsx"
    run = run_cli("--from", last_2025, "-o", out)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"已生成 2021 年版模板（2026 年度）：{out}"
    assert lines[1] == "由上年报告“拖船镇2025.xlsx”（拖船镇人民政府，2025年报告，2021年版格式）带入："
    assert "  单位信息：单位名称、单位类别、所属地区、行政区划代码、填报人、联系电话" in lines
    errors = sum(1 for f in validate(govxl.read(last_2025)) if f.severity.name == "ERROR")
    assert errors and f"注意：上年报告有 {errors} 处错误（可用 govxl validate 查看），带入的数字可能有误，请核对浅绿色单元格。" in lines


def test_cli_without_output_names_the_template_after_the_unit(tmp_path):
    run = run_cli("--from", SEED, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "拖船镇-政府信息公开工作年度报告模板-2021年版-2021年度.xlsx").exists()
    assert "未带入“表二：现行有效件数=上年现行有效+本年制发−本年废止”" in run.stdout


def test_a_unit_name_no_file_system_allows_is_made_safe_for_the_output_name(tmp_path):
    e, cells = data.consistent_2021()
    last = filled(tmp_path, "2021", 2025, {**cells, "meta_unit": "县委/县政府办公室"}, "办公室")
    run = run_cli("--from", last, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "县委_县政府办公室-政府信息公开工作年度报告模板-2021年版-2026年度.xlsx").exists()


def test_year_chooses_the_template_year(last_2025, tmp_path):
    run = run_cli("--from", last_2025, "--year", "2027", "-o", tmp_path / "2027.xlsx")
    assert run.returncode == 0, run.stderr
    assert govxl.read(tmp_path / "2027.xlsx").year == 2027
    assert "注意：上年报告是 2025 年度的，新模板是 2027 年度；带入的是 2025 年度的数字。" in run.stdout
    early = run_cli("--from", last_2025, "--year", "2025", "-o", tmp_path / "2025.xlsx")
    assert early.returncode == 2 and "新模板的年度应在其后" in early.stderr
    assert not (tmp_path / "2025.xlsx").exists()


def test_output_over_the_input_is_refused(last_2025):
    before = hashlib.sha256(last_2025.read_bytes()).hexdigest()
    run = run_cli("--from", last_2025, "-o", last_2025, "--force")
    assert run.returncode == 2 and "不会覆盖输入" in run.stderr
    assert hashlib.sha256(last_2025.read_bytes()).hexdigest() == before


def test_an_unreadable_report_is_refused(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    run = run_cli("--from", bad, "-o", tmp_path / "out.xlsx")
    assert run.returncode == 2 and "坏文件.xlsx" in run.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_an_untouched_carried_template_is_govxls_own_until_a_figure_is_entered(next_2026, tmp_path):
    assert output_kind(govxl.read(next_2026)) == BLANK_TEMPLATE  # a batch passes it over, --force may replace it
    one = fill_template(next_2026, {"t3_new_natural": 1}, tmp_path / "one.xlsx")
    assert output_kind(govxl.read(one)) is None
    again, _ = write_next_template(govxl.read(SEED), next_2026.with_name("再次.xlsx"))
    replaced, _ = write_next_template(govxl.read(SEED), again, force=True)
    kept, _ = write_next_template(govxl.read(SEED), one, force=True)
    assert replaced == again and kept != one
