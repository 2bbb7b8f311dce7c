"""Which cells compare across two editions, as data — ../shared/spec/crosswalk.md.

A :class:`Crosswalk` relates an edition to the one before it by :class:`Link` entries. Keys both editions
have mean the same thing unless a link says otherwise (:attr:`Relation.SAME`); every other value key must be
declared: renamed, a sum of the newer edition's finer rows, not comparable (with the caveat an analyst must
read), or found in one edition only. Building a crosswalk checks that every value key of both editions is
covered exactly once, so a new edition cannot be added with a key the panel would silently drop.

:attr:`Crosswalk.columns` is what a multi-year panel shows: one :class:`Column` per comparable measure (named
by the newer key, or by the older key where the newer edition splits it into rows), each saying which keys
give its figure in each edition.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from govxl.editions import e2019, e2021
from govxl.editions.common import T3_COLUMNS
from govxl.schema import Edition, Kind


class Relation(StrEnum):
    # in the order a chain of crosswalks keeps the strongest (a renamed and then summed measure is SUM_OF)
    SAME = "same"  # one key, one meaning in both editions
    RENAMED = "renamed"  # one measure under another key (the panel uses the newer key)
    SUM_OF = "sum_of"  # the older edition's cell is the sum of the newer edition's finer cells
    ONLY_IN = "only_in"  # one edition has it and the other nothing like it
    NOT_COMPARABLE = "not_comparable"  # different measures: kept apart, each with the caveat


@dataclass(frozen=True)
class Link:
    """One declared relation; ``{m}`` in the key patterns is filled with each of ``members``."""

    relation: Relation
    old: tuple[str, ...] = ()  # keys of the older edition
    new: tuple[str, ...] = ()  # keys of the newer edition (SUM_OF: the parts)
    members: tuple[str, ...] = ("",)
    caveat: str = ""  # Chinese: what differs and how (if at all) the figures may be compared

    def expand(self) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
        for m in self.members:
            yield tuple(k.format(m=m) for k in self.old), tuple(k.format(m=m) for k in self.new)


@dataclass(frozen=True)
class Column:
    """A column of the panel: the keys whose sum gives its figure, per edition id (absent: no figure)."""

    key: str
    relation: Relation
    sources: dict[str, tuple[str, ...]]
    caveat: str = ""

    def kind(self, editions: dict[str, Edition]) -> Kind:
        """COUNT when every source is a whole number (count or signed), AMOUNT otherwise."""
        kinds = {editions[e][k].kind for e, keys in self.sources.items() for k in keys}
        return Kind.COUNT if kinds <= {Kind.COUNT, Kind.SIGNED} else Kind.AMOUNT


@dataclass(frozen=True)
class Crosswalk:
    old: Edition
    new: Edition
    links: tuple[Link, ...]
    columns: tuple[Column, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", self._columns())

    def _columns(self) -> tuple[Column, ...]:
        old_keys = [f.key for f in self.old.value_fields]
        new_keys = [f.key for f in self.new.value_fields]
        owned: dict[tuple[str, str], Column] = {}  # (edition, key) -> the column it gives (not SUM_OF parts)

        def own(keys: tuple[str, ...], edition: Edition, column: Column) -> None:
            for k in keys:
                if k not in edition.value_index:
                    raise ValueError(f"crosswalk {self.old.id}→{self.new.id}: {k} is no value key of {edition.id}")
                if (edition.id, k) in owned:
                    raise ValueError(f"crosswalk {self.old.id}→{self.new.id}: {k} declared twice")
                owned[(edition.id, k)] = column

        o, n = self.old.id, self.new.id
        for link in self.links:
            for old, new in link.expand():
                if link.relation is Relation.RENAMED:
                    own(old, self.old, c := Column(new[0], link.relation, {o: old, n: new}, link.caveat))
                    own(new, self.new, c)
                elif link.relation is Relation.SUM_OF:
                    if missing := [k for k in new if k not in self.new.value_index]:
                        raise ValueError(f"crosswalk {o}→{n}: {missing} are no value keys of {n}")
                    own(old, self.old, Column(old[0], link.relation, {o: old, n: new}, link.caveat))
                else:  # NOT_COMPARABLE, ONLY_IN: each key its own column, in its own edition only
                    for k in old:
                        own((k,), self.old, Column(k, link.relation, {o: (k,)}, link.caveat))
                    for k in new:
                        own((k,), self.new, Column(k, link.relation, {n: (k,)}, link.caveat))
        for k in sorted(set(old_keys) & set(new_keys)):
            if (o, k) not in owned and (n, k) not in owned:
                c = Column(k, Relation.SAME, {o: (k,), n: (k,)})
                owned[(o, k)] = owned[(n, k)] = c
        uncovered = [f"{e}:{k}" for e, keys in ((o, old_keys), (n, new_keys)) for k in keys if (e, k) not in owned]
        if uncovered:
            raise ValueError(f"crosswalk {o}→{n}: no relation for {', '.join(uncovered)}")
        return _in_form_order(owned, o, old_keys, n, new_keys)


def _in_form_order(owned: dict[tuple[str, str], Column], old: str, old_keys: list[str], new: str,
                   new_keys: list[str]) -> tuple[Column, ...]:
    """The newer edition's order; a column the newer edition lacks follows the older key before it."""
    place: dict[str, tuple[int, int]] = {}
    for i, k in enumerate(new_keys):
        place.setdefault(owned[(new, k)].key, (i, -1))
    anchor = -1
    for i, k in enumerate(old_keys):
        key = owned[(old, k)].key
        if key in place:
            anchor = place[key][0]
        else:
            place[key] = (anchor, i)
    columns = {c.key: c for c in owned.values()}
    return tuple(columns[k] for k in sorted(place, key=place.__getitem__))


def chain(crosswalks: Sequence[Crosswalk]) -> tuple[Column, ...]:
    """The columns of a panel over consecutive editions: each crosswalk's columns carried on to the next edition.

    A column carries on where each key it sums in the shared edition carries on (same, renamed or summed; a
    not-comparable key does not): a measure renamed in the second crosswalk takes the newest key, a sum keeps
    its key. The next crosswalk's columns that nothing carried on to are added after.
    """
    columns = list(crosswalks[0].columns)
    order = list(Relation)
    for step in crosswalks[1:]:
        shared, newest = step.old.id, step.new.id
        onward = {c.sources[shared][0]: c for c in step.columns if c.relation is not Relation.NOT_COMPARABLE
                  and len(c.sources.get(shared, ())) == 1 and newest in c.sources}
        used: set[str] = set()
        ends = {c.sources[shared]: c for c in step.columns if c.sources.keys() == {shared}}  # keys dropped next
        for i, c in enumerate(columns):
            keys = c.sources.get(shared, ())
            if not keys or not all(k in onward for k in keys):
                if (end := ends.get(keys)) is not None:  # not carried on: say why the newest edition lacks it
                    columns[i] = replace(c, relation=max(c.relation, end.relation, key=order.index),
                                         caveat=c.caveat + end.caveat)
                continue
            nxt = [onward[k] for k in keys]
            used.update(n.key for n in nxt)
            relation = max((c.relation, *(n.relation for n in nxt)), key=order.index)
            caveat = "".join(dict.fromkeys(x.caveat for x in (c, *nxt) if x.caveat))
            sources = {**c.sources, newest: tuple(k for n in nxt for k in n.sources[newest])}
            columns[i] = replace(c, key=nxt[0].key if len(keys) == 1 else c.key, relation=relation,
                                 sources=sources, caveat=caveat)
        have = {c.key for c in columns}
        columns += [c for c in step.columns if c.key not in used and c.key not in have]
    return tuple(columns)


_DOCUMENTS = ("rules", "normative")
_PROJECTS = ("license", "services", "penalty", "coercion")
_T3_COLUMNS = tuple(c for c, _ in T3_COLUMNS)

LINKS_2019_2021 = (
    Link(Relation.RENAMED, ("t2_{m}_made",), ("t2_{m}_issued",), _DOCUMENTS,
         "2019年版“本年新制作数量”与2021年版“本年制发件数”都是本年制发的文件，可以比较。"),
    Link(Relation.NOT_COMPARABLE, ("t2_{m}_total",), ("t2_{m}_valid",), _DOCUMENTS,
         "2019年版“对外公开总数量”是累计公开的件数，2021年版“现行有效件数”是现行有效的件数，口径不同；"
         "只能在注明口径差异后比较，不能当作同一指标。"),
    Link(Relation.NOT_COMPARABLE, ("t2_fees_prev", "t2_fees_change"), ("t2_fees_amount",), caveat=(
         "2019年版“行政事业性收费”填的是收费项目数量（上一年项目数量、本年增/减），2021年版填的是本年收费金额（万元）："
         "一个是项目数，一个是金额，不能比较。")),
    Link(Relation.SUM_OF, ("t3_other_{m}",), ("t3_other_nocorrection_{m}", "t3_other_nofee_{m}", "t3_other_misc_{m}"),
         _T3_COLUMNS, "2021年版把“（六）其他处理”分为三项，三项之和即2019年版的“（六）其他处理”。"),
    Link(Relation.ONLY_IN, ("t2_{m}_published",), members=_DOCUMENTS, caveat="2021年版没有“本年新公开数量”。"),
    Link(Relation.ONLY_IN, ("t2_{m}_prev", "t2_{m}_change"), members=_PROJECTS,
         caveat="2021年版不再填报“上一年项目数量”和“本年增/减”。"),
    Link(Relation.ONLY_IN, ("t2_services_decisions",), caveat="2021年版没有“其他对外管理服务事项”。"),
    Link(Relation.ONLY_IN, ("t2_procurement_count", "t2_procurement_amount"),
         caveat="2021年版没有第二十条第（九）项“政府集中采购”。"),
    Link(Relation.ONLY_IN, new=("t2_{m}_repealed",), members=_DOCUMENTS, caveat="2021年版新增“本年废止件数”。"),
    Link(Relation.ONLY_IN, new=("t3_other_nocorrection_{m}", "t3_other_nofee_{m}", "t3_other_misc_{m}"),
         members=_T3_COLUMNS, caveat="2021年版“（六）其他处理”的分项，2019年版只有合计。"),
    Link(Relation.ONLY_IN, new=("x_fee_notices", "x_fee_notice_amount", "x_fee_collected"),
         caveat="信息处理费（《政府信息公开信息处理费管理办法》，2021年起）。"),
)

CROSSWALK_2019_2021 = Crosswalk(e2019.EDITION, e2021.EDITION, LINKS_2019_2021)
