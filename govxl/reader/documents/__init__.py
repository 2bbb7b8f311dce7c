"""Published reports that are not workbooks — portal HTML pages, plain-text dumps — read as a one-sheet
:class:`~govxl.reader.book.Book` the label-based reader reads like any hand-made workbook.

Each format is a :class:`Loader`: ``detect`` looks at the file's first bytes, ``load`` turns its content into
the document's grid (a table's cells at their rows and columns, merged ranges from row/column spans,
paragraphs as one-cell rows between the tables). Adding a format is adding a loader to :data:`LOADERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from govxl.reader.book import Book
from govxl.reader.documents import html, text


@dataclass(frozen=True)
class Loader:
    format: str  # the Book's format: what the file is, never what its name says
    detect: Callable[[bytes], bool]  # the file's first bytes -> is it this format
    load: Callable[[bytes, str], Book]  # (content, path) -> its grid


LOADERS: tuple[Loader, ...] = (  # in order: the first whose detect answers yes loads the file
    Loader("html", html.detect, html.load),
    Loader("text", text.detect, text.load),
)


def detected(head: bytes) -> Loader | None:
    """The loader for a file starting with ``head``, or None when no loader knows it."""
    return next((loader for loader in LOADERS if loader.detect(head)), None)


def loader(fmt: str) -> Loader:
    return next(x for x in LOADERS if x.format == fmt)
