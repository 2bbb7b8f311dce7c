"""Merge N generated workbooks and time each stage, against a plain openpyxl read loop.

    .venv/bin/python benchmarks/merge.py            # 1000 workbooks
    .venv/bin/python benchmarks/merge.py --n 10000

The workbooks are made once from the official form (16 distinct sets of figures, each unit its own name)
and kept in --dir for the next run. The openpyxl loop (open each workbook, read every value key by its
defined name, add them up) runs on a sample and is extrapolated to N.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import xlsxwriter

from govxl.editions import get_edition
from govxl.consolidation import combine, receive
from govxl.template import write_form
from govxl.template.names import PROP_EDITION

E = get_edition("2021")
VARIANTS = 16
PLACEHOLDER = "UNIT-PLACEHOLDER"


def variant(k: int) -> bytes:
    """A consistent report (every figure a multiple of ``k``) whose unit name is the placeholder."""
    cells: dict[str, object] = {key: 0 for key in E.sets["values"] if not E[key].computed}
    cells.update(meta_unit=PLACEHOLDER, meta_year=2025, meta_date="2026-01-20", t3_new_natural=3 * k,
                 t3_new_commercial=k, t3_carried_natural=k, t3_granted_natural=2 * k, t3_partial_natural=k,
                 t3_unable_nothold_commercial=k, t3_forward_natural=k, t2_license_decisions=10 * k,
                 t4_review_upheld=k % 3, t4_review_pending=1)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_custom_property(PROP_EDITION, E.id)
    write_form(wb, E, year=2025, values=cells)
    wb.close()
    return buf.getvalue()


def generate(folder: Path, n: int) -> list[Path]:
    """``n`` workbooks in ``folder`` (reused when already there): copies of the variants, renamed units."""
    paths = [folder / f"单位{i:05d}.xlsx" for i in range(n)]
    if all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    bases = []
    for k in range(1, VARIANTS + 1):
        with zipfile.ZipFile(io.BytesIO(variant(k))) as z:
            bases.append({name: z.read(name) for name in z.namelist()})
    for i, path in enumerate(paths):
        parts = bases[i % VARIANTS]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, data in parts.items():
                if name == "xl/sharedStrings.xml":
                    data = data.replace(PLACEHOLDER.encode(), f"第{i:05d}号镇".encode())
                z.writestr(name, data)
    return paths


def openpyxl_loop(paths: list[Path]) -> float:
    """Seconds the plain approach takes: open each workbook, read each value key by name, add up."""
    import openpyxl

    keys = [f.key for f in E.value_fields]
    sums = dict.fromkeys(keys, 0.0)
    start = time.perf_counter()
    for path in paths:
        wb = openpyxl.load_workbook(path, data_only=True)
        for key in keys:
            sheet, ref = next(iter(wb.defined_names[key].destinations))
            value = wb[sheet][ref.replace("$", "")].value
            sums[key] += value if isinstance(value, (int, float)) else 0
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "govxl-bench-merge")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--sample", type=int, default=100, help="files the openpyxl loop reads (extrapolated)")
    args = parser.parse_args()
    t = time.perf_counter()
    paths = generate(args.dir / str(args.n), args.n)
    print(f"{args.n} workbooks in {args.dir / str(args.n)} ({time.perf_counter() - t:.1f} s to prepare)")

    t0 = time.perf_counter()
    entries = list(receive(paths, workers=args.workers))
    t1 = time.perf_counter()
    result = combine(entries, name="基准")
    t2 = time.perf_counter()
    out = result.write(args.dir / f"汇总-{args.n}.xlsx")
    t3 = time.perf_counter()
    total = t3 - t0
    print(f"read+validate {t1 - t0:7.2f} s  ({(t1 - t0) / args.n * 1000:.2f} ms per workbook)")
    print(f"sum+rules     {t2 - t1:7.2f} s")
    print(f"write         {t3 - t2:7.2f} s  -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    print(f"total         {total:7.2f} s  for {len(result.adopted)} adopted reports, {len(result.findings)} findings")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory   {peak:7.0f} MB (this process)")

    sample = paths[: min(args.sample, len(paths))]
    plain = openpyxl_loop(sample) * len(paths) / len(sample)
    print(f"openpyxl loop {plain:7.2f} s  (read and add only, one process; {len(sample)} files timed, extrapolated)")
    print(f"ratio         {plain / total:7.1f}x  (openpyxl loop / govxl read+validate+merge+write)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
