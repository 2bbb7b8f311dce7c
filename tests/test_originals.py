"""Originals are sacred: no command replaces an input, the roster or a file govxl did not write, and govxl's
own outputs in an input folder are listed as such, never summed (run on a copy of the example county)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govxl.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def county(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "county", tmp_path / "county")
    return tmp_path / "county"


def cli(*argv: str) -> int:
    """The command line as a user runs it: its exit code, argparse's usage errors included."""
    try:
        return main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = cli(*argv, "--json")
    return code, json.loads(capsys.readouterr().out)


def test_annotating_into_the_input_folder_keeps_every_original(county: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    before = digests(inbox)
    code = main(["validate", str(inbox), "--annotate", str(inbox)])
    out = capsys.readouterr()
    assert code == 1
    after = digests(inbox)
    assert {k: after[k] for k in before} == before  # every original byte-identical, the damaged one included
    copies = sorted(set(after) - set(before))
    assert copies and all("（" in name for name in copies)  # written beside the originals, under new names
    assert "注意" in out.err
    # the next run lists the copies as govxl's and adopts none of them: no false duplicates
    code, doc = run_json(capsys, "merge", str(inbox), "--roster", str(county / "名单.csv"), "--year", "2025",
                         "-o", str(county.parent / "汇总.xlsx"))
    statuses = {Path(r["file"]).name: r["status"] for r in doc["completeness"] if r["file"]}
    assert all(statuses[Path(c).name] == "govxl-output" for c in copies)
    assert doc["counts"]["duplicate"] == 1  # only the planted one (县民政局)


def test_merge_never_writes_over_an_input_or_the_roster(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    before = digests(county)
    unit_file = next(inbox.glob("*青石镇*"))
    assert main(["merge", str(inbox), "--roster", str(county / "名单.csv"), "-o", str(unit_file)]) == 2
    assert "不会覆盖输入" in capsys.readouterr().err
    assert cli("merge", str(inbox), "--roster", str(county / "名单.csv"), "-o", str(county / "名单.csv")) == 2
    assert ".xlsx" in capsys.readouterr().err  # argparse refuses a workbook named .csv
    roster_xlsx = county / "名单.xlsx"
    shutil.copy(unit_file, roster_xlsx)  # a file govxl did not write, under the name asked for
    main(["merge", str(inbox), "--roster", str(county / "名单.csv"), "-o", str(roster_xlsx)])
    assert "名单（2）.xlsx" in capsys.readouterr().out
    assert digests(county).items() >= before.items()


def test_template_never_replaces_a_filled_report(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = next((county / "报送").glob("*青石镇*"))
    before = report.read_bytes()
    assert main(["template", "--year", "2025", "-o", str(report), "--force"]) == 0
    out = capsys.readouterr().out
    assert report.read_bytes() == before and "本次写到" in out
    blank = county / "模板.xlsx"
    assert main(["template", "--year", "2025", "-o", str(blank)]) == 0
    stamp = blank.stat().st_mtime_ns
    assert main(["template", "--year", "2025", "-o", str(blank), "--force"]) == 0  # govxl's own blank: replaced
    assert blank.stat().st_mtime_ns != stamp and not (county / "模板（2）.xlsx").exists()
    assert oct(blank.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_three_merges_into_the_input_folder_give_the_same_totals(county: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    totals = []
    for _ in range(3):
        code, doc = run_json(capsys, "merge", str(inbox), "--year", "2025", "-o", str(inbox / "县汇总.xlsx"))
        assert code in (0, 1) and doc["output"]
        totals.append(doc["totals"]["t3_new_total"])
        outputs = [r for r in doc["completeness"] if r["status"] == "govxl-output"]
        assert all("汇总" in r["file"] for r in outputs)
    assert totals[0] == totals[1] == totals[2] > 0
    assert len(list(inbox.glob("县汇总*.xlsx"))) == 3  # never replaced without --force


def test_leftover_temporary_files_and_system_files_are_ignored(county: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    inbox = county / "报送"
    some = next(inbox.glob("*青石镇*"))
    for name in (".~govxl-abc123.xlsx", f"~${some.name}", "Thumbs.db", "desktop.ini", ".DS_Store"):
        shutil.copy(some, inbox / name) if name.endswith(".xlsx") else (inbox / name).write_bytes(b"\0\1junk")
    code, doc = run_json(capsys, "validate", str(inbox))
    ignored = {Path(f["path"]).name for f in doc["files"] if f["status"] == "ignored"}
    assert ignored == {".~govxl-abc123.xlsx", f"~${some.name}", "Thumbs.db", "desktop.ini", ".DS_Store"}
    plain = digests(county)
    for name in ignored:
        (inbox / name).unlink()
    assert code == main(["validate", str(inbox), "--json"])  # the ignored files changed nothing
    capsys.readouterr()
    assert plain


def test_workers_do_not_outlive_a_killed_command(county: Path) -> None:
    inbox = county / "报送"
    for i in range(60):  # enough files for the worker pool
        shutil.copy(next(inbox.glob("*青石镇*")), inbox / f"副本{i}.xlsx")
    proc = subprocess.Popen([sys.executable, "-m", "govxl", "validate", str(inbox), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 20
    children: list[int] = []
    while time.time() < deadline and not children:
        time.sleep(0.2)
        children = _children(proc.pid)
    assert children, "the command started no worker"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(c) for c in children):
        time.sleep(0.2)
    assert not any(_alive(c) for c in children)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
