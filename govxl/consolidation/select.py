"""Which received reports a merge adopts: year and edition, the roster, duplicates — each with its finding."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator

from govxl.consolidation.received import Entry, Status, UnitStatus
from govxl.consolidation.roster import Roster
from govxl.editions import EDITIONS, UnknownEdition, edition_for_year
from govxl.findings import CellRef, Finding
from govxl.printable import decoded
from govxl.reader.origin import KINDS
from govxl.rules import rule
from govxl.schema import Edition
from govxl.template.names import KIND_CONSOLIDATED
from govxl.units import UnitIndex


def batch_finding(rule_id: str, *, unit: str | None = None, file: str | None = None,
                  cells: tuple[CellRef, ...] = (), **params: object) -> Finding:
    """A finding of the batch rule ``rule_id`` about ``cells``, its message filled from ``params``."""
    r = rule(rule_id)
    message = r.message.format_map({"unit": unit or "", **{k: str(v) for k, v in params.items()}})
    return Finding(r.id, r.severity, message, cells, check=r.id, unit=unit, file=file)


def batch_year(entries: Iterable[Entry]) -> int | None:
    """The most common report year (the later one on a tie)."""
    years = Counter(e.figures.year for e in entries if e.figures and e.figures.year is not None)
    return max(years, key=lambda y: (years[y], y)) if years else None


def batch_edition(entries: list[Entry], year: int | None) -> Edition:
    """The edition in force for ``year``, else the most common edition received."""
    if year is not None:
        try:
            return edition_for_year(year)
        except UnknownEdition:
            pass
    editions = Counter(e.figures.edition.id for e in entries if e.figures)
    if not editions:
        return edition_for_year(dt.date.today().year - 1)
    return EDITIONS[max(editions, key=lambda i: (editions[i], i))]


def select(entries: list[Entry], roster: Roster, year: int | None, edition: Edition, *,
           exclude_invalid: bool = False, trusted_roster: bool = True) -> list[Finding]:
    """Give every entry its status and roster unit; return the batch findings.

    ``trusted_roster`` False means the roster is made of the received units themselves (nothing is unexpected).
    """
    found: list[Finding] = []
    by_unit: dict[str, list[Entry]] = {}
    present = UnitIndex(e.figures.unit for e in entries if e.figures and e.figures.unit and e.origin is None)
    for e in entries:
        if e.status is Status.IGNORED:
            continue
        if _govxl_output(e, present):
            continue
        if e.figures is None:
            e.status = Status.UNREADABLE
            e.reason = e.error.reason if e.error else "没有找到年度报告"
            unit = roster.named_in(decoded(e.path.stem))
            if unit is not None:
                e.roster_unit, e.inferred = unit.name, True
            found.append(batch_finding("unreadable", unit=e.roster_unit, file=e.file, reason=e.reason))
            continue
        f = e.figures
        if f.year != year or f.edition is not edition:
            e.status = Status.WRONG_YEAR if f.year != year else Status.WRONG_EDITION
            unit = roster.find(f.unit or "") or roster.named_in(decoded(e.path.stem))
            e.roster_unit = unit.name if unit else None
            if e.status is Status.WRONG_YEAR:
                e.reason = f"报告年度为{f.year or '（未填写）'}，本次汇总{year}年"
                found.append(batch_finding("wrong-year", unit=f.unit, file=e.file, value=f.year or "（未填写）",
                                           year=year))
            else:
                e.reason = f"使用{f.edition.id}年版格式，本次汇总使用{edition.id}年版"
                found.append(batch_finding("mixed-edition", unit=f.unit, file=e.file, value=f.edition.id,
                                           edition=edition.id))
            continue
        name = f.unit or decoded(e.path.stem)
        unit = roster.find(name)
        if unit is None and not trusted_roster:
            unit = roster.add(name)
        if unit is None:
            e.status = Status.UNEXPECTED
            names = roster.suggest(name)
            e.reason = f"可能是：{'、'.join(names)}" if names else "名单中没有相近的单位"
            suggestion = f"，最接近的名单单位：{'、'.join(names)}" if names else "，名单中也没有相近的单位"
            found.append(batch_finding("unexpected", unit=name, file=e.file, suggestion=suggestion))
            continue
        e.roster_unit = unit.name
        by_unit.setdefault(unit.name, []).append(e)
    for unit_name, group in by_unit.items():
        chosen = _choose(group)
        if len(group) > 1:
            found.append(_duplicate(unit_name, chosen, group))
        if exclude_invalid and chosen.errors:
            chosen.status = Status.EXCLUDED
            chosen.reason = f"有 {chosen.errors} 个错误，按要求不计入汇总"
    found.extend(_unit_findings(entries, roster))
    return found


def _govxl_output(e: Entry, present: UnitIndex) -> bool:
    """Whether ``e`` is govxl's own output and not a report to sum (its status set if so).

    A consolidated workbook is summed like a unit's report (a city merges its counties'), unless its
    member units were also received one by one (a county's earlier output beside its units).
    """
    if e.origin is None or e.origin == KIND_CONSOLIDATED and not any(present.match(m) for m in e.members):
        return False
    e.status = Status.GOVXL_OUTPUT
    e.reason = KINDS.get(e.origin, "govxl 生成的文件")
    if e.origin == KIND_CONSOLIDATED:
        e.reason += f"（共 {len(e.members)} 个单位，这些单位的报告已单独收到，不重复计入）"
    return True


def unit_status(entries: Iterable[Entry]) -> UnitStatus:
    """What a roster unit did, from the entries matched to it."""
    statuses = {e.status for e in entries}
    if statuses & {Status.ADOPTED, Status.DUPLICATE}:
        return UnitStatus.SUBMITTED
    return UnitStatus.RESUBMIT if statuses else UnitStatus.MISSING


def _unit_findings(entries: list[Entry], roster: Roster) -> Iterator[Finding]:
    """``missing`` for each roster unit that sent nothing, ``resubmit`` for each whose files cannot be used."""
    mine: dict[str, list[Entry]] = {}
    for e in entries:
        if e.roster_unit is not None:
            mine.setdefault(e.roster_unit, []).append(e)
    for unit in roster.units:
        group = mine.get(unit.name, [])
        status = unit_status(group)
        if status is UnitStatus.MISSING:
            yield batch_finding("missing", unit=unit.name)
        elif status is UnitStatus.RESUBMIT:
            reasons = "；".join(f"“{e.name}”{e.status.label}：{e.reason}" for e in group)
            yield batch_finding("resubmit", unit=unit.name, file=group[0].file, reason=reasons)


def _choose(group: list[Entry]) -> Entry:
    """The report to use: the later 填报日期, else the later file time, else the first received."""
    order = {id(e): i for i, e in enumerate(group)}
    best = max(group, key=lambda e: (e.read.date or dt.date.min, e.mtime, -order[id(e)]))
    for e in group:
        e.status = Status.ADOPTED if e is best else Status.DUPLICATE
    return best


def _why(chosen: Entry, others: list[Entry]) -> str:
    date = chosen.read.date
    dates = [o.read.date for o in others]
    if date is not None and all(d is None or d < date for d in dates):
        return f"填报日期较晚：{date.isoformat()}"
    if all(o.mtime < chosen.mtime for o in others):
        stamp = dt.datetime.fromtimestamp(chosen.mtime).strftime("%Y-%m-%d %H:%M")
        return f"填报日期相同或未填写，文件修改时间较晚：{stamp}"
    if all(o.sha256 == chosen.sha256 for o in others):
        return "各份文件内容完全相同"
    return "填报日期和文件时间都无法区分，采用了最先读到的一份"


def _duplicate(unit: str, chosen: Entry, group: list[Entry]) -> Finding:
    others = [e for e in group if e is not chosen]
    why = _why(chosen, others)
    for o in others:
        o.reason = f"采用了“{chosen.name}”（{why}）"
    chosen.reason = f"另有 {len(others)} 份重复报送未采用"
    return batch_finding("duplicate", unit=unit, file=chosen.file, count=len(group), chosen=chosen.name,
                         why=why, others="、".join(f"“{o.name}”" for o in others))

