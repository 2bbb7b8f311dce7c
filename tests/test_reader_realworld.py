"""Hand-made workbooks as real counties and graders make them (tests/realworld.py) read exactly: the
unit, year and edition, values from the cells they were put in, and exactly the findings their figures
violate — nothing invented by misreading, nothing missed."""

from __future__ import annotations

import re

import pytest

from govxl import validate
from govxl.reader import read_all
from tests.realworld import BUILDERS

NAMES = [b.__name__ for b in BUILDERS]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("realworld")
    return {build.__name__: (build(folder)) for build in BUILDERS}


@pytest.fixture(scope="module")
def readings(corpus):
    return {name: read_all(case.path) for name, case in corpus.items()}


@pytest.mark.parametrize("name", NAMES)
def test_units_years_editions_and_values(corpus, readings, name):
    case, reports = corpus[name], readings[name]
    assert [(r.unit, r.year, r.edition.id) for r in reports] == [(e.unit, e.year, e.edition) for e in case.reports]
    for report, expected in zip(reports, case.reports):
        for key, (number, sheet, cell) in expected.cells.items():
            v = report[key]
            assert (v.number, v.source.sheet, v.source.cell) == (number, sheet, cell), key
        for key, text in expected.texts.items():
            assert report[key].text == text, key


def reworded(findings) -> set[tuple[str, str]]:
    """The labels the reader tells the user it read as other (official) ones: (as printed, official)."""
    return {re.search("写的是“(.*)”，格式中为“(.*)”。", f.message).groups() for f in findings if "-label:" in f.check}


@pytest.mark.parametrize("name", NAMES)
def test_reworded_labels_are_flagged_exactly(corpus, readings, name):
    """Wording that differs is a warning naming the label; what is merely cosmetic (width, brackets, line
    breaks, numbering style, traditional characters) is not."""
    for report, expected in zip(readings[name], corpus[name].reports):
        assert reworded(validate(report)) == set(expected.guessed.items()), report.unit


@pytest.mark.parametrize("name", NAMES)
def test_findings_are_exactly_the_planted_ones(corpus, readings, name):
    for report, expected in zip(readings[name], corpus[name].reports):
        planted = [f.check for f in validate(report) if "-label:" not in f.check]
        assert sorted(planted) == expected.checks, report.unit


def test_validate_names_the_cells_in_plain_chinese(corpus, capsys):
    from govxl.cli import main

    case = corpus["cover_letter_2021"]
    assert main(["validate", str(case.path), "--workers", "1"]) == 1
    out = capsys.readouterr().out
    new_natural = case.reports[0].cells["t3_new_natural"]
    assert f"{new_natural[1]}!{new_natural[2]}" in out  # the wrong cell, by sheet and address
    assert "表三“自然人”列不平衡：一+二=18，（七）总计+四=17" in out
    assert "新收政府信息公开申请数为19，但表中为20" in out and "某县交通运输局，2023年，2021版" in out
