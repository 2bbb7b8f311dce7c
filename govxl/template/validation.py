"""Excel data validation of a form cell, by the field's kind, with Chinese prompts and error texts."""

from __future__ import annotations

import datetime as dt

from govxl.rules.engine import KIND_WORDS, years_text
from govxl.schema import Edition, Field, Kind

TITLE_MAX, MESSAGE_MAX = 32, 255  # Excel's limits for prompt titles and texts
SIGNED_LIMIT = 10**9
ZERO_NOTE = "没有发生的填 0，不要留空。"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validation(field: Field, edition: Edition) -> dict[str, object] | None:
    """xlsxwriter ``data_validation`` options for ``field`` (None: free text without a prompt)."""
    kind = field.kind
    if kind is Kind.COUNT:
        rule: dict[str, object] = {"validate": "integer", "criteria": ">=", "value": 0}
    elif kind is Kind.SIGNED:
        rule = {"validate": "integer", "criteria": "between", "minimum": -SIGNED_LIMIT, "maximum": SIGNED_LIMIT}
    elif kind is Kind.AMOUNT:
        rule = {"validate": "decimal", "criteria": ">=", "value": 0}
    elif kind is Kind.YEAR:
        rule = {"validate": "integer", "criteria": "between", "minimum": edition.first_year,
                "maximum": edition.last_year or 2100}
    elif kind is Kind.DATE:
        rule = {"validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1),
                "maximum": dt.date(2100, 12, 31)}
    elif kind is Kind.CHOICE:
        rule = {"validate": "list", "source": list(field.choices)}
    elif field.hint:
        rule = {"validate": "any"}
    else:
        return None
    prompt = field.hint or {
        Kind.COUNT: f"填写{KIND_WORDS[kind]}。{ZERO_NOTE}",
        Kind.SIGNED: f"填写{KIND_WORDS[kind]}，减少的填负数，如 -2。{ZERO_NOTE}",
        Kind.AMOUNT: f"填写{KIND_WORDS[kind]}，可有小数。{ZERO_NOTE}",
    }.get(kind, "")
    rule.update(input_title=_clip(field.label.split("·")[-1], TITLE_MAX),
                input_message=_clip(f"{field.label}\n{prompt}", MESSAGE_MAX))
    if rule["validate"] != "any":
        rule.update(error_title="填写有误", error_type="stop", error_message=_clip(_error(field, edition), MESSAGE_MAX))
    return rule


def _error(field: Field, edition: Edition) -> str:
    if field.kind is Kind.YEAR:
        return (f"本模板为{edition.id}年版格式，适用于{years_text(edition)}。"
                "请填写四位数字的报告年度；其他年度请使用相应年版的模板。")
    if field.kind is Kind.DATE:
        return "请填写日期，如 2026-01-20。"
    if field.kind is Kind.CHOICE:
        return f"请从下拉列表中选择：{'、'.join(field.choices)}。"
    return f"“{field.label}”只能填{KIND_WORDS[field.kind]}（阿拉伯数字）。{ZERO_NOTE}"
