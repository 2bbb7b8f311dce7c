"""`govxl merge`: merge a county's workbooks into one consolidated workbook and say what was done."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govxl.cli.outputs import workbook_path
from govxl.cli.textwidth import say
from govxl.consolidation.received import Status
from govxl.errors import UsageError
from govxl.files import OutputError
from govxl.findings import Severity
from govxl.printable import printable

if TYPE_CHECKING:
    from govxl.consolidation import MergeResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge", help="汇总各单位报告（报送情况、合计、校验），生成汇总工作簿",
        description="汇总一个县（区）各单位的报告工作簿。退出码：0 已生成且无错误；1 已生成但有错误（含未报送）；2 未能生成。",
    )
    p.add_argument("inputs", nargs="+", metavar="文件或文件夹")
    p.add_argument("-o", "--output", required=True, type=workbook_path, metavar="汇总.xlsx", help="输出的汇总工作簿")
    p.add_argument("--roster", metavar="名单", help="应报送单位名单（CSV 或 Excel，含“单位名称”列）")
    p.add_argument("--year", type=int, metavar="年度", help="汇总的报告年度（默认：收到最多的年度）")
    p.add_argument("--prior", action="append", metavar="上年文件或文件夹", help="上年各单位报告或上年汇总工作簿，用于跨年度核对")
    p.add_argument("--name", metavar="名称", help="汇总报告的单位名称（默认取自名单文件名）")
    p.add_argument("--exclude-invalid", action="store_true", help="有错误的报告不计入合计（默认计入并列出错误）")
    p.add_argument("--json", action="store_true", help="输出 JSON：报送情况、合计数和全部校验结果")
    p.add_argument("--force", action="store_true", help="输出文件已存在且是 govxl 以前生成的，则覆盖它（输入文件和名单永远不会被覆盖）")
    p.add_argument("--workers", type=int, default=None, metavar="进程数", help="并行进程数（默认自动）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from govxl.consolidation import merge

    result = merge(args.inputs, roster=args.roster, year=args.year, prior=args.prior, name=args.name,
                   exclude_invalid=args.exclude_invalid, workers=args.workers, progress=not args.json)
    written: Path | None = None
    problem = ""
    try:
        written = result.write(args.output, force=args.force)
    except (UsageError, OutputError) as exc:
        problem = str(exc)
    if args.json:
        sys.stdout.write(result.to_json(indent=2) + "\n")
    elif result.entries:
        report(result, written, args.output)
    if problem:
        print(printable(f"govxl：{problem}"), file=sys.stderr)
        return 2
    return 0 if result.ok else 1


def report(result: MergeResult, written: Path | None, asked: Path) -> None:
    """What the merge did, in Chinese: counts by status, units to chase, errors, where the output is."""
    counts = "，".join(f"{status.label} {n}" for status, n in result.counts().items() if n)
    say(f"{result.name}{result.year or ''}年（{result.edition.id}年版）：共收到 {len(result.entries)} 个文件或报告（{counts or '无'}）。")
    units = len(result.roster.units)
    say(f"名单 {units} 个单位：已报送 {units - len(result.missing) - len(result.resubmit)} 个，"
        f"报送了但需重报 {len(result.resubmit)} 个，未报送 {len(result.missing)} 个。")
    if result.resubmit:
        say(f"报送了但需重报（{len(result.resubmit)}）：{'、'.join(result.resubmit)}")
    if result.missing:
        say(f"未报送，请催报（{len(result.missing)}）：{'、'.join(result.missing)}")
    for e in result.entries:
        if e.status is not Status.ADOPTED:
            say(f"  {e.status.label}：{result.file_name(e.path)}" + (f"（{e.reason}）" if e.reason else ""))
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    warnings = len(result.findings) - errors
    say(f"校验：{errors} 处错误，{warnings} 处提示（详见“校验”工作表）。")
    if written is not None:
        if written != asked:
            say(f"注意：“{asked}”已存在，汇总工作簿写到了“{written}”（加 --force 可覆盖 govxl 以前生成的文件）。")
        say(f"已生成汇总工作簿：{written}")
