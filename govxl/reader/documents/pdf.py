"""PDF reports with a text layer, as portals publish them (Word, WPS, LibreOffice or a browser's print).

Read page by page within caps by pdfminer (no network, no scripts), its tables found by pdfplumber's table
finder from the page's ruling lines: each cell at the row and column the lines give it, a merged cell as a
span. A table that runs on at the top of the next page continues it (its repeated header rows dropped, a label
or header cell cut by the page break made whole again, a row cut by it — open on both pages, or ruled on both
as LibreOffice prints it — joined to its rest, but never two rows that each hold figures). Tables printed
without ruling lines are laid out from where their words stand (:mod:`govxl.reader.documents.pdf_unruled`).
The other text is joined into paragraphs line by line: a paragraph begins where a line is indented, follows a
short line, or stands apart. The document's title (its metadata)
comes first, as a page's <title> does. Characters some producers write as Kangxi radicals or compatibility
ideographs (⼀ U+2F00 for 一) are read as the ideographs, a character drawn twice on itself (a faked bold) as
one; characters drawn turned (a watermark slanting across the page) are not the report's text. Other text is
kept as printed.

A PDF without text (a scan) or whose text cannot be decoded is refused, never read as an empty report.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Final, cast

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTCurve, LTImage, LTRect
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psexceptions import PSException
from pdfminer.psparser import LIT
from pdfminer.utils import decode_text
from pdfplumber.page import Page
from pdfplumber.table import TableFinder

from govxl.errors import UnreadableFile
from govxl.reader.book import Book
from govxl.reader.documents import pdf_unruled as unruled
from govxl.reader.documents.grid import GridBuilder, is_figure, label_columns

SHEET = "PDF"
MAX_PAGES: Final = 60  # a report prints on 4-20 pages
MAX_CHARS: Final = 300_000  # a report holds ~10 000 characters
MAX_PAGE_CONTENT: Final = 8 * 1024 * 1024  # a page's drawing instructions, inflated (a report's: ~100 KB)
EDGE: Final = 2.0  # points within which two ruling lines are one
TWIN: Final = 1.0  # points within which the same character drawn again is one character (pdfplumber's dedupe)
THICK: Final = 4.5  # points: the widest rule a table's border is drawn with (6 px); a highlight is a line high
COLUMN: Final = 4.0  # points within which the rules of a table's pieces on two pages are one column's (~1.5 mm)
_IDEOGRAPHS: Final = {cp: unicodedata.normalize("NFKC", chr(cp)) for r in  # Kangxi radicals, compatibility forms
                      (range(0x2E80, 0x2FE0), range(0xF900, 0xFB00), range(0x2F800, 0x2FA20))
                      for cp in r if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)} | str.maketrans(
    "⺁⺊⺌⺓⺝⺠⺧⺩⺫⺬⺶⺼⺽⻁⻄⻅⻆⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻱",  # radicals that are whole
    "厂卜小幺月民牛王目示羊肉臼虎西见角贝车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龜")  # characters, no NFKC form
_PAGE_NUMBER = re.compile(r"[-—–\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[/／]\s*\d{1,3}|\s*共\s*\d{1,3}\s*页)?[-—–\s]*")
_SENTENCE_END = "。；;：:！!？?"
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on odd fonts say nothing to a county clerk
_FORM: Final = LIT("Form")
_SCAN = ("这是扫描件（PDF 中只有图片，没有可以读取的文字），无法读出其中的数字。"
         "请让报送单位发送报告的 Word 或 Excel 原件（或由原件直接导出的 PDF），不要发送扫描件或照片")


def detect(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # the header may follow a few bytes of junk


def load(data: bytes, path: str) -> Book:
    grid = GridBuilder(path, SHEET)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        _check_pages(document, path)
        title = resolve1(next(iter(document.info), {}).get("Title"))
        if isinstance(title, bytes):  # the report's name, like a web page's <title>
            grid.paragraph(_normalised(decode_text(title)))
        _lay_out(grid, _blocks(islice(PDFPage.create_pages(document), MAX_PAGES), path))
    except PDFEncryptionError:
        raise UnreadableFile(path, "PDF 设置了打开密码（已加密），无法读取。请让报送单位取消密码后重新发送，或发送 Word、Excel 原件") from None
    except (PSException, PDFException, ValueError, KeyError, TypeError, AttributeError, IndexError, zlib.error):
        raise UnreadableFile(path, "PDF 文件已损坏或结构不完整，无法读取。请让报送单位重新导出 PDF，或发送 Word、Excel 原件") from None
    return Book(path, "pdf", [grid.sheet])


def _check_pages(document: PDFDocument, path: str) -> None:
    """Refuse a document of more pages than a report has (as its page tree says: before any is read)."""
    count = resolve1(resolve1(document.catalog.get("Pages")).get("Count"))
    if not isinstance(count, int) or count > MAX_PAGES:
        raise UnreadableFile(path, f"PDF 的页数异常（超过 {MAX_PAGES} 页），不像是一份年度报告，拒绝读取。请确认文件是否发错")


class _Drawing:
    """What a page draws, top down: its characters, the edges of its lines and rectangles (and the ruling lines
    they make, by orientation), its images."""

    def __init__(self, layout: LTContainer[LTComponent]) -> None:
        self.bbox = (0.0, 0.0, layout.width, layout.height)  # what pdfplumber's table finder reads, with edges
        self.height = layout.height
        self.chars: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.images = 0
        self._walk(layout)
        self.chars = _once(self.chars)
        self.rules = {orientation: _rules(self.edges, orientation) for orientation in ("h", "v")}

    def _walk(self, container: LTContainer[LTComponent]) -> None:
        for item in container:
            if isinstance(item, LTChar):
                if _turned(item):  # a watermark across the page, not the report's text
                    continue
                self.chars.append({"text": _normalised(item.get_text()), "x0": item.x0, "x1": item.x1,
                                   "top": self.height - item.y1, "bottom": self.height - item.y0, "size": item.size})
            elif isinstance(item, LTImage):
                self.images += 1
            elif isinstance(item, LTRect):
                (x0, y0), (x1, y1) = (item.x0, item.y0), (item.x1, item.y1)
                sides = [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
                self.edges += [] if _background(item) else [self._edge(*side) for side in sides]
            elif isinstance(item, LTCurve):
                self.edges += [self._edge(*a, *b) for a, b in zip(item.pts, item.pts[1:]) if a[0] == b[0] or a[1] == b[1]]
            if isinstance(item, LTContainer):
                self._walk(item)

    def _edge(self, xa: float, ya: float, xb: float, yb: float) -> dict[str, Any]:
        x0, x1, top, bottom = min(xa, xb), max(xa, xb), self.height - max(ya, yb), self.height - min(ya, yb)
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
                "orientation": "h" if top == bottom else "v", "object_type": "line"}


def _turned(char: LTChar) -> bool:
    """Whether the character is drawn turned (its baseline not horizontal): a watermark slanting across the
    page, printed over the tables and the text. A slanted (italic) character is not turned."""
    a, b, *_ = char.matrix
    return abs(b) > 0.01 * abs(a) or a <= 0


def _once(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each character once: a bold some producers make by drawing the text twice, a fraction of a point apart,
    leaves every character twice in the text layer (``6622`` for 62)."""
    kept: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for c in chars:
        text, top, x0 = c["text"], int(c["top"]), int(c["x0"])
        if not any(abs(o["top"] - c["top"]) < TWIN and abs(o["x0"] - c["x0"]) < TWIN
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1) for o in seen.get((text, top + dy, x0 + dx), ())):
            seen.setdefault((text, top, x0), []).append(c)
            kept.append(c)
    return kept


@dataclass
class _Line:
    """A line of text outside the tables."""
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    chars: list[dict[str, Any]] = field(default_factory=list, repr=False)  # for an unruled table's layout


@dataclass
class _Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""


@dataclass
class _Part:
    """A table's piece on one page: its cells, which the ruling lines bound."""
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    cells: list[_Cell]
    rows: list[float] = field(default_factory=list)  # the horizontal lines, top to bottom
    open_top: bool = False  # no rule above its first row (Chromium rules none atop a page's first row)
    open_bottom: bool = False  # no rule below its last row: with an open top, a row the page break cut


def _blocks(pages: Iterable[PDFPage], path: str) -> list[_Line | _Part]:
    """Every page's lines and table pieces, in reading order (top to bottom, page by page)."""
    blocks: list[_Line | _Part] = []
    bands: list[tuple[float, float]] = []  # where each page's top and bottom margins begin: running lines there
    chars = images = 0
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources)
    interpreter = PDFPageInterpreter(resources, device)
    for number, pdf_page in enumerate(pages, 1):
        _check_content(pdf_page, number, path)
        interpreter.process_page(pdf_page)
        page = _Drawing(device.get_result())
        chars += len(page.chars)
        images += page.images
        if chars > MAX_CHARS:
            raise UnreadableFile(path, f"PDF 中的文字过多（超过 {MAX_CHARS // 10000} 万个字符），不像是一份年度报告，拒绝读取。"
                                       "请确认文件是否发错")
        opened = _open_ends(page, "v")
        settings = {"explicit_horizontal_lines": opened + _open_tops(page),
                    "explicit_vertical_lines": _open_ends(page, "h")}
        parts = [_part(number, cells, opened) for cells in _tables(page, settings)]
        free = [c for c in page.chars if not any(_inside(c, p) for p in parts)]
        for part in parts:
            _fill(part, [c for c in page.chars if _inside(c, part)])
        blocks += sorted([*_lines(number, free), *parts], key=lambda b: b.top)
        bands.append((page.height * 0.1, page.height * 0.9))
    _check_text(blocks, chars, images, path)
    return _unframed(blocks, bands)


def _tables(page: _Drawing, settings: dict[str, Any]) -> list[list[tuple[float, float, float, float]]]:
    """The cells of each table the ruling lines draw, a lone ruled cell too (pdfplumber's tables leave it out:
    a table's first row alone at the foot of a page before the rest, a boxed note)."""
    finder = TableFinder(cast(Page, page), settings)  # the finder reads a page's edges and bbox only
    tables = [table.cells for table in finder.tables]
    held = {cell for cells in tables for cell in cells}
    return tables + [[cell] for cell in finder.cells if cell not in held]


def _check_content(page: PDFPage, number: int, path: str) -> None:
    """Refuse a page whose drawing instructions inflate beyond :data:`MAX_PAGE_CONTENT` (before pdfminer,
    which inflates them whole, reads them): its contents and the forms its resources hold."""
    budget = MAX_PAGE_CONTENT
    for stream in _drawing_streams(page):
        budget -= _inflated(stream, budget + 1)
        if budget < 0:
            raise UnreadableFile(path, f"PDF 第{number}页的内容异常庞大（超过 {MAX_PAGE_CONTENT // 2**20} MB），"
                                       "不像是一份年度报告，拒绝读取。请让报送单位重新导出 PDF")


def _drawing_streams(page: PDFPage) -> Iterator[PDFStream]:
    """The page's contents, and the forms (not images) its resources hold."""
    contents = resolve1(page.attrs.get("Contents"))
    resources = resolve1(page.resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    forms = list(xobjects.values()) if isinstance(xobjects, dict) else []
    for item in [*(contents if isinstance(contents, list) else [contents]), *forms]:
        if isinstance(stream := resolve1(item), PDFStream) and resolve1(stream.get("Subtype")) in (None, _FORM):
            yield stream


def _inflated(stream: PDFStream, limit: int) -> int:
    """The size of ``stream`` inflated, up to ``limit`` (a Flate stream pdfminer would inflate whole)."""
    filters = [f for f, _ in stream.get_filters()]
    if stream.rawdata is None or len(filters) != 1 or filters[0] not in LITERALS_FLATE_DECODE:
        return len(stream.rawdata if stream.rawdata is not None else stream.data or b"")
    try:
        return len(zlib.decompressobj().decompress(stream.rawdata, limit))
    except zlib.error:
        return 0  # damaged: pdfminer's reading decides


def _check_text(blocks: list[_Line | _Part], chars: int, images: int, path: str) -> None:
    """Refuse a PDF with no text (a scan), or whose text is only glyph numbers (fonts without a text mapping)."""
    if chars == 0:
        raise UnreadableFile(path, _SCAN if images else "PDF 中没有任何文字，无法读取。请让报送单位发送报告的 Word 或 Excel 原件")
    text = "".join(b.text if isinstance(b, _Line) else "".join(c.text for c in b.cells) for b in blocks)
    if text.count("(cid:") * 6 > len(text) / 2:
        raise UnreadableFile(path, "PDF 中的文字无法解码（字体没有文字编码，复制出来是乱码），无法读取。"
                                   "请让报送单位发送报告的 Word 或 Excel 原件")


def _background(rect: LTRect) -> bool:
    """A filled rectangle drawn without a border that is no line (a thick border is a dark rule up to
    :data:`THICK` wide): a highlight behind text, a white patch, not a rule."""
    return bool(rect.fill) and not rect.stroke and (min(rect.width, rect.height) > THICK or _pale(rect.non_stroking_color))


def _pale(color: object) -> bool:
    """Whether a fill colour (grey, RGB or CMYK components, 0-1) is near white."""
    parts = color if isinstance(color, (tuple, list)) else (color,)
    if not parts or not all(isinstance(x, (int, float)) for x in parts):
        return False
    return all(x <= 0.2 for x in parts) if len(parts) == 4 else all(x >= 0.8 for x in parts)


def _normalised(text: str) -> str:
    return text.translate(_IDEOGRAPHS)


def _inside(char: dict[str, Any], part: _Part) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return part.x0 <= x <= part.x1 and part.top <= y <= part.bottom


def _open_ends(page: _Drawing, orientation: str) -> list[dict[str, Any]]:
    """Lines closing the cells whose border is not drawn, for the table finder, which finds only cells closed
    on four sides. For ``orientation`` 'v': where vertical rules end at one height, each stretch between two of
    them that no rule crosses (the foot of a row, or of a label spanning rows, that the page break cut open).
    For 'h': where horizontal rules end at one place and no rule crosses the whole stretch they span (a table
    drawn without its outer left or right border)."""
    start, end, low, high = ("top", "bottom", "x0", "x1") if orientation == "v" else ("x0", "x1", "top", "bottom")
    rules, across = page.rules[orientation], page.rules["h" if orientation == "v" else "v"]
    points = _edges(v for _, a, b in rules for v in (a, b))
    ends: dict[float, list[float]] = {}  # where rules end -> where those rules stand
    for at, a, b in rules:
        for v in (a, b):
            ends.setdefault(points[_index(points, v)], []).append(at)
    lines = []
    for at, where in ends.items():
        stops = _edges(where) if orientation == "v" else [min(where), max(where)]
        for a, b in zip(stops, stops[1:]):  # closed unless a rule runs across (most of) it
            ruled = sum(min(y, b) - max(x, a) for p, x, y in across if abs(p - at) <= EDGE and y > a and x < b)
            if ruled < (b - a) / 2:
                length = {"width": b - a, "height": 0} if orientation == "v" else {"width": 0, "height": b - a}
                lines.append({"object_type": "line", low: a, high: b, start: at, end: at, **length})
    return lines


def _open_tops(page: _Drawing) -> list[dict[str, Any]]:
    """Lines closing the top of a cell nothing was drawn above (a header row a column short, so the first row's
    last cell has no top border): from where the horizontal rule at the top of a vertical rule stops short of
    it, to it."""
    across = page.rules["h"]
    lines = []
    for x, top, _ in page.rules["v"]:
        # the rules at its top ending short of it (not the short sides of the thin rectangles rules are drawn as)
        ends = [b for y, a, b in across if abs(y - top) <= EDGE and b < x - EDGE and b - a > COLUMN]
        if ends and not any(abs(y - top) <= EDGE and a <= max(ends) + EDGE and b >= x - EDGE for y, a, b in across):
            lines.append({"object_type": "line", "x0": max(ends), "x1": x, "top": top, "bottom": top,
                          "width": x - max(ends), "height": 0})
    return lines


def _rules(edges: list[dict[str, Any]], orientation: str) -> list[tuple[float, float, float]]:
    """The ruling lines of ``orientation`` as (where it stands, from, to): the pieces a producer draws a rule
    in (a cell's border at a time, a thin rectangle's two sides) joined."""
    start, end, low = ("top", "bottom", "x0") if orientation == "v" else ("x0", "x1", "top")
    pieces = [(e[low], e[start], e[end]) for e in edges if e["orientation"] == orientation]
    places = _edges(at for at, _, _ in pieces)
    spans: dict[float, list[tuple[float, float]]] = {}
    for at, a, b in pieces:
        spans.setdefault(places[_index(places, at)], []).append((a, b))
    rules = []
    for at, found in spans.items():
        found.sort()
        a, b = found[0]
        for x, y in found[1:]:
            if x > b + EDGE:
                rules.append((at, a, b))
                a = x
            b = max(b, y)
        rules.append((at, a, b))
    return rules


def _part(page: int, boxes: list[tuple[float, float, float, float]], opened: list[dict[str, Any]]) -> _Part:
    """A table's piece from its cells' boxes; open at its top or foot where a line closing a cut row (across
    nearly all its width, not the columns of labels spanning rows only) stands there."""
    cells = [_Cell(*box) for box in boxes]
    top, bottom, x0, x1 = min(c.top for c in cells), max(c.bottom for c in cells), min(c.x0 for c in cells), max(
        c.x1 for c in cells)

    def open_at(y: float) -> bool:
        closing = sum(min(line["x1"], x1) - max(line["x0"], x0) for line in opened if abs(line["top"] - y) <= EDGE)
        return closing > 0.9 * (x1 - x0)

    return _Part(page, top, bottom, x0, x1, cells, _edges([y for c in cells for y in (c.top, c.bottom)]),
                 open_at(top), open_at(bottom))


def _fill(part: _Part, chars: list[dict[str, Any]]) -> None:
    """Each cell's text: the characters whose centre it holds, line by line."""
    held: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        at = next((n for n, c in enumerate(part.cells) if c.x0 <= x <= c.x1 and c.top <= y <= c.bottom), None)
        if at is not None:
            held.setdefault(at, []).append(char)
    for at, inside in held.items():
        part.cells[at].text = _joined(line.text for line in _lines(part.page, inside))


def _edges(values: Iterable[float], within: float = EDGE) -> list[float]:
    """Positions of ruling lines: values within ``within`` of each other are one line."""
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > within:
            edges.append(v)
    return edges


def _index(edges: list[float], v: float) -> int:
    """The ruling line at ``v``: the nearest of ``edges``."""
    i = bisect_left(edges, v)
    return min((j for j in (i - 1, i) if 0 <= j < len(edges)), key=lambda j: abs(edges[j] - v))


def _lines(page: int, chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into lines (a character belongs to the line its middle falls in), left to right; a
    space where the PDF has one or leaves a gap of half a character."""
    groups: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if groups and groups[-1][0]["top"] <= middle <= groups[-1][0]["bottom"]:
            groups[-1].append(char)
        else:
            groups.append([char])
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        text, end = "", group[0]["x0"]
        for char in group:
            if char["x0"] - end > char["size"] / 2:
                text += " "
            text += char["text"]
            end = char["x1"]
        text = " ".join(text.split())
        if text:
            lines.append(_Line(page, min(c["top"] for c in group), max(c["bottom"] for c in group), group[0]["x0"],
                               group[-1]["x1"], Counter(round(c["size"], 1) for c in group).most_common(1)[0][0], text,
                               group))
    return lines


def _unframed(blocks: list[_Line | _Part], bands: list[tuple[float, float]]) -> list[_Line | _Part]:
    """``blocks`` without the running headers and footers: lines in a page's top or bottom margin that are a
    page number (`- 3 -`, `第3页共5页`, `3/10`) or recur on other pages but for their digits."""
    def framing(block: _Line | _Part) -> str | None:
        top, bottom = bands[block.page - 1]
        outside = isinstance(block, _Line) and (block.bottom < top or block.top > bottom)
        return re.sub(r"\d+", "0", block.text) if outside and isinstance(block, _Line) else None

    pages = Counter(text for _, text in {(b.page, framing(b)) for b in blocks} if text)
    return [b for b in blocks if not ((text := framing(b)) and (pages[text] > 1 or _PAGE_NUMBER.fullmatch(text)))]


def _joined(lines: Iterable[str]) -> str:
    """Lines of one paragraph or cell as one text: Chinese runs on across a line break, words get a space (so
    do figures: `10` over `8` may be one figure wrapped or two rows whose rule is missing, and is no figure)."""
    text = ""
    for line in lines:
        if text and not (_CJK.match(line[0]) or _CJK.match(text[-1])):
            text += " "
        text += line
    return text


def _lay_out(grid: GridBuilder, blocks: list[_Line | _Part]) -> None:
    """The blocks into the grid: runs of lines as paragraphs and unruled tables, runs of table pieces as tables
    (the text's margins from all lines outside ruled tables: an unruled table's span the text's width too)."""
    margins = _margins([b for b in blocks if isinstance(b, _Line)])
    run: list[_Line] = []
    table: list[_Part] = []
    for block in [*blocks, None]:
        if isinstance(block, _Part) and table and _continues(table[-1], block):
            table.append(block)
            continue
        if table:
            _table(grid, table)
            table = []
        if isinstance(block, _Line):
            run.append(block)
            continue
        for piece in unruled.split(run):
            if isinstance(piece, unruled.Table):
                _placed(grid, piece.cells, piece.height)
                continue
            for page, text in _paragraphs(piece, margins):
                grid.page = page
                grid.paragraph(text)
        run = []
        if block is not None:
            table = [block]


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The text's left and right edges: where most lines begin, and where the longer lines end."""
    if not lines:
        return 0.0, 0.0
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    ends = sorted(line.x1 for line in lines)
    return left, ends[int(len(ends) * 0.9)]


def _paragraphs(lines: list[_Line], margins: tuple[float, float]) -> Iterator[tuple[int, str]]:
    """(page where it begins, text) of each paragraph of ``lines``: a paragraph begins with an indented line, after
    a short one or one ending a sentence short of the margin, apart from the line before, in another type size,
    or numbered after a sentence's end."""
    left, right = margins
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page]
    spacing = sorted(gaps)[len(gaps) // 2] if gaps else 0.0  # between the lines of a paragraph
    paragraph: list[_Line] = []
    for line in lines:
        if paragraph:
            last = paragraph[-1]
            apart = line.page == last.page and line.top - last.bottom > spacing + line.size / 2
            numbered = last.text[-1] in _SENTENCE_END and unruled.NUMBERED.match(line.text)
            ended = last.text[-1] in _SENTENCE_END and last.x1 < right - 2 * line.size  # well short of the margin
            if (line.x0 > left + line.size * 0.8 or last.x1 < right - 3 * line.size or ended or apart or numbered
                    or abs(line.size - last.size) > line.size / 5):
                yield paragraph[0].page, _joined(x.text for x in paragraph)
                paragraph = []
        paragraph.append(line)
    if paragraph:
        yield paragraph[0].page, _joined(x.text for x in paragraph)


def _continues(last: _Part, part: _Part) -> bool:
    """Whether ``part``, the block after ``last``, continues its table: on the next page, as wide, where it was."""
    return part.page == last.page + 1 and abs(part.x0 - last.x0) <= EDGE and abs(part.x1 - last.x1) <= EDGE


_Placed = tuple[int, int, int, int, str]  # a cell: (row, col, rows, cols, text)


def _table(grid: GridBuilder, parts: list[_Part]) -> None:
    """A table's pieces, page by page, as one table: columns from the ruling lines of all of them."""
    columns = _edges([x for p in parts for c in p.cells for x in (c.x0, c.x1)], COLUMN)
    placed: list[tuple[int, _Placed]] = []  # (page, cell) with the cell's row in the whole table
    height = 0
    previous = parts[0]
    for part in parts:
        cells = [(_index(part.rows, c.top), _index(columns, c.x0), _index(part.rows, c.bottom) - _index(part.rows, c.top),
                  _index(columns, c.x1) - _index(columns, c.x0), c.text) for c in part.cells]
        rows = len(part.rows) - 1
        if placed:
            table = [cell for _, cell in placed]
            repeated = _repeated(table, cells)
            cells = [(r - repeated, c, rs, cs, t) for r, c, rs, cs, t in cells if r >= repeated]
            split = (part.open_top and previous.open_bottom or _runs_on(table, height, cells)) and not _both_figured(
                table, height, cells)  # the break cut a row
            cells = _rejoined(placed, height, cells, split)
            rows -= repeated
            height -= split  # the piece's first row is the table's last
        placed += [(part.page, (height + r, c, rs, cs, t)) for r, c, rs, cs, t in cells]
        height += rows
        previous = part
    _placed(grid, _cornered([(page, *cell) for page, cell in placed]), height)


def _cornered(cells: list[unruled.Placed]) -> list[unruled.Placed]:
    """The table's cells with a header's corner cell made as wide as the label columns of the rows of figures
    below it, the header cells beside it moved with its edge (as :func:`~govxl.reader.documents.html.lay_out`
    mends a page's table before printing, where a printed page shows its headers over the wrong figures)."""
    firsts: dict[int, int] = {}  # row -> its first figure's column
    for _, r, c, _, _, text in cells:
        if is_figure(text):
            firsts[r] = min(c, firsts.get(r, c))
    labels = label_columns(firsts.values())

    def is_corner(r: int, c: int, rows: int) -> bool:  # over header rows, beside headers, over rows with labels
        return c == 0 and rows > 1 and r not in firsts and firsts.get(min((f for f in firsts if f > r), default=-1)) == labels

    corner = next((cell for cell in cells if is_corner(*cell[1:4])), None)
    if corner is None or not labels or corner[4] == labels:
        return cells
    _, top, _, rows, cols, _ = corner
    return [(page, r, c + labels - cols if top <= r < top + rows and c >= cols else c, rs,
             labels if cell is corner else cs, text) for cell in cells for page, r, c, rs, cs, text in [cell]]


def _placed(grid: GridBuilder, cells: Iterable[unruled.Placed], height: int) -> None:
    """A table's cells (page, row, col, rows, cols, text) into the grid."""
    for page, r, c, rows, cols, text in cells:
        grid.page = page
        grid.cell(r, c, text, max(rows, 1), max(cols, 1))
    grid.end_table(height)


def _runs_on(table: list[_Placed], height: int, piece: list[_Placed]) -> bool:
    """Whether the piece's first row is the rest of the table's last one, which the page break cut though both
    pages rule it (as LibreOffice prints a cut row): it holds words and no figure, each under a label of that
    row, and that row holds figures."""
    first = [(c, cols, text) for r, c, _, cols, text in piece if r == 0 and text]
    last = [(c, cols, text) for r, c, rows, cols, text in table if r + rows == height]
    labels = {(c, cols) for c, cols, text in last if not is_figure(text)}
    return (bool(first) and all((c, cols) in labels and not is_figure(text) for c, cols, text in first)
            and any(is_figure(text) for r, _, _, _, text in table if r == height - 1))


def _both_figured(table: list[_Placed], height: int, piece: list[_Placed]) -> bool:
    """Whether the table's last row and the piece's first both hold a figure in one column: two rows, whatever
    the rules say (Chromium draws no rule atop a page's first row; a cut row's figures stand on one page)."""
    last = {c for r, c, _, _, text in table if r == height - 1 and is_figure(text)}
    return any(c in last for r, c, _, _, text in piece if r == 0 and is_figure(text))


def _repeated(table: list[_Placed], piece: list[_Placed]) -> int:
    """How many header rows a continuing piece repeats: its first rows as the table's first, cell for cell."""
    def row(cells: list[_Placed], r: int) -> list[tuple[int, int, int, str]]:
        return sorted((c, rows, cols, text) for rr, c, rows, cols, text in cells if rr == r)

    n = 0
    while row(piece, n) and row(piece, n) == row(table, n):
        n += 1
    return n


def _rejoined(placed: list[tuple[int, _Placed]], height: int, cells: list[_Placed], split: bool) -> list[_Placed]:
    """Cells the page break cut in two made one again. Where it cut a row (``split``), each cell opening the
    piece continues the cell above it in the same columns: its text runs on, its rows lengthen the cell.
    Else a label or header cell spanning rows that the break cut: in a column of labels (left of every figure)
    or where the piece opens with a header row (no figure), a cell opening the piece and the one ending the
    page before in the same columns, one of them empty (the text is on the other page)."""
    figures = [c for _, (_, c, _, _, text) in placed if is_figure(text)] + [c for _, c, _, _, text in cells if is_figure(text)]
    labels = min(figures, default=0)  # the columns left of the figures (of either page: a header may end a page)
    header = not any(is_figure(text) for r, _, _, _, text in cells if r == 0)
    kept = []
    for r, c, rows, cols, text in cells:
        above = next((n for n, (_, (pr, pc, prows, pcols, label)) in enumerate(placed)
                      if pr + prows == height and (pc, pcols) == (c, cols) and (
                          split or (header or c + cols <= labels) and bool(label) != bool(text))), None) if r == 0 else None
        if above is None:
            kept.append((r, c, rows, cols, text))
        else:
            page, (pr, pc, prows, pcols, label) = placed[above]
            placed[above] = page, (pr, pc, prows + rows - split, pcols, _joined(t for t in (label, text) if t))
    return kept
