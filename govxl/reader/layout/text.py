"""The report's words: identification fields, the title, and the prose sections.

Rows not taken by a table are searched for the edition's identification (and extension) fields, a label
followed by its value after a colon, in the next filled cell to its right, or below it; the unit and
year come from the title (a cell alone in its row reading “…XXXX年度政府信息公开工作年度报告”, the unit
perhaps on the line above) where no field gives them. Prose is the text under each official section
heading, split into its numbered topics, up to the document's closing (date, signature, 附件).
"""

from __future__ import annotations

import re

from govxl.chinese import simplified
from govxl.reader.labels import body, clean, similarity, split_numbering
from govxl.reader.layout.grid import STRONG, Grid, Reading, has_content, oneline
from govxl.report import Source

REPORT_NAME = "政府信息公开工作年度报告"
# a title is the whole cell, perhaps with a note in brackets ("关于报送…报告的函" is not one); the unit before
# the year (`某县林业局2023年度…`, `某县林业局关于2023年度…`) or after it (`2023年度某县林业局…`)
_TITLE = re.compile(rf"(?:(?P<unit>.*?)(?:关于)?(?P<year>(?:19|20)\d\d)年度?|(?P<year_first>(?:19|20)\d\d)年度?"
                    rf"(?P<unit_after>.+?)的?){REPORT_NAME}(?:\(.*\))?")


def read_meta(reading: Reading, grids: list[Grid]) -> None:
    fields = [f for f in reading.edition.fields if f.section in ("meta", "x")]  # identification, extensions
    for grid in grids:
        for r in sorted(grid.rows):
            if (grid.sheet.name, r) in reading.used:
                continue
            texts = grid.texts(r)
            for n, (c, t) in enumerate(texts):
                inline = clean(t)
                for f in fields:
                    if f.key in reading.cells:
                        continue
                    label = clean(f.label)
                    if inline.startswith(label) and inline[len(label):len(label) + 1] in (":", "："):
                        value = t.split(":" if ":" in t else "：", 1)[1].strip()
                        reading.cells[f.key] = value
                        reading.sources[f.key] = Source(reading.book.path, grid.sheet.name, grid.place(r, c), value,
                                                        how="label", note=f"由“{f.label}”后的文字读取")
                        reading.used.add((grid.sheet.name, r))
                    elif _could_be(inline, label) and similarity(t, f.label) >= 0.95:
                        target = _value_beside(grid, r, c, [x.label for x in fields])
                        if target:
                            reading.put(f.key, grid, *target)
                            reading.used.update({(grid.sheet.name, r), (grid.sheet.name, target[0])})
    _read_title(reading, grids)


def _could_be(text: str, label: str) -> bool:
    """Whether ``text`` is short enough to score 0.95 against ``label`` (both cleaned): such a score needs
    lengths within a third of each other once numbering and punctuation are off (labels.similarity)."""
    return len(text) <= 1.34 * len(label) + 8


def _value_beside(grid: Grid, r: int, c: int, labels: list[str]) -> tuple[int, int] | None:
    """The cell holding the value of the label at (r, c): the next filled cell right of it, else below
    (a row of labels over a row of values has another label to the right)."""
    right = [cc for cc in grid.rows.get(r, []) if cc > c and has_content(grid.sheet.cells[(r, cc)])]
    if right and not any(similarity(grid.text(r, right[0]), x) >= 0.95 for x in labels):
        return r, right[0]
    below = grid.cell(r + 1, c)
    return (r + 1, c) if below is not None and has_content(below) else None


def _read_title(reading: Reading, grids: list[Grid]) -> None:
    """Unit and year from the title: a cell alone in its row (not a line of an attachment list)."""
    for grid in grids:
        for r in sorted(grid.rows):
            filled = [c for c in grid.rows[r] if has_content(grid.sheet.cells[(r, c)])]
            for c, t in grid.texts(r) if len(filled) == 1 else ():
                plain = clean(t, simplify=False)
                m = _TITLE.fullmatch(simplified(plain))
                if not m:
                    continue
                note = f"由标题“{oneline(t)}”识别"
                src = Source(reading.book.path, grid.sheet.name, grid.place(r, c), t, how="label", note=note)
                reading.used.add((grid.sheet.name, r))
                unit = "unit" if m["unit"] else "unit_after"
                if m[unit] and "meta_unit" not in reading.cells:  # as written (traditional stays so)
                    reading.cells["meta_unit"], reading.sources["meta_unit"] = plain[slice(*m.span(unit))], src
                elif "meta_unit" not in reading.cells and (above := _title_line_above(grid, r)):
                    ra, ca, unit = above
                    reading.cells["meta_unit"] = unit
                    reading.sources["meta_unit"] = Source(reading.book.path, grid.sheet.name, grid.place(ra, ca), unit,
                                                          how="label", note=f"由两行标题“{unit}{oneline(t)}”识别")
                    reading.used.add((grid.sheet.name, ra))
                if "meta_year" not in reading.cells:
                    reading.cells["meta_year"], reading.sources["meta_year"] = int(m["year"] or m["year_first"]), src
                return


def _title_line_above(grid: Grid, r: int) -> tuple[int, int, str] | None:
    """The unit on the title's first line, as Word centres a title on two (`某县林业局` over
    `2023年度政府信息公开工作年度报告`): the filled row right above, one short cell without punctuation."""
    above = [x for x in sorted(grid.rows) if x < r and grid.filled(x)]
    if not above or above[-1] != r - 1:
        return None
    texts = grid.texts(r - 1)
    filled = [c for c in grid.rows[r - 1] if has_content(grid.sheet.cells[(r - 1, c)])]
    if len(texts) != 1 or len(filled) != 1:
        return None
    c, t = texts[0]
    plain = clean(t, simplify=False)
    if not 2 <= len(plain) <= 40 or _ANNEX.match(plain) or any(p in plain for p in "，,：:" + _SENTENCE_END):
        return None
    return r - 1, c, plain


def read_prose(reading: Reading, grids: list[Grid]) -> None:
    """The text under each section heading (and each topic of 一), sheet by sheet.

    A row is a line of text, or a heading beside its text (栏目 | 内容: the heading in the first cell, its
    text in the second). A section ends at the next heading, at a row of three or more cells (a table),
    at the end of its sheet, and where the document's closing begins (:func:`_closing`).
    """
    e = reading.edition
    top = {p.heading: p.key for p in e.prose if p.level == 0}
    topics: dict[str, list[tuple[str, str]]] = {}  # level-0 key -> its topics (heading, key)
    parent = None
    for p in e.prose:
        if p.level == 0:
            parent = p.key
        elif parent:
            topics.setdefault(parent, []).append((p.heading, p.key))
    unit = clean(reading.cells.get("meta_unit") or "")
    texts: dict[str, list[tuple[list[tuple[str, int]], Grid, int]]] = {}  # key -> lines: (pieces, grid, row)
    for grid in grids:
        current: str | None = None
        section: str | None = None
        last = -1  # the row of the current section's last line
        for r in sorted(grid.rows):
            if (grid.sheet.name, r) in reading.used:
                continue
            row = grid.texts(r)
            if len(row) > 2:  # a row of a table (an attachment, a case list): not prose
                current = None
            if not row or len(row) > 2:
                continue
            (c, first), rest = row[0], row[1][1] if len(row) == 2 else ""
            line = first + rest
            pieces = [(first, c), (rest, row[1][0])] if rest else [(first, c)]  # the line's text by cell
            beside = _section(first, e.sections) if rest else None
            heading = beside or _section(line, e.sections)  # a heading beside its text, or alone
            if heading:
                section = current = top.get(heading)
                if not (beside and current):
                    continue
                pieces = pieces[1:]
            elif topic := _topic(first, topics.get(section or "", [])):
                current = topic
                if not rest and split_numbering(first)[1] == split_numbering(e[topic].label)[1]:
                    continue  # the heading alone on its line (a rendered report's): its text follows
                pieces = pieces[1:] or pieces  # beside its text, the text alone
            elif topic := _topic(line, topics.get(section or "", [])):
                current = topic
            elif current and _closing(line, unit, gap=current in texts and r > last + 1):
                current = None
            if current:
                texts.setdefault(current, []).append((pieces, grid, r))
                last = r
    for key, lines in texts.items():
        value, parts = _joined(lines)
        _, sheet, cell = parts[0]
        reading.cells[key] = value
        reading.sources[key] = Source(reading.book.path, sheet, cell, value, how="label", parts=parts,
                                      note=f"按标题“{e[key].label}”读取的段落（{len(lines)} 段）")


def _joined(lines: list[tuple[list[tuple[str, int]], Grid, int]]) -> tuple[str, tuple[tuple[int, str, str], ...]]:
    """A section's text, its lines joined by newlines and stripped (as a text value is), and where each
    cell's piece of it begins: (offset, sheet, A1)."""
    text, parts = "", []
    for n, (pieces, grid, r) in enumerate(lines):
        text += "\n" if n else ""
        for piece, c in pieces:
            parts.append((len(text), grid.sheet.name, grid.place(r, c)))
            text += piece
    lead = len(text) - len(text.lstrip())
    return text.strip(), tuple((max(at - lead, 0), sheet, cell) for at, sheet, cell in parts)


def _section(line: str, sections: tuple[str, ...]) -> str | None:
    """The section heading ``line`` is, perhaps with words added; a differing numbering is another
    heading (`（一）主动公开政府信息情况` is a topic of 一, not 二、主动公开政府信息情况)."""
    heading = max(sections, key=lambda s: similarity(line, s))
    number, text = split_numbering(line)
    if number and number != split_numbering(heading)[0]:
        return None
    return heading if similarity(line, heading) >= STRONG and len(text) <= 2 * len(body(heading)) else None


_DATE = re.compile(r"[0-9〇零一二三四五六七八九]{4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日")
_SIGNER = re.compile(r".{2,30}(人民政府|局|办公室|委员会|办事处)(\(?盖章\)?)?")
_ANNEX = re.compile(r"附件[0-9一二三四五六七八九十]*(?:[:：.、]|$)")
_SENTENCE_END = "。；;！!？?"
# a portal's own lines after the article: its links (上一篇, 打印本页, 分享到) and its footer (版权所有, ICP备案)
_PAGE = re.compile(r"[【\[]?(?:上一篇|下一篇|分享到|打印本页|打印此页|关闭窗口|关闭本页|扫一扫|版权所有|主办单位|网站标识码)"
                   r"|[【\[](?:打印|关闭)[】\]]|.*ICP备")


def _closing(line: str, unit: str, *, gap: bool) -> bool:
    """Whether ``line`` starts the document's closing rather than continuing a section: a date alone
    (`2026年1月20日`), the signing body alone (the unit, or a name ending in 人民政府/局/办公室…), an
    attachment list (`附件：`), the portal's lines after the article (`上一篇：`, `【打印本页】`, `版权所有：`),
    or, after blank rows, a line that is not a paragraph (no sentence end)."""
    t = clean(line)
    if _DATE.fullmatch(t) or _ANNEX.match(t) or unit and t in (unit, f"{unit}(盖章)"):
        return True
    if _PAGE.match(t) and t[-1] not in _SENTENCE_END:
        return True
    if _SIGNER.fullmatch(t) and not any(p in t for p in "，,：:" + _SENTENCE_END):
        return True
    return gap and not (t[-1] in _SENTENCE_END or len(t) >= 40)


def _topic(line: str, topics: list[tuple[str, str]]) -> str | None:
    number, text = split_numbering(line)
    first_clause = re.split(r"[。：:；;，,]", line, maxsplit=1)[0]
    for heading, key in topics:
        h_number, h_text = split_numbering(heading)
        if number and number == h_number and (text.startswith(h_text) or similarity(first_clause, heading) >= 0.7):
            return key
    return None
