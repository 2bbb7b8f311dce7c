"""A report as a Word document, built in code with python-docx in the manner of GB/T 9704.

A4 with the standard's margins; title 方正小标宋简体 2号 centred; body 仿宋_GB2312 3号 at a fixed 28 pt line,
indented two characters; 一、 headings 黑体, （一） headings 楷体_GB2312; page numbers “— 1 —” in the footer.
python-docx has no API for East Asian fonts and its default theme sends Chinese text to MS Mincho, so every
style and every run names its fonts explicitly (``w:rFonts``, no theme fonts). Tables fill the text width
(columns sized by :func:`govxl.render.page.column_weights`), merge their headers as the official form does
(``gridSpan``/``vMerge``), repeat their header rows on every page (``w:tblHeader``) and never split a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from govxl import __version__
from govxl.display.html import aside_texts
from govxl.outline import Cell, Prose, Table
from govxl.printable import printable
from govxl.render.page import Page, column_weights, is_wide
from govxl.render.stamp import MARK

PAGE_SIZE = (Mm(210), Mm(297))  # A4
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
TEXT_WIDTH = Mm(210 - 28 - 26)
LINE = Pt(28)  # the fixed line of the body
INDENT = Pt(32)  # two characters of 3号
CELL_MARGIN = 45  # twips left and right of a cell's text
NOTE_COLOUR = RGBColor(0xC0, 0x00, 0x00)


@dataclass(frozen=True)
class Font:
    east_asian: str
    latin: str
    size: Length


TITLE = Font("方正小标宋简体", "Times New Roman", Pt(22))  # 2号
BODY = Font("仿宋_GB2312", "Times New Roman", Pt(16))  # 3号
HEADING = Font("黑体", "Times New Roman", Pt(16))
TOPIC = Font("楷体_GB2312", "Times New Roman", Pt(16))
TABLE_TEXT = Font("仿宋_GB2312", "Times New Roman", Pt(10.5))  # 五号
WIDE_TABLE_TEXT = Font("仿宋_GB2312", "Times New Roman", Pt(9))  # 小五
PAGE_NUMBER = Font("宋体", "Times New Roman", Pt(14))  # 4号


@dataclass(frozen=True)
class Style:
    name: str  # what Word's style list shows
    style_id: str
    font: Font
    align: WD_ALIGN_PARAGRAPH
    indent: Length | None = None
    line: Length | None = LINE  # exact line height; None: single
    outline_level: int | None = None  # headings appear in the navigation pane
    after: Length = Pt(0)  # space below the paragraph


STYLES = {
    "title": Style("报告标题", "GovxlTitle", TITLE, WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36), after=LINE),  # a blank line
    "heading": Style("一级标题", "GovxlHeading1", HEADING, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT, outline_level=0),
    "topic": Style("二级标题", "GovxlHeading2", TOPIC, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT, outline_level=1),
    "body": Style("报告正文", "GovxlBody", BODY, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT),
    "note": Style("首页说明", "GovxlNote", BODY, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT),
    "table": Style("表格文字", "GovxlTable", TABLE_TEXT, WD_ALIGN_PARAGRAPH.CENTER, line=None),
    "wide_table": Style("表格文字（小）", "GovxlTableSmall", WIDE_TABLE_TEXT, WD_ALIGN_PARAGRAPH.CENTER, line=None),
    "page_number": Style("页码", "GovxlPageNumber", PAGE_NUMBER, WD_ALIGN_PARAGRAPH.CENTER, line=None),
}


def write(p: Page, path: Path) -> None:
    """Write ``p`` as a .docx file at ``path``."""
    doc = Document()
    _setup(doc, p)
    title = _paragraph(doc, "title", p.title_lines[0])
    for line in p.title_lines[1:]:
        _run(title, "", TITLE).add_break()
        _run(title, line, TITLE)
    for note in p.notes:
        _paragraph(doc, "note", note).runs[0].font.color.rgb = NOTE_COLOUR
    for text in p.preface:
        _paragraph(doc, "body", text)
    for section in p.outline.sections:
        heading = _paragraph(doc, "heading", section.heading)
        heading.paragraph_format.keep_with_next = True
        for part in section.parts:
            if isinstance(part, Table):
                _table(doc, part, p)
            else:
                _prose(doc, part, p)
    doc.save(str(path))


def _setup(doc: DocumentObject, p: Page) -> None:
    """Page, margins, the footer's page number, the document's fonts and styles, its properties."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_SIZE
    for name, length in MARGINS.items():
        setattr(section, name, length)
    section.footer_distance = Mm(22)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY)
    _language(rpr)
    for style in STYLES.values():
        _style(doc, style)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles[STYLES["page_number"].name]
    _run(footer, "— ", PAGE_NUMBER)
    _page_field(footer)
    _run(footer, " —", PAGE_NUMBER)
    props = doc.core_properties
    props.title, props.subject, props.author = p.title, "政府信息公开工作年度报告", p.report.unit or "govxl"
    props.comments = f"由 govxl {__version__} 根据填报的工作簿生成"
    props.identifier = MARK


def _style(doc: DocumentObject, s: Style) -> None:
    style = doc.styles.add_style(s.name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = s.style_id
    style.base_style = doc.styles["Normal"]
    style.font.size = s.font.size
    style.font.bold = False
    _fonts(style.element.get_or_add_rPr(), s.font)
    fmt = style.paragraph_format
    fmt.alignment = s.align
    fmt.first_line_indent = s.indent or Pt(0)
    fmt.space_before, fmt.space_after = Pt(0), s.after
    fmt.widow_control = True
    if s.line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = s.line
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if s.outline_level is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(s.outline_level))
        style.element.get_or_add_pPr().append(level)


def _fonts(rpr: object, font: Font) -> None:
    """Name ``font`` for every script on ``rpr`` (a ``w:rPr``), theme fonts removed: they would win."""
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attr in [a for a in fonts.attrib if a.lower().endswith("theme")]:
        del fonts.attrib[attr]
    for attr, name in (("ascii", font.latin), ("hAnsi", font.latin), ("eastAsia", font.east_asian),
                       ("cs", font.latin)):
        fonts.set(qn(f"w:{attr}"), name)


def _language(rpr: object) -> None:
    lang = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # type: ignore[attr-defined]
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph(doc: DocumentObject, style: str, text: str) -> Paragraph:
    s = STYLES[style]
    paragraph = doc.add_paragraph()
    paragraph._p.style = s.style_id
    _run(paragraph, text, s.font)
    return paragraph


def _run(paragraph: Paragraph, text: str, font: Font) -> Run:
    """A run of ``text`` (what a file carries, control characters shown as escapes: XML cannot hold them)."""
    run = paragraph.add_run(printable(text))
    run.font.size = font.size
    _fonts(run._element.get_or_add_rPr(), font)
    return run


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field (begin, instruction, separate, a placeholder number, end): Word, WPS and LibreOffice show
    the page's number."""
    def element(tag: str, **attrs: str) -> None:
        run = _run(paragraph, "", PAGE_NUMBER)
        child = OxmlElement(tag)
        for name, value in attrs.items():
            child.set(qn(name), value)
        run._element.append(child)
        if tag == "w:instrText":
            child.text = " PAGE "

    element("w:fldChar", **{"w:fldCharType": "begin"})
    element("w:instrText", **{"xml:space": "preserve"})
    element("w:fldChar", **{"w:fldCharType": "separate"})
    _run(paragraph, "1", PAGE_NUMBER)
    element("w:fldChar", **{"w:fldCharType": "end"})


def _prose(doc: DocumentObject, part: Prose, p: Page) -> None:
    """A topic's heading (when it has text: a compilation has none) and the paragraphs."""
    paragraphs = p.paragraphs(part.key)
    if part.heading and paragraphs:
        _paragraph(doc, "topic", part.heading).paragraph_format.keep_with_next = True
    for text in paragraphs:
        _paragraph(doc, "body", text)


def _table(doc: DocumentObject, t: Table, p: Page) -> None:
    key = "wide_table" if is_wide(t) else "table"
    style = STYLES[key]
    height = len(t.rows)
    table = doc.add_table(rows=height, cols=t.width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_frame(table)
    weights = column_weights(t)
    widths = [Twips(TEXT_WIDTH.twips * w // sum(weights)) for w in weights]
    for col, width in zip(table.columns, widths):
        col.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    for r, row in enumerate(table.rows):
        tr = row._tr.get_or_add_trPr()
        tr.append(OxmlElement("w:cantSplit"))
        if r < t.header_rows:
            tr.append(OxmlElement("w:tblHeader"))
    grid = [row.cells for row in table.rows]  # before any merge: one cell per grid position
    for cell in (c for row in t.rows for c in row):
        _cell(grid, cell, p, style)
    _keep_blocks(table, t)
    for label, text in aside_texts(t, p.report):
        _paragraph(doc, key, f"{label}：{text}").alignment = WD_ALIGN_PARAGRAPH.LEFT


def _keep_blocks(table: DocxTable, t: Table) -> None:
    """Each row kept on the page of the next, except before a caption (表二's blocks): a table breaks across
    pages only between its blocks, or where it is longer than a page."""
    starts = {row[0].row for row in t.rows if row and row[0].role == "caption"}
    for r, row in enumerate(table.rows[:-1]):
        if r + 1 not in starts:
            for paragraph in row._tr.iter(qn("w:p")):
                paragraph.get_or_add_pPr().keepNext_val = True


def _table_frame(table: DocxTable) -> None:
    """The text width, fixed (``table.autofit``), with narrow cell margins; in the schema's element order."""
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(int(TEXT_WIDTH.twips)))
    width.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(CELL_MARGIN))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _cell(grid: list[tuple[_Cell, ...]], c: Cell, p: Page, style: Style) -> None:
    cell = grid[c.row][c.col]
    if c.rows > 1 or c.cols > 1:
        cell = cell.merge(grid[c.row + c.rows - 1][c.col + c.cols - 1])
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style.style_id  # by id: looking a style up by name walks every style
    if c.role == "label":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    text = p.text(c.key) if c.key is not None else c.text
    if text:
        _run(paragraph, text, style.font)
