"""Reading reports from workbook files: ``read``, ``read_all``, ``read_each`` and the low-level ``load_book``.

A workbook made from the govxl template is read by its defined names (:mod:`govxl.reader.template`);
any other workbook by locating the official labels (:mod:`govxl.reader.layout`), and so is a published
document (a portal's HTML page, a text dump: :mod:`govxl.reader.documents`) once laid out as a grid. Input files are never
modified; every problem with a file is an :class:`~govxl.errors.UnreadableFile` with a Chinese reason.
"""

from __future__ import annotations

import os

from govxl.errors import UnreadableFile
from govxl.reader.book import Book
from govxl.reader.load import DAMAGED, load_book, opened
from govxl.reader.parallel import read_each
from govxl.reader.template import form_copies, is_template, needed_cells, read_form_copies, read_template
from govxl.report import Report
from govxl.schema import Edition
from govxl.template.names import KIND_ANNOTATED, PROP_KIND

PathLike = str | os.PathLike[str]


def read_all(path: PathLike, *, edition: Edition | str | None = None) -> list[Report]:
    """Every report in the workbook at ``path`` (one per unit sheet for a county's own workbook).

    Never empty: a workbook holding no report raises :class:`UnreadableFile`.
    """
    with opened(path) as source:
        if isinstance(source, Book):
            return _by_layout(source, edition)
        template = is_template(source.names, source.properties, source.sheet_names)
        try:  # malformed content surfaces while parsing the sheets
            book = source.book(needed_cells(source.names), merged=False) if template else source.book()
            copies = source.book(dict.fromkeys(form_copies(source.names, source.properties, source.sheet_names)
                                               if template else ()))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as exc:
            raise UnreadableFile(source.path, DAMAGED) from exc
    if template:
        report = read_template(book, edition=edition)
        return [report, *read_form_copies(report, copies)]
    try:
        return _by_layout(book, edition)
    except UnreadableFile as exc:
        if book.properties.get(PROP_KIND) == KIND_ANNOTATED:  # the annotated copy of a file that held no report
            raise UnreadableFile(exc.path, "这是 govxl 生成的批注副本，其原文件无法读取，副本中只有校验结果",
                                 origin=KIND_ANNOTATED) from None
        raise


def read(path: PathLike, *, edition: Edition | str | None = None) -> Report:
    """The one report in the workbook at ``path``; a workbook holding several raises (use ``read_all``)."""
    reports = read_all(path, edition=edition)
    if len(reports) != 1:
        raise UnreadableFile(os.fspath(path), f"工作簿中有 {len(reports)} 份报告（每个单位一张工作表），"
                             "请用 govxl.read_all 逐份读取，或拆分为每个单位一个文件")
    return reports[0]


def _by_layout(book: Book, edition: Edition | str | None) -> list[Report]:
    from govxl.editions import get_edition
    from govxl.reader.layout import read_layout

    return read_layout(book, edition=get_edition(edition) if edition is not None else None)


__all__ = ["Book", "is_template", "load_book", "read", "read_all", "read_each", "read_template"]
