"""Published reports the reader was not written against, read cell-exactly.

Each report in ``tests/data/published/unseen/`` is laid out the way portals publish them (its
``source`` says how: Word's web pages, editor HTML inside a whole portal page, GBK bytes, text dumps of
Word files, a traditional-character mirror) and deviates from the form the way real reports do. Its
``NAME.expected.json`` holds, made with the report by ``make_unseen.py`` independently of govxl: every
printed figure by key (``null`` where the cell is blank or holds text; keys the report does not print are
absent), the cells left blank, the text printed where a figure belongs, the prose of each section, the
deviations from the form (the kind of deviation and the printed text or key it names), and the errors
the printed figures must give (value types and the arithmetic of 表三 and 表四).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import govxl
from govxl.cli import main
from govxl.findings import Severity
from govxl.values import State

UNSEEN = Path(__file__).parent / "data" / "published" / "unseen"
REPORTS = sorted(p.name for p in UNSEEN.iterdir() if p.suffix in (".html", ".htm", ".txt"))  # beside make_unseen.py
_PLACE = re.compile(r"表格\d+第\d+行第\d+列")


def expected(name: str) -> dict:
    return json.loads((UNSEEN / f"{Path(name).stem}.expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def reports() -> dict[str, govxl.Report]:
    return {name: govxl.read(UNSEEN / name) for name in REPORTS}


def test_corpus_covers_both_editions_many_years_and_shapes() -> None:
    wants = [expected(name) for name in REPORTS]
    assert len(REPORTS) >= 8
    assert {(w["edition"], w["year"]) for w in wants} >= {("2019", 2019), ("2019", 2020), ("2021", 2021), ("2021", 2022),
                                                          ("2021", 2023), ("2021", 2024), ("2021", 2025)}
    assert {Path(n).suffix for n in REPORTS} >= {".html", ".htm", ".txt"}


@pytest.mark.parametrize("name", REPORTS)
def test_identity_and_every_figure_exact(reports: dict[str, govxl.Report], name: str) -> None:
    report, want = reports[name], expected(name)
    assert (report.unit, report.year, report.edition.id) == (want["unit"], want["year"], want["edition"])
    numbers = report.numbers()
    assert {k: numbers[k] for k in want["values"]} == want["values"]
    not_printed = [f.key for f in report.edition.value_fields if f.key not in want["values"] and f.section != "x"]
    assert [k for k in not_printed if k in report.values] == []  # never invented
    assert {k: report[k].state for k in want["blank"]} == dict.fromkeys(want["blank"], State.BLANK)
    assert {k: (report[k].state, report[k].text) for k in want["texts"]} == {
        k: (State.INVALID, text) for k, text in want["texts"].items()}


@pytest.mark.parametrize("name", REPORTS)
def test_prose_under_each_heading_and_nothing_of_the_page_around(reports: dict[str, govxl.Report], name: str) -> None:
    """Headings with words added still head their sections; a section ends at the signature, the attachment
    list, or the portal's links after the article."""
    report = reports[name]
    assert {k: report.text(k) for k in expected(name)["prose"]} == expected(name)["prose"]


@pytest.mark.parametrize("name", REPORTS)
def test_each_figure_names_its_place_in_the_printed_table(reports: dict[str, govxl.Report], name: str) -> None:
    report = reports[name]
    for key in expected(name)["values"]:
        source = report[key].source
        assert source.file == str(UNSEEN / name) and _PLACE.fullmatch(source.cell or ""), (key, source)


@pytest.mark.parametrize("name", REPORTS)
def test_deviations_from_the_form_are_named(reports: dict[str, govxl.Report], name: str) -> None:
    """Each deviation found is one the report has, and each one it has is found: its kind, and the printed
    label or the missing key it is about."""
    found = [f for f in reports[name].findings if f.rule == "format-deviation"]
    assert all(f.severity is Severity.WARNING and str(UNSEEN) not in f.message for f in found)
    named = sorted((f.check.split(":")[1], text) for f in found for kind, text in expected(name)["deviations"]
                   if f.check.split(":")[1] == kind and (text in f.message or f.check.endswith(f":{text}")))
    assert named == sorted(map(tuple, expected(name)["deviations"]))
    assert len(found) == len(named), [f.message for f in found]


@pytest.mark.parametrize("name", REPORTS)
def test_printed_errors_found_and_only_they(reports: dict[str, govxl.Report], name: str) -> None:
    errors = sorted(f.check for f in govxl.validate(reports[name]) if f.severity is Severity.ERROR)
    assert errors == expected(name)["errors"]


@pytest.mark.parametrize("name", ["2021-shiqiao-town.txt", "2022-baihe-county.html"])
def test_2021_report_printing_2019s_single_other_row(reports: dict[str, govxl.Report], name: str) -> None:
    """（六）其他处理 printed as one row, as in the 2019 form: a 2021-edition report (表二 and the year say so) whose
    figure is kept whole as the group's total, checked by （七）总计, and said; the two items not printed stay absent."""
    report = reports[name]
    printed = {k.removeprefix("t3_other_misc_"): v for k, v in expected(name)["values"].items()
               if k.startswith("t3_other_misc_")}
    assert report.edition.id == "2021" and len(printed) == 7
    assert {c: report.numbers()[f"t3_other_misc_{c}"] for c in printed} == printed
    assert not any(k.startswith(("t3_other_nocorrection_", "t3_other_nofee_")) for k in report.values)
    assert "未分项" in (report["t3_other_misc_natural"].source.note or "")
    [said] = [f for f in report.findings if ":t3-undivided:" in f.check]
    assert "“（六）其他处理”分为3项" in said.message and "未拆分" in said.message
    assert {c.key for c in said.cells} == {f"t3_other_misc_{c}" for c in printed}
    assert not [f for f in govxl.validate(report) if f.rule.startswith("t3-")]


def test_validate_a_folder_of_published_reports(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(UNSEEN)])
    out = capsys.readouterr().out
    lines = {name: next(line for line in out.splitlines() if name in line) for name in REPORTS}
    for name, line in lines.items():
        assert ("✓ 通过" in line) == (not expected(name)["errors"]), line
    assert "表三“自然人”列不平衡" in out and "表四“行政复议”的总计" in out
    assert code == 1


@pytest.mark.parametrize(("title", "edition"), [("石桥镇2021年度政府信息公开工作年度报告", "2021"),
                                                ("石桥镇政府信息公开工作年度报告", "2019")])
def test_single_other_row_without_table_two_the_year_decides(tmp_path: Path, title: str, edition: str) -> None:
    """Without 表二, a 表三 printing one （六）其他处理 row is a 2021-edition report when its year says so, and
    a 2019-edition one when nothing else tells (that row is the 2019 form's)."""
    text = (UNSEEN / "2021-shiqiao-town.txt").read_text("utf-8")
    before, rest = text.split("二、主动公开政府信息情况\n", 1)
    dump = tmp_path / "石桥镇.txt"
    dump.write_text(before.replace("石桥镇2021年度政府信息公开工作年度报告", title)
                    + rest[rest.index("三、收到和处理政府信息公开申请情况"):], "utf-8")
    report = govxl.read(dump)
    assert report.edition.id == edition and "t2_rules_issued" not in report.values
    assert report.numbers()[f"t3_{'other_misc' if edition == '2021' else 'other'}_total"] == \
        expected("2021-shiqiao-town.txt")["values"]["t3_other_misc_total"]
