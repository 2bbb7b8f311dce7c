"""Reports of many years side by side: one row per (unit, year), one column per measure of the crosswalk.

:func:`panel` takes the wide frame (:mod:`govxl.frames`: a RangeIndex; ``unit``, ``year``, ``edition``,
``level``, ``file``, then one column per value key, missing where blank or where the edition has no such key)
and lines the editions up with the crosswalk (:func:`govxl.editions.panel_columns`):

* a measure both editions share keeps its key; a renamed one takes the newer key (``t2_rules_issued`` holds
  2019's 本年新制作数量 too);
* 2019's （六）其他处理 is the column ``t3_other_<column>`` for every year: for a 2021-edition year the sum of
  its three sub-rows, whose own columns stay missing for 2019-edition years;
* measures that are not the same (``t2_rules_total`` vs ``t2_rules_valid``, 2019's fee item counts vs 2021's
  fee amount) stay in separate columns under each edition's own key, each missing in the other edition's
  years, and are listed with their caveat in ``attrs["not_comparable"]``;
* a figure is missing where any cell it sums is missing: blank is not zero.

Unit names are matched across years as the merge matches them (:mod:`govxl.units`: 全称/简称); a unit is
named as in its latest report. Rows that cannot be placed (no unit, no year, an unknown edition) and second
reports of a unit and year are left out and said so in ``attrs["left_out"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govxl.editions import EDITIONS, panel_columns
from govxl.editions.crosswalk import Column, Relation
from govxl.schema import Kind
from govxl.units import UnitIndex

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

INDEX = ["unit", "year"]
KEPT = ("edition", "level", "file")  # identification columns a panel keeps beside its measures


def columns_of(wide: pd.DataFrame) -> tuple[Column, ...]:
    """The crosswalk's columns for the editions of ``wide``'s rows."""
    return panel_columns(e for e in dict.fromkeys(wide["edition"].astype(str)) if e in EDITIONS)


def align(wide: pd.DataFrame, columns: tuple[Column, ...] | None = None) -> pd.DataFrame:
    """The crosswalk's columns for every row of ``wide`` (same index), each the sum of its keys in the row's
    edition; missing where the row's edition has no such measure or a summed cell is missing."""
    import numpy as np
    import pandas as pd

    editions = wide["edition"].astype(str).to_numpy()
    if columns is None:
        columns = columns_of(wide)
    rows = {e: editions == e for e in dict.fromkeys(editions)}
    out = {}
    for c in columns:
        x = np.full(len(wide), np.nan)
        for edition, keys in c.sources.items():
            if edition in rows:
                mask = rows[edition]
                x[mask] = sum(floats(wide, k)[mask] for k in keys)
        out[c.key] = nullable(x, c.kind(EDITIONS) is Kind.COUNT)
    return pd.DataFrame(out, index=wide.index)


def floats(frame: pd.DataFrame, key: str) -> np.ndarray:
    """Column ``key`` of ``frame`` as floats, NaN where missing (all NaN where ``frame`` has no such column)."""
    import numpy as np

    return frame[key].to_numpy(dtype=float, na_value=np.nan) if key in frame else np.full(len(frame), np.nan)


def nullable(x: np.ndarray, count: bool) -> pd.api.extensions.ExtensionArray:
    """Int64 for counts (Float64 if a count cell held a fraction or an overflow), Float64 otherwise; NaN is <NA>."""
    import numpy as np
    import pandas as pd

    missing = np.isnan(x)
    known = x[~missing]
    if count and np.all(np.isfinite(known) & (known == np.round(known)) & (np.abs(known) < 2**53)):
        return pd.arrays.IntegerArray(np.where(missing, 0, x).astype("int64"), missing)
    return pd.arrays.FloatingArray(np.where(missing, 0.0, x), missing)


def panel(wide: pd.DataFrame) -> pd.DataFrame:
    """The panel of ``wide``: indexed by (unit, year), sorted; ``edition``, ``level``, ``file`` kept; then
    one column per measure of the crosswalk (see the module's description).

    ``attrs["not_comparable"]``: column -> the Chinese caveat; ``attrs["relations"]``: column -> how the
    editions relate (:class:`~govxl.editions.crosswalk.Relation`); ``attrs["left_out"]``: the rows left out, why.
    """
    import pandas as pd

    identified = wide["unit"].notna() & wide["year"].notna()
    known = wide["edition"].astype(str).isin(list(EDITIONS))
    left_out = [f"{_row(wide, i)}：没有单位名称或报告年度，未列入面板" for i in wide.index[~identified]]
    left_out += [f"{_row(wide, i)}：格式版本“{wide.at[i, 'edition']!s}”不是已知的版本，未列入面板"
                 for i in wide.index[identified & ~known]]
    wide = wide[identified & known]
    years = wide["year"].astype(int)
    units = _same_units(wide["unit"].astype(str), years)
    columns = columns_of(wide)
    aligned = align(wide, columns)
    kept = wide[[c for c in KEPT if c in wide]]
    frame = pd.concat([kept, aligned], axis=1)
    frame.index = pd.MultiIndex.from_arrays([units.to_numpy(), years.to_numpy()], names=INDEX)
    again = frame.index.duplicated(keep="last")
    left_out += [f"{_row(wide, i)}：与后面的一份报告同为“{u}”{y}年度，面板采用后面的一份"
                 for i, (u, y) in zip(wide.index[again], frame.index[again], strict=True)]
    frame = frame[~again].sort_index()
    frame.attrs = {
        "not_comparable": {c.key: c.caveat for c in columns if c.relation is Relation.NOT_COMPARABLE},
        "relations": {c.key: str(c.relation) for c in columns},
        "left_out": left_out,
    }
    return frame


def _row(wide: pd.DataFrame, i: object) -> str:
    """A row of the wide frame as a person finds it: its file, else its unit and year."""
    file = wide.at[i, "file"] if "file" in wide else None
    if isinstance(file, str) and file:
        return file
    return f"第{i}行（" + "，".join(str(wide.at[i, c]) for c in INDEX) + "）"


def _same_units(names: pd.Series, years: pd.Series) -> pd.Series:
    """Each row's unit under one name per unit (全称/简称 matched), the name of the unit's latest report."""
    index = UnitIndex()
    canonical: dict[str, str] = {}
    for name in names.iloc[years.argsort(kind="stable")[::-1]]:
        if name not in canonical:
            match = index.match(name)
            if match is None:
                index.add(name)
            canonical[name] = match or name
    return names.map(canonical)
