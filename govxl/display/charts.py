"""Charts with Chinese labels (matplotlib, ``pip install govxl[notebook]``): units compared on a key or a
measure, the composition of 办理结果, a trend over years.

Labels are drawn in the first installed CJK font (Noto Sans CJK on Debian: ``apt-get install fonts-noto-cjk``).
Where none exists, a chart says so in one warning and draws ASCII labels (keys, ``unit 1`` …) instead of
boxes (``font=None`` asks for them; ``font="…"`` names a family). Each function returns a
:class:`matplotlib.figure.Figure` that Jupyter shows as an image (``fig.savefig(path)`` writes it).
"""

from __future__ import annotations

import io
import math
import textwrap
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govxl.errors import UsageError
from govxl.outline import outline
from govxl.report import Report
from govxl.units import normalize_unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "Microsoft YaHei", "PingFang SC", "SimHei", "Heiti SC", "Noto Serif CJK SC", "Source Han Serif SC")
HINTS = ("CJK", "Han Sans", "Han Serif", "Hei", "Song", "Kai", "Ming", "WenQuanYi")  # other families worth trying
PROBE = "政府信息公开工作年度报告办理结果予以不处理行政复议诉讼（）、"  # what a font must draw to be used
NO_CJK = ("govxl：没有找到中文字体（如 Noto Sans CJK），图中文字改用英文、键名和“unit 1”等序号（按输入顺序）。"
          "安装中文字体：apt-get install fonts-noto-cjk")
MISSING = "（无数值）"  # a bar's label where the cell is blank or text, or a metric's denominator is 0
LABEL_CHARS = 18  # a category label wraps after this many characters
AUTO = "auto"

Measure = str | Callable[[Report], float | None]  # a value key, a metric id (govxl.metrics), or a function of a
# report (its ``label`` attribute, if any, names it)


@cache
def cjk_font() -> str | None:
    """The family of the first installed font that draws Chinese (:data:`PREFERRED` first), or None."""
    from matplotlib import font_manager

    files = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    hinted = sorted(n for n in files if n not in PREFERRED and any(h in n for h in HINTS))
    return next((n for n in [*PREFERRED, *hinted] if n in files and draws(files[n], PROBE)), None)


def draws(path: str, text: str) -> bool:
    """Whether the font file at ``path`` has a glyph for every character of ``text``."""
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(ch) in charmap for ch in text)


@dataclass(frozen=True)
class _Labels:
    """Chinese labels in ``font``, or ASCII ones where there is no font for them."""

    font: str | None

    def __call__(self, chinese: str, ascii_: str) -> str:
        return chinese if self.font else ascii_

    def category(self, chinese: str, ascii_: str) -> str:
        return "\n".join(textwrap.wrap(chinese, LABEL_CHARS)) if self.font else ascii_


@cache
def _chart() -> type[Figure]:
    from matplotlib.figure import Figure

    class Chart(Figure):
        """A figure that shows itself in a notebook (as PNG), with or without pyplot."""

        def _repr_png_(self) -> bytes:
            png = io.BytesIO()
            self.savefig(png, format="png")
            return png.getvalue()

    return Chart


@contextmanager
def _canvas(font: str | None, size: tuple[float, float]) -> Iterator[tuple[Figure, Axes, _Labels]]:
    """A figure whose texts, made inside the block, are drawn in ``font`` (:data:`AUTO`: :func:`cjk_font`)."""
    import matplotlib

    chosen = cjk_font() if font == AUTO else font
    if chosen is None:
        warnings.warn(NO_CJK, stacklevel=4)
    # concrete families (not "sans-serif", which would be resolved again when the figure is drawn)
    style: dict[str, Any] = {"font.family": [chosen, "DejaVu Sans"] if chosen else ["DejaVu Sans"],
                             "axes.unicode_minus": False, "axes.spines.top": False, "axes.spines.right": False}
    with matplotlib.rc_context(style):  # type: ignore[arg-type]  # rcParams keys typed as literals
        fig = _chart()(figsize=size, layout="constrained")
        yield fig, fig.add_subplot(), _Labels(chosen)


def _number(report: Report, key: str) -> float | None:
    """The number ``key`` holds; None where blank, not a number, or not in the report's edition."""
    v = report.values.get(key)
    return v.number if v is not None and v.number is not None else None


def _measure(what: Measure, reports: Sequence[Report]) -> tuple[Callable[[Report], float | None], str, str,
                                                                 Callable[[float], str]]:
    """(the value of a report, its Chinese name, its ASCII name, how a value is written)."""
    if callable(what):
        ascii_name = getattr(what, "__name__", "value")
        return what, getattr(what, "label", ascii_name), ascii_name, _amount
    label = next((r.edition[what].label for r in reports if what in r.edition), None)
    if label is not None:
        return (lambda r: _number(r, what)), label, what, _amount
    from govxl.metrics import METRICS

    metric = next((m for m in METRICS if m.id == what), None)
    if metric is None:
        editions = "、".join(sorted({f"{r.edition.id}年版" for r in reports})) or "（没有报告）"
        raise UsageError(f"{editions}格式中没有“{what}”这一项，也没有这一指标；键见 govxl.get_edition(…)（如 "
                         f"t3_new_total），指标见 govxl.metrics.describe()（如 disclosure_rate）")
    return (lambda r: _ratio(r, what)), metric.name, what, "{:.1%}".format


def _ratio(report: Report, metric: str) -> float | None:
    """The metric ``metric`` of ``report`` (None where its denominator is 0 or a term is missing)."""
    import pandas as pd

    from govxl.metrics import metrics

    x = metrics(report)[metric].iloc[0]
    return None if pd.isna(x) else float(x)


def _unit(report: Report) -> str:
    return report.unit or (Path(report.path).stem if report.path else "（未填单位名称）")


def _amount(x: float) -> str:
    return f"{x:,.15g}" if x != int(x) else f"{int(x):,}"


def compare(reports: Iterable[Report], what: Measure, *, top: int = 30, font: str | None = AUTO) -> Figure:
    """Units side by side on ``what`` (a value key such as ``"t3_new_total"``, a metric id such as
    ``"disclosure_rate"``, or a function of a report),
    largest first, at most ``top`` units; a unit without a value (a blank or text cell, a metric over 0) is labelled
    :data:`MISSING`, never drawn as 0."""
    reports = list(reports)
    value, name, ascii_name, written = _measure(what, reports)
    rows = [(i, r, value(r)) for i, r in enumerate(reports)]
    shown = sorted(rows, key=lambda row: (row[2] is None, -(row[2] or 0)))[:top]
    with _canvas(font, (8, max(3.0, 0.38 * len(shown) + 1.4))) as (fig, ax, zh):
        at = range(len(shown))
        bars = ax.barh(at, [v or 0 for _, _, v in shown], color="#4472c4")
        ax.set_yticks(at, [zh.category(_unit(r), f"unit {i + 1}") for i, r, _ in shown])
        ax.invert_yaxis()
        ax.bar_label(bars, [written(v) if v is not None else zh(MISSING, "(none)") for _, _, v in shown],
                     padding=3, fontsize=9)
        more = zh(f"（前 {top} 个单位）", f" (top {top})") if len(rows) > top else ""
        ax.set_title(zh(f"各单位{name}", f"{ascii_name} by unit") + more)
        _value_axis(ax, [v for _, _, v in shown])
        ax.xaxis.set_major_formatter(lambda x, _: written(x))
    return fig


def outcomes(report: Report, *, font: str | None = AUTO) -> Figure:
    """How ``report``'s applications were settled: each 办理结果 item of 表三 (全部申请人) by count and share,
    grouped as the table groups them (（三）不予公开 …)."""
    from govxl.consolidation.charts import OUTCOME_KEY

    members = report.edition.sets["t3_outcome"]
    keys = [OUTCOME_KEY.format(m=m) for m in members]
    table = next(t for t in outline(report.edition).tables if any(c.key == keys[0] for c in t.values()))
    rows = {c.key: c.row for c in table.values()}
    labels = [table.row_labels(rows[k]) for k in keys]
    common = _shared(labels)
    groups: dict[str, list[tuple[str, float | None]]] = {}
    for member, key, path in zip(members, keys, labels):
        groups.setdefault(path[common], []).append((member, _number(report, key)))
    sums = {g: math.fsum(v for _, v in items if v is not None) if any(v is not None for _, v in items) else None
            for g, items in groups.items()}
    whole = math.fsum(v for v in sums.values() if v is not None)
    with _canvas(font, (8, 0.5 * len(groups) + 1.6)) as (fig, ax, zh):
        at = range(len(groups))
        bars = ax.barh(at, [v or 0 for v in sums.values()], color="#4472c4")
        ax.set_yticks(at, [zh.category(g, items[0][0] + ("..." if len(items) > 1 else ""))
                           for g, items in groups.items()])
        ax.invert_yaxis()
        shares = [zh(MISSING, "(none)") if v is None else f"{_amount(v)}（{v / whole:.1%}）" if whole else _amount(v)
                  for v in sums.values()]
        ax.bar_label(bars, shares, padding=3, fontsize=9)
        heading = labels[0][common - 1] if common else ""
        ax.set_title(zh(f"{_unit(report)} {report.year or ''}年 · {heading}", f"outcomes {report.year or ''}"))
        _value_axis(ax, list(sums.values()), room=0.35)
    return fig


def _value_axis(ax: Axes, values: Sequence[float | None], room: float = 0.15) -> None:
    """The bars' axis from 0 (or the smallest negative value) with ``room`` for the labels; whole-number ticks for
    counts; an axis of only zeros still reads 0 at its left."""
    from matplotlib.ticker import MaxNLocator

    present = [v for v in values if v is not None]
    low, high = min([0.0, *present]), max([0.0, *present])
    width = (high - low) or 1.0
    ax.set_xlim(low - (room * width if low < 0 else 0), high + room * width)
    ax.axvline(0, color="#666666", linewidth=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=all(v == int(v) for v in present)))


def _shared(paths: Sequence[Sequence[str]]) -> int:
    """How many leading labels all ``paths`` share (each keeps at least its last)."""
    n = 0
    while all(len(p) > n + 1 for p in paths) and len({p[n] for p in paths}) == 1:
        n += 1
    return n


def trend(reports: Iterable[Report], what: Measure, *, font: str | None = AUTO) -> Figure:
    """``what`` over the years, one line per unit (names matched as the merge matches them: 全称/简称);
    a year whose cell is blank or not a number, or whose edition has no such key, is a gap, not 0 (a metric of
    :mod:`govxl.metrics` lines the two editions up through the crosswalk)."""
    reports = list(reports)
    value, name, ascii_name, written = _measure(what, reports)
    units: dict[str, list[Report]] = {}
    for r in reports:
        if r.year is not None:
            units.setdefault(normalize_unit(_unit(r)), []).append(r)
    years = sorted({r.year for rs in units.values() for r in rs if r.year is not None})
    with _canvas(font, (8, 4.5)) as (fig, ax, zh):
        for i, rs in enumerate(units.values()):
            by_year = {r.year: value(r) for r in rs}
            latest = max(rs, key=lambda r: r.year or 0)
            points = [by_year.get(y) for y in years]
            ax.plot(years, [math.nan if v is None else v for v in points], marker="o",
                    label=zh(_unit(latest), f"unit {i + 1}"))
        ax.set_xticks(years, [str(y) for y in years])
        ax.yaxis.set_major_formatter(lambda y, _: written(y))
        span = f"{years[0]}—{years[-1]}" if years else ""
        ax.set_title(zh(f"{name}（{span}年）", f"{ascii_name} {span}"))
        if units:
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig
