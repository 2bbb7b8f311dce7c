"""Recognising a report govxl rendered: each writer records :data:`MARK` (a Word file in its core properties'
identifier, a page in a ``<meta name="generator">``), so an output may replace it (``--force``) and nothing else."""

from __future__ import annotations

import os
import zipfile
from typing import Final

MARK: Final = "govxl-rendered-report"
RENDERED: Final = "rendered"  # the kind of govxl output a rendered report is (govxl.reader.origin)
_HEAD = 64 * 1024  # a page records the mark in its head
_CORE = "docProps/core.xml"
_CORE_CAP = 1 << 20


def rendered(path: str | os.PathLike[str]) -> bool:
    """Whether the regular file at ``path`` is a report govxl rendered (a link or anything unreadable: no)."""
    try:
        if os.path.islink(path) or not os.path.isfile(path):
            return False
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                info = z.getinfo(_CORE)
                return info.file_size <= _CORE_CAP and MARK.encode() in z.read(info)
        with open(path, "rb") as fh:
            return MARK.encode() in fh.read(_HEAD)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
