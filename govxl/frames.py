"""Reports as pandas frames, built column-wise from each report's :class:`~govxl.figures.Figures`.

Two shapes, the same for one report, a collection (``govxl.read_many``) and a merge's adopted reports:

- :func:`wide_frame`: one row per report, one column per value key;
- :func:`long_frame`: one row per report × value key, with the cell's state and where it came from.

Blank stays missing (never 0), text typed where a number belongs is missing in the numbers and kept in the
long frame's ``text``; the rows keep the input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from govxl.editions import EDITIONS
from govxl.errors import UsageError
from govxl.schema import Edition, Field, Kind
from govxl.values import State

if TYPE_CHECKING:
    from typing import Any

    import numpy as np
    import pandas as pd

    from govxl.figures import Figures

Row = tuple[str | None, "Figures"]  # (the file a report came from, its figures)
Shape = Literal["wide", "long"]
IDENTIFICATION = {"unit": "meta_unit", "year": "meta_year", "edition": "meta_edition", "level": "meta_level",
                  "file": None}  # the first columns of both frames -> the edition field naming them
FILE_LABEL = "文件"
EXTENSION_TABLE = "选填"  # the table level of a value key outside the official tables (x_…)
STATES = (State.NUMBER, State.TEXT_NUMBER, State.BLANK, State.INVALID)  # a value key's states, as codes 0…3


class Framed:
    """What makes frames of its reports — a report, a collection, a merge's adopted reports — from ``rows()``."""

    def rows(self) -> list[Row]:
        """(file, figures) of each report, in order."""
        raise NotImplementedError

    def to_frame(self, shape: Shape = "wide", *, labels: bool = False) -> pd.DataFrame:
        """The reports as a ``"wide"`` frame (one row per report, :func:`wide_frame`) or a ``"long"`` one (one
        row per report × value key, :func:`long_frame`); ``labels``: the wide frame's columns as (table, row,
        column) Chinese labels (:func:`labelled`)."""
        return to_frame(self.rows(), shape, labels=labels)

    def panel(self) -> pd.DataFrame:
        """The reports as a panel across years and editions (:func:`govxl.panel.panel` of the wide frame)."""
        raise NotImplementedError("govxl.panel 尚未提供")

    def metrics(self) -> pd.DataFrame:
        """The indicators of each report (:func:`govxl.metrics.metrics` of the wide frame)."""
        raise NotImplementedError("govxl.metrics 尚未提供")


def to_frame(rows: Sequence[Row], shape: Shape = "wide", *, labels: bool = False) -> pd.DataFrame:
    """The ``shape`` frame of ``rows``; ``labels`` (wide only): columns as the Chinese labels (:func:`labelled`)."""
    if shape == "wide":
        frame = wide_frame(rows)
        return labelled(frame, editions_of(rows)) if labels else frame
    if shape == "long":
        if labels:
            raise UsageError("labels=True 只用于宽表（to_frame(\"wide\", labels=True)）；长表的 table、row、column 列就是中文标签")
        return long_frame(rows)
    raise UsageError(f"不支持的表格形状 {shape!r}：请用 \"wide\"（每份报告一行）或 \"long\"（每份报告每个数字一行）")


def editions_of(rows: Sequence[Row]) -> list[Edition]:
    """The editions of ``rows``, in registry order (the older edition's keys first)."""
    present = {f.edition for _, f in rows}
    return [e for e in EDITIONS.values() if e in present] + [e for e in present if EDITIONS.get(e.id) is not e]


def value_fields(editions: Sequence[Edition]) -> list[Field]:
    """Every value key of ``editions`` once, in each edition's form order (later editions' new keys after)."""
    seen: dict[str, Field] = {}
    for e in editions:
        for f in e.value_fields:
            if f.key not in seen or f.kind is Kind.AMOUNT:  # a key that is an amount anywhere holds decimals
                seen[f.key] = f
    return list(seen.values())


def wide_frame(rows: Sequence[Row]) -> pd.DataFrame:
    """One row per report, in input order — the contract :mod:`govxl.panel` and :mod:`govxl.metrics` rely on.

    - index: a ``RangeIndex``;
    - first ``unit`` (string), ``year`` (Int64), ``edition`` (category: ``"2019"``/``"2021"``), ``level``
      (单位类别, category), ``file`` (string: the path the report was read from);
    - then one column per value key of the edition, in ``edition.value_fields`` order; a mixed collection has
      both editions' keys (the 2019 edition's first, then the 2021 keys it lacks), missing where a report's
      edition has no such key;
    - value columns: ``Int64`` for whole-number kinds (count, signed), ``Float64`` for amounts (and for a
      count column where a fraction was typed); blank and invalid cells are missing (``pd.NA``), never 0.
    """
    import numpy as np
    import pandas as pd

    fields = value_fields(editions_of(rows))
    position = {f.key: j for j, f in enumerate(fields)}
    grid = np.full((len(rows), len(fields)), np.nan)
    for edition, indices in _by_edition(rows).items():
        columns = np.array([position[f.key] for f in edition.value_fields], dtype=np.intp)
        block = np.vstack([np.frombuffer(rows[i][1].numbers, dtype=float) for i in indices])
        grid[np.ix_(indices, columns)] = block
    data: dict[str, object] = _identification(rows)
    for j, f in enumerate(fields):
        data[f.key] = _nullable(grid[:, j], f.kind)
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def labelled(frame: pd.DataFrame, editions: Sequence[Edition]) -> pd.DataFrame:
    """``frame`` (a wide frame) with columns as a (table, row, column) MultiIndex of the Chinese labels.

    A table cell is (表三, 一、本年新收政府信息公开申请数量, 自然人); 表二's rows join the block and the row
    (第二十条第（一）项·规章); a key outside the tables is (选填, its label, ""); an identification column is
    ("", 单位名称, "") and so on.
    """
    import pandas as pd

    fields = {f.key: f for f in value_fields(editions)}
    first = editions[0] if editions else next(iter(EDITIONS.values()))
    names = []
    for column in frame.columns:
        if column in fields:
            names.append(field_labels(editions, fields[column]))
        elif column in IDENTIFICATION:
            meta = IDENTIFICATION[column]
            names.append(("", first[meta].label if meta else FILE_LABEL, ""))
        else:
            names.append(("", str(column), ""))
    out = frame.copy(deep=False)
    out.columns = pd.MultiIndex.from_tuples(names, names=["table", "row", "column"])
    return out


def field_labels(editions: Sequence[Edition], f: Field) -> tuple[str, str, str]:
    """(table, row, column) of a value field: the table's short name and the field's header path."""
    table = next((t.name for e in editions for t in e.tables if t.id == f.section), EXTENSION_TABLE)
    if not f.path:
        return table, f.label, ""
    return table, "·".join(f.path[:-1]), f.path[-1]


def long_frame(rows: Sequence[Row]) -> pd.DataFrame:
    """One row per report × value key of its edition, reports in input order, keys in form order.

    Columns: ``unit``, ``year``, ``edition``, ``level``, ``file`` (as in :func:`wide_frame`); ``table``, ``row``,
    ``column`` (the Chinese labels, :func:`field_labels`), ``key``; ``value`` (Float64, missing where blank or
    invalid); ``state`` (``number`` / ``text-number`` / ``blank`` / ``invalid``); ``text`` (what was typed, for
    a text-number or an invalid cell); ``sheet``, ``cell`` (A1). Every text column is categorical.
    """
    import numpy as np
    import pandas as pd

    editions = editions_of(rows)
    fields = value_fields(editions)
    keys = [f.key for f in fields]
    labels = [field_labels(editions, f) for f in fields]
    tables, table_codes = _factorize([t for t, _, _ in labels])
    row_names, row_codes = _factorize([r for _, r, _ in labels])
    column_names, column_codes = _factorize([c for _, _, c in labels])
    position = {k: j for j, k in enumerate(keys)}
    key_codes = {e: np.array([position[f.key] for f in e.value_fields], dtype=np.int32) for e in editions}
    places: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id(where) -> its sheet and cell codes
    sheets: dict[str | None, int] = {}
    cells: dict[str | None, int] = {}
    texts: dict[str, int] = {}
    counts = np.array([len(f.edition.value_fields) for _, f in rows], dtype=np.intp)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp)
    per_key, sheet_parts, cell_parts, odd = [], [], [], []  # odd: (position, state, text code)
    for (_, f), start in zip(rows, starts):
        per_key.append(key_codes[f.edition])
        if id(f.where) not in places:
            places[id(f.where)] = (_codes([s for s, _, _ in f.where], sheets), _codes([c for _, c, _ in f.where], cells))
        sheet, cell = places[id(f.where)]
        sheet_parts.append(sheet)
        cell_parts.append(cell)
        for state, typed in ((State.INVALID, f.invalid), (State.TEXT_NUMBER, f.as_text)):
            for key, text in typed.items():
                odd.append((start + f.edition.value_index[key], STATES.index(state), texts.setdefault(text, len(texts))))
    n = int(counts.sum())
    values = np.concatenate([np.frombuffer(f.numbers, dtype=float) for _, f in rows]) if rows else np.empty(0)
    key = np.concatenate(per_key) if rows else np.empty(0, dtype=np.int32)
    blank = np.isnan(values)
    state = np.where(blank, STATES.index(State.BLANK), STATES.index(State.NUMBER)).astype(np.int8)
    text = np.full(n, -1, dtype=np.int32)
    if odd:
        at, codes, typed_codes = (np.array(c) for c in zip(*odd))
        state[at], text[at] = codes, typed_codes
    data: dict[str, object] = {name: _repeated(column, counts) for name, column in _identification(rows).items()}
    data.update({
        "table": pd.Categorical.from_codes(table_codes[key], tables),
        "row": pd.Categorical.from_codes(row_codes[key], row_names),
        "column": pd.Categorical.from_codes(column_codes[key], column_names),
        "key": pd.Categorical.from_codes(key, keys),
        "value": pd.arrays.FloatingArray(np.where(blank, 0.0, values), blank),
        "state": pd.Categorical.from_codes(state, [str(s) for s in STATES]),
        "text": pd.Categorical.from_codes(text, list(texts)),
        "sheet": _categorical(np.concatenate(sheet_parts) if rows else np.empty(0, np.int32), sheets),
        "cell": _categorical(np.concatenate(cell_parts) if rows else np.empty(0, np.int32), cells),
    })
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def completeness_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The 报送情况 table (``MergeResult.completeness_rows()``) as a frame: status codes and their Chinese labels
    categorical, counts Int64, ``date`` a datetime, missing values missing."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(rows[0]) if rows else list(COMPLETENESS))
    frame = frame.astype({c: t for c, t in COMPLETENESS.items() if c in frame})
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


COMPLETENESS = {  # the 报送情况 columns -> their dtype
    "unit": "string", "unit_status": "category", "unit_status_label": "category", "status": "category",
    "status_label": "category", "reported_unit": "string", "file": "string", "unit_inferred": "boolean",
    "sha256": "string", "date": "string", "errors": "Int64", "warnings": "Int64", "reason": "string",
}


def _by_edition(rows: Sequence[Row]) -> dict[Edition, list[int]]:
    out: dict[Edition, list[int]] = {}
    for i, (_, f) in enumerate(rows):
        out.setdefault(f.edition, []).append(i)
    return out


def _identification(rows: Sequence[Row]) -> dict[str, object]:
    """The identification columns, one value per report (nullable; edition and level categorical)."""
    import pandas as pd

    year = [f.year for _, f in rows]
    return {
        "unit": pd.array([f.unit for _, f in rows], dtype="string"),
        "year": pd.array(year, dtype="Int64"),
        "edition": pd.Categorical([f.edition.id for _, f in rows], categories=[e.id for e in editions_of(rows)]),
        "level": pd.Categorical([f.meta.get("meta_level") for _, f in rows]),
        "file": pd.array([file for file, _ in rows], dtype="string"),
    }


def _repeated(column: object, counts: np.ndarray) -> object:
    """A per-report column repeated once per value key of each report (categorical where it is text)."""
    import numpy as np
    import pandas as pd

    series = pd.Series(column)
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.repeat(series.cat.codes.to_numpy(), counts)
        return pd.Categorical.from_codes(codes, series.cat.categories)
    if series.dtype == "Int64":
        return pd.array(series.repeat(counts).to_numpy(), dtype="Int64")
    codes, names = pd.factorize(series, use_na_sentinel=True)
    return pd.Categorical.from_codes(np.repeat(codes, counts), names)


def _nullable(column: np.ndarray, kind: Kind) -> object:
    """``column`` (NaN where missing) as Int64 for whole-number kinds, else (or when not whole) Float64."""
    import numpy as np
    import pandas as pd

    missing = np.isnan(column)
    filled = np.where(missing, 0.0, column)
    if kind is not Kind.AMOUNT and np.all(filled == np.round(filled)) and np.all(np.abs(filled) < 2.0**53):
        return pd.arrays.IntegerArray(filled.astype(np.int64), missing)
    return pd.arrays.FloatingArray(filled, missing)


def _factorize(names: list[str]) -> tuple[list[str | None], np.ndarray]:
    """The distinct ``names`` in first-seen order, and each name's code."""
    index: dict[str | None, int] = {}
    codes = _codes(list(names), index)
    return list(index), codes


def _codes(names: list[str | None], index: dict[str | None, int]) -> np.ndarray:
    import numpy as np

    return np.array([index.setdefault(n, len(index)) for n in names], dtype=np.int32)


def _categorical(codes: np.ndarray, index: dict[str | None, int]) -> pd.Categorical:
    """Codes into ``index`` as a categorical; the None entry (no provenance) becomes missing."""
    import numpy as np
    import pandas as pd

    names = list(index)
    if None in index:
        gone = index[None]
        codes = np.where(codes == gone, -1, codes - (codes > gone))
        names.remove(None)
    return pd.Categorical.from_codes(codes, [n for n in names if n is not None])

