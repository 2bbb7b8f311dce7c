"""Just enough of Excel's formula language to read a template: shift shared formulas, list what a formula
refers to, and evaluate the simple ones (+, -, SUM and N over numbers, cells, ranges and names).

Anything beyond that is "not simple": the caller falls back to the cached value and says so.
:func:`calculate` evaluates more (comparisons, text, logic): every formula the rule language compiles to.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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
    value = _Parser(tokens(formula), sheet, resolve, simple=True).parse().run(number)
    if not _is_number(value):
        raise NotSimple(formula)
    return value  # type: ignore[return-value]


Content = Callable[[Cell], object]  # a cell's literal content: int/float, str, bool, or None (blank)


def calculate(formula: str, sheet: str, resolve: Resolve, content: Content) -> float | bool | str:
    """The value of a formula as Excel computes it, over the cells' ``content``: the arithmetic above plus
    comparisons, strings, TRUE/FALSE and the functions of :data:`FUNCTIONS` (what the rule language compiles
    to, :func:`govxl.rules.expr.to_excel`). An Excel error (``#VALUE!``) raises :class:`ExcelError`."""
    value = _Parser(tokens(formula), sheet, resolve, simple=False).parse().run(content)
    if isinstance(value, list):
        raise NotSimple(formula)
    return 0 if value is None else value  # type: ignore[return-value]


class ExcelError(NotSimple):
    """The formula's value is an Excel error (``#VALUE!``): text in arithmetic, FIND finding nothing …"""


@dataclass(frozen=True, slots=True)
class _Node:
    run: Callable[[Content], object]  # the value; a range gives the list of its cells' contents
    ref: bool = False  # a reference: SUM and AND skip the text (and blanks) it holds
    area: bool = False  # a range of several cells: only SUM takes one


class _Parser:
    """Recursive descent over the tokens, by Excel's precedence: comparison < + - < unary minus < operand."""

    def __init__(self, toks: Sequence[Token], sheet: str, resolve: Resolve, *, simple: bool) -> None:
        self.toks, self.sheet, self.resolve, self.simple, self.pos = toks, sheet, resolve, simple, 0

    def parse(self) -> _Node:
        node = self.additive() if self.simple else self.comparison()
        if self.pos != len(self.toks):
            raise NotSimple(self.toks[self.pos].text)
        return node

    def peek_op(self, ops: Iterable[str]) -> str | None:
        tok = self.toks[self.pos] if self.pos < len(self.toks) else None
        return tok.text if tok is not None and tok.kind == "op" and tok.text in ops else None

    def take(self) -> Token:
        if self.pos >= len(self.toks):
            raise NotSimple("unexpected end")
        self.pos += 1
        return self.toks[self.pos - 1]

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.kind != "op" or tok.text != text:
            raise NotSimple(tok.text)

    def comparison(self) -> _Node:
        node = self.additive()
        while op := self.peek_op(_COMPARE):
            self.pos += 1
            node = _compare(_COMPARE[op], node, self.additive())
        return node

    def additive(self) -> _Node:
        first = self.unary()
        rest: list[tuple[Callable[[float, float], float], _Node]] = []
        while op := self.peek_op("+-"):
            self.pos += 1
            rest.append((operator.add if op == "+" else operator.sub, self.unary()))
        return _arithmetic(first, rest) if rest else first

    def unary(self) -> _Node:
        if op := self.peek_op("+-"):
            self.pos += 1
            x = self.unary()
            return _Node(lambda c: -_number(x.run(c))) if op == "-" else _Node(lambda c: _number(x.run(c)))
        return self.operand()

    def operand(self) -> _Node:
        tok = self.take()
        if tok.kind == "num":
            value = float(tok.text)
            return _Node(lambda c: value)
        if tok.kind == "str" and not self.simple:
            text = tok.text[1:-1].replace('""', '"')
            return _Node(lambda c: text)
        if tok.kind == "op" and tok.text == "(":
            node = self.comparison() if not self.simple else self.additive()
            self.expect(")")
            return node
        if tok.kind == "name" and not self.simple and tok.sheet is None and tok.text.upper() in ("TRUE", "FALSE"):
            truth = tok.text.upper() == "TRUE"
            return _Node(lambda c: truth)
        if tok.kind in ("ref", "name"):
            cells = list(_cells([tok], self.sheet, self.resolve))
            if not cells:
                raise NotSimple(tok.text)
            if len(cells) == 1:
                return _Node(lambda c: c(cells[0]), ref=True)
            return _Node(lambda c: [c(cell) for cell in cells], ref=True, area=True)
        if tok.kind == "func" and tok.text in (_SIMPLE if self.simple else FUNCTIONS):
            return self.call(tok.text)
        raise NotSimple(tok.text)

    def call(self, name: str) -> _Node:
        args: list[_Node] = []
        while not self.peek_op(")"):
            if args:
                self.expect(",")
            args.append(self.comparison() if not self.simple else self.additive())
        self.pos += 1
        fewest, most, fn = FUNCTIONS[name]
        if not fewest <= len(args) <= most:
            raise NotSimple(f"{name} takes {fewest}..{most} arguments")
        if name != "SUM" and any(a.area for a in args):
            raise NotSimple(name)
        return _Node(lambda c: fn(args, c))


# --- Excel's values: numbers, text, TRUE/FALSE, blank (None); an error raises ExcelError -------------


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _number(x: object) -> float:
    if x is None:
        return 0
    if isinstance(x, (bool, int, float)):
        return x  # type: ignore[return-value]  # TRUE is 1
    if isinstance(x, str):
        try:
            return float(x.strip())
        except ValueError:
            pass
    raise ExcelError("#VALUE!")


def _text(x: object) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "TRUE" if x else "FALSE"
    if _is_number(x):
        return format(x, ".15g").upper()  # Excel's General format, near enough
    if isinstance(x, str):
        return x
    raise ExcelError("#VALUE!")


def _truth(x: object, skip_text: bool = False) -> bool | None:
    if x is None or skip_text and isinstance(x, str):
        return None
    if isinstance(x, (bool, int, float)):
        return bool(x)
    raise ExcelError("#VALUE!")


def _arithmetic(first: _Node, rest: list[tuple[Callable[[float, float], float], _Node]]) -> _Node:
    """``first`` then each (+ or -, term) from left to right: a loop, so a sum of 5,000 cells is no recursion."""

    def run(c: Content) -> float:
        value = _number(first.run(c))
        for op, term in rest:
            value = op(value, _number(term.run(c)))
        return value

    return _Node(run)


_COMPARE: dict[str, Callable[[int], bool]] = {
    "=": lambda d: d == 0, "<>": lambda d: d != 0, "<": lambda d: d < 0, ">": lambda d: d > 0,
    "<=": lambda d: d <= 0, ">=": lambda d: d >= 0,
}


def _compare(test: Callable[[int], bool], a: _Node, b: _Node) -> _Node:
    """Excel's order: numbers < text (case-insensitive) < TRUE/FALSE; a blank is 0, "" or FALSE beside them."""

    def order(x: object, y: object) -> int:
        x = _empty_like(y) if x is None else x
        y = _empty_like(x) if y is None else y
        rx, ry = _rank(x), _rank(y)
        if rx != ry:
            return (rx > ry) - (rx < ry)
        if isinstance(x, str) and isinstance(y, str):
            x, y = x.lower(), y.lower()
        return (x > y) - (x < y)  # type: ignore[operator]

    return _Node(lambda c: test(order(a.run(c), b.run(c))))


def _empty_like(x: object) -> object:
    return "" if isinstance(x, str) else False if isinstance(x, bool) else 0


def _rank(x: object) -> int:
    if isinstance(x, bool):
        return 2
    if isinstance(x, str):
        return 1
    if _is_number(x):
        return 0
    raise ExcelError("#VALUE!")


def _values(args: Sequence[_Node], c: Content) -> Iterator[tuple[object, bool]]:
    """Each argument's value, a range's cells one by one, with whether it came from a reference."""
    for a in args:
        v = a.run(c)
        for x in v if isinstance(v, list) else [v]:
            yield x, a.ref


def _sum(args: Sequence[_Node], c: Content) -> float:
    # summed exactly (math.fsum), as Excel's 15 digits show the sum of decimals; a reference's text is skipped
    return math.fsum(_number(x) for x, ref in _values(args, c) if not ref or _is_number(x))


def _logical(all_or_any: Callable[[Iterable[bool]], bool]) -> Callable[[Sequence[_Node], Content], bool]:
    def fn(args: Sequence[_Node], c: Content) -> bool:
        truths = [t for x, ref in _values(args, c) if (t := _truth(x, skip_text=ref)) is not None]
        if not truths:
            raise ExcelError("#VALUE!")
        return all_or_any(truths)

    return fn


def _if(args: Sequence[_Node], c: Content) -> object:
    if _truth(args[0].run(c)):
        return args[1].run(c)
    return args[2].run(c) if len(args) > 2 else False


def _is(test: Callable[[object], bool]) -> Callable[[Sequence[_Node], Content], bool]:
    def fn(args: Sequence[_Node], c: Content) -> bool:
        try:
            return test(args[0].run(c))
        except ExcelError:
            return False

    return fn


def _round(args: Sequence[_Node], c: Content) -> float:
    """Half away from zero, on the decimal digits (as Excel, not Python's round)."""
    x, digits = _number(args[0].run(c)), int(_number(args[1].run(c)))
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _find(args: Sequence[_Node], c: Content) -> int:
    start = int(_number(args[2].run(c))) if len(args) > 2 else 1
    at = _text(args[1].run(c)).find(_text(args[0].run(c)), start - 1)
    if at < 0 or start < 1:
        raise ExcelError("#VALUE!")
    return at + 1


def _one(fn: Callable[[object], object]) -> Callable[[Sequence[_Node], Content], object]:
    return lambda args, c: fn(args[0].run(c))


def _n(x: object) -> float:
    return int(x) if isinstance(x, bool) else x if _is_number(x) else 0  # type: ignore[return-value]


_Function = tuple[int, int, Callable[[Sequence[_Node], Content], object]]  # (fewest, most arguments, body)
FUNCTIONS: dict[str, _Function] = {
    "SUM": (1, 255, _sum),
    "N": (1, 1, _one(_n)),
    "ROUND": (2, 2, _round),
    "AND": (1, 255, _logical(all)),
    "OR": (1, 255, _logical(any)),
    "NOT": (1, 1, _one(lambda x: not _truth(x))),
    "IF": (2, 3, _if),
    "ISBLANK": (1, 1, _is(lambda x: x is None)),
    "ISNUMBER": (1, 1, _is(_is_number)),
    "INT": (1, 1, _one(lambda x: math.floor(_number(x)))),
    "LEN": (1, 1, _one(lambda x: len(_text(x)))),
    "TRIM": (1, 1, _one(lambda x: re.sub(" +", " ", _text(x)).strip(" "))),  # spaces only, as Excel
    "FIND": (2, 3, _find),
    "TRUE": (0, 0, lambda args, c: True),
    "FALSE": (0, 0, lambda args, c: False),
}
_SIMPLE = frozenset({"SUM", "N"})
