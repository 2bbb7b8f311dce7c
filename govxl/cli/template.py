"""``govxl template``: write the official Excel template."""

from __future__ import annotations

import argparse

from govxl.cli.outputs import workbook_path
from govxl.editions import EDITIONS
from govxl.printable import printable
from govxl.template.writer import resolve, write_template


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("template", help="生成官方格式的 Excel 填报模板", description="生成官方格式的 Excel 填报模板")
    p.add_argument("--edition", choices=list(EDITIONS), metavar="版本", help=f"格式版本：{'、'.join(EDITIONS)}（默认按报告年度确定）")
    p.add_argument("--year", type=int, metavar="年度", help="报告年度（默认为上一年）")
    p.add_argument("-o", "--output", required=True, type=workbook_path, metavar="模板.xlsx", help="输出的 .xlsx 文件")
    p.add_argument("--force", action="store_true", help="输出文件已存在且是 govxl 生成的空白模板，则覆盖它（填好的报告永远不会被覆盖）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    edition, year = resolve(args.edition, args.year)
    path = write_template(args.output, edition, year, force=args.force)
    if path != args.output:
        print(printable(f"注意：“{args.output.name}”已存在，govxl 不会覆盖它（只有 govxl 生成的空白模板可以加 --force 覆盖），"
                        f"本次写到“{path.name}”"))
    print(printable(f"已生成 {edition.id} 年版模板（{year} 年度）：{path}"))
    return 0
