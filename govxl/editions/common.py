"""Pieces both editions share, and the builders that turn a table declaration into fields and a grid.

The declarations follow ../shared/spec (edition-2021.md, edition-2019.md) character for character.
"""

from __future__ import annotations

from dataclasses import dataclass

from govxl.schema import Field, Kind, ProseSection, Slot, Span, TableLayout

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

LEVELS = ("乡镇（街道）", "县级部门", "县级政府", "市级部门", "市级政府", "省级部门", "省级政府", "其他")


def meta_fields(edition_id: str) -> tuple[Field, ...]:
    return (
        Field("meta_unit", "单位名称", Kind.TEXT, "meta", required=True, hint="填写单位全称，如：拖船镇人民政府"),
        Field("meta_year", "报告年度", Kind.YEAR, "meta", required=True, hint="四位数字年份，如：2025"),
        Field("meta_edition", "格式版本", Kind.TEXT, "meta", hint=f"本模板为{edition_id}年版格式，无需填写"),
        Field("meta_level", "单位类别", Kind.CHOICE, "meta", choices=LEVELS, hint="从下拉列表中选择"),
        Field("meta_region", "所属地区", Kind.TEXT, "meta", hint="选填，如：某某县"),
        Field("meta_region_code", "行政区划代码", Kind.TEXT, "meta", hint="选填，6位或12位数字"),
        Field("meta_preparer", "填报人", Kind.TEXT, "meta"),
        Field("meta_phone", "联系电话", Kind.TEXT, "meta"),
        Field("meta_date", "填报日期", Kind.DATE, "meta", hint="日期，如：2026-01-20"),
    )


PROSE = (
    ProseSection("text_overview", "一、总体情况", 0),
    ProseSection("text_overview_active", "（一）主动公开", 1),
    ProseSection("text_overview_request", "（二）依申请公开", 1),
    ProseSection("text_overview_management", "（三）政府信息管理", 1),
    ProseSection("text_overview_platform", "（四）政府信息公开平台建设", 1),
    ProseSection("text_overview_oversight", "（五）监督保障", 1),
    ProseSection("text_problems", "五、存在的主要问题及改进情况", 0),
    ProseSection("text_other", "六、其他需要报告的事项", 0),
)


def prose_fields() -> tuple[Field, ...]:
    return tuple(Field(p.key, p.heading, Kind.TEXT, "text") for p in PROSE)


# ---------------------------------------------------------------------------------------------------
# 表二: blocks of rows, each block a caption row, a header row `信息内容 | …`, then its rows.


@dataclass(frozen=True)
class T2Column:
    key: str  # key part
    label: str
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class T2Block:
    caption: str  # 第二十条第（一）项
    columns: tuple[T2Column, ...]
    rows: tuple[tuple[str, str], ...]  # (row key part, row label)
    extras: tuple[tuple[str, str, Field], ...] = ()  # (row key part, header, field): extension cells beside the grid


def t2_table(blocks: tuple[T2Block, ...], width: int = 4) -> tuple[TableLayout, tuple[Field, ...]]:
    """Lay out 表二: label column + ``width - 1`` value columns; a one-value block merges them."""
    spans: list[Span] = []
    slots: list[Slot] = []
    fields: list[Field] = []
    header_rows: list[int] = []
    r = 0
    for block in blocks:
        spans.append(Span(r, 0, block.caption, cols=width, role="caption"))
        r += 1
        header_rows.append(r)
        spans.append(Span(r, 0, "信息内容", role="header"))
        merged = width - 1 if len(block.columns) == 1 else 1
        for i, col in enumerate(block.columns):
            spans.append(Span(r, 1 + i, col.label, cols=merged, role="header"))
        for row_key, header, _ in block.extras:  # outside the official grid: past the table's width
            spans.append(Span(r, width, header, role="header"))
        r += 1
        for row_key, row_label in block.rows:
            spans.append(Span(r, 0, row_label))
            for i, col in enumerate(block.columns):
                key = f"t2_{row_key}_{col.key}"
                slots.append(Slot(r, 1 + i, key, cols=merged))
                fields.append(
                    Field(key, f"{row_label}·{col.label}", col.kind, "t2", path=(block.caption, row_label, col.label))
                )
            for extra_row, _, extra in block.extras:
                if extra_row == row_key:
                    slots.append(Slot(r, width, extra.key))
            r += 1
    layout = TableLayout("t2", SECTIONS[1], "表二", width, r, tuple(spans), tuple(slots), header_rows=0)
    return layout, tuple(fields)


# ---------------------------------------------------------------------------------------------------
# 表三: 3 label columns (A–C), 7 value columns (D–J); rows as a tree of merged group labels.

T3_COLUMNS = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("otherorg", "其他"),
    ("total", "总计"),
)
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_HEADER = (
    Span(0, 0, T3_NOTE, rows=3, cols=3, role="header"),
    Span(0, 3, "申请人情况", cols=7, role="header"),
    Span(1, 3, "自然人", rows=2, role="header"),
    Span(1, 4, "法人或其他组织", cols=5, role="header"),
    Span(1, 9, "总计", rows=2, role="header"),
    *(Span(2, 4 + i, label, role="header") for i, (_, label) in enumerate(T3_COLUMNS[1:6])),
)


@dataclass(frozen=True)
class Group:
    """A merged group label of 表三 (三、本年度办理结果, （三）不予公开 …) over its rows."""

    label: str
    rows: tuple[Row | Group, ...]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    outcome: bool = False  # summed into （七）总计
    total: bool = False  # the （七）总计 row itself


def _leaves(items: tuple[Row | Group, ...]) -> list[Row]:
    out: list[Row] = []
    for item in items:
        out.extend(_leaves(item.rows) if isinstance(item, Group) else [item])
    return out


def t3_table(tree: tuple[Row | Group, ...]) -> tuple[TableLayout, tuple[Field, ...]]:
    spans: list[Span] = list(T3_HEADER)
    slots: list[Slot] = []
    top = 3

    def place(items: tuple[Row | Group, ...], depth: int, r: int) -> int:
        for item in items:
            if isinstance(item, Group):
                n = len(_leaves(item.rows))
                spans.append(Span(r, depth, item.label, rows=n))
                r = place(item.rows, depth + 1, r)
            else:
                spans.append(Span(r, depth, item.label, cols=3 - depth))
                for c, (col, _) in enumerate(T3_COLUMNS):
                    slots.append(Slot(r, 3 + c, f"t3_{item.key}_{col}"))
                r += 1
        return r

    height = place(tree, 0, top)
    rows = _leaves(tree)
    outcome = [row.key for row in rows if row.outcome]
    applicants = [col for col, _ in T3_COLUMNS[:-1]]
    fields: list[Field] = []
    for row in rows:
        for col, col_label in T3_COLUMNS:
            if col == "total":
                sum_of = tuple(f"t3_{row.key}_{c}" for c in applicants)
            elif row.total:
                sum_of = tuple(f"t3_{o}_{col}" for o in outcome)
            else:
                sum_of = ()
            fields.append(
                Field(f"t3_{row.key}_{col}", f"{row.label}·{col_label}", Kind.COUNT, "t3",
                      path=(row.label, col_label), sum_of=sum_of)
            )
    layout = TableLayout("t3", SECTIONS[2], "表三", 10, height, tuple(spans), tuple(slots), header_rows=3)
    return layout, tuple(fields)


def t3_sets(tree: tuple[Row | Group, ...]) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]]]:
    rows = _leaves(tree)
    sets = {
        "t3_col": tuple(c for c, _ in T3_COLUMNS),
        "t3_applicant": tuple(c for c, _ in T3_COLUMNS[:-1]),
        "t3_row": tuple(r.key for r in rows),
        "t3_outcome": tuple(r.key for r in rows if r.outcome),
    }
    col_labels = dict(T3_COLUMNS)
    labels = {
        "t3_col": col_labels,
        "t3_applicant": col_labels,
        "t3_row": {r.key: r.label for r in rows},
        "t3_outcome": {r.key: r.label for r in rows},
    }
    return sets, labels


T3_DENIED = Group("（三）不予公开", (
    Row("denied_secret", "1.属于国家秘密", outcome=True),
    Row("denied_law", "2.其他法律行政法规禁止公开", outcome=True),
    Row("denied_safety", "3.危及“三安全一稳定”", outcome=True),
    Row("denied_thirdparty", "4.保护第三方合法权益", outcome=True),
    Row("denied_internal", "5.属于三类内部事务信息", outcome=True),
    Row("denied_process", "6.属于四类过程性信息", outcome=True),
    Row("denied_enforcement", "7.属于行政执法案卷", outcome=True),
    Row("denied_query", "8.属于行政查询事项", outcome=True),
))
T3_UNABLE = Group("（四）无法提供", (
    Row("unable_nothold", "1.本机关不掌握相关政府信息", outcome=True),
    Row("unable_create", "2.没有现成信息需要另行制作", outcome=True),
    Row("unable_unclear", "3.补正后申请内容仍不明确", outcome=True),
))
T3_IGNORED = Group("（五）不予处理", (
    Row("ignored_petition", "1.信访举报投诉类申请", outcome=True),
    Row("ignored_repeat", "2.重复申请", outcome=True),
    Row("ignored_publication", "3.要求提供公开出版物", outcome=True),
    Row("ignored_massive", "4.无正当理由大量反复申请", outcome=True),
    Row("ignored_confirm", "5.要求行政机关确认或重新出具已获取信息", outcome=True),
))


def t3_tree(other: Row | Group) -> tuple[Row | Group, ...]:
    """The rows of 表三; the editions differ only in the （六）其他处理 item."""
    return (
        Row("new", "一、本年新收政府信息公开申请数量"),
        Row("carried", "二、上年结转政府信息公开申请数量"),
        Group("三、本年度办理结果", (
            Row("granted", "（一）予以公开", outcome=True),
            Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", outcome=True),
            T3_DENIED,
            T3_UNABLE,
            T3_IGNORED,
            other,
            Row("total", "（七）总计", total=True),
        )),
        Row("forward", "四、结转下年度继续办理"),
    )


# ---------------------------------------------------------------------------------------------------
# 表四: 15 value columns, three header rows, one data row.

T4_GROUPS = (("review", "行政复议"), ("direct", "未经复议直接起诉"), ("after", "复议后起诉"))
T4_PARTS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
T4_COLUMNS = (*T4_PARTS, ("total", "总计"))


def t4_table() -> tuple[TableLayout, tuple[Field, ...]]:
    spans = [
        Span(0, 0, "行政复议", cols=5, role="header"),
        Span(0, 5, "行政诉讼", cols=10, role="header"),
        *(Span(1, i, label, rows=2, role="header") for i, (_, label) in enumerate(T4_COLUMNS)),
        Span(1, 5, "未经复议直接起诉", cols=5, role="header"),
        Span(1, 10, "复议后起诉", cols=5, role="header"),
        *(Span(2, 5 + g * 5 + i, label, role="header") for g in (0, 1) for i, (_, label) in enumerate(T4_COLUMNS)),
    ]
    slots: list[Slot] = []
    fields: list[Field] = []
    parts = [p for p, _ in T4_PARTS]
    for g, (group, group_label) in enumerate(T4_GROUPS):
        path_head = group_label if group == "review" else f"行政诉讼·{group_label}"
        for i, (col, col_label) in enumerate(T4_COLUMNS):
            key = f"t4_{group}_{col}"
            slots.append(Slot(3, g * 5 + i, key))
            sum_of = tuple(f"t4_{group}_{p}" for p in parts) if col == "total" else ()
            fields.append(Field(key, f"{path_head}·{col_label}", Kind.COUNT, "t4", path=(path_head, col_label), sum_of=sum_of))
    layout = TableLayout("t4", SECTIONS[3], "表四", 15, 4, tuple(spans), tuple(slots), header_rows=3)
    return layout, tuple(fields)


T4_SETS = {"t4_group": tuple(g for g, _ in T4_GROUPS), "t4_part": tuple(p for p, _ in T4_PARTS)}
T4_LABELS = {"t4_group": {g: ("行政诉讼·" if g != "review" else "") + lbl for g, lbl in T4_GROUPS}, "t4_part": dict(T4_PARTS)}

# Wordings real reports print for an official label that the text alone would not match (their bodies, without
# numbering or punctuation): read as the official label, and said.
WORDINGS: dict[str, tuple[str, ...]] = {"总计": ("合计",)}

COUNTING_RULE = "表三：第一项加第二项之和，等于第三项加第四项之和（一+二=（七）总计+四）。"


def assemble(
    edition_id: str,
    *,
    title: str,
    issued_by: str,
    years: tuple[int, int | None],
    t2_blocks: tuple[T2Block, ...],
    t3_other: Row | Group,
    extensions: tuple[Field, ...],
    sets: dict[str, tuple[str, ...]],
    labels: dict[str, dict[str, str]],
    notes: tuple[str, ...] = (),
):
    """Build an :class:`~govxl.schema.Edition` from its declarations."""
    from govxl.schema import Edition

    t2, t2_fields = t2_table(t2_blocks)
    tree = t3_tree(t3_other)
    t3, t3_fields = t3_table(tree)
    t4, t4_fields = t4_table()
    t3s, t3l = t3_sets(tree)
    fields = (*meta_fields(edition_id), *prose_fields(), *extensions, *t2_fields, *t3_fields, *t4_fields)
    all_sets = {
        **t3s,
        **T4_SETS,
        **sets,
        "tables": ("t2", "t3", "t4"),
        "prose": tuple(p.key for p in PROSE),
        "values": tuple(f.key for f in fields if f.is_value),
        **{f"cells_{t}": tuple(f.key for f in fields if f.section == t) for t in ("t2", "t3", "t4")},
    }
    all_labels = {
        **t3l,
        **T4_LABELS,
        **labels,
        "tables": {"t2": "表二", "t3": "表三", "t4": "表四"},
        "prose": {p.key: p.heading for p in PROSE},
    }
    return Edition(
        edition_id, title, issued_by, years[0], years[1], fields, (t2, t3, t4), PROSE, SECTIONS,
        all_sets, all_labels, notes=(COUNTING_RULE, *notes),
    )
