"""Reading a workbook made from the govxl template: every value by its defined name, with provenance.

The template's integrity is checked on the way (names present, labels beside the named cells, the
totals' formulas intact, the edition recorded); what was altered becomes a finding, never a failure.
A computed cell that holds its intact formula is recomputed from the inputs: a cached value decides
nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache, lru_cache

from govxl.editions import EDITIONS, edition_for_year, get_edition
from govxl.errors import UnreadableFile
from govxl.findings import Finding
from govxl.reader.book import Book, RawCell, Sheet, a1
from govxl.reader.formula import Cell, NotSimple, Token, analyse, evaluate
from govxl.reader.layout import read_layout
from govxl.report import Report, Source, Value, formula_value, make_value
from govxl.rules.catalogue import Scope, rule
from govxl.rules.engine import checks, finding
from govxl.schema import Edition, Field, Kind, Span, TableLayout
from govxl.template import names as tn
from govxl.template.layout import form_layout
from govxl.values import State, interpret, normalise_text

_CACHED_NOTE = "公式无法由 govxl 计算，采用了文件中保存的计算结果（可能已过时）"
_EVALUATED_NOTE = "公式已被改动，按改动后的公式重新计算"
_EXPLAIN_PREFIX = tn.explain_name("")
_INPUT_FORMULA_NOTE = "输入单元格中是公式，按公式计算的结果读取"


def is_template(names: Mapping[str, object], properties: Mapping[str, str], sheet_names: Iterable[str]) -> bool:
    """Whether a workbook was made from the govxl template (recorded as such and naming canonical keys)."""
    recorded = tn.PROP_EDITION in properties or tn.META_SHEET in set(sheet_names)
    return recorded and any(f.key in names for e in EDITIONS.values() for f in e.value_fields)


def needed_cells(names: Mapping[str, tuple[str, int, int]]) -> dict[str, set[tuple[int, int]] | None]:
    """What the template reader looks at: sheet -> the cells it needs (None: the whole sheet).

    Whole: the sheets holding canonical keys or a consolidated workbook's detail table (which the
    form's formulas sum), and the hidden record; of the other sheets only the
    filler's 说明 cells.
    """
    keys = _form_names()
    whole = {tn.META_SHEET}
    explained: list[tuple[str, int, int]] = []
    for name, loc in names.items():
        if name in keys:
            whole.add(loc[0])
        elif name.startswith(_EXPLAIN_PREFIX):
            explained.append(loc)
    out: dict[str, set[tuple[int, int]] | None] = dict.fromkeys(whole)
    for sheet, r, c in explained:
        if sheet not in whole:
            out.setdefault(sheet, set()).add((r, c))  # type: ignore[union-attr]
    return out


def form_copies(names: Mapping[str, tuple[str, int, int]], properties: Mapping[str, str],
                sheet_names: Iterable[str]) -> list[str]:
    """The sheets of a filled template that may hold a further copy of the form (a clerk copied 年度报告 to
    年度报告 (2) for another unit): every sheet the template does not consist of. None in govxl's own outputs."""
    if properties.get(tn.PROP_KIND) not in (None, tn.KIND_TEMPLATE):
        return []
    own = {*needed_cells(names), tn.CHECKS_SHEET, tn.GUIDE_SHEET}
    return [name for name in sheet_names if name not in own]


def read_form_copies(main: Report, copies: Book) -> list[Report]:
    """The units' reports on ``copies`` (the sheets :func:`form_copies` named, read whole), one per sheet
    holding the form, read by its labels; each says so, and so does ``main`` (rule ``form-sheet-copy``)."""
    out = []
    for sheet in copies.sheets:
        try:
            reports = read_layout(replace(copies, sheets=[sheet]), edition=main.edition)
        except UnreadableFile:  # not a copy of the form (notes, a pasted list …)
            continue
        for report in reports:
            unit = report.unit or "（未填写单位名称）"
            for target in (report, main):
                target.findings.append(finding(target, rule("form-sheet-copy"), [], f"form-sheet-copy:{sheet.name}",
                                               sheet=sheet.name, unit=unit))
            out.append(report)
    return out


def read_template(book: Book, *, edition: Edition | str | None = None) -> Report:
    """The report in template workbook ``book`` (``edition``: force one instead of the recorded edition)."""
    return _TemplateReader(book).read(edition)


class _Plan:
    """Where a layout puts what the reader looks at — the cell of each key, the labels expected beside them —
    worked out once for the workbooks of one layout (edition, defined names, sheets read), not per file."""

    def __init__(self, edition: Edition, names: Mapping[str, Cell], sheets: frozenset[str]) -> None:
        self.edition, self.names, self.sheets = edition, names, sheets
        self.located = {f.key: names[f.key] for f in edition.fields if f.key in names and names[f.key][0] in sheets}
        self.key_at = {loc: key for key, loc in self.located.items()}
        self.inputs = tuple(f for f in edition.fields if f.key in self.located and not f.computed)
        self.computed = tuple(f for f in edition.fields if f.key in self.located and f.computed)
        self.missing = tuple(f.key for f in edition.fields if f.key not in self.located)
        self.baselines = tuple((key, loc) for name, loc in names.items()  # last year's figures beside the form
                               if (key := tn.key_of_baseline(name)) is not None and key in edition)
        self.labels: dict[Cell, tuple[str, list[str]]] = {}  # cell -> (the label it should hold, keys it labels)
        for key, spans in _label_plan(edition)[0]:
            loc = self.located.get(key)
            if loc is not None:
                for drow, dcol, text in spans:
                    self.labels.setdefault((loc[0], loc[1] + drow, loc[2] + dcol), (text, []))[1].append(key)

    def resolve(self, tok: Token) -> Cell | None:
        loc = self.names.get(tok.text)
        return loc if loc and loc[0] in self.sheets else None


@lru_cache(maxsize=16)
def _plan(edition: Edition, names: tuple[tuple[str, Cell], ...], sheets: frozenset[str]) -> _Plan:
    return _Plan(edition, dict(names), sheets)


@lru_cache(maxsize=1 << 10)
def _intact(plan: _Plan, key: str, formula: str, sheet: str) -> bool:
    """Whether ``formula`` (on ``sheet``) adds up exactly the cells the computed field ``key`` sums, in a
    workbook of ``plan``'s layout: worked out once per formula, as the template's totals recur in every file."""
    parsed = analyse(formula, sheet, plan.resolve)
    terms = plan.edition[key].sum_of
    expected = [plan.located[k] for k in terms if k in plan.located]
    return parsed.additive and len(expected) == len(terms) and sorted(parsed.cells) == sorted(expected)


class _TemplateReader:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.sheets: dict[str, Sheet] = {s.name: s for s in book.sheets}
        self.record = _meta_record(self.sheets.get(tn.META_SHEET))
        self.plan: _Plan
        self.altered: list[tuple[str, list[str], str, str]] = []  # (check member, keys, detail, action)
        self.overwritten: list[str] = []

    # -- cells ---------------------------------------------------------------------------------------
    def cell(self, loc: Cell) -> RawCell | None:
        sheet = self.sheets.get(loc[0])
        return sheet.cells.get((loc[1], loc[2])) if sheet else None

    def source(self, loc: Cell, raw: RawCell | None, note: str | None = None) -> Source:
        if raw is None:
            return Source(self.book.path, loc[0], a1(loc[1], loc[2]), note=note)
        return Source(self.book.path, loc[0], a1(loc[1], loc[2]), raw.value,
                      "=" + raw.formula if raw.formula else None, raw.cached, note=note)

    def baselines(self) -> dict[str, object]:
        """Key -> last year's figure, from the template's baseline cells (``LAST_<key>``)."""
        return {key: raw.value if (raw := self.cell(loc)) is not None else None for key, loc in self.plan.baselines}

    # -- the report ----------------------------------------------------------------------------------
    def read(self, forced: Edition | str | None) -> Report:
        edition, recorded = self.edition(forced)
        self.plan = _plan(edition, tuple(self.book.names.items()), frozenset(self.sheets))
        located = self.plan.located
        values: dict[str, Value] = {}
        for f in self.plan.inputs:
            values[f.key] = self.input_value(f, located[f.key])
        self.apply_units(edition, values)
        for f in self.plan.computed:
            values[f.key] = self.computed_value(edition, f, located, values)
        report = Report(edition, values, path=self.book.path, reader="template")
        report.explanations = self.explanations(edition)
        report.meta = {
            "edition_recorded": recorded,
            "template_version": self.record.get("template_version") or self.book.properties.get(tn.PROP_TEMPLATE_VERSION),
            "govxl_version": self.record.get("govxl_version") or self.book.properties.get(tn.PROP_GOVXL_VERSION),
            "kind": self.record.get("kind") or "report",  # CONSOLIDATED for a merge's 汇总
            "govxl_kind": self.book.properties.get(tn.PROP_KIND),  # what govxl wrote (govxl.reader.origin)
            "members": _meta_list(self.sheets.get(tn.META_SHEET), tn.RECORD_MEMBER),  # a sum's units
            "carried": _meta_list(self.sheets.get(tn.META_SHEET), tn.RECORD_CARRIED),  # prefilled from last year
            "baselines": self.baselines(),  # last year's figures beside the form, for the across-years checks
            "values_digest": self.book.properties.get(tn.PROP_VALUES_DIGEST),
            "format": self.book.format,
            "sheets": [s.name for s in self.book.sheets],
        }
        missing = list(self.plan.missing)
        if missing:
            self.altered.append(("names", missing, f"{len(missing)} 个单元格的名称（定义名称）缺失："
                                 + _labels(edition, missing), "将这些单元格按空白处理"))
        if recorded is None:
            self.altered.append(("edition", [], "工作簿中没有记录格式版本", f"按报告内容采用{edition.id}年版格式读取"))
        self.check_labels(edition, located)
        report.findings = self.findings(report)
        return report

    def edition(self, forced: Edition | str | None) -> tuple[Edition, str | None]:
        """The edition to read with, and the edition id the workbook records (None if it records none)."""
        recorded = (self.book.properties.get(tn.PROP_EDITION) or self.record.get("edition") or "").strip() or None
        if forced is not None:
            return get_edition(forced), recorded
        if recorded in EDITIONS:
            return EDITIONS[recorded], recorded
        named = [e for e in EDITIONS.values() if all(f.key in self.book.names for f in e.value_fields)]
        if len(named) == 1:
            return named[0], None
        try:
            return edition_for_year(self.year_hint() or 0), None
        except LookupError:
            return max(EDITIONS.values(), key=lambda e: e.first_year), None

    def year_hint(self) -> int | None:
        """The report year typed in the workbook, if it names a year cell and that holds a whole number."""
        for e in EDITIONS.values():
            for f in e.fields:
                if f.kind is Kind.YEAR and f.key in self.book.names:
                    raw = self.cell(self.book.names[f.key])
                    number = interpret(raw.value if raw else None, Kind.YEAR)[1]
                    if isinstance(number, int):
                        return number
        return None

    def input_value(self, f: Field, loc: Cell) -> Value:
        raw = self.cell(loc)
        if raw is not None and raw.formula is not None:
            value, note = self.formula_result(raw, loc[0])
            return make_value(f.key, f.kind, value, self.source(loc, raw, note=note))
        return make_value(f.key, f.kind, raw.value if raw else None, self.source(loc, raw))

    def formula_result(self, raw: RawCell, sheet: str, values: Mapping[str, Value] | None = None) -> tuple[object, str]:
        """A formula's result: evaluated by govxl when simple, else the cached value (and a note saying which)."""
        try:
            result = evaluate(raw.formula or "", sheet, self.plan.resolve, lambda c: self.number_at(c, values))
        except (NotSimple, RecursionError):
            return raw.cached, _CACHED_NOTE
        return result, _INPUT_FORMULA_NOTE if values is None else _EVALUATED_NOTE

    def number_at(self, loc: Cell, values: Mapping[str, Value] | None) -> float:
        key = self.plan.key_at.get(loc)
        if key is not None and values is not None and key in values:
            return values[key].number or 0
        raw = self.cell(loc)
        content = raw.cached if raw and raw.formula else raw.value if raw else None
        return content if isinstance(content, (int, float)) and not isinstance(content, bool) else 0

    def computed_value(self, edition: Edition, f: Field, located: Mapping[str, Cell],
                       values: Mapping[str, Value]) -> Value:
        loc = located[f.key]
        raw = self.cell(loc)
        label = f"“{f.label}”（{a1(loc[1], loc[2])}）"
        if raw is None or raw.formula is None:
            if raw is None or interpret(raw.value, f.kind)[0] is State.BLANK:
                self.altered.append((f"formula:{f.key}", [f.key], f"{label}的合计公式被删除，单元格为空",
                                     "按空白读取（计为 0）"))
            else:
                self.overwritten.append(f.key)
            return make_value(f.key, f.kind, raw.value if raw else None, self.source(loc, raw))
        if _intact(self.plan, f.key, raw.formula, loc[0]):
            return formula_value(f.key, values, edition, self.source(loc, raw))
        result, note = self.formula_result(raw, loc[0], values)
        action = "按改动后的公式计算" if note == _EVALUATED_NOTE else "采用了文件中保存的计算结果"
        self.altered.append((f"formula:{f.key}", [f.key], f"{label}的合计公式被改为“={raw.formula}”", action))
        return make_value(f.key, f.kind, result, self.source(loc, raw, note=note))

    def apply_units(self, edition: Edition, values: dict[str, Value]) -> None:
        """Amounts entered in 万元 where the edition has a unit choice (元/万元) beside them: stored in 元."""
        for table in edition.tables:
            for unit_slot in table.slots:
                unit = edition[unit_slot.key]
                if unit.kind is not Kind.CHOICE or not {"元", "万元"} <= set(unit.choices):
                    continue
                v = values.get(unit.key)
                if v is None or v.text is None or normalise_text(v.text) != "万元":
                    continue
                for slot in _row_slots(table, unit_slot.row):
                    amount = values.get(slot.key)
                    if edition[slot.key].kind is Kind.AMOUNT and amount is not None and amount.number is not None:
                        note = f"“{unit.label}”选择了万元：按 {amount.number:g} 万元 = {amount.number * 10000:g} 元读取"
                        yuan = interpret(round(amount.number * 10000, 6), Kind.AMOUNT)[1]  # 8.62 万 = 86200 元
                        values[slot.key] = replace(amount, number=yuan,  # type: ignore[arg-type]
                                                   source=replace(amount.source, note=note))

    def explanations(self, edition: Edition) -> dict[str, str]:
        out: dict[str, str] = {}
        for check_id, name in _explain_names(edition):
            loc = self.book.names.get(name)
            raw = self.cell(loc) if loc else None
            if raw is not None and isinstance(raw.value, str) and raw.value.strip():
                out[check_id] = raw.value.strip()
        return out

    # -- integrity -----------------------------------------------------------------------------------
    def check_labels(self, edition: Edition, located: Mapping[str, Cell]) -> None:
        """Each named table cell must still have its row label to its left and its column header above."""
        wrong: dict[str, None] = {}
        table_labels, others = _label_plan(edition)
        for at, (text, keys) in self.plan.labels.items():
            raw = self.cell(at)
            if raw is None or not isinstance(raw.value, str) or _norm(raw.value) != text:
                wrong.update(dict.fromkeys(keys))
        for key, spans in table_labels:  # a template of an earlier layout: its labels in line, not at today's offsets
            if key in wrong and all(self.label_in_line(located[key], drow, text) for drow, _, text in spans):
                del wrong[key]
        for key, text in others:
            if key in located and not self.label_near(located[key], text):
                wrong[key] = None
        if wrong:
            keys = [f.key for f in edition.fields if f.key in wrong]
            self.altered.append(("labels", keys, f"{len(keys)} 个单元格旁的标签与名称不符（可能插入、删除或移动了行列，或改了标签）："
                                 + _labels(edition, keys), "仍按定义名称读取这些单元格，请核对数字是否填在正确的位置"))

    def label_in_line(self, loc: Cell, drow: int, want: str, reach: int = 40) -> bool:
        """``want`` to the left on the same row (a row label, ``drow`` 0), or above and not to the right (a
        column header, possibly merged from a column further left)."""
        sheet = self.sheets.get(loc[0])
        if sheet is None:
            return False
        _, r, c = loc
        rows = [r] if drow == 0 else range(r - 1, max(r - reach, -1), -1)
        return any(isinstance(raw.value, str) and _norm(raw.value) == want
                   for row in rows for col in range(c if drow == 0 else c + 1)
                   if (raw := sheet.cells.get((row, col))) is not None)

    def label_near(self, loc: Cell, want: str) -> bool:
        """The (normalised) label ``want`` to the left on the same row, or in the row above."""
        sheet = self.sheets.get(loc[0])
        if sheet is None:
            return False
        _, r, c = loc
        for (row, col), raw in _cells_near(sheet, r, c):
            if isinstance(raw.value, str) and want in _norm(raw.value):
                return True
        return False

    def findings(self, report: Report) -> list[Finding]:
        out = [finding(report, rule("formula-overwritten"), [k], f"formula-overwritten:{k}") for k in self.overwritten]
        for member, keys, detail, action in self.altered:
            out.append(finding(report, rule("template-altered"), keys, f"template-altered:{member}",
                               detail=detail, action=action))
        return out


def _meta_list(sheet: Sheet | None, key: str) -> tuple[str, ...]:
    """The values of the record rows whose key is ``key``, in order (a consolidated workbook's member units)."""
    if sheet is None:
        return ()
    rows = sorted(r for (r, c), raw in sheet.cells.items() if c == 0 and raw.value == key)
    return tuple(str(v.value) for r in rows if (v := sheet.cells.get((r, 1))) is not None and v.value is not None)


def _meta_record(sheet: Sheet | None) -> dict[str, str]:
    """The hidden record sheet: key in column A, value in column B."""
    if sheet is None:
        return {}
    out = {}
    for (r, c), raw in sheet.cells.items():
        if c == 0 and isinstance(raw.value, str):
            value = sheet.cells.get((r, 1))
            if value is not None and value.value is not None:
                out[raw.value.strip()] = str(interpret(value.value, Kind.TEXT)[2])
    return out


@cache
def _form_names() -> frozenset[str]:
    """The defined names whose sheets the template reader reads whole: every edition's keys, the detail table."""
    return frozenset((*(f.key for e in EDITIONS.values() for f in e.fields), tn.DETAIL_TABLE))


@cache
def _explain_names(edition: Edition) -> tuple[tuple[str, str], ...]:
    """(check id, defined name of its 说明 cell) of every check of ``edition``."""
    found = (*checks(edition), *checks(edition, Scope.PRIOR, edition))
    return tuple((c.id, tn.explain_name(c.id)) for c in found)


@cache
def _label_plan(edition: Edition) -> tuple[tuple[tuple[str, tuple[tuple[int, int, str], ...]], ...],
                                           tuple[tuple[str, str], ...]]:
    """Where each key's labels sit relative to its cell: table cells (row offset, column offset, label)
    for the innermost row label and the nearest column header; other fields just their label."""
    tables = []
    slotted = set()
    grids = form_layout(edition).grids  # where the template puts each table column
    for table in edition.tables:
        grid = grids[table.id]
        for slot in table.slots:
            slotted.add(slot.key)
            spans = [
                (span.row - slot.row, grid.first(span.col) - grid.first(slot.col), _norm(span.text))
                for span in _label_spans(table, slot.row, slot.col)
            ]
            tables.append((slot.key, tuple(spans)))
    others = tuple((f.key, _norm(f.label)) for f in edition.fields if f.key not in slotted)
    return tuple(tables), others


def _label_spans(table: TableLayout, row: int, col: int) -> list[Span]:
    """The innermost row label left of (row, col) and the nearest column header above it."""
    rows = [s for s in table.spans if s.role == "label" and s.row <= row < s.row + s.rows and s.col + s.cols <= col]
    heads = [s for s in table.spans if s.role == "header" and s.row < row and s.col <= col < s.col + s.cols]
    innermost = [max(rows, key=lambda s: s.col)] if rows else []
    return innermost + ([max(heads, key=lambda s: s.row)] if heads else [])


def _row_slots(table: TableLayout, row: int) -> list:
    return [s for s in table.slots if s.row == row]


def _cells_near(sheet: Sheet, r: int, c: int) -> Iterable[tuple[tuple[int, int], RawCell]]:
    for col in range(c - 1, -1, -1):
        if (raw := sheet.cells.get((r, col))) is not None:
            yield (r, col), raw
    for col in range(c, -1, -1):
        if (raw := sheet.cells.get((r - 1, col))) is not None:
            yield (r - 1, col), raw


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).rstrip(":")


def _labels(edition: Edition, keys: list[str], limit: int = 5) -> str:
    shown = "、".join(f"“{edition[k].label}”" for k in keys[:limit])
    return shown + (f"等 {len(keys)} 项" if len(keys) > limit else "")
