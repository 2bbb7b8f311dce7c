"""Receiving a batch: each file read, validated and reduced to :class:`Entry` objects in worker processes.

Workers send back only the small :class:`Figures` of each report and its findings — never a Value per
cell — so a province's tens of thousands of workbooks neither flood the parent process nor its memory.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from govxl.batch import collect, each_file, fingerprint, iter_load
from govxl.consolidation.received import Entry, Status
from govxl.errors import UnreadableFile
from govxl.figures import Figures
from govxl.reader.origin import holds_no_report, output_kind
from govxl.reader.parallel import killed_read, read_one
from govxl.report import Report
from govxl.rules import validate
from govxl.units import UnitIndex

PathLike = str | os.PathLike[str]

class Priors:
    """Last year's reports, kept small and indexed by year and unit name."""

    def __init__(self, inputs: Sequence[PathLike], workers: int | None = None) -> None:
        self.by_year: dict[int, tuple[UnitIndex, dict[str, Figures]]] = {}
        self.paths: list[Path] = []  # every file read
        for loaded in iter_load(inputs, workers=workers):
            self.paths.append(loaded.path)
            for report in loaded.reports:
                if report.unit is None or report.year is None or holds_no_report(output_kind(report)):
                    continue
                index, named = self.by_year.setdefault(report.year, (UnitIndex(), {}))
                earlier = named.get(report.unit)
                if earlier is None:
                    index.add(report.unit)
                if earlier is None or (report.date or dt.date.min) >= (earlier.date or dt.date.min):
                    named[report.unit] = Figures.of(report)  # of two reports of one unit: the later 填报日期

    def find(self, report: Report | Figures, name: str | None = None) -> Figures | None:
        """The report of the year before ``report``'s, of the same unit (or of the unit ``name``)."""
        unit, year = name or report.unit, report.year
        if unit is None or year is None or year - 1 not in self.by_year:
            return None
        index, named = self.by_year[year - 1]
        match = index.match(unit)
        return named[match] if match is not None else None


_priors: Priors | None = None  # a worker's copy, set once by its initializer


def _set_priors(priors: Priors | None) -> None:
    global _priors
    _priors = priors


def receive_file(path: str) -> list[Entry]:
    """The entries of one file: each report validated (against last year's when known) and made small."""
    digest, mtime = fingerprint(Path(path))
    outcome = read_one(path)
    if isinstance(outcome, UnreadableFile):
        return [Entry(Path(path), digest, mtime, error=outcome, origin=outcome.origin)]
    entries = []
    for report in outcome:
        origin = output_kind(report)
        if holds_no_report(origin):  # govxl's own output: listed, not validated
            entries.append(Entry(Path(path), digest, mtime, Figures.of(report), origin=origin))
            continue
        last = _priors.find(report) if _priors else None
        findings = validate(report, last.report(None) if last else None).items
        entries.append(Entry(Path(path), digest, mtime, Figures.of(report), findings=findings, prior=last,
                             origin=origin, members=tuple(report.meta.get("members", ()))))
    return entries


def killed_file(path: str) -> list[Entry]:
    """The entry of a file whose reading process was killed."""
    return [Entry(Path(path), *fingerprint(Path(path)), error=killed_read(path))]


def receive(inputs: Iterable[PathLike], priors: Priors | None = None, *, workers: int | None = None,
            progress: bool = False) -> Iterator[Entry]:
    """One :class:`Entry` per report received (or per file that gave none), in input order."""
    for path, why, entries in each_file(collect(inputs), receive_file, killed=killed_file, workers=workers,
                                        progress="读取并校验" if progress else None,
                                        initializer=_set_priors, initargs=(priors,)):
        if why is not None:
            yield Entry(path, "", 0.0, status=Status.IGNORED, reason=why)
            continue
        for entry in entries or ():
            if entry.figures is not None:
                entry.figures.share()
            yield entry
