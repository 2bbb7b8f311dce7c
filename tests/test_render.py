"""govxl render: the filled workbook as the published report, .docx and .html, proven by re-reading both and by
the PDF LibreOffice prints from the .docx (one soffice run, the official font names mapped by fonts/govxl-fonts.conf)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import html as lxml_html

import govxl
from govxl.cli import main
from govxl.display.html import cell_text
from govxl.outline import Table, outline
from govxl.render import render
from govxl.template import write_template
from govxl.template.fill import fill_template
from tests.lo import SOFFICE, convert
from tests.template_data import consistent_2021, long_text, three_mistakes, tuochuan_2020

FONTS = Path(__file__).parents[1] / "fonts" / "govxl-fonts.conf"
needs_soffice = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice and poppler-utils are needed")
BLANKS = ("t4_after_upheld", "t4_after_corrected", "t4_after_other", "t4_after_pending")  # left blank, not 0


def busy_2021() -> tuple[govxl.Edition, dict[str, object]]:
    """A 2021 report with blanks, decimals (万元) and long prose in several paragraphs."""
    e, cells = consistent_2021()
    cells.update(dict.fromkeys(BLANKS), t2_fees_amount=12.35,
                 text_overview="\n".join([long_text(1200), "（此段为第二段）" + long_text(900), long_text(600)]),
                 text_problems="一是公开内容不够全面。\n二是政策解读形式单一。\n下一步将加强培训，丰富解读形式。")
    return e, cells


def filled(folder: Path, name: str, make: Callable[[], tuple[govxl.Edition, dict[str, object]]]) -> Path:
    """The workbook a clerk fills from the template with ``make``'s cells, as ``folder/name.xlsx``."""
    e, cells = make()
    blank = write_template(folder / f"空白-{name}.xlsx", e, int(cells["meta_year"]))
    path = fill_template(blank, cells, folder / f"{name}.xlsx")
    blank.unlink()
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    return {"seed": filled(folder, "拖船镇2020", tuochuan_2020), "busy": filled(folder, "拖船镇2025", busy_2021)}


@pytest.fixture(scope="module")
def rendered(books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rendered")
    paths = {}
    for name, book in books.items():
        for suffix in (".docx", ".html"):
            [done] = render(book, out / f"{name}{suffix}")
            assert done.status == "written" and done.written == [out / f"{name}{suffix}"]
            paths[name + suffix] = done.written[0]
    return paths


@pytest.fixture(scope="module")
def pdfs(rendered: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FONTCONFIG_FILE", str(FONTS))
        made = convert([rendered["seed.docx"], rendered["busy.docx"]], tmp_path_factory.mktemp("pdf"), "pdf")
    return dict(zip(("seed", "busy"), made))


def table_rows(t: Table, report: govxl.Report) -> list[list[str]]:
    """Each grid row of ``t`` as printed: the texts of the cells that start in it, left to right."""
    return [[cell_text(report.values.get(c.key)) if c.key else c.text for c in row] for row in t.rows]


def pdf_rows(pdf: Path) -> list[list[str]]:
    """Every ruled table row of the PDF, its cells' texts with the lines a narrow cell wraps joined."""
    rows = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows += [[(c or "").replace("\n", "") for c in row if c is not None] for row in table]
    return rows


def in_order(wanted: list[list[str]], rows: list[list[str]]) -> list[list[str]]:
    """The rows of ``wanted`` not found in ``rows`` in their order (a header repeated on a new page is skipped)."""
    it = iter(rows)
    return [row for row in wanted if row not in it]


def prose(report: govxl.Report) -> dict[str, str]:
    return {p.key: report.text(p.key) for p in report.edition.prose}


def figures(report: govxl.Report) -> dict[str, object]:
    """The official tables' values (the optional x_ fields are the county's, not printed)."""
    return {c.key: report.numbers()[c.key] for t in outline(report.edition).tables for c in t.values()}


@needs_soffice
@pytest.mark.parametrize("name", ["seed", "busy"])
def test_pdf_of_the_docx_shows_every_table_figure_in_its_place_under_the_official_labels(
        name: str, books: dict[str, Path], pdfs: dict[str, Path]) -> None:
    report = govxl.read(books[name])
    rows = pdf_rows(pdfs[name])
    for t in outline(report.edition).tables:
        assert in_order(table_rows(t, report), rows) == [], t.name
    printed = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdfs[name]), "-"], capture_output=True,
                                                text=True, check=True).stdout)
    assert "—1—" in printed and "—2—" in printed  # page numbers
    text = re.sub(r"—\d+—", "", printed)  # a paragraph continued on the next page is one again
    assert f"{report.unit}{report.year}年政府信息公开工作年度报告" in text
    assert all(s.heading in text for s in outline(report.edition).sections)
    assert all(re.sub(r"\s+", "", paragraph) in text for p in report.edition.prose
               for paragraph in report.text(p.key).split("\n"))


@needs_soffice
def test_pdf_prints_in_the_faces_the_official_font_names_map_to(pdfs: dict[str, Path]) -> None:
    with pdfplumber.open(pdfs["seed"]) as doc:
        fonts = {c["fontname"].split("+")[-1] for page in doc.pages for c in page.chars}
    assert any("UKai" in f for f in fonts)  # （一） headings: 楷体_GB2312
    assert any("SansCJK" in f for f in fonts)  # 一、 headings: 黑体
    assert any("SerifCJK" in f and "Bold" in f for f in fonts)  # the title: 方正小标宋简体
    assert any("SerifCJK" in f and "Regular" in f for f in fonts)  # the body: 仿宋_GB2312


def test_docx_is_a4_with_the_standard_margins_and_east_asian_fonts_on_every_run(rendered: dict[str, Path]) -> None:
    d = docx.Document(str(rendered["busy.docx"]))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)  # A4
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    runs = [r for p in d.paragraphs for r in p.runs]
    runs += [r for t in d.tables for row in t.rows for cell in row.cells for p in cell.paragraphs for r in p.runs]
    assert runs and all(r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs)
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).rFonts
    assert not [a for a in defaults.attrib if a.lower().endswith("theme")]  # no theme font (MS Mincho) left
    eastasia = {p.style.name: p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) for p in d.paragraphs if p.runs}
    assert (eastasia["报告标题"], eastasia["一级标题"], eastasia["二级标题"], eastasia["报告正文"]) == \
        ("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312")
    body = d.styles["报告正文"]
    assert (body.font.size.pt, body.paragraph_format.line_spacing.pt, body.paragraph_format.first_line_indent.pt) == \
        (16, 28, 32)
    assert body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    footer = s.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "— " in footer


def test_docx_tables_repeat_their_headers_merge_as_the_form_and_fit_the_page(rendered: dict[str, Path]) -> None:
    d = docx.Document(str(rendered["busy.docx"]))
    tables = outline(govxl.get_edition("2021")).tables
    assert len(d.tables) == len(tables)
    for t, table in zip(tables, d.tables):
        heads = [bool(row._tr.trPr.find(qn("w:tblHeader")) is not None) for row in table.rows]
        assert heads == [r < t.header_rows for r in range(len(t.rows))], t.name
        widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(widths) == t.width and sum(widths) <= Mm(156).twips
    t3 = d.tables[1]._tbl.xml
    assert 'w:gridSpan w:val="7"' in t3 and 'w:vMerge w:val="restart"' in t3  # 申请人情况, 三、本年度办理结果


def test_docx_and_html_read_back_as_the_workbook(books: dict[str, Path], rendered: dict[str, Path]) -> None:
    for name, book in books.items():
        want = govxl.read(book)
        for suffix in (".docx", ".html"):
            got = govxl.read(rendered[name + suffix])
            assert (got.unit, got.year, got.edition) == (want.unit, want.year, want.edition), suffix
            assert figures(got) == figures(want), suffix
            assert prose(got) == prose(want), suffix
    busy = govxl.read(rendered["busy.html"])
    assert [busy.numbers()[k] for k in BLANKS] == [None] * 4 and busy.numbers()["t2_fees_amount"] == 12.35


def test_seed_reads_back_exactly(books: dict[str, Path], rendered: dict[str, Path]) -> None:
    got = govxl.read(rendered["seed.docx"]).numbers()
    assert (got["t2_procurement_count"], got["t2_procurement_amount"]) == (6, 86200)
    assert figures(govxl.read(rendered["seed.docx"])) == figures(govxl.read(books["seed"]))


def test_html_is_one_self_contained_accessible_printable_page(rendered: dict[str, Path]) -> None:
    text = rendered["busy.html"].read_text("utf-8")
    page = lxml_html.document_fromstring(text)
    assert page.xpath("//meta/@charset") == ["utf-8"] and "@page { size: A4" in text
    assert not page.xpath("//script | //link | //img | //iframe | //*[@src]") and "http" not in text.lower()
    assert [c.text_content() for c in page.xpath("//table/caption")] == ["表二", "表三", "表四"]
    t3 = page.xpath("//table[@data-table='t3']")[0]
    assert t3.xpath(".//thead/tr[1]/th[2]")[0].attrib == {"scope": "colgroup", "colspan": "7"}
    assert t3.xpath(".//th[@scope='row'][@rowspan='22']")[0].text_content() == "三、本年度办理结果"
    blank = page.xpath("//td[@data-key='t4_after_upheld']")[0]
    assert blank.text_content() == "" and page.xpath("//td[@data-key='t2_fees_amount']")[0].text_content() == "12.35"
    paragraphs = [p.text_content() for p in page.xpath("//h3[.='（一）主动公开']/preceding-sibling::p")]
    assert len(paragraphs) == 3 and paragraphs[1].startswith("（此段为第二段）")  # the filler's paragraphs kept


def test_errors_refuse_the_report_unless_forced_and_then_it_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = filled(tmp_path, "有错误", three_mistakes)
    out = tmp_path / "报告.docx"
    assert main(["render", str(book), "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "✗ 未生成" in printed and not out.exists()
    assert "t3-row-total" in printed and "年度报告!O49" in printed and "--force" in printed  # file, cell, rule, what to do
    assert "formula-overwritten" in printed  # warnings are listed for the writer
    assert main(["render", str(book), "-o", str(out), "--force"]) == 1
    assert "已生成（有错误）" in capsys.readouterr().out
    first = [p.text for p in docx.Document(str(out)).paragraphs[:3]]
    assert any("4 处错误" in p and "改正" in p for p in first)
    assert "手工填写" not in "".join(p.text for p in docx.Document(str(out)).paragraphs)  # nor printed in it


def test_outputs_never_replace_a_file_govxl_did_not_render(tmp_path: Path, books: dict[str, Path]) -> None:
    target = tmp_path / "报告.html"
    target.write_text("<html><body>editor's page</body></html>", "utf-8")
    [first] = render(books["busy"], target, force=True)
    assert first.written == [tmp_path / "报告（2）.html"] and "不是 govxl 生成的文件" in first.notes[0]
    assert target.read_text("utf-8") == "<html><body>editor's page</body></html>"
    [again] = render(books["busy"], first.written[0])
    assert again.written == [tmp_path / "报告（2）（2）.html"] and "加 --force 可覆盖" in again.notes[0]
    [forced] = render(books["busy"], first.written[0], force=True)
    assert forced.written == first.written and not forced.notes
    with pytest.raises(govxl.UsageError, match="Word 文档"):
        render(books["busy"], tmp_path / "报告.pdf")


def test_a_folder_renders_each_report_twice_and_a_bad_file_costs_only_itself(
        tmp_path: Path, books: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    received = tmp_path / "收到"
    received.mkdir()
    for book in books.values():
        shutil.copy(book, received)
    shutil.copy(books["seed"], received / f"{books['seed'].stem}.xlsm")  # a second file of the same name
    (received / "损坏.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    out = received / "发布"  # inside the input folder: its files are never read as inputs
    for _ in range(2):  # the second run replaces the first's outputs, one for one
        code = main(["render", str(received), "-o", str(out), "--force"])
    printed = capsys.readouterr().out
    assert code == 1 and "⚠ 无法读取" in printed and "共 3 份报告：生成 3 份" in printed
    stems = [books["busy"].stem, f"{books['seed'].stem}（xlsx）", f"{books['seed'].stem}（xlsm）"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}{x}" for s in stems for x in (".docx", ".html"))
    named = out / books["busy"].name  # a file named itself is rendered, though it stands in the output folder
    shutil.copy(books["busy"], named)
    capsys.readouterr()
    assert main(["render", str(named), "-o", str(out)]) == 0 and "生成 1 份" in capsys.readouterr().out


def test_a_consolidated_workbook_renders_as_the_countys_compilation(tmp_path: Path) -> None:
    received = tmp_path / "收到"
    received.mkdir()
    for unit in ("拖船镇人民政府", "新塘镇人民政府"):
        def make(unit: str = unit) -> tuple[govxl.Edition, dict[str, object]]:
            e, cells = consistent_2021()
            return e, {**cells, "meta_unit": unit}
        filled(received, unit, make)
    (tmp_path / "名单.csv").write_text("单位名称\n拖船镇人民政府\n新塘镇人民政府\n", "utf-8")
    result = govxl.merge([received], roster=tmp_path / "名单.csv", year=2025, name="某某县", workers=1)
    county = result.write(tmp_path / "某某县汇总.xlsx")
    [done] = render(county, tmp_path / "汇编.html")
    page = lxml_html.document_fromstring(done.written[0].read_text("utf-8"))
    assert page.xpath("//h1")[0].text_content() == "某某县2025年政府信息公开工作年度报告汇编（2个单位）"
    assert "汇总的单位：拖船镇人民政府、新塘镇人民政府。" in page.text_content()
    assert page.xpath("//td[@data-key='t3_new_total']")[0].text_content() == "32"  # 16 + 16
    assert len(page.xpath("//h2")) == 6 and not page.xpath("//h3")  # a sum has no prose: no empty topics


def test_what_a_received_page_carries_is_text_in_both_formats(tmp_path: Path, rendered: dict[str, Path]) -> None:
    page = rendered["busy.html"].read_text("utf-8").replace(
        "通过政府门户网站", "通过\x1b[2J&lt;script&gt;alert(1)&lt;/script&gt;政府门户网站")
    hostile = tmp_path / "门户网页.html"
    hostile.write_text(page, "utf-8")
    assert "<script>" in govxl.read(hostile).text("text_overview_active")
    [docx_out] = render(hostile, tmp_path / "出.docx")
    [html_out] = render(hostile, tmp_path / "出.html")
    texts = [p.text for p in docx.Document(str(docx_out.written[0])).paragraphs]
    assert any(t.startswith("通过\\x1b[2J<script>alert(1)</script>政府门户网站") for t in texts)
    out = lxml_html.document_fromstring(html_out.written[0].read_text("utf-8"))
    assert not out.xpath("//script") and "\x1b" not in html_out.written[0].read_text("utf-8")
