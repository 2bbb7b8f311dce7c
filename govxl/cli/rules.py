"""`govxl rules`: the rule catalogue."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from govxl.cli.textwidth import pad
from govxl.rules import RULES

SCOPES = {"report": "单份报告", "prior": "跨年度", "batch": "汇总批次"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="列出全部校验规则", description="列出 govxl 执行的全部校验规则。")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps([asdict(r) for r in RULES], ensure_ascii=False, indent=2))
        return 0
    print(f"{pad('规则', 24)}{pad('级别', 6)}{pad('范围', 10)}{pad('表内校验', 10)}内容")
    for r in RULES:
        live = "是" if r.in_sheet else ""
        print(f"{pad(r.id, 24)}{pad(r.severity.label, 6)}{pad(SCOPES[r.scope], 10)}{pad(live, 10)}{r.title}")
    return 0
