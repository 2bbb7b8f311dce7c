"""``load_book(path)``: any workbook file to a :class:`~govxl.reader.book.Book`, safely."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from govxl.errors import UnreadableFile
from govxl.reader.book import Book
from govxl.reader.documents import docx, load_document, office
from govxl.reader.legacy import load_calamine
from govxl.reader.safety import Package, open_regular, sniff
from govxl.reader.xlsx import Workbook

DAMAGED = "文件已损坏（内部结构不符合 Excel 格式），无法读取。请让报送单位用 Excel 重新保存后发送"


@contextmanager
def opened(path: str | os.PathLike[str]) -> Iterator[Workbook | Book]:
    """An .xlsx/.xlsm file as a lazy :class:`Workbook`; .xls/.ods and published documents (HTML pages, text
    dumps, Word .docx/.doc) as a whole :class:`Book` — by the file's content, whatever its name says.

    Malformed content inside the package surfaces as :class:`UnreadableFile`, never as a stray error.
    """
    path = os.fspath(path)
    with open_regular(path) as fh:  # opened once: what is sniffed is what is read
        container = sniff(fh, path)
        if container == "xls":
            yield load_calamine(fh, path, "xls")
            return
        if container == "doc":
            yield office.load_doc(fh, path)
            return
        if container != "zip":  # a published document
            yield load_document(container, fh, path)
            return
        with Package(path, fh) as package:
            fmt = package.kind()
            if fmt == "ods":
                yield load_calamine(fh, path, "ods")
                return
            if fmt == "docx":
                yield docx.load(package, path)
                return
            try:
                workbook = Workbook(path, package, fmt)
            except (ValueError, KeyError, IndexError, TypeError, AttributeError, etree.LxmlError) as exc:
                raise UnreadableFile(path, DAMAGED) from exc
            yield workbook


def load_book(path: str | os.PathLike[str]) -> Book:
    """Every sheet of the workbook at ``path`` (.xlsx, .xlsm, .xls, .ods); raise UnreadableFile if unreadable."""
    with opened(path) as source:
        if isinstance(source, Book):
            return source
        try:
            return source.book()
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, etree.LxmlError) as exc:
            raise UnreadableFile(source.path, DAMAGED) from exc
