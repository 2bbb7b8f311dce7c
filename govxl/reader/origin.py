"""govxl's own outputs among received files: blank templates, annotated copies, consolidated workbooks.

Every workbook govxl writes records what it is (``govxl_kind``, :mod:`govxl.template.names`). A batch lists
such a file as govxl's and never takes it for a unit's report; a filled template, or an annotated copy the
filler has since corrected, is the filler's report again.
"""

from __future__ import annotations

import os
from typing import Final

from govxl.errors import UnreadableFile
from govxl.report import Report
from govxl.template import names as tn

BLANK_TEMPLATE: Final = "blank-template"
KINDS: Final = {  # kind -> what it is, in Chinese
    BLANK_TEMPLATE: "govxl 生成的空白模板（没有填写任何数字或文字）",
    tn.KIND_ANNOTATED: "govxl 生成的批注副本（发回报送单位修改用，内容与原报告相同）",
    tn.KIND_CONSOLIDATED: "govxl 生成的汇总工作簿",
}


def output_kind(report: Report) -> str | None:
    """What govxl output ``report`` was read from (a key of :data:`KINDS`), or None for a unit's own report."""
    kind = report.meta.get("govxl_kind")
    if kind == tn.KIND_ANNOTATED and report.meta.get("values_digest") == report.digest():
        return tn.KIND_ANNOTATED
    if report.consolidated:
        return tn.KIND_CONSOLIDATED
    if report.reader == "template" and is_blank(report):
        return BLANK_TEMPLATE
    return None


def holds_no_report(kind: str | None) -> bool:
    """Whether a file of govxl output ``kind`` is passed over (a blank template, an unedited annotated copy);
    a consolidated workbook is checked and summed like a unit's report."""
    return kind is not None and kind != tn.KIND_CONSOLIDATED


def is_blank(report: Report) -> bool:
    """Nothing filled in but identification: no number and no prose (beyond what the template carried over from
    last year's report)."""
    carried = set(report.meta.get("carried") or ())
    return all(report.is_blank(f.key) for f in report.edition.fields
               if not f.computed and f.section != "meta" and f.key not in carried)


def written_by_govxl(path: str | os.PathLike[str]) -> str | None:
    """The kind of govxl output the file at ``path`` is (None: anything else, a filled report included)."""
    from govxl.reader import read_all
    from govxl.render.stamp import RENDERED, rendered

    if rendered(path):  # a report govxl rendered (.docx, .html)
        return RENDERED
    try:
        kinds = {output_kind(r) for r in read_all(path)}
    except UnreadableFile as exc:
        return exc.origin
    except Exception:  # an output check must never fail on a strange file: it is simply not ours
        return None
    return kinds.pop() if len(kinds) == 1 else None
