"""What next year's template takes from this year's report, derived from the rules and the crosswalk alone.

- The identification fields (unit, level, region, contact …): every field of the meta section but the
  year, the date of filling and the edition the template writes itself.
- Every cell an across-years rule equates with figures of last year's report alone (``k == last.…``):
  ``二、上年结转`` from ``四、结转下年度继续办理`` (carry-over), the 2019 edition's ``上一年项目数量`` from last
  year's ``上一年项目数量`` + ``本年增/减``. These cells are prefilled.
- Last year's figures the other across-years rules read beside this year's (``last.k`` in
  ``t2-valid-rollforward``: 现行有效件数): baseline cells, which the live check of that rule reads in the sheet.

Last year's report is seen in this template's keys through the crosswalk (:func:`govxl.editions.panel_columns`):
a figure the older edition lacks or counts differently carries nothing, and :attr:`Carry.gaps` says why, with
the crosswalk's caveat. Blank stays blank: a figure last year left blank (or filled with text) carries nothing.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from govxl.editions import panel_columns
from govxl.editions.crosswalk import Relation
from govxl.report import Report
from govxl.rules import Check, Scope, checks
from govxl.rules.expr import Expr
from govxl.schema import Edition, Field, Kind
from govxl.template.form import EDITION_KEY
from govxl.values import whole

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
NOT_CARRIED = (Kind.YEAR, Kind.DATE)  # the report year and the date of filling are this year's own


@dataclass(frozen=True)
class Carried:
    """One cell a template takes from last year's report."""

    key: str  # this template's key (a baseline: the key whose last year's figure it holds)
    value: int | float | str | None  # None: a baseline whose figure last year left blank
    origin: str  # what last year's report calls it: 单位名称, 结转下年度继续办理 …
    counts: str = ""  # table cells: what the cell counts (its row or column label) …
    member: str = ""  # … and of what (the other one): 二、上年结转政府信息公开申请数量 · 自然人


@dataclass(frozen=True)
class Carry:
    """What a template of ``edition`` takes from last year's report (of edition ``prior``, year ``year``)."""

    source: str  # last year's file, as the filler knows it (its name)
    year: int | None  # None: last year's report does not say
    prior: Edition
    edition: Edition
    cells: tuple[Carried, ...]  # prefilled
    blank: tuple[Carried, ...]  # not prefilled: last year's figures are blank (or not numbers)
    baselines: tuple[Carried, ...]  # last year's figures beside the form, read by ``checks``
    checks: tuple[Check, ...]  # the across-years checks the template runs live on the baselines
    gaps: tuple[str, ...]  # Chinese: across-years rules last year's report gives no figures for, and why

    @property
    def values(self) -> dict[str, object]:
        return {c.key: c.value for c in self.cells}

    @property
    def report(self) -> str:
        """Last year's report, as the notes name it: 2025年报告."""
        return f"{self.year}年报告" if self.year is not None else "上年报告"

    def note(self, origin: str) -> str:
        """Where a carried cell came from (its comment): 由2025年报告的“结转下年度继续办理”带入."""
        return f"由{self.report}的“{origin}”带入"

    def summary(self) -> list[str]:
        """What was carried, one Chinese line per group of cells, then the gaps."""
        lines = []
        meta = [self.edition[c.key].label for c in self.cells if self.edition[c.key].section == "meta"]
        if meta:
            lines.append(f"单位信息：{'、'.join(meta)}")
        tables = self.edition.labels["tables"]
        for (section, part, origin), members in _groups(self.edition, self.cells).items():
            lines.append(f"{tables[section]}“{part}”（{'、'.join(members)}）：{self.note(origin)}")
        for (section, part, origin), members in _groups(self.edition, self.blank).items():
            lines.append(f"{tables[section]}“{part}”（{'、'.join(members)}）未带入：{self.report}的“{origin}”未填数字")
        for (section, part, _), members in _groups(self.edition, self.baselines).items():
            titles = "、".join(dict.fromkeys(f"“{c.rule.title}”" for c in self.checks))
            lines.append(f"{tables[section]}“{part}”（{'、'.join(members)}）：{self.report}的数字，作为{titles}的上年基数")
        return lines + list(self.gaps)


def carry(report: Report, edition: Edition) -> Carry:
    """What a template of ``edition`` takes from ``report``, last year's report."""
    sources = _sources(report.edition, edition)
    last = Report.from_cells(edition, {k: _figure(report, keys) for k, keys in sources.items()}, path=report.path)
    cells = list(_identification(report, edition))
    blank: list[Carried] = []
    baselines: dict[str, Carried] = {}
    live: list[Check] = []
    missing: dict[str, list[Check]] = {}
    for check in checks(edition, Scope.PRIOR, edition):
        keys = check.expr.prior_keys
        if any(k not in sources for k in keys):
            missing.setdefault(check.rule.id, []).append(check)
            continue
        target = _equated(check)
        if target is None:
            live.append(check)
            for k in keys:
                figure = None if last.is_blank(k) else last.number(k)
                baselines.setdefault(k, _table_cell(edition[k], figure, (edition[k],)))
        elif not edition[target].computed:
            origins = tuple(edition[k] for k in keys)
            if any(last.is_blank(k) for k in keys):
                blank.append(_table_cell(edition[target], None, origins))
                continue
            sides = check.expr.python_sides
            assert sides is not None  # _equated found a comparison
            cells.append(_table_cell(edition[target], whole(sides[1](last, last)), origins))
    gaps = tuple(_gap(report.edition, edition, found, sources) for found in missing.values())
    source = Path(report.path).name if report.path else ""
    return Carry(source, report.year, report.edition, edition, tuple(cells), tuple(blank), tuple(baselines.values()),
                 tuple(live), gaps)


def _sources(prior: Edition, edition: Edition) -> dict[str, tuple[str, ...]]:
    """This edition's value keys -> the keys of ``prior`` whose sum is the same figure (through the crosswalk)."""
    if prior is edition:
        return {k: (k,) for k in edition.sets["values"]}
    out: dict[str, tuple[str, ...]] = {}
    for column in panel_columns((prior, edition)):
        new, old = column.sources.get(edition.id, ()), column.sources.get(prior.id, ())
        if column.relation is not Relation.NOT_COMPARABLE and len(new) == 1 and old:
            out[new[0]] = old
    return out


def _figure(report: Report, keys: tuple[str, ...]) -> int | float | None:
    """The sum of ``keys`` in ``report``; None unless each holds a number (blank stays blank)."""
    numbers = [report.values[k].number if k in report.values else None for k in keys]
    return None if any(n is None for n in numbers) else whole(math.fsum(n for n in numbers if n is not None))


def _identification(report: Report, edition: Edition) -> Iterator[Carried]:
    for f in edition.fields:
        if f.section == "meta" and f.key != EDITION_KEY and f.kind not in NOT_CARRIED and f.key in report.edition:
            text = report.text(f.key).strip()
            if text:
                yield Carried(f.key, text, f.label)


def _equated(check: Check) -> str | None:
    """The key ``k`` of a check ``k == <figures of last year alone>``, else None."""
    tree, sides = check.expr.tree, check.expr.comparison
    if sides is None or not isinstance(tree, ast.Compare) or not isinstance(tree.ops[0], ast.Eq):
        return None
    left, right = sides
    if not isinstance(left, ast.Name) or Expr(check.expr.source, right).keys:
        return None
    return left.id


def _table_cell(field: Field, value: int | float | None, origins: tuple[Field, ...]) -> Carried:
    """``field`` carried from ``origins``. What the cell counts is the part of its path that differs from the first
    origin's (the row 二、上年结转 against 四、结转下年度继续办理), else the last (the column 现行有效件数 of its
    own baseline); the origins are named by the same part of their paths."""
    path = field.path
    at = next((i for i, (p, q) in enumerate(zip(path, origins[0].path, strict=False)) if p != q), len(path) - 1)
    names = "”加“".join(_NUMBERING.sub("", f.path[at]) for f in origins)
    return Carried(field.key, value, names, path[at], path[-1] if at < len(path) - 1 else path[-2])


def _groups(edition: Edition, cells: tuple[Carried, ...]) -> dict[tuple[str, str, str], list[str]]:
    """Table cells by (table, what they count, origin) -> what they count it of."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for c in cells:
        if c.counts:
            out.setdefault((edition[c.key].section, c.counts, c.origin), []).append(c.member)
    return out


def _gap(prior: Edition, edition: Edition, found: list[Check], sources: dict[str, tuple[str, ...]]) -> str:
    """Why the across-years rule of the checks ``found`` gets no figures from a report of edition ``prior``."""
    keys = dict.fromkeys(k for c in found for k in c.expr.prior_keys if k not in sources)
    caveats = {c.caveat for c in panel_columns((prior, edition)) for k in keys if c.sources.get(edition.id) == (k,)}
    wheres = "、".join(c.where for c in found if c.where)
    why = "".join(sorted(caveats)) or f"{prior.id}年版格式没有“{'、'.join(edition[k].label for k in keys)}”。"
    return (f"未带入“{found[0].rule.title}”{f'（{wheres}）' if wheres else ''}的上年数字："
            f"上年报告是{prior.id}年版格式，{why}")
