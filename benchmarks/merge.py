"""Merge N generated workbooks and time each stage, against a plain openpyxl read loop.

    .venv/bin/python benchmarks/merge.py            # 1000 workbooks
    .venv/bin/python benchmarks/merge.py --n 10000

The workbooks are filled official templates, each from its own unit (``workload.py``: generated once,
kept for the next run, not timed). The openpyxl loop (open each workbook, read every value key by its
defined name, add them up) runs on a sample and is extrapolated to N.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from workload import EDITION, workbooks

from govxl.consolidation import combine, receive

E = EDITION


def cpu_seconds() -> float:
    """CPU time of this process and of its finished workers: the work done, whatever else shares the cores."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def openpyxl_loop(paths: list[Path]) -> tuple[float, float]:
    """Seconds (elapsed, CPU) the plain approach takes: open each workbook, read each value key by name, add up."""
    import openpyxl

    keys = [f.key for f in EDITION.value_fields]
    sums = dict.fromkeys(keys, 0.0)
    start, cpu = time.perf_counter(), cpu_seconds()
    for path in paths:
        wb = openpyxl.load_workbook(path, data_only=True)
        for key in keys:
            sheet, ref = next(iter(wb.defined_names[key].destinations))
            value = wb[sheet][ref.replace("$", "")].value
            sums[key] += value if isinstance(value, (int, float)) else 0
    return time.perf_counter() - start, cpu_seconds() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--sample", type=int, default=100, help="files the openpyxl loop reads (extrapolated)")
    args = parser.parse_args()
    paths = workbooks(args.n)
    print(f"{args.n} workbooks in {paths[0].parent}")
    out = paths[0].parent.with_name(f"govxl-bench-汇总-{args.n}.xlsx")
    out.unlink(missing_ok=True)  # the last run's, which govxl would keep, writing beside it

    t0, cpu0 = time.perf_counter(), cpu_seconds()
    entries = list(receive(paths, workers=args.workers))  # the workers have ended: their CPU time is counted
    t1, cpu1 = time.perf_counter(), cpu_seconds()
    result = combine(entries, name="基准")
    t2, cpu2 = time.perf_counter(), cpu_seconds()
    out = result.write(out)
    t3, cpu3 = time.perf_counter(), cpu_seconds()
    total, cpu = t3 - t0, cpu3 - cpu0
    print(f"read+validate {t1 - t0:7.2f} s  ({(t1 - t0) / args.n * 1000:.2f} ms per workbook;"
          f" cpu {cpu1 - cpu0:.2f} s, {(cpu1 - cpu0) / args.n * 1000:.2f} ms per workbook)")
    print(f"sum+rules     {t2 - t1:7.2f} s  (cpu {cpu2 - cpu1:.2f} s)")
    print(f"write         {t3 - t2:7.2f} s  (cpu {cpu3 - cpu2:.2f} s) -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    print(f"total         {total:7.2f} s  for {len(result.adopted)} adopted reports, {len(result.findings)} findings")
    print(f"cpu           {cpu:7.2f} s  (this process and its workers)")
    peak, worker = (resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak memory   {peak:7.0f} MB (this process; the largest worker process {worker:.0f} MB)")

    sample = paths[: min(args.sample, len(paths))]
    plain, plain_cpu = (t * len(paths) / len(sample) for t in openpyxl_loop(sample))
    print(f"openpyxl loop {plain:7.2f} s  (read and add only, one process; {len(sample)} files timed, extrapolated;"
          f" cpu {plain_cpu:.2f} s)")
    print(f"ratio         {plain / total:7.1f}x  (openpyxl loop / govxl read+validate+merge+write; cpu {plain_cpu / cpu:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
