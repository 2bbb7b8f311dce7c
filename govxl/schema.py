"""What an edition of the report *is*: fields, table layouts and named sets, as plain data.

Engines (template writer, reader, rules, merge, renderers) take an :class:`Edition` as input and never
hard-code a key, a label or a coordinate of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, SupportsIndex


class Kind(StrEnum):
    """What a cell holds."""

    COUNT = "count"  # whole number >= 0
    SIGNED = "signed"  # whole number, may be negative (2019 本年增/减)
    AMOUNT = "amount"  # number >= 0, decimals allowed
    YEAR = "year"  # four-digit report year
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"

    @property
    def numeric(self) -> bool:
        return self in (Kind.COUNT, Kind.SIGNED, Kind.AMOUNT)


@dataclass(frozen=True)
class Field:
    """One cell of the form, addressed by its canonical key."""

    key: str
    label: str  # the label a person reads (for table cells: row label · column label)
    kind: Kind
    section: str  # 'meta', 'text', 'x', 't2', 't3', 't4'
    path: tuple[str, ...] = ()  # header path within its table: (block/row, column)
    sum_of: tuple[str, ...] = ()  # computed cells: the keys they sum
    required: bool = False
    choices: tuple[str, ...] = ()
    hint: str = ""  # input prompt for the filler

    @property
    def computed(self) -> bool:
        return bool(self.sum_of)

    @property
    def is_value(self) -> bool:
        """A number cell of the official tables (or a numeric extension field)."""
        return self.kind.numeric


@dataclass(frozen=True)
class Span:
    """A label cell of a table grid, relative to the table's top-left corner (0-based)."""

    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1
    role: str = "label"  # 'caption' | 'header' | 'label'


@dataclass(frozen=True)
class Slot:
    """A value cell of a table grid: where key ``key`` sits (merged across ``cols`` columns)."""

    row: int
    col: int
    key: str
    cols: int = 1


@dataclass(frozen=True)
class TableLayout:
    """One official table: its section heading and its grid of label spans and value slots."""

    id: str  # 't2' | 't3' | 't4'
    heading: str  # section heading printed above the table
    name: str  # short name: 表二 …
    width: int
    height: int
    spans: tuple[Span, ...]
    slots: tuple[Slot, ...]
    header_rows: int  # rows at the top that are headers (repeated when printing)


@dataclass(frozen=True)
class ProseSection:
    key: str
    heading: str
    level: int  # 0: a numbered section (一、…), 1: a topic within 一、总体情况


@dataclass(frozen=True, eq=False)  # identity equality: one object per edition, hashable
class Edition:
    """One edition of the official format, complete: every engine reads only this."""

    id: str  # '2019', '2021'
    title: str  # official name of the format
    issued_by: str
    first_year: int
    last_year: int | None  # None: still current
    fields: tuple[Field, ...]
    tables: tuple[TableLayout, ...]
    prose: tuple[ProseSection, ...]
    sections: tuple[str, ...]  # the six section headings, in order
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # named member lists for rules
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # set -> member -> Chinese label
    notes: tuple[str, ...] = ()  # counting rules printed in the form, shown to the filler

    # Derived once from ``fields`` (engines ask for them per report and per key).
    _by_key: dict[str, Field] = field(init=False, repr=False)
    value_fields: tuple[Field, ...] = field(init=False, repr=False)  # the number cells, in form order
    value_index: dict[str, int] = field(init=False, repr=False)  # value key -> its position in value_fields

    def __post_init__(self) -> None:
        by_key = {f.key: f for f in self.fields}
        if len(by_key) != len(self.fields):
            raise ValueError(f"edition {self.id}: duplicate keys")
        values = tuple(f for f in self.fields if f.is_value)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "value_fields", values)
        object.__setattr__(self, "value_index", {f.key: i for i, f in enumerate(values)})

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """A registered edition pickles as its id, so it unpickles as the very same object; others by value."""
        from govxl.editions import EDITIONS, get_edition  # the registry imports this module

        if EDITIONS.get(self.id) is self:
            return get_edition, (self.id,)
        return super().__reduce_ex__(protocol)

    def __getitem__(self, key: str) -> Field:
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def keys(self, section: str | None = None) -> list[str]:
        return [f.key for f in self.fields if section is None or f.section == section]

    def table(self, table_id: str) -> TableLayout:
        return next(t for t in self.tables if t.id == table_id)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def __repr__(self) -> str:
        return f"Edition({self.id!r})"
