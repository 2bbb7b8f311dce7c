"""One odd file never costs the batch, and the county is told the truth (on a copy of the example county)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from govxl.cli import main
from govxl.reader.parallel import map_files

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture()
def county(tmp_path: Path):
    shutil.copytree(EXAMPLES / "county", tmp_path / "county")
    yield tmp_path / "county"
    for folder in (tmp_path / "county" / "报送").iterdir():
        if folder.is_dir():
            flatten(folder)  # pytest's own clean-up recurses and cannot remove a folder 1,200 deep


def flatten(top: Path) -> None:
    """Remove a deep chain of folders one level at a time, without ever using a long path."""
    up = top.with_name(top.name + ".up")
    while (child := next((p for p in top.iterdir() if p.is_dir()), None)) is not None:
        child.rename(up)  # the chain moves one level up, beside ``top``
        shutil.rmtree(top)
        up.rename(top)
    shutil.rmtree(top)


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def files_by_name(doc: dict) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in doc["files"]}


def test_odd_names_are_read_and_shown_as_people_read_them(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    some = next(inbox.glob("*青石镇*"))
    gbk = os.path.join(os.fsencode(inbox), "白沙镇（GBK）.xlsx".encode("gbk"))  # a zip unpacked from Windows
    shutil.copy(some, gbk)
    shutil.copy(some, inbox / "evil\x1b]0;pwned\x07\n✓ 通过 fake.xlsx")
    code, doc = cli_json(capsys, "validate", str(inbox))
    files = files_by_name(doc)
    assert files["白沙镇（GBK）.xlsx"]["status"] == "ok"
    assert code == 1  # the planted mistakes of the county, nothing more
    main(["validate", str(inbox)])
    out = capsys.readouterr().out
    assert "白沙镇（GBK）.xlsx" in out and "\x1b" not in out and "\x07" not in out
    assert not any(line.startswith("✓ 通过 fake") for line in out.splitlines())
    code, doc = cli_json(capsys, "merge", str(inbox), "--roster", str(county / "名单.csv"), "--year", "2025",
                         "-o", str(county / "汇总.xlsx"))
    assert code == 1 and doc["output"]
    assert any(r["file"] == "白沙镇（GBK）.xlsx" for r in doc["completeness"])


def _dies_on_poison(path: str) -> str:
    if path.endswith("poison"):
        os.kill(os.getpid(), 9)  # what the kernel's out-of-memory killer does to a worker
    return "read"


def test_a_killed_worker_costs_only_its_file() -> None:
    paths = [f"file{i}" for i in range(40)] + ["x.poison"] + [f"more{i}" for i in range(40)]
    out = list(map_files(_dies_on_poison, paths, workers=2, killed=lambda p: f"killed {p}"))
    assert [p for p, _ in out] == paths
    assert dict(out)["x.poison"] == "killed x.poison"
    assert all(r == "read" for p, r in out if p != "x.poison")


def test_deep_folders_fifos_and_special_files_never_stop_the_batch(county: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    deep = inbox
    for _ in range(1200):
        deep = deep / "d"
        deep.mkdir()
    shutil.copy(next(inbox.glob("*青石镇*")), deep / "深处.xlsx")
    os.mkfifo(inbox / "x.xlsx")
    code, doc = cli_json(capsys, "validate", str(inbox))
    files = files_by_name(doc)
    assert files["深处.xlsx"]["status"] == "ok"
    assert files["x.xlsx"]["status"] == "unreadable" and "普通文件" in files["x.xlsx"]["findings"][0]["message"]
    assert code == 1


def test_a_folder_that_cannot_be_opened_is_reported(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    fd = os.open(inbox, os.O_RDONLY)
    for _ in range(900):  # deeper than any path the system can open (PATH_MAX): made one level at a time
        os.mkdir("长路径目录", dir_fd=fd)
        fd, up = os.open("长路径目录", os.O_RDONLY, dir_fd=fd), fd
        os.close(up)
    os.close(fd)
    code, doc = cli_json(capsys, "validate", str(inbox))
    (closed,) = [f for f in doc["files"] if f["path"].endswith("长路径目录")]
    assert closed["status"] == "unreadable" and "路径过长" in closed["findings"][0]["message"]
    assert code == 1


@pytest.fixture()
def full_disk(tmp_path: Path):
    """A real file system with no room left (a 16 KB tmpfs; the tests run as root)."""
    mount = tmp_path / "满了"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)


@pytest.fixture()
def locked_folder(tmp_path: Path):
    """A folder nobody may write into, root included (immutable)."""
    folder = tmp_path / "只读"
    folder.mkdir()
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_output_that_cannot_be_written_leaves_the_results_on_screen(
        county: Path, full_disk: Path, locked_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    roster = str(county / "名单.csv")
    assert main(["merge", str(inbox), "--roster", roster, "-o", str(full_disk / "汇总.xlsx")]) == 2
    out = capsys.readouterr()
    assert "未报送" in out.out and "磁盘空间已满" in out.err and "Errno" not in out.err
    assert list(full_disk.iterdir()) == []  # nothing half-written left behind
    assert main(["merge", str(inbox), "--roster", roster, "-o", str(locked_folder / "汇总.xlsx")]) == 2
    assert "没有权限" in capsys.readouterr().err
    assert main(["validate", str(inbox), "--annotate", str(full_disk / "批注")]) == 2
    out = capsys.readouterr()
    assert "✗" in out.out and "磁盘空间已满" in out.err


def _edit(path: Path, **cells: object) -> None:
    wb = openpyxl.load_workbook(path)
    for key, value in cells.items():
        sheet, ref = next(iter(wb.defined_names[key].destinations))
        wb[sheet][ref.replace("$", "")] = value
    wb.save(path)


def test_unrepresentable_numbers_are_value_findings(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    some = next(inbox.glob("*青石镇*"))
    _edit(some, t3_new_natural=1e308, t3_new_legal=1e308, text_overview_request="本年新收申请" + "9" * 5000 + "件。")
    code, doc = cli_json(capsys, "validate", str(some))
    (only,) = doc["files"]
    assert code == 1 and only["status"] == "error"
    assert {"t3_new_natural", "t3_new_legal"} <= {c["key"] for f in only["findings"] if f["rule"] == "value-type"
                                                  for c in f["cells"]}
    code, doc = cli_json(capsys, "merge", str(inbox), "--year", "2025", "-o", str(county / "汇总.xlsx"))
    assert code == 1 and doc["output"]


def test_units_that_sent_unusable_files_are_not_chased_as_missing(county: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = cli_json(capsys, "merge", str(county / "报送"), "--roster", str(county / "名单.csv"),
                         "--year", "2025", "-o", str(county / "汇总.xlsx"))
    assert sorted(doc["missing"]) == ["新塘镇人民政府", "高桥镇人民政府"]  # sent nothing (新棠镇 is misspelt)
    assert sorted(doc["resubmit"]) == ["双河镇人民政府", "枫林镇人民政府"]  # a wrong-edition and a damaged file
    rows = {r["unit"]: r for r in doc["completeness"] if r["unit"]}
    assert rows["枫林镇人民政府"]["unit_inferred"] and rows["枫林镇人民政府"]["status"] == "unreadable"
    assert rows["双河镇人民政府"]["status"] == "wrong-edition"
    chase = [f for f in doc["findings"] if "请催报" in f["message"]]
    assert sorted(f["unit"] for f in chase) == ["新塘镇人民政府", "高桥镇人民政府"]
    resubmit = {f["unit"]: f["message"] for f in doc["findings"] if f["rule"] == "resubmit"}
    assert "损坏" in resubmit["枫林镇人民政府"] and "2019年版" in resubmit["双河镇人民政府"]
    main(["merge", str(county / "报送"), "--roster", str(county / "名单.csv"), "--year", "2025",
          "-o", str(county / "汇总2.xlsx")])
    out = capsys.readouterr().out
    assert "报送了但需重报（2）" in out and "未报送，请催报（2）" in out


def test_the_batch_name_and_a_merge_that_adopts_nothing(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = county / "2025年度应报送单位名单.csv"
    shutil.copy(county / "名单.csv", roster)
    code, doc = cli_json(capsys, "merge", str(county / "报送"), "--roster", str(roster), "--year", "2025",
                         "-o", str(county / "汇总.xlsx"))
    assert "应报送" not in doc["name"] and "2025" not in doc["name"]
    out = county / "没有.xlsx"
    assert main(["merge", str(county / "报送"), "--roster", str(roster), "--year", "2019", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert not out.exists() and "2025年度（2021年版）" in err and "--year" in err
