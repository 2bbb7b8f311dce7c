"""The registry of editions: which edition a report year uses, and each edition by id.

Adding an edition is adding a data module beside ``e2021.py`` and listing it in ``EDITIONS``.
"""

from __future__ import annotations

from govxl.editions import e2019, e2021
from govxl.errors import UsageError
from govxl.schema import Edition

EDITIONS: dict[str, Edition] = {e.id: e for e in (e2019.EDITION, e2021.EDITION)}


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


__all__ = ["EDITIONS", "Edition", "UnknownEdition", "edition_for_year", "get_edition"]
