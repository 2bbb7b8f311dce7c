"""Word reports (.docx, legacy .doc) read like their HTML and text twins: the same figures, prose and findings,
each value's source naming the Word table's row and column; hostile documents refused, each costing itself."""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

import govxl
from govxl.cli import main
from govxl.errors import UnreadableFile
from govxl.reader import load_book
from tests.lo import SOFFICE
from tests.template_data import SEED
from tests.test_documents import PAGES, PUBLISHED, errors

SEED_DOCX = PUBLISHED / "2020-tuochuan-town.docx"
SEED_DOC = PUBLISHED / "2020-tuochuan-town.doc"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def prose(report: govxl.Report) -> dict[str, str]:
    return {p.key: report.text(p.key) for p in report.edition.prose}


def messages(report: govxl.Report) -> list[str]:
    return [f.message for f in report.findings]


# the web pages saved as Word by LibreOffice, and the pages: two real ones, two unseen ones (what they keep in
# Word: a header corner one column narrower than 表三's labels; the portal's layout table around the article)
SAVED = {name: PUBLISHED / f"{name}.html" for name in PAGES} | {
    name: PUBLISHED / "unseen" / f"{name}.html" for name in ("2022-qingshui-education-bureau", "2022-baihe-county")}


@pytest.mark.parametrize("name", SAVED)
def test_page_saved_as_docx_reads_as_the_page(name: str) -> None:
    report, page = govxl.read(PUBLISHED / f"{name}.docx"), govxl.read(SAVED[name])
    want = json.loads(SAVED[name].with_suffix(".expected.json").read_text("utf-8"))
    assert (report.unit, report.year, report.edition.id) == (want["unit"], want["year"], want["edition"])
    numbers = report.numbers()
    assert {k: numbers.get(k) for k in want["values"]} == want["values"]
    assert numbers == page.numbers()  # every key, blanks as blanks
    assert prose(report) == prose(page) and report.text("text_overview")
    assert errors(report) == errors(page) and messages(report) == messages(page)
    assert Path(report["t3_new_total"].source.file).name == f"{name}.docx"
    assert report["t3_new_total"].source.cell == page["t3_new_total"].source.cell  # 表格2第4行第10列


def test_title_property_stands_in_for_the_page_title() -> None:
    """LibreOffice keeps a page's <title> as the document's title: the unit and year, where the body has none."""
    source = govxl.read(PUBLISHED / f"{PAGES[0]}.docx")["meta_unit"].source
    assert (source.sheet, source.cell) == ("文档属性", "标题")


def test_seed_written_in_word_reads_as_its_text_dump() -> None:
    report, dump = govxl.read(SEED_DOCX), govxl.read(SEED)
    assert (report.unit, report.year, report.edition.id) == ("拖船镇", 2020, "2019")
    assert report.numbers() == dump.numbers()
    assert (report.numbers()["t2_procurement_count"], report.numbers()["t2_procurement_amount"]) == (6, 86200)
    assert prose(report) == prose(dump)
    assert errors(report) == []
    typo = next(m for m in messages(report) if "第二十六条第（六）项" in m)
    assert "表二（表格1第9行第1列）" in typo
    assert messages(report) == messages(dump)
    assert report["t2_procurement_amount"].source.cell == "表格1第18行第3列"
    assert report["meta_unit"].source.cell == "第1段"  # the title in the body


def test_word_merges_become_the_grid() -> None:
    """表三 of the seed: 三 merged down its 20 outcome rows, （三）不予以公开 down its 8, 申请人情况 across 7."""
    [sheet] = load_book(SEED_DOCX).sheets
    place = {v: k for k, v in sheet.places.items()}
    corner = place["表格2第1行第1列"]
    assert (corner[0], corner[1], corner[0] + 2, corner[1] + 2) in sheet.merged  # gridSpan 3 and vMerge over 3 rows
    three = place["表格2第6行第1列"]
    assert sheet.cells[three].value == "三" and (three[0], 0, three[0] + 19, 0) in sheet.merged
    denied = place["表格2第8行第2列"]
    assert sheet.cells[denied].value == "（三）不予\n以公\n开"  # paragraphs of a cell joined by newlines
    assert (denied[0], 1, denied[0] + 7, 1) in sheet.merged
    assert sheet.cells[place["表格2第3行第5列"]].value == "商业\n企业"  # a soft line break kept
    texts = {c.value for c in sheet.cells.values()}
    assert "拖船镇人民政府" not in texts and not any("印发" in str(t) for t in texts)  # header and footer left out


def _docx(tmp_path: Path, body: str, **parts: str) -> Path:
    """A python-docx document whose body is ``body`` (WordprocessingML), other parts replaced by ``parts``."""
    made = io.BytesIO()
    docx.Document().save(made)
    path = tmp_path / "报告.docx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as out:  # stored: no zip bomb
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
            out.writestr(info.filename, parts.get(info.filename, data))
    return path


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str = "", props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def test_what_a_reader_sees_of_paragraphs_and_cells(tmp_path: Path) -> None:
    textbox = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
               f"{_p('文本框')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>件</w:t></w:r>'
    revised = "<w:p><w:r><w:t>收到</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>" \
              f"<w:ins><w:r><w:t>申请</w:t></w:r></w:ins>{textbox}{hidden}</w:p>"
    control = _control(_p("控件中的段落"))  # content controls: around a paragraph, a row (the first), a cell ("/")
    two = '<w:gridSpan w:val="2"/>'
    table = _table([[_tc("申请人", two + '<w:vMerge w:val="restart"/>'), _tc("自然人")],
                    [_tc("", two + "<w:vMerge/>"), f"<w:tc>{_p('1,234')}<w:p/></w:tc>"],
                    ['<w:trPr><w:gridBefore w:val="1"/></w:trPr>', _tc("0"), _control(_tc("/"))],
                    [_tc("合计", '<w:hMerge w:val="restart"/>'), _tc("", "<w:hMerge/>"), _tc("1")]])
    first = table.index("<w:tr>"), table.index("</w:tr>") + len("</w:tr>")
    table = table[:first[0]] + _control(table[first[0]:first[1]]) + table[first[1]:]
    layout = _table([[f"<w:tc>{_p('正文')}{table}</w:tc>"]])  # a page's layout table around its article
    [sheet] = load_book(_docx(tmp_path, revised + control + layout)).sheets
    assert {pos: c.value for pos, c in sheet.cells.items()} == {
        (0, 0): "收到申请件", (1, 0): "控件中的段落", (2, 0): "正文",
        (3, 0): "申请人", (3, 2): "自然人", (4, 2): 1234, (5, 1): 0, (5, 2): "/", (6, 0): "合计", (6, 2): 1}
    assert sheet.merged == [(3, 0, 4, 1), (6, 0, 6, 1)]
    assert sheet.places[(5, 2)] == "表格1第3行第3列"


def test_word_named_anything_validates_by_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    received = tmp_path / "收到"
    received.mkdir()
    shutil.copy(SEED_DOCX, received / "拖船镇.docx")
    shutil.copy(PUBLISHED / f"{PAGES[0]}.docx", received / "平潭综合实验区.xlsx")  # a .docx under an Excel name
    shutil.copy(PUBLISHED / f"{PAGES[1]}.docx", received / "交通与建设局.doc")
    names = ["拖船镇.docx", "平潭综合实验区.xlsx", "交通与建设局.doc"]
    if SOFFICE is not None:  # one .doc (each costs a LibreOffice start), under an Excel name
        shutil.copy(SEED_DOC, received / "拖船镇（旧版）.xls")
        names.append("拖船镇（旧版）.xls")
    code = main(["validate", str(received)])
    out = capsys.readouterr().out
    assert all("✓ 通过" in next(line for line in out.splitlines() if name in line) for name in names), out
    assert code == 0


@needs_soffice
def test_legacy_doc_converted_by_libreoffice_names_the_doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the conversion's private folder goes
    report = govxl.read(SEED_DOC)
    assert report.numbers() == govxl.read(SEED).numbers() and prose(report) == prose(govxl.read(SEED))
    source = report["t2_procurement_amount"].source
    assert (source.file, source.cell) == (str(SEED_DOC), "表格1第18行第3列")
    assert messages(report) == messages(govxl.read(SEED))  # a published document's deviations, as for the .docx
    assert list(tmp_path.iterdir()) == []  # the temporary copy, profile and .docx removed


def test_legacy_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "拖船镇.doc"
    shutil.copy(SEED_DOC, doc)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UnreadableFile, match="需要 LibreOffice.*另存为 .docx") as refused:
        govxl.read(doc)
    assert str(doc) in str(refused.value)


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


@pytest.mark.parametrize(("case", "words"), [
    ("entity", "DOCTYPE/ENTITY"), ("external-entity", "DOCTYPE/ENTITY"), ("entity-in-properties", "DOCTYPE/ENTITY"),
    ("entity-in-lists", "DOCTYPE/ENTITY"),
    ("bomb", "过大"), ("big-body", "内容过大"), ("cells", "单元格过多"), ("empty-cells", "单元格过多"), ("spans", "合并单元格异常"),
    ("bad-span", "已损坏"), ("no-span", "已损坏"), ("not-xml", "已损坏"), ("no-body", "找不到正文"),
])
def test_hostile_docx_refused(tmp_path: Path, case: str, words: str) -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY x "拖船镇">]>'
    bodies = {
        "entity": f'{doctype}<w:document xmlns:w="{W}"><w:body>{_p("&x;")}</w:body></w:document>',
        "external-entity": f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                           f'<w:document xmlns:w="{W}"><w:body>{_p("&x;")}</w:body></w:document>',
        "cells": _table([[_tc("1")] * 101] * 1000),
        "empty-cells": _table([["<w:tc/>"] * 1001] * 100),
        "spans": _table([[_tc("x", '<w:gridSpan w:val="99999999999"/><w:vMerge w:val="restart"/>')]]
                        + [[_tc("", '<w:gridSpan w:val="99999999999"/><w:vMerge/>')]] * 20_000),
        "bad-span": _table([[_tc("x", '<w:gridSpan w:val="x"/>')]]),
        "no-span": _table([[_tc("x", "<w:gridSpan/>")]]),
        "big-body": _p("正文") * 300_000,  # 12 MB, stored uncompressed: no zip bomb
        "not-xml": "<w:p>",
        "no-body": f'<w:document xmlns:w="{W}"/>',
    }
    path = tmp_path / "报告.docx"
    if case in ("entity", "external-entity", "not-xml", "no-body"):
        path = _zip(path, {"word/document.xml": bodies[case].encode()})
    elif case == "bomb":
        path = _zip(path, {"word/document.xml": b"<w:p/>" * 2**20})  # 6 MB inflated from a few kB
    elif case.startswith("entity-in-"):
        part = "docProps/core.xml" if case == "entity-in-properties" else "word/numbering.xml"
        path = _docx(tmp_path, _p("正文"), **{part: f'{doctype}<w:document xmlns:w="{W}"/>'})
    else:
        path = _docx(tmp_path, bodies[case])
    with pytest.raises(UnreadableFile, match=words):
        load_book(path)


def _control(content: str) -> str:
    return f"<w:sdt><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def _table(rows: list[list[str]]) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{''.join(cells)}</w:tr>" for cells in rows) + "</w:tbl>"


LISTS = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="（%2）"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
<w:lvlText w:val="%3."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>
<w:num w:numId="71"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="81"><w:abstractNumId w:val="8"/></w:num>
<w:num w:numId="72"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"""
NUMBERED_STYLES = f"""<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="CN1"><w:pPr><w:numPr>
<w:numId w:val="71"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="CN1b">
<w:basedOn w:val="CN1"/></w:style></w:styles>"""


def _numbered(text: str, num: str = "", level: int = 0, style: str = "") -> str:
    numpr = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p><w:pPr>{pstyle}{numpr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_numbers_word_shows_are_read(tmp_path: Path) -> None:
    """Word's automatic list numbers are not in the paragraphs' text; the page shows them, so they are read."""
    body = "".join([
        _numbered("总体情况", style="CN1"), _numbered("主动公开", "71", 1), _numbered("依申请公开", "71", 1),
        _numbered("细目", "71", 2), _numbered("主动公开政府信息情况", style="CN1b"), _numbered("要点", "81"),
        _table([[f"<w:tc>{_numbered('予以公开', '71', 1)}</w:tc>", _tc("3")]]), _numbered("其他", "72")])
    path = _docx(tmp_path, body, **{"word/numbering.xml": LISTS, "word/styles.xml": NUMBERED_STYLES})
    [sheet] = load_book(path).sheets
    assert [sheet.cells[pos].value for pos in sorted(sheet.cells)] == [
        "一、总体情况", "（一）主动公开", "（二）依申请公开", "1.细目", "二、主动公开政府信息情况", "要点",
        "（一）予以公开", 3, "五、其他"]


def test_report_numbered_by_word_reads_as_its_dump(tmp_path: Path) -> None:
    """The seed with its six headings and the topics of 一、 numbered by Word instead of typed."""
    document = docx.Document(str(SEED_DOCX))
    numbering = document.part.numbering_part.element
    for el in parse_xml(LISTS.encode()):
        numbering.append(el)
    numbered = 0
    for p in document.paragraphs:
        m = re.match(r"(?:([一二三四五六])、|（([一二三四五])）)(?=\D{4})", p.text)
        if m:
            p.paragraph_format.element.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{0 if m[1] else 1}"/><w:numId w:val="71"/></w:numPr>'))
            text = p.text[m.end():]
            for run in p.runs[1:]:
                run._r.getparent().remove(run._r)
            p.runs[0].text = text
            numbered += 1
    assert numbered == 11
    document.save(tmp_path / "拖船镇.docx")
    report, dump = govxl.read(tmp_path / "拖船镇.docx"), govxl.read(SEED)
    assert prose(report) == prose(dump) and report.numbers() == dump.numbers()
