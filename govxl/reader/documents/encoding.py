"""Text of a received document whose encoding nobody declared: a byte-order mark, else UTF-8, else GB18030."""

from __future__ import annotations

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, *, partial: bool = False) -> str | None:
    """``data`` as text, or None if it is not text (a NUL byte outside UTF-16, or no encoding decodes it).
    A character cut at the end is tolerated when ``partial`` (the head of a file)."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")  # Notepad's "Unicode"; a cut pair costs one character
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        cut = data
        for _ in range(4 if partial else 1):
            try:
                return cut.decode(encoding)
            except UnicodeDecodeError as exc:
                if not partial or exc.start < len(cut) - 3:
                    break
                cut = cut[:exc.start]
    return None
