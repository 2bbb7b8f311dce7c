"""Fillings of the template used by the template tests: consistent reports of both editions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from govxl.editions import get_edition
from govxl.schema import Edition

SEED = Path(__file__).parent / "data" / "2020-tuochuan-town.txt"  # the real report this project started from


def zeros(edition: Edition) -> dict[str, object]:
    """Every typed value cell 0 (computed cells are left to their formulas)."""
    return {k: 0 for k in edition.sets["values"] if not edition[k].computed}


def tuochuan_2020() -> tuple[Edition, dict[str, object]]:
    """The 拖船镇 2020 report (2019 edition): all zeros except 政府集中采购 6 projects, 86200 元."""
    e = get_edition("2019")
    cells = zeros(e)
    cells.update(meta_unit="拖船镇人民政府", meta_year=2020, meta_level="乡镇（街道）",
                 t2_procurement_count=6, t2_procurement_amount=86200, x_procurement_unit="元")
    cells.update(_seed_prose(e))
    return e, cells


def _seed_prose(e: Edition) -> dict[str, str]:
    """The prose of the seed report: each heading's paragraph(s) up to the next heading."""
    text = SEED.read_text(encoding="utf-8")
    starts = {"text_overview": "一、总体情况", "text_overview_active": "（一）主动公开",
              "text_overview_request": "（二）依申请公开", "text_overview_management": "（三）政府信息管理",
              "text_overview_platform": "（四）信息公开平台", "text_overview_oversight": "（五）监督保障",
              "text_problems": "五、存在的主要问题", "text_other": "六、其他需要报告的事项"}
    lines = [ln.strip() for ln in text.splitlines()]
    out: dict[str, str] = {}
    for key, start in starts.items():
        i = next((n for n, ln in enumerate(lines) if ln.startswith(start)), None)
        if i is None:
            out[key] = "无"
            continue
        own = re.sub(r"^[（(][一二三四五][)）][^。]*?方面。|^[（(][一二三四五][)）][^。]*?情况。", "", lines[i])
        body = [own] if key.startswith("text_overview_") else []
        for ln in lines[i + 1:]:
            if not ln or ln.startswith(("（", "二、", "六、")) or "\t" in ln:
                break
            body.append(ln)
        out[key] = "\n".join(b for b in body if b) or "无"
    return out


def consistent_2021() -> tuple[Edition, dict[str, object]]:
    """A non-trivial 2021 report of a township that passes every check."""
    e = get_edition("2021")
    cells = zeros(e)
    cells.update(
        meta_unit="拖船镇人民政府", meta_year=2025, meta_level="乡镇（街道）", meta_region="某某县",
        meta_region_code="430702000000", meta_preparer="李明", meta_phone="0736-0000000",
        meta_date=dt.datetime(2026, 1, 20),
        t2_normative_issued=2, t2_normative_repealed=1, t2_normative_valid=15, t2_license_decisions=35,
        t2_penalty_decisions=12, t2_coercion_decisions=2, t2_fees_amount=0.35,
        t3_new_natural=12, t3_new_commercial=3, t3_new_legal=1, t3_carried_natural=2,
        t3_granted_natural=7, t3_partial_natural=1, t3_unable_nothold_natural=3, t3_ignored_repeat_natural=1,
        t3_other_nofee_natural=1, t3_forward_natural=1,
        t3_granted_commercial=2, t3_denied_thirdparty_commercial=1, t3_granted_legal=1,
        t4_review_upheld=1, t4_direct_pending=1,
        x_fee_notices=1, x_fee_notice_amount=200, x_fee_collected=0,
    )
    cells.update(
        text_overview="2025年，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，全年收到政府信息公开申请16件。",
        text_overview_active="通过政府门户网站主动公开政府信息412条，发布政策解读12篇。",
        text_overview_request="全年新收申请16件，上年结转2件，均在法定期限内答复。",
        text_overview_management="严格执行信息发布审核制度，全年未发生泄密事件。",
        text_overview_platform="持续维护政府信息公开专栏，更新公开目录。",
        text_overview_oversight="将政务公开纳入年度绩效考核，接受社会监督。",
        text_problems="一是公开内容不够全面；二是政策解读形式单一。下一步将加强培训，丰富解读形式。",
        text_other="本年度发出信息处理费收费通知1件，金额200元，申请人逾期未缴纳，未实际收取信息处理费。",
    )
    return e, cells


OVERVIEW_CHARS = 3000  # a long 一、总体情况 the printed form must show whole


def long_text(n: int = OVERVIEW_CHARS) -> str:
    """``n`` characters of plausible prose (distinct sentences, so a lost line is noticed)."""
    sentences = (f"第{i}项：我镇坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。" for i in range(1, n))
    return "".join(sentences)[:n]


def three_mistakes(make=consistent_2021) -> tuple[Edition, dict[str, object]]:
    """A consistent report with a 3,000-character overview and three mistakes a clerk makes: the 总计 of
    表三's first row overwritten, 无 in a count, one column (法律服务机构) unbalanced."""
    e, cells = make()
    cells.update(text_overview=long_text(), t3_new_total=99, t3_new_research="无",
                 t3_new_legal=int(cells["t3_new_legal"]) + 1)
    return e, cells
