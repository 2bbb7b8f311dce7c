"""``govxl template``: write the official Excel template, or next year's from this year's report (``--from``)."""

from __future__ import annotations

import argparse
from pathlib import Path

import govxl
from govxl.cli.outputs import workbook_path
from govxl.cli.textwidth import say
from govxl.editions import EDITIONS
from govxl.errors import UsageError
from govxl.printable import name_part
from govxl.rules import Severity
from govxl.template.shipped import file_name
from govxl.template.writer import resolve, resolve_next, write_next_template, write_template


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("template", help="生成官方格式的 Excel 填报模板", description="生成官方格式的 Excel 填报模板")
    p.add_argument("--from", dest="last", type=Path, metavar="上年报告",
                   help="按上年的报告（模板填好的、自制的工作簿，或公开发布的报告）生成下一年度的模板：带入单位信息、"
                        "上年结转等")
    p.add_argument("--edition", choices=list(EDITIONS), metavar="版本", help=f"格式版本：{'、'.join(EDITIONS)}（默认按报告年度确定）")
    p.add_argument("--year", type=int, metavar="年度", help="报告年度（默认为上一年；用 --from 时为上年报告的下一年）")
    p.add_argument("-o", "--output", type=workbook_path, metavar="模板.xlsx",
                   help="输出的 .xlsx 文件（用 --from 时可省略：写到当前文件夹，以单位名称命名）")
    p.add_argument("--force", action="store_true", help="输出文件已存在且是 govxl 生成的空白模板，则覆盖它（填好的报告永远不会被覆盖）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.last is not None:
        return _from_last(args)
    if args.output is None:
        raise UsageError("请用 -o 指定输出文件，例如：govxl template -o 模板.xlsx")
    edition, year = resolve(args.edition, args.year)
    _written(write_template(args.output, edition, year, force=args.force), args.output, edition.id, year)
    return 0


def _from_last(args: argparse.Namespace) -> int:
    last = govxl.read(args.last)
    edition, year = resolve_next(last, args.edition, args.year)
    output = args.output or Path(f"{name_part(last.unit or args.last.stem)}-{file_name(edition.id, year)}")
    path, carried = write_next_template(last, output, year, edition=edition, force=args.force)
    _written(path, output, edition.id, year)
    say(f"由上年报告“{args.last.name}”（{last.unit or '未填单位名称'}，{carried.report}，{carried.prior.id}年版格式）带入：")
    for line in carried.summary():
        say(f"  {line}")
    errors = sum(1 for f in govxl.validate(last) if f.severity is Severity.ERROR)
    if errors:
        say(f"注意：上年报告有 {errors} 处错误（可用 govxl validate 查看），带入的数字可能有误，请核对浅绿色单元格。")
    if last.year is not None and year != last.year + 1:
        say(f"注意：上年报告是 {last.year} 年度的，新模板是 {year} 年度；带入的是 {last.year} 年度的数字。")
    return 0


def _written(path: Path, asked: Path, edition: str, year: int) -> None:
    if path != asked:
        say(f"注意：“{asked.name}”已存在，govxl 不会覆盖它（只有 govxl 生成的空白模板可以加 --force 覆盖），本次写到“{path.name}”")
    say(f"已生成 {edition} 年版模板（{year} 年度）：{path}")
