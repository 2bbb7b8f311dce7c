"""The bundled county of examples/: reproducible, its planted mistakes caught, and `make demo` runs on it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from govxl.editions import EDITIONS
from govxl.errors import UnreadableFile
from govxl.reader import load_book
from govxl.units import match_unit, normalize_unit
from govxl.validation import check_files

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COUNTY = EXAMPLES / "county"
SUBMITTED, PRIOR = COUNTY / "报送", EXAMPLES / "county-2024" / "报送"


def _generator():
    spec = importlib.util.spec_from_file_location("make_county", EXAMPLES / "make_county.py")
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_county = _generator()

# what govxl must say about each planted mistake: rules on the unit's own report / rules of the merge
CAUGHT_IN_REPORT = {
    "balance": {"t3-balance"},
    "overwritten": {"formula-overwritten", "t3-outcome-total"},
    "blank": {"value-blank"},
    "wu": {"value-type"},
    "old-template": {"meta-edition"},
}
CAUGHT_IN_MERGE = {
    "old-template": {"mixed-edition"},
    "duplicate": {"duplicate"},
    "damaged": {"unreadable"},
    "missing": {"missing"},
    "misspelt": {"unexpected", "missing"},
}


KEYS = {key for edition in EDITIONS.values() for key in edition.keys()}


def by_name(path: Path) -> dict[str, object]:
    """What the cell of each key holds, found by defined name (a formula as a marker: layouts may move)."""
    book = load_book(path)
    out: dict[str, object] = {}
    for name, (sheet, row, col) in book.names.items():
        if name in KEYS:
            cell = book.sheet(sheet).cells.get((row, col))
            out[name] = None if cell is None else "（公式）" if cell.formula else cell.value
    return out


def relative_files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_generator_reproduces_the_committed_examples(tmp_path):
    make_county.generate(tmp_path)
    committed = [p for p in relative_files(EXAMPLES) if p.parts[0] == "county" or p.parts[0].startswith("county-")]
    assert {p.parts[0] for p in committed} >= {f"county-{y}" for y in range(make_county.FIRST_YEAR, make_county.YEAR)}
    assert relative_files(tmp_path) == committed
    assert (tmp_path / "county" / "名单.csv").read_bytes() == (COUNTY / "名单.csv").read_bytes()
    for rel in committed:
        if rel.suffix != ".xlsx":
            continue
        try:
            expected = by_name(EXAMPLES / rel)
        except UnreadableFile:  # the damaged submission: damaged again
            with pytest.raises(UnreadableFile):
                load_book(tmp_path / rel)
            continue
        assert by_name(tmp_path / rel) == expected, rel


def test_roster_lists_about_25_units_of_every_kind():
    lines = (COUNTY / "名单.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "单位名称,单位类别,行政区划代码"
    units = [line.split(",")[0] for line in lines[1:]]
    assert 20 <= len(units) <= 30
    assert any(u.endswith("镇人民政府") for u in units) and any(u.endswith("街道办事处") for u in units)
    assert any(u.startswith("县") and u.endswith("局") for u in units)


@pytest.fixture(scope="module")
def checked():
    """Findings' rule ids per roster unit (or per file name where unreadable), for the 2025 submissions."""
    roster = [unit for unit, _ in make_county.UNITS]
    rules: dict[str, set[str]] = defaultdict(set)
    unreadable = []
    for r in check_files([SUBMITTED], prior=[PRIOR], workers=1):
        if r.report is None:
            unreadable.append(r.path.name)
            continue
        unit = match_unit(r.report.unit, roster) or r.report.unit
        rules[unit] |= {f.rule for f in r.findings}
    return rules, unreadable


def test_each_planted_mistake_is_caught_in_its_report(checked):
    rules, _ = checked
    for unit, fault in make_county.FAULTS.items():
        if fault in CAUGHT_IN_REPORT:
            assert CAUGHT_IN_REPORT[fault] <= rules[unit], (unit, fault, rules[unit])


def test_the_damaged_file_is_reported_unreadable(checked):
    _, unreadable = checked
    damaged = [normalize_unit(unit) for unit, fault in make_county.FAULTS.items() if fault == "damaged"]
    assert [any(d in name for d in damaged) for name in unreadable] == [True]


def test_clean_reports_have_no_findings_at_all(checked):
    rules, _ = checked
    clean = [u for u, _ in make_county.UNITS if u not in make_county.FAULTS]
    assert len(clean) >= 12
    assert {u: rules[u] for u in clean if rules[u]} == {}
    assert rules[make_county.EXTRA[0]] == set()  # off the roster, but a correct report


def test_the_2024_reports_are_all_clean():
    assert {str(r.path.name): [f.rule for f in r.findings] for r in check_files([PRIOR], workers=1)
            if r.status != "ok" or r.findings} == {}


def test_each_planted_mistake_is_caught_by_the_merge():
    from govxl.consolidation import merge

    result = merge([SUBMITTED], roster=COUNTY / "名单.csv", year=make_county.YEAR, prior=[PRIOR], workers=1)
    said = {(f.rule, normalize_unit(f.unit or Path(f.file).name)) for f in result.findings}

    def caught(rule: str, unit: str) -> bool:
        return any(r == rule and normalize_unit(unit) in who for r, who in said)

    for unit, fault in make_county.FAULTS.items():
        for rule in CAUGHT_IN_MERGE.get(fault, ()):
            assert caught(rule, make_county.MISSPELT.get(unit, unit) if rule == "unexpected" else unit), (unit, rule)
    assert caught("unexpected", make_county.EXTRA[0])
    assert {f.rule for f in result.findings if f.unit == make_county.EXTRA[0]} == {"unexpected"}


def test_demo_runs_end_to_end(tmp_path):
    run = subprocess.run([sys.executable, "-m", "govxl.demo"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out"
    assert (out / "模板-2021版-2025年度.xlsx").is_file() and (out / "模板-2019版-2020年度.xlsx").is_file()
    assert (out / "县汇总-2025.xlsx").is_file()
    with_findings = {r.path for r in check_files([SUBMITTED], prior=[PRIOR]) if r.findings}
    assert 0 < len(list((out / "批注").glob("*.xlsx"))) == len(with_findings) < len(list(SUBMITTED.glob("*.xlsx")))
    for unit in ("白沙镇", "高桥镇", "枫林镇"):  # an error, a missing unit, a damaged file
        assert unit in run.stdout
    assert "故意" in run.stdout  # says the errors are expected
