"""A batch of received files: every input accounted for, hostile or broken files never stop the rest."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from govxl.errors import UnreadableFile, UsageError
from govxl.findings import Findings
from govxl.report import Report

T = TypeVar("T")


@dataclass
class Loaded:
    """One received file: its reports, or why it could not be read."""

    path: Path
    reports: list[Report] = field(default_factory=list)
    error: UnreadableFile | None = None
    sha256: str = ""
    mtime: float = 0.0
    checked: list[Findings] | None = None  # load(validate=True): each report's one-report findings

    @property
    def readable(self) -> bool:
        return self.error is None


def collect(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, and every file below folders named (sorted); links are listed, never followed."""
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir() and not path.is_symlink():
            found: list[Path] = []
            for folder, dirs, files in os.walk(path):  # followlinks=False: linked folders are listed, not entered
                found.extend(Path(folder) / name for name in files)
                found.extend(Path(folder) / name for name in dirs if os.path.islink(os.path.join(folder, name)))
            out.extend(sorted(found))
        elif path.exists() or path.is_symlink():
            out.append(path)  # a link is refused by the reader
        else:
            raise UsageError(f"找不到文件或文件夹：{path}")
    return out


def progress_bar(items: Iterator[T], total: int, what: str) -> Iterator[T]:
    """``items``, with a progress bar on the terminal once they take more than a moment."""
    from tqdm import tqdm

    return iter(tqdm(items, total=total, desc=what, unit="个文件", delay=1.5, leave=False))


def fingerprint(path: Path) -> tuple[str, float]:
    """The SHA-256 and modification time of ``path`` (empty and 0 if it cannot be read)."""
    if path.is_symlink():
        return "", 0.0  # never followed
    try:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest(), path.stat().st_mtime
    except OSError:
        return "", 0.0


def load(inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None, progress: bool = False,
         validate: bool = False) -> list[Loaded]:
    """Read every file of ``inputs`` (files and folders), in parallel where it pays, in input order.

    ``validate``: also run the one-report rules where each file is read (``Loaded.checked``).
    """
    return list(iter_load(inputs, workers=workers, progress=progress, validate=validate))


def iter_load(inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
              progress: bool = False, validate: bool = False) -> Iterator[Loaded]:
    """:func:`load` one file at a time, so a caller can keep what it needs of each and let the rest go."""
    from govxl.reader.parallel import map_files, read_checked, read_one

    paths = collect(inputs)
    results: Iterator[tuple[str, list[Report] | list[tuple[Report, Findings]] | UnreadableFile]]
    results = map_files(read_checked if validate else read_one, paths, workers)
    if progress:
        results = progress_bar(results, len(paths), "读取")
    for name, outcome in results:
        path = Path(name)
        digest, mtime = fingerprint(path)
        if isinstance(outcome, UnreadableFile):
            yield Loaded(path, error=outcome, sha256=digest, mtime=mtime)
        elif validate:
            pairs = cast(list[tuple[Report, Findings]], outcome)
            yield Loaded(path, reports=[r for r, _ in pairs], checked=[f for _, f in pairs], sha256=digest, mtime=mtime)
        else:
            yield Loaded(path, reports=cast(list[Report], outcome), sha256=digest, mtime=mtime)
