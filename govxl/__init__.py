"""govxl — 政府信息公开工作年度报告 (the government information-disclosure annual report) toolkit.

One front door::

    import govxl
    govxl.write_template("模板.xlsx", edition="2021", year=2025)
    report = govxl.read("拖船镇.xlsx")
    findings = govxl.validate(report)
    result = govxl.merge(["县/"], roster="名单.xlsx")

Heavy parts (pandas, openpyxl, xlsxwriter) load only when used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from govxl.editions import EDITIONS, edition_for_year, get_edition
from govxl.findings import CellRef, Finding, Findings
from govxl.report import Report, Source, Value
from govxl.rules import RULES, Severity, validate
from govxl.schema import Edition, Field, Kind

__version__ = "0.1.0"

_LAZY = {
    "read": "govxl.reader",
    "write_template": "govxl.template",
    "merge": "govxl.consolidation",
    "MergeResult": "govxl.consolidation",
}

if TYPE_CHECKING:
    from govxl.consolidation import MergeResult, merge
    from govxl.reader import read
    from govxl.template import write_template


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'govxl' has no attribute {name!r}")


__all__ = [
    "EDITIONS", "RULES", "CellRef", "Edition", "Field", "Finding", "Findings", "Kind", "MergeResult", "Report",
    "Severity", "Source", "Value", "edition_for_year", "get_edition", "merge", "read", "validate", "write_template",
]
