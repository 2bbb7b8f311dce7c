"""``make demo`` (``python -m govxl.demo``): the county clerk's whole job on the bundled examples.

Writes the blank templates, validates the fictional county's submissions (annotated copies to send back)
and merges them against the roster, all into ``./out/``, and says in Chinese what it did. The examples
carry deliberate mistakes (examples/README.md), so finding them is success: the demo exits 0.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import govxl
from govxl.editions import EDITIONS
from govxl.validation import FileCheck, check_files

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
YEAR = 2025  # the report year of the bundled examples (examples/make_county.py)
OUT = Path("out")


def shown(path: Path) -> str:
    """``path`` as the user can type it: relative to the current folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def names(items: Iterable[str]) -> str:
    return "、".join(items) or "无"


def write_templates(out: Path) -> None:
    print("一、空白模板（发给各单位填报）")
    for edition in EDITIONS.values():
        year = YEAR if edition.covers(YEAR) else edition.last_year
        path = govxl.write_template(out / f"模板-{edition.id}版-{year}年度.xlsx", edition.id, year, force=True)
        print(f"   {shown(path)}  （{edition.id}年版格式，适用于{year}年度）")


def validate(submitted: Path, prior: Path, out: Path) -> None:
    from govxl.annotate import RESULT_SHEET, annotate_all

    results = check_files([submitted], prior=[prior])
    annotated = out / "批注"
    annotate_all(results, annotated, force=True)  # the demo's own earlier copies
    by_status = {s: [r for r in results if r.status == s] for s in ("ok", "error", "unreadable")}
    print(f"\n二、校验：{shown(submitted)} 中的 {len({r.path for r in results})} 个文件"
          f"（并与 {shown(prior)} 的上年报告核对）")
    print(f"   通过：{len(by_status['ok'])} 份")
    print(f"   有错误：{len(by_status['error'])} 份 —— {names(unit(r) for r in by_status['error'])}")
    print(f"   无法打开：{len(by_status['unreadable'])} 个 —— {names(r.path.name for r in by_status['unreadable'])}")
    print(f"   标注副本：{shown(annotated)}/ —— 有问题的文件各一份，问题单元格已标色并加批注，"
          f"“{RESULT_SHEET}”表列出全部问题和改法，可直接发回报送单位修改。")


def unit(r: FileCheck) -> str:
    return (r.report.unit if r.report else None) or r.path.name


def merge(submitted: Path, prior: Path, roster: Path, out: Path) -> None:
    from govxl.consolidation import Status
    from govxl.consolidation.workbook import DETAIL_SHEET, FINDINGS_SHEET, STATUS_SHEET, SUM_SHEET

    result = govxl.merge([submitted], roster=roster, year=YEAR, prior=[prior])
    path = result.write(out / f"县汇总-{YEAR}.xlsx", force=True)  # the demo's own earlier output
    adopted = result.adopted
    print(f"\n三、汇总：按名单 {shown(roster)}（{len(result.roster.units)} 个单位）汇总 {result.name} {result.year} 年度")
    print(f"   计入汇总：{len(adopted)} 份报告")
    print(f"   报送了但需重报（{len(result.resubmit)} 个）：{names(result.resubmit)}")
    print(f"   未报送、需要催报（{len(result.missing)} 个）：{names(result.missing)}")
    for e in result.entries:
        if e.status is not Status.ADOPTED:
            print(f"   {e.status.label}：{e.unit or e.path.name} —— {e.reason}")
    faulty = [e.unit or e.path.name for e in adopted if e.errors]
    if faulty:
        print(f"   注意：计入汇总的报告中有 {len(faulty)} 份有错误（{names(faulty)}），县合计含有这些错误数字；"
              "这些单位改正后重新汇总即可。")
    print(f"   县汇总表：{shown(path)} —— “{SUM_SHEET}”是全县合计，“{DETAIL_SHEET}”是各单位数字，"
          f"“{STATUS_SHEET}”逐个单位列出是否报送、是否采用，“{FINDINGS_SHEET}”列出全部问题。")


def main() -> int:
    county = EXAMPLES / "county"
    if not county.is_dir():
        print(f"找不到示例数据（{EXAMPLES}）。请在 govxl 源代码目录中运行 make demo。", file=sys.stderr)
        return 2
    submitted, prior = county / "报送", EXAMPLES / "county-2024" / "报送"
    print(f"govxl 演示：虚构的云岭县 {YEAR} 年度政府信息公开工作年度报告，结果写入 {shown(OUT)}/\n")
    write_templates(OUT)
    validate(submitted, prior, OUT)
    merge(submitted, prior, county / "名单.csv", OUT)
    print(f"\n示例数据中的错误是故意留下的（逐项说明见 {shown(EXAMPLES / 'README.md')}），"
          "查出它们说明校验和汇总工作正常。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
