"""A fast, defensive .xlsx/.xlsm reader (zipfile + lxml): literal cells, formulas, cached values, defined
names, merged ranges, custom properties — and date formats, the only styles govxl needs.

:class:`Workbook` parses a sheet only when asked, so the template reader touches just the parts it needs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TypeVar

from lxml import etree

from govxl.errors import UnreadableFile
from govxl.reader.book import Book, RawCell, Sheet, a1, check_merged
from govxl.reader.formula import col_index, shift
from govxl.reader.safety import Package, check_no_dtd, parse_xml
from govxl.values import representable

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_V, _F, _IS, _T, _RPH = (f"{_M}{t}" for t in ("v", "f", "is", "t", "rPh"))
_ROW, _SHEET_DATA, _MERGE_CELL, _SI = (f"{_M}{t}" for t in ("row", "sheetData", "mergeCell", "si"))
_STRINGS_TREE_BYTES = 4 << 20  # shared strings up to this size are kept as a tree, each text assembled when used
_FRAGMENT = f'<c xmlns="{_M[1:-1]}"'.encode()
_OFFICE_DOCUMENT = re.compile(r"/officeDocument$")
_CUSTOM_PROPERTIES = re.compile(r"/custom-properties$")
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_NAME_TARGET = re.compile(r"\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?[A-Z]{1,3}\$?\d+)?\s*")
# built-in number formats that show a date: 14–22 (dates and date-times), 27–36 and 50–58 (CJK dates)
_DATE_FORMATS = frozenset((*range(14, 23), *range(27, 37), *range(50, 59)))
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DATE1904_SHIFT = 1462  # days between the 1900 and 1904 date systems
# A blank cell that says where it is (Excel's styled blank <c r="B3" s="31"/>, openpyxl's <c r="B3" s="31"
# t="n"></c>) holds nothing to read, and such cells are most of a form's: they are dropped from the markup
# before it is parsed — only where the next cell says where it is too (a cell without r="…" is placed
# after the one before it), and only in plain markup (see _without_blank_cells).
_BLANK_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,9}")?(?: t="[a-z]{1,9}")?(?:/>|></c>)'
                         rb'(?=<c r="|</row>)')
_DECLARATION = re.compile(rb'(?:\xef\xbb\xbf)?<\?xml([^?]*)\?>')
_ENCODING = re.compile(rb'encoding\s*=\s*["\']([^"\']*)')


def is_date_format(code: str) -> bool:
    """A custom number format code that shows a year, month or day (``yyyy"年"m"月"d"日"``, ``yyyy-mm-dd`` …)."""
    bare = _QUOTED.sub("", code.split(";")[0]).lower()
    return any(ch in bare for ch in "yd") or ("m" in bare and "h" not in bare and "s" not in bare)


@lru_cache(maxsize=1 << 14)  # a template's cells recur in every file read
def cell_index(ref: str) -> tuple[int, int]:
    """'D12' -> (11, 3)."""
    m = _CELL.fullmatch(ref)
    if not m:
        raise ValueError(ref)
    return int(m[2]) - 1, col_index(m[1])


def _number(text: str) -> int | float | str:
    """A cell's stored number; its literal text when no number a sheet keeps reads it (``1e999``, thousands
    of digits, ``1e308``: a ``value-type`` error where a number belongs, the text as typed elsewhere)."""
    try:
        x: int | float = int(text)
    except ValueError:  # a fraction, an exponent, or more digits than Python converts
        x = float(text)
    return x if representable(x) else text


class Workbook:
    """An opened .xlsx/.xlsm package; sheets parse on demand."""

    def __init__(self, path: str, package: Package, fmt: str) -> None:
        self.path, self.package, self.format = path, package, fmt
        self._rel_cache: dict[str, list[tuple[str, str, str]]] = {}  # part -> its relationships
        rels = self._rels("")
        self._main = next((t for kind, t in rels if _OFFICE_DOCUMENT.search(kind)), "xl/workbook.xml")
        self._custom = next((t for kind, t in rels if _CUSTOM_PROPERTIES.search(kind)), "docProps/custom.xml")
        main = _parsed(_MainPart.parse, package.read(self._main), path, self._main)
        targets = dict(self._rels_by_id(self._main))
        self.sheet_parts: dict[str, str] = {name: targets[rid] for name, rid, _ in main.sheets if rid in targets}
        if not self.sheet_parts:
            raise UnreadableFile(path, "工作簿中没有工作表，无法读取。请让报送单位重新保存并发送")
        self.sheet_names = list(self.sheet_parts)
        self.hidden = {name for name, rid, hidden in main.sheets if hidden and rid in targets}
        self.date1904 = main.date1904
        self.names = main.names_on(self.sheet_parts)
        self._sheets: dict[str, Sheet] = {}

    # -- package plumbing --------------------------------------------------------------------------
    def _rels_by_id(self, part: str) -> list[tuple[str, str]]:
        """(relationship id, target part) of ``part``; external targets are never followed."""
        return [(rid, target) for rid, target, _ in self._rel_entries(part)]

    def _rels(self, part: str) -> list[tuple[str, str]]:
        return [(kind, target) for _, target, kind in self._rel_entries(part)]

    def _rel_entries(self, part: str) -> list[tuple[str, str, str]]:
        if part not in self._rel_cache:
            self._rel_cache[part] = self._read_rels(part)
        return self._rel_cache[part]

    def _read_rels(self, part: str) -> list[tuple[str, str, str]]:
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.package.names:
            return []
        out = []
        for rid, target, kind in _parsed(_relationships, self.package.read(rels), self.path, rels):
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out.append((rid, target, kind))
        return out

    @cached_property
    def properties(self) -> dict[str, str]:
        if self._custom not in self.package.names:
            return {}
        return dict(_parsed(_custom_properties, self.package.read(self._custom), self.path, self._custom))

    @cached_property
    def _shared_strings(self) -> _SharedStrings | list[str]:
        part = next((t for kind, t in self._rels(self._main) if kind.endswith("/sharedStrings")), None)
        if part is None or part not in self.package.names:
            return []
        if self.package.size(part) > _STRINGS_TREE_BYTES:  # a tree would cost some 25 times the part
            return [_text(si) for si in self.package.elements(part, (_SI,))]
        return _SharedStrings(self.package.xml(part))

    @cached_property
    def _date_styles(self) -> dict[int, str]:
        """Cell style index -> number format code, for the styles that show dates."""
        part = next((t for kind, t in self._rels(self._main) if kind.endswith("/styles")), None)
        if part is None or part not in self.package.names:
            return {}
        return _parsed(_date_formats, self.package.read(part), self.path, part)

    # -- sheets ------------------------------------------------------------------------------------
    def sheet(self, name: str, only: Collection[tuple[int, int]] | None = None, *, merged: bool = True) -> Sheet:
        """The sheet ``name``: all its cells, or only the cells ``only`` (0-based (row, col)).

        ``merged=False`` skips the merged ranges and stops reading at the end of the cell data (the
        validations and formatting after it are never parsed).
        """
        if only is None and name in self._sheets:
            return self._sheets[name]
        part = self.sheet_parts[name]
        if part not in self.package.names:
            raise UnreadableFile(self.path, f"文件已损坏（缺少工作表“{name}”的内容），无法读取。请让报送单位重新保存并发送")
        sheet = Sheet(name, hidden=name in self.hidden)
        if only is not None:
            data = self.package.read(part)
            check_no_dtd(data, self.path, part)
            if self._probe(sheet, data, only):
                return sheet
        self._fill(sheet, self._rows(part, sheet.merged if merged else None), only)
        if only is None and merged:
            self._sheets[name] = sheet
        return sheet

    def _rows(self, part: str, merges: list[tuple[int, int, int, int]] | None) -> Iterator[etree._Element]:
        """The sheet's row elements, parsed as the part inflates, each dropped once read: a sheet costs its
        cells, never a tree of its XML. With ``merges``, the merged ranges after the cell data are added to
        it; without, reading stops at the end of the cell data (validations, formatting … never inflated)."""
        for el in self.package.elements(part, (_ROW, _SHEET_DATA, _MERGE_CELL), _without_blank_cells):
            if el.tag == _ROW:
                yield el
            elif el.tag == _SHEET_DATA:
                if merges is None:
                    return
            elif merges is not None and (cell_range := _merged(el.get("ref", ""))) is not None:
                merges.append(cell_range)

    def _fill(self, sheet: Sheet, rows: Iterable[etree._Element], only: Collection[tuple[int, int]] | None) -> None:
        cells = sheet.cells
        masters: dict[str, tuple[int, int, str]] = {}  # shared formula index -> (row, col, formula)
        r = -1
        for row in rows:
            at = row.get("r")
            r = int(at) - 1 if at else r + 1
            c, pending = -1, None  # pending: position of a skipped blank, resolved only if needed
            for cell in row:
                ref = cell.get("r")
                if ref is None:
                    c = (cell_index(pending)[1] if pending else c) + 1
                    pending = None
                    if not len(cell):
                        continue
                elif not len(cell):  # a styled blank: nothing to read
                    pending = ref
                    continue
                else:
                    c, pending = cell_index(ref)[1], None
                raw = self._cell(cell, r, c, masters)  # read even if not wanted: it may be a shared formula's master
                if raw is not None and (only is None or (r, c) in only):
                    cells[(r, c)] = raw

    def _cell(self, cell: etree._Element, r: int, c: int, masters: dict[str, tuple[int, int, str]]) -> RawCell | None:
        f = v = inline = None
        for child in cell:
            tag = child.tag
            if tag == _V:
                v = child.text
            elif tag == _F:
                f = child
            elif tag == _IS:
                inline = child
        formula = _formula(f, r, c, masters) if f is not None else None
        if formula is None and v is None and inline is None:
            return None
        value = _value(cell.get("t", "n"), v, inline, self._shared_strings)
        dates = self._date_styles
        fmt = dates.get(int(cell.get("s", "0"))) if dates else None
        if fmt and self.date1904 and isinstance(value, (int, float)) and not isinstance(value, bool):
            value += _DATE1904_SHIFT
        return RawCell(value, None, None, fmt) if formula is None else RawCell(None, formula, value, fmt)

    def _probe(self, sheet: Sheet, data: bytes, only: Collection[tuple[int, int]]) -> bool:
        """Read just the cells ``only`` by locating their elements; False if any cannot be located simply.

        A cell element ``<c r="G5" …>`` can only start a tag (``<`` is escaped in text); shared
        formulas and cells written without positions need the full parse.
        """
        start = 0
        for r, c in sorted(only):  # rows and cells are stored in order: each search starts at the last
            start = data.find(b'<c r="' + a1(r, c).encode() + b'"', start)
            if start < 0:
                return False
            close = data.find(b">", start)
            end = close + 1 if close > 0 and data[close - 1:close] == b"/" else data.find(b"</c>", start) + 4
            if close < 0 or end < 4:
                return False
            if end - 4 <= close + 1:  # <c …/> or <c …></c>: nothing to read
                continue
            element = parse_xml(_FRAGMENT + data[start + 2:end], self.path, "cell")
            if element.find(_F) is not None and element.find(_F).get("t") == "shared":
                return False
            raw = self._cell(element, r, c, {})
            if raw is not None:
                sheet.cells[(r, c)] = raw
        return True

    def book(self, sheets: Mapping[str, Collection[tuple[int, int]] | None] | None = None, *,
             merged: bool = True) -> Book:
        """A :class:`Book` of every sheet, or of ``sheets`` (name -> the cells wanted, None for all).

        Defined names and properties are always whole. ``merged=False``: see :meth:`sheet`.
        """
        chosen = [n for n in self.sheet_names if sheets is None or n in sheets]
        parsed = [self.sheet(n, sheets.get(n) if sheets else None, merged=merged) for n in chosen]
        return check_merged(Book(self.path, self.format, parsed, dict(self.names), dict(self.properties)))


@dataclass(frozen=True, slots=True)
class _MainPart:
    """What a workbook.xml declares: its sheets, the date system and the defined names of single cells."""

    sheets: tuple[tuple[str, str, bool], ...]  # (name, relationship id, hidden), in order
    date1904: bool
    names: tuple[tuple[str, bool, str, int, int], ...]  # (name, sheet-local, sheet, row, col), in order

    @classmethod
    def parse(cls, root: etree._Element) -> _MainPart:
        sheets = tuple((s.get("name", ""), s.get(f"{_R}id", ""), s.get("state") in ("hidden", "veryHidden"))
                       for s in root.iter(f"{_M}sheet"))
        pr = root.find(f"{_M}workbookPr")
        names = []
        for dn in root.iter(f"{_M}definedName"):
            name = dn.get("name", "")
            m = _NAME_TARGET.fullmatch(dn.text or "")
            if m and not name.startswith("_xlnm."):
                sheet = m[1].replace("''", "'") if m[1] else m[2]
                names.append((name, dn.get("localSheetId") is not None, sheet, int(m[4]) - 1, col_index(m[3])))
        return cls(sheets, pr is not None and pr.get("date1904") in ("1", "true"), tuple(names))

    def names_on(self, sheets: Collection[str]) -> dict[str, tuple[str, int, int]]:
        """Defined name -> (sheet, row, col) of the names on ``sheets`` (a workbook-wide name wins over a
        sheet-local one of the same name)."""
        out: dict[str, tuple[str, int, int]] = {}
        for name, local, sheet, r, c in self.names:
            if sheet in sheets and not (local and name in out):
                out[name] = (sheet, r, c)
        return out


_Out = TypeVar("_Out")
_PARSED: dict[tuple[Callable[[etree._Element], object], bytes], object] = {}  # (parse, digest of the part) -> result
_PARSED_KEPT = 32
_PARSED_MAX_BYTES = 1 << 18  # larger parts are parsed each time: a hostile file's huge part is never kept


def _parsed(parse: Callable[[etree._Element], _Out], data: bytes, path: str, part: str) -> _Out:
    """``parse`` of the XML part ``data``, computed once per distinct content: the parts a template makes
    (workbook, styles, relationships) recur unchanged in every file read. Results are shared: never altered."""
    if len(data) > _PARSED_MAX_BYTES:
        return parse(parse_xml(data, path, part))
    key = (parse, hashlib.blake2b(data, digest_size=16).digest())
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_KEPT:
            _PARSED.clear()
        _PARSED[key] = parse(parse_xml(data, path, part))
    return _PARSED[key]  # type: ignore[return-value]


def _relationships(root: etree._Element) -> list[tuple[str, str, str]]:
    """(id, target as written, type) of each relationship to a part of the package (external ones left out)."""
    return [(rel.get("Id", ""), rel.get("Target", ""), rel.get("Type", ""))
            for rel in root.iter(f"{_PR}Relationship") if rel.get("TargetMode") != "External"]


def _custom_properties(root: etree._Element) -> dict[str, str]:
    """Name -> value (as text) of the custom document properties part ``root``."""
    out = {}
    for prop in root.iter(f"{_CP}property"):
        value = next(iter(prop), None)
        out[prop.get("name", "")] = (value.text or "") if value is not None else ""
    return out


def _date_formats(root: etree._Element) -> dict[int, str]:
    """Cell style index -> number format code, for the styles of the styles part ``root`` that show dates."""
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


def _formula(f: etree._Element, r: int, c: int, masters: dict[str, tuple[int, int, str]]) -> str | None:
    text = f.text
    if f.get("t") == "shared" and (si := f.get("si")) is not None:
        if text:
            masters[si] = (r, c, text)
        elif si in masters:
            r0, c0, master = masters[si]
            return shift(master, r - r0, c - c0)
    return text.lstrip("=") if text else None


def _without_blank_cells(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A sheet part's inflated ``chunks`` without its blank cells (:data:`_BLANK_CELL`), while the markup is
    plain UTF-8: from the first comment, CDATA section, DTD or processing instruction on (inside which a
    cell's markup is mere text) and in another encoding, the chunks pass unchanged."""
    chunk = next(chunks, b"")
    declared = _DECLARATION.match(chunk)
    encoding = _ENCODING.search(declared[1]) if declared else None
    if encoding and encoding[1].lower() != b"utf-8":
        yield chunk
        yield from chunks
        return
    plain, last = chunk[declared.end():] if declared else chunk, b""
    while chunk:
        if b"<!" in plain or b"<?" in plain or last + plain[:1] in (b"<!", b"<?"):
            yield chunk
            yield from chunks
            return
        yield _BLANK_CELL.sub(b"", chunk)
        last = chunk[-1:]
        chunk = plain = next(chunks, b"")


def _merged(ref: str) -> tuple[int, int, int, int] | None:
    """'B5:D6' -> (4, 1, 5, 3); None for a reference that is not a range of cells."""
    a, _, b = ref.partition(":")
    try:
        (r1, c1), (r2, c2) = cell_index(a), cell_index(b or a)
    except ValueError:
        return None
    return r1, c1, r2, c2


def _text(node: etree._Element) -> str:
    """The text of a shared or inline string, phonetic runs (<rPh>) left out."""
    if len(node) == 1:
        t = node[0]
        if t.tag == _T and not len(t):  # plain text, no runs: most strings
            return t.text or ""
    return "".join(t.text or "" for t in node.iter(_T) if t.getparent().tag != _RPH)


class _SharedStrings:
    """The shared string table, each string's text assembled only when a cell uses it."""

    def __init__(self, root: etree._Element) -> None:
        self.items = root.findall(_SI)
        self.texts: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> str:
        text = self.texts.get(i)
        if text is None:
            text = self.texts[i] = _text(self.items[i])
        return text


def _value(t: str, v: str | None, inline: etree._Element | None, strings: _SharedStrings | list[str]) -> object:
    if t == "n" and v is not None:  # most cells
        try:
            return _number(v)
        except ValueError:
            return v
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
