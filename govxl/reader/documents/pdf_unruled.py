"""Tables a PDF prints without ruling lines (LibreOffice's print of a web page whose tables have no borders, many
portal PDFs), laid out as rows and columns from where their words stand.

A line's words are its runs of characters less than 0.4 of a character apart (two narrow cells' texts stand
further apart than a text's own letters). A table begins at a line whose words stand a character and a half
apart, or at a figure alone; it ends at a line reaching over its figures' columns (a caption, a heading), at
a numbered heading with no figures after it, or where a header line follows figures (the next table, the line
above it its caption). A header line a page break repeats is dropped. A table needs two such lines.

The figures' columns are where the figures stand (a word over two of them, ``20108`` printed for 20 and 108,
is cut character by character). A row is a line ending in figures (its last words that are figures or the
marks ``/``, ``—``, ``无``) with its label lines: a label line continues the row above unless it is numbered,
stands apart, or sits just over the next line of figures (a label centred on its row wraps above and below
them); figures a line lower in columns the row leaves empty complete it (a total printed lower). Each figure
goes under the column it stands in: a row with fewer figures than columns keeps the others blank, in their
places, never shifted. A row's labels are its words joined where they overlap or run on from an indented first
line, cut where two cells' texts run together; its innermost label stands in the last label column.

The lines above the first row, down to the last reaching over the figures' columns, are the header: its words
left of the figures one cell over the label columns, each other word over the widest run of columns it is
centred on within the cell above it and clear of its neighbours, stacked fragments joined into their cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from govxl.reader.documents.grid import is_figure

_MARKS = frozenset("/／—－-无")  # what a cell prints for a figure it does not give (“—”, “——”, “无”)
_GAP = 0.4  # a gap this many characters wide sets words apart (two cells' texts; a text's own spacing is less)
_MAX_COLUMNS = 40  # the form's widest table has 15 columns of figures: more is no report's table (and costly)
_LABEL_GAP = 0.8  # within a label, a gap this wide parts two labels (a spread label's characters stand apart)
# a numbered label or paragraph: 1、 一. （一） (1)
NUMBERED = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]")
_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}、")


class Line(Protocol):
    """A line of text as the PDF reader groups it: its page, its extent, its type size and its characters."""
    page: int
    top: float
    bottom: float
    size: float
    text: str
    chars: list[dict[str, Any]]


L = TypeVar("L", bound=Line)


@dataclass
class _Word:
    page: int
    top: float
    size: float
    chars: list[dict[str, Any]]
    x0: float = 0.0
    x1: float = 0.0
    text: str = ""

    def __post_init__(self) -> None:
        self.x0, self.x1 = self.chars[0]["x0"], max(c["x1"] for c in self.chars)
        self.text = "".join(c["text"] for c in self.chars).strip()

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def _words(line: Line) -> list[_Word]:
    """The line's words: runs of characters less than :data:`_GAP` characters apart."""
    runs: list[list[dict[str, Any]]] = []
    for char in sorted(line.chars, key=lambda c: c["x0"]):
        if runs and char["x0"] - runs[-1][-1]["x1"] < char["size"] * _GAP:
            runs[-1].append(char)
        elif char["text"].strip():
            runs.append([char])
    return [_Word(line.page, line.top, line.size, run) for run in runs if "".join(c["text"] for c in run).strip()]


def _token(text: str) -> bool:
    """A figure, or a mark printed where one belongs."""
    return is_figure(text) or bool(text) and set(text) <= _MARKS


def _figures(words: list[_Word]) -> int:
    """How many of the line's last words are figures (a row's figures stand at its right)."""
    n = 0
    while n < len(words) and _token(words[-1 - n].text):
        n += 1
    return n


Placed = tuple[int, int, int, int, int, str]  # a cell: (page, row, col, rows, cols, text)


@dataclass
class Table:
    """An unruled table laid out: its cells (rows and columns counted from its top left) and its height."""
    cells: list[Placed]
    height: int


class _Run(Generic[L]):
    """The lines of a table being gathered, after ``before`` (the line above it: perhaps its first header line):
    where its figures begin, the pages where it printed figures, the page where each text first stood."""

    def __init__(self, before: list[L]) -> None:
        self.before = before
        self.lines: list[L] = []
        self.zone: float | None = None  # the left of its leftmost figure
        self.pages: set[int] = set()
        self.seen: dict[str, int] = {line.text: line.page for line in reversed(before)}
        self.first = before[0].page if before else None

    def add(self, line: L, words: list[_Word]) -> None:
        self.lines.append(line)
        self.seen.setdefault(line.text, line.page)
        self.first = line.page if self.first is None else self.first
        count = _figures(words)
        if count:
            left = min(w.x0 for w in words[len(words) - count:])
            self.zone = left if self.zone is None else min(self.zone, left)
            self.pages.add(line.page)

    def repeats(self, line: Line) -> bool:
        """Whether ``line`` repeats a line of the table's head on a later page (as a print repeats a table's
        header rows on each page): its text printed on an earlier page, no figures above it on its own."""
        return (self.first is not None and line.page > self.first and line.page not in self.pages
                and self.seen.get(line.text, line.page) < line.page)

    def headed(self, line: Line, words: list[_Word]) -> bool:
        """Whether ``line`` is a header line (words over the figures' columns, no figures) after figures."""
        zone = self.zone
        return zone is not None and _tabular(words, line.size) and not _figures(words) and any(
            w.x1 > zone for w in words)

    def ends(self, line: Line, words: list[_Word], after: Line | None) -> bool:
        """Whether a line not set out as a table's ends the table: once figures were printed, a line reaching
        over their columns (a caption, a heading), or a numbered heading not followed by figures."""
        if self.zone is None or not words:
            return False
        follows = after is not None and _figures(_words(after)) > 0
        return words[-1].x1 > self.zone or bool(_HEADING.match(line.text)) and not follows


def split(lines: Sequence[L]) -> Iterator[list[L] | Table]:
    """``lines`` (in reading order) as runs of prose lines and unruled tables."""
    prose: list[L] = []
    table: _Run[L] = _Run([])
    for n, line in enumerate(lines):
        words = _words(line)
        tabular = _tabular(words, line.size)
        repeated = table.repeats(line)
        if table.lines and not repeated and table.headed(line, words):  # the next table, under its caption
            last = table.lines[-1]
            caption = [] if _tabular(ws := _words(last), last.size) or _figures(ws) else [last]
            yield from _closed(table.lines[:len(table.lines) - len(caption)], table.before)
            yield from [caption] if caption else []
            table = _Run(caption or table.before)
        elif table.lines and not tabular and not repeated and table.ends(
                line, words, lines[n + 1] if n + 1 < len(lines) else None):
            yield from _closed(table.lines, table.before)
            table = _Run(table.before)
        if table.lines or tabular:
            if prose:
                table = _Run(prose[-1:])
                yield prose
                prose = []
            table.add(line, words)
        else:
            prose.append(line)
    yield from _closed(table.lines, table.before)
    if prose:
        yield prose


def _tabular(words: list[_Word], size: float) -> bool:
    """A line's words set out as a table's: a character and a half apart or more, or a figure alone."""
    apart = any(b.x0 - a.x1 >= 1.5 * size for a, b in zip(words, words[1:]))
    return apart or len(words) == 1 and _figures(words) == 1


def _closed(lines: list[L], before: list[L]) -> Iterator[list[L] | Table]:
    """A run of table lines as a table (without the header lines a page break repeats), or as prose where no
    line of it ends in figures."""
    if not lines:
        return
    kept = _Run(before)
    for line in lines:
        if not kept.repeats(line):
            kept.add(line, _words(line))
    table = _laid_out(kept.lines)
    if table is None:
        yield lines
    else:
        yield table


@dataclass
class _Row:
    """A table's row: its label words and its figure words (the page where it begins)."""
    page: int
    labels: list[_Word] = field(default_factory=list)
    figures: list[_Word] = field(default_factory=list)


def _laid_out(lines: Sequence[Line]) -> Table | None:
    """The table's header and rows as cells: label columns left (a row's innermost label in the last), then a
    cell under each figure column in every row (blank where the row prints none); None where it is no table."""
    split_lines = [(line, _words(line)) for line in lines]
    first = next((n for n, (_, ws) in enumerate(split_lines) if _figures(ws)), None)
    if first is None or sum(_tabular(ws, line.size) for line, ws in split_lines) < 2:
        return None  # a table: a header over figures, or figures over figures
    columns = _columns([w for _, ws in split_lines for w in ws[len(ws) - _figures(ws):]])
    if len(columns) > _MAX_COLUMNS:
        return None
    start = 1 + max((n for n in range(first) if any(w.x1 > columns[0][0] for w in split_lines[n][1])), default=-1)
    head = [w for _, ws in split_lines[:start] for w in ws]  # down to the last line over the figures' columns
    over = [w for w in head if w.x1 > columns[0][0]]
    if over:  # figures under no header cannot be placed: they join the nearest column's (no figure then, said)
        headed = {c for cell in _spans(over, columns) for c in range(cell.first, cell.last + 1)}
        columns = [column for n, column in enumerate(columns) if n in headed]
    body = split_lines[start:]
    rows = _rows(body, columns)
    words = [_spread(row.labels) for row in rows]
    starts = [w.x0 for row in words for w in row]
    labels = [_label_cells([piece for w in row for piece in _cut(w, starts)]) for row in words]
    # label columns, a row's innermost label in the last of them (one at least for a header's words left of figures)
    depth = max([*map(len, labels), int(any(w.x1 <= columns[0][0] for w in head))])
    header, height = _header(head, columns, depth)
    cells = list(header)
    for r, (row, texts) in enumerate(zip(rows, labels), height):
        cells += [(row.page, r, depth - len(texts) + c, 1, 1, text) for c, text in enumerate(texts)]
        figures = _pieces(row.figures, columns)  # a column without a figure: a blank cell, still in its place
        cells += [(row.page, r, depth + c, 1, 1, figures.get(c, "")) for c in range(len(columns))]
    return Table(cells, height + len(rows))


def _spread(words: list[_Word]) -> list[_Word]:
    """Label words joined again where less than :data:`_LABEL_GAP` apart on their line."""
    joined: list[_Word] = []
    for word in sorted(words, key=lambda w: (w.page, w.top, w.x0)):
        last = joined[-1] if joined else None
        if last and (last.page, last.top) == (word.page, word.top) and word.x0 - last.x1 < word.size * _LABEL_GAP:
            joined[-1] = _Word(word.page, word.top, word.size, [*last.chars, *word.chars])
        else:
            joined.append(word)
    return joined


def _cut(word: _Word, starts: list[float]) -> list[_Word]:
    """A label word cut where two cells' texts run together: where other label words begin and the spacing
    of the characters changes (each cell spreads its text its own way: ``三、本`` spaced over its cell beside
    ``（一）予以公开`` set solid)."""
    chars = word.chars
    bounds = [0]
    for k in range(1, len(chars)):
        if any(abs(chars[k]["x0"] - x) <= 2 for x in starts) and abs(
                _spacing(chars[bounds[-1]:k], chars[k - 1:k + 1]) - _spacing(chars[k:], chars[k - 1:k + 1])) > 0.5:
            bounds.append(k)
    bounds.append(len(chars))
    return [_Word(word.page, word.top, word.size, chars[a:b]) for a, b in zip(bounds, bounds[1:])]


def _spacing(chars: list[dict[str, Any]], boundary: list[dict[str, Any]]) -> float:
    """The mean gap between the characters (between the ``boundary`` pair where they are one; 0 for one)."""
    run = chars if len(chars) > 1 else boundary
    if len(run) < 2:
        return 0.0
    return sum(b["x0"] - a["x1"] for a, b in zip(run, run[1:])) / (len(run) - 1)


def _label_cells(words: list[_Word]) -> list[str]:
    """A row's labels, left to right: its words joined where they overlap (a label wrapped over lines), or
    where a word ends at the next one on a line above that no line below begins under (a wrapped label whose
    first line is indented)."""
    def indented(word: _Word) -> bool:
        return not any(abs(w.x0 - word.x0) <= 1 and (w.page, w.top) > (word.page, word.top) for w in words)

    groups: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: w.x0):
        last = groups[-1] if groups else []
        if last and (word.x0 < max(w.x1 for w in last) - 1 or indented(word) and any(
                abs(word.x0 - w.x1) <= 1 and (word.page, word.top) < (w.page, w.top) for w in last)):
            last.append(word)
        else:
            groups.append([word])
    return [_joined([w.text for w in sorted(g, key=lambda w: (w.page, w.top, w.x0))]) for g in groups]


def _just_above(line: Line, figures: Line) -> bool:
    """A label line sitting just over a row's figures (on the same page, less than a line above)."""
    return line.page == figures.page and figures.top - line.top < line.size and _figures(_words(line)) == 0


def _rows(lines: list[tuple[Line, list[_Word]]], columns: list[tuple[float, float]]) -> list[_Row]:
    """The rows of the lines below the header (see the module's docstring for what makes a row)."""
    rows: list[_Row] = []
    pending: list[_Word] = []  # a label begun above its figures
    begun = False  # whether the pending label surely begins a row (numbered, apart), not only sits over figures
    previous: Line | None = None
    for n, (line, words) in enumerate(lines):
        count = _figures(words)
        labels, figures = words[:len(words) - count], words[len(words) - count:]
        numbered = any(NUMBERED.match(w.text) for w in labels)
        apart = previous is not None and previous.page == line.page and line.top - previous.top > 2.2 * line.size
        if figures:
            if pending and apart:  # a label standing apart above: a row without figures
                rows.append(_Row(pending[0].page, pending))
                pending, begun = [], False
            row = rows[-1] if rows else None
            if (row is not None and not begun and not numbered and not apart
                    and _pieces(row.figures, columns).keys().isdisjoint(_pieces(figures, columns))):
                row.labels += [*pending, *labels]
                row.figures += figures
            else:
                rows.append(_Row(line.page, [*pending, *labels], figures))
            pending, begun = [], False
        else:
            after = next((ln for ln, ws in lines[n + 1:] if _figures(ws)), None)
            if not rows or numbered or apart:
                pending, begun = [*pending, *labels], True
            elif pending or after is not None and _just_above(line, after):
                pending += labels
            else:
                rows[-1].labels += labels
        previous = line
    if pending:
        rows.append(_Row(pending[0].page, pending))
    return rows


def _columns(words: list[_Word]) -> list[tuple[float, float]]:
    """The columns the words stand in, left to right: narrow words first, each joining the one column it
    overlaps or opening a new one; a word over several columns opens none (it is cut into them)."""
    columns: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: w.x1 - w.x0):
        hit = [n for n, (a, b) in enumerate(columns) if word.x0 < b - 1 and word.x1 > a + 1]
        if not hit:
            columns.append((word.x0, word.x1))
        elif len(hit) == 1:
            a, b = columns[hit[0]]
            columns[hit[0]] = (min(a, word.x0), max(b, word.x1))
    return sorted(columns)


def _column(x: float, columns: Sequence[tuple[float, float]]) -> int:
    """The column standing at ``x``, else the nearest."""
    return min(range(len(columns)), key=lambda n: max(columns[n][0] - x, x - columns[n][1], 0.0))


def _pieces(words: list[_Word], columns: Sequence[tuple[float, float]]) -> dict[int, str]:
    """The words' characters cut into the columns they stand in, each column's text in reading order (line
    by line, left to right); figures in one column are kept apart by a space (two figures are no figure)."""
    pieces: dict[int, dict[tuple[int, float, float], str]] = {}
    for word in words:
        for char in word.chars:
            at = pieces.setdefault(_column((char["x0"] + char["x1"]) / 2, columns), {})
            at[word.page, word.top, word.x0] = at.get((word.page, word.top, word.x0), "") + char["text"]
    return {c: _joined([t.strip() for _, t in sorted(by_word.items()) if t.strip()]) for c, by_word in pieces.items()}


def _joined(parts: list[str]) -> str:
    """A cell's texts as one: Chinese runs on; two figures, or two Latin words, keep a space between them."""
    text = ""
    for part in parts:
        if text and (_token(text.split()[-1]) and _token(part) or text[-1].isascii() and part[0].isascii()):
            text += " "
        text += part
    return text


def _header(words: list[_Word], columns: list[tuple[float, float]], depth: int) -> tuple[list[Placed], int]:
    """The header's cells and its height in rows: the words left of the figures as one cell over the label
    columns, the others over the figure columns (shifted right by ``depth``) they stand on."""
    zone = columns[0][0]
    over = [w for w in words if w.x1 > zone]
    left = [w for w in words if w.x1 <= zone]
    found = _spans(over, columns) if over else []
    rows: list[int] = []
    for n, cell in enumerate(found):
        rows.append(max((rows[k] + 1 for k in range(n) if found[k].meets(cell.first, cell.last)), default=0))
    height = max([*rows, 0 if over else -1, 0 if left else -1]) + 1
    cells = []
    for n, cell in enumerate(found):
        below = min((rows[k] for k in range(n + 1, len(found)) if found[k].meets(cell.first, cell.last)
                     and rows[k] > rows[n]), default=height)
        cells.append((cell.word.page, rows[n], depth + cell.first, below - rows[n], cell.last - cell.first + 1,
                      _joined(cell.texts)))
    if left:
        ordered = sorted(left, key=lambda w: (w.page, w.top, w.x0))
        cells.append((ordered[0].page, 0, 0, height, depth, _joined([w.text for w in ordered])))
    return cells, height


@dataclass
class _HeaderCell:
    first: int  # its first and last figure column
    last: int
    word: _Word  # its first word: where it is printed
    texts: list[str]  # its fragments, top down

    def covers(self, i: int, j: int) -> bool:
        return self.first <= i and j <= self.last

    def meets(self, i: int, j: int) -> bool:
        return self.first <= j and i <= self.last


def _spans(words: list[_Word], columns: list[tuple[float, float]]) -> list[_HeaderCell]:
    """The header's cells, each word over the widest run of columns it is centred on, within the cell above
    it and clear of the words beside it. A word filling the columns it covers is two printed together, cut
    into them; a word under two cells of one column each is their fragments (wrapped texts run together),
    each character going to the cell it stands under; a fragment under a cell of the same columns continues
    it."""
    bounds = _bounds(columns, min(w.x0 for w in words), max(w.x1 for w in words))
    found: list[_HeaderCell] = []
    for line in _by_line(words):
        spans = [_covered(w, bounds) for w in line]
        for n, (word, (i, j)) in enumerate(zip(line, spans)):
            low = spans[n - 1][1] + 1 if n else 0
            high = spans[n + 1][0] - 1 if n + 1 < len(spans) else len(columns) - 1
            parent = next((c for c in reversed(found) if c.covers(i, j)), None)
            if parent:
                low, high = max(low, parent.first), min(high, parent.last)
            taken = {c for cell in found if not cell.covers(i, j) for c in range(cell.first, cell.last + 1)}
            low = max([low, *(c + 1 for c in taken if c < i)])
            high = min([high, *(c - 1 for c in taken if c > j)])
            a, b = _centred(word, i, j, low, high, bounds)
            above = _above(found, word)
            if b > a and word.x1 - word.x0 >= 0.8 * (bounds[b][1] - bounds[a][0]):
                units = _parted(word, lambda x: a + _column(x, columns[a:b + 1]))
            elif len(above) > 1 and all(c.first == c.last for c in above):
                anchors = [((c.word.x0 + c.word.x1) / 2, c.first) for c in above]
                units = _parted(word, lambda x: min(anchors, key=lambda anchor: abs(anchor[0] - x))[1])
            else:
                units = [(a, b, word)]
            for i0, j0, unit in units:
                last = next((c for c in reversed(found) if c.meets(i0, j0)), None)
                if last is not None and (last.first, last.last) == (i0, j0):
                    last.texts.append(unit.text)
                else:
                    found.append(_HeaderCell(i0, j0, unit, [unit.text]))
    return found


def _parted(word: _Word, column: Callable[[float], int]) -> list[tuple[int, int, _Word]]:
    """The word cut into the columns its characters stand in (by their middles), each piece a word."""
    parts: dict[int, list[dict[str, Any]]] = {}
    for char in word.chars:
        parts.setdefault(column((char["x0"] + char["x1"]) / 2), []).append(char)
    pieces = [(c, _Word(word.page, word.top, word.size, chars)) for c, chars in sorted(parts.items())]
    return [(c, c, piece) for c, piece in pieces if piece.text]


def _above(found: list[_HeaderCell], word: _Word) -> list[_HeaderCell]:
    """The lowest cells found so far in each column, those the word's extent reaches over (by their first
    words)."""
    lowest = {c: cell for cell in found for c in range(cell.first, cell.last + 1)}
    return [cell for cell in {id(c): c for c in lowest.values()}.values()
            if cell.word.x0 < word.x1 - 1 and word.x0 < cell.word.x1 - 1]


def _by_line(words: list[_Word]) -> list[list[_Word]]:
    """The words line by line, top down, each line left to right."""
    lines: dict[tuple[int, float], list[_Word]] = {}
    for word in words:
        lines.setdefault((word.page, word.top), []).append(word)
    return [sorted(line, key=lambda w: w.x0) for _, line in sorted(lines.items())]


def _bounds(columns: list[tuple[float, float]], left: float, right: float) -> list[tuple[float, float]]:
    """Each column's reach: to halfway to its neighbours, the outer ones to the header's edges."""
    cuts = [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])]
    return list(zip([min(left, columns[0][0]), *cuts], [*cuts, max(right, columns[-1][1])]))


def _covered(word: _Word, bounds: list[tuple[float, float]]) -> tuple[int, int]:
    """The columns whose middles the word covers (the nearest where it covers none)."""
    inside = [n for n, (a, b) in enumerate(bounds) if word.x0 <= (a + b) / 2 <= word.x1]
    if not inside:
        n = _column(word.middle, bounds)
        return n, n
    return inside[0], inside[-1]


def _centred(word: _Word, i: int, j: int, low: int, high: int, bounds: list[tuple[float, float]]) -> tuple[int, int]:
    """The widest run of columns from ``low`` to ``high`` holding columns ``i`` to ``j`` that the word is centred
    on (within a character): a header over several columns stands in their middle."""
    best = (i, j)
    for a in range(low, i + 1):
        for b in range(j, high + 1):
            middle = (bounds[a][0] + bounds[b][1]) / 2
            if abs(middle - word.middle) <= word.size and b - a > best[1] - best[0]:
                best = (a, b)
    return best
