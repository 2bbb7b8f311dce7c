"""Many reports as one collection: ``govxl.read_many(inputs) -> Reports``.

Built on the county's receive step (:func:`govxl.consolidation.receive.receive`): every file read and
validated in worker processes and kept small (:class:`~govxl.figures.Figures`); every input is listed
with its status and reason, and an unreadable file is listed, never raised.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from govxl.consolidation.received import Entry, Status
from govxl.errors import UnreadableFile
from govxl.findings import Findings
from govxl.frames import Framed, Row
from govxl.printable import decoded
from govxl.reader.origin import KINDS, holds_no_report
from govxl.report import Report

if TYPE_CHECKING:
    import pandas as pd

    from govxl.consolidation.roster import Roster

PathLike = str | os.PathLike[str]
READ, READ_LABEL = "read", "已读取"  # a file's status in a collection when it gave reports
FILE_STATUSES = [READ, Status.UNREADABLE.value, Status.GOVXL_OUTPUT.value, Status.IGNORED.value]


class Reports(Framed):
    """The reports of many files, in input order; iterating gives each :class:`~govxl.report.Report`.

    ``files`` lists every input with its status; ``unreadable`` the files that gave no report; the frames
    (:meth:`~govxl.frames.Framed.to_frame`, :meth:`panel`, :meth:`metrics`), ``findings`` and :meth:`completeness`
    are pandas DataFrames.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)  # as received: one per report, or per file that gave none
        self._reports = [e for e in self.entries if _file_status(e) == READ]

    def __len__(self) -> int:
        return len(self._reports)

    def __iter__(self) -> Iterator[Report]:
        """Each report rebuilt from its figures: values, prose and provenance (what reading and the rules found
        is in :attr:`findings`)."""
        for e in self._reports:
            yield e.read.report(e.file)

    def rows(self) -> list[Row]:
        """(file, figures) of every report, what the frames are built from."""
        return [(e.file, e.read) for e in self._reports]

    @property
    def unreadable(self) -> list[UnreadableFile]:
        """Why each file that could not be read could not (the reason is for the person who sent it)."""
        return [e.error or UnreadableFile(e.file, e.reason) for e in self.entries if _file_status(e) == Status.UNREADABLE]

    @property
    def files(self) -> pd.DataFrame:
        """One row per input file: ``file`` (as its user reads it), ``status`` (read / unreadable / govxl-output / ignored) and its
        ``status_label`` in Chinese, ``reports`` (how many it gave), ``reason``, ``sha256``."""
        import pandas as pd

        by_file: dict[Path, list[Entry]] = {}
        for e in self.entries:
            by_file.setdefault(e.path, []).append(e)
        rows = []
        for path, group in by_file.items():
            status = _file_status(group[0])
            rows.append({"file": decoded(str(path)), "status": status,
                         "status_label": _label(status),
                         "reports": sum(_file_status(e) == READ for e in group),
                         "reason": _reason(group[0]) or pd.NA, "sha256": group[0].sha256 or pd.NA})
        frame = pd.DataFrame(rows, columns=["file", "status", "status_label", "reports", "reason", "sha256"])
        frame = frame.astype({"file": "string", "reports": "Int64", "reason": "string", "sha256": "string"})
        frame["status"] = pd.Categorical(frame["status"], categories=FILE_STATUSES)
        frame["status_label"] = pd.Categorical(frame["status_label"], categories=[_label(s) for s in FILE_STATUSES])
        return frame

    @property
    def findings(self) -> pd.DataFrame:
        """Every report's own findings (the one-report rules; across years when read with ``prior``)."""
        return Findings([f for e in self._reports for f in e.findings]).to_frame()

    def completeness(self, roster: PathLike | Roster, year: int | None = None) -> pd.DataFrame:
        """Who reported against ``roster`` (a CSV/XLSX file or a :class:`Roster`) for ``year`` (default: the
        most common year): the table of :meth:`govxl.consolidation.MergeResult.completeness`."""
        from govxl.consolidation import combine
        from govxl.consolidation.roster import Roster, read_roster

        expected = roster if isinstance(roster, Roster) else read_roster(roster)
        copies = [replace(e) for e in self.entries]  # the merge sets statuses on its own copies
        return combine(copies, expected, year).completeness()

    def __repr__(self) -> str:
        return f"<Reports: {len(self)} 份报告，{len(self.unreadable)} 个文件无法读取>"

    def _repr_html_(self) -> str:
        from govxl.display.html import collection_html

        return collection_html(self)


def _file_status(e: Entry) -> str:
    if e.status is Status.IGNORED:
        return Status.IGNORED
    if e.figures is None:
        return Status.UNREADABLE
    if holds_no_report(e.origin):
        return Status.GOVXL_OUTPUT
    return READ


def _label(status: str) -> str:
    return READ_LABEL if status == READ else Status(status).label


def _reason(e: Entry) -> str:
    if e.error is not None:
        return e.error.reason
    if _file_status(e) == Status.GOVXL_OUTPUT:
        return KINDS.get(e.origin or "", "govxl 生成的文件")
    return e.reason


def read_many(inputs: Iterable[PathLike] | PathLike, *, prior: Iterable[PathLike] | PathLike | None = None,
              workers: int | None = None, progress: bool = True) -> Reports:
    """Every report in ``inputs`` (files and folders, any format govxl reads) as one :class:`Reports`.

    Files are read and validated in worker processes (``workers``: default one per CPU); ``prior``: last
    year's reports, for the across-years rules; ``progress``: a progress bar where someone watches (a
    notebook or a terminal). A file that cannot be read is listed (``reports.unreadable``), never raised.
    """
    from govxl.consolidation import as_list
    from govxl.consolidation.receive import Priors, receive

    priors = Priors(as_list(prior), workers) if prior is not None else None
    return Reports(receive(as_list(inputs), priors, workers=workers, progress=progress))
