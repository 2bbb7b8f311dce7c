"""Text for the terminal: columns of mixed Chinese and ASCII text aligned, lines printed safely."""

from __future__ import annotations

import unicodedata

from govxl.printable import printable


def say(text: str) -> None:
    """Print one line; what files carry (names, unit names) never reaches the terminal raw."""
    print(printable(text))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    """``text`` filled with spaces to ``columns`` terminal columns, and at least one space after it."""
    return text + " " * max(columns - width(text), 1)
