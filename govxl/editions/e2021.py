"""Edition 2021 (国办公开办函〔2021〕30号), report years 2021 onward — ../shared/spec/edition-2021.md."""

from govxl.editions.common import Group, Row, T2Block, T2Column, assemble
from govxl.schema import Field, Kind

DOCUMENTS = (T2Column("issued", "本年制发件数"), T2Column("repealed", "本年废止件数"), T2Column("valid", "现行有效件数"))
DECISIONS = (T2Column("decisions", "本年处理决定数量"),)

EDITION = assemble(
    "2021",
    title="中华人民共和国政府信息公开工作年度报告格式",
    issued_by="国办公开办函〔2021〕30号",
    years=(2021, None),
    t2_blocks=(
        T2Block("第二十条第（一）项", DOCUMENTS, (("rules", "规章"), ("normative", "行政规范性文件"))),
        T2Block("第二十条第（五）项", DECISIONS, (("license", "行政许可"),)),
        T2Block("第二十条第（六）项", DECISIONS, (("penalty", "行政处罚"), ("coercion", "行政强制"))),
        T2Block("第二十条第（八）项", (T2Column("amount", "本年收费金额（单位：万元）", Kind.AMOUNT),),
                (("fees", "行政事业性收费"),)),
    ),
    t3_other=Group("（六）其他处理", (
        Row("other_nocorrection", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", outcome=True),
        Row("other_nofee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", outcome=True),
        Row("other_misc", "3.其他", outcome=True),
    )),
    extensions=(
        Field("x_fee_notices", "发出收费通知件数", Kind.COUNT, "x", hint="选填：本年发出信息处理费收费通知的件数"),
        Field("x_fee_notice_amount", "收费通知总金额（元）", Kind.AMOUNT, "x", hint="选填：收费通知载明的金额合计，单位元"),
        Field("x_fee_collected", "实际收取金额（元）", Kind.AMOUNT, "x", hint="选填：实际收取的信息处理费，单位元"),
    ),
    sets={"t2_inforce": ("rules", "normative"),
          "headlines": ("t3_new_total", "t4_review_total", "t2_license_decisions", "t2_penalty_decisions",
                        "t2_fees_amount")},
    labels={"t2_inforce": {"rules": "规章", "normative": "行政规范性文件"}},
    notes=("表二“本年处理决定数量”统计全部处理决定，包括依法不予公开的。",),
)
