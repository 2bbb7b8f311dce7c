"""The registry of editions: which edition a report year uses, each edition by id, and the crosswalks.

Adding an edition is adding a data module beside ``e2021.py`` and listing it in ``EDITIONS``, and its
:class:`~govxl.editions.crosswalk.Crosswalk` to the edition before it in ``CROSSWALKS``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govxl.editions import e2019, e2021
from govxl.editions.crosswalk import CROSSWALK_2019_2021, Column, Crosswalk, Relation
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


def panel_columns(editions: Iterable[str | Edition]) -> tuple[Column, ...]:
    """The columns of a panel of reports of ``editions``: one edition's value keys, or two editions' crosswalk."""
    found = sorted({get_edition(e) for e in editions}, key=lambda e: e.first_year)
    if len(found) <= 1:
        return tuple(Column(f.key, Relation.SAME, {e.id: (f.key,)}) for e in found for f in e.value_fields)
    if len(found) == 2 and (crosswalk := CROSSWALKS.get((found[0].id, found[1].id))):
        return crosswalk.columns
    ids = "、".join(e.id for e in found)
    raise UnknownEdition(f"没有{ids}年版格式之间的对照表，无法把这些报告排成一个面板；请分别按格式版本分析")


__all__ = ["CROSSWALKS", "EDITIONS", "Edition", "UnknownEdition", "edition_for_year", "get_edition", "panel_columns"]
