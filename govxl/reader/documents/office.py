"""Legacy Word documents (.doc): converted by LibreOffice headless into a temporary .docx, then read as one.

The only program govxl launches on a received file. The file is copied into a private temporary folder
under a fixed name (nothing of its own name reaches the command line), converted there with a profile of
its own (macros never run, links never updated, nothing fetched), within a time limit, and the folder is
removed whatever happens. Each .doc costs one soffice start (about 1-2 s).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import BinaryIO, Final

from govxl.errors import UnreadableFile
from govxl.reader.book import Book
from govxl.reader.documents import docx
from govxl.reader.safety import MAX_FILE_BYTES, Package, open_regular

TIMEOUT: Final = 120  # seconds; a report's .doc converts in about a second
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""  # Writer's link update 0: never
_MISSING = ("这是旧版 Word 文档（.doc），读取它需要 LibreOffice，但本机没有安装（找不到 soffice 命令）。"
            "请安装 LibreOffice 后重试，或让报送单位用 Word 另存为 .docx 后发送")
_FAILED = ("这是旧版 Word 文档（.doc），LibreOffice 未能转换它（{}），可能已损坏或设置了打开密码。"
           "请让报送单位用 Word 打开后另存为 .docx 后发送")


def load_doc(fh: BinaryIO, path: str) -> Book:
    """The .doc open as ``fh`` (of ``path``) read as the .docx LibreOffice makes of it; the Book names ``path``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableFile(path, _MISSING)
    try:
        with tempfile.TemporaryDirectory(prefix="govxl-doc-", ignore_cleanup_errors=True) as tmp:
            source = Path(tmp, "report.doc")
            source.write_bytes(fh.read(MAX_FILE_BYTES + 1))
            Path(tmp, "profile", "user").mkdir(parents=True)
            Path(tmp, "profile", "user", "registrymodifications.xcu").write_text(_PROFILE, "utf-8")
            _convert(soffice, source, Path(tmp, "out"), Path(tmp, "profile"), path)
            converted = Path(tmp, "out", "report.docx")
            if not converted.is_file():
                raise UnreadableFile(path, _FAILED.format("没有生成 .docx"))
            with open_regular(str(converted)) as out, Package(path, out) as package:
                if package.kind() != "docx":
                    raise UnreadableFile(path, _FAILED.format("生成的不是 Word 文档"))
                return docx.load(package, path, "doc")
    except UnreadableFile:
        raise
    except OSError as exc:  # the temporary folder: disk full, no permission
        raise UnreadableFile(path, _FAILED.format(f"临时文件夹无法写入：{exc.strerror or exc}")) from None


def _convert(soffice: str, source: Path, outdir: Path, profile: Path, path: str) -> None:
    cmd = [soffice, "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
           f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "docx:MS Word 2007 XML",
           "--outdir", str(outdir), str(source)]
    try:
        office = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, cwd=source.parent, start_new_session=True)
    except OSError as exc:
        raise UnreadableFile(path, _FAILED.format(f"无法启动 LibreOffice：{exc.strerror or exc}")) from None
    try:
        office.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise UnreadableFile(path, _FAILED.format(f"超过 {TIMEOUT} 秒仍未完成")) from None
    finally:  # soffice's own children too (its session), if any outlived it
        try:
            os.killpg(office.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        office.wait()
