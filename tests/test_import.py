"""`govxl import`: published reports written into the official template, and what `--json` says of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import openpyxl
import pytest

import govxl
from govxl.cli import main
from govxl.findings import Severity
from tests.template_data import SEED
from tests.test_documents import PAGES, PUBLISHED, expected

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "govxl-json.schema.json").read_text(encoding="utf-8"))


def imported(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["import", *argv, "--json"])
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMA)
    return code, doc


def test_seed_imports_with_its_figures_prose_and_the_typo_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = imported(capsys, str(SEED))
    [report] = doc["reports"]
    assert code == 0 and doc["files"] == [{"path": str(SEED), "status": "ok", "reason": None, "output": None}]
    assert (report["unit"], report["year"], report["edition"]) == ("拖船镇", 2020, "2019")
    values = report["values"]
    assert (values["t2_procurement_count"], values["t2_procurement_amount"]) == (6, 86200)
    assert all(v == 0 for k, v in values.items() if k.startswith(("t3_", "t4_")))
    assert report["texts"]["text_overview"].startswith("2020年，我镇以基层党建“三化”建设")
    assert {"text_overview_active", "text_overview_request", "text_problems", "text_other"} <= set(report["texts"])
    assert any("第二十六条第（六）项" in d["message"] for d in report["deviations"])
    assert all(d["rule"] == "format-deviation" for d in report["deviations"])
    assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_a_folder_of_published_reports_becomes_templates_equal_to_what_was_printed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "公开报告"
    inbox.mkdir()
    shutil.copy(SEED, inbox)
    for name in PAGES:
        shutil.copy(PUBLISHED / f"{name}.html", inbox)
    (inbox / "说明.pdf").write_bytes(b"not a pdf at all")
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    code, doc = imported(capsys, str(inbox), "-o", str(tmp_path / "模板"))
    assert code == 1  # one file could not be read: said, and every other file imported
    assert sorted(Path(f["path"]).name for f in doc["files"]) == sorted(before)
    assert [f["status"] for f in doc["files"] if f["path"].endswith("说明.pdf")] == ["unreadable"]
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before  # inputs untouched, nothing written beside
    for report in doc["reports"]:
        template = govxl.read(report["output"])
        assert template.reader == "template" and template.edition.id == report["edition"]
        assert (template.unit, template.year) == (report["unit"], report["year"])
        assert template.numbers() == report["values"]
        assert {k: template.text(k) for k in report["texts"]} == report["texts"]
    by_page = {Path(r["file"]).stem: r for r in doc["reports"]}
    for name in PAGES:
        assert {k: v for k, v in by_page[name]["values"].items() if k in expected(name)["values"]} \
            == expected(name)["values"]


def test_a_printed_total_that_does_not_add_up_is_kept_as_printed(tmp_path: Path) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("\t一、本年新收"))
    lines[row + 1], lines[row + 7] = "\t2", "\t3"  # 自然人 2, 总计 3: the published 总计 is wrong
    wrong = tmp_path / "拖船镇.txt"
    wrong.write_text("\n".join(lines), "utf-8")
    assert main(["import", str(wrong), "-o", str(tmp_path / "拖船镇.xlsx")]) == 1
    cell = openpyxl.load_workbook(tmp_path / "拖船镇.xlsx").defined_names["t3_new_total"]
    sheet, ref = next(iter(cell.destinations))
    assert openpyxl.load_workbook(tmp_path / "拖船镇.xlsx")[sheet][ref.replace("$", "")].value == 3
    template = govxl.read(tmp_path / "拖船镇.xlsx")
    assert (template["t3_new_natural"].number, template["t3_new_total"].number) == (2, 3)
    assert any(f.severity is Severity.ERROR and "t3_new_total" in {c.key for c in f.cells}
               for f in govxl.validate(template))


def test_what_is_not_a_figure_is_written_as_printed_for_the_filler_to_correct(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8").replace("\t86200", "\t/", 1)
    page = tmp_path / "拖船镇.txt"
    page.write_text(text, "utf-8")
    assert main(["import", str(page), "-o", str(tmp_path / "out.xlsx")]) == 1
    template = govxl.read(tmp_path / "out.xlsx")
    assert template["t2_procurement_amount"].text == "/" and template["t2_procurement_amount"].number is None
    assert "value-type" in {f.rule for f in govxl.validate(template)}


def test_outputs_never_replace_an_input_and_one_workbook_holds_one_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "拖船镇.xlsx"  # a published page saved under a workbook's name: read by content
    shutil.copy(SEED, page)
    before = page.read_bytes()
    assert main(["import", str(page), "-o", str(page)]) == 2
    assert "不会覆盖输入" in capsys.readouterr().err and page.read_bytes() == before
    assert main(["import", str(SEED), str(PUBLISHED / f"{PAGES[0]}.html"), "-o", str(tmp_path / "one.xlsx")]) == 2
    assert "请用 -o 给出一个文件夹" in capsys.readouterr().err and not (tmp_path / "one.xlsx").exists()


def test_a_folder_is_mirrored_and_earlier_imports_are_not_read_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "下载"
    (inbox / "乡镇").mkdir(parents=True)
    shutil.copy(SEED, inbox / "乡镇" / "拖船镇.txt")
    shutil.copy(PUBLISHED / f"{PAGES[0]}.html", inbox / "拖船镇.html")  # another file of the same name
    runs = []
    for _ in range(2):  # the second run finds the first run's templates inside its input folder
        code, doc = imported(capsys, str(inbox), "-o", str(inbox / "模板"))
        assert code == 0 and sorted(Path(f["path"]).name for f in doc["files"]) == ["拖船镇.html", "拖船镇.txt"]
        runs.append(sorted(str(Path(r["output"]).relative_to(inbox / "模板")) for r in doc["reports"]))
    assert runs[0] == ["乡镇/拖船镇.xlsx", "拖船镇.xlsx"]
    assert runs[1] == ["乡镇/拖船镇（2）.xlsx", "拖船镇（2）.xlsx"]  # an imported template may have been corrected since
    before = (inbox / "拖船镇.html").read_bytes()
    code, doc = imported(capsys, str(inbox / "拖船镇.html"), "-o", str(inbox))  # a file named itself: an input
    assert code == 0 and [Path(r["output"]).name for r in doc["reports"]] == ["拖船镇.xlsx"]  # wherever it is
    assert (inbox / "拖船镇.html").read_bytes() == before


def test_an_output_that_is_not_a_workbook_is_refused_before_reading(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SEED), "-o", str(tmp_path / "拖船镇.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err and not list(tmp_path.iterdir())
