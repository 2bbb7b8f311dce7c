"""load_book on real and hostile files: every refusal is one UnreadableFile with a plain-Chinese reason."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from govxl.errors import UnreadableFile
from govxl.reader import load_book, safety
from govxl.reader.xlsx import Workbook
from tests import lo

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def package(path: Path, parts: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def workbook_parts(sheet_xml: str, *, shared: str = "", styles: str = "", workbook_extra: str = "",
                   names: str = "") -> dict[str, str]:
    """A minimal hand-written .xlsx: one sheet '表', optional shared strings and styles."""
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared:
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    if styles:
        rels += f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{PKG_REL}"><Relationship Id="r" '
                       f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_extra}<sheets>'
                           f'<sheet name="表" sheetId="1" r:id="rId1"/></sheets>'
                           f'<definedNames>{names}</definedNames></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG_REL}">{rels}</Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_xml}</sheetData></worksheet>',
    }
    if shared:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{shared}</sst>'
    if styles:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>'
    return parts


def refused(path: Path, *words: str) -> str:
    with pytest.raises(UnreadableFile) as info:
        load_book(path)
    reason = info.value.reason
    assert info.value.path == str(path) and str(path) in str(info.value)
    assert all(w in reason for w in words), reason
    assert "\n" not in reason and not any(t in reason for t in ("Error", "Traceback", "zip file"))
    return reason


# -- what a real workbook holds ----------------------------------------------------------------------


def test_openpyxl_workbook_cells_names_merges(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年度报告"
    ws["B3"], ws["C3"], ws["D3"], ws["E3"] = "单位名称", 12, 1.5, "=C3+D3"
    ws["F3"] = dt.date(2025, 1, 2)
    ws.merge_cells("B5:D6")
    wb.defined_names["t3_new_natural"] = openpyxl.workbook.defined_name.DefinedName(
        "t3_new_natural", attr_text="'年度报告'!$C$3")
    wb.create_sheet("隐藏").sheet_state = "hidden"
    wb.save(tmp_path / "a.xlsx")
    book = load_book(tmp_path / "a.xlsx")
    main, hidden = book.sheets
    assert book.format == "xlsx" and hidden.hidden and not main.hidden
    assert main.cells[(2, 1)].value == "单位名称" and main.cells[(2, 2)].value == 12
    assert (main.cells[(2, 4)].value, main.cells[(2, 4)].formula) == (None, "C3+D3")
    assert main.cells[(2, 5)].value == 45659 and main.cells[(2, 5)].number_format  # a date serial, marked
    assert main.merged == [(4, 1, 5, 3)]
    assert book.names["t3_new_natural"] == ("年度报告", 2, 2)


def test_hand_written_package_details(tmp_path: Path) -> None:
    """Shared formulas, inline and rich strings (phonetic runs left out), built-in CJK date format 31,
    the 1904 date system, cells and rows without positions, sheet-scoped and broken names."""
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>内联</t></is></c>'
        '<c r="C1" s="1"><v>0</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#DIV/0!</v></c></row>'
        '<row r="2"><c r="A2"><f t="shared" ref="A2:C2" si="0">SUM(A5:$B5)</f><v>9</v></c>'
        '<c r="B2"><f t="shared" si="0"/><v>8</v></c><c r="C2"><f t="shared" si="0"/></c></row>'
        '<row><c><v>1</v></c><c t="str"><v>x</v></c></row>'
    )
    shared = '<si><r><t>拖船</t></r><r><t>镇</t></r><rPh><t>タクセン</t></rPh></si>'
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs>'
    names = ('<definedName name="meta_unit">表!$A$1</definedName>'
             '<definedName name="local" localSheetId="0">表!$B$1</definedName>'
             '<definedName name="broken">#REF!</definedName>')
    parts = workbook_parts(sheet, shared=shared, styles=styles, names=names,
                           workbook_extra='<workbookPr date1904="1"/>')
    book = load_book(package(tmp_path / "h.xlsx", parts))
    cells = book.sheets[0].cells
    assert cells[(0, 0)].value == "拖船镇" and cells[(0, 1)].value == "内联"
    assert cells[(0, 2)].value == 1462 and cells[(0, 2)].number_format == "builtin:31"  # 1904-01-01
    assert cells[(0, 3)].value is True and cells[(0, 4)].value == "#DIV/0!"
    assert [cells[(1, c)].formula for c in range(3)] == ["SUM(A5:$B5)", "SUM(B5:$B5)", "SUM(C5:$B5)"]
    assert (cells[(1, 0)].cached, cells[(1, 2)].cached) == (9, None)
    assert cells[(2, 0)].value == 1 and cells[(2, 1)].value == "x"
    assert book.names == {"meta_unit": ("表", 0, 0), "local": ("表", 0, 1)}


@pytest.mark.parametrize(("p", "comment", "tail"), [("", "", "<broken>"), ("x:", "", "<broken>"),
                                                    ("", "<!-- </sheetData> -->", "<ok/>")])
def test_cell_data_alone_read_up_to_its_end(tmp_path: Path, p: str, comment: str, tail: str) -> None:
    """The template reader parses a sheet only up to </sheetData> (whatever the namespace prefix): what
    follows is never looked at. That text inside a comment is not the end: the whole part is parsed."""
    parts = workbook_parts("")
    parts["xl/worksheets/sheet1.xml"] = (
        f'<{p}worksheet xmlns{":x" if p else ""}="{MAIN}"><{p}sheetData>{comment}'
        f'<{p}row r="1"><{p}c r="A1"><{p}v>1</{p}v></{p}c></{p}row>'
        f'<{p}row r="2"><{p}c r="B2"><{p}v>2</{p}v></{p}c></{p}row></{p}sheetData>{tail}</{p}worksheet>'
    )
    path = str(package(tmp_path / "c.xlsx", parts))
    with safety.Package(path) as pk:
        cells = Workbook(path, pk, "xlsx").sheet("表", merged=False).cells
    assert {k: c.value for k, c in cells.items()} == {(0, 0): 1, (1, 1): 2}


BLANK = '<c r="B1" s="3" t="n"></c>'


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
                                         '<?xml version="1.0" encoding="ISO-8859-1"?>'])
@pytest.mark.parametrize(("sheet", "cells"), [
    (f'<row r="1"><c r="A1" s="1"/>{BLANK}<c><v>3</v></c><c r="E1" s="2"/><c r="F1"><v>6</v></c></row>',
     {(0, 2): 3, (0, 5): 6}),
    (f'<row r="1"><c r="A1" s="1"/><c r="B1" t="inlineStr"><is><t><![CDATA[{BLANK}<c r="A1"/>]]></t></is></c></row>',
     {(0, 1): f'{BLANK}<c r="A1"/>'}),
    (f'<!-- {BLANK} --><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;c r="A1"/></t></is></c>{BLANK}</row>',
     {(0, 0): '<c r="A1"/>'}),
])
def test_blank_cells_skipped_unread_change_nothing_read(tmp_path: Path, declaration: str, sheet: str,
                                                        cells: dict) -> None:
    """Blank cells are dropped before parsing (govxl.reader.xlsx._BLANK_CELL): a cell without a position
    still follows the blank before it, and text that looks like a blank cell (a CDATA section, after a
    comment) is read as written, in any encoding."""
    parts = workbook_parts(sheet)
    parts["xl/worksheets/sheet1.xml"] = (declaration + parts["xl/worksheets/sheet1.xml"]).encode(
        "latin-1" if "8859" in declaration else "utf-8")
    read = load_book(package(tmp_path / "b.xlsx", parts)).sheets[0].cells
    assert {k: c.value for k, c in read.items()} == cells


@pytest.mark.skipif(lo.SOFFICE is None, reason="LibreOffice not installed")
def test_legacy_xls_and_ods_through_calamine(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = "一、本年新收政府信息公开申请数量", 3, "=B1*2", dt.date(2025, 1, 20)
    wb.save(tmp_path / "src.xlsx")
    xls, = lo.convert([tmp_path / "src.xlsx"], tmp_path / "xls", "xls")
    ods, = lo.convert([tmp_path / "src.xlsx"], tmp_path / "ods", "ods")
    for path, fmt in ((xls, "xls"), (ods, "ods")):
        book = load_book(path)
        cells = book.sheets[0].cells
        assert book.format == fmt and book.sheets[0].name == "表三" and book.names == {}
        assert cells[(0, 0)].value == "一、本年新收政府信息公开申请数量" and cells[(0, 1)].value == 3
        assert cells[(0, 2)].value == 6 and cells[(0, 2)].formula is None  # values only
        assert cells[(0, 3)].value == dt.date(2025, 1, 20)


# -- hostile and wrong files --------------------------------------------------------------------------


def test_empty_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "空.xlsx").write_bytes(b"")
    refused(tmp_path / "空.xlsx", "空的")
    refused(tmp_path / "没有.xlsx", "无法打开")
    refused(tmp_path, "文件夹")


@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.7\n...", ("PDF",)),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', ("XML",)),
    ("单位名称,拖船镇\n".encode("gbk"), ("无法识别",)),
])
def test_not_a_workbook(tmp_path: Path, content: bytes, words: tuple[str, ...]) -> None:
    path = tmp_path / "报告.xls"
    path.write_bytes(content)
    refused(path, *words)


def test_damaged_and_foreign_zips(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "ok.xlsx")
    data = (tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    refused(tmp_path / "truncated.xlsx", "损坏")
    flipped = bytearray(data)
    info = zipfile.ZipFile(tmp_path / "ok.xlsx").getinfo("xl/worksheets/sheet1.xml")
    flipped[info.header_offset + 60] ^= 0xFF  # inside the compressed data: CRC or inflate fails
    (tmp_path / "flipped.xlsx").write_bytes(bytes(flipped))
    refused(tmp_path / "flipped.xlsx", "损坏")
    refused(package(tmp_path / "word.xlsx", {"word/document.xml": "<w/>"}), "Word")
    refused(package(tmp_path / "a.xlsx", {"报告.xlsx": b"PK"}), "压缩包")
    parts = workbook_parts("<row><c><v>1</v></c></row>")
    parts["xl/worksheets/sheet1.xml"] = "<worksheet><sheetData><row>"
    refused(package(tmp_path / "badxml.xlsx", parts), "损坏")


def test_encrypted_workbook(tmp_path: Path) -> None:
    """Excel saves a password-protected .xlsx as an OLE compound file with an EncryptionInfo stream."""
    body = bytearray(4096)
    name = "EncryptionInfo".encode("utf-16-le")
    body[1024:1024 + len(name)] = name
    (tmp_path / "加密.xlsx").write_bytes(safety.OLE_MAGIC + bytes(body))
    refused(tmp_path / "加密.xlsx", "密码")
    parts = workbook_parts("")
    path = package(tmp_path / "zipcrypto.xlsx", parts)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:  # set the 'encrypted' flag of the first entry, local and central
        first = z.infolist()[0]
    raw[first.header_offset + 6] |= 1
    central = raw.rfind(b"PK\x01\x02", 0, len(raw))
    while raw.rfind(b"PK\x01\x02", 0, central) > 0:
        central = raw.rfind(b"PK\x01\x02", 0, central)
    raw[central + 8] |= 1
    path.write_bytes(bytes(raw))
    refused(path, "加密")


def test_zip_bomb_and_oversized_file(tmp_path: Path) -> None:
    parts = workbook_parts("")
    parts["xl/worksheets/sheet1.xml"] = b"<" + b" " * (safety.MAX_PART_BYTES + 1)
    refused(package(tmp_path / "bomb.xlsx", parts), "过大")
    big = tmp_path / "big.xlsx"
    with open(big, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(safety.MAX_FILE_BYTES + 1)
    refused(big, "过大")


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_dtd_and_entities_are_refused(tmp_path: Path, part: str) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>')
    xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    for i, prolog in enumerate((laughs, xxe)):
        parts = workbook_parts('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared="<si><t>x</t></si>")
        text = parts[part]
        parts[part] = prolog + text.replace("<t>x</t>", "<t>&c;&e;</t>") if "sst" in text else prolog + text
        refused(package(tmp_path / f"dtd{i}.xlsx", parts), "DOCTYPE")


def test_external_links_are_not_followed(tmp_path: Path) -> None:
    parts = workbook_parts('<row r="1"><c r="A1"><f>[1]Sheet1!A1</f><v>5</v></c></row>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        f'<Relationship Id="rId9" Type="{REL}/externalLink" Target="file:///etc/passwd" TargetMode="External"/>'
        "</Relationships>")
    book = load_book(package(tmp_path / "link.xlsx", parts))
    cell = book.sheets[0].cells[(0, 0)]
    assert (cell.formula, cell.cached) == ("[1]Sheet1!A1", 5)
