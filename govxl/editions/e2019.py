"""Edition 2019 (国办公开办函〔2019〕60号, 试行), report years 2019–2020 — ../shared/spec/edition-2019.md."""

from govxl.editions.common import Row, T2Block, T2Column, assemble
from govxl.schema import Field, Kind

DOCUMENTS = (T2Column("made", "本年新制作数量"), T2Column("published", "本年新公开数量"), T2Column("total", "对外公开总数量"))
PROJECTS = (T2Column("prev", "上一年项目数量"), T2Column("change", "本年增/减", Kind.SIGNED), T2Column("decisions", "处理决定数量"))
PROCUREMENT_UNIT = Field("x_procurement_unit", "采购总金额单位", Kind.CHOICE, "x", choices=("元", "万元"),
                         hint="选择采购总金额的单位；不选按“元”计")

EDITION = assemble(
    "2019",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    issued_by="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    t2_blocks=(
        T2Block("第二十条第（一）项", DOCUMENTS, (("rules", "规章"), ("normative", "规范性文件"))),
        T2Block("第二十条第（五）项", PROJECTS, (("license", "行政许可"), ("services", "其他对外管理服务事项"))),
        T2Block("第二十条第（六）项", PROJECTS, (("penalty", "行政处罚"), ("coercion", "行政强制"))),
        T2Block("第二十条第（八）项", PROJECTS[:2], (("fees", "行政事业性收费"),)),
        T2Block("第二十条第（九）项", (T2Column("count", "采购项目数量"), T2Column("amount", "采购总金额", Kind.AMOUNT)),
                (("procurement", "政府集中采购"),), extras=(("procurement", "金额单位", PROCUREMENT_UNIT),)),
    ),
    t3_other=Row("other", "（六）其他处理", outcome=True),
    extensions=(PROCUREMENT_UNIT,),
    sets={"t2_project": ("license", "services", "penalty", "coercion", "fees"),
          "headlines": ("t3_new_total", "t4_review_total", "t2_license_decisions", "t2_penalty_decisions",
                        "t2_procurement_amount")},
    labels={"t2_project": {"license": "行政许可", "services": "其他对外管理服务事项", "penalty": "行政处罚",
                           "coercion": "行政强制", "fees": "行政事业性收费"}},
)
