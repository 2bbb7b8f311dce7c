"""The one-line summary of a report, shared by ``repr(report)`` and the title line of its HTML."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from govxl.findings import Finding, Severity
from govxl.printable import printable
from govxl.report import Report

if TYPE_CHECKING:
    from govxl.consolidation.result import MergeResult

UNIT_CHARS = 40  # a longer unit name is cut (a received file may name its unit with a whole paragraph)


def counts(findings: Iterable[Finding]) -> str:
    """``0 处错误，2 处提示`` (``全部通过`` where there is none, as the template's banner says)."""
    items = list(findings)
    errors = sum(f.severity is Severity.ERROR for f in items)
    if not items:
        return "全部通过"
    return f"{errors} 处错误，{len(items) - errors} 处提示"


def report_line(report: Report, findings: Iterable[Finding]) -> str:
    """``拖船镇人民政府 2020年 2019年版 · 203 项 · 校验：0 处错误，2 处提示``; control characters escaped, a long
    unit name cut."""
    unit = printable(report.unit) if report.unit else "（未填单位名称）"
    unit = unit if len(unit) <= UNIT_CHARS else unit[:UNIT_CHARS - 1] + "…"
    year = f"{report.year}年" if report.year is not None else "（未填年度）"
    kind = "汇总 " if report.consolidated else ""
    return f"{unit} {kind}{year} {report.edition.id}年版 · {len(report.values)} 项 · 校验：{counts(findings)}"


def merge_line(result: MergeResult) -> str:
    """``云岭县 2025年度汇总 2021年版 · 已采用 21 份 · 未报送 2 个单位 · 校验：4 处错误，30 处提示``."""
    return (f"{printable(result.name)} {result.year or '?'}年度汇总 {result.edition.id}年版 · "
            f"已采用 {len(result.adopted)} 份 · 未报送 {len(result.missing)} 个单位 · 校验：{counts(result.findings)}")
