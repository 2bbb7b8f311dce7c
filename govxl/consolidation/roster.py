"""The roster (名单): the units a county expects a report from, read from a CSV or a workbook.

Headers are recognised in their usual variants (单位名称 / 单位 / 名称 …); CSV files may be UTF-8 (with or
without BOM) or GBK. Unit names match tolerantly through :mod:`govxl.units`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from govxl.errors import UnreadableFile, UsageError
from govxl.reader.book import Sheet, a1
from govxl.reader.safety import open_regular
from govxl.units import UnitIndex, suggest

# column -> header variants, compared after normalising width and dropping spaces and marks such as '*'
HEADERS = {
    "name": ("单位名称", "单位全称", "单位", "名称", "机构名称", "报送单位", "填报单位"),
    "level": ("单位类别", "类别", "单位类型", "类型", "级别", "层级"),
    "code": ("行政区划代码", "区划代码", "行政区划", "代码"),
}
MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_ROSTER_ROWS, MAX_ROSTER_COLUMNS = 10_000, 100  # a county's units, with a few columns of notes
_MARKS = re.compile(r"\(.*?\)|[\s*:]")  # after NFKC: notes in brackets, spaces, required-marks, colons
_ROSTER_WORDS = re.compile(r"(政府信息公开(工作)?年度?报告?|政务公开年报)?(应?报送|汇总)?(单位)?(名单|名录|清单)$")
_ROSTER_YEAR = re.compile(r"[_\-\s]*(\d{4})\s*年?度?[_\-\s]*")


@dataclass(frozen=True)
class RosterUnit:
    name: str
    level: str | None = None
    code: str | None = None


class Roster:
    """The expected units, in the roster's order; ``name`` is the batch's name (from the roster file name)."""

    def __init__(self, units: Iterable[RosterUnit] = (), name: str | None = None, path: Path | None = None) -> None:
        self.units: list[RosterUnit] = []
        self.name = name
        self.path = path  # the roster file, if read from one
        self._index = UnitIndex()
        self._by_name: dict[str, RosterUnit] = {}
        for unit in units:
            self.add(unit)

    @property
    def names(self) -> list[str]:
        return [u.name for u in self.units]

    def find(self, unit: str) -> RosterUnit | None:
        """The roster unit ``unit`` names (全称/简称, suffixes and width forgiven), if exactly one."""
        name = self._index.match(unit)
        return self._by_name[name] if name is not None else None

    def named_in(self, text: str) -> RosterUnit | None:
        """The one roster unit whose name is written in ``text`` (a file name), if exactly one is."""
        name = self._index.named_in(text)
        return self._by_name[name] if name is not None else None

    def suggest(self, unit: str) -> list[str]:
        return suggest(unit, self.names)

    def add(self, unit: RosterUnit | str) -> RosterUnit:
        """Add ``unit`` (a name: when the received units are the roster); a name already listed is kept once."""
        entry = RosterUnit(unit) if isinstance(unit, str) else unit
        if entry.name not in self._by_name:
            self.units.append(entry)
            self._by_name[entry.name] = entry
            self._index.add(entry.name)
        return self._by_name[entry.name]


def _header(text: object) -> str | None:
    label = _MARKS.sub("", unicodedata.normalize("NFKC", str(text or "")))
    return next((col for col, variants in HEADERS.items() if label in variants), None)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():  # never inf or nan
        value = int(value)  # a 行政区划代码 typed as a number
    return str(value).strip() if value is not None else ""  # as written: matching forgives width and spaces


def roster_from_rows(rows: list[list[object]], *, source: str, name: str | None = None) -> Roster:
    """A roster from table rows: the first row (of the first ten) with a 单位名称 header starts the table."""
    for i, row in enumerate(rows[:10]):
        columns = {}
        for c, text in enumerate(row):
            col = _header(text)
            if col is not None and col not in columns:
                columns[col] = c
        if "name" in columns:
            break
    else:
        raise UsageError(f"名单“{source}”的前 10 行中找不到“单位名称”列。请在第一行写上表头“单位名称”（可选“单位类别”“行政区划代码”）。")
    roster = Roster(name=name)
    for row in rows[i + 1:]:
        cells = {col: _cell_text(row[c]) if c < len(row) else "" for col, c in columns.items()}
        if cells["name"]:
            roster.add(RosterUnit(cells["name"], cells.get("level") or None, cells.get("code") or None))
    if not roster.units:
        raise UsageError(f"名单“{source}”中没有单位。请在“单位名称”列下逐行填写单位名称。")
    return roster


def batch_name(path: Path) -> str | None:
    """The area a roster file is named after: ``某某县名单.csv`` and ``某某县2025年度应报送单位名单.csv`` -> ``某某县``;
    None where the name says nothing but the year and that it is a roster (``2025年度应报送单位名单.csv``)."""
    stem = unicodedata.normalize("NFKC", path.stem)
    stem = _ROSTER_YEAR.sub("", _ROSTER_WORDS.sub("", stem)).strip(" _-()（）")
    return stem or None


def read_roster(path: str | os.PathLike[str]) -> Roster:
    """The roster in ``path``: .csv/.txt (UTF-8, UTF-8 with BOM, GBK) or a workbook (.xlsx/.xls/.ods)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise UsageError(f"找不到名单文件：{path}") from None
    if size > MAX_ROSTER_BYTES:
        raise UsageError(f"名单文件“{path.name}”过大（超过 5 MB），不像是一份单位名单。")
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        rows = _csv_rows(path)
    else:
        from govxl.reader.load import load_book

        try:
            book = load_book(path)
        except UnreadableFile as exc:
            raise UsageError(f"名单文件无法读取：{exc.reason}") from None
        sheet = next((s for s in book.sheets if not s.hidden and s.cells), None)
        if sheet is None:
            raise UsageError(f"名单文件“{path.name}”是空的。")
        rows = _sheet_rows(sheet, path.name)
    roster = roster_from_rows(rows, source=path.name, name=batch_name(path))
    roster.path = path
    return roster


def _sheet_rows(sheet: Sheet, source: str) -> list[list[object]]:
    """The sheet's cells as rows (a formula by its cached result); a cell beyond a roster's size is refused."""
    far = [rc for rc in sheet.cells if rc[0] >= MAX_ROSTER_ROWS or rc[1] >= MAX_ROSTER_COLUMNS]
    if far:
        raise UsageError(f"名单“{source}”的工作表“{sheet.name}”在 {a1(*min(far))} 处有内容，超出了单位名单的范围"
                         f"（最多 {MAX_ROSTER_ROWS} 行、{MAX_ROSTER_COLUMNS} 列）。请删除该处的内容后重新保存。")
    rows: list[list[object]] = [[] for _ in range(max(r for r, _ in sheet.cells) + 1)]
    for (r, c), cell in sorted(sheet.cells.items()):
        rows[r].extend([None] * (c - len(rows[r])))
        rows[r].append(cell.value if cell.formula is None else cell.cached)
    return rows


def _csv_rows(path: Path) -> list[list[object]]:
    try:
        with open_regular(str(path)) as fh:  # a FIFO named 名单.csv must not block
            data = fh.read(MAX_ROSTER_BYTES + 1)
    except UnreadableFile as exc:
        raise UsageError(f"名单文件无法读取：{exc.reason}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UsageError(f"名单文件“{path.name}”的编码无法识别。请另存为 UTF-8 或 GBK 编码的 CSV。")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
