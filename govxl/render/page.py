"""What a rendered report says, shared by its Word and HTML writers: the report laid over its edition's outline.

A :class:`Page` adds to the outline what belongs to one report: its title (a county's compilation names how
many units it sums, and lists them), the notes on its first page (a report rendered despite its errors says
so), each prose section as the paragraphs the filler wrote, and each value as the cell held it (blank stays
blank, decimals as typed: :func:`govxl.display.html.cell_text`). It also sizes the tables' columns, which
both a page width (Word) and a print layout (HTML) need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from govxl.display.html import cell_text
from govxl.findings import Finding, Severity
from govxl.outline import Outline, Table, outline
from govxl.report import Report

LABEL_CHARS = (4, 14)  # a label column's width in characters: at least, at most (longer labels wrap)
FIGURE_CHARS = (4, 6)  # a column of figures, sized by its header within these
TITLE_CHARS = 20  # characters of the title's size (2号) on a line of the text width
WIDE = 6  # a table of more columns than this (表三, 表四) is set in a smaller font


@dataclass(frozen=True)
class Page:
    """One report as it is published: ``outline`` walked with ``report``'s contents."""

    report: Report
    outline: Outline
    title: str
    title_lines: tuple[str, ...]  # the title broken where it is too long for a line
    notes: tuple[str, ...]  # warnings on the first page, under the title (a report rendered despite its errors)
    preface: tuple[str, ...]  # paragraphs under the title that say what the document is (a compilation's units)

    def paragraphs(self, key: str) -> list[str]:
        """The prose of ``key`` as the filler's paragraphs (one per line; empty lines and the filler's own
        indentation dropped: the layout indents every paragraph)."""
        return [line.strip() for line in self.report.text(key).split("\n") if line.strip()]

    def text(self, key: str) -> str:
        """What the value cell of ``key`` held, as printed."""
        return cell_text(self.report.values.get(key))


def page(report: Report, findings: list[Finding]) -> Page:
    """The page of ``report``; ``findings`` (its validation) decide the first page's note on errors."""
    units = tuple(report.meta.get("members") or ()) if report.consolidated else ()
    o = outline(report.edition)
    parts = o.title_parts(report.unit, report.year, units=len(units) if report.consolidated else None)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    notes = (f"注意：本报告有 {errors} 处错误未改正（未通过校验），是按要求照常生成的，仅供核对。"
             "请改正后重新生成，再公开发布。",) if errors else ()
    preface = (f"本汇编是{report.unit or '本地区'}{len(units)}个单位{report.year or ''}年度报告中各表数字的合计，"
               "供内部使用，不作为公开发布的年度报告；文字部分见各单位的报告。",
               f"汇总的单位：{'、'.join(units)}。") if report.consolidated else ()
    return Page(report, o, "".join(parts), _lines(parts, TITLE_CHARS), notes, preface)


def _lines(parts: tuple[str, ...], room: float) -> tuple[str, ...]:
    """``parts`` joined into as few lines of at most ``room`` characters as they fit (a part is never broken)."""
    lines: list[str] = []
    for part in parts:
        if lines and _width(lines[-1] + part) <= room:
            lines[-1] += part
        else:
            lines.append(part)
    return tuple(lines)


def _width(text: str) -> float:
    """``text``'s width in Chinese characters (a digit or Latin letter is half of one)."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def column_weights(t: Table) -> list[int]:
    """The relative widths of ``t``'s columns, in characters: a label column as wide as its widest label needs
    (its text spread over the rows it spans), a column of figures as its header, each within its bounds."""
    figures = {c.col for row in t.rows for c in row if c.role == "value"}
    needs = [0] * t.width
    for c in (c for row in t.rows for c in row if c.cols == 1 and c.text):
        needs[c.col] = max(needs[c.col], math.ceil(len(c.text) / c.rows))
    bounds = [FIGURE_CHARS if col in figures else LABEL_CHARS for col in range(t.width)]
    return [min(max(need, low), high) for need, (low, high) in zip(needs, bounds)]


def is_wide(t: Table) -> bool:
    """Whether ``t`` takes the smaller table font to fit the page width."""
    return t.width > WIDE
