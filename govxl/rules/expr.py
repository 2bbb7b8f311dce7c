"""A tiny rule language: one expression, two evaluators.

A check is written once as an expression over canonical keys, e.g.
``t3_new_natural + t3_carried_natural == t3_total_natural + t3_forward_natural``. The same parsed tree is
compiled to an Excel formula over the template's defined names (:func:`to_excel`) and to a Python
function of a report (:func:`compile_python`, run by :func:`evaluate`). No ``eval``: the source is parsed
with :mod:`ast`, and :func:`parse` accepts only well-typed trees of the node types below.

Types: a *number* (a key, a numeric constant, ``+``, ``-``, ``sum``, ``num``), a *truth* (a comparison, a
function below, ``and``/``or``/``not``) and a *text* (a string constant, only as ``contains``' second
argument). Arithmetic takes numbers, ``and``/``or``/``not`` take truths; anything else is rejected when
the rule is parsed, naming the rule.

Semantics shared by both evaluators (the property tests of tests/test_rules_expr.py prove they agree in
govxl's formula evaluator and in LibreOffice):

* a key in arithmetic is its number; blank and text count as 0 (Excel ``N()``);
* comparisons (``==`` ``!=`` ``>=`` ``<=`` ``>`` ``<``, and ``within``) round the difference to 6 decimals;
* a cell is blank when it holds nothing or only spaces;
* functions: ``blank(k)``, ``noblank(k, …)``, ``present(k)``, ``valid(k)`` (the value fits its kind),
  ``contains(k, "s")`` (k a text cell), ``within(k, lo, hi)``, ``sum(x, …)``, ``num(x)``;
* ``last.k`` is key ``k`` of the same unit's report of the year before (in the sheet: a cell holding it).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol

from govxl.chinese import fold
from govxl.schema import Kind

PRECISION = 6
LARGEST = 1e15  # a constant beyond Excel's 15 significant digits would mean another number in the sheet
_CMP = {ast.Eq: "=", ast.NotEq: "<>", ast.GtE: ">=", ast.LtE: "<=", ast.Gt: ">", ast.Lt: "<"}


class RuleSyntaxError(ValueError):
    """A rule expression uses something the rule language does not have."""


class Type(StrEnum):
    NUMBER = "number"
    TRUTH = "truth"
    TEXT = "text"  # a string constant


KEY = "key"  # a function argument that must be a key itself (the cell, not its number)


@dataclass(frozen=True)
class Signature:
    args: tuple[str, ...]  # KEY or a Type per argument
    returns: Type
    repeat: bool = False  # the last argument may be repeated


FUNCTIONS: dict[str, Signature] = {
    "blank": Signature((KEY,), Type.TRUTH),
    "noblank": Signature((KEY,), Type.TRUTH, repeat=True),
    "present": Signature((KEY,), Type.TRUTH),
    "valid": Signature((KEY,), Type.TRUTH),
    "contains": Signature((KEY, Type.TEXT), Type.TRUTH),
    "within": Signature((KEY, Type.NUMBER, Type.NUMBER), Type.TRUTH),
    "sum": Signature((Type.NUMBER,), Type.NUMBER, repeat=True),
    "num": Signature((Type.NUMBER,), Type.NUMBER),
}
RESERVED = frozenset({*FUNCTIONS, "last"})


@dataclass(frozen=True)
class Expr:
    """A parsed check expression."""

    source: str
    tree: ast.expr
    rule: str | None = None  # the rule it belongs to, named in errors

    @property
    def keys(self) -> list[str]:
        """Every key the expression reads (current year), in order of appearance, once each."""
        seen: dict[str, None] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and node.id not in RESERVED:
                seen.setdefault(node.id)
        return list(seen)

    @property
    def prior_keys(self) -> list[str]:
        return [n.attr for n in ast.walk(self.tree) if isinstance(n, ast.Attribute)]

    @property
    def comparison(self) -> tuple[ast.expr, ast.expr] | None:
        """The two sides when the expression is one comparison (for expected/actual figures)."""
        if isinstance(self.tree, ast.Compare):
            return self.tree.left, self.tree.comparators[0]
        return None

    @cached_property
    def python(self) -> Compiled:
        """The expression as a Python function of (values, prior), compiled from this very tree."""
        return compile_python(self.tree)

    @cached_property
    def python_sides(self) -> tuple[Compiled, Compiled] | None:
        sides = self.comparison
        return (compile_python(sides[0]), compile_python(sides[1])) if sides else None


_EXPAND = re.compile(r"(\w*)\[(\w+)\](\w*)")


def expand(template: str, sets: Mapping[str, Iterable[str]], **scalars: object) -> str:
    """Fill ``{var}`` with ``scalars`` and turn ``pre[set]post`` into the comma-joined member names."""
    text = template.format(**scalars)

    def repl(m: re.Match[str]) -> str:
        return ", ".join(f"{m[1]}{member}{m[3]}" for member in sets[m[2]])

    return _EXPAND.sub(repl, text)


def parse(source: str, rule: str | None = None, *, truth: bool = False) -> Expr:
    """The expression ``source`` (of rule ``rule``, named in errors); ``truth``: it must be true or false."""
    where = _naming(rule, source)
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise RuleSyntaxError(f"{where}: cannot parse: {exc.msg}") from None
    found = _Typing(where).type(tree)
    if found is Type.TEXT or truth and found is not Type.TRUTH:
        raise RuleSyntaxError(f"{where}: the expression is a {found}, a check must be true or false")
    return Expr(source, tree, rule)


def _naming(rule: str | None, source: str) -> str:
    return f"rule {rule} ({source!r})" if rule else f"rule {source!r}"


class _Typing:
    """The type of each node, or a RuleSyntaxError naming the rule and what to write instead."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, what: str) -> RuleSyntaxError:
        return RuleSyntaxError(f"{self.where}: {what}")

    def expect(self, node: ast.expr, want: str, context: str) -> None:
        if want == KEY:
            if not isinstance(node, ast.Name) or node.id in RESERVED:
                raise self.fail(f"{context} must be a key, not {ast.unparse(node)!r}")
            return
        found = self.type(node)
        if found is not want:
            raise self.fail(f"{context} must be a {want}, not the {found} {ast.unparse(node)!r}")

    def type(self, node: ast.expr) -> Type:
        match node:
            case ast.Constant(value=str()):
                return Type.TEXT
            case ast.Constant(value=bool()) | ast.Constant(value=None):
                raise self.fail(f"{node.value!r} is not a value of the rule language")
            case ast.Constant(value=int() | float() as x):
                if not (math.isfinite(x) and abs(x) < LARGEST):
                    raise self.fail(f"the constant {ast.unparse(node)} is beyond 15 digits")
                return Type.NUMBER
            case ast.Name(id=name):
                if name in RESERVED:
                    raise self.fail(f"{name!r} is a function or last.<key>, not a key")
                return Type.NUMBER
            case ast.Attribute(value=ast.Name(id="last"), attr=str()):
                return Type.NUMBER
            case ast.UnaryOp(op=ast.USub(), operand=x):
                self.expect(x, Type.NUMBER, "the operand of -")
                return Type.NUMBER
            case ast.UnaryOp(op=ast.Not(), operand=x):
                self.expect(x, Type.TRUTH, "the operand of not")
                return Type.TRUTH
            case ast.BinOp(left=a, op=ast.Add() | ast.Sub(), right=b):
                self.expect(a, Type.NUMBER, "each side of + and -")
                self.expect(b, Type.NUMBER, "each side of + and -")
                return Type.NUMBER
            case ast.BoolOp(values=values):
                for v in values:
                    self.expect(v, Type.TRUTH, "each operand of and/or")
                return Type.TRUTH
            case ast.Compare(left=a, ops=[op], comparators=[b]) if type(op) in _CMP:
                self.expect(a, Type.NUMBER, "each side of a comparison")
                self.expect(b, Type.NUMBER, "each side of a comparison")
                return Type.TRUTH
            case ast.Compare():
                raise self.fail("one comparison at a time (no chains, no in/is)")
            case ast.Call(func=ast.Name(id=fn), args=args, keywords=[]) if fn in FUNCTIONS:
                return self.call(fn, FUNCTIONS[fn], args)
            case ast.Call():
                raise self.fail(f"unknown function or keyword argument in {ast.unparse(node)!r}; "
                                f"the functions are {', '.join(FUNCTIONS)}")
        raise self.fail(f"{type(node).__name__} ({ast.unparse(node)!r}) is not allowed")

    def call(self, fn: str, sig: Signature, args: list[ast.expr]) -> Type:
        wanted = list(sig.args) + [sig.args[-1]] * (len(args) - len(sig.args)) if sig.repeat else list(sig.args)
        if len(args) != len(wanted) or not args:
            count = f"{len(sig.args)} or more" if sig.repeat else str(len(sig.args))
            raise self.fail(f"{fn}() takes {count} argument(s), not {len(args)}")
        for n, (arg, want) in enumerate(zip(args, wanted, strict=True), 1):
            self.expect(arg, want, f"argument {n} of {fn}()")
            if want is Type.TEXT and isinstance(arg, ast.Constant) and not arg.value:  # LibreOffice's FIND("", …)
                raise self.fail(f"argument {n} of {fn}() is empty: every text contains it")  # is an error
        return sig.returns


# ---------------------------------------------------------------------------------------------------
# Excel


def excel_blank(name: str) -> str:
    """The sheet's test of ``blank(k)``: nothing, or only spaces (Python: :func:`govxl.values.interpret`)."""
    return f"LEN(TRIM({name}))=0"


def _excel_valid(name: str, kind: Kind) -> str:
    # IF, not AND: Excel evaluates every argument of AND, and INT("无") is an error.
    tests = {
        Kind.COUNT: f"AND({name}>=0,{name}=INT({name}))",
        Kind.SIGNED: f"{name}=INT({name})",
        Kind.AMOUNT: f"{name}>=0",
        Kind.YEAR: f"AND({name}=INT({name}),{name}>=1990,{name}<=2100)",
    }
    if kind not in tests:
        return "TRUE"
    return f"IF({excel_blank(name)},TRUE,IF(ISNUMBER({name}),{tests[kind]},FALSE))"


_NUMBER_KINDS = (Kind.COUNT, Kind.SIGNED, Kind.AMOUNT, Kind.YEAR)  # N() of the cell is govxl's number
_TEXT_KINDS = (Kind.TEXT, Kind.CHOICE)
_VALID_KINDS = (*_NUMBER_KINDS, *_TEXT_KINDS)
_ATOMS = (ast.Name, ast.Constant, ast.Call)  # compile to one term: never need parentheses


def to_excel(expr: Expr, kind_of: Callable[[str], Kind], name_of: Callable[[str], str] = str,
             last_of: Callable[[str], str] | None = None) -> str:
    """The expression as an Excel formula body (no leading ``=``) over defined names.

    The formula computes what :func:`compile_python` computes; a use of a key whose cell means another
    thing in the sheet (a date's serial number in arithmetic, ``valid`` of a date) is refused here.
    ``last.k`` is the cell named ``last_of(k)``, which holds last year's figure (a template made from last
    year's report); without ``last_of`` it cannot be checked in one workbook."""

    def fail(what: str) -> RuleSyntaxError:
        return RuleSyntaxError(f"{_naming(expr.rule, expr.source)}: {what}")

    def key(node: ast.expr, kinds: tuple[Kind, ...] | None = None) -> str:
        assert isinstance(node, ast.Name)  # parse() checked the argument is a key
        if kinds is not None and kind_of(node.id) not in kinds:
            raise fail(f"{node.id} is a {kind_of(node.id)} cell: in the sheet it would mean another value")
        return name_of(node.id)

    def operand(node: ast.expr) -> str:
        return go(node) if isinstance(node, _ATOMS) else f"({go(node)})"

    def go(node: ast.expr) -> str:
        match node:
            case ast.Constant(value=str() as s):
                return '"' + s.replace('"', '""') + '"'
            case ast.Constant(value=value):
                return repr(value)
            case ast.Name():
                return f"N({key(node, _NUMBER_KINDS)})"
            case ast.Attribute(attr=k):
                if last_of is None:
                    raise fail("last.<key> cannot be checked inside one workbook")
                return f"N({last_of(k)})"
            case ast.UnaryOp(op=ast.USub(), operand=x):
                return f"-{operand(x)}"
            case ast.UnaryOp(op=ast.Not(), operand=x):
                return f"NOT({go(x)})"
            case ast.BoolOp(op=op, values=values):
                return ("AND(" if isinstance(op, ast.And) else "OR(") + ",".join(go(v) for v in values) + ")"
            case ast.BinOp(left=a, op=op, right=b):  # left-associative: only the right side needs brackets
                left = go(a) if isinstance(a, ast.BinOp) else operand(a)
                return f"{left}{'+' if isinstance(op, ast.Add) else '-'}{operand(b)}"
            case ast.Compare(left=a, ops=[op], comparators=[b]):
                return f"ROUND({operand(a)}-{operand(b)},{PRECISION}){_CMP[type(op)]}0"
            case ast.Call(func=ast.Name(id=fn), args=args):
                return call(fn, args)
        raise fail(f"cannot compile {ast.dump(node)}")

    def call(fn: str, args: list[ast.expr]) -> str:
        match fn, args:
            case "sum", _:
                return "(" + "+".join(operand(a) for a in args) + ")"
            case "num", [x]:
                return operand(x)
            case "noblank", _:
                return "AND(" + ",".join(f"LEN(TRIM({key(a)}))>0" for a in args) + ")"
            case "blank", [k]:
                return excel_blank(key(k))
            case "present", [k]:
                return f"LEN(TRIM({key(k)}))>0"
            case "valid", [ast.Name(id=k) as arg]:  # a date: a number in the sheet, perhaps text in a report
                return _excel_valid(key(arg, _VALID_KINDS), kind_of(k))
            case "contains", [k, text]:
                return f"ISNUMBER(FIND({go(text)},{key(k, _TEXT_KINDS)}))"
            case "within", [k, lo, hi]:
                n = f"N({key(k, _NUMBER_KINDS)})"
                return f"AND(ROUND({n}-{operand(lo)},{PRECISION})>=0,ROUND({operand(hi)}-{n},{PRECISION})>=0)"
        raise fail(f"cannot compile {fn}()")

    return go(expr.tree)


def difference_excel(expr: Expr, name_of: Callable[[str], str] = str,
                     last_of: Callable[[str], str] | None = None) -> str | None:
    """Excel formula body for ``left - right`` of a comparison (the figure shown beside a check)."""
    sides = expr.comparison
    if sides is None:
        return None
    left, right = (to_excel(Expr(expr.source, side), lambda _: Kind.COUNT, name_of, last_of) for side in sides)
    return f"({left})-({right})"


# ---------------------------------------------------------------------------------------------------
# Python


class Values(Protocol):
    """What :func:`evaluate` needs of a report (a :class:`~govxl.report.Report` is one)."""

    def number(self, key: str) -> float: ...  # blank and text count 0

    def is_blank(self, key: str) -> bool: ...

    def is_valid(self, key: str) -> bool: ...  # the value fits its kind (value-type)

    def text(self, key: str) -> str: ...


Compiled = Callable[[Values, "Values | None"], Any]  # f(values, prior)


def evaluate(expr: Expr | ast.expr, values: Values, prior: Values | None = None) -> Any:
    """The value of ``expr`` for ``values`` (and ``prior``, the year before)."""
    return (expr.python if isinstance(expr, Expr) else compile_python(expr))(values, prior)


def compile_python(tree: ast.expr) -> Compiled:
    """The tree as a Python function of (values, prior): walked once here, not once per report."""

    def go(node: ast.expr) -> Compiled:
        match node:
            case ast.Constant(value=value):
                return lambda v, p: value
            case ast.Name(id=key):
                return lambda v, p: v.number(key)
            case ast.Attribute(attr=key):
                return lambda v, p: _prior(p).number(key)
            case ast.UnaryOp(op=ast.USub(), operand=x):
                f = go(x)
                return lambda v, p: -f(v, p)
            case ast.UnaryOp(op=ast.Not(), operand=x):
                f = go(x)
                return lambda v, p: not f(v, p)
            case ast.BoolOp(op=ast.And(), values=vs):
                fs = [go(x) for x in vs]
                return lambda v, p: all(f(v, p) for f in fs)
            case ast.BoolOp(op=ast.Or(), values=vs):
                fs = [go(x) for x in vs]
                return lambda v, p: any(f(v, p) for f in fs)
            case ast.BinOp(left=a, op=ast.Add(), right=b):
                fa, fb = go(a), go(b)
                return lambda v, p: fa(v, p) + fb(v, p)
            case ast.BinOp(left=a, op=ast.Sub(), right=b):
                fa, fb = go(a), go(b)
                return lambda v, p: fa(v, p) - fb(v, p)
            case ast.Compare(left=a, ops=[op], comparators=[b]):
                fa, fb, test = go(a), go(b), _TESTS[type(op)]
                return lambda v, p: test(round(fa(v, p) - fb(v, p), PRECISION))
            case ast.Call(func=ast.Name(id=fn), args=args):
                return call(fn, args)
        raise RuleSyntaxError(ast.dump(node))

    def call(fn: str, args: list[ast.expr]) -> Compiled:
        keys = [a.id for a in args if isinstance(a, ast.Name)]  # the key arguments (parse() checked them)
        match fn, args:
            case "sum", _:
                fs = [go(a) for a in args]
                return lambda v, p: sum(f(v, p) for f in fs)
            case "num", [x]:
                return go(x)
            case "noblank", _:
                return lambda v, p: not any(v.is_blank(k) for k in keys)
            case "blank", _:
                return lambda v, p: v.is_blank(keys[0])
            case "present", _:
                return lambda v, p: v.text(keys[0]).strip(" ") != ""
            case "valid", _:
                return lambda v, p: v.is_valid(keys[0])
            case "contains", [_, ast.Constant(value=str() as part)]:  # as people write it: full-width or
                folded = fold(part)  # traditional forms match too
                return lambda v, p: folded in fold(v.text(keys[0]))
            case "within", [_, lo, hi]:
                flo, fhi = go(lo), go(hi)
                return lambda v, p: (round(v.number(keys[0]) - flo(v, p), PRECISION) >= 0
                                     and round(fhi(v, p) - v.number(keys[0]), PRECISION) >= 0)
        raise RuleSyntaxError(fn)

    return go(tree)


def _prior(prior: Values | None) -> Values:
    if prior is None:
        raise RuleSyntaxError("last.<key> needs the prior report")
    return prior


_TESTS: dict[type, Callable[[float], bool]] = {
    ast.Eq: lambda d: d == 0, ast.NotEq: lambda d: d != 0, ast.GtE: lambda d: d >= 0, ast.LtE: lambda d: d <= 0,
    ast.Gt: lambda d: d > 0, ast.Lt: lambda d: d < 0,
}


def side_values(expr: Expr, values: Values, prior: Values | None = None) -> tuple[float, float] | None:
    """(left, right) of a comparison, for a finding's actual and expected figures."""
    sides = expr.python_sides
    if sides is None:
        return None
    return sides[0](values, prior), sides[1](values, prior)
