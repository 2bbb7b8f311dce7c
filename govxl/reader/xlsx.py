"""A fast, defensive .xlsx/.xlsm reader (zipfile + lxml): literal cells, formulas, cached values, defined
names, merged ranges, custom properties — and date formats, the only styles govxl needs.

:class:`Workbook` parses a sheet only when asked, so the template reader touches just the parts it needs.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Collection
from functools import cached_property

from lxml import etree

from govxl.errors import UnreadableFile
from govxl.reader.book import Book, RawCell, Sheet
from govxl.reader.formula import col_index, shift
from govxl.reader.safety import Package

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_OFFICE_DOCUMENT = re.compile(r"/officeDocument$")
_CUSTOM_PROPERTIES = re.compile(r"/custom-properties$")
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_NAME_TARGET = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+)(?::\$?[A-Z]{1,3}\$?\d+)?$")
# built-in number formats that show a date: 14–22 (dates and date-times), 27–36 and 50–58 (CJK dates)
_DATE_FORMATS = frozenset((*range(14, 23), *range(27, 37), *range(50, 59)))
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DATE1904_SHIFT = 1462  # days between the 1900 and 1904 date systems


def is_date_format(code: str) -> bool:
    """A custom number format code that shows a year, month or day (``yyyy"年"m"月"d"日"``, ``yyyy-mm-dd`` …)."""
    bare = _QUOTED.sub("", code.split(";")[0]).lower()
    return any(ch in bare for ch in "yd") or ("m" in bare and "h" not in bare and "s" not in bare)


def cell_index(ref: str) -> tuple[int, int]:
    """'D12' -> (11, 3)."""
    m = _CELL.fullmatch(ref)
    if not m:
        raise ValueError(ref)
    return int(m[2]) - 1, col_index(m[1])


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


class Workbook:
    """An opened .xlsx/.xlsm package; sheets parse on demand."""

    def __init__(self, path: str, package: Package, fmt: str) -> None:
        self.path, self.package, self.format = path, package, fmt
        rels = self._rels("")
        self._main = next((t for kind, t in rels if _OFFICE_DOCUMENT.search(kind)), "xl/workbook.xml")
        self._custom = next((t for kind, t in rels if _CUSTOM_PROPERTIES.search(kind)), "docProps/custom.xml")
        root = package.xml(self._main)
        targets = dict((rid, t) for rid, t in self._rels_by_id(self._main))
        self.sheet_parts: dict[str, str] = {}
        self.hidden: set[str] = set()
        order: list[str] = []
        for s in root.iter(f"{_M}sheet"):
            name, rid = s.get("name", ""), s.get(f"{_R}id", "")
            if rid in targets:
                self.sheet_parts[name] = targets[rid]
                order.append(name)
                if s.get("state") in ("hidden", "veryHidden"):
                    self.hidden.add(name)
        if not order:
            raise UnreadableFile(path, "工作簿中没有工作表，无法读取。请让报送单位重新保存并发送")
        self.sheet_names = order
        pr = root.find(f"{_M}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.names = self._names(root, order)
        self._sheets: dict[str, Sheet] = {}

    # -- package plumbing --------------------------------------------------------------------------
    def _rels_by_id(self, part: str) -> list[tuple[str, str]]:
        """(relationship id, target part) of ``part``; external targets are never followed."""
        return [(rid, target) for rid, target, _ in self._rel_entries(part)]

    def _rels(self, part: str) -> list[tuple[str, str]]:
        return [(kind, target) for _, target, kind in self._rel_entries(part)]

    def _rel_entries(self, part: str) -> list[tuple[str, str, str]]:
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.package.names:
            return []
        out = []
        for rel in self.package.xml(rels).iter(f"{_PR}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Id", ""), target, rel.get("Type", "")))
        return out

    def _names(self, root: etree._Element, order: list[str]) -> dict[str, tuple[str, int, int]]:
        out: dict[str, tuple[str, int, int]] = {}
        for dn in root.iter(f"{_M}definedName"):
            name = dn.get("name", "")
            m = _NAME_TARGET.match((dn.text or "").strip())
            if not m or name.startswith("_xlnm.") or (name in out and dn.get("localSheetId") is not None):
                continue
            sheet = m[1].replace("''", "'") if m[1] else m[2]
            if sheet in self.sheet_parts:
                out[name] = (sheet, *cell_index(m[3]))
        return out

    @cached_property
    def properties(self) -> dict[str, str]:
        if self._custom not in self.package.names:
            return {}
        out = {}
        for prop in self.package.xml(self._custom).iter(f"{_CP}property"):
            value = next(iter(prop), None)
            out[prop.get("name", "")] = (value.text or "") if value is not None else ""
        return out

    @cached_property
    def _shared_strings(self) -> list[str]:
        part = next((t for kind, t in self._rels(self._main) if kind.endswith("/sharedStrings")), None)
        if part is None or part not in self.package.names:
            return []
        return [_text(si) for si in self.package.xml(part).iter(f"{_M}si")]

    @cached_property
    def _date_styles(self) -> dict[int, str]:
        """Cell style index -> number format code, for the styles that show dates."""
        part = next((t for kind, t in self._rels(self._main) if kind.endswith("/styles")), None)
        if part is None or part not in self.package.names:
            return {}
        root = self.package.xml(part)
        codes = {int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter(f"{_M}numFmt")}
        xfs = root.find(f"{_M}cellXfs")
        out: dict[int, str] = {}
        for i, xf in enumerate(xfs if xfs is not None else ()):
            fid = int(xf.get("numFmtId", "0"))
            if fid in codes and is_date_format(codes[fid]):
                out[i] = codes[fid]
            elif fid not in codes and fid in _DATE_FORMATS:
                out[i] = f"builtin:{fid}"
        return out

    # -- sheets ------------------------------------------------------------------------------------
    def sheet(self, name: str, rows: Collection[int] | None = None) -> Sheet:
        """The sheet ``name`` (all of it, or only ``rows``, 0-based)."""
        if rows is None and name in self._sheets:
            return self._sheets[name]
        part = self.sheet_parts[name]
        if part not in self.package.names:
            raise UnreadableFile(self.path, f"文件已损坏（缺少工作表“{name}”的内容），无法读取。请让报送单位重新保存并发送")
        sheet = self._parse_sheet(name, self.package.xml(part), rows)
        if rows is None:
            self._sheets[name] = sheet
        return sheet

    def _parse_sheet(self, name: str, root: etree._Element, rows: Collection[int] | None) -> Sheet:
        sheet = Sheet(name, hidden=name in self.hidden)
        cells = sheet.cells
        strings, dates = self._shared_strings, self._date_styles
        masters: dict[str, tuple[int, int, str]] = {}  # shared formula index -> (row, col, formula)
        data = root.find(f"{_M}sheetData")
        r = -1
        for row in data if data is not None else ():
            r = int(row.get("r")) - 1 if row.get("r") else r + 1
            wanted = rows is None or r in rows
            c = -1
            for cell in row:
                ref = cell.get("r")
                c = cell_index(ref)[1] if ref else c + 1
                f = v = None
                inline = None
                for child in cell:
                    tag = child.tag
                    if tag == f"{_M}v":
                        v = child.text
                    elif tag == f"{_M}f":
                        f = child
                    elif tag == f"{_M}is":
                        inline = child
                formula = self._formula(f, r, c, masters) if f is not None else None
                if not wanted or (formula is None and v is None and inline is None):
                    continue
                t = cell.get("t", "n")
                value = _value(t, v, inline, strings)
                fmt = dates.get(int(cell.get("s", "0"))) if dates else None
                if fmt and isinstance(value, (int, float)) and not isinstance(value, bool) and self.date1904:
                    value += _DATE1904_SHIFT
                if formula is not None:
                    cells[(r, c)] = RawCell(None, formula, value, fmt)
                else:
                    cells[(r, c)] = RawCell(value, None, None, fmt)
        merged = root.find(f"{_M}mergeCells")
        for mc in merged if merged is not None else ():
            a, _, b = mc.get("ref", "").partition(":")
            try:
                (r1, c1), (r2, c2) = cell_index(a), cell_index(b or a)
            except ValueError:
                continue
            sheet.merged.append((r1, c1, r2, c2))
        return sheet

    @staticmethod
    def _formula(f: etree._Element, r: int, c: int, masters: dict[str, tuple[int, int, str]]) -> str | None:
        text = f.text
        if f.get("t") == "shared" and (si := f.get("si")) is not None:
            if text:
                masters[si] = (r, c, text)
            elif si in masters:
                r0, c0, master = masters[si]
                return shift(master, r - r0, c - c0)
        return text.lstrip("=") if text else None

    def book(self, sheets: Collection[str] | None = None) -> Book:
        """A :class:`Book` of every sheet, or only of ``sheets`` (names and properties always whole)."""
        chosen = [n for n in self.sheet_names if sheets is None or n in sheets]
        return Book(self.path, self.format, [self.sheet(n) for n in chosen], dict(self.names), dict(self.properties))


def _text(node: etree._Element) -> str:
    """The text of a shared or inline string, phonetic runs (<rPh>) left out."""
    return "".join(t.text or "" for t in node.iter(f"{_M}t") if t.getparent().tag != f"{_M}rPh")


def _value(t: str, v: str | None, inline: etree._Element | None, strings: list[str]) -> object:
    if t == "inlineStr":
        return _text(inline) if inline is not None else None
    if v is None:
        return None
    if t == "s":
        i = int(v)
        return strings[i] if 0 <= i < len(strings) else None
    if t in ("str", "e"):
        return v
    if t == "b":
        return v.strip() in ("1", "true")
    if t == "d":
        try:
            return dt.datetime.fromisoformat(v)
        except ValueError:
            return v
    try:
        return _number(v)
    except ValueError:
        return v
