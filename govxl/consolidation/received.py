"""A received report, kept small: its numbers, identification and provenance, not a Value per cell.

A province merges tens of thousands of reports; :class:`Figures` keeps per report one float array of the
edition's value keys (NaN where blank), the few cells that held text instead of a number, and where each
figure came from as shared ``(sheet, cell, how)`` triples.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from govxl.errors import UnreadableFile
from govxl.findings import CellRef, Finding, Severity
from govxl.report import Report, Source
from govxl.schema import Edition
from govxl.values import State

Where = tuple[str | None, str | None, str]  # (sheet, A1 cell, how)
_SHARED: dict[tuple, tuple] = {}  # one object per distinct provenance (and per distinct set of them)


def _shared(value: tuple) -> tuple:
    return _SHARED.setdefault(value, value)


@dataclass(slots=True)
class Figures:
    """One report's figures: ``numbers[i]`` is ``edition.value_fields[i]``'s number (NaN where blank)."""

    edition: Edition
    numbers: array
    meta: dict[str, str]  # identification fields as displayed (单位名称, 填报日期 …)
    invalid: dict[str, str]  # value key -> the text typed where a number belongs
    where: tuple[Where, ...]  # per value key
    unit: str | None
    year: int | None
    date: dt.date | None

    @classmethod
    def of(cls, report: Report) -> Figures:
        e = report.edition
        numbers = array("d")
        invalid: dict[str, str] = {}
        where: list[Where] = []
        for f in e.value_fields:
            v = report.values.get(f.key)
            if v is None or v.number is None:
                numbers.append(math.nan)
                if v is not None and v.state is State.INVALID:
                    invalid[f.key] = v.text or ""
            else:
                numbers.append(v.number)
            src = v.source if v is not None else Source()
            where.append(_shared((src.sheet, src.cell, src.how)))
        meta = {k: report.text(k) for k in e.keys("meta") if k in report.values and not report.is_blank(k)}
        return cls(e, numbers, meta, invalid, _shared(tuple(where)), report.unit, report.year, report.date)

    def share(self) -> None:
        """Share the provenance with every report of the same layout (after a trip from a worker process)."""
        self.where = _shared(tuple(_shared(w) for w in self.where))

    def number(self, index: int) -> float:
        """The number the rules use: blank and invalid count 0."""
        x = self.numbers[index]
        return 0.0 if math.isnan(x) else x

    def of_key(self, key: str) -> tuple[float, CellRef] | None:
        """The number the rules use for ``key`` and where it came from (None if the edition has no such key)."""
        i = self.edition.value_index.get(key)
        if i is None:
            return None
        sheet, cell, _ = self.where[i]
        return self.number(i), CellRef(key, sheet, cell, self.edition[key].label)

    def cells(self) -> dict[str, object]:
        """key -> what the cell held, enough to rebuild a :class:`Report` (identification included)."""
        out: dict[str, object] = {k: v for k, v in self.meta.items() if k != "meta_date"}
        if self.date is not None:
            out["meta_date"] = self.date
        for f, x in zip(self.edition.value_fields, self.numbers):
            out[f.key] = self.invalid.get(f.key) if math.isnan(x) else x
        return out

    def report(self, path: str | None) -> Report:
        """A :class:`Report` again (for the across-years rules), with each figure's provenance."""
        sources = {f.key: Source(path, *w[:2], how=w[2]) for f, w in zip(self.edition.value_fields, self.where)}
        return Report.from_cells(self.edition, self.cells(), path=path, sources=sources)


class Status(StrEnum):
    """What became of a received report (or file): a stable code, and ``label`` in Chinese."""

    ADOPTED = "adopted"
    DUPLICATE = "duplicate"
    EXCLUDED = "excluded"  # has errors, left out on request (--exclude-invalid)
    UNREADABLE = "unreadable"
    WRONG_YEAR = "wrong-year"
    WRONG_EDITION = "wrong-edition"
    UNEXPECTED = "unexpected"  # from a unit not on the roster
    GOVXL_OUTPUT = "govxl-output"  # a blank template, an annotated copy, a consolidated workbook of present units
    IGNORED = "ignored"  # not a report at all (Thumbs.db, an Excel lock file ~$…, a temporary file)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.ADOPTED: "已采用",
    Status.DUPLICATE: "重复（未采用）",
    Status.EXCLUDED: "有错误（未采用）",
    Status.UNREADABLE: "无法读取",
    Status.WRONG_YEAR: "年度不符",
    Status.WRONG_EDITION: "格式版本不符",
    Status.UNEXPECTED: "不在名单",
    Status.GOVXL_OUTPUT: "govxl 生成的文件（未采用）",
    Status.IGNORED: "不是报告（已忽略）",
}


class UnitStatus(StrEnum):
    """What a roster unit did: a stable code, and ``label`` in Chinese."""

    SUBMITTED = "submitted"
    RESUBMIT = "resubmit"  # sent only files that cannot be used (unreadable, another year or edition, excluded)
    MISSING = "missing"  # sent nothing

    @property
    def label(self) -> str:
        return {"submitted": "已报送", "resubmit": "报送了但需重报", "missing": "未报送"}[self.value]


@dataclass(slots=True)
class Entry:
    """One received report — or one file that gave none — and what the merge did with it."""

    path: Path
    sha256: str
    mtime: float
    figures: Figures | None = None  # None: unreadable
    error: UnreadableFile | None = None
    findings: list[Finding] = field(default_factory=list)  # the report's own findings (validate)
    status: Status = Status.ADOPTED
    roster_unit: str | None = None  # the roster name it was matched to
    inferred: bool = False  # roster_unit guessed from the file name (the file could not be read)
    reason: str = ""  # why this status, in Chinese
    prior: Figures | None = None  # the same unit's report of the year before, if given
    origin: str | None = None  # what govxl output the file is (govxl.reader.origin.KINDS), None for a report
    members: tuple[str, ...] = ()  # a consolidated workbook's member units

    @property
    def read(self) -> Figures:
        """The figures of an entry that was read (every entry but an unreadable file's)."""
        if self.figures is None:
            raise ValueError(f"{self.path} could not be read: it has no figures")
        return self.figures

    @property
    def unit(self) -> str | None:
        return self.figures.unit if self.figures else None

    @property
    def file(self) -> str:
        return str(self.path)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)
