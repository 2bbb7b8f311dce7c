"""The consolidated workbook as a county clerk opens and prints it: values without recalculation, files as
filed, roster order, and pages that print well (checked in LibreOffice)."""

from __future__ import annotations

import math
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

import govxl
from govxl.consolidation.charts import CHART_SHEET
from govxl.consolidation.workbook import (
    CELLS_SHEET,
    DETAIL_SHEET,
    FINDINGS_SHEET,
    SOURCES_SHEET,
    STATUS_SHEET,
    SUM_SHEET,
)
from tests import lo

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "county"
LISTS = (STATUS_SHEET, FINDINGS_SHEET, SOURCES_SHEET)
ACROSS = (DETAIL_SHEET, CELLS_SHEET)  # a column per value key: printed across pages, the unit column repeated
NARROW = (SUM_SHEET, SOURCES_SHEET)  # printed portrait: the official form, and a list of five columns


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[govxl.MergeResult, Path, Path]:
    """The example county, its towns' files one folder down (as a county files them), merged and written."""
    inbox = tmp_path_factory.mktemp("county") / "报送"
    shutil.copytree(EXAMPLES / "报送", inbox)
    (inbox / "乡镇").mkdir()
    for p in sorted(inbox.glob("*镇*.xlsx")):
        p.rename(inbox / "乡镇" / p.name)
    result = govxl.merge([inbox], roster=EXAMPLES / "名单.csv", year=2025)
    return result, result.write(inbox.parent / "县汇总.xlsx"), inbox


def plain(ref: str | None) -> str:
    """A print-titles reference without its ``$`` marks."""
    return (ref or "").replace("$", "")


@pytest.fixture(scope="module")
def books(county) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    """The workbook as openpyxl reads it: with its formulas, and with their cached values (as pandas does)."""
    _, path, _ = county
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def rows(book: openpyxl.Workbook, sheet: str, first: int = 2) -> list[tuple]:
    return list(book[sheet].iter_rows(min_row=first, values_only=True))


def test_title_and_sums_are_there_before_any_recalculation(county, books) -> None:
    result = county[0]
    formulas, cached = books
    [title] = [c for row in formulas[SUM_SHEET].iter_rows() for c in row if "meta_unit" in str(c.value)]  # a formula
    assert cached[SUM_SHEET][title.coordinate].value == f"{result.name}{result.year}年政府信息公开工作年度报告"
    for key, total in result.totals.items():
        sheet, ref = next(formulas.defined_names[key].destinations)
        assert formulas[sheet][ref.replace("$", "")].data_type == "f", key
        assert cached[sheet][ref.replace("$", "")].value == pytest.approx(total), key


def test_every_formula_caches_what_a_spreadsheet_calculates(county, books, tmp_path: Path) -> None:
    [recalculated] = lo.recalculate([county[1]], tmp_path)
    (formulas, mine), calc = books, openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for ws in formulas.worksheets:
        for cell in (c for row in ws.iter_rows() for c in row if c.data_type == "f"):
            ours, theirs = (wb[ws.title][cell.coordinate].value for wb in (mine, calc))
            expected = pytest.approx(theirs) if isinstance(theirs, (int, float)) else theirs or None
            assert (ours if ours != "" else None) == expected, (ws.title, cell.coordinate, cell.value)
            checked += 1
    assert checked > 200  # the form's sums, its title, the charts' tables


def test_every_printed_sheet_is_set_up_for_a4_with_its_headers_on_every_page(books) -> None:
    wb = books[0]
    printed = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert {ws.title for ws in printed} == {SUM_SHEET, *LISTS, *ACROSS, CHART_SHEET}
    for ws in printed:
        setup = ws.page_setup
        assert setup.paperSize == 9, ws.title
        assert setup.orientation == ("portrait" if ws.title in NARROW else "landscape"), ws.title
        if ws.title in ACROSS:
            assert (plain(ws.print_title_rows), plain(ws.print_title_cols)) == ("1:2", "A:A"), ws.title
        else:
            assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
            assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), ws.title  # no fitToWidth: 1
        if ws.title in LISTS:
            assert plain(ws.print_title_rows) == "1:1", ws.title


def test_lists_print_on_few_pages_each_with_its_header(county, tmp_path: Path) -> None:
    [pdf] = lo.convert([county[1]], tmp_path, "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: dict[str, list[str]] = {}
    for page in text.split("\f")[:-1]:
        head = next(line for line in page.splitlines() if line.strip()).split()[-1]  # the page header: the sheet
        pages.setdefault(head, []).append(page)
    assert len(pages[STATUS_SHEET]) <= 2 and len(pages[SOURCES_SHEET]) == 1  # 5 and 3 pages when not fitted
    assert all("名单中的单位" in p and "报送状态" in p for p in pages[STATUS_SHEET])
    assert all("问题及处理" in p for p in pages[FINDINGS_SHEET])
    assert len(pages[CHART_SHEET]) == 3  # a chart a page
    assert sum(map(len, pages.values())) < 70  # 95 pages before


def test_files_are_named_as_filed_and_units_follow_the_roster(county, books) -> None:
    result, _, inbox = county
    book = books[0]
    roster = [u.name for u in result.roster.units]
    files = [r[6] for r in rows(book, STATUS_SHEET) if r[6]]
    assert "乡镇/龙潭镇2025年度政府信息公开工作年度报告.xlsx" in files
    assert all((inbox / f).is_file() for f in files), files  # relative to the input folder, not absolute
    detail = rows(book, DETAIL_SHEET, first=3)
    file_col = rows(book, DETAIL_SHEET)[0].index("文件")
    sources = rows(book, SOURCES_SHEET)
    assert all((inbox / r[file_col]).is_file() for r in detail) and all((inbox / r[1]).is_file() for r in sources)
    adopted = {e.roster_unit for e in result.adopted}
    in_roster_order = [u for u in roster if u in adopted]
    assert [r[0] for r in detail] == in_roster_order
    assert [r[0] for r in sources] == in_roster_order


def test_findings_name_the_roster_unit_and_the_name_reported(county, books) -> None:
    order = {u.name: i for i, u in enumerate(county[0].roster.units)}
    checked = rows(books[0], FINDINGS_SHEET)
    assert ("县民政局", "云岭县民政局") in {r[:2] for r in checked}  # roster name, then as reported
    for level in ("错误", "提示"):
        positions = [order[r[0]] for r in checked if r[3] == level and r[0] in order]
        assert positions == sorted(positions), level
    assert ("", "云岭经济开发区管理委员会") in {r[:2] for r in checked}  # not on the roster: only its own name


def test_charts_label_every_category_and_show_its_value(county) -> None:
    _, path, _ = county
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3
    for xml in charts:
        assert '<c:tickLblSkip val="1"/>' in xml and '<c:showVal val="1"/>' in xml


def test_detail_holds_each_units_figures_as_read(county, books) -> None:
    """明细, a row per adopted unit: every number as read, a text typed where a number belongs at its own
    column (in the middle of the numbers), a blank left blank."""
    result, _, _ = county
    keys = [f.key for f in result.edition.value_fields]
    head = rows(books[1], DETAIL_SHEET)[0]
    first = head.index("文件") + 1
    detail = {r[0]: r[first:first + len(keys)] for r in rows(books[1], DETAIL_SHEET, first=3)}
    texts = blanks = 0
    for entry in result.adopted:
        fig = entry.read
        want = tuple(fig.invalid.get(k) if math.isnan(x) else x for k, x in zip(keys, fig.numbers))
        assert detail[entry.roster_unit] == want, entry.roster_unit
        texts += len(fig.invalid)
        blanks += sum(v is None for v in want)
    assert texts and blanks  # the example county has both
