"""What a merge produced: every file's status, every roster unit's, the county's sum and all findings."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govxl.consolidation.received import Entry, Status, UnitStatus
from govxl.consolidation.roster import Roster, RosterUnit
from govxl.consolidation.select import unit_status
from govxl.errors import UsageError
from govxl.files import claim
from govxl.findings import Findings, govxl_version
from govxl.frames import Framed, Row, completeness_frame
from govxl.printable import decoded, file_name
from govxl.report import Report
from govxl.schema import Edition

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class MergeResult(Framed):
    edition: Edition
    year: int | None
    name: str  # the county (batch) the sum is of
    roster: Roster
    entries: list[Entry]  # every received report, and every file that gave none
    totals: dict[str, int | float]  # value key -> the sum over the adopted reports
    total: Report  # the sum as a report (reader CONSOLIDATED)
    findings: Findings  # batch findings, the findings of every counted or unexpected report, the sum's
    roots: tuple[Path, ...] = ()  # the input folders: files are shown relative to them
    prior_files: tuple[Path, ...] = ()  # last year's files read
    output: Path | None = None  # where the consolidated workbook was written (write)

    def file_name(self, path: Path) -> str:
        """``path`` as the county reads it: relative to its input folder, decoded, printable."""
        return file_name(path, self.roots)

    @property
    def adopted(self) -> list[Entry]:
        return [e for e in self.entries if e.status is Status.ADOPTED]

    @property
    def ok(self) -> bool:
        """No error-level finding (a missing unit is one)."""
        return self.findings.ok

    @cached_property
    def _by_unit(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for e in self.entries:
            if e.roster_unit is not None:
                out.setdefault(e.roster_unit, []).append(e)
        return out

    def unit_status(self, unit: str) -> UnitStatus:
        """What the roster unit ``unit`` did: submitted, sent only files that cannot be used, or sent nothing."""
        return unit_status(self._by_unit.get(unit, ()))

    def _units(self, status: UnitStatus) -> list[str]:
        return [u.name for u in self.roster.units if self.unit_status(u.name) is status]

    @property
    def missing(self) -> list[str]:
        """Roster units that sent nothing (to chase)."""
        return self._units(UnitStatus.MISSING)

    @property
    def resubmit(self) -> list[str]:
        """Roster units that sent only files that cannot be used (to ask for a new file)."""
        return self._units(UnitStatus.RESUBMIT)

    def counts(self) -> dict[Status, int]:
        """Number of received reports (or files) by status, in the order of :class:`Status`."""
        return {s: sum(e.status is s for e in self.entries) for s in Status}

    def by_roster_unit(self) -> Iterator[tuple[RosterUnit | None, list[Entry]]]:
        """Each roster unit with its reports (adopted first), then the reports matched to no roster unit."""
        for unit in self.roster.units:
            mine = self._by_unit.get(unit.name, [])
            yield unit, sorted(mine, key=lambda e: e.status is not Status.ADOPTED)
        for e in self.entries:
            if e.roster_unit is None:
                yield None, [e]

    def write(self, path: str | os.PathLike[str], *, force: bool = False) -> Path:
        """Write the consolidated workbook (汇总, 明细, 报送情况, 校验, 来源, 图表) whole or not at all; return
        where it went.

        It never replaces an input, the roster or a file govxl did not write: such a ``path`` is refused, or the
        workbook goes to a free name beside it (see :func:`govxl.files.claim`; ``force`` replaces an earlier
        govxl output). A merge that adopted no report writes nothing (:class:`UsageError` saying what it found).
        """
        from govxl.consolidation.workbook import write_workbook

        if not self.adopted:
            raise UsageError(f"没有可以汇总的报告，未生成汇总工作簿。{self.received()}")
        target, _ = claim(path, protected=self.inputs(), force=force)
        self.output = write_workbook(target, self)
        return self.output

    def inputs(self) -> list[Path]:
        """Every file the merge read, and the roster: what an output must never replace."""
        return [e.path for e in self.entries] + [*self.prior_files] + ([self.roster.path] if self.roster.path else [])

    def received(self) -> str:
        """Which years and editions the reports received are of, in Chinese."""
        found = Counter((e.figures.year, e.figures.edition.id) for e in self.entries
                        if e.figures is not None and e.origin is None)
        if not self.entries:
            return "输入的文件夹中没有任何文件，请确认文件夹路径是否正确。"
        if not found:
            return "没有收到可以读取的报告。"
        years = "、".join(f"{y or '未填年度'}年度（{ed}年版）{n} 份" for (y, ed), n in sorted(found.items(), key=str))
        return f"收到的报告：{years}；本次汇总的是{self.year or '?'}年度（{self.edition.id}年版）。请用 --year 指定年度。"

    def rows(self) -> list[Row]:
        """(file, figures) of each adopted report: what :meth:`to_frame` shows and ``totals`` sums."""
        return [(e.file, e.read) for e in self.adopted]

    def completeness(self) -> pd.DataFrame:
        """One row per roster unit and report (the 报送情况 table): stable status codes with their Chinese
        labels beside them (:func:`govxl.frames.completeness_frame`)."""
        return completeness_frame(self.completeness_rows())

    def completeness_rows(self) -> list[dict[str, Any]]:
        """One row per roster unit and report: the 报送情况 table as plain data (codes with their Chinese labels)."""
        rows = []
        for unit, entries in self.by_roster_unit():
            reports: list[Entry | None] = [*entries] or [None]  # a roster unit without a report has a row too
            done = self.unit_status(unit.name) if unit else None
            for e in reports:
                rows.append({
                    "unit": unit.name if unit else None,
                    "unit_status": done, "unit_status_label": done.label if done else None,
                    "status": e.status if e else None, "status_label": e.status.label if e else None,
                    "reported_unit": e.unit if e else None,
                    "file": self.file_name(e.path) if e else None,
                    "unit_inferred": e.inferred if e else None,
                    "sha256": e.sha256 or None if e else None,
                    "date": e.figures.date.isoformat() if e and e.figures and e.figures.date else None,
                    "errors": e.errors if e else None,
                    "warnings": e.warnings if e else None,
                    "reason": e.reason or None if e else None,
                })
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``govxl merge --json`` (described by docs/govxl-json.schema.json)."""
        return {
            "command": "merge", "govxl_version": govxl_version(),
            "name": self.name, "year": self.year, "edition": self.edition.id,
            "output": decoded(str(self.output)) if self.output else None, "counts": self.counts(), "missing": self.missing, "resubmit": self.resubmit,
            "completeness": self.completeness_rows(), "totals": self.totals, "findings": self.findings.to_dicts(),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def __repr__(self) -> str:
        from govxl.display.text import merge_line

        return f"<MergeResult {merge_line(self)}>"

    def _repr_html_(self) -> str:
        from govxl.display.html import merge_html

        return merge_html(self)
