"""`govxl import`: published reports (web pages, Word, PDF, text) into the official template."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govxl.cli.textwidth import say
from govxl.cli.validate import print_results
from govxl.importing import import_reports, to_document
from govxl.printable import printable
from govxl.validation import exit_code


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="把公开发布的年度报告（网页、Word、PDF、文本）导入官方模板",
        description="读取公开发布的年度报告（网页 .html、Word .docx/.doc、PDF、文本，按内容识别），逐项核对并写入官方模板，"
                    "便于填报人修改、县级汇总。退出码：0 全部读取且无错误；1 有文件无法读取或报告有错误；2 无法运行。",
    )
    p.add_argument("inputs", nargs="+", metavar="报告文件或文件夹")
    p.add_argument("-o", "--output", type=Path, metavar="输出文件或文件夹",
                   help="一份报告时可给 .xlsx 文件名；多份时给文件夹（每份报告一个工作簿，按原文件名和子文件夹命名）。不给则只核对、不写出")
    p.add_argument("--json", action="store_true", help="输出 JSON（每份报告的数值、文字、与格式不一致之处和校验结果）")
    p.add_argument("--force", action="store_true", help="覆盖 govxl 以前生成的同名文件（原文件永远不会被覆盖）")
    p.add_argument("--workers", type=int, default=None, metavar="进程数", help="并行进程数（默认自动）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    results = import_reports(args.inputs, args.output, force=args.force, workers=args.workers, progress=not args.json)
    if not results:
        print(printable(f"govxl：{'、'.join(args.inputs)} 中没有任何文件。请确认路径是否正确"), file=sys.stderr)
        return 2
    if args.json:
        json.dump(to_document(results), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_results([r.check for r in results])
        written = [r for r in results if r.output]
        for r in written:
            say(f"→ {r.output}" + (f"（{r.note}）" if r.note else ""))
        if written:
            say(f"已写入 {len(written)} 份模板，请填报人核对、改正后报送（原文件未改动）。")
    return exit_code([r.check for r in results])
