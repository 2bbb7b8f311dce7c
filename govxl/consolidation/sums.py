"""The county's figures: the cell-by-cell sum of the adopted reports, as a report the rules can check."""

from __future__ import annotations

import math
from collections.abc import Sequence

from govxl.figures import Figures
from govxl.report import CONSOLIDATED, Report
from govxl.schema import Edition
from govxl.values import whole

EDITION_KEY = "meta_edition"


def totals(edition: Edition, adopted: Sequence[Figures]) -> dict[str, int | float]:
    """Value key -> the sum over ``adopted`` (blank and invalid count 0, as the rules count them)."""
    columns = [math.fsum(x for f in adopted if not math.isnan(x := f.numbers[i]))
               for i in range(len(edition.value_fields))]
    return {f.key: whole(round(s, 6)) for f, s in zip(edition.value_fields, columns)}  # 万元 summed in binary


def sum_cells(edition: Edition, sums: dict[str, int | float], *, name: str, year: int | None) -> dict[str, object]:
    """What the consolidated report's cells hold: its name, year and edition, and every value key's sum."""
    cells: dict[str, object] = {"meta_unit": name, "meta_year": year, EDITION_KEY: edition.id, **sums}
    return {k: v for k, v in cells.items() if k in edition}


def sum_report(edition: Edition, sums: dict[str, int | float], *, name: str, year: int | None,
               path: str | None = None) -> Report:
    """The consolidated report of ``name``: every value key holds its sum."""
    return Report.from_cells(edition, sum_cells(edition, sums, name=name, year=year), path=path, reader=CONSOLIDATED)
