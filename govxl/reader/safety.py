"""Opening files nobody vouches for: what kind of file it is, size caps, zip-bomb limits, XML without DTDs.

Every refusal is an :class:`~govxl.errors.UnreadableFile` with one plain-Chinese reason. Nothing here
follows a link, resolves an entity or launches anything.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO, Final

from lxml import etree

from govxl.errors import UnreadableFile

MAX_FILE_BYTES: Final = 50 * 1024 * 1024  # the file on disk
MAX_PART_BYTES: Final = 60 * 1024 * 1024  # one part of a zip package, uncompressed
MAX_TOTAL_BYTES: Final = 100 * 1024 * 1024  # every part of a zip package, uncompressed
MAX_PARTS: Final = 10_000
MAX_RATIO: Final = 200  # uncompressed / compressed, per part above 1 MB (spreadsheets compress ~10-30x)

OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC: Final = b"PK\x03\x04"
ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"

_FOREIGN = (  # (magic prefix, what the file is)
    (b"%PDF", "PDF 文件"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
)
_OOXML_OTHERS = (("word/", "Word 文档"), ("ppt/", "PowerPoint 演示文稿"))
_TOO_BIG = "文件过大（超过 {} MB），不像是一份年度报告。请检查是否发错了文件，或删除多余的工作表、图片后重新保存"


def sniff(path: str) -> str:
    """The container of ``path``: 'zip' (a package: .xlsx/.xlsm/.ods) or 'xls' (an OLE compound file); else raise.

    Refuses empty, oversized, encrypted and foreign files (PDF, Word, HTML saved as .xls, text …).
    """
    if os.path.islink(path):
        raise UnreadableFile(path, "这是一个链接（快捷方式），govxl 不跟随链接。请提供文件本身")
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(512)
    except IsADirectoryError:
        raise UnreadableFile(path, "这是一个文件夹，不是 Excel 工作簿") from None
    except OSError as exc:
        raise UnreadableFile(path, f"无法打开文件（{exc.strerror or exc}）。请确认文件存在且未被其他程序占用") from None
    if size == 0:
        raise UnreadableFile(path, "文件是空的（0 字节），可能在传输中损坏。请让报送单位重新发送")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(path, _TOO_BIG.format(MAX_FILE_BYTES // 2**20))
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        if _ole_encrypted(path):
            raise UnreadableFile(path, "工作簿设置了打开密码（已加密），无法读取。请让报送单位取消密码后重新发送")
        return "xls"
    for magic, what in _FOREIGN:
        if head.startswith(magic):
            raise UnreadableFile(path, f"这是{what}，不是 Excel 工作簿。请让报送单位发送 Excel 格式（.xlsx）的报告")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in text:
        raise UnreadableFile(path, "这是网页（HTML）文件，只是扩展名为 Excel，无法按工作簿读取。请用 Excel 打开后另存为 .xlsx")
    if text.startswith(b"<?xml"):
        raise UnreadableFile(path, "这是 XML 文件（可能是“XML 电子表格 2003”格式），不是工作簿。请用 Excel 打开后另存为 .xlsx")
    raise UnreadableFile(path, "不是 Excel 工作簿（无法识别的文件格式），可能已损坏或发错了文件。请让报送单位重新发送 .xlsx 文件")


def _ole_encrypted(path: str) -> bool:
    """An OLE compound file holding an encrypted OOXML package (its directory lists 'EncryptionInfo')."""
    with open(path, "rb") as fh:
        data = fh.read()
    return "EncryptionInfo".encode("utf-16-le") in data


class Package:
    """A zip package opened with limits: entries checked before inflating, reads capped while inflating."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise UnreadableFile(path, "文件已损坏（压缩包结构不完整），无法打开。请让报送单位重新保存并发送") from None
        try:
            self._check()
        except BaseException:
            self.zip.close()
            raise

    def _check(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_PARTS:
            raise UnreadableFile(self.path, "文件内部结构异常（部件过多），拒绝读取。请让报送单位重新保存并发送")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnreadableFile(self.path, "工作簿内容已加密，无法读取。请让报送单位取消密码后重新发送")
            if info.file_size > MAX_PART_BYTES or _bomb(info.file_size, info.compress_size):
                raise UnreadableFile(self.path, _TOO_BIG.format(MAX_TOTAL_BYTES // 2**20))
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise UnreadableFile(self.path, _TOO_BIG.format(MAX_TOTAL_BYTES // 2**20))
        self._budget = MAX_TOTAL_BYTES
        self.names = {info.filename for info in infos}

    def kind(self) -> str:
        """'xlsx', 'xlsm' or 'ods' — or raise for other zip files (Word, PowerPoint, plain archives)."""
        if "mimetype" in self.names and self.read("mimetype").strip() == ODS_MIMETYPE:
            return "ods"
        if "xl/workbook.xml" in self.names or any(n.startswith("xl/workbook") for n in self.names):
            return "xlsm" if "xl/vbaProject.bin" in self.names else "xlsx"
        for prefix, what in _OOXML_OTHERS:
            if any(n.startswith(prefix) for n in self.names):
                raise UnreadableFile(self.path, f"这是{what}，不是 Excel 工作簿。请让报送单位发送 Excel 格式（.xlsx）的报告")
        raise UnreadableFile(self.path, "这是一个压缩包（zip），不是 Excel 工作簿。请解压后分别提交其中的报告文件")

    def read(self, name: str) -> bytes:
        """One part, inflated in chunks and stopped at the caps whatever the zip directory claims."""
        return b"".join(self.stream(name))

    def stream(self, name: str, chunk: int = 1 << 20) -> Iterator[bytes]:
        """One part in inflated chunks of ``chunk`` bytes, within the caps (the reader may stop early)."""
        limit = min(MAX_PART_BYTES, self._budget)
        size = 0
        try:
            with self.zip.open(name) as fh:
                while data := fh.read(chunk):
                    size += len(data)
                    self._budget -= len(data)
                    if size > limit:
                        raise UnreadableFile(self.path, _TOO_BIG.format(MAX_TOTAL_BYTES // 2**20))
                    yield data
        except KeyError:
            raise UnreadableFile(self.path, f"文件已损坏（缺少部件 {name}），无法读取。请让报送单位重新保存并发送") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error):
            raise UnreadableFile(self.path, "文件已损坏（压缩数据校验失败），无法读取。请让报送单位重新保存并发送") from None

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), self.path, name)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bomb(size: int, compressed: int) -> bool:
    return size > 2**20 and size > MAX_RATIO * max(compressed, 1)


SAFE_PARSER_OPTIONS: Final = dict(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
    remove_comments=True, remove_pis=True,
)
_PARSER = etree.XMLParser(**SAFE_PARSER_OPTIONS)
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def check_no_dtd(data: bytes, path: str, part: str) -> None:
    """Refuse a part that declares a DTD (Excel never writes one; entity attacks need one)."""
    marks = [b"<!DOCTYPE"]
    if data[:2] in _UTF16 or b"\x00" in data[:4]:
        marks += ["<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be")]
    if any(mark in data for mark in marks):
        raise _dtd(path, part)


def parse_xml(data: bytes, path: str, part: str) -> etree._Element:
    """Parse one XML part; refuse any DTD (entity declarations included) and anything malformed."""
    check_no_dtd(data, path, part)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise UnreadableFile(path, f"文件已损坏（{part} 不是有效的 XML），无法读取。请让报送单位重新保存并发送") from None
    if root.getroottree().docinfo.doctype:
        raise _dtd(path, part)
    return root


def _dtd(path: str, part: str) -> UnreadableFile:
    return UnreadableFile(path, f"文件内部含有文档类型声明（{part} 中的 DOCTYPE/ENTITY），Excel 不会生成这种内容，为安全起见拒绝读取")


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; a FIFO, socket, device or link is refused at once
    (opened without blocking, never followed)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise UnreadableFile(path, "这是一个链接（快捷方式），govxl 不跟随链接。请提供文件本身") from None
        raise UnreadableFile(path, f"无法打开文件（{exc.strerror or exc}）。请确认文件存在且未被其他程序占用") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "文件夹" if stat.S_ISDIR(mode) else "管道、设备或套接字等特殊文件"
        raise UnreadableFile(path, f"这不是普通文件（是{what}），govxl 只读取普通文件")
    if flags & getattr(os, "O_NONBLOCK", 0):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")
