"""Legacy .xls and OpenDocument .ods workbooks through python-calamine: values only.

Calamine gives each cell's value (for a formula cell: its cached result) but neither the formula nor the
defined names, so such a book is always read by its labels, and its computed cells are taken as typed.
"""

from __future__ import annotations

from typing import BinaryIO, Final

from govxl.errors import UnreadableFile
from govxl.reader.book import Book, RawCell, Sheet, a1, check_merged
from govxl.reader.extent import sheet_extents

MAX_SHEET_CELLS: Final = 2_000_000  # A1 to the last cell: calamine holds that whole range, empty cells included
VALUES_ONLY_NOTE = "旧版 .xls/.ods 文件只能读到单元格显示的数值，无法知道其中是否为公式"


def values_only_note(book: Book) -> str | None:
    """What a reader should put in ``Source.note`` for values of ``book`` (None for .xlsx/.xlsm)."""
    return VALUES_ONLY_NOTE if book.format in ("xls", "ods") else None


def load_calamine(fh: BinaryIO, path: str, fmt: str) -> Book:
    """Every sheet of the .xls/.ods file open as ``fh`` (``fmt``: 'xls' or 'ods', as sniffed: calamine reading
    a path would go by its extension)."""
    import python_calamine as pc

    for name, rows, cols in sheet_extents(fh, path, fmt):
        if rows * cols > MAX_SHEET_CELLS:
            raise UnreadableFile(path, f"工作表“{name}”的内容一直延伸到 {a1(rows - 1, cols - 1)}（{rows} 行 × {cols} 列），"
                                 "范围过大，不像是一份年度报告，拒绝读取。请删除远处多余的内容后重新保存")
    try:
        wb = pc.CalamineWorkbook.from_filelike(fh)
        sheets = [_sheet(wb, meta) for meta in wb.sheets_metadata if meta.typ == pc.SheetTypeEnum.WorkSheet]
    except pc.PasswordError:
        raise UnreadableFile(path, "工作簿设置了打开密码（已加密），无法读取。请让报送单位取消密码后重新发送") from None
    except BaseException as exc:  # calamine reports damage as assorted errors, Rust panics included
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise UnreadableFile(path, "文件已损坏或不是有效的 Excel 工作簿，无法读取。请让报送单位重新保存为 .xlsx 后发送") from None
    if not sheets:
        raise UnreadableFile(path, "工作簿中没有工作表，无法读取。请让报送单位重新保存并发送")
    return check_merged(Book(path, fmt, sheets))


def _sheet(wb: object, meta: object) -> Sheet:
    import python_calamine as pc

    cs = wb.get_sheet_by_name(meta.name)  # type: ignore[attr-defined]
    sheet = Sheet(meta.name, hidden=meta.visible != pc.SheetVisibleEnum.Visible)  # type: ignore[attr-defined]
    for r, row in enumerate(cs.to_python(skip_empty_area=False)):
        for c, value in enumerate(row):
            if value != "" and value is not None:
                sheet.cells[(r, c)] = RawCell(value)
    for (r1, c1), (r2, c2) in cs.merged_cell_ranges or ():
        sheet.merged.append((r1, c1, r2, c2))
    return sheet
