"""Reading workbooks not made from the template, by locating the official labels.

A county's own layout, an older template, a report pasted from Word: the three tables stacked on one
sheet or on separate sheets, or one sheet per unit. Every table is located by the labels the
:class:`~govxl.schema.Edition` holds (its :class:`~govxl.schema.TableLayout` spans), matched with
:mod:`govxl.reader.labels`; rows and columns are paired in order, so position decides between
look-alikes (`其他`, `总计`, the three `结果维持`). What changes meaning (an official row or column not
found, an extra row, a label worded otherwise than the form) becomes a ``template-altered`` finding (``format-deviation`` in a published document); what
is cosmetic (width, brackets, line breaks, numbering style, traditional forms) does not; a key not located
is absent from the report.
This module finds the units, chooses the edition and builds each :class:`Report`; :mod:`.grid` holds a
sheet as positioned text and what was read, :mod:`.tables` the three tables, :mod:`.text` the
identification fields, title and prose.
"""

from __future__ import annotations

from collections.abc import Iterator

from govxl.editions import EDITIONS, UnknownEdition, edition_for_year
from govxl.errors import UnreadableFile
from govxl.findings import Finding
from govxl.reader.book import Book
from govxl.reader.documents import FORMATS as DOCUMENT_FORMATS
from govxl.reader.labels import similarity
from govxl.reader.layout.grid import STRONG, Grid, Reading
from govxl.reader.layout.tables import expected_parts, find_t3, header_above, read_t2, read_t3, read_t4
from govxl.reader.layout.text import REPORT_NAME, read_meta, read_prose
from govxl.report import Report, Source
from govxl.rules.catalogue import rule
from govxl.rules.engine import finding
from govxl.schema import Edition, Kind
from govxl.values import interpret

TABLES = ("t3", "t2", "t4")  # the order they are read in: 表三 locates the report, 表二 and 表四 follow


def _read(reading: Reading, table: str, grids: list[Grid], t3_grid: Grid) -> None:
    """Read ``table`` into ``reading``, once."""
    if table in reading.read:
        return
    reading.read.add(table)
    if table == "t3":
        read_t3(reading, t3_grid)
    elif table == "t2":
        read_t2(reading, grids)
    else:
        read_t4(reading, grids)


def _read_tables(book: Book, edition: Edition, grids: list[Grid], t3_grid: Grid) -> Reading:
    return _finish(Reading(book, edition), grids, t3_grid)


def _finish(reading: Reading, grids: list[Grid], t3_grid: Grid) -> Reading:
    """``reading`` with the tables it has not read yet read."""
    for table in TABLES:
        _read(reading, table, grids, t3_grid)
    reading.settle()
    return reading


def _choose(book: Book, grids: list[Grid], t3_grid: Grid) -> tuple[Reading, str]:
    """Read the tables as each edition; the shape of 表三 decides, then that of 表二, else the report year, else
    表三's shape by any margin, else the latest edition. A table is read as the other editions only while
    the shapes have not decided."""
    readings = [Reading(book, e) for e in EDITIONS.values()]
    for table in TABLES[:2]:
        for x in readings:
            _read(x, table, grids, t3_grid)
        ranked = sorted(readings, key=lambda x: x.score.get(table, 0.0), reverse=True)
        if len(ranked) == 1 or ranked[0].score.get(table, 0.0) - ranked[1].score.get(table, 0.0) >= 0.3:
            return _finish(ranked[0], grids, t3_grid), "shape"
    year = _year(book, grids)  # asked only where the shapes cannot tell
    if year is not None:
        try:
            by_year = edition_for_year(year)
            return _finish(next(x for x in readings if x.edition is by_year), grids, t3_grid), "year"
        except UnknownEdition:
            pass
    ranked = sorted(readings, key=lambda x: (x.score.get("t3", 0.0), x.edition.first_year), reverse=True)
    how = "shape" if ranked[0].score.get("t3", 0.0) > ranked[1].score.get("t3", 0.0) else "latest"
    return _finish(ranked[0], grids, t3_grid), how


def _year(book: Book, grids: list[Grid]) -> int | None:
    probe = Reading(book, next(iter(EDITIONS.values())))
    read_meta(probe, grids)
    v = probe.cells.get("meta_year")
    _, number, _ = interpret(v, Kind.YEAR)
    return int(number) if isinstance(number, (int, float)) and number == int(number) else None


def _units(book: Book) -> Iterator[tuple[list[Grid], Grid]]:
    grids = [Grid(s) for s in book.sheets]
    t3_part = expected_parts(next(iter(EDITIONS.values())), "t3")[0]
    found = [(g, r) for g in grids if (r := find_t3(g, t3_part)) is not None]
    # a sheet that merely quotes 表三's labels (a checks list, notes) is not a unit's 表三: prefer sheets
    # where the column headers stand above the first row
    with_t3 = [g for g, r in found if header_above(g, t3_part, r)] or [g for g, _ in found]
    if not with_t3:
        t3 = t3_part.table
        missing = f"找不到{t3.name}（{t3.heading}，应有“{t3_part.rows[0].label}”等行）"
        if _speaks_of_report(grids, t3.heading):
            raise UnreadableFile(book.path, f"文件中有{REPORT_NAME}的文字，但{missing}：表格可能是以图片插入的，"
                                            "其中的数字无法读出。请提供报告的 Word 或 Excel 原件，或表格可以复制文字的网页、PDF")
        raise UnreadableFile(book.path, f"{missing}，不是{REPORT_NAME}。请确认文件是否发错")
    if len(with_t3) == 1:
        yield grids, with_t3[0]
    else:
        for g in with_t3:
            yield [g], g


def _speaks_of_report(grids: list[Grid], heading: str) -> bool:
    """Whether the sheets hold a report's title or 表三's heading (a report whose tables are not text)."""
    return any(REPORT_NAME in t or similarity(t, heading) >= STRONG for g in grids for r in g.rows for _, t in g.texts(r))


def read_layout(book: Book, *, edition: Edition | None = None) -> list[Report]:
    """The reports in a workbook not made from the govxl template: one per sheet holding 表三, or one for
    the whole workbook when a single sheet holds it (表二/表四 may then sit on other sheets).

    ``edition`` forces the edition; otherwise the shape of the tables decides (表三, then 表二: a single
    （六）其他处理 row fits both editions, as 2021-edition reports still print it), and the report year where
    the shape cannot tell. Raise
    :class:`~govxl.errors.UnreadableFile` if no sheet holds 表三.
    """
    units = list(_units(book))
    reports = []
    for grids, t3_grid in units:
        if edition is not None:
            reading, how = _read_tables(book, edition, grids, t3_grid), "given"
        else:
            reading, how = _choose(book, grids, t3_grid)
        read_meta(reading, grids)
        read_prose(reading, grids)
        if len(units) > 1 and "meta_unit" not in reading.cells:
            reading.cells["meta_unit"] = t3_grid.sheet.name
            reading.sources["meta_unit"] = Source(book.path, t3_grid.sheet.name, None, t3_grid.sheet.name,
                                                  how="label", note="单位名称取自工作表名称")
        reports.append(_report(reading, how, [g.sheet.name for g in grids]))
    return reports


def _report(reading: Reading, how: str, sheets: list[str]) -> Report:
    e = reading.edition
    report = Report.from_cells(e, reading.cells, path=reading.book.path, sources=reading.sources, reader="layout")
    for key in [k for k in report.values if k not in reading.cells]:
        del report.values[key]  # not located: absent (counted as blank by the rules), never invented
    unprinted = [f.key for f in e.fields if f.key not in reading.cells]  # what the reader's findings say is missing
    report.meta.update(guessed_labels=reading.guessed, edition_by=how, sheets=sheets, unprinted=unprinted)
    report.findings.extend(_altered(report, reading))
    return report


def _altered(report: Report, reading: Reading) -> Iterator[Finding]:
    """A workbook's changes to the form are template alterations; a published document's, deviations from it."""
    r = rule("format-deviation" if reading.book.format in DOCUMENT_FORMATS else "template-altered")
    for keys, check, detail, action in reading.altered:
        yield finding(report, r, keys, f"{r.id}:{check}", detail=detail, action=action)
