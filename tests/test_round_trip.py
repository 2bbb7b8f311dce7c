"""A rendered report reads back as the workbook it came from: workbook → .docx / .html → import, and
workbook → .docx → PDF (LibreOffice) → import, for both editions: the same figures, blanks blank, the same prose."""

from __future__ import annotations

from pathlib import Path

import pytest

import govxl
from govxl.render import render
from govxl.template import write_template
from govxl.template.fill import fill_template
from tests.lo import convert
from tests.template_data import consistent_2021, tuochuan_2020

PARAGRAPHS = ("2025年，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
              "全年主动公开政府信息412条，其中政策文件37件、政策解读12篇，通过政务新媒体推送信息1,260条。",
              "下一步，我镇将继续加强政府信息公开工作，重点做好以下三方面：一是完善公开目录；二是规范依申请公开"
              "办理流程；三是加强业务培训。")


def rich_2021() -> dict[str, object]:
    """A 2021-edition report with what a renderer can lose: blanks (not 0), 万元 with decimals, long prose
    in several paragraphs."""
    _, cells = consistent_2021()
    cells.update(t2_fees_amount=12.35, t2_normative_repealed=None, t2_license_decisions=None,
                 text_overview="\n".join(PARAGRAPHS * 6), text_problems="\n".join(PARAGRAPHS[1:]))
    return cells


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    out = {}
    for name, edition, year, cells in (("2019", "2019", 2020, tuochuan_2020()[1]), ("2021", "2021", 2025, rich_2021())):
        template = write_template(folder / f"模板{name}.xlsx", edition=edition, year=year)
        out[name] = fill_template(template, cells, folder / f"报告{name}.xlsx")
    return out


@pytest.fixture(scope="module")
def rendered(workbooks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each workbook as .docx, .html and (from the .docx, by LibreOffice, one run for all) .pdf."""
    folder = tmp_path_factory.mktemp("rendered")
    out: dict[tuple[str, str], Path] = {}
    for name, workbook in workbooks.items():
        for suffix in ("docx", "html"):
            [r] = render(workbook, folder / f"报告{name}.{suffix}")
            assert r.status == "written", r.reason
            out[(name, suffix)] = r.written[0]
    pdfs = convert([out[(name, "docx")] for name in workbooks], folder / "pdf", "pdf")
    out.update({(name, "pdf"): pdf for name, pdf in zip(workbooks, pdfs)})
    return out


def official(report: govxl.Report) -> dict[str, int | float | None]:
    """The figures of the official tables (the template's 选填 extension rows are not published)."""
    return {k: v for k, v in report.numbers().items() if report.edition[k].section != "x"}


def prose(report: govxl.Report) -> dict[str, str]:
    return {f.key: report.text(f.key) for f in report.edition.fields if f.section == "text"}


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
@pytest.mark.parametrize("name", ["2019", "2021"])
def test_rendered_report_imports_as_the_workbook(name: str, fmt: str, workbooks: dict[str, Path],
                                                 rendered: dict[tuple[str, str], Path]) -> None:
    original, back = govxl.read(workbooks[name]), govxl.read(rendered[(name, fmt)])
    assert back.reader == "layout" and back.edition is original.edition
    assert (back.unit, back.year) == (original.unit, original.year)
    assert official(back) == official(original)  # every figure, blanks as None, 12.35 as 12.35
    assert prose(back) == prose(original)
    assert not [f for f in govxl.validate(back) if f.severity is govxl.Severity.ERROR]


def test_seed_figures_rendered_to_word_read_back_exactly(workbooks: dict[str, Path],
                                                         rendered: dict[tuple[str, str], Path]) -> None:
    numbers = govxl.read(rendered[("2019", "docx")]).numbers()
    assert (numbers["t2_procurement_count"], numbers["t2_procurement_amount"]) == (6, 86200)
    assert {k: v for k, v in numbers.items() if k.startswith(("t3_", "t4_")) and v != 0} == {}
