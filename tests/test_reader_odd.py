"""Odd and hostile received files (issue 7): each costs at most itself, in memory, time and findings.

Numbers no sheet keeps, merged-range and far-cell bombs, workbooks under another format's name, files
that are not regular files, DTDs in parts govxl never reads, and a template carrying a second unit's form.
The bombs are read in a child process whose peak memory (``os.wait4``'s rusage) and time are measured.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import govxl
from govxl.consolidation.roster import read_roster
from govxl.errors import UnreadableFile, UsageError
from govxl.reader import load_book, read_all
from govxl.reader.load import opened
from govxl.reader.safety import check_package
from govxl.schema import Kind
from govxl.template import write_template
from govxl.template.fill import fill_template
from govxl.values import State, interpret
from tests import lo
from tests.handmade import paste_word, save, word_dump
from tests.template_data import consistent_2021

GB = 1 << 30
ROOT = Path(__file__).resolve().parent.parent

# what the XML of a filled template's cells is made to hold
ODD_NUMBERS = {"t3_new_natural": "1e308", "t3_new_commercial": "9" * 5000, "t3_new_legal": "1e999",
               "t3_carried_natural": "1E+15"}


def rewrite(src: Path, dst: Path, edit) -> Path:
    """A copy of package ``src`` with each part's bytes passed through ``edit(name, data)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, edit(info.filename, zin.read(info)))
    return dst


def with_odd_numbers(filled: Path, path: Path) -> Path:
    """``filled`` with the numbers of ODD_NUMBERS' cells replaced by those texts, as stored numbers."""
    report = govxl.read(filled)
    with opened(filled) as workbook:
        part = workbook.sheet_parts[report[next(iter(ODD_NUMBERS))].source.sheet]
    cells = {report[key].source.cell: text for key, text in ODD_NUMBERS.items()}

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        for ref, text in cells.items():
            data, n = re.subn(rb'(<c r="%s"[^>]*>)<v>[^<]*</v>' % ref.encode(), rb"\g<1><v>%s</v>" % text.encode(), data)
            assert n == 1, ref
        return data

    return rewrite(filled, path, edit)


def handmade(path: Path) -> Path:
    """The 拖船镇 report pasted from Word into one sheet (merged cells and all): read by its labels."""
    wb = openpyxl.Workbook()
    wb.active.title = "拖船镇"
    paste_word(word_dump("2020-tuochuan-town.txt"), wb.active)
    return save(wb, path)


def with_merges(src: Path, dst: Path, ref: str, count: int) -> Path:
    merges = f'<mergeCell ref="{ref}"/>'.encode() * count
    return rewrite(src, dst, lambda name, data: data.replace(b"</mergeCells>", merges + b"</mergeCells>")
                   if name == "xl/worksheets/sheet1.xml" else data)


def far_cell(path: Path, ref: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws[ref] = "单位名称", "拖船镇人民政府", "x"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Filled templates and odd files; the .xls and .ods ones saved by LibreOffice (one run per format)."""
    d = tmp_path_factory.mktemp("odd")
    edition, cells = consistent_2021()
    template = write_template(d / "模板.xlsx", edition.id, cells["meta_year"])
    filled = fill_template(template, cells, d / "filled.xlsx")
    out = {"filled": filled, "numbers": with_odd_numbers(filled, d / "numbers.xlsx"),
           "handmade": handmade(d / "handmade.xlsx"), "far": far_cell(d / "far.xlsx", "XFD1048576")}
    big = openpyxl.Workbook()
    big.active["A1"], big.active["B1"] = 1e308, 12
    big.save(d / "big.xlsx")
    xls = lo.convert([filled, far_cell(d / "far_xls.xlsx", "IV65536"), d / "big.xlsx"], d / "xls", "xls")
    ods = lo.convert([filled, out["far"]], d / "ods", "ods")
    out.update(xls=xls[0], far_xls=xls[1], big_xls=xls[2], ods=ods[0], far_ods=ods[1])
    return out


# -- 1. numbers no sheet keeps ---------------------------------------------------------------------


@pytest.mark.parametrize("raw", [float("inf"), float("-inf"), float("nan"), 1e308, 10**5000, 10**15,
                                 "1e308", "9" * 5000, "1" * 16, "1,000,000,000,000,000", "１２３４５６７８９０１２３４５６"],
                         ids=lambda raw: "10**5000" if raw == 10**5000 else repr(raw)[:24])
def test_numbers_beyond_a_sheet_are_value_type_errors_kept_as_typed(raw):
    state, number, text = interpret(raw, Kind.COUNT)
    assert (state, number) == (State.INVALID, None)
    assert text == (raw if isinstance(raw, str) else text) and text
    assert interpret(raw, Kind.TEXT)[0] is State.TEXT and interpret(raw, Kind.DATE)[0] is State.INVALID


def test_largest_number_a_sheet_keeps_is_a_number():
    assert interpret(999_999_999_999_999, Kind.COUNT)[:2] == (State.NUMBER, 999_999_999_999_999)
    assert interpret("1,234", Kind.COUNT)[:2] == (State.TEXT_NUMBER, 1234)


def test_odd_numbers_in_a_workbook_are_findings_not_crashes(files):
    report = govxl.read(files["numbers"])
    findings = {f.check: f for f in govxl.validate(report)}
    for key, typed in ODD_NUMBERS.items():
        assert report[key].state is State.INVALID and report[key].text == typed
        assert typed[:20] in findings[f"value-type:{key}"].message
    assert all(math.isfinite(n) for n in report.numbers().values() if n is not None)
    assert report["t3_new_total"].number == 0  # the odd cells count 0: the total is what the rest sums to


def test_a_number_beyond_a_sheet_in_an_xls_is_invalid(files):
    cells = load_book(files["big_xls"]).sheets[0].cells  # calamine gives it as a float
    assert interpret(cells[(0, 0)].value, Kind.COUNT)[0] is State.INVALID
    assert interpret(cells[(0, 1)].value, Kind.COUNT)[:2] == (State.NUMBER, 12)


# -- 2, 3. bombs: measured in a child process ------------------------------------------------------

_CHILD = """
import json, sys, time
from govxl.errors import GovxlError
start = time.perf_counter()
try:
    {call}
    out = {{"ok": result}}
except GovxlError as exc:
    out = {{"refused": str(exc)}}
out["seconds"] = time.perf_counter() - start
print(json.dumps(out, ensure_ascii=False))
"""
READ = "from govxl.reader import read_all; result = [(r.unit, r.numbers()) for r in read_all(sys.argv[1])]"
ROSTER = "from govxl.consolidation.roster import read_roster; result = read_roster(sys.argv[1]).names"


def measured(call: str, path: Path) -> tuple[dict, int]:
    """What the child printed, and its peak memory in bytes."""
    proc = subprocess.Popen([sys.executable, "-c", _CHILD.format(call=call), str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, out
    return json.loads(out), usage.ru_maxrss * 1024


def test_merged_ranges_past_the_used_area_cost_nothing(files, tmp_path):
    plain = govxl.read(files["handmade"])
    bomb = with_merges(files["handmade"], tmp_path / "bomb.xlsx", "AA1:XFD1048576", 20_000)
    assert bomb.stat().st_size < 60_000
    out, peak = measured(READ, bomb)
    assert out["ok"] == [[plain.unit, plain.numbers()]]
    assert peak < GB and out["seconds"] < 10


def test_merged_ranges_over_the_used_area_are_refused(files, tmp_path):
    bomb = with_merges(files["handmade"], tmp_path / "overlap.xlsx", "A1:XFD1048576", 2_000)
    out, peak = measured(READ, bomb)
    assert "合并单元格" in out["refused"] and "取消多余的合并单元格" in out["refused"]
    assert peak < GB and out["seconds"] < 10


@pytest.mark.parametrize("name, where", [("far_xls", "IV65536"), ("far_ods", "XFD1048576")])
def test_a_legacy_sheet_reaching_far_is_refused_before_it_is_allocated(files, name, where):
    out, peak = measured(READ, files[name])
    assert where in out["refused"] and "删除远处多余的内容" in out["refused"]
    assert peak < GB and out["seconds"] < 10


@pytest.mark.parametrize("content, words", [(None, "已损坏"), (b"<broken", "已损坏"),
                                             (b'<?xml version="1.0"?><!DOCTYPE x []><x/>', "DOCTYPE")])
def test_an_ods_whose_content_cannot_be_scanned_is_one_refusal(tmp_path, content, words):
    with zipfile.ZipFile(tmp_path / "x.xlsx", "w") as z:  # named .xlsx: read by its content all the same
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        if content is not None:
            z.writestr("content.xml", content)
    with pytest.raises(UnreadableFile, match=words):
        load_book(tmp_path / "x.xlsx")


def test_a_roster_with_a_far_cell_names_it(files):
    out, peak = measured(ROSTER, files["far"])
    assert "XFD1048576" in out["refused"] and "名单" in out["refused"]
    assert peak < GB and out["seconds"] < 10
    with pytest.raises(UsageError, match="XFD1048576"):
        read_roster(files["far"])


# -- 4. content, not extension ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_a_workbook_under_another_formats_name_reads_by_its_content(files, tmp_path, fmt):
    misnamed = shutil.copy(files[fmt], tmp_path / "报告.xlsx")
    [right], [wrong] = read_all(files[fmt]), read_all(misnamed)
    assert right.reader == wrong.reader == "layout"
    assert (wrong.unit, wrong.year, wrong.numbers()) == (right.unit, right.year, right.numbers())
    assert wrong.unit == "拖船镇人民政府" and wrong["t3_new_natural"].number == 12


# -- 5. not a regular file ---------------------------------------------------------------------------


def _refused_at_once(read, path: str, error: type[Exception], *words: str) -> None:
    def hung(*_: object) -> None:
        raise TimeoutError(f"reading {path} blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        with pytest.raises(error) as info:
            read(path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert all(w in str(info.value) for w in words), info.value


def test_a_fifo_socket_or_device_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "x.xlsx")
    _refused_at_once(read_all, str(tmp_path / "x.xlsx"), UnreadableFile, "不是普通文件（命名管道）", "govxl 只读取普通文件")
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(tmp_path / "s.xlsx"))
        _refused_at_once(read_all, str(tmp_path / "s.xlsx"), UnreadableFile, "不是普通文件")
    _refused_at_once(read_all, os.devnull, UnreadableFile, "不是普通文件（字符设备）")
    os.mkfifo(tmp_path / "名单.csv")
    _refused_at_once(read_roster, str(tmp_path / "名单.csv"), UsageError, "名单文件无法读取", "命名管道")


# -- 6. what openpyxl would parse ------------------------------------------------------------------


def test_check_package_refuses_a_dtd_in_a_part_the_reader_skips(files, tmp_path):
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>'
    hostile = rewrite(files["filled"], tmp_path / "dtd.xlsx",
                      lambda name, data: entity if name == "docProps/app.xml" else data)
    utf16 = rewrite(files["filled"], tmp_path / "dtd16.xlsx",
                    lambda name, data: entity.decode().encode("utf-16") if name == "docProps/app.xml" else data)
    assert govxl.read(hostile).numbers() == govxl.read(files["filled"]).numbers()  # the reader never parses it
    check_package(str(files["filled"]))
    for path in (hostile, utf16):
        with pytest.raises(UnreadableFile, match="docProps/app.xml"):
            check_package(str(path))
    with pytest.raises(UnreadableFile, match="不是 .xlsx"):
        check_package(str(files["xls"]))


# -- 7. a second unit's form in a template ---------------------------------------------------------


def test_a_copy_of_the_form_filled_for_another_unit_is_another_report(files, tmp_path):
    wb = openpyxl.load_workbook(files["filled"])
    copy = wb.copy_worksheet(wb["年度报告"])
    copy.title = "年度报告 (2)"
    wb.create_sheet("备注")["A1"] = "本文件由乡政府办填报"

    def at(key: str) -> str:
        return wb.defined_names[key].attr_text.split("!")[1].replace("$", "")

    copy[at("meta_unit")], copy[at("t3_new_natural")], copy[at("t3_granted_natural")] = "某某乡人民政府", 13, 8
    wb.save(tmp_path / "two.xlsx")

    main, other = read_all(tmp_path / "two.xlsx")
    assert (main.reader, main.unit, main["t3_new_natural"].number) == ("template", "拖船镇人民政府", 12)
    assert (other.reader, other.unit, other["t3_new_natural"].number) == ("layout", "某某乡人民政府", 13)
    assert other["t3_new_natural"].source.sheet == "年度报告 (2)"
    for report in (main, other):
        [f] = [f for f in govxl.validate(report) if f.rule == "form-sheet-copy"]
        assert "年度报告 (2)" in f.message and "某某乡人民政府" in f.message and "单独报送" in f.message
    assert len(read_all(files["filled"])) == 1  # a template alone is one report


def test_child_timing_is_real():
    """The measuring harness itself: a child that allocates 300 MB is seen doing so."""
    out, peak = measured("result = len(bytearray(300 << 20)); time.sleep(0.2)", Path("."))
    assert out["ok"] == 300 << 20 and peak > 250 << 20 and out["seconds"] >= 0.2
