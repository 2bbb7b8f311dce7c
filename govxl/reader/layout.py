"""Reading workbooks not made from the template, by locating the official labels.

A county's own layout, an older template, a report pasted from Word: the three tables stacked on one
sheet or on separate sheets, or one sheet per unit. Every table is located by the labels the
:class:`~govxl.schema.Edition` holds (its :class:`~govxl.schema.TableLayout` spans), matched with
:mod:`govxl.reader.labels`; rows and columns are paired in order, so position decides between
look-alikes (`其他`, `总计`, the three `结果维持`). What changes meaning (an official row or column not
found, an extra row) becomes a ``template-altered`` finding; a key not located is absent from the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from govxl.chinese import simplified
from govxl.editions import EDITIONS, UnknownEdition, edition_for_year
from govxl.errors import UnreadableFile
from govxl.findings import Finding
from govxl.reader.book import Book, RawCell, Sheet, a1
from govxl.reader.formula import NotSimple, Token
from govxl.reader.formula import evaluate as evaluate_formula
from govxl.reader.labels import ACCEPT, align, body, clean, similarity, split_numbering
from govxl.report import Report, Source
from govxl.rules.catalogue import rule
from govxl.rules.engine import finding
from govxl.schema import Edition, Kind, TableLayout
from govxl.values import interpret

STRONG = 0.8  # a label this close is taken as the official one when searching a whole sheet
REPORT_NAME = "政府信息公开工作年度报告"
# a title is the whole cell, perhaps with a note in brackets ("关于报送…报告的函" is not one)
_TITLE = re.compile(rf"(?P<unit>.*?)(?P<year>(?:19|20)\d\d)年度?{REPORT_NAME}(?:\(.*\))?")
_FORMULA_DEPTH = 64


# --- the expected shape, from the edition ---------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    label: str | None  # the row's own (innermost) label; None for a table without row labels (表四)
    keys: dict[int, str]  # layout column -> key


@dataclass(frozen=True)
class _Part:
    """A stretch of an official table read as one grid: 表三, 表四, or one block of 表二."""

    table: TableLayout
    caption: str | None
    columns: dict[int, tuple[str, ...]]  # layout column with values -> its header path, top to bottom
    rows: tuple[_Row, ...]
    groups: tuple[str, ...]  # group labels spanning several rows (no values of their own)


def _parts(table: TableLayout) -> list[_Part]:
    captions = sorted(s.row for s in table.spans if s.role == "caption")
    bounds = list(zip(captions, [*captions[1:], table.height])) if captions else [(0, table.height)]
    parts = []
    for top, bottom in bounds:
        spans = [s for s in table.spans if top <= s.row < bottom]
        headers = sorted((s for s in spans if s.role == "header"), key=lambda s: s.row)
        labels = [s for s in spans if s.role == "label"]
        slot_rows = sorted({s.row for s in table.slots if top <= s.row < bottom})
        rows = []
        for r in slot_rows:
            own = [s for s in labels if s.row == r]
            label = max(own, key=lambda s: s.col).text if own else None
            rows.append(_Row(label, {s.col: s.key for s in table.slots if s.row == r}))
        columns = {
            c: tuple(h.text for h in headers if h.col <= c < h.col + h.cols)
            for c in sorted({c for row in rows for c in row.keys})
        }
        caption = next((s.text for s in spans if s.role == "caption"), None)
        groups = tuple(s.text for s in labels if s.rows > 1)
        parts.append(_Part(table, caption, columns, tuple(rows), groups))
    return parts


# --- a sheet as positioned text ---------------------------------------------------------------------


class _Grid:
    """One sheet: literal cells, merged ranges resolved to their top-left cell, text by position."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.top_left: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in sheet.merged:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.top_left[(r, c)] = (r1, c1)
        self.merged_rows = {r for r, _ in self.top_left}
        self.rows: dict[int, list[int]] = {}
        for r, c in sorted(sheet.cells):
            self.rows.setdefault(r, []).append(c)

    def cell(self, r: int, c: int) -> RawCell | None:
        return self.sheet.cells.get(self.top_left.get((r, c), (r, c)))

    def text(self, r: int, c: int) -> str:
        """The text a person reads at (r, c) itself ('' for numbers, blanks and merged-over cells)."""
        cell = self.sheet.cells.get((r, c))
        if cell is None or not isinstance(cell.value, str) or (r, c) in self.top_left and self.top_left[(r, c)] != (r, c):
            return ""
        return cell.value if clean(cell.value) else ""

    def texts(self, r: int) -> list[tuple[int, str]]:
        return [(c, t) for c in self.rows.get(r, []) if (t := self.text(r, c))]

    def filled(self, r: int) -> bool:
        return any(_has_content(self.sheet.cells[(r, c)]) for c in self.rows.get(r, []))

    def header_path(self, rows: list[int], c: int) -> list[tuple[int, int, str]]:
        """The header cells over column ``c`` in ``rows``, top to bottom, each once: (row, col, text)."""
        out: list[tuple[int, int, str]] = []
        for r in rows:
            r0, c0 = self.top_left.get((r, c), (r, c))
            t = self.text(r0, c0)
            if t and (r0, c0, t) not in out:
                out.append((r0, c0, t))
        return out


def _has_content(cell: RawCell) -> bool:
    return cell.formula is not None or cell.value is not None and (not isinstance(cell.value, str) or bool(clean(cell.value)))


def _is_heading(text: str, edition: Edition) -> bool:
    return max(similarity(text, s) for s in edition.sections) >= STRONG


# --- what was read ---------------------------------------------------------------------------------


@dataclass
class _Reading:
    """Everything located for one report, before it becomes a :class:`Report`."""

    book: Book
    edition: Edition
    cells: dict[str, object] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    guessed: list[str] = field(default_factory=list)
    altered: list[tuple[list[str], str, str, str]] = field(default_factory=list)  # (keys, id, detail, action)
    used: set[tuple[str, int]] = field(default_factory=set)  # (sheet, row) taken by tables and fields
    score: dict[str, float] = field(default_factory=dict)  # table id -> how well its labels matched

    def put(self, key: str, grid: _Grid, r: int, c: int, note: str | None = None) -> None:
        r, c = grid.top_left.get((r, c), (r, c))
        raw, formula, cached, how_note = _cell_content(self.book, grid, grid.sheet.cells.get((r, c)))
        notes = "；".join(n for n in (note, how_note) if n) or None
        self.cells[key] = raw
        self.sources[key] = Source(self.book.path, grid.sheet.name, a1(r, c), raw, formula, cached, "label", notes)

    def guess(self, grid: _Grid, r: int, c: int, found: str, official: str) -> str | None:
        """Record a label read as an official one it does not literally equal; the note for its values."""
        if body(found) == body(official):
            return None
        note = f"“{_oneline(found)}”按“{official}”读取"
        self.guessed.append(f"{grid.sheet.name}!{a1(r, c)}：{note}")
        return note


def _oneline(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cell_content(book: Book, grid: _Grid, cell: RawCell | None) -> tuple[object, str | None, object, str | None]:
    """(value used, formula, cached, note): simple formulas are recomputed, others use the cached value."""
    if cell is None:
        return None, None, None, None
    if cell.formula is None:
        return cell.value, None, None, None
    try:
        value = _formula_number(book, grid.sheet.name, cell.formula, 0)
    except NotSimple:
        return cell.cached, cell.formula, cell.cached, f"公式“={cell.formula}”govxl 无法重算，采用文件中保存的计算结果"
    value = int(value) if value == int(value) else value
    return value, cell.formula, cell.cached, f"按公式“={cell.formula}”由所引用的单元格重新计算"


def _formula_number(book: Book, sheet: str, formula: str, depth: int) -> float:
    if depth > _FORMULA_DEPTH:
        raise NotSimple("circular")

    def resolve(token: Token) -> tuple[str, int, int] | None:
        return book.names.get(token.text)

    def number(ref: tuple[str, int, int]) -> float:
        name, r, c = ref
        target = next((s for s in book.sheets if s.name == name), None)
        cell = target.cells.get((r, c)) if target else None
        if cell is None:
            return 0.0
        if cell.formula is not None:
            return _formula_number(book, name, cell.formula, depth + 1)
        _, meaning, _ = interpret(cell.value, Kind.AMOUNT)
        return float(meaning) if isinstance(meaning, (int, float)) else 0.0

    return evaluate_formula(formula, sheet, resolve, number)


# --- locating and reading one grid -----------------------------------------------------------------


def _path_score(found: list[str], expected: tuple[str, ...]) -> float:
    own = similarity(found[-1], expected[-1])
    if own < ACCEPT or len(expected) < 2:
        return own
    above = similarity("".join(found[:-1]), "".join(expected[:-1])) if len(found) > 1 else 0.5
    return own + 0.2 * above


def _read_grid(reading: _Reading, grid: _Grid, part: _Part, header_rows: list[int], data_rows: list[int],
               where: str) -> None:
    """Pair the sheet's columns and rows with the part's, read the values, note what differs."""
    name = part.table.name
    sheet_cols: list[tuple[int, list[tuple[int, int, str]]]] = []
    for c in sorted({c for r in header_rows for c in grid.rows.get(r, [])} | {c for (_, c) in grid.top_left}):
        path = grid.header_path(header_rows, c)
        if path and path[-1][1] == c:
            sheet_cols.append((c, path))
    exp_cols = list(part.columns)
    col_pairs = align(len(sheet_cols), len(exp_cols),
                      lambda i, j: _path_score([t for *_, t in sheet_cols[i][1]], part.columns[exp_cols[j]]))
    if not col_pairs:
        reading.altered.append(([k for row in part.rows for k in row.keys.values()], f"{part.table.id}-columns",
                                f"{where}的{name}找不到“{'、'.join(p[-1] for p in part.columns.values())}”等栏目",
                                "将这些单元格按空白处理"))
        return
    columns: dict[int, tuple[int, str | None]] = {}  # layout col -> (sheet col, guess note)
    for i, j, s in col_pairs:
        c, path = sheet_cols[i]
        r0, c0, text = path[-1]
        columns[exp_cols[j]] = (c, reading.guess(grid, r0, c0, text, part.columns[exp_cols[j]][-1]))
        reading.score[part.table.id] = reading.score.get(part.table.id, 0.0) + s
        reading.used.add((grid.sheet.name, r0))
    first_value_col = min(c for c, _ in columns.values())
    paired_cols = {j for _, j, _ in col_pairs}
    for j, lc in enumerate(exp_cols):
        if j not in paired_cols:
            keys = [row.keys[lc] for row in part.rows if lc in row.keys]
            _missing(reading, part, keys, f"{where}的{name}找不到“{part.columns[lc][-1]}”栏")

    # rows: the innermost label left of the values
    if all(row.label is None for row in part.rows):
        pairs = [(r, row, None) for r, row in zip(data_rows, part.rows)]
    else:
        found = []
        for r in data_rows:
            labels = [(c, t) for c, t in grid.texts(r) if c < first_value_col]
            if labels:
                found.append((r, *labels[-1]))
            elif any(_has_content(cell) for c, _ in columns.values() if (cell := grid.cell(r, c))):
                found.append((r, first_value_col, ""))
        exp_rows = list(part.rows)
        row_pairs = align(len(found), len(exp_rows), lambda i, j: similarity(found[i][2], exp_rows[j].label))
        pairs = []
        for i, j, s in row_pairs:
            r, c, text = found[i]
            pairs.append((r, exp_rows[j], reading.guess(grid, r, c, text, exp_rows[j].label or "")))
            reading.score[part.table.id] = reading.score.get(part.table.id, 0.0) + s
        paired = {i for i, _, _ in row_pairs}
        for i, (r, c, text) in enumerate(found):
            has_values = any(_has_content(cell) for cc, _ in columns.values() if (cell := grid.cell(r, cc)))
            is_group = any(similarity(text, g) >= STRONG for g in part.groups)
            if i not in paired and (has_values or not is_group):
                shown = f"“{_oneline(text)}”" if text else "无标签"
                reading.altered.append(([], f"{part.table.id}-extra:{grid.sheet.name}!{a1(r, c)}",
                                        f"{where}的{name}第{r + 1}行（{shown}）不是格式中的项目",
                                        "略过该行（未读取该行的数字）"))
        paired_rows = {j for _, j, _ in row_pairs}
        for j, row in enumerate(exp_rows):
            if j not in paired_rows:
                _missing(reading, part, list(row.keys.values()), f"{where}的{name}找不到“{row.label}”行")
    for r, row, row_note in pairs:
        reading.used.add((grid.sheet.name, r))
        for lc, key in row.keys.items():
            if lc in columns:
                c, col_note = columns[lc]
                reading.put(key, grid, r, c, "；".join(n for n in (row_note, col_note) if n) or None)


def _missing(reading: _Reading, part: _Part, keys: list[str], detail: str) -> None:
    official = [k for k in keys if reading.edition[k].section == part.table.id]  # extension cells are optional
    if official:
        reading.altered.append((official, f"{part.table.id}-missing:{official[0]}", detail,
                                f"将其中 {len(official)} 个单元格按空白处理（未读取）"))


def _where(book: Book, grid: _Grid) -> str:
    return f"文件“{book.path}”“{grid.sheet.name}”工作表"


# --- 表三: located by its first row label ------------------------------------------------------------


def _find_t3(grid: _Grid, part: _Part) -> int | None:
    first = part.rows[0].label
    for r in sorted(grid.rows):
        if any(similarity(t, first) >= STRONG for _, t in grid.texts(r)):
            return r
    return None


def _header_above(grid: _Grid, part: _Part, r0: int, limit: int = 5) -> list[int]:
    texts = [t for path in part.columns.values() for t in path]
    rows: list[int] = []
    for r in range(r0 - 1, max(r0 - 1 - limit, -1), -1):
        if any(max(similarity(t, x) for x in texts) >= STRONG for _, t in grid.texts(r)):
            rows.insert(0, r)
        elif rows or grid.filled(r):
            break
    return rows


def _rows_below(grid: _Grid, edition: Edition, r0: int, limit: int) -> list[int]:
    rows = []
    for r in range(r0, r0 + limit):
        texts = grid.texts(r)
        if not grid.filled(r) and r not in grid.merged_rows or r > r0 and texts and _is_heading(texts[0][1], edition):
            break
        rows.append(r)
    return rows


def _read_t3(reading: _Reading, grid: _Grid) -> bool:
    part = _parts(reading.edition.table("t3"))[0]
    r0 = _find_t3(grid, part)
    if r0 is None:
        return False
    header = _header_above(grid, part, r0)
    data = _rows_below(grid, reading.edition, r0, 3 * part.table.height)
    reading.used.update((grid.sheet.name, r) for r in header)
    _read_grid(reading, grid, part, header, data, _where(reading.book, grid))
    return True


# --- 表四: located by its first header row ------------------------------------------------------------


def _read_t4(reading: _Reading, grids: list[_Grid]) -> None:
    part = _parts(reading.edition.table("t4"))[0]
    top = [s.text for s in part.table.spans if s.role == "header" and s.row == 0]
    texts = {t for path in part.columns.values() for t in path}
    for grid in grids:
        for r in sorted(grid.rows):
            row = [t for _, t in grid.texts(r)]
            if sum(any(similarity(t, x) >= STRONG for t in row) for x in top) < min(2, len(top)):
                continue
            header = [r]
            while any(max(similarity(t, x) for x in texts) >= STRONG for _, t in grid.texts(header[-1] + 1)):
                header.append(header[-1] + 1)
            reading.used.update((grid.sheet.name, h) for h in header)
            _read_grid(reading, grid, part, header, [header[-1] + 1], _where(reading.book, grid))
            return
    keys = [k for row in part.rows for k in row.keys.values()]
    reading.altered.append((keys, "t4-missing", f"文件“{reading.book.path}”中找不到{part.table.name}（{part.table.heading}）",
                            "将表四按空白处理（未读取）"))


# --- 表二: blocks located by caption and content ----------------------------------------------------


@dataclass
class _Block:
    grid: _Grid
    row: int  # caption row
    caption: str
    header: int
    data: list[int]
    labels: list[str]


def _t2_blocks(grids: list[_Grid], parts: list[_Part], edition: Edition) -> list[_Block]:
    captions = [p.caption or "" for p in parts]
    starts: list[tuple[_Grid, int, str]] = []
    for grid in grids:
        for r in sorted(grid.rows):
            texts = grid.texts(r)
            if len(texts) == 1 and max(similarity(texts[0][1], x) for x in captions) >= 0.7:
                starts.append((grid, r, texts[0][1]))
    blocks = []
    for n, (grid, r, caption) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) and starts[n + 1][0] is grid else r + 2 + 20
        header = next((h for h in range(r + 1, end) if grid.filled(h)), r + 1)
        data = []
        for d in range(header + 1, end):
            texts = grid.texts(d)
            if not grid.filled(d) or texts and _is_heading(texts[0][1], edition):
                break
            data.append(d)
        labels = [t[0][1] for d in data if (t := grid.texts(d))]
        blocks.append(_Block(grid, r, caption, header, data, labels))
    return blocks


def _read_t2(reading: _Reading, grids: list[_Grid]) -> None:
    parts = _parts(reading.edition.table("t2"))
    blocks = _t2_blocks(grids, parts, reading.edition)

    def score(i: int, j: int) -> float:
        b, p = blocks[i], parts[j]
        content = [max((similarity(x, row.label) for x in b.labels), default=0.0) for row in p.rows]
        return (similarity(b.caption, p.caption) + sum(content) / len(content)) / 2

    pairs = align(len(blocks), len(parts), score)
    for i, j, _ in pairs:
        b, p = blocks[i], parts[j]
        reading.guess(b.grid, b.row, min(c for c, _ in b.grid.texts(b.row)), b.caption, p.caption or "")
        reading.used.update((b.grid.sheet.name, r) for r in (b.row, b.header))
        _read_grid(reading, b.grid, p, [b.header], b.data, _where(reading.book, b.grid))
    paired = {j for _, j, _ in pairs}
    for j, p in enumerate(parts):
        if j not in paired:
            _missing(reading, p, [k for row in p.rows for k in row.keys.values()],
                     f"文件“{reading.book.path}”的{p.table.name}中找不到“{p.caption}”部分")


# --- identification fields, title, prose -----------------------------------------------------------


def _read_meta(reading: _Reading, grids: list[_Grid]) -> None:
    fields = [f for f in reading.edition.fields if f.section in ("meta", "x")]  # identification, extensions
    for grid in grids:
        for r in sorted(grid.rows):
            if (grid.sheet.name, r) in reading.used:
                continue
            texts = grid.texts(r)
            for n, (c, t) in enumerate(texts):
                for f in fields:
                    if f.key in reading.cells:
                        continue
                    label = clean(f.label)
                    inline = clean(t)
                    if inline.startswith(label) and inline[len(label):len(label) + 1] in (":", "："):
                        value = t.split(":" if ":" in t else "：", 1)[1].strip()
                        reading.cells[f.key] = value
                        reading.sources[f.key] = Source(reading.book.path, grid.sheet.name, a1(r, c), value,
                                                        how="label", note=f"由“{f.label}”后的文字读取")
                        reading.used.add((grid.sheet.name, r))
                    elif similarity(t, f.label) >= 0.95:
                        target = _value_beside(grid, r, c, [x.label for x in fields])
                        if target:
                            reading.put(f.key, grid, *target)
                            reading.used.update({(grid.sheet.name, r), (grid.sheet.name, target[0])})
    _read_title(reading, grids)


def _value_beside(grid: _Grid, r: int, c: int, labels: list[str]) -> tuple[int, int] | None:
    """The cell holding the value of the label at (r, c): the next filled cell right of it, else below
    (a row of labels over a row of values has another label to the right)."""
    right = [cc for cc in grid.rows.get(r, []) if cc > c and _has_content(grid.sheet.cells[(r, cc)])]
    if right and not any(similarity(grid.text(r, right[0]), x) >= 0.95 for x in labels):
        return r, right[0]
    below = grid.cell(r + 1, c)
    return (r + 1, c) if below is not None and _has_content(below) else None


def _read_title(reading: _Reading, grids: list[_Grid]) -> None:
    """Unit and year from the title: a cell alone in its row (not a line of an attachment list)."""
    for grid in grids:
        for r in sorted(grid.rows):
            filled = [c for c in grid.rows[r] if _has_content(grid.sheet.cells[(r, c)])]
            for c, t in grid.texts(r) if len(filled) == 1 else ():
                plain = clean(t, simplify=False)
                m = _TITLE.fullmatch(simplified(plain))
                if not m:
                    continue
                note = f"由标题“{_oneline(t)}”识别"
                src = Source(reading.book.path, grid.sheet.name, a1(r, c), t, how="label", note=note)
                reading.used.add((grid.sheet.name, r))
                if m["unit"] and "meta_unit" not in reading.cells:  # as written (traditional stays so)
                    reading.cells["meta_unit"], reading.sources["meta_unit"] = plain[:m.end("unit")], src
                if "meta_year" not in reading.cells:
                    reading.cells["meta_year"], reading.sources["meta_year"] = int(m["year"]), src
                return


def _read_prose(reading: _Reading, grids: list[_Grid]) -> None:
    e = reading.edition
    top = {p.heading: p.key for p in e.prose if p.level == 0}
    topics: dict[str, list[tuple[str, str]]] = {}  # level-0 key -> its topics (heading, key)
    parent = None
    for p in e.prose:
        if p.level == 0:
            parent = p.key
        elif parent:
            topics.setdefault(parent, []).append((p.heading, p.key))
    current: str | None = None
    section: str | None = None
    texts: dict[str, list[tuple[str, _Grid, int, int]]] = {}
    for grid in grids:
        for r in sorted(grid.rows):
            if (grid.sheet.name, r) in reading.used:
                continue
            row = grid.texts(r)
            if len(row) > 2:  # a row of a table (an attachment, a case list): not prose
                current = None
            if not row or len(row) > 2:
                continue
            c, line = row[0][0], "".join(x for _, x in row)  # a heading beside its text reads as one line
            heading = max(e.sections, key=lambda s: similarity(line, s))
            if similarity(line, heading) >= STRONG and len(body(line)) <= 2 * len(body(heading)):
                section = current = top.get(heading)
                continue
            topic = _topic(line, topics.get(section or "", []))
            if topic:
                current = topic
            if current:
                texts.setdefault(current, []).append((line, grid, r, c))
    for key, lines in texts.items():
        _, grid, r, c = lines[0]
        value = "\n".join(x for x, *_ in lines)
        reading.cells[key] = value
        reading.sources[key] = Source(reading.book.path, grid.sheet.name, a1(r, c), value, how="label",
                                      note=f"按标题“{e[key].label}”读取的段落（{len(lines)} 段）")


def _topic(line: str, topics: list[tuple[str, str]]) -> str | None:
    number, text = split_numbering(line)
    for heading, key in topics:
        h_number, h_text = split_numbering(heading)
        first_clause = re.split(r"[。：:；;，,]", line, maxsplit=1)[0]
        if number and number == h_number and (text.startswith(h_text) or similarity(first_clause, heading) >= 0.7):
            return key
    return None


# --- the edition, the units, the reports -------------------------------------------------------------


def _read_tables(book: Book, edition: Edition, grids: list[_Grid], t3_grid: _Grid) -> _Reading:
    reading = _Reading(book, edition)
    _read_t3(reading, t3_grid)
    _read_t2(reading, grids)
    _read_t4(reading, grids)
    return reading


def _choose(book: Book, grids: list[_Grid], t3_grid: _Grid, year: int | None) -> tuple[_Reading, str]:
    """Read the tables as each edition; the shape of 表三 decides, then that of 表二, else the report year."""
    readings = [_read_tables(book, e, grids, t3_grid) for e in EDITIONS.values()]
    for table in ("t3", "t2"):
        ranked = sorted(readings, key=lambda x: x.score.get(table, 0.0), reverse=True)
        if len(ranked) == 1 or ranked[0].score.get(table, 0.0) - ranked[1].score.get(table, 0.0) >= 0.3:
            return ranked[0], "shape"
    if year is not None:
        try:
            by_year = edition_for_year(year)
            return next(x for x in readings if x.edition is by_year), "year"
        except UnknownEdition:
            pass
    return max(readings, key=lambda x: x.edition.first_year), "latest"


def _year(book: Book, grids: list[_Grid]) -> int | None:
    probe = _Reading(book, next(iter(EDITIONS.values())))
    _read_meta(probe, grids)
    v = probe.cells.get("meta_year")
    _, number, _ = interpret(v, Kind.YEAR)
    return int(number) if isinstance(number, (int, float)) and number == int(number) else None


def _units(book: Book) -> Iterator[tuple[list[_Grid], _Grid]]:
    grids = [_Grid(s) for s in book.sheets]
    t3_part = _parts(next(iter(EDITIONS.values())).table("t3"))[0]
    found = [(g, r) for g in grids if (r := _find_t3(g, t3_part)) is not None]
    # a sheet that merely quotes 表三's labels (a checks list, notes) is not a unit's 表三: prefer sheets
    # where the column headers stand above the first row
    with_t3 = [g for g, r in found if _header_above(g, t3_part, r)] or [g for g, _ in found]
    if not with_t3:
        t3 = t3_part.table
        raise UnreadableFile(book.path, f"找不到{t3.name}（{t3.heading}，应有“{t3_part.rows[0].label}”等行），"
                                        f"不是{REPORT_NAME}。请确认文件是否发错")
    if len(with_t3) == 1:
        yield grids, with_t3[0]
    else:
        for g in with_t3:
            yield [g], g


def read_layout(book: Book, *, edition: Edition | None = None) -> list[Report]:
    """The reports in a workbook not made from the govxl template: one per sheet holding 表三, or one for
    the whole workbook when a single sheet holds it (表二/表四 may then sit on other sheets).

    ``edition`` forces the edition; otherwise the shape of the tables decides (a single （六）其他处理 row
    is the 2019 edition), and the report year where the shape cannot tell. Raise
    :class:`~govxl.errors.UnreadableFile` if no sheet holds 表三.
    """
    units = list(_units(book))
    reports = []
    for grids, t3_grid in units:
        year = _year(book, grids)
        if edition is not None:
            reading, how = _read_tables(book, edition, grids, t3_grid), "given"
        else:
            reading, how = _choose(book, grids, t3_grid, year)
        _read_meta(reading, grids)
        _read_prose(reading, grids)
        if len(units) > 1 and "meta_unit" not in reading.cells:
            reading.cells["meta_unit"] = t3_grid.sheet.name
            reading.sources["meta_unit"] = Source(book.path, t3_grid.sheet.name, None, t3_grid.sheet.name,
                                                  how="label", note="单位名称取自工作表名称")
        reports.append(_report(reading, how, [g.sheet.name for g in grids]))
    return reports


def _report(reading: _Reading, how: str, sheets: list[str]) -> Report:
    e = reading.edition
    report = Report.from_cells(e, reading.cells, path=reading.book.path, sources=reading.sources, reader="layout")
    for key in [k for k in report.values if k not in reading.cells]:
        del report.values[key]  # not located: absent (counted as blank by the rules), never invented
    report.meta.update(guessed_labels=reading.guessed, edition_by=how, sheets=sheets)
    report.findings.extend(_altered(report, reading))
    return report


def _altered(report: Report, reading: _Reading) -> Iterator[Finding]:
    r = rule("template-altered")
    for keys, check, detail, action in reading.altered:
        yield finding(report, r, keys, f"template-altered:{check}", detail=detail, action=action)
