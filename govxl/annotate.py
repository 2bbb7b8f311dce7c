"""Annotated copies for the filler: failing cells highlighted and commented, and a 校验结果 sheet.

This is what a county sends back to a township. The original file is never touched: the copy is written
to a temporary file beside its destination and renamed when complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govxl.files import replacing
from govxl.findings import Finding, Severity

RESULT_SHEET = "校验结果"
_OPENPYXL_FORMATS = {".xlsx", ".xlsm"}
_FILL = {Severity.ERROR: "FFF4B6B6", Severity.WARNING: "FFFFE699"}
_HEADER = ("序号", "级别", "规则", "单元格", "问题及处理办法", "填报单位说明")


def annotated_path(source: Path, outdir: Path, taken: set[Path]) -> Path:
    """Where the copy of ``source`` goes: same name, made unique within this run."""
    suffix = source.suffix.lower() if source.suffix.lower() in _OPENPYXL_FORMATS else ".xlsx"
    stem = source.stem if suffix == source.suffix.lower() else f"{source.name}.校验结果"
    candidate, n = outdir / f"{stem}{suffix}", 1
    while candidate in taken:
        n += 1
        candidate = outdir / f"{stem}（{n}）{suffix}"
    taken.add(candidate)
    return candidate


def annotate(source: Path, findings: Iterable[Finding], target: Path, *, readable: bool = True) -> Path:
    """Write ``target``: a copy of ``source`` with ``findings`` marked (or, for a file openpyxl cannot open
    or that could not be read, a new workbook with only the 校验结果 sheet)."""
    import openpyxl

    findings = sorted(findings, key=lambda f: f.severity is not Severity.ERROR)
    if readable and source.suffix.lower() in _OPENPYXL_FORMATS:
        wb = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
        _mark_cells(wb, findings)
    else:
        wb = openpyxl.Workbook()
        wb.active.title = "说明"
        wb.active["A1"] = f"原文件：{source.name}（未能在原文件上标注，问题见“{RESULT_SHEET}”）"
    _write_results(wb, findings)
    with replacing(target) as tmp:
        wb.save(tmp)
    return target


def _mark_cells(wb, findings: list[Finding]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    for f in findings:
        for ref in f.cells:
            if not ref.sheet or not ref.cell or ref.sheet not in wb.sheetnames:
                continue
            cell = wb[ref.sheet][ref.cell]
            if f.severity is Severity.ERROR or cell.fill.fgColor.rgb != _FILL[Severity.ERROR]:
                cell.fill = PatternFill("solid", fgColor=_FILL[f.severity])
            text = f"【{f.severity.label}·{f.rule}】{f.message}"
            if cell.comment and text not in cell.comment.text:
                text = f"{cell.comment.text}\n{text}"
            elif cell.comment:
                continue
            cell.comment = Comment(text, "govxl", width=320, height=160)


def _write_results(wb, findings: list[Finding]) -> None:
    from openpyxl.styles import Alignment, Font

    if RESULT_SHEET in wb.sheetnames:
        del wb[RESULT_SHEET]
    ws = wb.create_sheet(RESULT_SHEET, 0)
    ws.append(_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    if not findings:
        ws.append((None, None, None, None, "全部通过，没有发现问题。"))
    for i, f in enumerate(findings, 1):
        first = next((c for c in f.cells if c.sheet and c.cell), None)
        where = f"{first.sheet}!{first.cell}" if first else ""
        ws.append((i, f.severity.label, f.rule, where, f.message, f.explanation))
        for cell in ws[ws.max_row]:
            cell.data_type = "s" if isinstance(cell.value, str) else cell.data_type  # text stays text
        if first and first.sheet in wb.sheetnames:
            link = ws.cell(ws.max_row, 4)
            link.hyperlink = f"#'{first.sheet}'!{first.cell}"
            link.font = Font(color="FF0563C1", underline="single")
    for col, width in zip("ABCDEF", (6, 6, 20, 16, 80, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for sheet in wb.worksheets:  # one selected tab, or Excel opens the sheets grouped
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = wb.index(ws)
