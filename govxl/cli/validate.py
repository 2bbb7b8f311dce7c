"""`govxl validate`: check received workbooks, print a verdict per file, optionally annotate copies."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from govxl.cli.textwidth import pad, say
from govxl.files import OutputError
from govxl.findings import Finding, Severity
from govxl.printable import decoded, printable
from govxl.validation import FileCheck, check_files, count, exit_code, to_document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate", help="校验报告工作簿（勾稽关系、数值、必填项等）",
        description="校验一个或多个报告工作簿（可给文件夹）。退出码：0 全部无错误；1 有错误；2 无法运行。",
    )
    p.add_argument("inputs", nargs="+", metavar="文件或文件夹")
    p.add_argument("--prior", action="append", metavar="上年文件或文件夹", help="上年报告，用于跨年度核对（按单位名称匹配）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    annotate = p.add_mutually_exclusive_group()
    annotate.add_argument("--annotate", metavar="输出文件夹", type=Path,
                          help="为有问题的文件生成标注副本（问题单元格标色并加批注；原文件不变）")
    annotate.add_argument("--annotate-all", metavar="输出文件夹", type=Path, help="为每个文件都生成标注副本")
    p.add_argument("--force", action="store_true", help="覆盖 govxl 以前生成、未被改动的标注副本（原文件永远不会被覆盖）")
    p.add_argument("-q", "--quiet", action="store_true", help="只列出有问题的文件")
    p.add_argument("--workers", type=int, default=None, metavar="进程数", help="并行进程数（默认自动）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    results = check_files(args.inputs, prior=args.prior, workers=args.workers, progress=not args.json)
    if not results:
        print(printable(f"govxl：{'、'.join(args.inputs)} 中没有任何文件。请确认文件夹路径是否正确"
                        "（govxl 读取 .xlsx、.xlsm、.xls、.ods 格式的报告，也会进入子文件夹查找）"), file=sys.stderr)
        return 2
    if args.json:
        json.dump(to_document(results), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_results(results, quiet=args.quiet)
    if args.annotate or args.annotate_all:
        from govxl.annotate import annotate_all

        outdir = args.annotate or args.annotate_all
        try:
            written = annotate_all(results, outdir, everything=args.annotate_all is not None, force=args.force)
        except OutputError as exc:
            print(f"govxl：{exc}（校验结果见上）", file=sys.stderr)
            return 2
        for _, _, note in written:
            if note:
                print(f"注意：{note}", file=sys.stderr)
        if not args.json:
            print(f"已在 {printable(str(outdir))} 生成 {len(written)} 份标注副本，可发回报送单位修改（原文件未改动）。")
    return exit_code(results)


HEADLINES = {"unreadable": "⚠ 无法读取", "ignored": "· 已忽略", "govxl-output": "· govxl 生成"}


def headline(r: FileCheck) -> str:
    if r.status in HEADLINES:
        return HEADLINES[r.status]
    errors, warnings = count(r.findings, Severity.ERROR), count(r.findings, Severity.WARNING)
    if errors:
        return f"✗ {errors} 处错误" + (f"，{warnings} 处提示" if warnings else "")
    return "✓ 通过" + (f"（{warnings} 处提示）" if warnings else "")


def say_finding(f: Finding) -> None:
    """One finding's line: level, cell, rule, message (and the filler's 说明 below it)."""
    where = next((w for c in f.cells if (w := c.where)), "—")
    if len(f.cells) > 1:
        where += f" 等{len(f.cells)}格"
    say(f"    {pad(f.severity.label, 6)}{pad(where, 24)}{pad(f.rule, 24)}{f.message}")
    if f.explanation:
        say(f"    {'':30}{'':24}填报说明：{f.explanation}")


def print_results(results: list[FileCheck], *, quiet: bool = False) -> None:
    for r in results:
        if quiet and (r.status in ("ok", "ignored", "govxl-output") and not r.findings):
            continue
        who = f"（{r.report.unit or '未填单位名称'}，{r.report.year or '?'}年，{r.report.edition.id}版）" if r.checked and r.report else ""
        say(f"{pad(headline(r), 22)}{decoded(str(r.path))}{who}")
        if r.note:
            say(f"    {r.note}")
        for f in r.findings:
            if r.status == "unreadable":
                say(f"    {f.message}")
                continue
            say_finding(f)
    by_status = Counter(r.status for r in results)
    files = len({r.path for r in results})
    ok, bad = by_status["ok"], by_status["error"]
    line = f"共 {files} 个文件、{ok + bad} 份报告：{ok} 份通过，{bad} 份有错误，{by_status['unreadable']} 个文件无法读取"
    skipped = [f"{by_status[s]} 个{what}" for s, what in (("govxl-output", "是 govxl 生成的文件"),
                                                       ("ignored", "不是报告（已忽略）")) if by_status[s]]
    say(line + ("；另有" + "、".join(skipped) if skipped else "") + "。")
    alone = [r.report.unit or r.path.name for r in results if r.checked and r.report and r.has_prior is False]
    if alone:
        say(f"没有找到上一年度报告、未做跨年度核对的（{len(alone)} 份）：{'、'.join(alone)}")
