"""``govxl render``: the filled workbook as the report a portal publishes (Word .docx, web page .html)."""

from __future__ import annotations

import argparse
from collections import Counter

from govxl.cli.textwidth import pad, say
from govxl.cli.validate import HEADLINES, say_finding
from govxl.printable import decoded
from govxl.render import Rendering, render

HEADLINE = {"written": "✓ 已生成", "forced": "⚠ 已生成（有错误）", "refused": "✗ 未生成", "failed": "✗ 生成失败",
            **HEADLINES}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render", help="把填好的报告生成公开发布用的 Word 文档或网页",
        description="把填好的报告工作簿生成公开发布用的年度报告：Word 文档（.docx）或网页（.html）；一个文件夹的报告"
                    "输出到文件夹（每份报告一个 .docx 和一个 .html）。汇总工作簿生成本地区的汇编（供内部使用）。"
                    "退出码：0 全部生成且没有错误；1 有报告存在错误（未生成，或加 --force 照常生成）或有文件无法读取；2 无法运行。",
    )
    p.add_argument("source", metavar="工作簿或文件夹", help="填好的报告（.xlsx 等），或存放报告的文件夹")
    p.add_argument("-o", "--output", required=True, metavar="报告.docx|报告.html|文件夹/",
                   help="输出的 Word 文档（.docx）、网页（.html），或文件夹")
    p.add_argument("--force", action="store_true",
                   help="有错误的报告也照常生成（报告首页注明有错误）；输出文件已存在且是 govxl 以前生成的，则覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    renderings = render(args.source, args.output, force=args.force)
    for r in renderings:
        print_rendering(r)
    by_status = Counter(r.status for r in renderings)
    reports = sum(by_status[s] for s in ("written", "forced", "refused", "failed"))
    say(f"共 {reports} 份报告：生成 {by_status['written'] + by_status['forced']} 份"
        + (f"（其中 {by_status['forced']} 份有错误，首页已注明）" if by_status["forced"] else "")
        + f"，{by_status['refused']} 份有错误未生成，{by_status['unreadable']} 个文件无法读取"
        + (f"，{by_status['failed']} 份生成失败" if by_status["failed"] else "") + "。")
    if not reports:
        return 2
    return 0 if by_status["written"] == reports and not by_status["unreadable"] else 1


def print_rendering(r: Rendering) -> None:
    """The report's line (file → outputs, or why none), then its findings: every error and warning."""
    unit = f"（{r.report.unit or '未填单位名称'}，{r.report.year or '?'}年）" if r.report is not None else ""
    outputs = f" → {'、'.join(decoded(str(p)) for p in r.written)}" if r.written else ""
    say(f"{pad(HEADLINE[r.status], 20)}{decoded(str(r.path))}{unit}{outputs}")
    for line in (*r.notes, *([r.reason] if r.reason else [])):
        say(f"    {line}")
    for f in r.findings:
        if r.status == "unreadable":
            say(f"    {f.message}")
        else:
            say_finding(f)
