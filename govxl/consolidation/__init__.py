"""Merging a county's workbooks: ``merge(inputs, roster) -> MergeResult``; ``result.write(path)`` writes the
consolidated workbook.

Every input file is accounted for; reports of another year or edition, from units not on the roster,
or superseded by a later report of the same unit are listed and not summed. The county's figures are the
cell-by-cell sums of the adopted reports, checked again by every rule.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from govxl.consolidation.outliers import outliers
from govxl.consolidation.receive import Priors, receive
from govxl.consolidation.received import Entry, Status
from govxl.consolidation.result import MergeResult
from govxl.consolidation.roster import Roster, RosterUnit, read_roster
from govxl.consolidation.select import batch_edition, batch_year, select
from govxl.consolidation.sums import sum_report, totals
from govxl.findings import Findings
from govxl.report import Report
from govxl.rules import validate

PathLike = str | os.PathLike[str]
DEFAULT_NAME = "XX汇总"
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
    priors = Priors(as_list(prior), workers) if prior is not None else None
    paths = as_list(inputs)
    entries = list(receive(paths, priors, workers=workers, progress=progress))
    result = combine(entries, expected, year, priors, name=name, exclude_invalid=exclude_invalid)
    result.roots = tuple(Path(p) if Path(p).is_dir() else Path(p).parent for p in paths)
    result.prior_files = tuple(priors.paths) if priors else ()
    return result


def combine(entries: list[Entry], roster: Roster | None = None, year: int | None = None,
            priors: Priors | None = None, *, name: str | None = None, exclude_invalid: bool = False) -> MergeResult:
    """The merge of received entries (see :func:`receive`): statuses, sums, the rules on the sum."""
    year = year if year is not None else batch_year(entries)
    edition = batch_edition(entries, year)
    units = roster if roster is not None else Roster()
    found = select(entries, units, year, edition, exclude_invalid=exclude_invalid,
                   trusted_roster=roster is not None)
    adopted = [e for e in entries if e.status is Status.ADOPTED]
    sums = totals(edition, [e.read for e in adopted])
    name = name or units.name or _common_region(adopted) or DEFAULT_NAME
    total = sum_report(edition, sums, name=name, year=year)
    prior_total = _prior_sum(priors, name, adopted) if priors else None
    found.extend(f for e in entries if e.status in SHOWN for f in e.findings)
    found.extend(outliers(adopted, edition))
    found.extend(validate(total, prior_total))
    found.sort(key=lambda f: f.severity != "error")
    return MergeResult(edition, year, name, units, entries, sums, total, Findings(found))


def _prior_sum(priors: Priors, name: str, adopted: Sequence[Entry]) -> Report | None:
    """Last year's consolidated report of ``name``, else the sum of last year's reports of the same units."""
    if not adopted:
        return None
    own = priors.find(adopted[0].read, name)
    if own is not None:
        return own.report(None)
    last = [e.prior for e in adopted if e.prior is not None]
    if len(last) < len(adopted) or len({p.edition for p in last}) != 1:
        return None  # last year's figures of the same units are incomplete: no comparison
    edition = last[0].edition
    return sum_report(edition, totals(edition, last), name=name, year=last[0].year)


def as_list(paths: Iterable[PathLike] | PathLike) -> list[PathLike]:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def _common_region(adopted: Sequence[Entry]) -> str | None:
    regions = Counter(e.figures.meta.get("meta_region") for e in adopted if e.figures)
    regions.pop(None, None)
    return regions.most_common(1)[0][0] if regions else None


__all__ = ["Entry", "MergeResult", "Priors", "Roster", "RosterUnit", "Status", "combine", "merge", "read_roster",
           "receive"]
