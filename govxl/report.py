"""A report as govxl holds it: every value by canonical key, with its edition and where it came from."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from govxl.frames import Framed, Row
from govxl.schema import Edition, Kind
from govxl.values import State, interpret, is_valid, whole

if TYPE_CHECKING:
    from govxl.findings import Finding


CONSOLIDATED = "consolidated"  # Report.reader / Report.meta["kind"] of a sum of units


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from and what the cell literally held."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # A1 address
    raw: object = None  # the cell's literal content (number, text, date, None)
    formula: str | None = None  # the cell's formula, if it held one
    cached: object = None  # the formula's cached value (never trusted)
    how: str = "name"  # 'name' (defined name), 'label' (located by label), 'formula' (computed), 'import'
    note: str | None = None  # what govxl assumed or guessed to read it
    parts: tuple[tuple[int, str, str], ...] = ()  # a text joined from cells: (offset in the text, sheet, A1)
    # where each cell's piece begins, in order ('cell' is the first piece's)


@dataclass(frozen=True, slots=True)
class Value:
    key: str
    state: State
    number: int | float | None = None  # numeric kinds: the number used by the rules
    text: str | None = None  # text kinds, and what was typed where a number belongs
    date: dt.date | None = None
    source: Source = Source()

    @property
    def computed_by_formula(self) -> bool:
        return self.source.how == "formula"

    @property
    def display(self) -> str:
        """What the cell holds, as a person would read it."""
        if self.state is State.BLANK:
            return "（空白）"
        if self.state is State.DATE and self.date:
            return self.date.isoformat()
        if self.text is not None:
            return self.text
        return "" if self.number is None else f"{self.number:g}"


def make_value(key: str, kind: Kind, raw: object, source: Source) -> Value:
    """The :class:`Value` of a cell of ``kind`` that literally holds ``raw``."""
    state, meaning, text = interpret(raw, kind)
    if isinstance(meaning, dt.date):
        return Value(key, state, text=text, date=meaning, source=source)
    return Value(key, state, number=meaning, text=text, source=source)


def formula_value(key: str, values: Mapping[str, Value], edition: Edition, source: Source) -> Value:
    """A computed cell's value as its formula computes it from the inputs (blank and text as 0)."""
    total = whole(math.fsum((values[k].number or 0) if k in values else 0 for k in edition[key].sum_of))
    return Value(key, State.NUMBER, number=total, source=replace(source, how="formula"))


@dataclass
class Report(Framed):
    """One unit's annual report."""

    edition: Edition
    values: dict[str, Value]
    path: str | None = None
    reader: str = "template"  # 'template' | 'layout' | 'values' | CONSOLIDATED (a sum made by the merge)
    findings: list[Finding] = field(default_factory=list)  # what reading found (template-altered …)
    explanations: dict[str, str] = field(default_factory=dict)  # check id -> the filler's 说明
    meta: dict[str, Any] = field(default_factory=dict)  # template version, govxl version, sheet names …

    @classmethod
    def from_cells(cls, edition: Edition, cells: Mapping[str, object], *, path: str | None = None,
                   sources: Mapping[str, Source] | None = None, reader: str = "values") -> Report:
        """A report from what each cell literally holds (key -> raw content).

        A computed cell absent from ``cells`` gets the value its template formula computes from the
        inputs; a computed cell present in ``cells`` keeps what it holds.
        """
        sources = sources or {}
        values: dict[str, Value] = {}
        for f in edition.fields:
            if f.key in cells:
                values[f.key] = make_value(f.key, f.kind, cells[f.key], sources.get(f.key, Source(file=path)))
        for f in edition.fields:
            if f.computed and f.key not in values:
                values[f.key] = formula_value(f.key, values, edition, sources.get(f.key, Source(file=path)))
        return cls(edition, values, path=path, reader=reader)

    @property
    def consolidated(self) -> bool:
        """A sum of units' reports (a county's consolidation), not one unit's own report."""
        return self.reader == CONSOLIDATED or self.meta.get("kind") == CONSOLIDATED

    # -- identification --------------------------------------------------------------------------
    @property
    def unit(self) -> str | None:
        v = self.values.get("meta_unit")
        return v.text if v and v.text else None

    @property
    def year(self) -> int | None:
        v = self.values.get("meta_year")
        return int(v.number) if v and isinstance(v.number, (int, float)) and v.number == int(v.number) else None

    @property
    def date(self) -> dt.date | None:
        v = self.values.get("meta_date")
        return v.date if v else None

    # -- the rule engine's view (govxl.rules.expr.Values) ------------------------------------------
    def number(self, key: str) -> float:
        v = self.values.get(key)
        return v.number if v is not None and v.number is not None else 0

    def is_blank(self, key: str) -> bool:
        v = self.values.get(key)
        return v is None or v.state is State.BLANK

    def is_valid(self, key: str) -> bool:
        v = self.values.get(key)
        return v is None or is_valid(v.state, v.number, self.edition[key].kind)

    def text(self, key: str) -> str:
        v = self.values.get(key)
        if v is None or v.state is State.BLANK:
            return ""
        return v.text if v.text is not None else v.display

    # -- access ------------------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def numbers(self) -> dict[str, int | float | None]:
        """Every value key of the edition -> its number (None where blank or not a number)."""
        return {f.key: self.values[f.key].number if f.key in self.values else None for f in self.edition.value_fields}

    def rows(self) -> list[Row]:
        """The report as the frames take it (:meth:`~govxl.frames.Framed.to_frame`: a wide frame of one row)."""
        from govxl.figures import Figures

        return [(self.path, Figures.of(self))]

    def kind(self, key: str) -> Kind:
        return self.edition[key].kind

    # -- display: a short repr; in a notebook the official tables (govxl.display.html) ------------
    def __repr__(self) -> str:
        from govxl.display.text import report_line
        from govxl.rules import validate

        return f"<Report {report_line(self, validate(self))}>"

    def _repr_html_(self) -> str:
        from govxl.display.html import report_html

        return report_html(self)

    def digest(self) -> str:
        """A fingerprint of what the report says (every value's state, number, text and date; no provenance).

        An annotated copy records its report's digest: a copy whose digest still matches was not edited.
        """
        import hashlib

        rows = sorted((v.key, str(v.state), repr(v.number), v.text or "", str(v.date or "")) for v in self.values.values())
        return hashlib.sha256(repr((self.edition.id, rows)).encode("utf-8", "surrogatepass")).hexdigest()

    # -- pickling: reports cross process boundaries (read_many); each value travels as one flat tuple --
    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        rows = tuple((v.key, v.state, v.number, v.text, v.date, *_source_fields(v.source)) for v in self.values.values())
        return _restore, (self.edition, rows, self.path, self.reader, self.findings, self.explanations, self.meta)


_source_fields = attrgetter(*Source.__slots__)


def _restore(edition: Edition, rows: tuple[tuple[Any, ...], ...], *rest: Any) -> Report:
    values = {}
    for key, state, number, text, date, *source in rows:
        values[key] = Value(key, state, number, text, date, Source(*source))
    return Report(edition, values, *rest)
