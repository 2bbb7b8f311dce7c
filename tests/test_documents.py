"""Published reports read like workbooks: the plain-text dump the project started from and real portal pages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

import govxl
from govxl.cli import main
from govxl.errors import UnreadableFile
from govxl.findings import Severity
from govxl.reader import load_book
from govxl.template import write_template
from govxl.template.fill import fill_template
from tests.template_data import SEED, consistent_2021

PUBLISHED = Path(__file__).parent / "data" / "published"
PAGES = ["2024-pingtan-zone", "2022-pingtan-transport-bureau"]


def expected(name: str) -> dict:
    return json.loads((PUBLISHED / f"{name}.expected.json").read_text("utf-8"))


def errors(report: govxl.Report) -> list[str]:
    return [f.check for f in govxl.validate(report) if f.severity is Severity.ERROR]


def test_seed_text_dump_is_a_consistent_2019_report() -> None:
    report = govxl.read(SEED)
    numbers = report.numbers()
    assert (report.unit, report.year, report.edition.id) == ("拖船镇", 2020, "2019")
    assert (numbers["t2_procurement_count"], numbers["t2_procurement_amount"]) == (6, 86200)
    assert {k: v for k, v in numbers.items() if k.startswith(("t3_", "t4_")) and v != 0} == {}
    assert errors(report) == []
    assert report["t3_new_total"].source.sheet == "正文"
    assert report["t3_new_total"].source.cell == "表格2第4行第10列"  # the printed table's row and column


def test_seed_deviations_from_the_form_are_named_where_the_document_prints_them() -> None:
    deviations = {f.check: f for f in govxl.read(SEED).findings}
    assert all(f.rule == "format-deviation" and "模板" not in f.message for f in deviations.values())
    typo = next(f for f in deviations.values() if "第二十六条第（六）项" in f.message)
    assert "表二（表格1第9行第1列）" in typo.message and "第二十条第（六）项" in typo.message
    assert {c.key for c in typo.cells} >= {"t2_penalty_decisions", "t2_coercion_decisions"}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_text_dump_read_by_content_in_any_encoding_under_any_name(tmp_path: Path, encoding: str) -> None:
    dump = tmp_path / "拖船镇.xlsx"
    dump.write_bytes(SEED.read_text("utf-8").encode(encoding))
    assert govxl.read(dump).numbers() == govxl.read(SEED).numbers()


def test_text_whose_tables_lost_their_cells_is_refused_as_such(tmp_path: Path) -> None:
    dump = tmp_path / "平潭.txt"  # what pdftotext gives of a PDF: figures in runs, their columns unknown
    dump.write_text("2024年度政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
                    "一、本年新收政府信息公开申请数量            217   1   0       0    0    0    218\n"
                    "二、上年结转政府信息公开申请数量          0    0   0   0   0   0   0\n", "utf-8")
    with pytest.raises(UnreadableFile, match="没有用制表符分开.*请提供原网页、Word 或 PDF 文件"):
        govxl.read(dump)
    other = tmp_path / "说明.txt"
    other.write_text("这不是报告。\n", "utf-8")
    with pytest.raises(UnreadableFile, match="无法识别的文件格式"):
        govxl.read(other)


def test_report_whose_tables_are_pictures_is_refused_as_such(tmp_path: Path) -> None:
    page = tmp_path / "某某镇.html"  # portals often post the tables as screenshots
    page.write_text('<html><head><meta charset="utf-8"><title>某某镇2024年政府信息公开工作年度报告</title></head><body>'
                    "<p>一、总体情况</p><p>本镇坚持以公开为常态。</p><p>三、收到和处理政府信息公开申请情况</p>"
                    '<p><img src="t3.png"></p></body></html>', "utf-8")
    with pytest.raises(UnreadableFile, match="找不到表三.*表格可能是以图片插入的.*Word 或 Excel 原件"):
        govxl.read(page)


@pytest.mark.parametrize("name", PAGES)
def test_portal_page_figures_cell_exact(name: str) -> None:
    report = govxl.read(PUBLISHED / f"{name}.html")
    want = expected(name)
    assert (report.unit, report.year, report.edition.id) == (want["unit"], want["year"], want["edition"])
    numbers = report.numbers()
    assert {k: numbers.get(k) for k in want["values"]} == want["values"]
    assert errors(report) == []


def _page(name: str = PAGES[0]) -> str:
    return (PUBLISHED / f"{name}.html").read_text("utf-8")


def test_another_wording_of_a_label_is_read_as_it_and_said(tmp_path: Path) -> None:
    page = tmp_path / "合计.html"
    page.write_text(_page().replace("总计", "合计"), "utf-8")  # 合计 for 总计: the columns and （七）总计
    report = govxl.read(page)
    numbers = report.numbers()
    assert {k: numbers.get(k) for k in expected(PAGES[0])["values"]} == expected(PAGES[0])["values"]
    said = [f.message for f in report.findings if f.rule == "format-deviation" and "“合计”" in f.message]
    assert said and all("格式中为“总计”" in m or "格式中为“（七）总计”" in m for m in said)


@pytest.mark.parametrize("meta", ['<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
                                  '<meta charset="utf-8">', ""], ids=["gb2312", "wrongly-utf-8", "none"])
def test_gbk_page_decoded_as_gb18030(tmp_path: Path, meta: str) -> None:
    page = _page().replace('<meta charset="utf-8">', meta)
    page = page.replace("平潭综合实验区2024年度", "平潭堃区2024年度")  # 堃: in GBK, not in GB2312
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gbk"))
    report = govxl.read(path)
    assert report.unit == "平潭堃区"
    assert {k: report.numbers()[k] for k in expected(PAGES[0])["values"]} == expected(PAGES[0])["values"]


def test_utf16_page(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(_page().replace('<meta charset="utf-8">', "").encode("utf-16"))
    assert govxl.read(path).numbers() == govxl.read(PUBLISHED / f"{PAGES[0]}.html").numbers()


def test_article_found_inside_a_whole_portal_page(tmp_path: Path) -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + _page()
    chrome = ('<div>上一篇：平潭综合实验区2023年度政府信息公开工作年度报告</div><div class="nav"><ul><li><a href="/">首页</a></li><li>政务公开</li><li>政府信息公开年报</li></ul></div>'
              '<table><tr><td><a href="/a">网站地图</a></td><td>无障碍</td></tr></table>')
    footer = '<div class="footer"><p>主办：平潭综合实验区管理委员会&nbsp;&nbsp;闽ICP备00000000号</p></div>'
    page = page.replace("<body>", f"<body>{chrome}<div class=article>").replace("</body>", f"</div>{footer}</body>")
    page = page.replace("工作年度报告</title>", "工作年度报告_平潭综合实验区人民政府门户网站</title>")
    path = tmp_path / "t20250310_97791.htm"
    path.write_text(page, "utf-8")
    report = govxl.read(path)
    assert report.unit == "平潭综合实验区"
    assert {k: report.numbers()[k] for k in expected(PAGES[0])["values"]} == expected(PAGES[0])["values"]


def _reads_as_the_page(tmp_path: Path, page: str) -> govxl.Report:
    """``page`` (the 2024 portal page, changed) read to the page's figures, without an error."""
    path = tmp_path / "page.html"
    path.write_text(page, "utf-8")
    report = govxl.read(path)
    assert {k: report.numbers()[k] for k in expected(PAGES[0])["values"]} == expected(PAGES[0])["values"]
    assert errors(report) == []
    return report


def test_header_corner_wider_than_the_labels(tmp_path: Path) -> None:
    """表三's corner cell spanning one column too many would shift every header over the wrong figures."""
    page = _page().replace('colspan="3" rowspan="3"', 'colspan="4" rowspan="3"', 1)
    assert 'colspan="3" rowspan="3"' not in page.split("一、本年新收")[0]
    _reads_as_the_page(tmp_path, page)


def _cells(path: Path) -> list[object]:
    return [c.value for s in load_book(path).sheets for c in s.cells.values()]


def test_labels_without_their_numbering(tmp_path: Path) -> None:
    """`其他` for 3.其他 is that row, not the group （六）其他处理 printed as one row."""
    page = re.sub(r'(<p style="text-indent: 0em;">)(?:\d\.|（[一二三四五六七]）|[一二三四]、)', r"\1", _page())
    assert ">其他</p></td><td" in page and "3.其他" not in page
    _reads_as_the_page(tmp_path, page)


def test_t4_groups_named_in_one_header_row(tmp_path: Path) -> None:
    """行政诉讼（未经复议直接起诉） over its five columns: the top header and the one below it in one cell."""
    page = _page()
    start = page.index("<table", page.index("四、政府信息公开行政复议"))
    end = page.index("</table>", start) + len("</table>")
    heads = "".join(f"<td>{h}</td>" for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
    figures = "".join(f"<td>{n}</td>" for n in [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19])
    table = ('<table border="1"><tr><td colspan="5">行政复议</td><td colspan="5">行政诉讼（未经复议直接起诉）</td>'
             f'<td colspan="5">行政诉讼（复议后起诉）</td></tr><tr>{heads}</tr><tr>{figures}</tr></table>')
    assert _reads_as_the_page(tmp_path, page[:start] + table + page[end:]).findings == []


def test_t3_and_t4_joined_in_one_table(tmp_path: Path) -> None:
    """An editor joined the two tables (表四's heading lost between them): 表三 ends where 表四's header
    begins, and 表四's 15 columns are not laid out over 表三's labels."""
    page = _page()
    start = page.index("</tbody></table>", page.index("四、结转下年度继续办理"))
    end = page.index("<tbody>", page.index("四、政府信息公开行政复议")) + len("<tbody>")
    assert _reads_as_the_page(tmp_path, page[:start] + page[end:]).findings == []


def _t3_rows_tr(page: str, label: str) -> int:
    """Where the <tr> holding ``label`` starts."""
    return page.rindex("<tr", 0, page.index(label))


@pytest.mark.parametrize("mistake", ["三 spans 21 rows", "三 spans 40 rows", "（六） spans 4 rows", "an empty row",
                                     "the corner spans 1 row"])
def test_rowspan_an_editor_miscounted(tmp_path: Path, mistake: str) -> None:
    """A browser would shift the row the span misses or covers by a column (its figures under the wrong
    headers); the row is laid out as the table's other rows are, its figures under their columns."""
    page = _page()
    if mistake.startswith("三"):
        page = page.replace('<td rowspan="22"', f'<td rowspan="{mistake.split()[2]}"', 1)
    elif mistake.startswith("（六）"):
        at = _t3_rows_tr(page, "（六）其他处理")
        page = page[:at] + page[at:].replace('rowspan="3"', 'rowspan="4"', 1)
    elif mistake == "an empty row":
        at = _t3_rows_tr(page, "（二）部分公开")
        page = f"{page[:at]}<tr></tr>{page[at:]}"
    else:
        page = page.replace('colspan="3" rowspan="3"', 'colspan="3"', 1)
    assert page != _page()
    _reads_as_the_page(tmp_path, page)


def test_spans_and_cell_markup(tmp_path: Path) -> None:
    path = tmp_path / "t.html"
    path.write_text('<html><body><table>'
                    '<tr><td rowspan="2" colspan="2"><p class=MsoNormal><span>申请人</span><o:p></o:p></p></td>'
                    '<td>自然人<br>（人）</td><td>\u200b法人</td></tr>'  # editors leave zero-width spaces
                    '<tr><td><p><span style="mso-bidi-font-size:10.5pt">&nbsp;1,234&nbsp;</span></p></td>'
                    '<td>&#8203;217&#xFEFF;</td><td>\u200b</td></tr>'
                    '</table></body></html>', "utf-8")
    [sheet] = load_book(path).sheets
    assert {pos: c.value for pos, c in sheet.cells.items()} == {(0, 0): "申请人", (0, 2): "自然人\n（人）", (0, 3): "法人",
                                                               (1, 2): 1234, (1, 3): 217}
    assert sheet.merged == [(0, 0, 1, 1)]


def test_hostile_pages(tmp_path: Path) -> None:
    entity = tmp_path / "entity.html"
    entity.write_text('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body>&x;</body></html>')
    with pytest.raises(UnreadableFile, match="实体"):
        load_book(entity)
    script = tmp_path / "script.html"
    script.write_text('<html><head><style>td{}</style></head><body><script>document.write("一、总体情况")</script>'
                      '<p>正文</p><noscript>请启用脚本</noscript><iframe src="http://example.com/x"></iframe></body></html>')
    assert _cells(script) == ["正文"]
    with pytest.raises(UnreadableFile, match="找不到表三"):
        govxl.read(script)
    xml2003 = tmp_path / "2003.xls"
    xml2003.write_text('<?xml version="1.0"?><Workbook><Worksheet><Table><Row><Cell><Data>1</Data></Cell></Row>'
                       "</Table></Worksheet></Workbook>", "utf-8")
    with pytest.raises(UnreadableFile, match="XML 电子表格 2003"):
        load_book(xml2003)
    spans = tmp_path / "spans.html"
    spans.write_text("<table>" + '<tr><td rowspan="999" colspan="999">x</td></tr>' * 5000 + "</table>")
    with pytest.raises(UnreadableFile, match="合并单元格异常"):
        load_book(spans)
    cells = tmp_path / "cells.txt"
    cells.write_text("\t1\n" * 200_000)
    with pytest.raises(UnreadableFile, match="单元格过多"):
        load_book(cells)
    big = tmp_path / "big.html"
    big.write_bytes(b"<html><body>" + b"<p>x</p>" * (2 * 2**20))
    with pytest.raises(UnreadableFile, match="过大"):
        load_book(big)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wb")
    template = write_template(folder / "模板.xlsx", edition="2021", year=2025)
    _, values = consistent_2021()
    return fill_template(template, values, folder / "拖船镇.xlsx")


def test_validate_folder_mixing_pages_text_and_workbooks(tmp_path: Path, workbook: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    received = tmp_path / "收到"
    received.mkdir()
    shutil.copy(workbook, received / "拖船镇2025.xlsx")
    shutil.copy(PUBLISHED / f"{PAGES[0]}.html", received / "平潭综合实验区.xls")  # a page saved under an Excel name
    shutil.copy(SEED, received / "拖船镇2020.txt")
    (received / "通知.html").write_text("<html><body><p>关于报送年度报告的通知</p></body></html>", "utf-8")
    code = main(["validate", str(received)])
    out = capsys.readouterr().out
    lines = {name: next(line for line in out.splitlines() if name in line)
             for name in ("拖船镇2025.xlsx", "平潭综合实验区.xls", "拖船镇2020.txt", "通知.html")}
    assert all("✓ 通过" in lines[n] for n in ("拖船镇2025.xlsx", "平潭综合实验区.xls", "拖船镇2020.txt")), out
    assert "无法读取" in lines["通知.html"] and "找不到表三" in out
    assert code == 1


def test_merge_takes_a_page_like_a_workbook(tmp_path: Path) -> None:
    received = tmp_path / "收到"
    received.mkdir()
    for name in PAGES:
        shutil.copy(PUBLISHED / f"{name}.html", received)
    roster = tmp_path / "名单.csv"
    roster.write_text("单位名称\n平潭综合实验区\n平潭综合实验区交通与建设局\n", "utf-8")
    result = govxl.merge([received], roster=roster, year=2024)
    status = dict(zip(result.completeness()["unit"], result.completeness()["unit_status"]))
    assert status == {"平潭综合实验区": "submitted", "平潭综合实验区交通与建设局": "resubmit"}  # 2022: another year
    written = openpyxl.load_workbook(result.write(tmp_path / "汇总.xlsx"))
    sources = [[c.value for c in row] for row in written["来源"].iter_rows(min_row=2)]
    assert ["平潭综合实验区", f"{PAGES[0]}.html", "网页"] in [row[:3] for row in sources]
    assert result.total.numbers()["t3_new_total"] == expected(PAGES[0])["values"]["t3_new_total"]
