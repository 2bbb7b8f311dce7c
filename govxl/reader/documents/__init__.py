"""Published reports that are not workbooks — portal HTML pages, plain-text dumps — read as a one-sheet
:class:`~govxl.reader.book.Book` the label-based reader reads like any hand-made workbook.

Each format is a :class:`Loader`: ``detect`` looks at the file's first bytes, ``load`` turns its content into
the document's grid (a table's cells at their rows and columns, merged ranges from row/column spans,
paragraphs as one-cell rows between the tables). Adding a format is adding a loader to :data:`LOADERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Final

from govxl.errors import UnreadableFile
from govxl.reader.book import Book
from govxl.reader.documents import html, pdf, text

MAX_DOCUMENT_BYTES: Final = 10 * 1024 * 1024  # a report's page is ~0.1 MB; parsed, a page costs ~10-50x its size
MAX_PDF_BYTES: Final = 30 * 1024 * 1024  # embedded fonts and images make a report's PDF 0.2-10 MB; pages are capped


@dataclass(frozen=True)
class Loader:
    format: str  # the Book's format: what the file is, never what its name says
    detect: Callable[[bytes], bool]  # the file's first bytes -> is it this format
    load: Callable[[bytes, str], Book]  # (content, path) -> its grid
    max_bytes: int = MAX_DOCUMENT_BYTES  # a larger file of this format is refused unread


LOADERS: tuple[Loader, ...] = (  # in order: the first whose detect answers yes loads the file
    Loader("pdf", pdf.detect, pdf.load, MAX_PDF_BYTES),
    Loader("html", html.detect, html.load),
    Loader("text", text.detect, text.load),
)

WORD: Final = ("docx", "doc")  # zip and OLE containers told apart by safety.sniff; loaded by docx.py, office.py
FORMATS: Final = frozenset(loader.format for loader in LOADERS) | frozenset(WORD)


def detected(head: bytes) -> Loader | None:
    """The loader for a file starting with ``head``, or None when no loader knows it."""
    return next((loader for loader in LOADERS if loader.detect(head)), None)


def load_document(fmt: str, fh: BinaryIO, path: str) -> Book:
    """The document open as ``fh`` (of ``path``), of the format ``fmt`` its loader detected, within the cap."""
    loader = next(x for x in LOADERS if x.format == fmt)
    data = fh.read(loader.max_bytes + 1)
    if len(data) > loader.max_bytes:
        raise UnreadableFile(path, f"文件过大（超过 {loader.max_bytes // 2**20} MB），不像是一份年度报告。"
                                   "请检查是否发错了文件，或只保存报告正文后重新发送")
    return loader.load(data, path)
