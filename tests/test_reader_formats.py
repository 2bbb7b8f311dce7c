"""A filled template saved by LibreOffice as .xlsm, .xls or .ods reads back to the same report.

.xlsm keeps the defined names (read by name); .xls and .ods come through python-calamine without names
or formulas, so they are read by locating the official labels — the template's own layout must be found.
"""

from __future__ import annotations

import pytest

import govxl
from govxl.reader import read_all
from govxl.template import form_layout, write_template
from govxl.template.fill import fill_template
from tests import lo
from tests.template_data import consistent_2021, tuochuan_2020

FORMATS = {"xlsm": ("xlsm:Calc MS Excel 2007 VBA XML", "template"), "xls": ("xls", "layout"), "ods": ("ods", "layout")}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    files = []
    for name, (edition, cells) in {"r2021": consistent_2021(), "r2019": tuochuan_2020()}.items():
        template = write_template(folder / f"模板{name}.xlsx", edition.id, cells["meta_year"])
        files.append(fill_template(template, cells, folder / f"{name}.xlsx"))
    return folder, files


@pytest.mark.parametrize("fmt", FORMATS)
def test_saved_by_libreoffice_reads_the_same(filled, fmt):
    folder, files = filled
    target, reader = FORMATS[fmt]
    for original, copy in zip(files, lo.convert(files, folder / fmt, target)):
        expected, [report] = govxl.read(original), read_all(copy)
        assert report.reader == reader
        assert (report.unit, report.year, report.edition) == (expected.unit, expected.year, expected.edition)
        assert report.numbers() == expected.numbers()
        assert [f.check for f in govxl.validate(report)] == []


def test_rows_inserted_in_libreoffice_move_nothing_the_reader_sees(filled, tmp_path):
    """A clerk unprotects the form and inserts rows: names and formulas move, the report reads the same."""
    _, files = filled
    original = govxl.read(files[0])
    layout = form_layout(original.edition)
    heading = next(b.row for b in layout.blocks if b.kind == "heading" and b.text == original.edition.sections[2])
    above = lo.insert_rows(files[0], tmp_path / "above.xlsx", layout.sheet_name, heading, 3)
    inside = lo.insert_rows(files[0], tmp_path / "inside.xlsx", layout.sheet_name, layout.cells["t3_partial_natural"][0], 1)

    moved = govxl.read(above)
    assert moved.numbers() == original.numbers() and govxl.validate(moved).items == []
    assert moved["t3_new_natural"].source.cell != original["t3_new_natural"].source.cell  # it did move

    stretched = govxl.read(inside)  # a row inside 表三 stretches the totals' SUM ranges: the form was altered
    assert stretched.numbers() == original.numbers()
    assert {f.rule for f in govxl.validate(stretched)} == {"template-altered"}
