"""Throughput of reading published reports (portal pages, text dumps, Word, PDF) on one core, beside
``pandas.read_html`` on the same pages.

    .venv/bin/python benchmarks/import_documents.py            # each document read 50 times
    .venv/bin/python benchmarks/import_documents.py --repeat 200

The documents are the published reports of tests/data (real portal pages, the seed text dump, and the Word
and PDF files made from them), grouped by the format govxl detects in their content. Each is read with
``govxl.read`` + ``govxl.validate`` in this process, ``--repeat`` times. ``pandas.read_html`` parses the same
pages into frames (it neither expands spans the way the form needs nor keeps blanks: a lower bound of plain
table parsing, not the same work).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from io import StringIO
from pathlib import Path

import pandas as pd

import govxl
from govxl.editions import EDITIONS
from govxl.reader.load import opened
from govxl.report import Report

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
WARM_UP = DATA / "template-layout-v0-filled-2024.xlsx"  # read by its labels, as a published document is
SUFFIXES = (".html", ".htm", ".txt", ".docx", ".doc", ".pdf")


def documents() -> dict[str, list[Path]]:
    """The published documents of tests/data by the format govxl detects in their content ('html', 'text',
    'docx', 'pdf' …), opened but not read: their first read is timed."""
    out: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(DATA.rglob("*")):
        if path.suffix.lower() in SUFFIXES:
            try:
                with opened(path) as book:
                    out[getattr(book, "format", "xlsx")].append(path)
            except govxl.UnreadableFile:
                pass  # a refused fixture (a scan, a hostile file) is not a report to time
    return dict(out)


def warm_up() -> None:
    """What a process pays once, not per report: each edition's rules compiled, the official labels
    prepared for comparison (by reading a workbook of the old template's layout, which is not timed)."""
    for edition in EDITIONS.values():
        govxl.validate(Report.from_cells(edition, {}))
    govxl.read(WARM_UP)


def seconds_per_read(paths: list[Path], repeat: int) -> tuple[list[Path], float, float]:
    """The reports among ``paths`` and their CPU seconds per read: the first read of each in this process
    (its own labels compared for the first time, as in a batch of distinct reports), and the mean of
    ``repeat`` further reads. A document holding no report (a fixture of a refusal) is left out."""
    reports, first = [], 0.0
    for path in paths:
        start = time.process_time()
        try:
            govxl.validate(govxl.read(path))
        except govxl.UnreadableFile:
            continue
        first += time.process_time() - start
        reports.append(path)
    start = time.process_time()
    for _ in range(repeat):
        for path in reports:
            govxl.validate(govxl.read(path))
    return reports, first / len(reports), (time.process_time() - start) / (repeat * len(reports))


def seconds_per_read_html(paths: list[Path], repeat: int) -> float:
    pages = [p.read_bytes().decode("utf-8", errors="replace") for p in paths]
    start = time.process_time()
    for _ in range(repeat):
        for page in pages:
            pd.read_html(StringIO(page))
    return (time.process_time() - start) / (repeat * len(pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="times each document is read (default 50)")
    args = parser.parse_args()
    by_format = documents()
    warm_up()
    print("单进程 CPU 时间，读取并校验；“首次”为本进程第一次读该文件（本进程已编译各版本的规则，并已按标签读过一份工作簿）")
    print(f"{'格式':<8}{'文件数':>6}{'首次 份/秒':>12}{'ms/份':>9}{'重复 份/秒':>12}{'ms/份':>9}")
    pages: list[Path] = []
    for fmt, paths in by_format.items():
        reports, first, again = seconds_per_read(paths, max(1, args.repeat // (10 if fmt in ("pdf", "doc") else 1)))
        print(f"{fmt:<8}{len(reports):>6}{1 / first:>12.1f}{first * 1000:>9.2f}{1 / again:>12.1f}{again * 1000:>9.2f}")
        if fmt == "html":
            pages, govxl_per = reports, again
    if pages:
        per = seconds_per_read_html(pages, args.repeat)
        print(f"pandas.read_html 同样的 {len(pages)} 个网页：{1 / per:.1f} 份/秒（{per * 1000:.2f} ms/份，只解析表格）；"
              f"govxl 读取并校验的时间是它的 {govxl_per / per:.1f} 倍")


if __name__ == "__main__":
    main()
