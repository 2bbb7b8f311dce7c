"""Published reports as PDF: the 2024 portal page printed by Chromium and by LibreOffice, with Kangxi radicals in
its text layer, in a bold drawn twice, under a slanting watermark, broken between two rows of a group and in its
header, framed thick, with marks for figures, encrypted, and scanned; pages whose tables LibreOffice prints
without ruling lines (tests/data/published/make_pdf.py made them)."""

from __future__ import annotations

import json
import re
import shutil
import zlib
from pathlib import Path

import pdfplumber
import pytest

import govxl
from govxl.cli import main
from govxl.errors import UnreadableFile
from govxl.findings import Severity
from govxl.reader import load_book
from govxl.reader.book import Sheet
from govxl.report import State
from tests.data.published.make_pdf import MARKS, NARROW_CORNER, UNRULED, marked
from tests.template_data import SEED

PUBLISHED = Path(__file__).parent / "data" / "published"
NAME = "2024-pingtan-zone"
PRINTS = ["chromium", "libreoffice", "kangxi", "repeated", "bold", "watermark", "break", "headbreak", "thick"]
EXPECTED = json.loads((PUBLISHED / f"{NAME}.expected.json").read_text("utf-8"))  # every figure the page prints


def pdf(kind: str) -> Path:
    return PUBLISHED / f"{NAME}.{kind}.pdf"


@pytest.fixture(scope="module")
def page() -> govxl.Report:
    return govxl.read(PUBLISHED / f"{NAME}.html")


@pytest.fixture(scope="module", params=PRINTS)
def printed(request: pytest.FixtureRequest) -> govxl.Report:
    return govxl.read(pdf(request.param))


def test_every_figure_as_printed(printed: govxl.Report) -> None:
    assert (printed.unit, printed.year, printed.edition.id) == (EXPECTED["unit"], EXPECTED["year"], EXPECTED["edition"])
    numbers = printed.numbers()
    assert {k: numbers[k] for k in EXPECTED["values"]} == EXPECTED["values"]
    assert [f.check for f in govxl.validate(printed) if f.severity is Severity.ERROR] == []


def test_reads_as_its_web_page(printed: govxl.Report, page: govxl.Report) -> None:
    """The same values, the same prose paragraph for paragraph, and no departure from the form the page has not."""
    assert printed.numbers() == page.numbers()
    assert {p.key: printed.text(p.key) for p in page.edition.prose} == {p.key: page.text(p.key) for p in page.edition.prose}
    assert all(page.text(p.key) for p in page.edition.prose)
    assert [f.check for f in printed.findings] == [f.check for f in page.findings]


def test_seed_word_document_exported_by_libreoffice_reads_as_the_text_dump() -> None:
    """A 2019-edition report whose table's header rows LibreOffice repeats on each page, two of whose rows a page
    break cuts (their labels run on to the next page), and whose numbered paragraphs are not indented."""
    path = PUBLISHED / "2020-tuochuan-town.libreoffice.pdf"
    with pdfplumber.open(path) as document:
        assert sum("申请人情况" in (p.extract_text() or "") for p in document.pages) >= 2
    printed, dump = govxl.read(path), govxl.read(SEED)
    assert (printed.unit, printed.year, printed.edition.id) == ("拖船镇", 2020, "2019")
    assert printed.numbers() == dump.numbers()
    assert {p.key: printed.text(p.key) for p in dump.edition.prose} == {p.key: dump.text(p.key) for p in dump.edition.prose}
    assert "\n2、改进的措施" in printed.text("text_problems")
    assert [re.sub(r"PDF 第\d页", "", f.check) for f in printed.findings] == [
        f.check.replace("正文 ", "") for f in dump.findings]


def test_kangxi_radicals_read_as_the_ideographs() -> None:
    with pdfplumber.open(pdf("kangxi")) as document:
        layer = "".join(c["text"] for p in document.pages for c in p.chars)
    assert "⼀" in layer and "⼆" in layer and "⺠" in layer and "一" not in layer  # the fixture does hold radicals
    report = govxl.read(pdf("kangxi"))
    assert "二十大" in report.text("text_overview") and "⼆" not in report.text("text_overview")
    assert "门户网站" in report.text("text_overview_active")


def test_prints_hold_what_they_stand_for() -> None:
    """The bold print's text layer has each character twice, the watermark's has the portal's name turned over
    the tables (both read as the page: test_every_figure_as_printed)."""
    with pdfplumber.open(pdf("bold")) as document:
        layer = "".join(c["text"] for c in document.pages[1].chars)
    assert "规章规章000000行政规范性文件行政规范性文件62623333440440" in layer
    with pdfplumber.open(pdf("watermark")) as document:
        turned = "".join(c["text"] for c in document.pages[1].chars if c["matrix"][1])
    assert turned == "平潭综合实验区门户网站"


def test_laid_out_as_the_web_page(printed: govxl.Report, page: govxl.Report) -> None:
    """The document's grid is the page's, cell for cell (but for where a cell's lines break) and span for span:
    a label spanning rows is one merged cell, whether a page break cuts it or not."""
    [mine], [theirs] = load_book(printed.path).sheets, load_book(page.path).sheets
    assert _texts(mine) == _texts(theirs)
    assert sorted(mine.merged) == sorted(theirs.merged)


def _texts(sheet: Sheet) -> dict[tuple[int, int], object]:
    return {at: re.sub(r"\s", "", c.value) if isinstance(c.value, str) else c.value for at, c in sheet.cells.items()}


def test_cells_named_by_page_table_row_and_column() -> None:
    printed = govxl.read(pdf("chromium"))
    assert printed["t3_new_natural"].source.sheet == "PDF"
    assert printed["t2_rules_issued"].source.cell == "第2页表格1第3行第2列"  # the table's first row ends page 1
    assert printed["t3_new_natural"].source.cell == "第3页表格2第4行第4列"  # 表三's header rows are on page 2
    assert printed["t3_total_total"].source.cell == "第4页表格2第27行第10列"  # the table runs on to page 4


def test_cells_where_the_web_page_has_them(printed: govxl.Report, page: govxl.Report) -> None:
    """Each figure's place is its place in the web page's tables, on the page that prints it."""
    places = {k: re.fullmatch(r"第\d页(.*)", printed[k].source.cell or "") for k in EXPECTED["values"]}
    assert {k: m and m[1] for k, m in places.items()} == {k: page[k].source.cell for k in EXPECTED["values"]}
    assert re.fullmatch(r"第[45]页第\d+段", printed["text_problems"].source.cell or "")


def test_repeated_header_rows_and_running_lines_dropped(page: govxl.Report) -> None:
    """Chromium repeats 表三's head on each page it runs on to, under the running title, above 第 N 页 共 M 页."""
    with pdfplumber.open(pdf("repeated")) as document:
        texts = [p.extract_text() for p in document.pages]
    assert sum("申请人情况" in t for t in texts) >= 2 and all(f"第 {n} 页" in t for n, t in enumerate(texts, 1))
    printed = govxl.read(pdf("repeated"))
    cells = [c.value for c in load_book(pdf("repeated")).sheets[0].cells.values()]
    assert cells.count("申请人情况") == 1  # the head once, where the table begins
    assert cells.count("平潭综合实验区2024年度政府信息公开工作年度报告") == 1  # the title (metadata), not the running one
    assert not any(re.fullmatch(r"第 ?\d 页 ?共 ?\d 页", str(c)) for c in cells)
    assert printed["t3_total_total"].source.cell == "第4页表格2第27行第10列"  # below the head repeated on page 4


def test_marks_kept_as_printed(tmp_path: Path) -> None:
    """Blank, “/”, “—” and “无” where figures belong stay what they are, as in the page printed."""
    twin = tmp_path / "page.html"
    twin.write_text(marked((PUBLISHED / f"{NAME}.html").read_text("utf-8")), "utf-8")
    keys = ["t2_rules_issued", "t2_rules_repealed", "t2_rules_valid", "t2_coercion_decisions"]
    printed, page = govxl.read(pdf("marks")), govxl.read(twin)
    assert [printed[k].state for k in keys] == [State.BLANK, State.INVALID, State.INVALID, State.INVALID]
    assert [printed[k].text for k in keys] == [None, *MARKS["规章"][1:], *MARKS["行政强制"]]
    assert [(printed[k].state, printed[k].text) for k in keys] == [(page[k].state, page[k].text) for k in keys]
    assert {f.check for f in govxl.validate(printed)} == {f.check for f in govxl.validate(page)}


def test_scan_refused_as_a_scan() -> None:
    with pdfplumber.open(pdf("scan")) as document:
        assert document.pages[0].images and not document.pages[0].chars
    with pytest.raises(UnreadableFile, match="扫描件") as refused:
        govxl.read(pdf("scan"))
    assert "Word 或 Excel 原件" in str(refused.value)


def test_encrypted_refused() -> None:
    with pytest.raises(UnreadableFile, match="打开密码"):
        govxl.read(pdf("encrypted"))


_GLYPHS = (b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font"
           b" /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity)"
           b" /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /X /Flags 4 >> >>] >>")


def _pdf(page_count: int, content: bytes, form: bytes = b"", font: bytes = _GLYPHS) -> bytes:
    """A PDF of ``page_count`` pages (as its page tree says) whose first page draws ``content`` and, with it,
    the form ``form`` (both Flate-packed), with the font /F0 (by default one whose glyphs map to no text: no
    ToUnicode)."""
    packed = [zlib.compress(content), zlib.compress(form)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % page_count,
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
               b" /Resources << /XObject << /F1 5 0 R >> /Font << /F0 6 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed[0]), packed[0]),
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d /Filter /FlateDecode >>\n"
               b"stream\n%s\nendstream" % (len(packed[1]), packed[1]),
               font]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_hostile_pdfs_cost_only_themselves(tmp_path: Path) -> None:
    cases = {"pages.pdf": (_pdf(100_000, b"BT ET"), "页数异常"),
             "stream.pdf": (_pdf(1, b"0 0 m " * 3_000_000), "内容异常庞大"),  # 18 MB of drawing, 30 KB packed
             "form.pdf": (_pdf(1, b"/F1 Do", b"0 0 m " * 3_000_000), "内容异常庞大"),  # the same, drawn by a form
             "empty.pdf": (_pdf(1, b""), "没有任何文字"),
             "glyphs.pdf": (_pdf(1, b"BT /F0 12 Tf 72 700 Td <00010002000300040005> Tj ET" * 20), "无法解码"),
             "damaged.pdf": (_pdf(1, b"BT ET")[:200], "损坏")}
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(UnreadableFile, match=reason):
            load_book(tmp_path / name)


def test_validate_a_folder_of_pdfs_by_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    received = tmp_path / "收到"
    received.mkdir()
    shutil.copy(pdf("chromium"), received / "平潭综合实验区.pdf")
    shutil.copy(pdf("libreoffice"), received / "平潭综合实验区（附件）.xlsx")  # a PDF under an Excel name
    shutil.copy(pdf("scan"), received / "扫描.pdf")
    code = main(["validate", str(received)])
    out = capsys.readouterr().out
    line = {name: next(x for x in out.splitlines() if name in x)
            for name in ("平潭综合实验区.pdf", "平潭综合实验区（附件）.xlsx", "扫描.pdf")}
    assert "✓ 通过" in line["平潭综合实验区.pdf"] and "✓ 通过" in line["平潭综合实验区（附件）.xlsx"], out
    assert "无法读取" in line["扫描.pdf"] and "扫描件" in out
    assert code == 1


def test_header_printed_a_column_left_of_its_figures() -> None:
    """清水's 表三 corner spans a column fewer than its labels: Chromium prints every header a column left of its
    figures, and the first row's last figure in a cell without a top rule. Read as its page: the same figures,
    the same printed errors."""
    printed, page = (govxl.read(PUBLISHED / f"{NARROW_CORNER}.{kind}") for kind in ("chromium.pdf", "html"))
    want = json.loads((PUBLISHED / f"{NARROW_CORNER}.expected.json").read_text("utf-8"))
    assert {k: printed.numbers()[k] for k in want["values"]} == want["values"]
    assert sorted(f.check for f in govxl.validate(printed) if f.severity is Severity.ERROR) == sorted(
        f.check for f in govxl.validate(page) if f.severity is Severity.ERROR)


# --- tables printed without ruling lines -----------------------------------------------------------------


@pytest.fixture(scope="module", params=list(UNRULED))
def unruled(request: pytest.FixtureRequest) -> tuple[govxl.Report, govxl.Report, dict]:
    """(the unruled print, its web page, what the page prints) for each page of UNRULED."""
    name = request.param
    want = json.loads((PUBLISHED / f"{name}.expected.json").read_text("utf-8"))
    return govxl.read(PUBLISHED / f"{name}.unruled.pdf"), govxl.read(PUBLISHED / f"{name}.html"), want


def test_unruled_prints_draw_no_rule() -> None:
    """No line, no bordered box: at most a highlight behind a paragraph's words (the 2022 page has some)."""
    for name in UNRULED:
        with pdfplumber.open(PUBLISHED / f"{name}.unruled.pdf") as document:
            assert not any(p.lines or p.curves for p in document.pages), name
            assert all(r["fill"] and not r["stroke"] for p in document.pages for r in p.rects), name


def test_unruled_every_figure_as_printed(unruled: tuple[govxl.Report, govxl.Report, dict]) -> None:
    """Every figure by the words' positions, blanks blank and marks kept, the prose as the web page's."""
    printed, page, want = unruled
    assert (printed.unit, printed.year, printed.edition.id) == (want["unit"], want["year"], want["edition"])
    numbers = printed.numbers()
    assert {k: numbers[k] for k in want["values"]} == want["values"]
    not_printed = [f.key for f in printed.edition.value_fields if f.key not in want["values"] and f.section != "x"]
    assert [k for k in not_printed if k in printed.values] == []  # never invented
    assert {k: printed[k].state for k in want.get("blank", [])} == dict.fromkeys(want.get("blank", []), State.BLANK)
    assert {k: printed[k].text for k in want.get("texts", {})} == want.get("texts", {})
    assert {p.key: printed.text(p.key) for p in page.edition.prose} == {p.key: page.text(p.key) for p in page.edition.prose}


def test_unruled_says_what_its_web_page_says(unruled: tuple[govxl.Report, govxl.Report, dict]) -> None:
    """The same departures from the form as the page (none invented by the layout), the same printed errors."""
    printed, page, _ = unruled
    assert [f.check.split(":")[1] for f in printed.findings] == [f.check.split(":")[1] for f in page.findings]
    assert sorted(f.check for f in govxl.validate(printed) if f.severity is Severity.ERROR) == sorted(
        f.check for f in govxl.validate(page) if f.severity is Severity.ERROR)


def test_unruled_figures_under_their_columns_not_shifted() -> None:
    """A row printing fewer figures than columns (南湖's 二、上年结转 leaves 科研机构 blank) keeps each under its
    column; two figures LibreOffice prints touching (清河's 20 and 108 under 其他 and 总计) are two."""
    nanhu = govxl.read(PUBLISHED / "unseen/2024-nanhu-street.unruled.pdf")
    assert nanhu["t3_carried_research"].state is State.BLANK
    assert [nanhu.numbers()[f"t3_carried_{c}"] for c in ("natural", "commercial", "social", "legal", "otherorg", "total")] \
        == [2, 0, 0, 0, 0, 2]
    with pdfplumber.open(PUBLISHED / "unseen/2023-qinghe-town.unruled.pdf") as document:
        assert "20108" in document.pages[1].extract_text().replace(" ", "")
    qinghe = govxl.read(PUBLISHED / "unseen/2023-qinghe-town.unruled.pdf")
    assert (qinghe.numbers()["t3_new_otherorg"], qinghe.numbers()["t3_new_total"]) == (20, 108)


def test_unruled_cells_named_by_page_table_row_and_column() -> None:
    printed = govxl.read(PUBLISHED / "2022-pingtan-transport-bureau.unruled.pdf")
    assert all(re.fullmatch(r"第\d页表格\d第\d+行第\d+列", printed[k].source.cell or "") for k in printed.values
               if k.startswith(("t2_", "t3_", "t4_")))
    assert printed["t3_new_natural"].source.cell == "第4页表格5第4行第3列"  # 表三's head begins on page 3
    assert printed["t4_after_total"].source.cell == "第7页表格6第4行第15列"  # 表四's figures, under its head
    blank = govxl.read(PUBLISHED / "unseen/2024-nanhu-street.unruled.pdf")["t2_rules_issued"]
    assert (blank.state, blank.source.cell) == (State.BLANK, "第1页表格1第2行第2列")  # a blank has its place too


_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _drawn(words: list[tuple[float, float, str]], size: int = 10) -> bytes:
    """A page's content drawing each (x, y, text) in /F0 at ``size`` points."""
    return b"".join(b"BT /F0 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, text.encode()) for x, y, text in words)


def test_unruled_figure_under_no_header_is_not_placed(tmp_path: Path) -> None:
    """A figure standing under no header (8 printed beside 7 under A) gets no column of its own: it joins the
    cell it stands nearest, which then holds no figure (the reader says a text stands where a figure belongs);
    a figure left out stays blank in its place, the next one under its own column."""
    words: list[tuple[float, float, str]] = [(72, 700, "Item"), (200, 700, "A"), (260, 700, "B"), (320, 700, "C"),
             (72, 680, "one"), (200, 680, "1"), (260, 680, "2"), (320, 680, "3"),
             (72, 660, "two"), (200, 660, "4"), (320, 660, "6"),
             (72, 640, "three"), (200, 640, "7"), (212, 640, "8"), (320, 640, "9")]
    (tmp_path / "unruled.pdf").write_bytes(_pdf(1, _drawn(words), font=_HELVETICA))
    [sheet] = load_book(tmp_path / "unruled.pdf").sheets
    assert {at: c.value for at, c in sheet.cells.items()} == {
        (0, 0): "Item", (0, 1): "A", (0, 2): "B", (0, 3): "C", (1, 0): "one", (1, 1): 1, (1, 2): 2, (1, 3): 3,
        (2, 0): "two", (2, 1): 4, (2, 3): 6, (3, 0): "three", (3, 1): "7 8", (3, 3): 9}
    assert sheet.places[(2, 2)] == "第1页表格1第3行第3列"  # the blank, in its place


def test_unruled_grid_of_fifty_columns_is_no_table(tmp_path: Path) -> None:
    """Figures in more columns than a report's table has (a hostile page: laying them out costs the square of
    the columns) are read as lines of text."""
    figures = [(20 + 10 * c, 800 - 6 * r, "0") for r in range(60) for c in range(50)]  # 2 characters apart
    (tmp_path / "grid.pdf").write_bytes(_pdf(1, _drawn(figures, 4), font=_HELVETICA))
    [sheet] = load_book(tmp_path / "grid.pdf").sheets
    assert sheet.places and all(re.fullmatch(r"第1页第\d+段", place) for place in sheet.places.values())
