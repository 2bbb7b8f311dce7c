"""govxl — 政府信息公开工作年度报告 (the government information-disclosure annual report) toolkit.

One front door::

    import govxl
    govxl.write_template("模板.xlsx", edition="2021", year=2025)
    report = govxl.read("拖船镇.xlsx")
    findings = govxl.validate(report)
    reports = govxl.read_many(["县/"])              # many reports as one collection
    reports.to_frame("wide"), reports.to_frame("long"), reports.findings
    result = govxl.merge(["县/"], roster="名单.xlsx")
    govxl.import_reports(["公开报告/"], "模板/")    # published pages, Word, PDF, text into the template

``import govxl`` is light: the readers, writers and pandas load when a name that needs them is first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from govxl.editions import EDITIONS, edition_for_year, get_edition
from govxl.errors import GovxlError, UnreadableFile, UsageError
from govxl.findings import CellRef, Finding, Findings
from govxl.report import Report, Source, Value
from govxl.rules import RULES, Severity, validate
from govxl.schema import Edition, Field, Kind

__version__ = "0.1.0"

_LAZY = {  # name -> the module defining it (it imports the writers and readers)
    "read": "govxl.reader",
    "read_all": "govxl.reader",
    "read_many": "govxl.collection",
    "Reports": "govxl.collection",
    "write_template": "govxl.template",
    "import_reports": "govxl.importing",
    "merge": "govxl.consolidation",
    "MergeResult": "govxl.consolidation",
    "dashboard": "govxl.widgets",
}

if TYPE_CHECKING:
    from govxl.collection import Reports, read_many
    from govxl.consolidation import MergeResult, merge
    from govxl.importing import import_reports
    from govxl.reader import read, read_all
    from govxl.template import write_template
    from govxl.widgets import dashboard


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'govxl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "EDITIONS", "RULES", "CellRef", "Edition", "Field", "Finding", "Findings", "GovxlError", "Kind", "MergeResult",
    "Report", "Reports", "Severity", "Source", "UnreadableFile", "UsageError", "Value", "dashboard",
    "edition_for_year", "get_edition", "import_reports", "merge", "read", "read_all", "read_many", "validate",
    "write_template",
]
