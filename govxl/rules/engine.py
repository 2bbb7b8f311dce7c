"""The Python evaluator of the rule catalogue: ``validate(report, prior) -> Findings``.

Expression rules are expanded into :class:`Check` instances per edition (the template writer uses the
very same list for the live checks); the few rules that need more than an expression are the functions
in ``_PYTHON_RULES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from functools import cache

from govxl.errors import UsageError
from govxl.findings import CellRef, Finding, Findings
from govxl.report import Report
from govxl.rules.catalogue import RULES, Rule, Scope, Severity, rule
from govxl.rules.expr import Expr, evaluate, expand, parse, side_values
from govxl.schema import Edition, Kind
from govxl.values import State

KIND_WORDS = {
    Kind.COUNT: "0或正整数", Kind.SIGNED: "整数（可为负数）", Kind.AMOUNT: "0或正数", Kind.YEAR: "四位数字年份",
}


@dataclass(frozen=True)
class Check:
    """One instance of a rule: the rule applied to one member of its ``foreach`` set."""

    rule: Rule
    member: str | None
    expr: Expr
    where: str

    @property
    def id(self) -> str:
        return f"{self.rule.id}:{self.member}" if self.member else self.rule.id


def years_text(edition: Edition) -> str:
    if edition.last_year is None:
        return f"{edition.first_year}年及以后的报告"
    return f"{edition.first_year}—{edition.last_year}年的报告"


@cache
def checks(edition: Edition, scope: Scope = Scope.REPORT, prior: Edition | None = None) -> tuple[Check, ...]:
    """Every expression check of ``scope`` that applies to ``edition`` (and ``prior``'s edition)."""
    out: list[Check] = []
    for r in RULES:
        if r.scope is not scope or r.check is None:
            continue
        members: tuple[str | None, ...] | None = (None,) if r.foreach is None else edition.sets.get(r.foreach)
        if members is None:
            continue
        for m in members:
            source = expand(r.check, edition.sets, m=m or "", first_year=edition.first_year,
                            last_year=edition.last_year or 9999)
            expr = parse(source, r.id, truth=True)
            if any(k not in edition for k in expr.keys):
                continue
            if expr.prior_keys and (prior is None or any(k not in prior for k in expr.prior_keys)):
                continue
            out.append(Check(r, m, expr, _where(edition, r, m)))
    return tuple(out)


def _where(edition: Edition, r: Rule, member: str | None) -> str:
    if member is None or r.foreach is None:
        return ""
    if member in edition:
        return edition[member].label
    return edition.labels.get(r.foreach, {}).get(member, member)


def fmt(x: object) -> str:
    if isinstance(x, float):
        x = round(x, 6)
        return str(int(x)) if x == int(x) else f"{x}"
    return str(x)


def _listing(labels: list[str], most: int = 4) -> str:
    shown = "、".join(labels[:most])
    return shown if len(labels) <= most else f"{shown}等{len(labels)}个"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def cell_refs(report: Report, keys: list[str]) -> tuple[CellRef, ...]:
    refs = []
    for k in keys:
        v = report.values.get(k)
        src = v.source if v else None
        refs.append(CellRef(k, src.sheet if src else None, src.cell if src else None, report.edition[k].label))
    return tuple(refs)


def message_fields(edition: Edition, keys: list[str]) -> dict[str, object]:
    """The message placeholders that depend only on the edition and the cells (both evaluators fill them)."""
    first = edition[keys[0]] if keys else None
    return {
        "cell": first.label if first else "", "kind": KIND_WORDS.get(first.kind, "") if first else "",
        "cells": _listing([edition[k].label for k in keys]), "count": len(keys),
        "edition": edition.id, "years": years_text(edition), "first_year": edition.first_year,
        "last_year": edition.last_year or "",
    }


def finding(report: Report, r: Rule, keys: list[str], check_id: str | None = None, *,
            expected: float | None = None, actual: float | None = None, **params: object) -> Finding:
    """A finding of rule ``r`` about ``keys`` of ``report``, its message filled from ``params``."""
    first = report.values.get(keys[0]) if keys else None
    fields = _Blank(
        message_fields(report.edition, keys), value=first.display if first else "",
        left=fmt(actual) if actual is not None else "", right=fmt(expected) if expected is not None else "",
        diff=fmt(actual - expected) if actual is not None and expected is not None else "",
    )
    fields.update({k: fmt(v) for k, v in params.items()})
    check_id = check_id or r.id
    return Finding(
        r.id, r.severity, r.message.format_map(fields), cell_refs(report, keys), expected, actual, check_id,
        report.unit, report.path, report.explanations.get(check_id),
    )


def _expression_findings(report: Report, scope: Scope, prior: Report | None, *,
                         known: Collection[str] | None = None) -> Iterator[Finding]:
    """Findings of the expression checks of ``scope``; ``known``: only those reading no other figure of
    ``prior`` (the baselines a template holds)."""
    for c in checks(report.edition, scope, prior.edition if prior else None):
        if not applies(c.rule, report) or known is not None and not set(c.expr.prior_keys) <= set(known):
            continue
        if c.rule.typed_only and c.member in report.values and report.values[c.member].computed_by_formula:
            continue
        if evaluate(c.expr, report, prior):
            continue
        keys = c.expr.keys
        if c.rule.names_blank:  # cells left blank; a cell the document does not print is the reader's finding
            unprinted = report.meta.get("unprinted", ())
            keys = [k for k in keys if report.is_blank(k) and k not in unprinted]
            if not keys:
                continue
        sides = side_values(c.expr, report, prior)
        actual, expected = sides if sides else (None, None)
        params: dict[str, object] = {"where": c.where}
        if c.rule.value:
            params["value"] = report.number(c.rule.value)
        yield finding(report, c.rule, keys, c.id, expected=expected, actual=actual, **params)


def _value_text(report: Report, prior: Report | None) -> Iterator[Finding]:
    for key, v in report.values.items():
        if v.state is State.TEXT_NUMBER and report.edition[key].is_value:
            yield finding(report, rule("value-text"), [key], f"value-text:{key}", number=v.number)


_QUOTES = (  # (what, pattern in the prose of 一, keys whose sum it must equal)
    ("新收政府信息公开申请数", r"(?:新收|收到|受理)[^，。；：\d]{0,20}?申请[^，。；：\d]{0,4}?(\d+)\s*[件条个]", ["t3_new_total"]),
    ("上年结转申请数", r"上年结转[^，。；：\d]{0,15}?(\d+)\s*[件条个]", ["t3_carried_total"]),
    ("办结申请数", r"(?<!未)办结[^，。；：\d]{0,15}?(\d+)\s*[件条个]", ["t3_total_total"]),
    ("结转下年度申请数", r"结转(?:至)?下(?:一)?年度?[^，。；：\d]{0,15}?(\d+)\s*[件条个]", ["t3_forward_total"]),
    ("行政复议案件数", r"行政复议[^，。；：\d]{0,10}?(\d+)\s*[件起]", ["t4_review_total"]),
    ("行政诉讼案件数", r"行政诉讼[^，。；：\d]{0,10}?(\d+)\s*[件起]", ["t4_direct_total", "t4_after_total"]),
)


def _text_vs_table(report: Report, prior: Report | None) -> Iterator[Finding]:
    sections = [(k, report.text(k)) for k in report.edition.sets["prose"] if k.startswith("text_overview")]
    prose = "\n".join(text for _, text in sections)
    r = rule("text-vs-table")
    for what, pattern, keys in _QUOTES:
        m = next((m for m in re.finditer(pattern, prose) if len(m[1]) <= _FIGURE_DIGITS), None)
        if not m or any(k not in report.edition for k in keys):
            continue
        quoted, table = int(m[1]), sum(report.number(k) for k in keys)
        if quoted != table:
            key, at = _section_at(sections, m.start(1))
            f = finding(report, r, [key, *keys], f"text-vs-table:{keys[0]}", expected=table, actual=quoted, what=what)
            yield replace(f, cells=(_prose_cell(report, key, at, f.cells[0]), *f.cells[1:]))


_FIGURE_DIGITS = 15  # a longer run of digits is no count of applications or cases


def _section_at(sections: list[tuple[str, str]], at: int) -> tuple[str, int]:
    """The section whose text holds character ``at`` of the sections joined by newlines, and where in it."""
    for key, text in sections:
        if at <= len(text):
            return key, at
        at -= len(text) + 1
    raise IndexError(at)


def _prose_cell(report: Report, key: str, at: int, ref: CellRef) -> CellRef:
    """``ref`` moved to the cell holding character ``at`` of the text of ``key`` (read from several cells)."""
    parts = report.values[key].source.parts if key in report.values else ()
    starts = [p for p in parts if p[0] <= at]
    if not starts:
        return ref
    _, sheet, cell = starts[-1]
    return replace(ref, sheet=sheet, cell=cell)


def _same_as_last_year(report: Report, prior: Report | None) -> Iterator[Finding]:
    if prior is None:
        return
    keys = [f.key for f in report.edition.value_fields if f.section in ("t2", "t3", "t4") and f.key in prior.edition]
    if all(report.number(k) == prior.number(k) for k in keys):
        nonzero = [k for k in keys if report.number(k)]
        if nonzero:
            yield finding(report, rule("same-as-last-year"), nonzero, count=len(nonzero))


def _prior_edition_gap(report: Report, prior: Report | None) -> Iterator[Finding]:
    """Across-years rules that cannot be checked because one year's edition lacks a key they read: said, one
    finding per rule, instead of being dropped silently by :func:`checks`."""
    if prior is None or prior.edition is report.edition:
        return
    now, before = report.edition, prior.edition
    sets = {**before.sets, **now.sets}
    for r in RULES:
        if r.scope is not Scope.PRIOR or r.check is None or (r.foreach is not None and r.foreach not in sets):
            continue
        exprs = [parse(expand(r.check, sets, m=m), r.id, truth=True) for m in sets.get(r.foreach or "", ("",))]
        lacks_before = [k for x in exprs for k in x.prior_keys if k not in before]
        lacks_now = [k for x in exprs for k in x.keys if k not in now]
        if not lacks_before and not lacks_now:
            continue
        side, edition, lacking, other = (("上年报告", before, lacks_before, now) if lacks_before
                                         else ("本年报告", now, lacks_now, before))
        missing = "”“".join(dict.fromkeys(other[k].path[-1] if other[k].path else other[k].label for k in lacking))
        keys = list(dict.fromkeys(k for x in exprs for k in x.keys if k in now))
        yield finding(report, rule("prior-edition-gap"), keys, f"prior-edition-gap:{r.id}", title=r.title,
                      side=side, side_edition=edition.id, missing=missing)


_PYTHON_RULES: dict[Scope, dict[str, Callable[[Report, Report | None], Iterator[Finding]]]] = {
    Scope.REPORT: {"value-text": _value_text, "text-vs-table": _text_vs_table},
    Scope.PRIOR: {"same-as-last-year": _same_as_last_year, "prior-edition-gap": _prior_edition_gap},
}


def applies(r: Rule, report: Report) -> bool:
    """Whether rule ``r`` concerns ``report``: a consolidated report (a sum of units) has no prose."""
    return not (r.prose and report.consolidated)


def validate(report: Report, prior: Report | None = None, *, own: Findings | None = None) -> Findings:
    """Every one-report rule on ``report``; with ``prior`` (the year before) the across-years rules too.
    Without ``prior``, a template made from last year's report is checked against the figures it copied
    from it (its baselines: last year's 现行有效件数), as its sheet is.

    ``own``: what ``validate(report)`` already found (in a worker process), used instead of running the
    one-report rules again.
    """
    for given in (report, prior):
        if given is not None and not isinstance(given, Report):
            raise UsageError(f"govxl.validate 校验的是已读取的报告，收到的是 {given!r}。请先读取："
                             "govxl.validate(govxl.read(文件))；校验整个文件夹请用 govxl.read_many(文件夹).findings")
    out = Findings(list(own) if own is not None else list(report.findings))
    baselines: dict[str, object] = report.meta.get("baselines") or {}
    if own is None and prior is None and baselines:  # a template made from last year's: its live checks
        last = Report.from_cells(report.edition, baselines)
        out.extend(_expression_findings(report, Scope.PRIOR, last, known=baselines))
    if prior is not None and baselines:  # last year's report itself replaces the figures the template copied
        replaced = {c.id for c in checks(report.edition, Scope.PRIOR, prior.edition)}
        out.items = [f for f in out.items if f.check not in replaced]
    scopes = ([] if own is not None else [Scope.REPORT]) + ([Scope.PRIOR] if prior is not None else [])
    for scope in scopes:
        out.extend(_expression_findings(report, scope, prior))
        for rule_id, fn in _PYTHON_RULES[scope].items():
            if applies(rule(rule_id), report):
                out.extend(fn(report, prior))
    out.items.sort(key=lambda f: f.severity is not Severity.ERROR)
    return out
