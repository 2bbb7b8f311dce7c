"""The three tables as published reports print them, written out literally (never taken from govxl).

The hand-made corpus prints these strings, so a label govxl's editions hold wrongly, or that the reader
cannot match, fails the tests instead of being generated wrong on both sides. Sources: the official
labels (../shared/spec/edition-2019.md, edition-2021.md, as the 平潭综合实验区 2024 report prints them),
and real reports as printed: 拖船镇 2020 (Word), 平潭 2024 (portal page, wrapped headers), and a
traditional-character mirror.

A table is rows of cells separated by ``|``: ``<`` merges the cell into the one on its left, ``^`` into
the one above, ``#key`` is the value cell of ``key`` (the key is what the reader must produce there),
an empty string an empty cell; anything else is printed as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass

T3_COLUMNS = ("natural", "commercial", "research", "social", "legal", "otherorg", "total")
T4_COLUMNS = tuple(f"{g}_{c}" for g in ("review", "direct", "after") for c in ("upheld", "corrected", "other", "pending", "total"))


@dataclass(frozen=True)
class Printed:
    """One table as printed: the section heading above it and its rows of cells."""

    heading: str
    rows: tuple[str, ...]


def t3(row: str, *labels: str) -> str:
    """A 表三 row: its label cells, then the seven values of row key ``row``."""
    return "|".join((*labels, *(f"#t3_{row}_{c}" for c in T3_COLUMNS)))


T4_VALUES = "|".join(f"#t4_{k}" for k in T4_COLUMNS)

# --- the official labels ------------------------------------------------------------------------------

T2_2021 = Printed("二、主动公开政府信息情况", (
    "第二十条第（一）项|<|<|<",
    "信息内容|本年制发件数|本年废止件数|现行有效件数",
    "规章|#t2_rules_issued|#t2_rules_repealed|#t2_rules_valid",
    "行政规范性文件|#t2_normative_issued|#t2_normative_repealed|#t2_normative_valid",
    "第二十条第（五）项|<|<|<",
    "信息内容|本年处理决定数量|<|<",
    "行政许可|#t2_license_decisions|<|<",
    "第二十条第（六）项|<|<|<",
    "信息内容|本年处理决定数量|<|<",
    "行政处罚|#t2_penalty_decisions|<|<",
    "行政强制|#t2_coercion_decisions|<|<",
    "第二十条第（八）项|<|<|<",
    "信息内容|本年收费金额（单位：万元）|<|<",
    "行政事业性收费|#t2_fees_amount|<|<",
))

T2_2019 = Printed("二、主动公开政府信息情况", (
    "第二十条第（一）项|<|<|<",
    "信息内容|本年新制作数量|本年新公开数量|对外公开总数量",
    "规章|#t2_rules_made|#t2_rules_published|#t2_rules_total",
    "规范性文件|#t2_normative_made|#t2_normative_published|#t2_normative_total",
    "第二十条第（五）项|<|<|<",
    "信息内容|上一年项目数量|本年增/减|处理决定数量",
    "行政许可|#t2_license_prev|#t2_license_change|#t2_license_decisions",
    "其他对外管理服务事项|#t2_services_prev|#t2_services_change|#t2_services_decisions",
    "第二十条第（六）项|<|<|<",
    "信息内容|上一年项目数量|本年增/减|处理决定数量",
    "行政处罚|#t2_penalty_prev|#t2_penalty_change|#t2_penalty_decisions",
    "行政强制|#t2_coercion_prev|#t2_coercion_change|#t2_coercion_decisions",
    "第二十条第（八）项|<|<|<",
    "信息内容|上一年项目数量|本年增/减|",
    "行政事业性收费|#t2_fees_prev|#t2_fees_change|",
    "第二十条第（九）项|<|<|<",
    "信息内容|采购项目数量|采购总金额|",
    "政府集中采购|#t2_procurement_count|#t2_procurement_amount|",
))

T3_HEADER = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|<|<|申请人情况|<|<|<|<|<|<",
    "^|^|^|自然人|法人或其他组织|<|<|<|<|总计",
    "^|^|^|^|商业企业|科研机构|社会公益组织|法律服务机构|其他|^",
)
T3_FIRST_ROWS = (
    t3("new", "一、本年新收政府信息公开申请数量", "<", "<"),
    t3("carried", "二、上年结转政府信息公开申请数量", "<", "<"),
    t3("granted", "三、本年度办理结果", "（一）予以公开", "<"),
    t3("partial", "^", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "<"),
    t3("denied_secret", "^", "（三）不予公开", "1.属于国家秘密"),
    t3("denied_law", "^", "^", "2.其他法律行政法规禁止公开"),
    t3("denied_safety", "^", "^", "3.危及“三安全一稳定”"),
    t3("denied_thirdparty", "^", "^", "4.保护第三方合法权益"),
    t3("denied_internal", "^", "^", "5.属于三类内部事务信息"),
    t3("denied_process", "^", "^", "6.属于四类过程性信息"),
    t3("denied_enforcement", "^", "^", "7.属于行政执法案卷"),
    t3("denied_query", "^", "^", "8.属于行政查询事项"),
    t3("unable_nothold", "^", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    t3("unable_create", "^", "^", "2.没有现成信息需要另行制作"),
    t3("unable_unclear", "^", "^", "3.补正后申请内容仍不明确"),
    t3("ignored_petition", "^", "（五）不予处理", "1.信访举报投诉类申请"),
    t3("ignored_repeat", "^", "^", "2.重复申请"),
    t3("ignored_publication", "^", "^", "3.要求提供公开出版物"),
    t3("ignored_massive", "^", "^", "4.无正当理由大量反复申请"),
    t3("ignored_confirm", "^", "^", "5.要求行政机关确认或重新出具已获取信息"),
)
T3_LAST_ROWS = (
    t3("total", "^", "（七）总计", "<"),
    t3("forward", "四、结转下年度继续办理", "<", "<"),
)
T3_2021 = Printed("三、收到和处理政府信息公开申请情况", (
    *T3_HEADER, *T3_FIRST_ROWS,
    t3("other_nocorrection", "^", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    t3("other_nofee", "^", "^", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    t3("other_misc", "^", "^", "3.其他"),
    *T3_LAST_ROWS,
))
T3_2019 = Printed("三、收到和处理政府信息公开申请情况", (
    *T3_HEADER, *T3_FIRST_ROWS, t3("other", "^", "（六）其他处理", "<"), *T3_LAST_ROWS,
))

T4 = Printed("四、政府信息公开行政复议、行政诉讼情况", (
    "行政复议|<|<|<|<|行政诉讼|<|<|<|<|<|<|<|<|<",
    "结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|<|<|<|<|复议后起诉|<|<|<|<",
    "^|^|^|^|^|结果维持|结果纠正|其他结果|尚未审结|总计|结果维持|结果纠正|其他结果|尚未审结|总计",
    T4_VALUES,
))

OFFICIAL_2021 = (T2_2021, T3_2021, T4)
OFFICIAL_2019 = (T2_2019, T3_2019, T4)

# --- 拖船镇 2020 (2019 edition), as its Word report prints the tables (tests/data/2020-tuochuan-town.txt) --

TUOCHUAN_2019 = (
    Printed("二、主动公开政府信息情况", tuple(
        r.replace("第二十条第（六）项", "第二十六条第（六）项") for r in T2_2019.rows)),  # the seed's caption typo
    Printed("三、收到和处理政府信息公开申请情况", (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|<|<|申请人情况|<|<|<|<|<|<",
        "^|^|^|自然人|法人或其他组织|<|<|<|<|总计",
        "^|^|^|^|商业\n企业|科研\n机构|社会公益组织|法律服务机构|其他|^",
        t3("new", "一、本年新收政府信息公开申请数量", "<", "<"),
        t3("carried", "二、上年结转政府信息公开申请数量", "<", "<"),
        t3("granted", "三", "（一）予以公开", "<"),
        t3("partial", "^", "（二）部分公开（区分处理的），只计这一情形，不计其他情形", "<"),
        t3("denied_secret", "^", "（三）不予\n以公\n开", "1、属于国家秘密"),
        t3("denied_law", "^", "^", "2、其他法律行政法规禁止公开"),
        t3("denied_safety", "^", "^", "3、危及“三安全一稳定”"),
        t3("denied_thirdparty", "^", "^", "4、保护第三方合法权益"),
        t3("denied_internal", "^", "^", "5、属于第三类内部事务信息"),
        t3("denied_process", "^", "^", "6、属于四类过程性信息"),
        t3("denied_enforcement", "^", "^", "7、属于行政执法案卷"),
        t3("denied_query", "^", "^", "8、属于行政查询事项"),
        t3("unable_nothold", "^", "（四）无法\n提供", "1、本机关不掌握相关政府信息"),
        t3("unable_create", "^", "^", "2、没有现成信息需要另行制作"),
        t3("unable_unclear", "^", "^", "3、补正后申请内容仍不明确"),
        t3("ignored_petition", "^", "（五）\n不予\n处理", "1、信访举报类申请"),
        t3("ignored_repeat", "^", "^", "2、重复申请"),
        t3("ignored_publication", "^", "^", "3、要求提供公开出版物"),
        t3("ignored_massive", "^", "^", "4、无正当理由大量反复申请"),
        t3("ignored_confirm", "^", "^", "5、要求行政机关确认或重新出具已获取信息"),
        t3("other", "^", "（六）其他处理", "<"),
        t3("total", "^", "（七）总计", "<"),
        t3("forward", "四、结转下年度继续办理", "<", "<"),
    )),
    T4,
)

# --- 平潭综合实验区 2024 (2021 edition), as its portal page prints the tables: headers wrapped ------------

PINGTAN_2021 = (
    T2_2021,
    Printed("三、收到和处理政府信息公开申请情况", (
        *T3_HEADER[:2],
        "^|^|^|^|商业企业|科研机构|社会公益\n组织|法律服务\n机构|其他|^",
        t3("new", "一、本年新收政府信息公开申请数量", "<", "<"),
        t3("carried", "二、上年结转政府信息公开申请数量", "<", "<"),
        t3("granted", "三、本年度办\n理结果", "（一）予以公开", "<"),
        *T3_2021.rows[len(T3_HEADER) + 3:],
    )),
    Printed("四、政府信息公开行政复议、行政诉讼情况", (
        "行政复议|<|<|<|<|行政诉讼|<|<|<|<|<|<|<|<|<",
        "结果维持|结果\n纠正|其他\n结果|尚未\n审结|总计|未经复议直接起诉|<|<|<|<|复议后起诉|<|<|<|<",
        "^|^|^|^|^|" + "|".join(["结果\n维持|结果\n纠正|其他\n结果|尚未\n审结|总计"] * 2),
        T4_VALUES,
    )),
)

# --- a mirror in traditional characters (full-width digits in places, 「」 quotes) -----------------------

TRADITIONAL_2021 = (
    Printed("二、主動公開政府信息情況", (
        "第二十條第（一）項|<|<|<",
        "信息內容|本年制發件數|本年廢止件數|現行有效件數",
        "規章|#t2_rules_issued|#t2_rules_repealed|#t2_rules_valid",
        "行政規範性文件|#t2_normative_issued|#t2_normative_repealed|#t2_normative_valid",
        "第二十條第（五）項|<|<|<",
        "信息內容|本年處理決定數量|<|<",
        "行政許可|#t2_license_decisions|<|<",
        "第二十條第（六）項|<|<|<",
        "信息內容|本年處理決定數量|<|<",
        "行政處罰|#t2_penalty_decisions|<|<",
        "行政強制|#t2_coercion_decisions|<|<",
        "第二十條第（八）項|<|<|<",
        "信息內容|本年收費金額（單位：萬元）|<|<",
        "行政事業性收費|#t2_fees_amount|<|<",
    )),
    Printed("三、收到和處理政府信息公開申請情況", (
        "（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）|<|<|申請人情況|<|<|<|<|<|<",
        "^|^|^|自然人|法人或其他組織|<|<|<|<|總計",
        "^|^|^|^|商業企業|科研機構|社會公益組織|法律服務機構|其他|^",
        t3("new", "一、本年新收政府信息公開申請數量", "<", "<"),
        t3("carried", "二、上年結轉政府信息公開申請數量", "<", "<"),
        t3("granted", "三、本年度辦理結果", "（一）予以公開", "<"),
        t3("partial", "^", "（二）部分公開（區分處理的，只計這一情形，不計其他情形）", "<"),
        t3("denied_secret", "^", "（三）不予公開", "１．屬於國家秘密"),
        t3("denied_law", "^", "^", "2.其他法律行政法規禁止公開"),
        t3("denied_safety", "^", "^", "３．危及「三安全一穩定」"),
        t3("denied_thirdparty", "^", "^", "4.保護第三方合法權益"),
        t3("denied_internal", "^", "^", "５．屬於三類內部事務信息"),
        t3("denied_process", "^", "^", "6.屬於四類過程性信息"),
        t3("denied_enforcement", "^", "^", "７．屬於行政執法案卷"),
        t3("denied_query", "^", "^", "8.屬於行政查詢事項"),
        t3("unable_nothold", "^", "（四）無法提供", "1.本機關不掌握相關政府信息"),
        t3("unable_create", "^", "^", "2.沒有現成信息需要另行製作"),
        t3("unable_unclear", "^", "^", "3.補正後申請內容仍不明確"),
        t3("ignored_petition", "^", "（五）不予處理", "1.信訪舉報投訴類申請"),
        t3("ignored_repeat", "^", "^", "2.重複申請"),
        t3("ignored_publication", "^", "^", "3.要求提供公開出版物"),
        t3("ignored_massive", "^", "^", "4.無正當理由大量反覆申請"),
        t3("ignored_confirm", "^", "^", "5.要求行政機關確認或重新出具已獲取信息"),
        t3("other_nocorrection", "^", "（六）其他處理", "1.申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請"),
        t3("other_nofee", "^", "^", "2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府信息公開申請"),
        t3("other_misc", "^", "^", "3.其他"),
        t3("total", "^", "（七）總計", "<"),
        t3("forward", "四、結轉下年度繼續辦理", "<", "<"),
    )),
    Printed("四、政府信息公開行政復議、行政訴訟情況", (
        "行政復議|<|<|<|<|行政訴訟|<|<|<|<|<|<|<|<|<",
        "結果維持|結果糾正|其他結果|尚未審結|總計|未經復議直接起訴|<|<|<|<|復議後起訴|<|<|<|<",
        "^|^|^|^|^|結果維持|結果糾正|其他結果|尚未審結|總計|結果維持|結果糾正|其他結果|尚未審結|總計",
        T4_VALUES,
    )),
)
