"""The dashboard's tabs, each a widget over a :class:`~govxl.widgets.board.Board`: 报送情况, 校验, 汇总, 对比, 趋势.

Tables are :mod:`govxl.display.html`'s and charts :mod:`govxl.display.charts`'; a tab only chooses what they show.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from govxl.display.html import STYLE, completeness_html, escape, findings_html, report_html
from govxl.display.text import counts
from govxl.findings import Finding, Severity
from govxl.frames import field_labels, value_fields
from govxl.metrics import METRICS
from govxl.report import Report
from govxl.rules.catalogue import BY_ID
from govxl.schema import Edition
from govxl.widgets.board import Board
from govxl.widgets.guard import Problems

if TYPE_CHECKING:
    import ipywidgets
    from matplotlib.figure import Figure

ALL = "（全部）"  # a filter's value that keeps every finding
COUNTY = "全县合计"
DEFAULT_MEASURE = "t3_new_total"
NO_UNIT = "（整批）"  # a finding about the batch (a missing unit, a duplicate) rather than one report


def _html(body: str) -> ipywidgets.HTML:
    import ipywidgets as w

    return w.HTML(f'<div class="govxl">{STYLE}{body}</div>')


def completeness(board: Board) -> ipywidgets.HTML:
    """Who reported: the units to chase and to ask again, then each roster unit with its files."""
    result = board.result
    lines = [f"<p><b>未报送，请催报（{len(result.missing)}）：</b>{escape('、'.join(result.missing) or '无')}</p>"]
    if result.resubmit:
        lines.append(f"<p><b>报送了但需重报（{len(result.resubmit)}）：</b>{escape('、'.join(result.resubmit))}</p>")
    return _html("".join(lines) + completeness_html(result))


def findings(board: Board, problems: Problems) -> ipywidgets.VBox:
    """Every finding of the merge, filtered by severity, unit and rule."""
    import ipywidgets as w

    found = list(board.result.findings)
    severity = w.Dropdown(description="级别", options=[(ALL, ALL), *((s.label, s) for s in Severity)])
    units = sorted({f.unit or NO_UNIT for f in found})
    unit = w.Dropdown(description="单位", options=[ALL, *units])
    rule = w.Dropdown(description="规则", options=[(ALL, ALL), *(
        (BY_ID[r].title if r in BY_ID else r, r) for r in dict.fromkeys(f.rule for f in found))])
    table = w.HTML()

    def shown(f: Finding) -> bool:
        return ((severity.value == ALL or f.severity is severity.value)
                and (unit.value == ALL or (f.unit or NO_UNIT) == unit.value)
                and (rule.value == ALL or f.rule == rule.value))

    @problems.guard
    def refresh(_: object = None) -> None:
        table.value = findings_html([f for f in found if shown(f)])

    for choice in (severity, unit, rule):
        choice.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([severity, unit, rule]), table])


def totals(board: Board) -> ipywidgets.HTML:
    """The consolidated official tables, cells the rules name coloured."""
    total = board.result.total
    own = [f for f in board.result.findings if f.file == total.path and f.unit == total.unit]
    return _html(report_html(total, own))


def compare(board: Board, problems: Problems) -> ipywidgets.VBox:
    """The units of the year under review side by side on a chosen key or metric."""
    import ipywidgets as w

    from govxl.display.charts import compare as chart

    reports = [e.read.report(e.file) for e in board.result.adopted]
    measure = _measure_choice(reports)
    top = w.IntSlider(description="单位数", value=30, min=5, max=max(5, len(reports)))
    image = w.Image(format="png")

    @problems.guard
    def refresh(_: object = None) -> None:
        image.value = _png(chart(reports, measure.value, top=top.value))

    measure.observe(refresh, names="value")
    top.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([measure, top]), image])


def trend(board: Board, problems: Problems) -> ipywidgets.VBox:
    """A unit, or the county's sum, over the years given."""
    import ipywidgets as w

    from govxl.display.charts import trend as chart

    series = {COUNTY: board.county(), **dict(sorted(board.units().items()))}
    who = w.Dropdown(description="单位", options=list(series))
    measure = _measure_choice([r for rs in series.values() for r in rs])
    image = w.Image(format="png")
    years = "、".join(str(y) for y in board.years) or "无"
    note = w.HTML(f"<p>年度：{escape(years)}（要看更多年度，请同时给出各年度报告所在的文件夹）</p>")

    @problems.guard
    def refresh(_: object = None) -> None:
        image.value = _png(chart(series[who.value], measure.value))

    who.observe(refresh, names="value")
    measure.observe(refresh, names="value")
    refresh()
    return w.VBox([note, w.HBox([who, measure]), image])


def header(board: Board) -> str:
    """The page's first line: whose merge, who reported, how many errors."""
    result = board.result
    units = len(result.roster.units)
    submitted = units - len(result.missing) - len(result.resubmit)
    return (f"<h3>{escape(result.name)} {result.year or '?'}年度政府信息公开工作年度报告（{result.edition.id}年版）</h3>"
            f"<p>名单 {units} 个单位：已报送 {submitted} 个，报送了但需重报 {len(result.resubmit)} 个，"
            f"未报送 {len(result.missing)} 个；收到 {len(result.entries)} 个文件或报告。"
            f"<b>校验：{counts(result.findings)}</b></p>")


def measures(editions: Sequence[Edition]) -> list[tuple[str, str]]:
    """(Chinese name, id) of every metric, then of every value key of ``editions``."""
    keys = [(" · ".join(p for p in field_labels(editions, f) if p), f.key) for f in value_fields(editions)]
    return [(f"指标：{m.name}", m.id) for m in METRICS] + keys


def _measure_choice(reports: Sequence[Report]) -> ipywidgets.Dropdown:
    import ipywidgets as w

    options = measures(list(dict.fromkeys(r.edition for r in reports)))
    ids = [i for _, i in options]
    value = DEFAULT_MEASURE if DEFAULT_MEASURE in ids else ids[0]
    return w.Dropdown(description="指标", options=options, value=value, layout={"width": "32em"})


def _png(fig: Figure) -> bytes:
    png = io.BytesIO()
    fig.savefig(png, format="png")
    return png.getvalue()
