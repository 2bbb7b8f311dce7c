"""The batch rule ``outlier``: a unit's headline figure far out of line with its peers or its own last year.

Deliberately conservative — a warning the county verifies, not a verdict: a figure is flagged only when
it is at least ``FLOOR`` and more than ``FACTOR`` times the median of the other units of the same 单位类别
(at least ``MIN_PEERS`` of them), or than the unit's own figure of the year before.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence

from govxl.consolidation.received import Entry
from govxl.consolidation.select import batch_finding
from govxl.findings import Finding
from govxl.rules import rule
from govxl.rules.engine import fmt
from govxl.schema import Edition

FACTOR = 10
FLOOR = 20
MIN_PEERS = 5


def outliers(adopted: list[Entry], edition: Edition) -> Iterator[Finding]:
    """One finding per (unit, headline figure) far above its peers' median or its own last year."""
    peers: dict[str, list[Entry]] = defaultdict(list)
    for e in adopted:
        peers[e.read.meta.get("meta_level", "")].append(e)
    for key in edition.sets.get(rule("outlier").foreach or "", ()):
        for level, group in peers.items():
            found = [e.read.of_key(key) for e in group]
            ranked = sorted(f[0] for f in found if f is not None)  # sorted once per (figure, 单位类别)
            for e, here in zip(group, found):
                if here is None or here[0] < FLOOR:
                    continue
                x, cell = here
                median = median_without(ranked, x) if len(ranked) - 1 >= MIN_PEERS else None
                last = e.prior.of_key(key) if e.prior is not None else None
                if median is not None and x > FACTOR * max(median, 1):
                    what = f"同类单位（{level or '未填单位类别'}）的中位数{fmt(median)}"
                elif last is not None and x > FACTOR * max(last[0], 1):
                    what = f"本单位上年的{fmt(last[0])}"
                else:
                    continue
                yield batch_finding("outlier", unit=e.unit, file=e.file, cells=(cell,), cell=cell.label,
                                    value=fmt(x), peers=what)


def median_without(ranked: Sequence[float], x: float) -> float:
    """The median of the sorted ``ranked`` with one ``x`` (one of its values) left out: the others' median."""
    gap = bisect_left(ranked, x)
    n = len(ranked) - 1

    def at(i: int) -> float:  # the i-th of the others
        return ranked[i + 1] if i >= gap else ranked[i]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2
