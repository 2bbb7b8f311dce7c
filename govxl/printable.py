"""Text from received files made safe to show: file names as a person reads them, no control characters.

A file name that is not valid UTF-8 (a zip made on Chinese Windows, unpacked on Linux) is decoded as
GB18030; control characters (an ESC sequence, a newline) are shown as visible escapes, so that nothing a
file carries can retitle a terminal or print a fake line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')  # Windows' rule, the strictest


def printable(text: str) -> str:
    """``text`` with control and bidirectional-override characters shown as ``\\x1b``-style escapes."""
    text = decoded(text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def name_part(text: str) -> str:
    """``text`` (a unit's name) fit to be part of a file name govxl writes: characters no file system allows
    (path separators, ``:*?"<>|``, control characters) replaced by ``_``."""
    return _NOT_IN_FILE_NAMES.sub("_", text)


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def decoded(name: str) -> str:
    """A file-system name as its user would read it: bytes that are not UTF-8 decoded as GB18030."""
    if not _has_surrogates(name):
        return name
    if os.sep in name:  # each part of a path on its own: a GBK name inside UTF-8 folders
        return os.sep.join(decoded(part) for part in name.split(os.sep))
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def file_name(path: str | os.PathLike[str], roots: Iterable[str | os.PathLike[str]] = ()) -> str:
    """``path`` to show: relative to the first of ``roots`` (input folders) that holds it, decoded, printable."""
    path = Path(path)
    for root in roots:
        try:
            path = path.relative_to(root)
            break
        except ValueError:
            continue
    return printable(str(path))
