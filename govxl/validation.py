"""Validating received files: one result per report (or per unreadable file), the same for API, CLI and JSON."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govxl.batch import Loaded, load
from govxl.consolidation.receive import Priors
from govxl.findings import Finding, Findings, Severity
from govxl.report import Report
from govxl.rules import rule
from govxl.rules.engine import validate


@dataclass
class FileCheck:
    """The verdict on one report of one file (an unreadable file has no report)."""

    path: Path
    report: Report | None
    findings: Findings
    has_prior: bool | None = None  # with --prior: whether last year's report of the unit was found

    @property
    def status(self) -> str:
        """'ok' (no error-level finding), 'error' or 'unreadable'."""
        if self.report is None:
            return "unreadable"
        return "ok" if self.findings.ok else "error"

    def to_dict(self) -> dict[str, Any]:
        r = self.report
        return {
            "path": str(self.path),
            "unit": r.unit if r else None,
            "year": r.year if r else None,
            "edition": r.edition.id if r else None,
            "status": self.status,
            "findings": [
                {k: f.to_dict()[k] for k in ("rule", "severity", "cells", "expected", "actual", "message", "explanation")}
                for f in self.findings
            ],
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
        if loaded.error is not None:
            out.append(FileCheck(loaded.path, None, Findings([unreadable_finding(loaded)])))
            continue
        for i, report in enumerate(loaded.reports):
            own = loaded.checked[i] if loaded.checked is not None else None
            last = priors.find(report) if priors else None  # the same unit's report of the year before
            found = validate(report, last.report(None) if last else None, own=own)
            out.append(FileCheck(loaded.path, report, found, has_prior=last is not None if priors else None))
    return out


def to_document(results: list[FileCheck]) -> dict[str, Any]:
    """The JSON document of ``govxl validate --json``."""
    return {"files": [r.to_dict() for r in results]}


def exit_code(results: list[FileCheck]) -> int:
    """0 when no file has an error-level finding, 1 when some has, 2 when nothing could be read."""
    if not results or all(r.status == "unreadable" for r in results):
        return 2
    return 0 if all(r.status == "ok" for r in results) else 1


def count(findings: Findings, severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)
