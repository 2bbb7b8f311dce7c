"""What the merge did with each received report (or file): :class:`Entry`, :class:`Status`, :class:`UnitStatus`.

An entry keeps the report small, as :class:`~govxl.figures.Figures`, not a Value per cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from govxl.errors import UnreadableFile
from govxl.figures import Figures
from govxl.findings import Finding, Severity
from govxl.printable import file_name


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
    def name(self) -> str:
        """The file's name as its sender reads it (decoded, without control characters)."""
        return file_name(self.path.name)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)
