"""Reports as pandas frames, built column-wise from each report's :class:`~govxl.figures.Figures`.

Two shapes, the same for one report, a collection (``govxl.read_many``) and a merge's adopted reports:

- :func:`wide_frame`: one row per report, one column per value key;
- :func:`long_frame`: one row per report × value key, with the cell's state and where it came from.

Blank stays missing (never 0), text typed where a number belongs is missing in the numbers and kept in the
long frame's ``text``; the rows keep the input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from govxl.editions import EDITIONS
from govxl.errors import UsageError
from govxl.printable import decoded
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
        """The reports side by side across years and editions: :func:`govxl.panel.panel` of the wide frame."""
        from govxl.panel import panel

        return panel(self.to_frame("wide"))

    def metrics(self) -> pd.DataFrame:
        """Every metric of each report: :func:`govxl.metrics.metrics` of the wide frame."""
        from govxl.metrics import metrics

        return metrics(self.to_frame("wide"))


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
    unregistered = sorted((e for e in present if EDITIONS.get(e.id) is not e), key=lambda e: e.id)
    return [e for e in EDITIONS.values() if e in present] + unregistered


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
      (单位类别, category), ``file`` (string: the path the report was read from, as its user reads it —
      :func:`govxl.printable.decoded`, as in the findings);
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
        grid[np.ix_(np.array(indices, dtype=np.intp), columns)] = block
    data = _identification(rows)
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
        else:
            meta = IDENTIFICATION[column]
            names.append(("", first[meta].label if meta else FILE_LABEL, ""))
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
    position = {f.key: j for j, f in enumerate(fields)}
    key_codes = {e: np.array([position[f.key] for f in e.value_fields], dtype=np.int32) for e in editions}
    sheets, cells, texts = _Categories(), _Categories(), _Categories()
    places: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id(where) -> its sheet and cell codes
    counts = np.array([len(f.edition.value_fields) for _, f in rows], dtype=np.intp)
    key: list[np.ndarray] = []
    sheet: list[np.ndarray] = []
    cell: list[np.ndarray] = []
    odd: list[tuple[int, int, int]] = []  # (position, state code, text code) of each cell that held text
    start = 0
    for (_, f), count in zip(rows, counts):
        key.append(key_codes[f.edition])
        if id(f.where) not in places:
            places[id(f.where)] = sheets.codes(s for s, _, _ in f.where), cells.codes(c for _, c, _ in f.where)
        sheet.append(places[id(f.where)][0])
        cell.append(places[id(f.where)][1])
        for typed_state, typed in ((State.INVALID, f.invalid), (State.TEXT_NUMBER, f.as_text)):
            odd.extend((start + f.edition.value_index[k], STATES.index(typed_state), texts.code(t))
                       for k, t in typed.items())
        start += int(count)
    values = _joined([np.frombuffer(f.numbers, dtype=float) for _, f in rows], np.float64)
    key_at = _joined(key, np.int32)
    blank = np.isnan(values)
    state_at = np.where(blank, STATES.index(State.BLANK), STATES.index(State.NUMBER)).astype(np.int8)
    text_at = np.full(len(values), -1, dtype=np.int32)
    if odd:
        at, state_codes, text_codes = (np.array(column) for column in zip(*odd))
        state_at[at], text_at[at] = state_codes, text_codes
    data = {name: _repeated(column, counts) for name, column in _identification(rows).items()}
    data.update(_key_columns(editions, fields, key_at))
    data.update({
        "value": pd.arrays.FloatingArray(np.where(blank, 0.0, values), blank),
        "state": pd.Categorical.from_codes(state_at, categories=pd.Index([str(s) for s in STATES])),
        "text": texts.categorical(text_at),
        "sheet": sheets.categorical(_joined(sheet, np.int32)),
        "cell": cells.categorical(_joined(cell, np.int32)),
    })
    return pd.DataFrame(data, index=pd.RangeIndex(len(values)))


def _key_columns(editions: Sequence[Edition], fields: Sequence[Field], key_at: np.ndarray) -> dict[str, Any]:
    """The ``table``, ``row``, ``column`` and ``key`` columns of the rows whose key is ``fields[key_at]``."""
    import numpy as np

    labels = [field_labels(editions, f) for f in fields]
    out = {}
    for name, level in zip(("table", "row", "column"), zip(*labels)):
        names = _Categories()
        out[name] = names.categorical(names.codes(level)[key_at] if len(key_at) else np.empty(0, np.int32))
    keys = _Categories()
    keys.codes(f.key for f in fields)
    out["key"] = keys.categorical(key_at)
    return out


def completeness_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The 报送情况 table (``MergeResult.completeness_rows()``) as a frame: status codes and their Chinese labels
    categorical over every status (in :class:`~govxl.consolidation.received.Status` order, whatever occurs),
    counts Int64, ``date`` a datetime, missing values missing."""
    import pandas as pd

    from govxl.consolidation.received import Status, UnitStatus

    statuses = {"status": [s.value for s in Status], "status_label": [s.label for s in Status],
                "unit_status": [s.value for s in UnitStatus], "unit_status_label": [s.label for s in UnitStatus]}
    frame = pd.DataFrame(list(rows), columns=list(COMPLETENESS))
    for column, dtype in COMPLETENESS.items():
        if column in statuses:
            frame[column] = pd.Categorical(frame[column].map(str, na_action="ignore"), categories=statuses[column])
        else:
            frame[column] = frame[column].astype(dtype)  # type: ignore[call-overload]
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


def _identification(rows: Sequence[Row]) -> dict[str, Any]:
    """The identification columns, one value per report (nullable; edition and level categorical)."""
    import pandas as pd

    year = [f.year for _, f in rows]
    return {
        "unit": pd.array([f.unit for _, f in rows], dtype="string"),
        "year": pd.array(year, dtype="Int64"),
        "edition": pd.Categorical([f.edition.id for _, f in rows],  # every edition, so that frames concatenate
                                  categories=list(dict.fromkeys([*EDITIONS, *(e.id for e in editions_of(rows))]))),
        "level": pd.Categorical([f.meta.get("meta_level") for _, f in rows]),
        "file": pd.array([decoded(file) if file else None for file, _ in rows], dtype="string"),
    }


def _repeated(column: Any, counts: np.ndarray) -> Any:
    """A per-report column repeated once per value key of each report (categorical where it is text)."""
    import numpy as np
    import pandas as pd

    if isinstance(column, pd.Categorical):
        return pd.Categorical.from_codes(np.repeat(column.codes, counts), dtype=column.dtype)
    if isinstance(column, pd.arrays.IntegerArray):
        return pd.arrays.IntegerArray(np.repeat(column.to_numpy("int64", na_value=0), counts),
                                      np.repeat(column.isna(), counts))
    codes, names = pd.factorize(column)
    return pd.Categorical.from_codes(np.repeat(codes, counts), categories=pd.Index(names))


def _nullable(column: np.ndarray, kind: Kind) -> Any:
    """``column`` (NaN where missing) as Int64 for whole-number kinds, else (or when not whole) Float64."""
    import numpy as np
    import pandas as pd

    missing = np.isnan(column)
    filled = np.where(missing, 0.0, column)
    if kind is not Kind.AMOUNT and np.all(filled == np.round(filled)) and np.all(np.abs(filled) < 2.0**53):
        return pd.arrays.IntegerArray(filled.astype(np.int64), missing)
    return pd.arrays.FloatingArray(filled, missing)


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    import numpy as np

    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)


class _Categories:
    """Distinct texts in first-seen order, each with its code; None (no text) is code -1, missing."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def code(self, name: str | None) -> int:
        return -1 if name is None else self.index.setdefault(name, len(self.index))

    def codes(self, names: Iterable[str | None]) -> np.ndarray:
        import numpy as np

        return np.array([self.code(n) for n in names], dtype=np.int32)

    def categorical(self, codes: np.ndarray) -> pd.Categorical[str]:
        import pandas as pd

        return pd.Categorical.from_codes(codes, categories=pd.Index(list(self.index)))
