"""``read_many``: many workbooks read in worker processes, results in input order.

Reports travel back to the parent pickled; an :class:`~govxl.schema.Edition` travels as its id so the
parent's reports share the registered edition objects (editions compare by identity).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.reduction import ForkingPickler

from govxl.editions import EDITIONS, get_edition
from govxl.errors import UnreadableFile
from govxl.report import Report
from govxl.schema import Edition

SERIAL_BELOW = 16  # fewer files than this are read in this process: starting workers would cost more


def _reduce_edition(edition: Edition) -> tuple[object, ...]:
    if EDITIONS.get(edition.id) is edition:
        return get_edition, (edition.id,)
    return object.__reduce_ex__(edition, 2)


ForkingPickler.register(Edition, _reduce_edition)


def read_one(path: str) -> list[Report] | UnreadableFile:
    """Every report of ``path``, or why it cannot be read (an internal error is reported, not raised)."""
    from govxl.reader import read_all

    try:
        return read_all(path)
    except UnreadableFile as exc:
        return exc
    except Exception as exc:  # one odd file must not stop a county's batch
        return UnreadableFile(path, f"govxl 读取时出现内部错误（{type(exc).__name__}），请将此文件反馈给 govxl 开发者")


def _read_in_worker(path: str) -> list[Report] | tuple[str, str]:
    result = read_one(path)
    return (result.path, result.reason) if isinstance(result, UnreadableFile) else result  # exceptions pickle badly


def read_many(paths: Iterable[str | os.PathLike[str]], workers: int | None = None
              ) -> Iterator[tuple[str, list[Report] | UnreadableFile]]:
    """(path, its reports or why it is unreadable) for each path, in input order.

    ``workers``: processes to use (default: one per CPU; 1 reads in this process).
    """
    files = [os.fspath(p) for p in paths]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(files) < SERIAL_BELOW:
        for path in files:
            yield path, read_one(path)
        return
    chunk = max(1, min(64, len(files) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for path, result in zip(files, pool.map(_read_in_worker, files, chunksize=chunk)):
            yield path, UnreadableFile(*result) if isinstance(result, tuple) else result
