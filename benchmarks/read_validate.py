"""Throughput of govxl.read + govxl.validate against a plain openpyxl.load_workbook loop, same files.

    .venv/bin/python benchmarks/read_validate.py --n 1000

Uses N filled 2021-edition templates (``workload.py``: generated once, kept for the next run, not timed),
then times over the same files: (a) ``govxl.read`` + ``govxl.validate`` in this process, (b) ``check_files`` with one
worker process per core (read and validated in the workers) and (c) ``openpyxl.load_workbook`` on a sample of them
(``--sample``, default 100: openpyxl takes minutes for a thousand).
"""

from __future__ import annotations

import argparse
import os
import time

import openpyxl
from workload import workbooks

import govxl
from govxl.validation import check_files


def rate(label: str, n: int, seconds: float) -> float:
    per_s = n / seconds
    print(f"{label:<38} {per_s:9.1f} 个文件/秒  ({seconds * 1000 / n:7.2f} ms/个)")
    return per_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="files to read (default 1000)")
    parser.add_argument("--variants", type=int, default=50, help="distinct fillings (default 50)")
    parser.add_argument("--sample", type=int, default=100, help="files openpyxl opens (default 100)")
    args = parser.parse_args()
    paths = workbooks(args.n, args.variants)
    cores = os.cpu_count() or 1
    govxl.validate(govxl.read(paths[0]))  # warm-up: imports, caches

    start = time.perf_counter()
    errors = 0
    for p in paths:
        errors += len(govxl.validate(govxl.read(p)).errors)
    serial = rate("(a) govxl.read + validate（单进程）", len(paths), time.perf_counter() - start)

    start = time.perf_counter()
    results = check_files(paths, workers=cores)
    parallel = rate(f"(b) check_files（{cores} 个进程）", len(paths), time.perf_counter() - start)
    assert sum(len(r.findings.errors) for r in results) == errors

    sample = paths[: min(args.sample, len(paths))]
    start = time.perf_counter()
    for p in sample:
        openpyxl.load_workbook(p)
    base = rate(f"(c) openpyxl.load_workbook（{len(sample)} 个）", len(sample), time.perf_counter() - start)

    print(f"本机 {cores} 核；倍数：(a)/(c) {serial / base:.1f}×，(b)/(c) {parallel / base:.1f}×"
          f"（{len(paths)} 个文件，错误级发现共 {errors} 条）")


if __name__ == "__main__":
    main()
