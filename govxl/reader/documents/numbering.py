"""Word's automatic numbering (项目编号): the number a numbered paragraph shows, which is not in its text.

A heading typed as ``总体情况`` in a list numbered ``一、`` reads ``一、总体情况`` on the page; the label reader
matches what the page shows. Each list counts its paragraphs in document order, a level restarting after
a paragraph of a higher one; a paragraph takes its list from its own properties or from its style.
Formats beyond those reports use are shown as decimal numbers; bullets show nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from docx.oxml.ns import qn
from lxml import etree

LEVELS: Final = 9  # Word's levels of a list
MAX_LABEL: Final = 32  # characters of a level's text ("（%2）"): a longer one is cut, not repeated per paragraph
_W_VAL = qn("w:val")
_PLACEHOLDER = re.compile(r"%([1-9])")
_DIGITS = "一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _chinese(n: int) -> str:
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _DIGITS[tens - 1]) + ("十" if tens else "") + (_DIGITS[ones - 1] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n <= 3 * 26 else str(n)  # A … ZZZ


FORMATS: Final[dict[str, Callable[[int], str]]] = {
    "decimal": str,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographTraditional": lambda n: _STEMS[n - 1] if 0 < n <= len(_STEMS) else str(n),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


@dataclass(frozen=True)
class Level:
    format: str  # w:numFmt
    text: str  # w:lvlText: "%1、", "（%2）"
    start: int


def _val(el: etree._Element | None, default: str = "") -> str:
    return default if el is None else el.get(_W_VAL, default)


def _int(text: str, default: int = 0) -> int:
    return int(text) if text.strip().lstrip("-").isdigit() and len(text) < 6 else default


class Numbering:
    """The lists of one document (``word/numbering.xml``, the numbered styles of ``word/styles.xml``), and
    how far each has counted."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        abstract: dict[str, dict[int, Level]] = {}
        for el in numbering.iterfind(qn("w:abstractNum")) if numbering is not None else ():
            abstract[el.get(qn("w:abstractNumId"), "")] = {
                _int(lvl.get(qn("w:ilvl"), "")): Level(_val(lvl.find(qn("w:numFmt")), "decimal"),
                                                     _val(lvl.find(qn("w:lvlText")))[:MAX_LABEL],
                                                     _int(_val(lvl.find(qn("w:start")), "1"), 1))
                for lvl in el.iterfind(qn("w:lvl"))}
        self.lists: dict[str, dict[int, Level]] = {}  # numId -> its levels (a start override applied)
        for el in numbering.iterfind(qn("w:num")) if numbering is not None else ():
            levels = dict(abstract.get(_val(el.find(qn("w:abstractNumId"))), {}))
            for override in el.iterfind(qn("w:lvlOverride")):
                ilvl, start = _int(override.get(qn("w:ilvl"), "")), override.find(qn("w:startOverride"))
                if ilvl in levels and start is not None:
                    levels[ilvl] = Level(levels[ilvl].format, levels[ilvl].text, _int(_val(start), 1))
            self.lists[el.get(qn("w:numId"), "")] = levels
        self.styles: dict[str, tuple[str, etree._Element | None]] = {}  # styleId -> (based on, its numPr)
        for el in styles.iterfind(qn("w:style")) if styles is not None else ():
            self.styles[el.get(qn("w:styleId"), "")] = (_val(el.find(qn("w:basedOn"))),
                                                        el.find(f"{qn('w:pPr')}/{qn('w:numPr')}"))
        self.counts: dict[str, list[int]] = {}  # numId -> each level's last number (0: not counted yet)

    def label(self, p: etree._Element) -> str:
        """The number paragraph ``p`` shows (``一、``, ``（二）``), counting it; "" if it is not numbered."""
        if not self.lists:
            return ""
        num, ilvl = self._list_of(p)
        levels = self.lists.get(num, {})
        level = levels.get(ilvl)
        if level is None or level.format == "bullet":
            return ""
        counts = self.counts.setdefault(num, [0] * LEVELS)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else level.start
        counts[ilvl + 1:] = [0] * (LEVELS - ilvl - 1)

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            at = levels.get(k, level)
            return FORMATS.get(at.format, str)(counts[k] or at.start)

        return _PLACEHOLDER.sub(number, level.text)

    def _list_of(self, p: etree._Element) -> tuple[str, int]:
        """(numId, level) of ``p``: its own numbering, else its style's (or that of the style it is based on)."""
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            return "", 0
        num_id, ilvl = _num(ppr.find(qn("w:numPr")))
        style, seen = _val(ppr.find(qn("w:pStyle"))), set()
        while not num_id and style and style not in seen:  # each style of the chain once
            seen.add(style)
            style, numpr = self.styles.get(style, ("", None))
            num_id, style_ilvl = _num(numpr)
            ilvl = ilvl or style_ilvl
        return num_id, min(max(_int(ilvl), 0), LEVELS - 1)


def _num(numpr: etree._Element | None) -> tuple[str, str]:
    """(numId, ilvl) of a ``w:numPr``, "" where absent."""
    if numpr is None:
        return "", ""
    return _val(numpr.find(qn("w:numId"))), _val(numpr.find(qn("w:ilvl")))
