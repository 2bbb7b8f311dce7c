"""The rule language: what parse() refuses, and that every tree it accepts compiles to an Excel formula
meaning what the Python function computes — in govxl's own formula evaluator for many random trees, and
in LibreOffice for a batch of them in one workbook."""

from __future__ import annotations

import ast
import datetime as dt
import math

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from govxl.editions import get_edition
from govxl.reader.formula import calculate
from govxl.report import Report
from govxl.rules import checks
from govxl.rules.expr import RuleSyntaxError, parse, to_excel
from govxl.schema import Kind
from tests import lo

EDITION = get_edition("2019")  # it has every kind: counts, signed changes, an amount, a year, text, a choice
NUMERIC = ["t3_new_natural", "t3_carried_legal", "t3_new_total", "t2_license_change", "t2_procurement_amount",
           "meta_year"]
TEXTUAL = ["text_other", "meta_level", "meta_unit"]
ANY = [*NUMERIC, *TEXTUAL, "meta_date"]
KEYS = ANY


def kind_of(key: str) -> Kind:
    return EDITION[key].kind


# --- random trees over real keys -------------------------------------------------------------------

def _call(fn: str, *args: ast.expr) -> ast.expr:
    return ast.Call(ast.Name(fn), list(args), [])


_key = st.sampled_from(NUMERIC).map(ast.Name)
_constant = st.one_of(st.integers(0, 3000), st.integers(0, 4000).map(lambda n: n / 100)).map(ast.Constant)
numbers = st.recursive(
    st.one_of(_key, _constant),
    lambda inner: st.one_of(
        st.builds(ast.BinOp, inner, st.sampled_from([ast.Add(), ast.Sub()]), inner),
        inner.map(lambda x: ast.UnaryOp(ast.USub(), x)),
        st.lists(inner, min_size=1, max_size=4).map(lambda xs: _call("sum", *xs)),
        inner.map(lambda x: _call("num", x)),
    ),
    max_leaves=8,
)
_comparison = st.builds(lambda a, op, b: ast.Compare(a, [op], [b]), numbers,
                        st.sampled_from([ast.Eq(), ast.NotEq(), ast.GtE(), ast.LtE(), ast.Gt(), ast.Lt()]), numbers)
_needle = st.sampled_from(["信息处理费", "乡镇", "县级部门", "无", "12"])
truths = st.recursive(
    st.one_of(
        _comparison,
        st.sampled_from(ANY).map(lambda k: _call("blank", ast.Name(k))),
        st.lists(st.sampled_from(ANY), min_size=1, max_size=4).map(lambda ks: _call("noblank", *map(ast.Name, ks))),
        st.sampled_from(ANY).map(lambda k: _call("present", ast.Name(k))),
        st.sampled_from([*NUMERIC, *TEXTUAL]).map(lambda k: _call("valid", ast.Name(k))),
        st.builds(lambda k, s: _call("contains", ast.Name(k), ast.Constant(s)), st.sampled_from(TEXTUAL), _needle),
        st.builds(lambda k, lo, hi: _call("within", k, lo, hi), _key, numbers, numbers),
    ),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: ast.BoolOp(ast.And(), xs)),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: ast.BoolOp(ast.Or(), xs)),
        inner.map(lambda x: ast.UnaryOp(ast.Not(), x)),
    ),
    max_leaves=6,
)
sources = st.one_of(numbers, truths).map(ast.unparse)  # minimal brackets, as a person writes them

# What cells hold: blank, spaces only, numbers (whole and decimal, negative too), words. Not a number
# typed as text ("12"): a number for govxl, text for the sheet, a documented difference (ARCHITECTURE.md).
_number_content = st.one_of(st.none(), st.just("  "), st.integers(-50, 3000),
                            st.integers(-2000, 300000).map(lambda n: n / 100), st.sampled_from(["无", "不详"]))
_text_content = st.one_of(st.none(), st.just(" "), st.integers(0, 20),
                          st.sampled_from(["本年度未收取信息处理费。", "乡镇人民政府", "县级部门", "无", " 内容 "]))
_date_content = st.one_of(st.none(), st.just(dt.datetime(2026, 1, 20)), st.just("2026年1月20日"))
cells = st.fixed_dictionaries({k: _number_content if k in NUMERIC else _text_content if k in TEXTUAL
                               else _date_content for k in KEYS})


def python_value(source: str, contents: dict[str, object]) -> object:
    return parse(source).python(Report.from_cells(EDITION, contents), None)


def agree(python: object, excel: object) -> bool:
    if isinstance(python, bool) or isinstance(excel, bool):
        return python is excel or python == excel and type(python) is type(excel)
    return isinstance(excel, (int, float)) and math.isclose(python, excel, rel_tol=1e-9, abs_tol=1e-9)


def excel_content(x: object) -> object:
    return (x - dt.datetime(1899, 12, 30)).days if isinstance(x, dt.datetime) else x  # a date is its serial


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources, cells)
def test_compiled_formula_computes_the_python_value(source, contents):
    formula = to_excel(parse(source), kind_of)
    at = {k: ("入", 0, n) for n, k in enumerate(KEYS)}
    excel = calculate(formula, "入", lambda tok: at.get(tok.text),
                      lambda cell: excel_content(contents[KEYS[cell[2]]]))
    python = python_value(source, contents)
    assert agree(python, excel), f"{source}\n={formula}\nPython {python!r}, Excel {excel!r}"


BATCH = 200


def random_cases(count: int) -> list[tuple[str, dict[str, object]]]:
    """``count`` (source, cells) drawn by hypothesis, as varied as its examples of a test are."""
    drawn: list[tuple[str, dict[str, object]]] = []

    @settings(max_examples=count, phases=[Phase.generate], deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(sources, cells)
    def draw(source: str, contents: dict[str, object]) -> None:
        drawn.append((source, contents))

    draw()
    return drawn


def test_libreoffice_computes_the_python_value(tmp_path):
    """One workbook: row i holds case i's cells, named n{i}_{key}; sheet 算 holds case i's formula."""
    batch = random_cases(BATCH)
    folder = tmp_path
    path = folder / "exprs.xlsx"
    wb = xlsxwriter.Workbook(path)
    inputs, formulas = wb.add_worksheet("入"), wb.add_worksheet("算")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    compiled = []
    for i, (source, contents) in enumerate(batch):
        for n, key in enumerate(KEYS):
            x = contents[key]
            if isinstance(x, dt.datetime):
                inputs.write_datetime(i, n, x, date)
            elif isinstance(x, str):
                inputs.write_string(i, n, x)
            elif x is not None:
                inputs.write_number(i, n, x)
            wb.define_name(f"n{i}_{key}", f"='入'!${chr(65 + n)}${i + 1}")
        formula = to_excel(parse(source), kind_of, lambda k, i=i: f"n{i}_{k}")
        formulas.write_formula(i, 0, "=" + formula)
        compiled.append(formula)
    wb.close()
    [out] = lo.recalculate([path], folder / "out")
    results = openpyxl.load_workbook(out, data_only=True)["算"]
    wrong = []
    for i, (source, contents) in enumerate(batch):
        excel, python = results.cell(i + 1, 1).value, python_value(source, contents)
        if not agree(python, excel):
            wrong.append(f"{source}\n  ={compiled[i]}\n  cells {contents}\n  Python {python!r}, LibreOffice {excel!r}")
    assert not wrong, f"{len(wrong)} of {len(batch)} formulas differ:\n" + "\n".join(wrong[:10])


# --- what compiles, and to what ----------------------------------------------------------------------

@pytest.mark.parametrize(("source", "formula"), [
    ("a - (b + c) == 0", "ROUND((N(a)-(N(b)+N(c)))-0,6)=0"),
    ("-(a + b) >= 1", "ROUND((-(N(a)+N(b)))-1,6)>=0"),
    ("a - num(b - c) != 0", "ROUND((N(a)-(N(b)-N(c)))-0,6)<>0"),
    ("a - sum(b, c - d) < 0", "ROUND((N(a)-(N(b)+(N(c)-N(d))))-0,6)<0"),
])
def test_brackets_are_kept(source, formula):
    assert to_excel(parse(source), lambda _: Kind.COUNT) == formula


@pytest.mark.parametrize(("source", "complaint"), [
    ("present(1)", "argument 1 of present() must be a key"),
    ("sum()", "sum() takes 1 or more argument(s), not 0"),
    ("num(a, b)", "num() takes 1 argument(s), not 2"),
    ("contains(a, b)", "argument 2 of contains() must be a text"),
    ('contains(a, "")', "argument 2 of contains() is empty"),
    ("blank(a + b)", "must be a key"),
    ("a + (b == c)", "each side of + and - must be a number"),
    ("a and b == 1", "each operand of and/or must be a truth"),
    ("not a", "the operand of not must be a truth"),
    ("a == 1 == b", "one comparison at a time"),
    ("sum(a, start=1) == 0", "keyword argument"),
    ("max(a, b) == 0", "unknown function"),
    ("sum + 1 == 0", "'sum' is a function"),
    ("a * 2 == 0", "BinOp"),
    ("a == True", "True is not a value"),
    ("a == 1e999", "beyond 15 digits"),
    ('"信息处理费"', "the expression is a text"),
])
def test_parse_refuses_with_the_rule_id(source, complaint):
    with pytest.raises(RuleSyntaxError) as caught:
        parse(source, "t3-balance")
    assert "t3-balance" in str(caught.value) and complaint in str(caught.value)


def test_a_check_must_be_true_or_false():
    assert parse("a + 1").keys == ["a"]
    with pytest.raises(RuleSyntaxError, match="must be true or false"):
        parse("a + 1", "t3-balance", truth=True)


@pytest.mark.parametrize("source", ["meta_date + 1 == 0", "valid(meta_date)", "contains(t3_new_natural, \"1\")",
                                    "within(text_other, 0, 1)"])
def test_a_cell_meaning_another_value_in_the_sheet_is_refused(source):
    with pytest.raises(RuleSyntaxError, match=r"rule text-fee .*another value"):
        to_excel(parse(source, "text-fee"), kind_of)


@pytest.mark.parametrize("eid", ["2019", "2021"])
def test_every_catalogue_check_compiles_within_excel_limits(eid):
    e = get_edition(eid)
    for c in checks(e):
        formula = to_excel(c.expr, lambda k: e[k].kind)
        assert len(formula) < 8192, c.id  # Excel's longest formula


def test_the_evaluator_adds_5000_cells_written_out_with_plus():
    formula = "+".join(f"A{i}" for i in range(1, 5001)) + "-A1"
    assert calculate(formula, "入", lambda tok: None, lambda cell: cell[1] + 1) == 5000 * 5001 / 2 - 1
