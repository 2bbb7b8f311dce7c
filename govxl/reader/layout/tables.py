"""The three tables, 表二, 表三 and 表四: their expected shape, and locating and reading them on the sheets.

The :class:`~govxl.schema.Edition`'s :class:`~govxl.schema.TableLayout` gives each table as one or more
parts (表二 has a block per caption), each a grid of header paths over columns and row labels. 表三 is
located by its first row label, 表四 by its top header row (or by each top header, split into small
tables), 表二's blocks by caption and content; a part's columns and rows are paired with the sheet's in
order (:func:`~govxl.reader.labels.align`), and an official row or column not found, an extra row, or a
label read as an official one it does not equal, is recorded as an alteration on the :class:`Reading`. A
group of rows printed as one row of figures (a 2021-edition 表三 with 2019's single （六）其他处理) is read as
the group's total into its last row, so the totals are checked with it, and recorded too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache

from govxl.findings import location
from govxl.reader.book import Book
from govxl.reader.labels import ACCEPT, align, body, similarity
from govxl.reader.layout.grid import STRONG, Grid, Reading, has_content, oneline
from govxl.schema import Edition, TableLayout

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
    groups: tuple[tuple[str, tuple[int, ...]], ...]  # group labels spanning several rows (no values of their
    # own), each with the indices of its rows
    divided: tuple[tuple[str, tuple[int, ...]], ...]  # the groups of rows only (not over other groups): what an
    # earlier edition may print as one row


@cache  # one shape per edition and table; an edition is hashed by identity
def expected_parts(edition: Edition, table_id: str) -> tuple[_Part, ...]:
    return _parts(edition.table(table_id))


def _parts(table: TableLayout) -> tuple[_Part, ...]:
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
        groups = tuple((s.text, tuple(i for i, r in enumerate(slot_rows) if s.row <= r < s.row + s.rows))
                       for s in labels if s.rows > 1)
        divided = tuple((label, members) for label, members in groups
                        if not any(other != members and set(other) <= set(members) for _, other in groups))
        parts.append(_Part(table, caption, columns, tuple(rows), groups, divided))
    return tuple(parts)


# --- locating and reading one grid -----------------------------------------------------------------


def _is_heading(text: str, edition: Edition) -> bool:
    return max(similarity(text, s) for s in edition.sections) >= STRONG


def _path_score(found: list[str], expected: tuple[str, ...]) -> float:
    own = similarity(found[-1], expected[-1])
    if own < ACCEPT or len(expected) < 2:
        return own
    above = similarity("".join(found[:-1]), "".join(expected[:-1])) if len(found) > 1 else 0.5
    return own + 0.2 * above


def _read_grid(reading: Reading, grid: Grid, part: _Part, header_rows: list[int], data_rows: list[int],
               where: str) -> None:
    """Pair the sheet's columns and rows with the part's, read the values, note what differs."""
    name = part.table.name
    sheet_cols: list[tuple[int, list[tuple[int, int, str]]]] = []
    for c in sorted({c for r in header_rows for c in grid.rows.get(r, [])} | grid.merged_cols):
        path = grid.header_path(header_rows, c)
        if path and path[-1][1] == c:
            sheet_cols.append((c, path))
    found_paths = [[t for *_, t in path] for _, path in sheet_cols]
    exp_cols = list(part.columns)
    col_pairs = align(len(sheet_cols), len(exp_cols),
                      lambda i, j: _path_score(found_paths[i], part.columns[exp_cols[j]]))
    if not col_pairs:
        reading.altered.append(([k for row in part.rows for k in row.keys.values()], f"{part.table.id}-columns",
                                f"{where}{name}找不到“{'、'.join(p[-1] for p in part.columns.values())}”等栏目",
                                "将这些单元格按空白处理"))
        return
    columns: dict[int, tuple[int, str | None]] = {}  # layout col -> (sheet col, guess note)
    for i, j, s in col_pairs:
        c, path = sheet_cols[i]
        r0, c0, text = path[-1]
        keys = [row.keys[exp_cols[j]] for row in part.rows if exp_cols[j] in row.keys]
        columns[exp_cols[j]] = (c, _reworded(reading, grid, part, r0, c0, text, part.columns[exp_cols[j]][-1], keys))
        reading.score[part.table.id] = reading.score.get(part.table.id, 0.0) + s
        reading.used.add((grid.sheet.name, r0))
    first_value_col = min(c for c, _ in columns.values())
    paired_cols = {j for _, j, _ in col_pairs}
    for j, lc in enumerate(exp_cols):
        if j not in paired_cols:
            keys = [row.keys[lc] for row in part.rows if lc in row.keys]
            _missing(reading, part, keys, f"{where}{name}找不到“{part.columns[lc][-1]}”栏")

    def has_values(r: int) -> bool:
        return any(has_content(cell) for c, _ in columns.values() if (cell := grid.cell(r, c)))

    # rows: the innermost label left of the values
    pairs: list[tuple[int, _Row, str | None]]
    if all(row.label is None for row in part.rows):
        pairs = [(r, row, None) for r, row in zip(data_rows, part.rows)]
    else:
        found: list[tuple[int, int, str]] = []
        for r in data_rows:
            labels = [(c, t) for c, t in grid.texts(r) if c < first_value_col]
            if labels:
                found.append((r, *labels[-1]))
            elif has_values(r):
                found.append((r, first_value_col, ""))
        exp_rows = list(part.rows)
        undivided = {i: group for i, (r, _, text) in enumerate(found) if has_values(r)
                     and (group := _undivided(part, text)) is not None}
        itemised = [i for i in range(len(found)) if i not in undivided]
        row_pairs = [(itemised[i], j, s) for i, j, s in
                     align(len(itemised), len(exp_rows), lambda i, j: similarity(found[itemised[i]][2], exp_rows[j].label))]
        pairs = []
        for i, j, s in row_pairs:
            r, c, text = found[i]
            keys = list(exp_rows[j].keys.values())
            pairs.append((r, exp_rows[j], _reworded(reading, grid, part, r, c, text, exp_rows[j].label or "", keys)))
            reading.score[part.table.id] = reading.score.get(part.table.id, 0.0) + s
        paired = {i for i, _, _ in row_pairs}
        paired_rows = {j for _, j, _ in row_pairs}
        for i, (label, members) in undivided.items():
            if paired_rows.isdisjoint(members):
                r, c, text = found[i]
                pairs.append((r, exp_rows[members[-1]], _sum_of_group(reading, grid, part, r, c, text, label, members)))
                reading.score[part.table.id] = reading.score.get(part.table.id, 0.0) + similarity(text, label) - _UNDIVIDED
                paired.add(i)
                paired_rows.update(members)
        # labels a row may carry without values: a group's, or a header's moved into the rows (表三's note)
        known = {*(label for label, _ in part.groups), *(s.text for s in part.table.spans if s.role == "header")}
        for i, (r, c, text) in enumerate(found):
            if i not in paired and (has_values(r) or not any(similarity(text, k) >= STRONG for k in known)):
                shown = f"“{oneline(text)}”" if text else "无标签"
                reading.altered.append(([], f"{part.table.id}-extra:{location(grid.sheet.name, grid.place(r, c))}",
                                        f"{where}{name}{_row(grid, r, c)}（{shown}）不是格式中的项目",
                                        "略过该行（未读取该行的数字）"))
        for j, row in enumerate(exp_rows):
            if j not in paired_rows:
                _missing(reading, part, list(row.keys.values()), f"{where}{name}找不到“{row.label}”行")
    for r, row, row_note in pairs:
        reading.used.add((grid.sheet.name, r))
        for lc, key in row.keys.items():
            if lc in columns:
                c, col_note = columns[lc]
                reading.locate(key, grid, r, c, "；".join(n for n in (row_note, col_note) if n) or None)


def _reworded(reading: Reading, grid: Grid, part: _Part, r: int, c: int, found: str, official: str,
              keys: list[str]) -> str | None:
    """Record a label read as the official one it does not literally equal (wording, not mere width,
    brackets, numbering style or script) as a template alteration of ``keys``; the note for their values."""
    note = reading.guess(grid, r, c, found, official)
    if note:
        where = f"{_where(reading.book, grid)}{part.table.name}{_cell(grid, r, c)}"
        reading.altered.append((keys, f"{part.table.id}-label:{location(grid.sheet.name, grid.place(r, c))}",
                                f"{where}写的是“{oneline(found)}”，格式中为“{official}”",
                                f"按“{official}”读取"))
    return note


_UNDIVIDED = 0.25  # a group printed as one row fits the form less than the edition whose form prints that row


def _undivided(part: _Part, text: str) -> tuple[str, tuple[int, ...]] | None:
    """The group of rows ``text`` labels, where a row of figures carries it (printed as one row, the way an
    earlier edition of the form had it): a group of rows only, not one over other groups, and only where
    ``text`` is closer to the group's label than to each of its rows (`其他` is its row 3.其他, not （六）其他处理)."""
    return next(((label, members) for label, members in part.divided if (score := similarity(text, label)) >= STRONG
                 and all(similarity(text, part.rows[j].label) < score for j in members)), None)


def _sum_of_group(reading: Reading, grid: Grid, part: _Part, r: int, c: int, text: str, group: str,
                  members: tuple[int, ...]) -> str:
    """Record a group printed as one row of figures: its figures are the group's total, read into its last
    row (the others not printed) and so counted in the table's totals, never divided among the rows;
    the note for its values."""
    rows = [part.rows[j] for j in members]
    last = rows[-1].label or ""
    reading.altered.append((list(rows[-1].keys.values()),
                            f"{part.table.id}-undivided:{location(grid.sheet.name, grid.place(r, c))}",
                            f"{_where(reading.book, grid)}{part.table.name}{_row(grid, r, c)}（“{oneline(text)}”）只有一行数字，"
                            f"格式中“{group}”分为{len(rows)}项：{'、'.join(f'“{x.label}”' for x in rows)}",
                            f"将该行数字作为“{group}”{len(rows)}项的合计读入“{last}”并据此核对总计（未拆分）；"
                            f"其余{len(rows) - 1}项未印出，按空白处理（未读取）"))
    return f"“{oneline(text)}”未分项：{len(rows)}项的合计读入“{last}”"


def _missing(reading: Reading, part: _Part, keys: list[str], detail: str) -> None:
    official = [k for k in keys if reading.edition[k].section == part.table.id]  # extension cells are optional
    if official:
        reading.altered.append((official, f"{part.table.id}-missing:{official[0]}", detail,
                                f"将其中 {len(official)} 个单元格按空白处理（未读取）"))


def _where(book: Book, grid: Grid) -> str:
    """Where a table is, in words: a workbook's file and sheet; nothing for a published document (its
    cells' places name the document's table)."""
    return "" if grid.sheet.places else f"文件“{book.path}”“{grid.sheet.name}”工作表的"


def _in_file(book: Book) -> str:
    """A workbook's file, for a part missing from it; nothing for a published document (its finding names it)."""
    return "" if any(s.places for s in book.sheets) else f"文件“{book.path}”的"


def _cell(grid: Grid, r: int, c: int) -> str:
    return f"（{grid.place(r, c)}）" if grid.sheet.places else f"{grid.place(r, c)}单元格"


def _row(grid: Grid, r: int, c: int) -> str:
    return f"（{grid.place(r, c)}）的行" if grid.sheet.places else f"第{r + 1}行"


# --- 表三: located by its first row label ------------------------------------------------------------


def find_t3(grid: Grid, part: _Part) -> int | None:
    first = part.rows[0].label
    for r in sorted(grid.rows):
        if any(similarity(t, first) >= STRONG for _, t in grid.texts(r)):
            return r
    return None


def header_above(grid: Grid, part: _Part, r0: int, limit: int = 5) -> list[int]:
    texts = [t for path in part.columns.values() for t in path]
    rows: list[int] = []
    for r in range(r0 - 1, max(r0 - 1 - limit, -1), -1):
        if any(max(similarity(t, x) for x in texts) >= STRONG for _, t in grid.texts(r)):
            rows.insert(0, r)
        elif rows or grid.filled(r):
            break
    return rows


def _rows_below(grid: Grid, edition: Edition, r0: int, limit: int) -> list[int]:
    """表三's rows from ``r0``: down to an empty row, a section heading, or 表四's header (one table for both)."""
    t4_tops = {path[0] for path in expected_parts(edition, "t4")[0].columns.values()}
    rows = []
    for r in range(r0, r0 + limit):
        texts = grid.texts(r)
        if not grid.filled(r) and r not in grid.merged_rows or r > r0 and texts and (
                _is_heading(texts[0][1], edition) or any(_heads(texts[0][1], top) for top in t4_tops)):
            break
        rows.append(r)
    return rows


def read_t3(reading: Reading, grid: Grid) -> None:
    part = expected_parts(reading.edition, "t3")[0]
    r0 = find_t3(grid, part)
    if r0 is None:
        return
    header = header_above(grid, part, r0)
    data = _rows_below(grid, reading.edition, r0, 3 * part.table.height)
    reading.used.update((grid.sheet.name, r) for r in header)
    _read_grid(reading, grid, part, header, data, _where(reading.book, grid))


# --- 表四: located by its top header row, or as one small table per top header -------------------------


def _header_rows(grid: Grid, r: int, texts: set[str]) -> list[int]:
    """Row ``r`` and the rows under it holding the table's header texts."""
    rows = [r]
    while any(max(similarity(t, x) for x in texts) >= STRONG for _, t in grid.texts(rows[-1] + 1)):
        rows.append(rows[-1] + 1)
    return rows


def _only(part: _Part, tops: set[str]) -> _Part:
    """The part restricted to the columns under the top headers ``tops`` (行政复议 as a table of its own)."""
    columns = {c: path for c, path in part.columns.items() if path[0] in tops}
    rows = tuple(_Row(row.label, {c: k for c, k in row.keys.items() if c in columns}) for row in part.rows)
    return replace(part, columns=columns, rows=rows)


@lru_cache(maxsize=1 << 14)  # every row of every sheet is asked, for each top header
def _heads(text: str, top: str) -> bool:
    """Whether a header cell stands for the top header ``top``: it is ``top``, or begins with it and names the
    header below it too (`行政诉讼（复议后起诉）`, one row for two)."""
    return similarity(text, top) >= STRONG or body(text).startswith(body(top))


def read_t4(reading: Reading, grids: list[Grid]) -> None:
    """表四 as in the form (行政复议 | 行政诉讼 in one header row), or split into small tables, each under its
    top header (行政复议: 5 columns; 行政诉讼: 10 columns in its two groups)."""
    part = expected_parts(reading.edition, "t4")[0]
    tops = [s.text for s in part.table.spans if s.role == "header" and s.row == 0]
    texts = {t for path in part.columns.values() for t in path}
    found: dict[tuple[int, int], set[str]] = {}  # (grid, header row) -> the top headers in it
    for top in tops:
        for g, grid in enumerate(grids):
            at = next((r for r in sorted(grid.rows) if any(_heads(t, top) for _, t in grid.texts(r))
                       and len(_header_rows(grid, r, texts)) > 1), None)  # a header row follows it
            if at is not None:
                found.setdefault((g, at), set()).add(top)
                break
    for (g, r), group in found.items():
        grid = grids[g]
        header = _header_rows(grid, r, texts)
        reading.used.update((grid.sheet.name, h) for h in header)
        _read_grid(reading, grid, _only(part, group), header, [header[-1] + 1], _where(reading.book, grid))
    missing = [t for t in tops if not any(t in group for group in found.values())]
    if len(missing) == len(tops):
        keys = [k for row in part.rows for k in row.keys.values()]
        reading.altered.append((keys, "t4-missing", f"{_in_file(reading.book)}报告中找不到{part.table.name}（{part.table.heading}）",
                                "将表四按空白处理（未读取）"))
    elif missing:
        sub = _only(part, set(missing))
        _missing(reading, sub, [k for row in sub.rows for k in row.keys.values()],
                 f"{_in_file(reading.book)}{part.table.name}中找不到“{'、'.join(missing)}”部分")


# --- 表二: blocks located by caption and content ----------------------------------------------------


@dataclass
class _Block:
    grid: Grid
    row: int  # caption row
    caption: str
    header: int
    data: list[int]
    labels: list[str]


def _t2_blocks(grids: list[Grid], parts: tuple[_Part, ...], edition: Edition) -> list[_Block]:
    """The blocks of 表二: a caption alone in its row over a header row, or the caption in the first cell
    of the header row (where 信息内容 stands in the form)."""
    captions = [p.caption or "" for p in parts]
    starts: list[tuple[Grid, int, str]] = []
    for grid in grids:
        for r in sorted(grid.rows):
            texts = grid.texts(r)
            if texts and max(similarity(texts[0][1], x) for x in captions) >= 0.7:
                starts.append((grid, r, texts[0][1]))
    blocks = []
    for n, (grid, r, caption) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) and starts[n + 1][0] is grid else r + 2 + 20
        header = r if len(grid.texts(r)) > 1 else next((h for h in range(r + 1, end) if grid.filled(h)), r + 1)
        data = []
        for d in range(header + 1, end):
            texts = grid.texts(d)
            if not grid.filled(d) or texts and _is_heading(texts[0][1], edition):
                break
            data.append(d)
        labels = [t[0][1] for d in data if (t := grid.texts(d))]
        blocks.append(_Block(grid, r, caption, header, data, labels))
    return blocks


def read_t2(reading: Reading, grids: list[Grid]) -> None:
    parts = expected_parts(reading.edition, "t2")
    blocks = _t2_blocks(grids, parts, reading.edition)

    def score(i: int, j: int) -> float:
        b, p = blocks[i], parts[j]
        content = [max((similarity(x, row.label) for x in b.labels), default=0.0) for row in p.rows]
        return (similarity(b.caption, p.caption) + sum(content) / len(content)) / 2

    pairs = align(len(blocks), len(parts), score)
    for i, j, _ in pairs:
        b, p = blocks[i], parts[j]
        keys = [k for row in p.rows for k in row.keys.values()]
        _reworded(reading, b.grid, p, b.row, min(c for c, _ in b.grid.texts(b.row)), b.caption, p.caption or "", keys)
        reading.used.update((b.grid.sheet.name, r) for r in (b.row, b.header))
        _read_grid(reading, b.grid, p, [b.header], b.data, _where(reading.book, b.grid))
    paired = {j for _, j, _ in pairs}
    for j, p in enumerate(parts):
        if j not in paired:
            _missing(reading, p, [k for row in p.rows for k in row.keys.values()],
                     f"{_in_file(reading.book)}{p.table.name}中找不到“{p.caption}”部分")
