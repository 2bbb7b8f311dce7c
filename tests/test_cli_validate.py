"""`govxl validate` as a county clerk runs it: verdicts, JSON equal to the API, exit codes (annotated copies:
test_annotate.py)."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

import govxl
from govxl.cli import main
from govxl.template import write_template
from govxl.template.fill import fill_template
from govxl.validation import check_files, to_document
from tests.template_data import consistent_2021


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("tpl") / "模板.xlsx", edition="2021", year=2025)


def filled(template, tmp_path, name="拖船镇.xlsx", **changes):
    _, values = consistent_2021()
    values.update(changes)
    tmp_path.mkdir(exist_ok=True)
    return fill_template(template, values, tmp_path / name)


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    return code, capsys.readouterr().out


def checks_of(path):
    [result] = check_files([path])
    return sorted(f.check for f in result.findings)


def test_consistent_report_passes(template, tmp_path, capsys):
    code, out = run(capsys, "validate", filled(template, tmp_path))
    assert code == 0 and "✓ 通过" in out and "拖船镇人民政府" in out


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # the prose of 一 quotes 16 applications received: a changed total contradicts it (text-vs-table)
        ({"t3_new_legal": 2}, ["t3-balance:legal", "t3-balance:total", "text-vs-table:t3_new_total"]),
        ({"t3_new_total": 99}, ["formula-overwritten:t3_new_total", "t3-balance:total", "t3-row-total:new",
                                "text-vs-table:t3_new_total"]),
        ({"t4_after_other": None}, ["value-blank:t4"]),
        ({"t3_new_research": "无"}, ["value-type:t3_new_research"]),
        ({"meta_year": 2020}, ["meta-edition"]),
    ],
    ids=["one-input", "total-overwritten", "blank", "wu", "other-edition-year"],
)
def test_each_mistake_gives_exactly_the_predicted_findings(template, tmp_path, changes, expected):
    assert checks_of(filled(template, tmp_path, **changes)) == expected


def test_findings_name_the_cell(template, tmp_path, capsys):
    path = filled(template, tmp_path, t3_new_research="无")
    [result] = check_files([path])
    [finding] = result.findings
    [cell] = finding.cells
    wb = openpyxl.load_workbook(path)
    sheet, ref = next(iter(wb.defined_names["t3_new_research"].destinations))
    assert (cell.sheet, cell.cell) == (sheet, ref.replace("$", ""))
    code, out = run(capsys, "validate", path)
    assert code == 1 and f"{sheet}!{cell.cell}" in out and "value-type" in out and "✗ 1 处错误" in out


def test_json_equals_the_api(template, tmp_path, capsys):
    filled(template, tmp_path, "a.xlsx")
    filled(template, tmp_path, "b.xlsx", t3_new_legal=5)
    (tmp_path / "c.xlsx").write_bytes(b"not a zip")
    code, out = run(capsys, "validate", "--json", tmp_path)
    assert code == 1
    document = json.loads(out)
    assert document == json.loads(json.dumps(to_document(check_files([tmp_path])), ensure_ascii=False))
    assert [f["status"] for f in document["files"]] == ["ok", "error", "unreadable"]
    finding = document["files"][1]["findings"][0]
    assert {"rule", "rule_title", "severity", "severity_label", "check", "unit", "file", "cells", "expected",
            "actual", "message", "explanation"} == set(finding)  # the merge's findings read the same


def test_exit_code_two_when_nothing_can_run(tmp_path, capsys):
    assert run(capsys, "validate", tmp_path / "nowhere")[0] == 2
    (tmp_path / "x.xlsx").write_bytes(b"")
    code, out = run(capsys, "validate", tmp_path / "x.xlsx")
    assert code == 2 and "无法读取" in out


def test_mixed_folder_is_processed_to_the_end(template, tmp_path, capsys):
    folder = tmp_path / "收到"
    folder.mkdir()
    filled(template, folder, "01好.xlsx")
    good = (folder / "01好.xlsx").read_bytes()
    (folder / "02损坏.xlsx").write_bytes(good[: len(good) // 2])
    (folder / "03加密.xlsx").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    (folder / "04空.xlsx").write_bytes(b"")
    (folder / "05说明.txt").write_text("请查收", encoding="utf-8")
    other = openpyxl.Workbook()
    other.active["A1"] = "2025年度部门预算公开表"
    other.save(folder / "06别的表.xlsx")
    filled(template, folder, "07好.xlsx", t3_new_legal=3)
    (folder / "08链接.xlsx").symlink_to(folder / "01好.xlsx")  # links are listed, never followed
    (folder / "09链接文件夹").symlink_to(tmp_path)
    code, out = run(capsys, "validate", folder)
    assert code == 1
    for name in ("01好", "02损坏", "03加密", "04空", "05说明", "06别的表", "07好", "08链接", "09链接文件夹"):
        assert name in out
    assert out.count("⚠ 无法读取") == 7 and "✓ 通过" in out and "✗ 2 处错误" in out
    assert out.count("链接（快捷方式）") == 2


def test_usage_errors_are_chinese_and_exit_two(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["validate"])
    assert stop.value.code == 2 and "缺少必需的参数" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "用法：govxl" in capsys.readouterr().out


def test_worker_processes_find_what_one_process_finds(template, tmp_path):
    good, wrong = filled(template, tmp_path, "好.xlsx"), filled(template, tmp_path, "错.xlsx", t3_new_legal=2)
    paths = [shutil.copy(wrong if i % 3 else good, tmp_path / f"{i:02d}.xlsx") for i in range(16)]
    prior = filled(template, tmp_path / "上年", "好.xlsx", meta_year=2024)  # same figures, the year before
    results = check_files(paths, prior=[prior], workers=2)  # 16 files: read and checked in two processes
    last = govxl.read(prior)
    assert [r.findings.items for r in results] == [govxl.validate(govxl.read(p), last).items for p in paths]
    assert "same-as-last-year" in {f.check for f in results[0].findings}  # the across-years rules ran


def test_prior_year_pairs_units_by_name_and_says_who_has_none(template, tmp_path, capsys):
    prior = filled(template, tmp_path / "2024", "拖船镇2024.xlsx", meta_year=2024, meta_unit="拖船镇")
    filled(template, tmp_path / "2025", "拖船镇.xlsx")  # 拖船镇人民政府: the same unit, 全称
    filled(template, tmp_path / "2025", "青石镇.xlsx", meta_unit="青石镇人民政府")
    [paired, alone] = check_files([tmp_path / "2025"], prior=[prior])
    assert (paired.report.unit, paired.has_prior, alone.has_prior) == ("拖船镇人民政府", True, False)
    assert "same-as-last-year" in {f.rule for f in paired.findings}  # identical figures: a copied report?
    code, out = run(capsys, "validate", "--prior", prior, tmp_path / "2025")
    assert "未做跨年度核对的（1 份）：青石镇人民政府" in out
