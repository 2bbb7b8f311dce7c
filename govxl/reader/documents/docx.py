"""Word reports (.docx): the body's paragraphs and tables in document order, each table's merged cells
resolved into the grid (``gridSpan`` a column span, ``vMerge`` restart/continue a row span).

A numbered paragraph shows its list's number (:mod:`~govxl.reader.documents.numbering`). Headers,
footers, text boxes, footnotes and comments are not the report's body and are left out.

Only the parts read are parsed, each read through :class:`~govxl.reader.safety.Package` within a cap and
refused if it declares a DTD before any parser sees it: ``word/document.xml`` by python-docx's XML
classes; the lists of ``word/numbering.xml`` and ``word/styles.xml``; ``docProps/core.xml`` for the
document's title (File > Properties), which a conversion of a portal page keeps as the page's title.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, TypeVar

from docx.oxml import parse_xml
from docx.oxml.exceptions import InvalidXmlError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from lxml import etree

from govxl.errors import UnreadableFile
from govxl.reader.book import Book, RawCell, Sheet
from govxl.reader.documents.grid import MAX_CELLS, GridBuilder
from govxl.reader.documents.html import Cell, lay_out
from govxl.reader.documents.numbering import Numbering
from govxl.reader.safety import Package, check_no_dtd
from govxl.reader.safety import parse_xml as safe_xml

SHEET = "正文"
PROPERTIES = "文档属性"  # a second sheet, after the body: a title in the body is found first
BODY: Final = "word/document.xml"
CORE: Final = "docProps/core.xml"
LISTS: Final = ("word/numbering.xml", "word/styles.xml")  # what numbered paragraphs show
MAX_PART_BYTES: Final = 10 * 1024 * 1024  # of each part parsed: a report's body is 0.1-1 MB of markup
MAX_COLUMNS: Final = 63  # Word's own limit: a wider span or offset is clamped to it
_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_WRAPPERS = (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"))  # content controls: their content is the body's
_NOT_SHOWN = frozenset((qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"),
                        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"))
# what a run shows, as python-docx's CT_R.text reads it (each element's str(): a line break "\n", a page
# break ""), without its XPath per run
_VANISH = f"{qn('w:rPr')}/{qn('w:vanish')}"
_RUN_TEXT = frozenset(qn(f"w:{t}") for t in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab"))
_E = TypeVar("_E", bound=etree._Element)
_DAMAGED = "Word 文档已损坏（正文不符合 Word 格式），无法读取。请让报送单位用 Word 重新保存后发送"


def load(package: Package, path: str, fmt: str = "docx") -> Book:
    """The Word document in ``package`` (of ``path``; ``fmt`` 'doc' for one converted from a .doc)."""
    root = _document(package, path)
    body = root.find(qn("w:body"))
    if root.tag != qn("w:document") or body is None:
        raise UnreadableFile(path, "Word 文档中找不到正文（可能是“严格 Open XML”等少见格式）。"
                                   "请用 Word 另存为“Word 文档（.docx）”后发送")
    if sum(1 for _ in body.iter(qn("w:tc"))) > MAX_CELLS:  # empty ones too: each costs its walk
        raise UnreadableFile(path, f"Word 文档的表格单元格过多（超过 {MAX_CELLS // 10000} 万个），"
                                   "不像是一份年度报告，拒绝读取。请确认文件是否发错")
    grid = GridBuilder(path, SHEET)
    lists = Numbering(*(safe_xml(_read(package, path, name), path, name) if name in package.names else None
                        for name in LISTS))
    try:
        _blocks(grid, body, lists)
    except (ValueError, InvalidXmlError):  # python-docx refusing a malformed attribute (a gridSpan of "x")
        raise UnreadableFile(path, _DAMAGED) from None
    return Book(path, fmt, [grid.sheet, *_properties(package, path)])


def _document(package: Package, path: str) -> etree._Element:
    """The body part parsed by python-docx, once known to be within the cap and free of DTDs."""
    if BODY not in package.names:
        raise UnreadableFile(path, _DAMAGED)
    data = _read(package, path, BODY)
    check_no_dtd(data, path, BODY)  # python-docx's parser would expand the entities of a DTD
    try:
        return parse_xml(data)
    except etree.XMLSyntaxError:
        raise UnreadableFile(path, _DAMAGED) from None


def _read(package: Package, path: str, name: str) -> bytes:
    """Part ``name``, refused past :data:`MAX_PART_BYTES`."""
    chunks, size = [], 0
    for chunk in package.stream(name):  # stopped at the cap whatever the zip directory declares
        size += len(chunk)
        if size > MAX_PART_BYTES:
            raise UnreadableFile(path, f"Word 文档的内容过大（{name} 超过 {MAX_PART_BYTES // 2**20} MB），"
                                       "不像是一份年度报告。请检查是否发错了文件，或删除多余内容后重新保存")
        chunks.append(chunk)
    return b"".join(chunks)


def _properties(package: Package, path: str) -> list[Sheet]:
    """The document's title as a one-cell sheet, where it has one."""
    if CORE not in package.names:
        return []
    title = " ".join(safe_xml(_read(package, path, CORE), path, CORE).findtext(_TITLE, "").split())
    return [Sheet(PROPERTIES, {(0, 0): RawCell(title)}, places={(0, 0): "标题"})] if title else []


def _blocks(grid: GridBuilder, parent: etree._Element, lists: Numbering) -> None:
    """The paragraphs and tables of ``parent`` laid out in order. A table holding tables in its cells lays
    out a page (a portal page saved as Word keeps the layout table its article sat in): its cells are
    walked like blocks."""
    for el in _content(parent, CT_P, CT_Tbl):
        if not isinstance(el, CT_Tbl):
            grid.paragraph(_paragraph(el, lists))
        elif el.find(f".//{qn('w:tbl')}") is None:
            _table(grid, el, lists)
        else:
            for tr in _content(el, CT_Row):
                for tc in _content(tr, CT_Tc):
                    _blocks(grid, tc, lists)


def _content(parent: etree._Element, *kinds: type[_E]) -> Iterator[_E]:
    """The children of ``parent`` of ``kinds`` (paragraphs and tables, a table's rows, a row's cells) in
    order, those inside content controls included."""
    for el in parent:
        if isinstance(el, kinds):
            yield el
        elif el.tag in _WRAPPERS:
            yield from _content(el, *kinds)


def _paragraph(p: CT_P, lists: Numbering) -> str:
    """What a reader sees of the paragraph: its list number, its runs' text (a soft line break as a
    newline), not the runs of deleted revisions, of hidden text or of text boxes anchored in it."""
    runs = (r for r in p.iter(qn("w:r")) if _shown_in(r, p))
    return lists.label(p) + "".join(str(e) for r in runs for e in r if e.tag in _RUN_TEXT)


def _shown_in(run: etree._Element, p: CT_P) -> bool:
    hidden = run.find(_VANISH)  # hidden text (Word shows it only with formatting marks on)
    if hidden is not None and hidden.get(qn("w:val"), "true") not in ("0", "false", "off"):
        return False
    for above in run.iterancestors():
        if above is p:
            return True
        if above.tag in _NOT_SHOWN or isinstance(above, CT_P):
            return False
    return False


def _cell_text(tc: CT_Tc, lists: Numbering) -> str:
    """A cell's paragraphs as lines."""
    return "\n".join(_paragraph(p, lists) for p in _content(tc, CT_P)).strip("\n")


def _table(grid: GridBuilder, tbl: CT_Tbl, lists: Numbering) -> None:
    """The table laid out as a page's table is (:func:`~govxl.reader.documents.html.lay_out`, its header
    corner made as wide as the labels of its figures): a cell continuing a vertical merge (``vMerge``
    without ``restart``) lengthens the cell above it, whose text the merge shows; the columns a row skips
    (``gridBefore``) are empty cells; one continuing a horizontal merge (the older ``hMerge``) widens the
    cell before it."""
    rows: list[list[Cell]] = []
    above: dict[int, tuple[int, Cell]] = {}  # grid column -> (first row, cell) last placed there
    for r, tr in enumerate(_content(tbl, CT_Row)):
        c = min(max(tr.grid_before, 0), MAX_COLUMNS)
        row = [Cell("", 1, 1) for _ in range(c)]
        for tc in _content(tr, CT_Tc):
            cols = min(max(tc.grid_span, 1), MAX_COLUMNS)
            first, top = above.get(c, (r, None))
            if tc.vMerge == "continue" and top is not None and top.cols == cols and first + top.rows == r:
                top.rows += 1
            elif _continues_across(tc) and row:
                row[-1].cols += cols
            else:
                above[c] = (r, Cell(_cell_text(tc, lists), 1, cols))
                row.append(above[c][1])
            c += cols
        rows.append(row)
    lay_out(grid, rows)


def _continues_across(tc: CT_Tc) -> bool:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:hMerge')}")
    return merge is not None and merge.get(qn("w:val"), "continue") != "restart"
