"""Label matching for workbooks not made from the template: normalise, compare, align in order.

Real reports copy the official labels by hand: numbering `1、` for `1.`, half-width brackets, line
breaks and spaces inside, `，` for `、`, ASCII quotes, traditional characters, words added or dropped.
:func:`similarity` compares a found label with an official one after removing all of that;
:func:`align` pairs found items with expected ones in order, so position decides between look-alikes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import Indel

from govxl.chinese import simplified
from govxl.editions.common import WORDINGS

_DIGITS = "一二三四五六七八九十"
# Leading numbering: （一） (一) 一、 一. 1、 1. 1) （1）, or a bare Chinese numeral standing alone (group `三`).
_NUMBERING = re.compile(
    rf"^(?:\(([{_DIGITS}]+)\)|([{_DIGITS}]+)[、.]|(\d+)[、.)]|\((\d+)\)|([{_DIGITS}]+)$)"
)
_CIRCLED = re.compile("[\u2460-\u2473]")  # ①…⑳, which NFKC would turn into a bare digit run into the text
ACCEPT = 0.55  # below this, two labels are not the same item
WORDING = 0.9  # another wording of an official label (editions.common.WORDINGS): taken, and noted as such


def clean(text: object, *, simplify: bool = True) -> str:
    """Width-normalised, simplified text without any whitespace (keeps punctuation).

    With ``simplify=False`` the characters keep their script: ``simplified(clean(t, simplify=False))``
    is ``clean(t)``, character for character (so a match in one locates the text in the other).
    """
    return _clean(str(text or ""), simplify)


@lru_cache(maxsize=1 << 14)  # a cell's text is cleaned for every label it is compared with
def _clean(text: str, simplify: bool) -> str:
    t = "".join(unicodedata.normalize("NFKC", text).split())
    return simplified(t) if simplify else t


def _strip_punctuation(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")


def split_numbering(text: object) -> tuple[str, str]:
    """(numbering, body) of a label: ``'1、属于国家秘密'`` -> ``('1', '属于国家秘密')``.

    Bracketed numbering keeps its brackets (``'(一)'``) so that it differs from ``'一'`` (``一、``);
    a circled number is its digits (``'①属于国家秘密'`` -> ``('1', '属于国家秘密')``).
    """
    return _split_numbering(str(text or ""))


@lru_cache(maxsize=1 << 16)  # a document's labels are compared with every official one, for each edition
def _split_numbering(text: str) -> tuple[str, str]:
    t = clean(_CIRCLED.sub(lambda m: f"{ord(m[0]) - 0x245F}.", text))
    m = _NUMBERING.match(t)
    if not m:
        return "", _strip_punctuation(t)
    chinese_bracketed, chinese, arabic, arabic_bracketed, bare = m.groups()
    number = f"({chinese_bracketed})" if chinese_bracketed else chinese or arabic or arabic_bracketed or bare
    return number, _strip_punctuation(t[m.end():])


def body(text: object) -> str:
    """The comparable form of a label: no numbering, punctuation, whitespace, width or script variants."""
    return split_numbering(text)[1]


@lru_cache(maxsize=1 << 16)  # a document's labels are compared with every official one, for each edition
def similarity(found: str | None, official: str | None) -> float:
    """How likely ``found`` is ``official`` written differently: 1.0 same wording, 0 unrelated.

    Words added or dropped (a heading with extra words, a note appended in brackets) keep a high score
    that shrinks with the share of extra characters; matching numbering adds a little, differing
    numbering takes a little off, so position and numbering can tell look-alikes apart.
    """
    n1, b1 = split_numbering(found)
    n2, b2 = split_numbering(official)
    if not b1:  # a bare numeral such as the group label `三`
        return 0.6 if n1 and n1.strip("()") == n2.strip("()") else 0.0
    if b1 == b2:
        score = 1.0
    elif b1 in WORDINGS.get(b2, ()):
        score = WORDING
    else:
        short, long_ = sorted((b1, b2), key=len)
        contained = 0.6 + 0.4 * len(short) / len(long_) if short and short in long_ else 0.0
        score = max(contained, Indel.normalized_similarity(b1, b2))  # 2·LCS / (len1 + len2)
    if n1 and n2:
        score += 0.05 if n1 == n2 else -0.15
    return score


def align(n: int, m: int, score: Callable[[int, int], float], accept: float = ACCEPT) -> list[tuple[int, int, float]]:
    """Pair items ``0..n-1`` found with items ``0..m-1`` expected, both in order, maximising total score.

    ``score(i, j)`` below ``accept`` never pairs. Returns ``(i, j, score)`` for each pair; the items left
    out are extra (found) or missing (expected).
    """
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    scores = [[score(i, j) for j in range(m)] for i in range(n)]
    for i in range(n - 1, -1, -1):
        row, below, row_scores = best[i], best[i + 1], scores[i]
        for j in range(m - 1, -1, -1):  # the best of pairing (i, j), leaving i out, leaving j out
            kept = below[j] if below[j] >= row[j + 1] else row[j + 1]
            s = row_scores[j]
            row[j] = s + below[j + 1] if s >= accept and s + below[j + 1] > kept else kept
    pairs: list[tuple[int, int, float]] = []
    i = j = 0
    while i < n and j < m:
        s = scores[i][j]
        if s >= accept and best[i][j] == s + best[i + 1][j + 1]:
            pairs.append((i, j, s))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
