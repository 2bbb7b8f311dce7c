"""How the form shows a failing live check: a strong mark on the offending cell, a light one on the rest.

Derived from the check's expression (see :mod:`govxl.rules.expr`):

- a comparison of one cell with a sum of several (a 总计 against its parts): the one cell strongly, the
  parts lightly; a comparison of two sums (a balance): every cell lightly;
- a requirement (``present(k)`` / ``noblank(…)``, alone or joined by ``and``): each cell strongly while
  it is blank;
- anything else (``valid(k)``, a condition with ``or``): its first cell strongly — cells only read as
  conditions (单位类别 in the fee-unit check) are not marked.

Nothing is marked until the form holds something (:func:`filled_formula`): a blank template is not wrong.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from govxl.rules import Check
from govxl.rules.expr import Expr, parse, to_excel
from govxl.schema import Edition, Kind
from govxl.template.layout import FormLayout

REQUIREMENTS = ("present", "noblank")


@dataclass(frozen=True)
class Mark:
    key: str
    strong: bool
    requirement: str | None = None  # marked only while this requirement fails on the cell


def marks(check: Check) -> list[Mark]:
    """The cells ``check`` marks while it fails."""
    expr = check.expr
    sides = expr.comparison
    if sides:
        left, right = (Expr(expr.source, side).keys for side in sides)
        if len(left) > 1 and len(right) > 1:
            return [Mark(k, strong=False) for k in expr.keys]
        one, parts = (right, left) if len(right) == 1 < len(left) else (left, right)
        return [*(Mark(k, strong=True) for k in one), *(Mark(k, strong=False) for k in parts if k not in one)]
    required = list(_required(expr.tree))
    if required:
        return [Mark(k, strong=True, requirement=fn) for fn, k in required]
    return [Mark(expr.keys[0], strong=True)] if expr.keys else []


def _required(node: ast.expr) -> Iterator[tuple[str, str]]:
    """Keys whose blankness alone fails the expression: arguments of requirements joined by ``and``."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        for value in node.values:
            yield from _required(value)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REQUIREMENTS:
        yield from ((node.func.id, a.id) for a in node.args if isinstance(a, ast.Name))


def mark_term(mark: Mark, edition: Edition, cell: str, failing: str) -> str:
    """The Excel condition under which ``mark`` shows on ``cell`` (``failing``: the check fails)."""
    if mark.requirement is None:
        return failing
    met = to_excel(parse(f"{mark.requirement}({mark.key})"), lambda k: edition[k].kind, lambda _: cell)
    return f"AND(NOT({met}),{failing})"


def filled_formula(edition: Edition, layout: FormLayout, prefilled: Collection[str] = ()) -> str:
    """TRUE once a required text field (the unit's name) or any cell of a table is filled: the tables'
    non-empty cells are counted beyond their labels and formulas. Cells the template ``prefilled`` (carried from
    last year's report) count as not yet filled."""
    ranges, fixed = [], 0
    for b in layout.blocks:
        if b.table is None:
            continue
        t = b.table
        top, bottom = xl_rowcol_to_cell(b.row, 0), xl_rowcol_to_cell(b.row + t.height - 1, layout.width - 1)
        ranges.append(f"COUNTA({quote_sheetname(layout.sheet_name)}!{top}:{bottom})")
        fixed += sum(1 for s in t.spans if s.col < t.width)
        fixed += sum(1 for s in t.slots if edition[s.key].computed or s.key in prefilled)
    named = [f"LEN(TRIM({k}))>0" for k in edition.keys("meta")
             if edition[k].required and edition[k].kind is Kind.TEXT and k not in prefilled]
    counted = "+".join(ranges) + f">{fixed}"
    return f"=OR({','.join([*named, counted])})"
