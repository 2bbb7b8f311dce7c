"""Merging a county's workbooks: ``merge(inputs, roster) -> MergeResult``; ``result.write(path)`` writes the
consolidated workbook.

Every input file is accounted for; reports of another year or edition, from units not on the roster,
or superseded by a later report of the same unit are listed and not summed. The county's figures are the
cell-by-cell sums of the adopted reports, checked again by every rule.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from govxl.batch import iter_load
from govxl.errors import UnreadableFile
from govxl.findings import Findings
from govxl.merge.consolidate import check_sum, sum_report, totals
from govxl.merge.received import Entry, Figures, Status
from govxl.merge.result import MergeResult
from govxl.merge.roster import Roster, RosterUnit, read_roster
from govxl.merge.select import batch_edition, batch_year, select
from govxl.report import Report
from govxl.rules import validate
from govxl.units import UnitIndex

PathLike = str | os.PathLike[str]
DEFAULT_NAME = "XX汇总"
NO_REPORT = "工作簿中没有找到年度报告"
SHOWN = (Status.ADOPTED, Status.EXCLUDED, Status.UNEXPECTED)  # whose own findings go into 校验


def merge(inputs: Iterable[PathLike], roster: PathLike | Roster | None = None, year: int | None = None,
          prior: Iterable[PathLike] | PathLike | None = None, *, name: str | None = None,
          exclude_invalid: bool = False, workers: int | None = None, progress: bool = False) -> MergeResult:
    """Merge the reports in ``inputs`` (files and folders) into the county's figures.

    ``roster``: the expected units (CSV/XLSX or a :class:`Roster`); without one the received units are
    the roster. ``year``: the report year (default: the most common). ``prior``: last year's workbooks
    or consolidated workbook, for the across-years rules. ``name``: the county's name in the sum.
    ``exclude_invalid``: leave reports with errors out of the sums (by default they are summed).
    """
    expected = roster if isinstance(roster, Roster) or roster is None else read_roster(roster)
    priors = Priors(_as_list(prior), workers) if prior is not None else None
    entries = list(receive(_as_list(inputs), priors, workers=workers, progress=progress))
    year = year if year is not None else batch_year(entries)
    edition = batch_edition(entries, year)
    units = expected if expected is not None else Roster()
    found = select(entries, units, year, edition, exclude_invalid=exclude_invalid, trusted_roster=expected is not None)
    adopted = [e for e in entries if e.status is Status.ADOPTED]
    sums = totals(edition, [e.figures for e in adopted])  # type: ignore[misc]
    name = name or units.name or _common_region(adopted) or DEFAULT_NAME
    total = sum_report(edition, sums, name=name, year=year)
    prior_total = priors.for_sum(name, adopted) if priors else None
    found.extend(f for e in entries if e.status in SHOWN for f in e.findings)
    found.extend(check_sum(total, prior_total))
    found.sort(key=lambda f: f.severity != "error")
    return MergeResult(edition, year, name, units, entries, sums, total, Findings(found))


def receive(inputs: Iterable[PathLike], priors: Priors | None = None, *, workers: int | None = None,
            progress: bool = False) -> Iterator[Entry]:
    """One :class:`Entry` per report received (or per file that gave none), validated, kept small."""
    for loaded in iter_load(inputs, workers=workers, progress=progress):
        if loaded.error is not None or not loaded.reports:
            error = loaded.error or UnreadableFile(str(loaded.path), NO_REPORT)
            yield Entry(loaded.path, loaded.sha256, loaded.mtime, error=error)
            continue
        for report in loaded.reports:
            last = priors.find(report) if priors else None
            findings = validate(report, last.report(None) if last else None).items
            yield Entry(loaded.path, loaded.sha256, loaded.mtime, Figures.of(report), findings=findings, prior=last)


class Priors:
    """Last year's reports, kept small and indexed by unit name."""

    def __init__(self, inputs: Sequence[PathLike], workers: int | None = None) -> None:
        self.by_year: dict[int, tuple[UnitIndex, dict[str, Figures]]] = {}
        for loaded in iter_load(inputs, workers=workers):
            for report in loaded.reports:
                if report.unit is None or report.year is None:
                    continue
                index, named = self.by_year.setdefault(report.year, (UnitIndex(), {}))
                earlier = named.get(report.unit)
                if earlier is None:
                    index.add(report.unit)
                if earlier is None or (report.date or dt.date.min) >= (earlier.date or dt.date.min):
                    named[report.unit] = Figures.of(report)  # of two reports of one unit: the later 填报日期

    def find(self, report: Report | Figures, name: str | None = None) -> Figures | None:
        """The same unit's report of the year before ``report``'s."""
        unit, year = name or report.unit, report.year
        if unit is None or year is None or year - 1 not in self.by_year:
            return None
        index, named = self.by_year[year - 1]
        match = index.match(unit)
        return named[match] if match is not None else None

    def for_sum(self, name: str, adopted: Sequence[Entry]) -> Report | None:
        """Last year's consolidated report of ``name``, else the sum of last year's reports of the same units."""
        if not adopted:
            return None
        first = adopted[0].figures
        assert first is not None
        own = self.find(first, name)
        if own is not None:
            return own.report(None)
        last = [e.prior for e in adopted]
        if any(p is None for p in last) or len({p.edition for p in last if p}) != 1:
            return None  # last year's figures of the same units are incomplete: no comparison
        edition = last[0].edition  # type: ignore[union-attr]
        return sum_report(edition, totals(edition, last), name=name, year=last[0].year)  # type: ignore[arg-type,union-attr]


def _as_list(paths: Iterable[PathLike] | PathLike) -> list[PathLike]:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def _common_region(adopted: Sequence[Entry]) -> str | None:
    regions = Counter(e.figures.meta.get("meta_region") for e in adopted if e.figures)
    regions.pop(None, None)
    return regions.most_common(1)[0][0] if regions else None


__all__ = ["Entry", "MergeResult", "Roster", "RosterUnit", "Status", "merge", "read_roster"]
