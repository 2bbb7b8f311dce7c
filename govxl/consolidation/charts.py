"""Native Excel charts of a consolidated workbook (图表): applications by unit, outcomes, 复议/诉讼 results.

Each chart reads a small table on the 图表 sheet; the county figures there are formulas over 汇总's
defined names, so the charts follow any correction made in 汇总.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import xlsxwriter
from xlsxwriter.chart_bar import ChartBar
from xlsxwriter.worksheet import Worksheet

from govxl.figures import Figures
from govxl.schema import Edition

CHART_SHEET = "图表"
NEW_KEY = "t3_new_total"  # 一、本年新收政府信息公开申请数量 · 总计
OUTCOME_KEY = "t3_{m}_total"  # per member of the set 't3_outcome'
REMEDY_KEY = "t4_{g}_{p}"  # per member of 't4_group' × 't4_part'
TOP_UNITS = 30
ROW_PX = 20  # a default row
BAR_PX = 22  # room for one labelled bar


def write_charts(wb: xlsxwriter.Workbook, edition: Edition, units: Sequence[tuple[str, Figures]],
                 totals: Mapping[str, int | float]) -> Worksheet:
    """The 图表 sheet: three charts, each beside the table it plots and printed on a page of its own.

    Every category is labelled (no label skipped for lack of room: a chart grows with its categories) and
    every bar carries its value."""
    ws = wb.add_worksheet(CHART_SHEET)
    head = wb.add_format({"bold": True})
    ws.set_column(0, 0, 36)
    row = 0
    starts: list[int] = []  # first row of each table: a printed page each

    def table(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[tuple[str | None, float]]]]
              ) -> tuple[int, int]:
        """Write a labelled table at ``row``; each series is (name, [(formula or None, value)])."""
        nonlocal row
        starts.append(row)
        ws.write_string(row, 0, title, head)
        for s, (name, _) in enumerate(series):
            ws.write_string(row, 1 + s, name, head)
        for i, label in enumerate(labels):
            ws.write_string(row + 1 + i, 0, label)
            for s, (_, cells) in enumerate(series):
                formula, value = cells[i]
                if formula:
                    ws.write_formula(row + 1 + i, 1 + s, formula, None, value)
                else:
                    ws.write_number(row + 1 + i, 1 + s, value)
        first, last = row + 1, row + len(labels)
        row = max(last + 2, row + math.ceil(height(len(labels)) / ROW_PX) + 2)  # the chart beside it
        peaks[first] = max((value for _, cells in series for _, value in cells), default=0)
        return first, last

    peaks: dict[int, float] = {}  # first row of each table -> its largest figure

    def place(chart: xlsxwriter.chart.Chart, title: str, at: int, first: int, last: int, n_series: int) -> None:
        counts = {"min": 0, "num_format": "0", **({"major_unit": 1} if peaks[first] < 10 else {})}  # whole numbers
        every = {"interval_unit": 1, "num_font": {"size": 9}}  # every category labelled
        if isinstance(chart, ChartBar):
            chart.set_x_axis(counts)
            chart.set_y_axis({**every, "reverse": True})  # the first category on top, as in the table
        else:
            chart.set_y_axis(counts)
            chart.set_x_axis(every)
        for s in range(n_series):
            chart.add_series({"name": [CHART_SHEET, at, 1 + s], "categories": [CHART_SHEET, first, 0, last, 0],
                              "values": [CHART_SHEET, first, 1 + s, last, 1 + s],
                              "data_labels": {"value": True, "font": {"size": 8}}})
        chart.set_title({"name": title})
        chart.set_legend({"none": True} if n_series == 1 else {"position": "bottom"})
        chart.set_size({"width": 640, "height": height(last - first + 1)})
        ws.insert_chart(at, 5, chart)

    if NEW_KEY in edition:
        index = [f.key for f in edition.value_fields].index(NEW_KEY)
        ranked = sorted(units, key=lambda u: -_number(u[1].numbers[index]))[:TOP_UNITS]
        title = "各单位本年新收政府信息公开申请数量" + (f"（前 {TOP_UNITS} 个单位）" if len(units) > TOP_UNITS else "")
        at = row
        first, last = table(title, [u for u, _ in ranked],
                            [("新收申请", [(None, _number(f.numbers[index])) for _, f in ranked])])
        if ranked:
            place(wb.add_chart({"type": "bar"}), title, at, first, last, 1)

    outcomes = [m for m in edition.sets.get("t3_outcome", ()) if OUTCOME_KEY.format(m=m) in edition]
    if outcomes:
        keys = [OUTCOME_KEY.format(m=m) for m in outcomes]
        at = row
        first, last = table("本年度办理结果构成（全部申请人）", [edition.labels["t3_outcome"][m] for m in outcomes],
                            [("件数", [(f"={k}", totals[k]) for k in keys])])
        place(wb.add_chart({"type": "bar"}), "本年度办理结果构成", at, first, last, 1)

    groups, parts = edition.sets.get("t4_group", ()), edition.sets.get("t4_part", ())
    if groups and parts:
        at = row
        series = [(edition.labels["t4_group"][g], [(f"={k}", totals[k]) for p in parts
                                                   if (k := REMEDY_KEY.format(g=g, p=p)) in edition])
                  for g in groups]
        first, last = table("行政复议、行政诉讼结果", [edition.labels["t4_part"][p] for p in parts], series)
        place(wb.add_chart({"type": "column"}), "行政复议、行政诉讼结果", at, first, last, len(groups))
    ws.set_h_pagebreaks(starts[1:])
    return ws


def height(categories: int) -> int:
    """Pixels a chart of ``categories`` labelled categories needs, title and axes included."""
    return max(400, 120 + BAR_PX * categories)


def _number(x: float) -> float:
    return 0.0 if math.isnan(x) else x
