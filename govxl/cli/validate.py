"""`govxl validate`: check received workbooks, print a verdict per file, optionally annotate copies."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govxl.cli.textwidth import pad
from govxl.findings import Severity
from govxl.validation import FileCheck, check_files, count, exit_code, to_document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate", help="校验报告工作簿（勾稽关系、数值、必填项等）",
        description="校验一个或多个报告工作簿（可给文件夹）。退出码：0 全部无错误；1 有错误；2 无法运行。",
    )
    p.add_argument("inputs", nargs="+", metavar="文件或文件夹")
    p.add_argument("--prior", action="append", metavar="上年文件或文件夹", help="上年报告，用于跨年度核对（按单位名称匹配）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--annotate", metavar="输出文件夹", type=Path, help="为每个文件生成标注问题的副本（原文件不变）")
    p.add_argument("--workers", type=int, default=None, help="并行进程数（默认自动）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    results = check_files(args.inputs, prior=args.prior, workers=args.workers, progress=not args.json)
    if args.annotate:
        annotate_all(results, args.annotate)
    if args.json:
        json.dump(to_document(results), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_results(results)
        if args.annotate:
            print(f"已在 {args.annotate} 生成标注副本，可发回报送单位修改。")
    return exit_code(results)


def annotate_all(results: list[FileCheck], outdir: Path) -> None:
    from govxl.annotate import annotate, annotated_path

    by_path: dict[Path, list[FileCheck]] = {}
    for r in results:
        by_path.setdefault(r.path, []).append(r)
    taken: set[Path] = set()
    for path, checks in by_path.items():
        findings = [f for c in checks for f in c.findings]
        annotate(path, findings, annotated_path(path, outdir, taken), readable=checks[0].report is not None)


def headline(r: FileCheck) -> str:
    if r.status == "unreadable":
        return "⚠ 无法读取"
    errors, warnings = count(r.findings, Severity.ERROR), count(r.findings, Severity.WARNING)
    if errors:
        return f"✗ {errors} 处错误" + (f"，{warnings} 处提示" if warnings else "")
    return "✓ 通过" + (f"（{warnings} 处提示）" if warnings else "")


def print_results(results: list[FileCheck]) -> None:
    for r in results:
        who = f"（{r.report.unit or '未填单位名称'}，{r.report.year or '?'}年，{r.report.edition.id}版）" if r.report else ""
        print(f"{pad(headline(r), 22)}{r.path}{who}")
        for f in r.findings:
            if r.status == "unreadable":
                print(f"    {f.message}")
                continue
            first = next((c for c in f.cells if c.cell), None)
            where = f"{first.sheet}!{first.cell}" if first else "—"
            if len(f.cells) > 1:
                where += f" 等{len(f.cells)}格"
            print(f"    {pad(f.severity.label, 6)}{pad(where, 24)}{pad(f.rule, 24)}{f.message}")
            if f.explanation:
                print(f"    {'':30}{'':24}填报说明：{f.explanation}")
    files = len({r.path for r in results})
    ok = sum(r.status == "ok" for r in results)
    bad = sum(r.status == "error" for r in results)
    unreadable = sum(r.status == "unreadable" for r in results)
    print(f"共 {files} 个文件、{ok + bad} 份报告：{ok} 份通过，{bad} 份有错误，{unreadable} 个文件无法读取。")
    alone = [r.report.unit or r.path.name for r in results if r.report and r.has_prior is False]
    if alone:
        print(f"没有找到上一年度报告、未做跨年度核对的（{len(alone)} 份）：{'、'.join(alone)}")
