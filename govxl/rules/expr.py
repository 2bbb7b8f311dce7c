"""A tiny rule language: one expression, two evaluators.

A check is written once as an expression over canonical keys, e.g.
``t3_new_natural + t3_carried_natural == t3_total_natural + t3_forward_natural``. The same parsed tree is
compiled to an Excel formula over the template's defined names (:func:`to_excel`) and to a Python
function of a report (:func:`compile_python`, run by :func:`evaluate`). No ``eval``: the source is parsed
with :mod:`ast` and only the node types below are accepted.

Semantics shared by both evaluators (the tests prove they agree in LibreOffice):

* a key in arithmetic is its number; blank and text count as 0 (Excel ``N()``);
* ``==``/``>=``/``<=`` compare after rounding the difference to 6 decimals;
* functions: ``blank(k)``, ``noblank(k, …)``, ``present(k)``, ``valid(k)`` (the value fits its kind), ``contains(k, "s")``,
  ``within(k, lo, hi)``, ``sum(k, …)``, ``num(k)``, and the boolean ``and``/``or``/``not``;
* ``last.k`` is key ``k`` of the same unit's report of the year before (Python only).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from govxl.chinese import fold
from govxl.schema import Kind

PRECISION = 6
_CMP = {ast.Eq: ("==", "="), ast.GtE: (">=", ">="), ast.LtE: ("<=", "<="), ast.Gt: (">", ">"), ast.Lt: ("<", "<")}
FUNCTIONS = frozenset({"blank", "noblank", "present", "valid", "contains", "within", "sum", "num"})


class RuleSyntaxError(ValueError):
    """A rule expression uses something the rule language does not have."""


@dataclass(frozen=True)
class Expr:
    """A parsed check expression."""

    source: str
    tree: ast.expr

    @property
    def keys(self) -> list[str]:
        """Every key the expression reads (current year), in order of appearance, once each."""
        seen: dict[str, None] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id != "last":
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


def parse(source: str) -> Expr:
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise RuleSyntaxError(f"cannot parse rule {source!r}: {exc.msg}") from None
    _check(tree, source)
    return Expr(source, tree)


def _check(node: ast.AST, source: str) -> None:
    allowed = (ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.BinOp, ast.Add, ast.Sub,
               ast.Compare, ast.Call, ast.Name, ast.Load, ast.Constant, ast.Attribute, *_CMP)
    for child in ast.walk(node):
        if not isinstance(child, allowed):
            raise RuleSyntaxError(f"rule {source!r}: {type(child).__name__} is not allowed")
        if isinstance(child, ast.Call) and not (isinstance(child.func, ast.Name) and child.func.id in FUNCTIONS):
            raise RuleSyntaxError(f"rule {source!r}: unknown function")
        if isinstance(child, ast.Compare) and len(child.ops) != 1:
            raise RuleSyntaxError(f"rule {source!r}: chained comparison")
        if isinstance(child, ast.Attribute) and not (isinstance(child.value, ast.Name) and child.value.id == "last"):
            raise RuleSyntaxError(f"rule {source!r}: only last.<key> may be used")


# ---------------------------------------------------------------------------------------------------
# Excel


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
    return f"IF(ISBLANK({name}),TRUE,IF(ISNUMBER({name}),{tests[kind]},FALSE))"


def to_excel(expr: Expr, kind_of: Callable[[str], Kind], name_of: Callable[[str], str] = str) -> str:
    """The expression as an Excel formula body (no leading ``=``) over defined names."""

    def arg_name(node: ast.expr) -> str:
        if not isinstance(node, ast.Name):
            raise RuleSyntaxError(f"rule {expr.source!r}: function argument must be a key")
        return name_of(node.id)

    def go(node: ast.expr) -> str:
        match node:
            case ast.Constant(value=str() as s):
                return '"' + s.replace('"', '""') + '"'
            case ast.Constant(value=value):
                return repr(value)
            case ast.Name(id=key):
                return f"N({name_of(key)})"
            case ast.Attribute():
                raise RuleSyntaxError(f"rule {expr.source!r}: last.<key> cannot be checked inside one workbook")
            case ast.UnaryOp(op=ast.USub(), operand=x):
                return f"-{go(x)}"
            case ast.UnaryOp(op=ast.Not(), operand=x):
                return f"NOT({go(x)})"
            case ast.BoolOp(op=op, values=values):
                return ("AND(" if isinstance(op, ast.And) else "OR(") + ",".join(go(v) for v in values) + ")"
            case ast.BinOp(left=a, op=op, right=b):
                return f"{go(a)}{'+' if isinstance(op, ast.Add) else '-'}{go(b)}"
            case ast.Compare(left=a, ops=[op], comparators=[b]):
                return f"ROUND(({go(a)})-({go(b)}),{PRECISION}){_CMP[type(op)][1]}0"
            case ast.Call(func=ast.Name(id=fn), args=args):
                return call(fn, args)
        raise RuleSyntaxError(f"rule {expr.source!r}: cannot compile {ast.dump(node)}")

    def call(fn: str, args: list[ast.expr]) -> str:
        if fn == "sum":
            return "(" + "+".join(go(a) for a in args) + ")"
        if fn == "num":
            return go(args[0])
        if fn == "noblank":
            return "(" + "+".join(f"ISBLANK({arg_name(a)})" for a in args) + ")=0"
        name = arg_name(args[0])
        if fn == "blank":
            return f"ISBLANK({name})"
        if fn == "present":
            return f"LEN(TRIM({name}))>0"
        if fn == "valid":
            return _excel_valid(name, kind_of(args[0].id))  # type: ignore[attr-defined]
        if fn == "contains":
            return f"ISNUMBER(FIND({go(args[1])},{name}))"
        if fn == "within":
            return f"AND(N({name})>={go(args[1])},N({name})<={go(args[2])})"
        raise RuleSyntaxError(fn)

    return go(expr.tree)


def difference_excel(expr: Expr, name_of: Callable[[str], str] = str) -> str | None:
    """Excel formula body for ``left - right`` of a comparison (the figure shown beside a check)."""
    sides = expr.comparison
    if sides is None:
        return None
    left, right = (to_excel(Expr(expr.source, side), lambda _: Kind.COUNT, name_of) for side in sides)
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
        if fn == "sum":
            fs = [go(a) for a in args]
            return lambda v, p: sum(f(v, p) for f in fs)
        if fn == "num":
            return go(args[0])
        if fn == "noblank":
            keys = [a.id for a in args]  # type: ignore[attr-defined]
            return lambda v, p: not any(v.is_blank(k) for k in keys)
        key = args[0].id  # type: ignore[attr-defined]
        if fn == "blank":
            return lambda v, p: v.is_blank(key)
        if fn == "present":
            return lambda v, p: v.text(key).strip(" ") != ""
        if fn == "valid":
            return lambda v, p: v.is_valid(key)
        if fn == "contains":  # as people write it: full-width or traditional forms match too
            part = go(args[1])
            return lambda v, p: fold(part(v, p)) in fold(v.text(key))
        if fn == "within":
            lo, hi = go(args[1]), go(args[2])
            return lambda v, p: lo(v, p) <= v.number(key) <= hi(v, p)
        raise RuleSyntaxError(fn)

    return go(tree)


def _prior(prior: Values | None) -> Values:
    if prior is None:
        raise RuleSyntaxError("last.<key> needs the prior report")
    return prior


_TESTS: dict[type, Callable[[float], bool]] = {
    ast.Eq: lambda d: d == 0, ast.GtE: lambda d: d >= 0, ast.LtE: lambda d: d <= 0,
    ast.Gt: lambda d: d > 0, ast.Lt: lambda d: d < 0,
}


def side_values(expr: Expr, values: Values, prior: Values | None = None) -> tuple[float, float] | None:
    """(left, right) of a comparison, for a finding's actual and expected figures."""
    sides = expr.python_sides
    if sides is None:
        return None
    return sides[0](values, prior), sides[1](values, prior)
