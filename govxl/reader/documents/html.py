"""Web pages as portals serve a report: the page's title, then its paragraphs and tables in order, spans
expanded into a grid; the label reader finds the report's article among the portal's menus and footer.

Parsed by lxml's HTML parser with no network and no entities; scripts, styles and comments (Word's
conditional ones included) are dropped, and a page declaring entities is refused. The encoding comes from
a byte-order mark, else the page's meta tag (gb2312 and gbk read as their superset GB18030), else UTF-8.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from lxml import etree

from govxl.errors import UnreadableFile
from govxl.reader.book import Book
from govxl.reader.documents.encoding import decode
from govxl.reader.documents.grid import GridBuilder, check_spans, is_figure, label_columns

SHEET = "网页"
MAX_SPAN: Final = 1000  # a rowspan/colspan beyond this is noise, not a report's table
_MARKS = ("<html", "<!doctype html", "<table", "<meta", "<body")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"}
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s-\s|—{2}|-{2})\s*")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")  # an XHTML page's; lxml refuses it in decoded text
_ENTITY = re.compile(rb"<!ENTITY", re.I)
_DROPPED = ("script", "style", "noscript", "template", "object", "embed", "iframe", "head")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr")
_WRAP = "\ue000"  # a private-use character standing for a line break of the page's source
_LINE = "\ue001"  # and one for a line the page shows (a <br>, a block's edge)
_MARK = "govxl-line"  # the element holding it
_EDGES = f"{_LINE} \t\r\n\xa0\u3000"  # what a text's edges lose (a cell's own <p> is not a line of its own)
_DIGITS = re.compile(r"\s*(\d+)")
_SOURCE_BREAK = re.compile(r"\s*\n\s*")
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"  # CJK characters and punctuation, full-width forms
_WRAP_BESIDE_WIDE = re.compile(f"(?<=[{_WIDE}]){_WRAP}+|{_WRAP}+(?=[{_WIDE}])")
_PARSER: Final = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
                                      default_doctype=False)


def detect(head: bytes) -> bool:
    content = decode(head, partial=True)
    text = content.lstrip("\ufeff \t\r\n").lower() if content is not None else ""
    if text.startswith("<?xml"):  # XHTML, not other XML (Excel's XML Spreadsheet 2003 has <Table> too)
        return "<html" in text
    return text.startswith("<") and any(mark in text for mark in _MARKS)


def load(data: bytes, path: str) -> Book:
    if _ENTITY.search(data):
        raise UnreadableFile(path, "网页中含有实体声明（<!ENTITY>），正常的网页不会有这种内容，为安全起见拒绝读取")
    page = _decoded(data)
    root = _parsed(page, path)
    grid = GridBuilder(path, SHEET)
    title = root.find(".//title")
    if title is not None:  # the report's name, where a portal states unit and year, before "_the portal's name"
        grid.paragraph(_SITE_SUFFIX.split(_text(title), 1)[0])
    try:
        body = _marked(root, as_elements=False)
    except ValueError:  # a control character (a hostile page's), which lxml refuses to assign: the page again,
        body = _marked(_parsed(page, path), as_elements=True)  # with marks of their own
    _walk(grid, body)
    return Book(path, "html", [grid.sheet])


def _parsed(page: str, path: str) -> etree._Element:
    try:
        root = etree.fromstring(page, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:  # nothing a parser makes a page of
        raise UnreadableFile(path, "网页内容无法解析（可能已损坏或不完整）。请重新下载该网页，或另存为 .xlsx 后发送")
    return root


def _decoded(data: bytes) -> str:
    return _XML_DECLARATION.sub("", _by_charset(data), 1)


def _by_charset(data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return data.decode("gb18030" if name in _GB else name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: the bytes decide
    return decode(data) or data.decode("utf-8", errors="replace")


def _walk(grid: GridBuilder, el: etree._Element) -> None:
    """Paragraphs and tables of ``el`` in document order; text outside any table as one-cell rows. A table
    holding tables in its cells lays out a page (older portals put the article in a cell of one): its
    cells are walked like blocks."""
    _paragraphs(grid, _inline(el.text))
    for child in el:
        if child.tag == "table" and child.find(".//table") is None:
            _table(grid, child)
        elif next(child.iter("table"), None) is not None:
            _walk(grid, child)
        else:
            _paragraphs(grid, _text(child))
        _paragraphs(grid, _inline(child.tail))


def _paragraphs(grid: GridBuilder, text: str) -> None:
    """Each line a paragraph: a block's lines split by <br> are paragraphs as its <p>s would be."""
    for line in text.split("\n"):
        grid.paragraph(line)


@dataclass
class Cell:
    text: str
    rows: int
    cols: int


def _table(grid: GridBuilder, table: etree._Element) -> None:
    lay_out(grid, [[Cell(_text(td), _span(td, "rowspan"), _span(td, "colspan")) for td in tr]
                   for tr in _rows(table)])


def lay_out(grid: GridBuilder, rows: list[list[Cell]]) -> None:
    """A table's rows (each its cells in order, spanning rows below and columns beside) placed as a browser
    lays them out, except where an editor got a span wrong: a cell whose rowspan ends a row too early or runs
    a row too far, where that row's cells then reach short of or past the table's width (:func:`_mended`), and
    a header's corner cell wider or narrower than the label columns of the rows of figures, which is made as
    wide as they are, so its headers stand over their figures (editors' tables often get the corner's colspan
    wrong, and keep it when a page is saved as Word)."""
    check_spans(grid.path, grid.spanned + sum(cell.rows * cell.cols for row in rows for cell in row))
    starts = _mended(rows, *_placed(rows))
    firsts = [next((c for cell, c in zip(row, at) if is_figure(cell.text)), None) for row, at in zip(rows, starts)]
    labels = label_columns(firsts)
    corners = [row[0] for r, (row, at) in enumerate(zip(rows, starts))  # beside headers, over the header rows
               # of rows of figures with labels (not a caption, not 表四's first header joined to 表三's table)
               if len(row) > 1 and at[0] == 0 and row[0].rows > 1 and firsts[r] is None
               and next((c for c in firsts[r + 1:] if c is not None), None) == labels]
    if labels and any(cell.cols != labels for cell in corners):
        for cell in corners:
            cell.cols = labels
        starts, _ = _placed(rows)
    for r, (row, at) in enumerate(zip(rows, starts)):
        for cell, c in zip(row, at):
            grid.cell(r, c, cell.text, cell.rows, cell.cols)
    grid.end_table(max((r + cell.rows for r, row in enumerate(rows) for cell in row), default=0))


def _placed(rows: list[list[Cell]]) -> tuple[list[list[int]], list[set[int]]]:
    """Each cell's first column (the first its row has free, a spanning cell occupying the rows below and
    the columns beside it), and the columns each row has occupied."""
    taken: list[set[int]] = [set() for _ in rows]
    starts = []
    for r, row in enumerate(rows):
        c, at = 0, []
        for cell in row:
            while c in taken[r]:
                c += 1
            at.append(c)
            for below in taken[r:r + cell.rows]:
                below.update(range(c, c + cell.cols))
            c += cell.cols
        starts.append(at)
    return starts, taken


def _mended(rows: list[list[Cell]], starts: list[list[int]], taken: list[set[int]]) -> list[list[int]]:
    """The cells' first columns once each row fills the table's width (the columns most rows of figures
    fill) where making one span above it a row longer (it ends just above the row's first cell) or shorter
    (it runs on beside the row) makes it do so: a rowspan an editor miscounted (a label over 22 rows given 21,
    or 40), or an empty <tr> counted among its rows."""
    ends = Counter(max(taken[r]) + 1 for r, row in enumerate(rows) if any(is_figure(cell.text) for cell in row))
    if not ends:
        return starts
    full = set(range(ends.most_common(1)[0][0]))
    for r, row in enumerate(rows):
        if row and taken[r] != full and (found := _mending(rows, starts, r, full)):
            starts, taken = found
    return starts


def _mending(rows: list[list[Cell]], starts: list[list[int]], r: int,
             full: set[int]) -> tuple[list[list[int]], list[set[int]]] | None:
    """The layout once one span above row ``r`` is mended so that the row fills ``full``; None if none does."""
    first = starts[r][0]
    for i, (above, at) in enumerate(zip(rows[:r], starts)):
        for cell, c in zip(above, at):
            if i + cell.rows == r and c == first:
                mended_rows = cell.rows + 1
            elif i + cell.rows > r and c + cell.cols <= first:
                mended_rows = r - i
            else:
                continue
            was, cell.rows = cell.rows, mended_rows
            placed = _placed(rows)
            if placed[1][r] == full:
                return placed
            cell.rows = was
    return None


def _rows(table: etree._Element) -> Iterator[list[etree._Element]]:
    """The table's own rows (not those of a table inside a cell), each as its cells."""
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table")) is table:
            yield [cell for cell in tr if cell.tag in ("td", "th")]


def _span(cell: etree._Element, name: str) -> int:
    given = cell.get(name)
    digits = _DIGITS.match(given) if given else None
    return min(max(int(digits.group(1)), 1), MAX_SPAN) if digits else 1


def _marked(root: etree._Element, as_elements: bool) -> etree._Element:
    """The page's body, without what a person does not see, each line a person sees (a <br>, a block's
    edges) marked once in its text, so that an element's text is taken out whole by libxml2 rather than
    node by node; or marked by elements of their own, where the page's text cannot be assigned again."""
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    for node in list(root.iter("br", *_BLOCKS)):
        if as_elements:
            node.addprevious(_line(node))
            node.append(_line(node))
        else:
            node.text = _LINE + (node.text or "")
            node.tail = _LINE + (node.tail or "")
    body = root.find("body")
    return root if body is None else body


def _line(node: etree._Element) -> etree._Element:
    mark = node.makeelement(_MARK, {})
    mark.text = _LINE
    return mark


def _text(el: etree._Element) -> str:
    """The text a person reads in ``el``: a line per <br> or block (a <p> in a cell), spacing collapsed."""
    return _inline(etree.tostring(el, method="text", encoding=str, with_tail=False).strip(_EDGES))


def _inline(text: str | None) -> str:
    """Text as a person reads it: the lines marked in it, the source's own line breaks as spacing."""
    text = text or ""
    if "\n" in text:  # across elements as a browser sees them
        text = _joined(_source(text))
    return _clean(text.replace(_LINE, "\n"))


def _source(text: str) -> str:
    """A text with its line breaks in the page's source marked: they are spacing, not lines (Word wraps its
    HTML at 76 characters, in the middle of a paragraph)."""
    return _SOURCE_BREAK.sub(_WRAP, text)


def _joined(text: str) -> str:
    """Source line breaks as spacing: nothing beside a CJK character (Chinese has no spaces: `2025年`),
    else a space between words."""
    return _WRAP_BESIDE_WIDE.sub("", text).replace(_WRAP, " ")


def _clean(text: str) -> str:
    """Each line's spacing (no-break and ideographic spaces too) collapsed to one space; no blank lines."""
    if "\n" not in text:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
