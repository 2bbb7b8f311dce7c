"""Throughput of govxl.read + govxl.validate against a plain openpyxl.load_workbook loop, same files.

    .venv/bin/python benchmarks/read_validate.py --n 1000

Generates N filled 2021-edition templates (``--variants`` distinct fillings made with openpyxl, copied
to N files) once, in a temporary folder kept for the next run (generation is not timed), then times over
the same files: (a) ``govxl.read`` + ``govxl.validate`` in this process, (b) ``check_files`` with one
worker process per core (read and validated in the workers) and (c) ``openpyxl.load_workbook``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import openpyxl

import govxl
from govxl.template import write_template
from govxl.template.fill import fill_template
from govxl.validation import check_files


def generate(folder: Path, n: int, variants: int, seed: int = 7) -> list[Path]:
    edition = govxl.get_edition("2021")
    template = write_template(folder / "模板.xlsx", edition=edition, year=2025)
    rng = random.Random(seed)
    inputs = [f.key for f in edition.value_fields if not f.computed]
    made = []
    for v in range(min(variants, n)):
        values: dict[str, object] = {k: rng.choice((0, 0, 1, 2, 5, 12, rng.randint(0, 300))) for k in inputs}
        values.update(meta_unit=f"第{v}镇人民政府", meta_year=2025, text_other="本年度未收取信息处理费。")
        made.append(fill_template(template, values, folder / f"v{v:04d}.xlsx"))
    paths = []
    for i in range(n):
        path = folder / f"报告{i:05d}.xlsx"
        shutil.copyfile(made[i % len(made)], path)
        paths.append(path)
    return paths


def cached_files(n: int, variants: int) -> list[Path]:
    """The N files of an earlier run with the same N and variants, else freshly generated ones."""
    folder = Path(tempfile.gettempdir()) / f"govxl-bench-read-{n}-{variants}"
    if not folder.is_dir():
        work = Path(tempfile.mkdtemp(prefix=folder.name + "-", dir=folder.parent))
        generate(work, n, variants)
        work.rename(folder)
    return sorted(folder.glob("报告*.xlsx"))


def rate(label: str, n: int, seconds: float) -> float:
    per_s = n / seconds
    print(f"{label:<38} {per_s:9.1f} 个文件/秒  ({seconds * 1000 / n:7.2f} ms/个)")
    return per_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="files to read (default 1000)")
    parser.add_argument("--variants", type=int, default=50, help="distinct fillings (default 50)")
    args = parser.parse_args()
    paths = cached_files(args.n, args.variants)
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

    start = time.perf_counter()
    for p in paths:
        openpyxl.load_workbook(p)
    base = rate("(c) openpyxl.load_workbook", len(paths), time.perf_counter() - start)

    print(f"本机 {cores} 核；倍数：(a)/(c) {serial / base:.1f}×，(b)/(c) {parallel / base:.1f}×"
          f"（{len(paths)} 个文件，错误级发现共 {errors} 条）")


if __name__ == "__main__":
    main()
