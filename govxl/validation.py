"""Validating received files: one result per report (or per unreadable file), the same for API, CLI and JSON."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govxl.batch import Loaded, load
from govxl.consolidation.receive import Priors
from govxl.findings import Finding, Findings, Severity, govxl_version
from govxl.printable import decoded
from govxl.reader.origin import KINDS, holds_no_report, output_kind
from govxl.report import Report
from govxl.rules import rule
from govxl.rules.engine import validate

FILE_STATUS_LABELS = {
    "ok": "通过", "error": "有错误", "unreadable": "无法读取", "ignored": "不是报告（已忽略）",
    "govxl-output": "govxl 生成的文件（未校验）",
}


@dataclass
class FileCheck:
    """The verdict on one report of one file (an unreadable, ignored or govxl-written file has no report checked)."""

    path: Path
    report: Report | None
    findings: Findings
    has_prior: bool | None = None  # with --prior: whether last year's report of the unit was found
    ignored: str | None = None  # why the file is not a report at all (Thumbs.db, a lock file …)
    origin: str | None = None  # the govxl output the file is (govxl.reader.origin.KINDS): listed, not checked

    @property
    def status(self) -> str:
        """'ok' (no error-level finding), 'error', 'unreadable', 'ignored' or 'govxl-output'."""
        if self.ignored is not None:
            return "ignored"
        if self.origin is not None:
            return "govxl-output"
        if self.report is None:
            return "unreadable"
        return "ok" if self.findings.ok else "error"

    @property
    def checked(self) -> bool:
        """A report was read and validated."""
        return self.status in ("ok", "error")

    @property
    def note(self) -> str:
        """Why the file was not checked, in Chinese ('' when it was)."""
        return self.ignored or (KINDS[self.origin] if self.origin else "")

    def to_dict(self) -> dict[str, Any]:
        r = self.report if self.checked else None
        return {
            "path": decoded(str(self.path)),
            "unit": r.unit if r else None,
            "year": r.year if r else None,
            "edition": r.edition.id if r else None,
            "status": self.status, "status_label": FILE_STATUS_LABELS[self.status],
            "note": self.note or None,
            "findings": self.findings.to_dicts(),
        }

def unreadable_finding(loaded: Loaded) -> Finding:
    r = rule("unreadable")
    reason = loaded.error.reason if loaded.error else "未知原因"
    return Finding(r.id, r.severity, r.message.format(reason=reason), check=r.id, file=str(loaded.path))


def check_files(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    prior: Iterable[str | os.PathLike[str]] | None = None,
    workers: int | None = None,
    progress: bool = False,
) -> list[FileCheck]:
    """Read and validate every file below ``inputs``; with ``prior`` (last year's files) the across-years rules too."""
    priors = Priors(list(prior), workers) if prior else None
    out: list[FileCheck] = []
    for loaded in load(inputs, workers=workers, progress=progress, validate=True):
        if loaded.ignored is not None:
            out.append(FileCheck(loaded.path, None, Findings(), ignored=loaded.ignored))
            continue
        if loaded.error is not None:
            if loaded.error.origin is not None:
                out.append(FileCheck(loaded.path, None, Findings(), origin=loaded.error.origin))
            else:
                out.append(FileCheck(loaded.path, None, Findings([unreadable_finding(loaded)])))
            continue
        for i, report in enumerate(loaded.reports):
            origin = output_kind(report)
            if holds_no_report(origin):
                out.append(FileCheck(loaded.path, report, Findings(), origin=origin))
                continue
            own = loaded.checked[i] if loaded.checked is not None else None
            last = priors.find(report) if priors else None  # the same unit's report of the year before
            found = validate(report, last.report(None) if last else None, own=own)
            out.append(FileCheck(loaded.path, report, found, has_prior=last is not None if priors else None))
    return out


def to_document(results: list[FileCheck]) -> dict[str, Any]:
    """The JSON document of ``govxl validate --json`` (described by docs/govxl-json.schema.json)."""
    counts = Counter(r.status for r in results)
    return {"command": "validate", "govxl_version": govxl_version(),
            "counts": {status: counts[status] for status in FILE_STATUS_LABELS},
            "files": [r.to_dict() for r in results]}


def exit_code(results: list[FileCheck]) -> int:
    """0 when no report has an error-level finding and every file was read, 1 when some has or a file could not
    be read, 2 when no report at all was checked. Ignored files and govxl's own outputs do not count."""
    if not any(r.checked for r in results):
        return 2
    return 1 if any(r.status in ("error", "unreadable") for r in results) else 0


def count(findings: Findings, severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)
