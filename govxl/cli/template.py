"""``govxl template``: write the official Excel template."""

from __future__ import annotations

import argparse

from govxl.editions import EDITIONS
from govxl.template.writer import resolve, write_template


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("template", help="生成官方格式的 Excel 填报模板", description="生成官方格式的 Excel 填报模板")
    p.add_argument("--edition", choices=list(EDITIONS), help="格式版本（默认按报告年度确定）")
    p.add_argument("--year", type=int, help="报告年度（默认为上一年）")
    p.add_argument("-o", "--output", required=True, metavar="文件", help="输出的 .xlsx 文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    edition, year = resolve(args.edition, args.year)
    path = write_template(args.output, edition, year)
    print(f"已生成 {edition.id} 年版模板（{year} 年度）：{path}")
    return 0
