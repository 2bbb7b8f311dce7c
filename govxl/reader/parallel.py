"""``read_many``: many workbooks read in worker processes, results in input order.

Reports travel back to the parent pickled; an :class:`~govxl.schema.Edition` travels as its id so the
parent's reports share the registered edition objects (editions compare by identity).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.reduction import ForkingPickler
from typing import Any, TypeVar

from govxl.editions import EDITIONS, get_edition
from govxl.errors import UnreadableFile
from govxl.findings import Findings
from govxl.report import Report
from govxl.schema import Edition

SERIAL_BELOW = 16  # fewer files than this are read in this process: starting workers would cost more
T = TypeVar("T")


def _reduce_edition(edition: Edition) -> Any:
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


def read_checked(path: str) -> list[tuple[Report, Findings]] | UnreadableFile:
    """:func:`read_one`, each report with its one-report findings (``validate(report)``)."""
    from govxl.rules import validate

    result = read_one(path)
    return result if isinstance(result, UnreadableFile) else [(report, validate(report)) for report in result]


def map_files(fn: Callable[[str], T], paths: Iterable[str | os.PathLike[str]], workers: int | None = None, *,
              initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
              ) -> Iterator[tuple[str, T]]:
    """(path, ``fn(path)``) for each path, in input order; ``fn`` runs in worker processes where it pays.

    ``workers``: processes to use (default: one per CPU; 1 runs in this process). ``fn`` must be a
    module-level function (it is pickled by name). ``initializer(*initargs)`` prepares each process that
    runs ``fn`` (this one included, when it does).
    """
    files = [os.fspath(p) for p in paths]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(files) < SERIAL_BELOW:
        if initializer is not None:
            initializer(*initargs)
        for path in files:
            yield path, fn(path)
        return
    chunk = max(1, min(64, len(files) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs) as pool:
        yield from zip(files, pool.map(fn, files, chunksize=chunk))


def read_many(paths: Iterable[str | os.PathLike[str]], workers: int | None = None
              ) -> Iterator[tuple[str, list[Report] | UnreadableFile]]:
    """(path, its reports or why it is unreadable) for each path, in input order.

    ``workers``: processes to use (default: one per CPU; 1 reads in this process).
    """
    return map_files(read_one, paths, workers)
