"""Cell formats of the template: inputs stand out (unlocked, pale yellow), everything else is locked."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import xlsxwriter

from govxl.findings import Severity

FONT = "等线"  # Excel's default CJK font; WPS and LibreOffice substitute a CJK font
INPUT_FILL = "#FFF2CC"
CARRIED_FILL = "#E2EFDA"  # an input taken from last year's report: pale green (a light grey on paper)
COMPUTED_FILL = "#DDEBF7"
HEADER_FILL = "#F2F2F2"
FAIL = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
WARN = {"bg_color": "#FFEB9C", "font_color": "#9C5700"}
PASS = {"bg_color": "#C6EFCE", "font_color": "#006100"}
MARKS = {  # a failing check's marks on the form, strongest first: the offending cell, then the rest of a sum
    # (thin borders only: Excel's conditional formats have no others)
    "fail_strong": {**FAIL, "bold": True, "border": 1, "border_color": "#C00000"},
    "fail_light": {"bg_color": "#FCE4EC"},
    "warn_strong": {**WARN, "bold": True, "border": 1, "border_color": "#BF8F00"},
    "warn_light": {"border": 1, "border_color": "#FFC000"},
}
DATE_FORMAT = "yyyy-mm-dd"
LINE_HEIGHT = 16.0  # points per line of 11-point CJK text


@dataclass(frozen=True)
class Styles:
    title: object
    summary: object
    subtitle: object
    heading: object
    subheading: object
    label: object  # a table's row label
    header: object  # a table's column header / caption
    field_label: object
    hint: object
    number_input: object
    date_input: object
    text_input: object  # one-line text input
    prose_input: object  # large wrapped input area
    computed: object  # formula cell (locked)
    fixed: object  # a value the template writes and locks (meta_edition)
    carried: object  # a number taken from last year's report (still an input)
    carried_text: object  # a text taken from last year's report (still an input)


def styles(workbook: xlsxwriter.Workbook) -> Styles:
    def fmt(**props: object) -> object:
        return workbook.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter", **props})

    boxed = {"border": 1, "text_wrap": True}
    unlocked = {**boxed, "locked": False, "bg_color": INPUT_FILL}
    carried = {**unlocked, "bg_color": CARRIED_FILL, "font_color": "#375623"}
    return Styles(
        title=fmt(bold=True, font_size=16, align="center"),
        summary=fmt(bold=True, align="center"),
        subtitle=fmt(font_size=9, font_color="#595959", align="center"),
        heading=fmt(bold=True, font_size=12, bottom=2),
        subheading=fmt(bold=True),
        label=fmt(**boxed, align="left"),
        header=fmt(**boxed, bold=True, align="center", bg_color=HEADER_FILL),
        field_label=fmt(**boxed, align="right", bg_color=HEADER_FILL),
        hint=fmt(font_size=9, font_color="#7F7F7F", text_wrap=True),
        number_input=fmt(**unlocked, align="right"),
        date_input=fmt(**unlocked, align="left", num_format=DATE_FORMAT),
        text_input=fmt(**unlocked, align="left"),
        prose_input=fmt(**unlocked, align="left", valign="top"),
        computed=fmt(**boxed, align="right", bg_color=COMPUTED_FILL, bold=True),
        fixed=fmt(**boxed, align="left", bg_color=HEADER_FILL),
        carried=fmt(**carried, align="right"),
        carried_text=fmt(**carried, align="left"),
    )


def mark_style(severity: Severity, strong: bool) -> str:
    """The key in :data:`MARKS` of a mark of ``severity``."""
    return f"{'fail' if severity is Severity.ERROR else 'warn'}_{'strong' if strong else 'light'}"


def text_width(text: str) -> int:
    """Width of ``text`` in Excel character units: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` wraps into in a cell ``width`` character units wide."""
    usable = max(width - 1, 1)
    return max(1, sum(math.ceil(text_width(part) / usable) or 1 for part in text.split("\n")))
