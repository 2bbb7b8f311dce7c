"""Findings: what the rules found, as one flat table (pandas) or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from govxl.printable import decoded

if TYPE_CHECKING:
    import pandas as pd

_A1 = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]{1,7}")


def govxl_version() -> str:
    from govxl import __version__

    return __version__


class Severity(StrEnum):
    ERROR = "error"  # 错误: must be corrected before the report is accepted
    WARNING = "warning"  # 提示: must be verified; the filler may keep it and explain

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "提示"


@dataclass(frozen=True, slots=True)
class CellRef:
    key: str
    sheet: str | None = None
    cell: str | None = None  # A1 address, or where a published document prints it (表格2第5行第3列)
    label: str = ""

    @property
    def where(self) -> str | None:
        """'表三!D12' in a workbook, '正文 表格2第5行第3列' in a published document; None when not known."""
        return location(self.sheet, self.cell)


def location(sheet: str | None, cell: str | None) -> str | None:
    if not cell:
        return None
    return f"{sheet}!{cell}" if _A1.fullmatch(cell) else f"{sheet} {cell}" if sheet else cell


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    cells: tuple[CellRef, ...] = ()
    expected: float | None = None
    actual: float | None = None
    check: str = ""  # the check instance id, e.g. 't3-balance:natural'
    unit: str | None = None
    file: str | None = None
    explanation: str | None = None  # the filler's 说明

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON data: stable codes (rule, severity) with their Chinese words beside them."""
        from govxl.rules import rule

        d = asdict(self)
        d["severity"] = str(self.severity)
        d["severity_label"] = self.severity.label
        d["rule_title"] = rule(self.rule).title
        d["cells"] = [{"key": c.key, "sheet": c.sheet, "cell": c.cell, "label": c.label} for c in self.cells]
        d["file"] = decoded(self.file) if self.file else None
        return d


@dataclass
class Findings:
    """The findings of one report (or one batch), errors first."""

    items: list[Finding] = field(default_factory=list)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> Finding:
        return self.items[i]

    def extend(self, more: Iterable[Finding]) -> None:
        self.items.extend(more)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """No error-level finding."""
        return not self.errors

    def rules(self) -> list[str]:
        return [f.rule for f in self.items]

    def to_dicts(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self.items]

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dicts(), ensure_ascii=False, **kwargs)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        columns = ["unit", "file", "severity", "rule", "check", "cells", "expected", "actual", "message", "explanation"]
        rows = [
            {**f.to_dict(), "cells": ", ".join(c.where or c.key for c in f.cells)}
            for f in self.items
        ]
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        from govxl.display.text import counts

        return f"<Findings {counts(self)}>"

    def _repr_html_(self) -> str:
        from govxl.display.html import findings_html

        return findings_html(self)
