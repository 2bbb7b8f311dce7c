"""Many workbooks read in worker processes (``map_files``, ``read_each``), results in input order.

A batch survives its workers: a worker the operating system kills (out of memory on a pathological file)
costs only the file it was reading, which is reported as unreadable, and the rest go on. Workers die with
the command: they never outlive a parent that was killed.

Reports travel back to the parent pickled; an :class:`~govxl.schema.Edition` pickles as its registry id
(``Edition.__reduce_ex__``), so the parent's reports share the registered edition objects.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from govxl.errors import UnreadableFile
from govxl.findings import Findings
from govxl.report import Report

SERIAL_BELOW = 16  # fewer files than this are read in this process: starting workers would cost more
WORKER_MEMORY = 4 << 30  # address space a worker may take: a pathological file fails there, not the machine
# Reading a file keeps thousands of objects alive at once (cells, values, sources), freed by reference counting:
# a search for cycles every 700 new ones (Python's default) costs a worker some 4% of its time, every 20 000 1%.
WORKER_GC = (20_000, 20, 20)
KILLED = "govxl 读取此文件时，读取进程被系统终止（可能是文件异常导致内存不足），已跳过此文件。请让报送单位用 Excel 重新保存后发送"
T = TypeVar("T")


def read_one(path: str) -> list[Report] | UnreadableFile:
    """Every report of ``path``, or why it cannot be read (an internal error is reported, not raised)."""
    from govxl.reader import read_all

    if os.path.isdir(path) and not os.path.islink(path):  # batch.collect lists a folder only if it cannot be opened
        return UnreadableFile(path, f"这个文件夹无法打开（{_why_closed(path)}），其中的文件没有读取。请处理后重试")
    try:
        return read_all(path)
    except UnreadableFile as exc:
        return exc
    except Exception as exc:  # one odd file must not stop a county's batch
        return UnreadableFile(path, f"govxl 读取时出现内部错误（{type(exc).__name__}），请将此文件反馈给 govxl 开发者")


def _why_closed(folder: str) -> str:
    from govxl.files import os_reason

    try:
        os.scandir(folder).close()
    except OSError as exc:
        return os_reason(exc)
    return "读取时出错"


def read_checked(path: str) -> list[tuple[Report, Findings]] | UnreadableFile:
    """:func:`read_one`, each report with its one-report findings (``validate(report)``)."""
    from govxl.rules import validate

    result = read_one(path)
    return result if isinstance(result, UnreadableFile) else [(report, validate(report)) for report in result]


def killed_read(path: str) -> UnreadableFile:
    """What :func:`read_one` says of a file whose reading process was killed."""
    return UnreadableFile(path, KILLED)


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Tie the worker's life to its parent's, cap its memory, then run the caller's initializer."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > WORKER_MEMORY:
            resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, hard))
    except (ImportError, ValueError, OSError):
        pass
    gc.set_threshold(*WORKER_GC)
    if initializer is not None:
        initializer(*initargs)


def _apply(fn: Callable[[str], T], paths: list[str]) -> list[T]:
    return [fn(p) for p in paths]


def map_files(fn: Callable[[str], T], paths: Iterable[str | os.PathLike[str]], workers: int | None = None, *,
              killed: Callable[[str], T], initializer: Callable[..., None] | None = None,
              initargs: tuple[Any, ...] = ()) -> Iterator[tuple[str, T]]:
    """(path, ``fn(path)``) for each path, in input order; ``fn`` runs in worker processes where it pays.

    ``workers``: processes to use (default: one per CPU; 1 runs in this process). ``fn`` must be a
    module-level function (it is pickled by name). ``initializer(*initargs)`` prepares each process that
    runs ``fn`` (this one included, when it does). ``killed(path)`` is the outcome of a file whose worker
    process died while on it.
    """
    files = [os.fspath(p) for p in paths]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(files) < SERIAL_BELOW:
        if initializer is not None:
            initializer(*initargs)
        for path in files:
            yield path, fn(path)
        return
    yield from _Pooled(fn, files, workers, killed, initializer, initargs).run()


class _Pooled:
    """:func:`map_files` over a process pool that is restarted when a worker dies.

    After a death the unfinished files run one per task; the first of them runs alone in its own process,
    so that a file that kills every process reading it is found and reported, and the batch goes on.
    """

    def __init__(self, fn: Callable[[str], T], files: list[str], workers: int, killed: Callable[[str], T],
                 initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
        self.fn, self.files, self.workers, self.killed = fn, files, workers, killed
        self.init = (os.getpid(), initializer, initargs)
        self.done: dict[int, Any] = {}
        self.shown = 0  # results yielded so far (in input order)

    def ready(self) -> Iterator[tuple[str, Any]]:
        while self.shown in self.done:
            yield self.files[self.shown], self.done.pop(self.shown)
            self.shown += 1

    def run(self) -> Iterator[tuple[str, Any]]:
        todo = list(range(len(self.files)))
        chunk = max(1, min(64, len(todo) // (self.workers * 4)))
        while todo:
            if (yield from self.batch(todo, chunk, self.workers)):
                return
            todo = [i for i in todo if i not in self.done and i >= self.shown]
            first = todo.pop(0)  # alone: a file that kills its process is found
            if not (yield from self.batch([first], 1, 1)):
                self.done[first] = self.killed(self.files[first])
                yield from self.ready()
            chunk = 1

    def batch(self, todo: list[int], chunk: int, workers: int) -> Generator[tuple[str, Any], None, bool]:
        """Run ``todo`` in a fresh pool, yielding results as they come in order; False if a worker died
        (the results that did arrive are kept)."""
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=self.init)
        tasks: list[tuple[list[int], Future[list[Any]]]] = []
        try:
            for k in range(0, len(todo), chunk):
                part = todo[k:k + chunk]
                tasks.append((part, pool.submit(_apply, self.fn, [self.files[i] for i in part])))
            for part, future in tasks:
                try:
                    self.done.update(zip(part, future.result()))
                except BrokenProcessPool:
                    for other, f in tasks:  # keep what finished before the death
                        if f.done() and not f.cancelled() and f.exception() is None:
                            self.done.update(zip(other, f.result()))
                    yield from self.ready()
                    return False
                yield from self.ready()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return True


def read_each(paths: Iterable[str | os.PathLike[str]], workers: int | None = None
              ) -> Iterator[tuple[str, list[Report] | UnreadableFile]]:
    """(path, its reports or why it is unreadable) for each path, in input order — the low-level loop;
    :func:`govxl.read_many` gives the reports as one collection.

    ``workers``: processes to use (default: one per CPU; 1 reads in this process).
    """
    return map_files(read_one, paths, workers, killed=killed_read)
