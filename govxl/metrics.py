"""The ratios analysts read off the report, each defined once, as data (:data:`METRICS`).

A :class:`Metric` is the sum of its numerator terms over a named :class:`Denominator`. A term is a key of the
panel (:mod:`govxl.panel`), a pattern matching several (``t3_denied_*_total``: the eight 不予公开 rows), or
either after ``-`` (subtracted). Terms are panel keys, so both editions are measured alike: 2021's three
（六）其他处理 sub-rows count as 2019's ``t3_other_*`` through the crosswalk.

A ratio (0.25 is 25 %) is missing (<NA>) where a term is missing — blank is not zero — or where its
denominator is 0 (or, in a report whose figures contradict each other, negative): never 0 %, never an error.

``describe()`` lists the catalogue (id, Chinese name, formula, denominator, note); :func:`metrics` computes
every metric for a report, a wide frame or a panel; :func:`yoy` gives each unit's change from the year before;
:func:`summary` the cross-unit mean, weighted mean (by the denominator) and P10/P90 where at least
:data:`MIN_UNITS` units have the metric.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govxl.errors import UsageError
from govxl.frames import Framed
from govxl.panel import INDEX, align, floats, nullable

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MIN_UNITS = 5  # cross-unit summaries need at least this many units with the metric


@dataclass(frozen=True)
class Denominator:
    id: str
    name: str  # Chinese
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    id: str
    name: str  # Chinese, as analysts say it
    numerator: tuple[str, ...]
    denominator: Denominator
    note: str = ""

    @property
    def column(self) -> str:
        """The metrics frame's column holding this metric's denominator."""
        return f"den_{self.denominator.id}"


HANDLED = Denominator("handled", "办理结果总计", ("t3_total_total",))
RECEIVED = Denominator("received", "新收+上年结转", ("t3_new_total", "t3_carried_total"))
NEW = Denominator("new", "本年新收申请", ("t3_new_total",))
REVIEW_CLOSED = Denominator("review_closed", "行政复议已审结（总计−尚未审结）", ("t4_review_total", "-t4_review_pending"))
LITIGATION_CLOSED = Denominator("litigation_closed", "行政诉讼已审结（两类诉讼的总计−尚未审结）",
                                ("t4_direct_total", "-t4_direct_pending", "t4_after_total", "-t4_after_pending"))
DISPUTES_CLOSED = Denominator("disputes_closed", "行政复议和行政诉讼已审结",
                              (*REVIEW_CLOSED.terms, *LITIGATION_CLOSED.terms))

METRICS: tuple[Metric, ...] = (
    Metric("disclosure_rate", "公开率", ("t3_granted_total", "t3_partial_total"), HANDLED,
           "（予以公开+部分公开）/办理结果总计：最常用的口径。"),
    Metric("disclosure_rate_granted", "公开率（仅予以公开）", ("t3_granted_total",), HANDLED,
           "予以公开/办理结果总计：不计部分公开。"),
    Metric("disclosure_rate_received", "公开率（按申请总数）", ("t3_granted_total", "t3_partial_total"), RECEIVED,
           "（予以公开+部分公开）/（新收+上年结转）：未办结的申请也计入分母。"),
    Metric("denial_rate", "不予公开率", ("t3_denied_*_total",), HANDLED, "（三）不予公开八项之和/办理结果总计。"),
    Metric("unable_rate", "无法提供率", ("t3_unable_*_total",), HANDLED, "（四）无法提供三项之和/办理结果总计。"),
    Metric("ignored_rate", "不予处理率", ("t3_ignored_*_total",), HANDLED, "（五）不予处理五项之和/办理结果总计。"),
    Metric("other_rate", "其他处理率", ("t3_other_total",), HANDLED,
           "（六）其他处理/办理结果总计；2021年版为其三个分项之和。"),
    Metric("carryover_rate", "结转率", ("t3_forward_total",), RECEIVED, "四、结转下年度继续办理/（一+二）。"),
    Metric("natural_share", "自然人申请占比", ("t3_new_natural",), NEW, "本年新收申请中自然人提出的比例。"),
    Metric("review_correction_rate", "行政复议纠错率", ("t4_review_corrected",), REVIEW_CLOSED,
           "结果纠正/（总计−尚未审结）：已审结的复议案件中被纠正的比例。"),
    Metric("litigation_correction_rate", "行政诉讼纠错率", ("t4_direct_corrected", "t4_after_corrected"),
           LITIGATION_CLOSED, "未经复议直接起诉和复议后起诉两类合计：结果纠正/（总计−尚未审结）。"),
    Metric("dispute_correction_rate", "复议诉讼纠错率",
           ("t4_review_corrected", "t4_direct_corrected", "t4_after_corrected"), DISPUTES_CLOSED,
           "行政复议和两类行政诉讼合计：结果纠正/（总计−尚未审结）。"),
    Metric("dispute_rate", "争议转化率", ("t4_review_total", "t4_direct_total", "t4_after_total"), NEW,
           "（行政复议+行政诉讼）/本年新收申请：申请转为争议的比例。"),
)


def describe() -> pd.DataFrame:
    """The catalogue as a table: id, Chinese name, numerator, denominator (name and terms), note."""
    import pandas as pd

    return pd.DataFrame(
        [{"id": m.id, "name": m.name, "numerator": " + ".join(m.numerator), "denominator": m.denominator.name,
          "denominator_terms": " ".join(m.denominator.terms), "note": m.note} for m in METRICS]
    ).set_index("id")


def metrics(data: Framed | pd.DataFrame) -> pd.DataFrame:
    """Every metric per row of ``data``: a report, a collection or a merge result (their wide frame), a wide
    frame (its rows, with ``unit``, ``year``, ``edition``, ``level``) or a panel (indexed by unit and year). Columns: one Float64 ratio per metric (``attrs["labels"]``
    gives the Chinese names), then each denominator as ``den_<id>`` (the weights of :func:`summary`)."""
    import numpy as np
    import pandas as pd

    frame = data.to_frame("wide") if isinstance(data, Framed) else data
    values = frame if is_panel(frame) else align(frame)
    ident = frame[[c for c in ("unit", "year", "edition", "level") if c in frame]]
    out: dict[str, pd.api.extensions.ExtensionArray] = {}
    denominators: dict[str, np.ndarray] = {}
    for m in METRICS:
        den = denominators.setdefault(m.column, _total(values, m.denominator.terms))
        num = _total(values, m.numerator)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[m.id] = nullable(np.where(den > 0, num / den, np.nan), count=False)
    out |= {column: nullable(den, count=True) for column, den in denominators.items()}
    result = pd.concat([ident, pd.DataFrame(out, index=frame.index)], axis=1)
    result.attrs = {"labels": {m.id: m.name for m in METRICS}
                    | {m.column: m.denominator.name for m in METRICS}}
    return result


def is_panel(frame: pd.DataFrame) -> bool:
    """A panel (:func:`govxl.panel.panel`) is indexed by unit and year; its columns are already aligned."""
    return list(frame.index.names) == INDEX


def _total(frame: pd.DataFrame, terms: tuple[str, ...]) -> np.ndarray:
    """The sum of ``terms`` per row (NaN where one is missing, or where a pattern matches no column)."""
    import numpy as np

    total = np.zeros(len(frame))
    for term in terms:
        sign, pattern = (-1.0, term[1:]) if term.startswith("-") else (1.0, term)
        for key in fnmatch.filter(frame.columns.astype(str), pattern) or [pattern]:
            total += sign * floats(frame, key)
    return total


def yoy(frame: pd.DataFrame, *, relative: bool = False) -> pd.DataFrame:
    """Each unit's change from its previous year, for every numeric column of a panel or of its metrics.

    The difference (a ratio's change: 0.05 is 5 个百分点), or with ``relative`` the change over last year's
    figure (missing where that is 0). Missing where the unit has no report of the year before, and across
    the edition change for the not-comparable measures (they are missing in one of the two years).
    """
    import pandas as pd

    if not is_panel(frame):
        raise UsageError("同比变化需要按（单位，年度）排列的面板：请先用 govxl.panel.panel() 生成面板。")
    now = frame.select_dtypes("number")
    before = now.set_axis(pd.MultiIndex.from_arrays(
        [now.index.get_level_values(0), now.index.get_level_values(1) + 1], names=INDEX)).reindex(now.index)
    change = now - before
    return change / before.mask(before == 0) if relative else change


def summary(frame: pd.DataFrame, by: Sequence[str] = ("year",)) -> pd.DataFrame:
    """Cross-unit summaries of a metrics frame per group of ``by`` (index levels or columns: ``("year",
    "level")`` compares townships with departments): per metric the number of units with a value (``n``),
    ``mean``, ``weighted_mean`` (weighted by the denominator: the pooled ratio), ``p10`` and ``p90``. Where fewer
    than :data:`MIN_UNITS` units have the metric these are missing and ``note`` says why."""
    import pandas as pd

    if missing := [b for b in by if b not in frame.index.names and b not in frame]:
        raise UsageError(f"指标表中没有“{'、'.join(missing)}”，无法按其分组汇总。")
    keys = [frame.index.get_level_values(b) if b in frame.index.names else frame[b] for b in by]
    groups = frame.groupby(keys, dropna=False, observed=True) if keys else [((), frame)]
    rows = [{**dict(zip(by, group if isinstance(group, tuple) else (group,), strict=True)), "metric": m.id,
             "name": m.name, **_summarise(floats(part, m.id), floats(part, m.column))}
            for group, part in groups for m in METRICS if m.id in part]
    out = pd.DataFrame(rows, columns=[*by, "metric", "name", "n", *_FIGURES, "note"])
    for column in _FIGURES:
        out[column] = nullable(out[column].to_numpy(dtype=float), count=False)
    return out.set_index([*by, "metric"])


_FIGURES = ("mean", "weighted_mean", "p10", "p90")


def _summarise(values: np.ndarray, weights: np.ndarray) -> dict[str, object]:
    import numpy as np

    known = ~np.isnan(values)
    x, w, n = values[known], weights[known], int(known.sum())
    if n < MIN_UNITS:
        return {"n": n, **dict.fromkeys(_FIGURES, np.nan), "note": f"只有{n}个单位有此指标，少于{MIN_UNITS}个，不作汇总"}
    return {"n": n, "mean": x.mean(), "weighted_mean": (x * w).sum() / w.sum(), "p10": np.quantile(x, 0.1),
            "p90": np.quantile(x, 0.9), "note": ""}
