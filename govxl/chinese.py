"""Comparing Chinese text as people write it: full-width and half-width, traditional and simplified."""

from __future__ import annotations

import unicodedata

# Traditional forms of the characters that occur in the form's labels and headings (one to one).
_TRADITIONAL = str.maketrans(
    "與體開資訊處許罰強務請數總計結轉續辦復議訴訟審糾維機關構規範發廢現項費額購採經況題問進報組織業護權國"
    "類內過執詢補確舉訪複單稱縣鎮區話電會屬於對條網為這僅應無製讀產陳聯繫圖層級門轄餘義齊華產務獲標準則"
    "決穩沒當認繳納據萬減動後係繼覆監臺",
    "与体开资讯处许罚强务请数总计结转续办复议诉讼审纠维机关构规范发废现项费额购采经况题问进报组织业护权国"
    "类内过执询补确举访复单称县镇区话电会属于对条网为这仅应无制读产陈联系图层级门辖余义齐华产务获标准则"
    "决稳没当认缴纳据万减动后系继复监台",
)


def simplified(text: str) -> str:
    """Traditional forms of the form's characters replaced by simplified ones, one for one."""
    return text.translate(_TRADITIONAL)


def fold(text: str) -> str:
    """``text`` for comparison: NFKC (full-width to half-width) and simplified characters."""
    return simplified(unicodedata.normalize("NFKC", text))
