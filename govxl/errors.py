"""govxl's exceptions: misuse by the caller vs. problems with a file.

Both subclass the matching built-in, so existing ``except ValueError`` / ``except OSError`` clauses work.
Messages are Chinese, name the file and say what to do.
"""

from __future__ import annotations


class GovxlError(Exception):
    """Base of every govxl exception."""


class UsageError(GovxlError, ValueError):
    """The caller asked for something govxl cannot do (unknown edition, bad argument)."""


class UnreadableFile(GovxlError, OSError):
    """A file is not a readable report: damaged, encrypted, not a workbook, too large, not the form.

    ``reason`` is one plain-Chinese sentence for the person who sent the file. ``origin`` names what govxl
    itself wrote when the file is one of its own outputs that holds no report (an annotated copy of an
    unreadable file): see :mod:`govxl.reader.origin`.
    """

    def __init__(self, path: str, reason: str, origin: str | None = None) -> None:
        super().__init__(f"{path}：{reason}")
        self.path = path
        self.reason = reason
        self.origin = origin

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None]]:  # crosses process boundaries (read_many)
        return type(self), (self.path, self.reason, self.origin)
