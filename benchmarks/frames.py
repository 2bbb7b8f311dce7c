"""Frames of N generated reports — wide, long and a panel — against the cost of reading them.

    .venv/bin/python benchmarks/frames.py            # 1000 workbooks
    .venv/bin/python benchmarks/frames.py --n 10000

Reading is ``govxl.read_many`` (read and validate in worker processes). Each frame is timed alone, then built
again under tracemalloc for the peak memory it takes beyond the collection; the frame's own size is
``memory_usage(deep=True)``. Targets: all frames together under 10 % of the reading time, the long frame of
10,000 reports under 500 MB.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable

import pandas as pd
from workload import workbooks

import govxl


def measured(build: Callable[[], pd.DataFrame]) -> tuple[pd.DataFrame, float, float]:
    """(the frame, seconds to build it, peak MB allocated while building it)."""
    gc.collect()
    start = time.perf_counter()
    frame = build()
    seconds = time.perf_counter() - start
    del frame
    gc.collect()
    tracemalloc.start()
    frame = build()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return frame, seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    paths = workbooks(args.n)
    print(f"{args.n} workbooks in {paths[0].parent}")

    start = time.perf_counter()
    reports = govxl.read_many(paths, workers=args.workers, progress=False)
    reading = time.perf_counter() - start
    print(f"read_many     {reading:7.2f} s  ({reading / args.n * 1000:.2f} ms per workbook, {len(reports)} reports)")

    total = 0.0
    for name, build in (("wide", lambda: reports.to_frame("wide")), ("long", lambda: reports.to_frame("long")),
                        ("panel", reports.panel)):
        frame, seconds, peak = measured(build)
        total += seconds
        size = frame.memory_usage(deep=True).sum() / 1e6
        print(f"{name:<13} {seconds:7.2f} s  ({seconds / reading:6.1%} of reading)  {frame.shape[0]:>9,} × "
              f"{frame.shape[1]:<4} {size:7.1f} MB, peak {peak:7.1f} MB while built")
        del frame
    print(f"frames        {total:7.2f} s  ({total / reading:6.1%} of reading; target under 10 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
