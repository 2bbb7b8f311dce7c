"""Just enough of Excel's formula language to read a template: shift shared formulas, list what a formula
refers to, and evaluate the simple ones (+, -, SUM and N over numbers, cells, ranges and names).

Anything beyond that is "not simple": the caller falls back to the cached value and says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

Cell = tuple[str, int, int]  # (sheet, row, col), 0-based

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?
        (?P<c1>\$?[A-Z]{1,3})(?P<r1>\$?\d+)(?::(?P<c2>\$?[A-Z]{1,3})(?P<r2>\$?\d+))?)(?![\w(.])
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<func>[A-Za-z_][\w.]*)\s*\(
  | (?P<name>(?:(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?[^\W\d][\w.]*)
  | (?P<err>\#[A-Z0-9/!?]+)
  | (?P<op><>|<=|>=|[-+*/^&=<>%,():;{}\[\]@])
    """,
    re.X,
)


class NotSimple(Exception):
    """The formula uses more than +, -, SUM and N over numbers, cells, ranges and names."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # 'str' 'ref' 'num' 'func' 'name' 'err' 'op'
    text: str
    sheet: str | None = None  # 'ref' / 'name': the sheet it names, unquoted
    area: tuple[int, int, int, int] | None = None  # 'ref': (row1, col1, row2, col2) 0-based inclusive


@cache
def col_index(letters: str) -> int:
    n = 0
    for ch in letters.lstrip("$"):
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _sheet(text: str | None) -> str | None:
    if text is None:
        return None
    return text[1:-1].replace("''", "'") if text.startswith("'") else text


@lru_cache(maxsize=1 << 12)  # a template's formulas recur in every file read
def tokens(formula: str) -> tuple[Token, ...]:
    out: list[Token] = []
    pos = 0
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        if not m:
            raise NotSimple(formula)
        pos = m.end()
        kind = m.lastgroup
        if kind in ("space", None):
            continue
        if kind in ("sheet", "c1", "r1", "c2", "r2"):
            kind = "ref"
        if kind == "ref":
            r1, c1 = int(m["r1"].lstrip("$")) - 1, col_index(m["c1"])
            r2, c2 = (int(m["r2"].lstrip("$")) - 1, col_index(m["c2"])) if m["c2"] else (r1, c1)
            area = (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
            out.append(Token("ref", m[0], _sheet(m["sheet"]), area))
        elif kind == "name":
            sheet, _, name = m[0].rpartition("!")
            out.append(Token("name", name, _sheet(sheet) if sheet else None))
        elif kind == "func":
            out.append(Token("func", m["func"].upper()))
        else:
            out.append(Token(kind, m[0]))
    return tuple(out)


def _shift_one(m: re.Match[str], drow: int, dcol: int) -> str:
    def part(col: str, row: str) -> str:
        if not col.startswith("$"):
            col = col_letters(col_index(col) + dcol)
        if not row.startswith("$"):
            row = str(int(row) + drow)
        return col + row

    text = (m["sheet"] + "!" if m["sheet"] else "") + part(m["c1"], m["r1"])
    return text + (":" + part(m["c2"], m["r2"]) if m["c2"] else "")


def shift(formula: str, drow: int, dcol: int) -> str:
    """A shared formula as it reads in a cell ``drow`` rows and ``dcol`` columns from its master cell."""
    out: list[str] = []
    pos = 0
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        if not m:
            return "".join(out) + formula[pos:]
        out.append(_shift_one(m, drow, dcol) if m.lastgroup in ("ref", "c1", "r1", "c2", "r2", "sheet") else m[0])
        pos = m.end()
    return "".join(out)


Resolve = Callable[[Token], Cell | None]  # a name token -> the cell it names (None: unknown name)


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a formula refers to and whether it only adds them up."""

    cells: tuple[Cell, ...]  # every referenced cell, ranges expanded, names resolved (in order, with repeats)
    additive: bool  # only '+', SUM and N: the formula is the sum of ``cells``
    simple: bool  # only +, -, SUM and N: govxl can evaluate it


def analyse(formula: str, sheet: str, resolve: Resolve) -> Parsed:
    try:
        toks = tokens(formula)
    except NotSimple:
        return Parsed((), False, False)
    cells = tuple(_cells(toks, sheet, resolve))
    ops = {t.text for t in toks if t.kind == "op"} - {",", "(", ")", "+"}
    funcs = {t.text for t in toks if t.kind == "func"}
    unresolved = any(t.kind == "name" and resolve(t) is None for t in toks)
    other = any(t.kind in ("str", "err") for t in toks) or unresolved
    simple = not other and ops <= {"-"} and funcs <= {"SUM", "N"}
    return Parsed(cells, simple and not ops, simple)


def _cells(toks: Sequence[Token], sheet: str, resolve: Resolve) -> Iterator[Cell]:
    for t in toks:
        if t.kind == "ref" and t.area:
            r1, c1, r2, c2 = t.area
            s = t.sheet or sheet
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    yield (s, r, c)
        elif t.kind == "name":
            cell = resolve(t)
            if cell is not None:
                yield cell


def evaluate(formula: str, sheet: str, resolve: Resolve, number: Callable[[Cell], float]) -> float:
    """The value of a simple formula, each cell counted as ``number(cell)``; raise NotSimple otherwise."""
    toks = tokens(formula)
    ev = _Evaluator(toks, sheet, resolve, number)
    value = ev.expr()
    if ev.pos != len(toks):
        raise NotSimple(formula)
    return value


class _Evaluator:
    def __init__(self, toks: Sequence[Token], sheet: str, resolve: Resolve, number: Callable[[Cell], float]) -> None:
        self.toks, self.sheet, self.resolve, self.number, self.pos = toks, sheet, resolve, number, 0

    def peek(self) -> Token | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise NotSimple("unexpected end")
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.kind != "op" or tok.text != text:
            raise NotSimple(tok.text)

    def expr(self) -> float:
        value = self.unary()
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text in "+-":
            self.pos += 1
            value = value + self.unary() if tok.text == "+" else value - self.unary()
        return value

    def unary(self) -> float:
        tok = self.take()
        if tok.kind == "op" and tok.text in "+-":
            value = self.unary()
            return -value if tok.text == "-" else value
        if tok.kind == "num":
            return float(tok.text)
        if tok.kind == "op" and tok.text == "(":
            value = self.expr()
            self.expect(")")
            return value
        if tok.kind in ("ref", "name"):
            cells = list(_cells([tok], self.sheet, self.resolve))
            if len(cells) != 1:
                raise NotSimple(tok.text)
            return self.number(cells[0])
        if tok.kind == "func" and tok.text in ("SUM", "N"):
            return self.call(tok.text)
        raise NotSimple(tok.text)

    def call(self, func: str) -> float:
        terms: list[float] = []  # summed exactly (math.fsum), as Excel's 15 digits show the sum of decimals
        args = 0
        while True:
            tok = self.peek()
            if tok is not None and tok.kind == "op" and tok.text == ")":
                self.pos += 1
                break
            if args:
                self.expect(",")
            args += 1
            tok = self.peek()
            if tok is not None and tok.kind == "ref" and tok.area and tok.area[:2] != tok.area[2:]:
                self.pos += 1
                if func != "SUM":
                    raise NotSimple(tok.text)
                terms.extend(self.number(c) for c in _cells([tok], self.sheet, self.resolve))
            else:
                terms.append(self.expr())
        if func == "N" and args != 1:
            raise NotSimple(func)
        return math.fsum(terms)
