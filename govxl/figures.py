"""A report kept small: its numbers, what was typed where a number belongs, identification and provenance.

A province reads tens of thousands of reports; :class:`Figures` keeps per report one float array of the
edition's value keys (NaN where blank or not a number), the few cells that held text, the prose, and
where each figure came from as shared ``(sheet, cell, how)`` triples. The merge keeps them, and the frames
(:mod:`govxl.frames`) are built from them.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from dataclasses import dataclass, field

from govxl.findings import CellRef
from govxl.report import Report, Source
from govxl.schema import Edition
from govxl.values import State

Where = tuple[str | None, str | None, str]  # (sheet, A1 cell, how)
_SHARED: dict[tuple, tuple] = {}  # one object per distinct provenance (and per distinct set of them)


def _shared(value: tuple) -> tuple:
    return _SHARED.setdefault(value, value)


@dataclass(slots=True)
class Figures:
    """One report's figures: ``numbers[i]`` is ``edition.value_fields[i]``'s number (NaN where blank or invalid).

    A value key's state follows from ``numbers``, ``invalid`` and ``as_text``: NaN and in ``invalid`` is
    invalid, NaN otherwise blank, a number in ``as_text`` a text-number, any other number a number.
    """

    edition: Edition
    numbers: array
    meta: dict[str, str]  # identification fields as displayed (单位名称, 填报日期 …)
    invalid: dict[str, str]  # value key -> the text typed where a number belongs
    where: tuple[Where, ...]  # per value key
    unit: str | None
    year: int | None
    date: dt.date | None
    as_text: dict[str, str] = field(default_factory=dict)  # value key -> a number typed as text ("12"), as typed
    prose: dict[str, str] = field(default_factory=dict)  # prose key -> its text (blank sections left out)

    @classmethod
    def of(cls, report: Report) -> Figures:
        e = report.edition
        numbers = array("d")
        invalid: dict[str, str] = {}
        as_text: dict[str, str] = {}
        where: list[Where] = []
        for f in e.value_fields:
            v = report.values.get(f.key)
            if v is None or v.number is None:
                numbers.append(math.nan)
                if v is not None and v.state is State.INVALID:
                    invalid[f.key] = v.text or ""
            else:
                numbers.append(v.number)
                if v.state is State.TEXT_NUMBER:
                    as_text[f.key] = v.text or str(v.source.raw)
            src = v.source if v is not None else Source()
            where.append(_shared((src.sheet, src.cell, src.how)))
        meta = {k: report.text(k) for k in e.keys("meta") if k in report.values and not report.is_blank(k)}
        prose = {k: report.text(k) for k in e.keys("text") if k in report.values and not report.is_blank(k)}
        return cls(e, numbers, meta, invalid, _shared(tuple(where)), report.unit, report.year, report.date,
                   as_text, prose)

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
        """key -> what the cell held, enough to rebuild a :class:`Report` (identification and prose included)."""
        out: dict[str, object] = {k: v for k, v in self.meta.items() if k != "meta_date"}
        if self.date is not None:
            out["meta_date"] = self.date
        out.update(self.prose)
        for f, x in zip(self.edition.value_fields, self.numbers):
            out[f.key] = self.invalid.get(f.key) if math.isnan(x) else self.as_text.get(f.key, x)
        return out

    def report(self, path: str | None) -> Report:
        """A :class:`Report` again, with each figure's provenance."""
        sources = {f.key: Source(path, *w[:2], how=w[2]) for f, w in zip(self.edition.value_fields, self.where)}
        return Report.from_cells(self.edition, self.cells(), path=path, sources=sources)
