"""Unit names as counties write them: 全称/简称, 人民政府 suffixes, full-/half-width, stray spaces."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_SUFFIXES = ("人民政府办公室", "人民政府", "政府", "办事处")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_CONSOLIDATED = "汇总"  # a county's consolidated report names the county: 某某县汇总 is 某某县


def normalize_unit(name: str) -> str:
    """The comparable form of a unit name: ``' 拖船镇人民政府 '`` and ``'拖船镇'`` give ``'拖船镇'``."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", name))
    text = text.replace("(", "（").replace(")", "）")
    if text.endswith(_CONSOLIDATED) and len(text) > len(_CONSOLIDATED) + 1:
        text = text[: -len(_CONSOLIDATED)]
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            # keep 人民政府办公室 distinct from the government itself
            return text[: -len(suffix)] + ("办公室" if suffix == "人民政府办公室" else "")
    return text


class UnitIndex:
    """Candidate names indexed for :meth:`match`: a province's thousands of units match in constant time."""

    def __init__(self, candidates: Iterable[str] = ()) -> None:
        self.names: list[str] = []
        self._exact: dict[str, list[str]] = {}
        self._tails: dict[str, list[str]] = {}  # every ending (2+ characters) of a normalised name -> names
        for name in candidates:
            self.add(name)

    def add(self, name: str) -> None:
        self.names.append(name)
        norm = normalize_unit(name)
        self._exact.setdefault(norm, []).append(name)
        for i in range(len(norm) - 1):
            self._tails.setdefault(norm[i:], []).append(name)

    def match(self, name: str) -> str | None:
        """The candidate that names the same unit as ``name``, if exactly one does."""
        target = normalize_unit(name)
        exact = self._exact.get(target, [])
        if exact:
            return exact[0] if len(exact) == 1 else None
        # a longer official name that ends with the short one (某某县拖船镇 / 拖船镇), either way round
        tail = dict.fromkeys(self._tails.get(target, []) if len(target) >= 2 else [])
        for i in range(1, len(target) - 1):
            tail.update(dict.fromkeys(self._exact.get(target[i:], [])))
        return next(iter(tail)) if len(tail) == 1 else None


    def named_in(self, text: str) -> str | None:
        """The one candidate whose name (full or short) is written in ``text`` (a file name), if exactly one is;
        of names inside one another (城关镇 / 城关镇政府) the longest counts."""
        target = normalize_unit(text)
        found = {norm: names for norm, names in self._exact.items() if len(norm) >= 2 and norm in target}
        longest = [n for n in found if not any(n != m and n in m for m in found)]
        names = {name for n in longest for name in found[n]}
        return names.pop() if len(names) == 1 else None


def match_unit(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate that names the same unit as ``name``, if exactly one does."""
    return UnitIndex(candidates).match(name)


def suggest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The closest candidate names, best first (for a unit that is not on the roster)."""
    target = normalize_unit(name)
    scored = [(difflib.SequenceMatcher(None, target, normalize_unit(c)).ratio(), c) for c in candidates]
    return [c for score, c in sorted(scored, key=lambda x: -x[0]) if score >= 0.5][:n]
