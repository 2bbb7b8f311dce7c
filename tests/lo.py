"""Recalculate workbooks in a real engine: LibreOffice headless, many files in one process.

LibreOffice does not recalculate .xlsx files on load with a fresh profile, so the profile used here
sets Calc to always recalculate (OOXMLRecalcMode / ODFRecalcMode = 0). Each pytest worker gets its own
profile, so parallel runs do not share a lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PYTHON_UNO = "/usr/bin/python3" if Path("/usr/lib/python3/dist-packages/uno.py").exists() else None  # python3-uno
TIMEOUT = 600

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def profile() -> Path:
    """A LibreOffice user profile (one per process) that recalculates every file on load."""
    path = Path(tempfile.gettempdir()) / f"govxl-lo-{os.getuid()}-{os.getpid()}"
    user = path / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    return path


def convert(paths: Sequence[Path | str], outdir: Path | str, to: str = "xlsx",
            infilter: str | None = None) -> list[Path]:
    """Open each file in one soffice run (with the import filter ``infilter`` if given) and save it as ``to``
    into ``outdir``; the output paths, in order."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    paths = [Path(p).resolve() for p in paths]
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError("file names must differ: outputs are named after them")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    if out.resolve() in {p.parent for p in paths} and to == "xlsx":
        raise ValueError("outdir must differ from the inputs' folder")
    cmd = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile().as_uri()}",
           *([f"--infilter={infilter}"] if infilter else []), "--convert-to", to, "--outdir", str(out),
           *map(str, paths)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT)
    results = [out / f"{p.stem}.{to.split(':')[0]}" for p in paths]
    missing = [r.name for r in results if not r.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return results


def recalculate(paths: Sequence[Path | str], outdir: Path | str) -> list[Path]:
    """Recalculated .xlsx copies of ``paths`` in ``outdir`` (read them with openpyxl, data_only=True)."""
    return convert(paths, outdir, "xlsx")


def insert_rows(src: Path, dst: Path, sheet: str, row: int, count: int) -> Path:
    """``src`` with ``count`` rows inserted before 0-based ``row`` of ``sheet`` by LibreOffice itself, saved
    as ``dst`` (.xlsx): defined names, formulas and merged cells move as they do for a user."""
    if SOFFICE is None or PYTHON_UNO is None:
        raise RuntimeError("LibreOffice and its Python bridge (python3-uno) are needed")
    pipe = f"govxl_uno_{os.getpid()}"
    office = subprocess.Popen([SOFFICE, "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation={profile().as_uri()}", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        script = Path(__file__).with_name("uno_insert_rows.py")
        subprocess.run([PYTHON_UNO, str(script), pipe, str(Path(src).resolve()), str(Path(dst).resolve()), sheet,
                        str(row), str(count)], check=True, capture_output=True, timeout=TIMEOUT)
    finally:
        office.terminate()
        office.wait(timeout=60)
    return Path(dst)
