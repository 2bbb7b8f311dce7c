"""Annotated copies as a township gets them back: one comment per finding on the cell to fix, counts that agree
with the 校验结果 sheet (recalculated in LibreOffice), never over an input, a hostile file costing only itself."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

import govxl
from govxl.annotate import RESULT_SHEET, annotate_all
from govxl.findings import Severity
from govxl.reader.origin import output_kind
from govxl.template.fill import Formula
from govxl.template.names import KIND_ANNOTATED, PROP_KIND
from govxl.validation import check_files
from tests import lo
from tests.test_cli_validate import filled, run
from tests.test_cli_validate import template as template  # noqa: F401 (a fixture)

WRONG = {"t3_new_legal": 3, "t3_new_total": Formula("=999")}  # 表三 out of balance; a total typed over its formula


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def comments(book: openpyxl.Workbook) -> dict[str, str]:
    """'sheet!cell' -> the text of its comment, for every commented cell."""
    return {f"{ws.title}!{c.coordinate}": c.comment.text for ws in book.worksheets for row in ws.iter_rows()
            for c in row if c.comment is not None}


def listed(book: openpyxl.Workbook) -> list[tuple]:
    return list(book[RESULT_SHEET].iter_rows(min_row=2, values_only=True))


def test_validate_annotate_comments_each_finding_once_on_the_cell_it_links_to(template, tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    bad, good = filled(template, src, "坏.xlsx", **WRONG), filled(template, src, "好.xlsx")
    before = digest(bad), digest(good)
    code, out = run(capsys, "validate", "--annotate", tmp_path / "out", src)
    assert code == 1 and (digest(bad), digest(good)) == before  # inputs untouched
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["坏.xlsx"]  # a copy only where there is a finding
    copy = openpyxl.load_workbook(tmp_path / "out" / "坏.xlsx")
    [result] = check_files([bad])
    findings = sorted(result.findings, key=lambda f: f.severity is not Severity.ERROR)
    notes, rows = comments(copy), listed(copy)
    assert len(rows) == len(findings) and len(notes) < len(findings)  # findings on one cell share its comment
    for f, row in zip(findings, rows):
        text = f"【{f.severity.label}·{f.rule}】{f.message}"
        assert [where for where, note in notes.items() if text in note] == [row[3]], f.check  # once, where linked
        assert sum(note.count(text) for note in notes.values()) == 1
    sheet, cell = rows[0][3].split("!")
    assert copy[RESULT_SHEET]["D2"].hyperlink.target == f"#'{sheet}'!{cell}"  # a click leads to it


def test_the_copys_summary_line_counts_what_its_results_sheet_lists(template, tmp_path: Path) -> None:
    bad = filled(template, tmp_path / "in", "坏.xlsx", **WRONG)
    [(_, copy, _)] = annotate_all(check_files([bad]), tmp_path / "out")
    [recalculated] = lo.recalculate([copy], tmp_path / "lo")
    book = openpyxl.load_workbook(recalculated, data_only=True)
    levels = [row[1] for row in listed(book)]
    [summary] = [c.value for ws in book.worksheets for row in ws.iter_rows(max_row=5) for c in row
                 if str(c.value).startswith("校验：")]
    counts = re.search(r"(\d+) 处错误，(\d+) 处提示", summary)
    assert counts and (int(counts[1]), int(counts[2])) == (levels.count("错误"), levels.count("提示")), summary
    assert levels.count("提示") == 2  # two of them the sheet cannot check live: its summary line counts them too


def test_copies_only_for_files_with_findings_unless_all_are_asked_for(template, tmp_path: Path) -> None:
    src = tmp_path / "in"
    filled(template, src, "坏.xlsx", t3_new_legal=3)
    filled(template, src, "好.xlsx")
    results = check_files([src])
    assert [c.name for _, c, _ in annotate_all(results, tmp_path / "some")] == ["坏.xlsx"]
    assert sorted(c.name for _, c, _ in annotate_all(results, tmp_path / "all", everything=True)) == ["坏.xlsx", "好.xlsx"]


def test_annotating_into_the_input_folder_writes_beside_the_originals(template, tmp_path: Path) -> None:
    src = tmp_path / "in"
    bad = filled(template, src, "坏.xlsx", t3_new_legal=3)
    before = digest(bad)
    [(source, copy, note)] = annotate_all(check_files([bad]), src)
    assert source == bad and digest(bad) == before
    assert copy.parent == src and copy != bad and "坏.xlsx" in note and copy.name in note
    [(_, again, _)] = annotate_all(check_files([bad]), src)  # a second run keeps the first copy too
    assert again not in (bad, copy) and digest(bad) == before


def test_a_copy_is_govxls_own_until_the_filler_corrects_it(template, tmp_path: Path) -> None:
    bad = filled(template, tmp_path / "in", "坏.xlsx", t3_new_legal=3)
    [(_, copy, _)] = annotate_all(check_files([bad]), tmp_path / "out")
    book = openpyxl.load_workbook(copy)
    assert book.custom_doc_props[PROP_KIND].value == KIND_ANNOTATED  # the template's own kind replaced
    assert output_kind(govxl.read(copy)) == KIND_ANNOTATED
    sheet, ref = next(book.defined_names["t3_new_legal"].destinations)
    book[sheet][ref.replace("$", "")] = 0  # the filler corrects the figure and saves
    book.save(copy)
    assert output_kind(govxl.read(copy)) is None  # a report again


def rewritten(source: Path, target: Path, part: str, change: Callable[[str], str]) -> Path:
    """A copy of the package ``source`` with one XML part changed."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in z.namelist():
            data = z.read(name)
            out.writestr(name, change(data.decode("utf-8")).encode("utf-8") if name == part else data)
    return target


def test_a_file_openpyxl_cannot_open_gets_a_results_only_copy_and_the_batch_goes_on(template, tmp_path: Path) -> None:
    src = tmp_path / "in"
    bad = filled(template, src, "01坏.xlsx", t3_new_legal=3)
    rewritten(bad, src / "02样式.xlsx", "xl/worksheets/sheet1.xml", lambda xml: re.sub(r' s="\d+"', ' s="9999"', xml, 1))
    rewritten(bad, src / "03DTD.xlsx", "docProps/app.xml",
              lambda xml: '<!DOCTYPE x [<!ENTITY e "e">]>' + xml)  # a part govxl's reader never reads
    results = check_files([src])
    assert all(r.report is not None for r in results)  # govxl reads all three
    written = {source.name: copy for source, copy, _ in annotate_all(results, tmp_path / "out")}
    assert [c.name for c in written.values()] == ["01坏.xlsx", "02样式.xlsx.校验结果.xlsx", "03DTD.xlsx.校验结果.xlsx"]
    for name in ("02样式.xlsx", "03DTD.xlsx"):
        copy = openpyxl.load_workbook(written[name])
        assert copy.sheetnames == [RESULT_SHEET, "说明"] and name in copy["说明"]["A1"].value
        assert len(listed(copy)) == len(next(r for r in results if r.path.name == name).findings)
