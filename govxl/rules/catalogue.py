"""Every rule of ../shared/spec/rules.md, as data.

A rule with a ``check`` is an expression template (see :mod:`govxl.rules.expr`) expanded once per member
of its ``foreach`` set; the template writer compiles it to a live Excel check and the validator evaluates
it in Python. A rule without one is carried out by the Python code named in :mod:`govxl.rules.engine`
(reading, prose, batch). ``in_sheet`` rules are shown live in the template.

Message placeholders: ``{where}`` the member's label, ``{left}``/``{right}``/``{diff}`` the two sides of
the comparison, ``{cell}`` the cell's label, ``{value}`` what the cell held, ``{cells}`` the cells' labels,
``{first_year}``/``{last_year}`` the edition's years.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from govxl.findings import Severity


class Scope(StrEnum):
    REPORT = "report"  # one report
    PRIOR = "prior"  # a report and the same unit's report of the year before
    BATCH = "batch"  # a county's batch


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scope: Scope
    title: str  # what holds, in Chinese, short
    message: str  # what is wrong and what to do
    check: str | None = None
    foreach: str | None = None  # a set of the edition; its members fill ``{m}``
    in_sheet: bool = False
    typed_only: bool = False  # not checked on a computed cell that holds its formula
    prose: bool = False  # about the prose sections: not applied to a consolidated report (a sum has none)
    names_blank: bool = False  # a finding names only the blank cells among those its check reads
    value: str | None = None  # the key whose number fills ``{value}`` (else what the first cell holds)


E, W = Severity.ERROR, Severity.WARNING
R, P, B = Scope.REPORT, Scope.PRIOR, Scope.BATCH

RULES: tuple[Rule, ...] = (
    # --- arithmetic --------------------------------------------------------------------------------
    Rule("t3-balance", E, R, "表三各列：一+二=（七）总计+四",
         "表三“{where}”列不平衡：一+二={left}，（七）总计+四={right}，相差{diff}。请核对该列的新收、结转和办理结果数字。",
         check="t3_new_{m} + t3_carried_{m} == t3_total_{m} + t3_forward_{m}", foreach="t3_col", in_sheet=True),
    Rule("t3-row-total", E, R, "表三各行：总计=六类申请人之和",
         "表三“{where}”行的总计为{left}，但六类申请人之和为{right}，相差{diff}。请改正总计或各申请人数字。",
         check="t3_{m}_total == sum(t3_{m}_[t3_applicant])", foreach="t3_row", in_sheet=True),
    Rule("t3-outcome-total", E, R, "表三各列：（七）总计=各办理结果之和",
         "表三“{where}”列的（七）总计为{left}，但各项办理结果之和为{right}，相差{diff}。请改正总计或各办理结果数字。",
         check="t3_total_{m} == sum(t3_[t3_outcome]_{m})", foreach="t3_col", in_sheet=True),
    Rule("t4-total", E, R, "表四：总计=结果维持+结果纠正+其他结果+尚未审结",
         "表四“{where}”的总计为{left}，但四项结果之和为{right}，相差{diff}。请改正总计或各项数字。",
         check="t4_{m}_total == sum(t4_{m}_[t4_part])", foreach="t4_group", in_sheet=True),
    # --- values ------------------------------------------------------------------------------------
    Rule("value-type", E, R, "数值单元格填写符合要求的数字",
         "“{cell}”填的是“{value}”，不是{kind}。请只填阿拉伯数字（没有发生的填 0）。",
         check="valid({m})", foreach="values", in_sheet=True, typed_only=True),
    Rule("value-text", W, R, "数字以数字格式录入",
         "“{cell}”中的“{value}”是以文本保存的数字，已按 {number} 计算。建议改为数字格式录入。"),
    Rule("value-blank", W, R, "数值单元格不留空",
         "{where}有 {count} 个单元格未填写（{cells}），已按 0 计算。没有发生的请填 0。",
         check="noblank([cells_{m}])", foreach="tables", in_sheet=True, names_blank=True),
    Rule("meta-required", E, R, "填写单位名称和报告年度",
         "未填写单位名称或报告年度。请在报告首部填写单位全称和四位数字的报告年度。",
         check="present(meta_unit) and present(meta_year)", in_sheet=True),
    Rule("meta-edition", E, R, "报告年度与格式版本相符",
         "报告年度为{value}，但本表是{edition}年版格式（适用于{years}）。请改用该年度适用的格式模板，或改正报告年度。",
         check="blank(meta_year) or within(meta_year, {first_year}, {last_year})", in_sheet=True),
    Rule("formula-overwritten", W, R, "模板中的合计单元格保留公式",
         "“{cell}”原为自动合计公式，现被手工填写为{value}；govxl 仍按填写的数字核对。请恢复公式或确认该数字。"),
    Rule("template-altered", W, R, "模板结构未被改动",
         "模板结构被改动：{detail}。govxl 已{action}。请使用原模板重新填报，或确认读取结果。"),
    Rule("format-deviation", W, R, "公开的报告与规定格式一致",
         "与规定格式不一致：{detail}。govxl 已{action}。请核对读取结果；公开发布的报告应按国办规定的格式编制。"),
    Rule("form-sheet-copy", W, R, "一个文件只有一个单位的报告表",
         "工作表“{sheet}”是报告表的又一份副本，填的是“{unit}”的报告，govxl 已将其作为另一份报告读取。每个单位请用自己的模板文件单独报送。"),
    Rule("t2-valid-below-issued", W, R, "表二：现行有效件数不少于本年制发件数",
         "表二“{where}”现行有效件数为{left}，少于本年制发件数{right}。本年制发的文件通常仍然有效，请核对；如属实请填写说明。",
         check="t2_{m}_valid >= t2_{m}_issued", foreach="t2_inforce", in_sheet=True),
    Rule("t2-fees-unit", W, R, "表二：行政事业性收费金额以万元填报",
         "表二“本年收费金额（单位：万元）”填了{value}万元，对本单位来说异常偏大，可能把“元”当成了“万元”。请核对单位；如属实请填写说明。",
         check="t2_fees_amount <= 10000 or (t2_fees_amount <= 1000000 and present(meta_level)"
               " and not contains(meta_level, \"乡镇\") and not contains(meta_level, \"县级部门\"))", in_sheet=True),
    # --- prose -------------------------------------------------------------------------------------
    Rule("text-empty", W, R, "各部分文字内容不为空",
         "“{where}”没有填写内容。请填写该部分的文字说明（确无内容的写“无”）。",
         check="present({m})", foreach="prose", in_sheet=True, prose=True),
    Rule("text-fee", W, R, "六、其他需要报告的事项说明信息处理费情况",
         "“六、其他需要报告的事项”应说明本年度信息处理费的收取情况（收取或未收取）；表三中因逾期未缴费不再处理的申请有{value}件，说明发出过收费通知，须在第六部分报告。",
         check="contains(text_other, \"信息处理费\") and (t3_other_nofee_total == 0 or x_fee_notices > 0)",
         in_sheet=True, prose=True, value="t3_other_nofee_total"),
    Rule("text-vs-table", W, R, "总体情况中引用的数字与表格一致",
         "“一、总体情况”中写的{what}为{left}，但表中为{right}。请统一文字与表格。", prose=True),
    # --- across years ------------------------------------------------------------------------------
    Rule("carry-over", E, P, "本年“上年结转”=上年“结转下年度继续办理”",
         "表三“{where}”列：本年“二、上年结转”为{left}，但上年报告“四、结转下年度继续办理”为{right}，相差{diff}。请核对。",
         check="t3_carried_{m} == last.t3_forward_{m}", foreach="t3_col"),
    Rule("t2-valid-rollforward", W, P, "表二：现行有效件数=上年现行有效+本年制发−本年废止",
         "表二“{where}”现行有效件数为{left}，按上年现行有效件数、本年制发和废止件数推算应为{right}。请核对。",
         check="t2_{m}_valid == last.t2_{m}_valid + t2_{m}_issued - t2_{m}_repealed", foreach="t2_inforce"),
    Rule("t2-prev-rollforward", W, P, "表二：上一年项目数量=上年的上一年项目数量+上年本年增/减",
         "表二“{where}”上一年项目数量为{left}，按上年报告推算应为{right}。请核对。",
         check="t2_{m}_prev == last.t2_{m}_prev + last.t2_{m}_change", foreach="t2_project"),
    Rule("prior-edition-gap", W, P, "跨年度核对的数字在两个年度的格式版本中都有",
         "跨年度核对“{title}”无法进行：{side}是{side_edition}年版格式，没有“{missing}”（该项在两个格式版本中不能对应）。"
         "本条未核对，报告无需为此修改；如需核对，请人工对照两年的报告。"),
    Rule("same-as-last-year", W, P, "表格数字不与上年完全相同",
         "表格中的数字与上年报告完全相同（共 {count} 项非零数字），可能沿用了上年报告。请核对本年数字。"),
    # --- across units ------------------------------------------------------------------------------
    Rule("unreadable", E, B, "文件可以读取", "无法读取：{reason}"),
    Rule("missing", E, B, "名单中的单位均已报送", "“{unit}”在名单中，但没有收到其报告。请催报。"),
    Rule("resubmit", E, B, "报送的文件可以采用",
         "“{unit}”报送了文件，但无法采用（{reason}）。请联系该单位重新报送。"),
    Rule("unexpected", W, B, "报送单位在名单中",
         "“{unit}”不在名单中{suggestion}。请核对单位名称或名单；核对前不计入汇总。"),
    Rule("duplicate", W, B, "每个单位只报送一份",
         "“{unit}”报送了 {count} 份报告，采用了“{chosen}”（{why}），其余未采用：{others}。"),
    Rule("wrong-year", E, B, "报告年度与本次汇总一致",
         "“{unit}”的报告年度为{value}，本次汇总的是{year}年，未计入汇总。"),
    Rule("mixed-edition", E, B, "格式版本与本次汇总一致",
         "“{unit}”使用的是{value}年版格式，本次汇总使用{edition}年版，未计入汇总。"),
    Rule("outlier", W, B, "主要数字与同类单位或上年相比不异常",
         "“{unit}”的“{cell}”为{value}，远高于{peers}。请核对是否多填了位数或单位有误；如属实请说明。",
         foreach="headlines"),
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    return BY_ID[rule_id]
