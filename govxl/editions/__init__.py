"""The registry of editions: which edition a report year uses, each edition by id, and the crosswalks.

Adding an edition is adding a data module beside ``e2021.py`` and listing it in ``EDITIONS``, and its
:class:`~govxl.editions.crosswalk.Crosswalk` to the edition before it in ``CROSSWALKS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from govxl.editions import e2019, e2021
from govxl.editions.crosswalk import CROSSWALK_2019_2021, Column, Crosswalk, Relation, chain
from govxl.errors import UsageError
from govxl.schema import Edition

EDITIONS: dict[str, Edition] = {e.id: e for e in (e2019.EDITION, e2021.EDITION)}
CROSSWALKS: dict[tuple[str, str], Crosswalk] = {(c.old.id, c.new.id): c for c in (CROSSWALK_2019_2021,)}


class UnknownEdition(UsageError, LookupError):
    """No edition has that id, or none covers that year."""


def get_edition(edition: str | int | Edition) -> Edition:
    """The edition ``'2019'`` / ``'2021'`` (an :class:`Edition` is returned as is)."""
    if isinstance(edition, Edition):
        return edition
    try:
        return EDITIONS[str(edition)]
    except KeyError:
        raise UnknownEdition(f"没有“{edition}”版格式；可用：{'、'.join(EDITIONS)}") from None


def edition_for_year(year: int) -> Edition:
    """The edition in force for report year ``year``."""
    for edition in EDITIONS.values():
        if edition.covers(year):
            return edition
    raise UnknownEdition(f"{year}年没有适用的报告格式（最早为{min(e.first_year for e in EDITIONS.values())}年）")


def panel_columns(editions: Iterable[str | Edition] | None = None) -> tuple[Column, ...]:
    """The columns of a panel: the crosswalks of the registered editions chained, in form order; with
    ``editions``, only the columns that have a figure in one of them."""
    columns = _all_columns()
    if editions is None:
        return columns
    ids = {get_edition(e).id for e in editions}
    return tuple(c for c in columns if not ids.isdisjoint(c.sources))


@cache
def _all_columns() -> tuple[Column, ...]:
    editions = sorted(EDITIONS.values(), key=lambda e: e.first_year)
    if len(editions) == 1:
        return tuple(Column(f.key, Relation.SAME, {editions[0].id: (f.key,)}) for f in editions[0].value_fields)
    pairs = [(old.id, new.id) for old, new in zip(editions, editions[1:], strict=False)]
    if missing := [p for p in pairs if p not in CROSSWALKS]:
        raise ValueError(f"no crosswalk between editions {missing}: add it to CROSSWALKS")
    return chain([CROSSWALKS[p] for p in pairs])


__all__ = ["CROSSWALKS", "EDITIONS", "Edition", "UnknownEdition", "edition_for_year", "get_edition", "panel_columns"]
