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
from govxl.reader.load import opened

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SUFFIXES = (".html", ".htm", ".txt", ".docx", ".doc", ".pdf")


def documents() -> dict[str, list[Path]]:
    """The published reports of tests/data by detected format ('html', 'text', 'docx', 'pdf' …)."""
    out: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(DATA.rglob("*")):
        if path.suffix.lower() in SUFFIXES:
            try:
                govxl.read(path)
                with opened(path) as book:
                    out[getattr(book, "format", "xlsx")].append(path)
            except govxl.UnreadableFile:
                pass  # a refused fixture (a scan, a hostile file) is not a report to time
    return dict(out)


def seconds_per_read(paths: list[Path], repeat: int) -> tuple[float, float]:
    """CPU seconds per document: its first read in this run (its labels not yet compared: what a batch of
    distinct reports costs), and the mean of ``repeat`` further reads."""
    start = time.process_time()
    for path in paths:
        govxl.validate(govxl.read(path))
    first = (time.process_time() - start) / len(paths)
    start = time.process_time()
    for _ in range(repeat):
        for path in paths:
            govxl.validate(govxl.read(path))
    return first, (time.process_time() - start) / (repeat * len(paths))


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
    print("单进程 CPU 时间，读取并校验；“首次”为本次运行中第一次读该文件")
    print(f"{'格式':<8}{'文件数':>6}{'首次 份/秒':>12}{'ms/份':>9}{'重复 份/秒':>12}{'ms/份':>9}")
    for fmt, paths in by_format.items():
        first, again = seconds_per_read(paths, max(1, args.repeat // (10 if fmt in ("pdf", "doc") else 1)))
        print(f"{fmt:<8}{len(paths):>6}{1 / first:>12.1f}{first * 1000:>9.2f}{1 / again:>12.1f}{again * 1000:>9.2f}")
    if "html" in by_format:
        html = by_format["html"]
        per = seconds_per_read_html(html, args.repeat)
        _, govxl_per = seconds_per_read(html, args.repeat)
        print(f"pandas.read_html 同样的 {len(html)} 个网页：{1 / per:.1f} 份/秒（{per * 1000:.2f} ms/份，只解析表格）；"
              f"govxl 读取并校验的时间是它的 {govxl_per / per:.1f} 倍")


if __name__ == "__main__":
    main()
