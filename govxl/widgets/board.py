"""What the dashboard shows: the merge of the year under review and the merges of the other years given.

Inputs are read once. Folders (or files) whose reports are mostly of the year under review are merged against
the roster, as ``govxl merge`` merges them; the reports of other years are merged per year without a roster,
for the 趋势 tab only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from govxl.collection import Reports
from govxl.consolidation import Entry, MergeResult, Roster, as_list, combine, read_roster, receive
from govxl.consolidation.select import batch_year
from govxl.errors import UsageError
from govxl.report import Report
from govxl.units import normalize_unit

PathLike = str | os.PathLike[str]
Source = PathLike | Iterable[PathLike] | Reports | MergeResult


@dataclass(frozen=True)
class Board:
    result: MergeResult  # the year under review
    years: dict[int, MergeResult]  # every year given (the year under review among them), oldest first

    def reports(self) -> list[Report]:
        """The adopted reports of every year, oldest first."""
        return [e.read.report(e.file) for m in self.years.values() for e in m.adopted]

    def units(self) -> dict[str, list[Report]]:
        """Each unit's reports over the years (names matched by 全称/简称), keyed by its latest name."""
        by_unit: dict[str, list[Report]] = {}
        for r in self.reports():
            if r.unit:
                by_unit.setdefault(normalize_unit(r.unit), []).append(r)
        return {rs[-1].unit or key: rs for key, rs in by_unit.items()}

    def county(self) -> list[Report]:
        """The county's sum of each year."""
        return [m.total for m in self.years.values()]


def load(source: Source, roster: PathLike | Roster | None = None, year: int | None = None, *,
         workers: int | None = None, progress: bool = True) -> Board:
    """The board of ``source``: a folder or file, several of them (one year's or several years'), a collection
    (:func:`govxl.read_many`) or a merge result (its year alone)."""
    if isinstance(source, MergeResult):
        return Board(source, {source.year or 0: source})
    expected = roster if isinstance(roster, Roster) or roster is None else read_roster(roster)
    groups: list[tuple[list[Entry], Path | None]]
    if isinstance(source, Reports):
        groups = [([replace(e) for e in source.entries], None)]  # the merge sets statuses on its own copies
    else:
        paths = as_list(source)
        if not paths:
            raise UsageError("没有给出文件或文件夹：请给出收到的报告所在的文件夹。")
        groups = [(list(receive([p], workers=workers, progress=progress)), Path(p)) for p in paths]
    return _board(groups, expected, year)


def _board(groups: list[tuple[list[Entry], Path | None]], roster: Roster | None, year: int | None) -> Board:
    """``groups`` (each input's entries, and the input) split into the year under review and the others."""
    years = {i: batch_year(entries) for i, (entries, _) in enumerate(groups)}
    chosen = year if year is not None else max((y for y in years.values() if y is not None), default=None)
    current = [i for i, y in years.items() if y == chosen] or list(years)
    result = combine([e for i in current for e in groups[i][0]], roster, chosen)
    result.roots = tuple(p if p.is_dir() else p.parent for i in current if (p := groups[i][1]) is not None)
    others: dict[int, list[Entry]] = {}
    for i, (entries, _) in enumerate(groups):
        if i not in current:
            for e in entries:
                if e.figures is not None and e.figures.year is not None and e.figures.year != chosen:
                    others.setdefault(e.figures.year, []).append(e)
    merged = {y: combine(entries, None, y) for y, entries in others.items()}
    merged[result.year or 0] = result
    return Board(result, dict(sorted(merged.items())))
