"""Annotated copies for the filler: failing cells highlighted and commented, and a 校验结果 sheet.

This is what a county sends back to a township. The original file is never touched: each copy goes where
:func:`govxl.files.claim` allows (never over an input) and is written whole or not at all. A copy records
what it is (``govxl_kind``) and the digest of the report it annotates, so that a batch recognises it — until
the filler corrects a value, when it is the filler's report again (:mod:`govxl.reader.origin`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govxl.errors import UnreadableFile
from govxl.files import beside, claim, replacing
from govxl.findings import CellRef, Finding, Severity
from govxl.report import Report
from govxl.template.names import (
    CHECK_ERRORS,
    CHECK_WARNINGS,
    KIND_ANNOTATED,
    PROP_KIND,
    PROP_VALUES_DIGEST,
    status_name,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

    from govxl.validation import FileCheck

RESULT_SHEET = "校验结果"
NOTE_SHEET = "说明"
AUTHOR = "govxl"
_OPENPYXL_FORMATS = {".xlsx", ".xlsm"}
_FILL = {Severity.ERROR: "FFF4B6B6", Severity.WARNING: "FFFFE699"}
_HEADER = ("序号", "级别", "规则", "单元格", "问题及处理办法", "填报单位说明")
_NOT_CHECKED = ("ignored", "govxl-output")  # FileCheck statuses of files that are no report to send back
SUMMARY_ROWS = 5  # the template's summary line is among the first rows of its form
_UNMARKABLE = "文件中有 govxl 能读取、但无法在其上标注的内容"
_COUNT = re.compile(rf"\b({CHECK_ERRORS}|{CHECK_WARNINGS})\b")


def annotate_all(results: list[FileCheck], outdir: Path, *, everything: bool = False,
                 force: bool = False) -> list[tuple[Path, Path, str]]:
    """Write the annotated copy of each file in ``results`` into ``outdir``: (source, copy, note) per copy.

    Only files with at least one finding get a copy, unless ``everything``. A copy never replaces an input
    nor a file govxl did not write (``force`` replaces an earlier annotated copy); ``note`` (Chinese) says where it
    went instead, and is empty otherwise.
    A file openpyxl cannot open gets a copy with only the 校验结果 sheet: it costs its marks, never the batch.
    """
    by_path: dict[Path, list[FileCheck]] = {}
    for r in results:
        by_path.setdefault(r.path, []).append(r)
    taken: set[Path] = set()
    written = []
    for path, checks in by_path.items():
        findings = sorted((f for c in checks for f in c.findings), key=lambda f: f.severity is not Severity.ERROR)
        if all(c.status in _NOT_CHECKED for c in checks) or not (findings or everything):
            continue
        reports = [c.report for c in checks if c.report is not None]
        book, why = _opened(path) if reports else (None, "文件无法读取")
        target, note = _claimed(annotated_path(path, outdir, taken, marked=book is not None), list(by_path), force)
        if book is not None:
            try:
                _mark_cells(book, findings)
                _recount(book, findings)
                _save(book, findings, reports, target)
            except OSError:
                raise
            except Exception:  # what openpyxl cannot write back of this file costs its marks only
                book, why = None, _UNMARKABLE
        if book is None:
            _save(_results_only(path, why), findings, reports, target)
        written.append((path, target, note))
    return written


def _save(book: Workbook, findings: list[Finding], reports: Sequence[Report], target: Path) -> None:
    _write_results(book, findings)
    _record(book, reports)
    with replacing(target) as tmp:
        book.save(tmp)


def annotated_path(source: Path, outdir: Path, taken: set[Path], *, marked: bool) -> Path:
    """Where the copy of ``source`` goes: its own name when marked on the original, else ``名称.校验结果.xlsx``;
    made unique within this run."""
    suffix = source.suffix.lower() if marked else ".xlsx"
    stem = source.stem if marked else f"{source.name}.{RESULT_SHEET}"
    candidate, n = outdir / f"{stem}{suffix}", 1
    while candidate in taken:
        n += 1
        candidate = outdir / f"{stem}（{n}）{suffix}"
    taken.add(candidate)
    return candidate


def _claimed(planned: Path, inputs: list[Path], force: bool) -> tuple[Path, str]:
    """Where a copy planned at ``planned`` goes, and a Chinese note when elsewhere (:func:`govxl.files.claim`).

    Annotating into the input folder plans each copy on its original's name: the copy goes beside it instead.
    """
    original = planned.is_file() and any(p.is_file() and os.path.samefile(planned, p) for p in inputs)
    if not original:
        return claim(planned, protected=inputs, force=force)
    target, _ = claim(beside(planned), protected=inputs, force=force)
    return target, f"“{planned.name}”是原文件，不会被覆盖，标注副本写到“{target.name}”"


def _opened(source: Path) -> tuple[Workbook | None, str]:
    """The workbook openpyxl makes of ``source``, or None and why (in Chinese) where it cannot be marked."""
    import openpyxl

    from govxl.reader.safety import check_package

    if source.suffix.lower() not in _OPENPYXL_FORMATS:
        return None, "不是 .xlsx 格式"
    try:
        check_package(str(source))  # openpyxl parses parts govxl's reader skips: no DTD may reach it
        return openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm"), ""
    except UnreadableFile as exc:
        return None, exc.reason
    except Exception:  # a received file is hostile: whatever breaks openpyxl costs this file its marks only
        return None, _UNMARKABLE


def _results_only(source: Path, why: str) -> Workbook:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = NOTE_SHEET
    sheet["A1"] = f"原文件：{source.name}（{why}，未能在原文件上标注，问题见“{RESULT_SHEET}”）"
    sheet["A1"].data_type = "s"
    return book


def _cell(book: Workbook, ref: CellRef) -> Cell | None:
    """The (top-left, writable) cell ``ref`` points at in ``book``, if it has one."""
    from openpyxl.cell.cell import Cell

    if not ref.sheet or not ref.cell or ref.sheet not in {ws.title for ws in book.worksheets}:
        return None
    cell = book[ref.sheet][ref.cell]
    return cell if isinstance(cell, Cell) else None  # a merged cell's other parts take no comment


def _to_fix(book: Workbook, f: Finding) -> tuple[CellRef, Cell] | None:
    """The cell the filler is sent to for ``f``: its first cell present in the workbook."""
    return next(((ref, cell) for ref in f.cells if (cell := _cell(book, ref)) is not None), None)


def _mark_cells(book: Workbook, findings: list[Finding]) -> None:
    """Colour every cell a finding involves; one comment per finding, on the cell to fix (findings that send
    the filler to the same cell share its comment)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    notes: dict[Cell, list[str]] = {}
    for f in findings:
        for ref in f.cells:
            cell = _cell(book, ref)
            if cell is not None and (f.severity is Severity.ERROR or cell.fill.fgColor.rgb != _FILL[Severity.ERROR]):
                cell.fill = PatternFill("solid", fgColor=_FILL[f.severity])
        to_fix = _to_fix(book, f)
        if to_fix is not None:
            notes.setdefault(to_fix[1], []).append(f"【{f.severity.label}·{f.rule}】{f.message}")
    for cell, texts in notes.items():
        own = cell.comment.text if cell.comment is not None and cell.comment.author != AUTHOR else None
        text = "\n".join(t for t in (own, *texts) if t)
        cell.comment = Comment(text, AUTHOR, height=min(60 + len(text) // 18 * 16, 400), width=320)


def _recount(book: Workbook, findings: list[Finding]) -> None:
    """The form's summary line counts the live checks; on the copy it also counts the findings the sheet cannot
    check itself (prose, provenance, across years), so that it says what 校验结果 lists."""
    static = [f for f in findings if status_name(f.check) not in book.defined_names]
    extra = {CHECK_ERRORS: sum(f.severity is Severity.ERROR for f in static),
             CHECK_WARNINGS: sum(f.severity is Severity.WARNING for f in static)}
    for ws in book.worksheets:
        for row in ws.iter_rows(max_row=SUMMARY_ROWS):
            for cell in row:  # the summary line, found by what it counts (templates differ in where it sits)
                if isinstance(cell.value, str) and cell.value.startswith("=") and all(n in cell.value for n in extra):
                    cell.value = _COUNT.sub(lambda m: f"({m[0]}+{extra[m[0]]})", cell.value)


def _record(book: Workbook, reports: Sequence[Report]) -> None:
    """What the copy is, in its document properties (replacing the template's own ``govxl_kind``)."""
    from openpyxl.packaging.custom import StringProperty

    props = book.custom_doc_props  # type: ignore[attr-defined]  # openpyxl 3.1 has it; its stubs do not yet
    for name in (PROP_KIND, PROP_VALUES_DIGEST):
        if name in props.names:
            del props[name]
    props.append(StringProperty(name=PROP_KIND, value=KIND_ANNOTATED))
    if len(reports) == 1:
        props.append(StringProperty(name=PROP_VALUES_DIGEST, value=reports[0].digest()))


def _write_results(book: Workbook, findings: list[Finding]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    if RESULT_SHEET in book.sheetnames:
        del book[RESULT_SHEET]
    ws = book.create_sheet(RESULT_SHEET, 0)
    ws.append(_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    if not findings:
        ws.append((None, None, None, None, "全部通过，没有发现问题。"))
    for i, f in enumerate(findings, 1):
        to_fix = _to_fix(book, f)
        ref = to_fix[0] if to_fix else None
        ws.append((i, f.severity.label, f.rule, f"{ref.sheet}!{ref.cell}" if ref else "", f.message, f.explanation))
        for cell in ws[ws.max_row]:
            cell.data_type = "s" if isinstance(cell.value, str) else cell.data_type  # text stays text
        if ref is not None:
            link = ws.cell(ws.max_row, 4)
            link.hyperlink = f"#'{ref.sheet}'!{ref.cell}"
            link.font = Font(color="FF0563C1", underline="single")
    for col, width in zip("ABCDEF", (6, 6, 20, 16, 80, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    for sheet in book.worksheets:  # one selected tab, or Excel opens the sheets grouped
        sheet.sheet_view.tabSelected = sheet is ws
    book.active = book.index(ws)
