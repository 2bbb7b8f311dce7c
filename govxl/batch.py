"""A batch of received files: every input accounted for, hostile or broken files never stop the rest."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from govxl.errors import UnreadableFile, UsageError
from govxl.files import TEMP_PREFIX
from govxl.findings import Findings
from govxl.printable import decoded, printable
from govxl.reader.safety import open_regular
from govxl.report import Report

T = TypeVar("T")


@dataclass
class Loaded:
    """One received file: its reports, or why it could not be read."""

    path: Path
    reports: list[Report] = field(default_factory=list)
    error: UnreadableFile | None = None
    ignored: str | None = None  # why the file is not a report at all (not read)
    sha256: str = ""
    mtime: float = 0.0
    checked: list[Findings] | None = None  # load(validate=True): each report's one-report findings

    @property
    def readable(self) -> bool:
        return self.error is None and self.ignored is None


def collect(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, and every file below folders named (sorted); links are listed, never followed.

    A sub-folder that cannot be opened is listed itself (the reader says why); any depth is walked.
    """
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir() and not path.is_symlink():
            out.extend(sorted(_walk(path)))
        elif path.exists() or path.is_symlink():
            out.append(path)  # a link is refused by the reader
        else:
            raise UsageError(f"找不到文件或文件夹：{printable(str(path))}")
    return out


def _walk(top: Path) -> Iterator[Path]:
    """Every file below ``top``, without recursion; linked folders and folders that cannot be opened are listed."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            yield folder
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                    continue
            except OSError:
                pass
            yield Path(entry.path)


_SYSTEM_FILES = {
    "thumbs.db": "Windows 生成的缩略图缓存", "ehthumbs.db": "Windows 生成的缩略图缓存",
    "desktop.ini": "Windows 生成的文件夹设置", ".ds_store": "macOS 生成的文件夹设置",
}


def ignored(path: Path) -> str | None:
    """Why ``path`` is not a report at all and is passed over (None: it is to be read)."""
    name = decoded(path.name)
    if name.lower() in _SYSTEM_FILES:
        return f"{_SYSTEM_FILES[name.lower()]}，不是报告"
    if name.startswith("~$"):
        return "Excel/WPS 的临时锁定文件（有人正打开该工作簿时产生），不是报告"
    if name.startswith(".~lock.") and name.endswith("#"):
        return "LibreOffice 的临时锁定文件（有人正打开该工作簿时产生），不是报告"
    if name.startswith(TEMP_PREFIX):
        return "govxl 写文件中断时留下的临时文件，不是报告"
    if name.startswith("._"):
        return "macOS 复制文件时附带的资源文件，不是报告"
    return None


def progress_bar(items: Iterator[T], total: int, what: str) -> Iterator[T]:
    """``items``, with a progress bar once they take more than a moment — only where someone watches: a
    notebook's widget in Jupyter, a text bar when standard error is a terminal, none otherwise."""
    import sys

    if in_notebook():
        from tqdm.auto import tqdm
    elif sys.stderr.isatty():
        from tqdm import tqdm
    else:
        return items
    return iter(tqdm(items, total=total, desc=what, unit="个文件", delay=1.5, leave=False))


def in_notebook() -> bool:
    """Whether this process is a Jupyter kernel (an IPython shell that has a kernel)."""
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None  # type: ignore[attr-defined]
    return getattr(shell, "kernel", None) is not None


def fingerprint(path: Path) -> tuple[str, float]:
    """The SHA-256 and modification time of ``path`` (empty and 0 if it is not a regular file that can be read)."""
    try:
        digest = hashlib.sha256()
        with open_regular(str(path)) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
            return digest.hexdigest(), os.fstat(fh.fileno()).st_mtime
    except (OSError, UnreadableFile):
        return "", 0.0


def load(inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None, progress: bool = False,
         validate: bool = False) -> list[Loaded]:
    """Read every file of ``inputs`` (files and folders), in parallel where it pays, in input order.

    ``validate``: also run the one-report rules where each file is read (``Loaded.checked``).
    """
    return list(iter_load(inputs, workers=workers, progress=progress, validate=validate))


def each_file(paths: list[Path], fn: Callable[[str], T], *, killed: Callable[[str], T], workers: int | None = None,
              progress: str | None = None, initializer: Callable[..., None] | None = None,
              initargs: tuple[Any, ...] = ()) -> Iterator[tuple[Path, str | None, T | None]]:
    """(path, why it is ignored, None) or (path, None, ``fn(path)``) for each of ``paths``, in order.

    ``fn`` runs in worker processes (:func:`govxl.reader.parallel.map_files`); ``progress``: a progress bar's
    caption (the bar shows only on a terminal).
    """
    from govxl.reader.parallel import map_files

    passed = {p: why for p in paths if (why := ignored(p))}
    results = map_files(fn, [p for p in paths if p not in passed], workers, killed=killed,
                        initializer=initializer, initargs=initargs)
    if progress:
        results = progress_bar(results, len(paths) - len(passed), progress)
    for path in paths:
        if path in passed:
            yield path, passed[path], None
        else:
            _, outcome = next(results)
            yield path, None, outcome


def iter_load(inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
              progress: bool = False, validate: bool = False) -> Iterator[Loaded]:
    """:func:`load` one file at a time, so a caller can keep what it needs of each and let the rest go."""
    from govxl.reader.parallel import killed_read, read_checked, read_one

    fn: Callable[[str], list[Report] | list[tuple[Report, Findings]] | UnreadableFile]
    fn = read_checked if validate else read_one
    for path, why, outcome in each_file(collect(inputs), fn, killed=killed_read, workers=workers,
                                        progress="读取" if progress else None):
        if why is not None:
            yield Loaded(path, ignored=why)
            continue
        digest, mtime = fingerprint(path)
        if isinstance(outcome, UnreadableFile):
            yield Loaded(path, error=outcome, sha256=digest, mtime=mtime)
        elif validate:
            pairs = cast(list[tuple[Report, Findings]], outcome)
            yield Loaded(path, reports=[r for r, _ in pairs], checked=[f for _, f in pairs], sha256=digest, mtime=mtime)
        else:
            yield Loaded(path, reports=cast(list[Report], outcome), sha256=digest, mtime=mtime)
