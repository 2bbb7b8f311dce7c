"""Reports, findings and merge results as HTML, for notebooks (``_repr_html_``) and any page.

A report is drawn by walking its edition's outline: the title line, each section's heading, its prose
(folded) and its tables with the official merged headers (real ``rowspan``/``colspan``). A value shows what
the cell held: blank stays blank, text stays as typed. A cell a finding names is coloured, the finding's
message its tooltip. Everything a received file carries (unit names, cell texts, file names) is escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from govxl.display.text import counts, merge_line, report_line
from govxl.findings import Finding, Findings, Severity
from govxl.outline import Cell, Outline, Prose, Table, outline
from govxl.printable import decoded, printable
from govxl.report import Report, Value
from govxl.rules.catalogue import BY_ID
from govxl.values import State

if TYPE_CHECKING:
    from govxl.collection import Reports
    from govxl.consolidation.received import Entry
    from govxl.consolidation.result import MergeResult

SHOWN_FINDINGS = 200  # rows of a findings table; the rest are counted
SHOWN_REPORTS = 200  # rows of a collection's table of reports
SHOWN_CELLS = 4  # cells named in a finding's row (a finding about a whole table names them all)
MARKS = {Severity.ERROR: ("govxl-error", "#f8cbcb"), Severity.WARNING: ("govxl-warning", "#fff0b3")}
STYLE = """<style>
.govxl table{border-collapse:collapse;font-size:12px;margin:4px 0 10px}
.govxl th,.govxl td{border:1px solid #999;padding:2px 5px;vertical-align:middle}
.govxl th{background:#f3f3f3;font-weight:normal;text-align:center}
.govxl th[scope=row]{text-align:left}
.govxl td{text-align:right;min-width:2.5em}
.govxl td.govxl-computed{background:#f7f7f7}
.govxl .govxl-prose{white-space:pre-wrap;max-width:60em}
.govxl h4{margin:10px 0 4px}
</style>"""


def escape(text: object) -> str:
    """``text`` made safe for HTML: markup escaped, control characters but line breaks shown as escapes."""
    return html.escape("\n".join(printable(line) for line in str(text).split("\n")), quote=True)


def cell_text(value: Value | None) -> str:
    """What a cell held, as a person reads it: blank is empty, text as typed, a number in full (no exponent)."""
    if value is None or value.state is State.BLANK:
        return ""
    if value.text is not None:
        return value.text
    if value.date is not None:
        return value.date.isoformat()
    number = value.number
    return "" if number is None else str(number) if isinstance(number, int) else f"{number:.15g}"


def _marks(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Value key -> the findings naming it, errors first."""
    out: dict[str, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: f.severity is not Severity.ERROR):
        for c in f.cells:
            out.setdefault(c.key, []).append(f)
    return out


def _marked(found: list[Finding] | None, classes: list[str]) -> str:
    """The attributes of an element the findings name: class, colour and the messages as its tooltip."""
    if not found:
        return f' class="{" ".join(classes)}"' if classes else ""
    name, colour = MARKS[found[0].severity]
    tip = "\n".join(f"{f.severity.label}：{f.message}" for f in found)
    return f' class="{" ".join([*classes, name])}" style="background:{colour}" title="{escape(tip)}"'


def table_html(t: Table, report: Report, marks: dict[str, list[Finding]], *, caption: str | None = None,
               widths: Sequence[float] = (), css_class: str = "") -> str:
    """One official table: header and label cells as ``<th>`` with their spans and scopes, values as ``<td>``;
    the notebook's display and the published page alike (with its ``caption``, relative column ``widths``
    and a class)."""
    rows = ["<tr>" + "".join(_cell_html(c, report, marks) for c in cells) + "</tr>" for cells in t.rows]
    head, body = rows[:t.header_rows], rows[t.header_rows:]
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    cols = "".join(f'<col style="width:{100 * w / sum(widths):.1f}%">' for w in widths)
    group = f"<colgroup>{cols}</colgroup>" if cols else ""
    attrs = f' class="{css_class}"' if css_class else ""
    aside = "".join(f"<p>{escape(label)}：{escape(text)}</p>" for label, text in aside_texts(t, report))
    return f'<table data-table="{t.id}"{attrs}>{title}{group}{thead}<tbody>{"".join(body)}</tbody></table>{aside}'


def aside_texts(t: Table, report: Report) -> list[tuple[str, str]]:
    """(label, what the cell held) of the table's cells past its width that hold something (2019 金额单位)."""
    return [(label, text) for label, key in t.aside if (text := cell_text(report.values.get(key)))]


def _cell_html(c: Cell, report: Report, marks: dict[str, list[Finding]]) -> str:
    spans = (f' rowspan="{c.rows}"' if c.rows > 1 else "") + (f' colspan="{c.cols}"' if c.cols > 1 else "")
    if c.key is None:
        if c.role == "empty":
            return f"<td{spans}></td>"
        scope = "row" if c.role == "label" else "colgroup" if c.cols > 1 else "col"
        return f'<th scope="{scope}"{spans}>{escape(c.text)}</th>'
    field = report.edition[c.key]
    attrs = _marked(marks.get(c.key), ["govxl-computed"] if field.computed else [])
    return f'<td data-key="{c.key}"{spans}{attrs}>{escape(cell_text(report.values.get(c.key)))}</td>'


def _prose_html(p: Prose, report: Report, marks: dict[str, list[Finding]]) -> str:
    value = report.values.get(p.key)
    if value is None:
        return ""
    text = report.text(p.key)
    size = f"{len(text)} 字" if text else "（空白）"
    summary = f"{escape(p.heading)} · {size}" if p.heading else f"正文 · {size}"
    attrs = _marked(marks.get(p.key), [])
    return (f'<details data-key="{p.key}"><summary{attrs}>{summary}</summary>'
            f'<div class="govxl-prose">{escape(text)}</div></details>')


def report_html(report: Report, findings: Iterable[Finding] | None = None) -> str:
    """``report`` as its official form shows it; ``findings`` default to :func:`govxl.validate`'s."""
    if findings is None:
        from govxl.rules import validate

        findings = validate(report)
    found = list(findings)
    return f'<div class="govxl">{STYLE}{_report_body(report, found, outline(report.edition))}</div>'


def _report_body(report: Report, found: list[Finding], o: Outline) -> str:
    marks = _marks(found)
    parts = [f"<p><b>{escape(o.title(report.unit, report.year))}</b><br>"
             f"{escape(report_line(report, found))}{_file(report.path)}<br>{escape(o.subtitle)}</p>"]
    for section in o.sections:
        body = "".join(table_html(p, report, marks) if isinstance(p, Table) else _prose_html(p, report, marks)
                       for p in section.parts)
        if body:
            parts.append(f"<h4>{escape(section.heading)}</h4>{body}")
    if found:
        parts.append(f"<details><summary>校验：{counts(found)}</summary>{_findings_table(found)}</details>")
    return "".join(parts)


def _file(path: str | None) -> str:
    return f" · 文件：{escape(path)}" if path else ""


def findings_html(findings: Findings | Sequence[Finding]) -> str:
    """The findings as a table in Chinese: 级别, 单位/文件 (when several), 单元格, 规则, 问题, 说明."""
    found = list(findings)
    return f'<div class="govxl">{STYLE}<p>校验：{counts(found)}</p>{_findings_table(found) if found else ""}</div>'


def _findings_table(found: list[Finding]) -> str:
    many = len({(f.unit, f.file) for f in found}) > 1
    heads = ["级别", *(["单位", "文件"] if many else []), "单元格", "规则", "问题", "说明"]
    rows = []
    for f in found[:SHOWN_FINDINGS]:
        where = "、".join(f"{c.label or c.key}（{c.where}）" if c.cell else c.label or c.key
                         for c in f.cells[:SHOWN_CELLS])
        where += f"等 {len(f.cells)} 个单元格" if len(f.cells) > SHOWN_CELLS else ""
        rule = BY_ID[f.rule].title if f.rule in BY_ID else f.rule
        cols = [f.severity.label, *([f.unit or "", f.file or ""] if many else []), where, rule, f.message,
                f.explanation or ""]
        name, colour = MARKS[f.severity]
        cells = "".join(f'<td style="text-align:left">{escape(c)}</td>' for c in cols[1:])
        rows.append(f'<tr class="{name}"><td style="background:{colour}">{escape(cols[0])}</td>{cells}</tr>')
    more = f"<p>另有 {len(found) - SHOWN_FINDINGS} 条未列出（全部：findings.to_frame()）。</p>" \
        if len(found) > SHOWN_FINDINGS else ""
    head = "".join(f"<th>{h}</th>" for h in heads)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def merge_html(result: MergeResult) -> str:
    """A merge: who reported (报送情况 by roster unit), then the consolidated tables and every finding."""
    from govxl.consolidation.received import Status

    units = Counter(result.unit_status(unit.name) for unit in result.roster.units)
    done = "，".join(f"{s.label} {n}" for s, n in units.items())
    files = "，".join(f"{Status(s).label} {n}" for s, n in result.counts().items() if n)
    return (f'<div class="govxl">{STYLE}<p><b>{escape(merge_line(result))}</b><br>'
            f'名单 {units.total()} 个单位：{done or "无"}；收到 {len(result.entries)} 个文件：{files or "无"}</p>'
            f'<details open><summary>报送情况</summary>{completeness_html(result)}</details>'
            f'{_report_body(result.total, total_findings(result), outline(result.total.edition))}'
            f'<details><summary>全部校验结果：{counts(result.findings)}</summary>'
            f'{_findings_table(list(result.findings))}</details></div>')


def total_findings(result: MergeResult) -> list[Finding]:
    """The findings of the consolidated report itself (the rules run again on the sum), not its units'."""
    total = result.total
    return [f for f in result.findings if f.file == total.path and f.unit == total.unit]


def completeness_html(result: MergeResult) -> str:
    """The 报送情况 table: each roster unit with its status and each of its files (status, errors, warnings, why),
    then the files of units not on the roster."""
    rows: list[list[object]] = []
    for unit, entries in result.by_roster_unit():
        status = result.unit_status(unit.name).label if unit else ""
        shown: list[Entry | None] = [*entries] or [None]  # a roster unit that sent nothing has a row too
        for e in shown:
            rows.append([unit.name if unit else "", status, result.file_name(e.path) if e else "",
                         e.status.label if e else "", e.errors if e else "", e.warnings if e else "",
                         e.reason if e else ""])
    return _list(("名单单位", "报送情况", "文件", "文件状态", "错误", "提示", "说明"), rows)


def collection_html(reports: Reports) -> str:
    """Many reports: one row per report (单位, 年度, 版本, 错误, 提示, 文件), then the files that gave none."""
    found = reports.findings
    tally: dict[tuple[object, object], Counter[str]] = {}  # (file, unit) -> findings by severity
    for file, unit, severity in zip(found["file"], found["unit"], found["severity"]):
        tally.setdefault((file, unit), Counter())[severity] += 1
    rows = []
    for file, figures in reports.rows()[:SHOWN_REPORTS]:
        n = tally.get((decoded(file) if file else None, figures.unit), Counter())
        rows.append([figures.unit or "（未填单位名称）", figures.year or "", f"{figures.edition.id}年版",
                     n[Severity.ERROR], n[Severity.WARNING], file or ""])
    more = f"<p>另有 {len(reports) - SHOWN_REPORTS} 份未列出（全部：reports.to_frame()）。</p>" \
        if len(reports) > SHOWN_REPORTS else ""
    failed = [f"<li>{escape(u.path)}：{escape(u.reason)}</li>" for u in reports.unreadable]
    unread = f"<details open><summary>无法读取的文件</summary><ul>{''.join(failed)}</ul></details>" if failed else ""
    return (f'<div class="govxl">{STYLE}<p><b>{len(reports)} 份报告，{len(failed)} 个文件无法读取</b></p>'
            f'{_list(("单位", "年度", "版本", "错误", "提示", "文件"), rows)}{more}{unread}</div>')


def _list(heads: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain table of texts, left-aligned, escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f'<td style="text-align:left">{escape(c)}</td>' for c in cols) + "</tr>"
                   for cols in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
