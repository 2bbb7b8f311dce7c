"""Opening files nobody vouches for: what kind of file it is, size caps, zip-bomb limits, XML without DTDs.

Every refusal is an :class:`~govxl.errors.UnreadableFile` with one plain-Chinese reason. Nothing here
follows a link, resolves an entity or launches anything.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from itertools import chain
from typing import BinaryIO, Final

from lxml import etree

from govxl.errors import UnreadableFile
from govxl.reader.documents import detected
from govxl.reader.documents.encoding import decode

MAX_FILE_BYTES: Final = 50 * 1024 * 1024  # the file on disk
MAX_PART_BYTES: Final = 60 * 1024 * 1024  # one part of a zip package, uncompressed
MAX_TOTAL_BYTES: Final = 100 * 1024 * 1024  # every part of a zip package, uncompressed
MAX_PARTS: Final = 10_000
DOCUMENT_HEAD: Final = 1 << 16  # what a document loader sees to tell its format (a text's first table may be pages in)
MAX_RATIO: Final = 200  # uncompressed / compressed, per part above 1 MB (spreadsheets compress ~10-30x)

OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC: Final = b"PK\x03\x04"
ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"

_FOREIGN = (  # (magic prefix, what the file is)
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
)
_OOXML_OTHERS = (("ppt/", "PowerPoint 演示文稿"),)
_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_LINK = "这是一个链接（快捷方式），govxl 不跟随链接。请提供文件本身"
_FOLDER = "这是一个文件夹，不是 Excel 工作簿"
_SPECIAL = ((stat.S_ISFIFO, "命名管道"), (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"))
_STREAM_CHUNK: Final = 1 << 13  # small: a reader that stops early inflates little past where it stops
_TOO_BIG = "文件过大（超过 {} MB），不像是一份年度报告。请检查是否发错了文件，或删除多余的工作表、图片后重新保存"


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for binary reading if it is a regular file; else raise :class:`UnreadableFile`.

    A link is not followed, and a FIFO, socket or device is refused without blocking (opened non-blocking,
    checked with fstat, then switched back to blocking reads).
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(path, _LINK) from None
        if exc.errno == errno.ENXIO:  # a socket (or a FIFO nobody writes to, on some systems)
            raise UnreadableFile(path, _not_regular("套接字或管道")) from None
        if isinstance(exc, IsADirectoryError):
            raise UnreadableFile(path, _FOLDER) from None
        if isinstance(exc, FileNotFoundError):
            raise UnreadableFile(path, "无法打开文件（找不到这个文件，可能已被移动或删除）。请确认文件路径") from None
        if isinstance(exc, PermissionError):
            raise UnreadableFile(path, "无法打开文件（没有读取权限）。请检查文件权限，或复制一份后再读取") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise UnreadableFile(path, "无法打开（文件名或路径过长，超过系统限制）。请把文件移到层级较浅、名称较短的文件夹中") from None
        raise UnreadableFile(path, f"无法打开文件（{exc.strerror or exc}）。请确认文件存在且未被其他程序占用") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile(path, _FOLDER)
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in _SPECIAL if test(mode)), "特殊文件")
            raise UnreadableFile(path, _not_regular(kind))
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _not_regular(kind: str) -> str:
    return f"不是普通文件（{kind}），govxl 只读取普通文件。请提供文件本身"


def sniff(fh: BinaryIO, path: str) -> str:
    """The container of the open file ``fh`` (of ``path``): 'zip' (a package: .xlsx/.xlsm/.ods/.docx), 'xls'
    (an OLE compound file), 'doc' (one holding a Word document) or the format of a document loader ('pdf',
    'html', 'text': :mod:`govxl.reader.documents`); else raise. Refuses empty, oversized, encrypted and foreign
    files (RTF, images, other text …). The file's name plays no part.
    """
    try:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(DOCUMENT_HEAD)
        fh.seek(0)
    except OSError as exc:
        raise UnreadableFile(path, f"无法读取文件（{exc.strerror or exc}）。请确认文件存在且未被其他程序占用") from None
    if size == 0:
        raise UnreadableFile(path, "文件是空的（0 字节），可能在传输中损坏。请让报送单位重新发送")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(path, _TOO_BIG.format(MAX_FILE_BYTES // 2**20))
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        if _ole_encrypted(fh):
            raise UnreadableFile(path, "文件设置了打开密码（已加密的工作簿或 Word 文档），无法读取。请让报送单位取消密码后重新发送")
        return "doc" if _ole_word(fh) else "xls"
    for magic, what in _FOREIGN:
        if head.startswith(magic):
            raise UnreadableFile(path, f"这是{what}，不是 Excel 工作簿。请让报送单位发送 Excel 格式（.xlsx）的报告")
    if document := detected(head):
        return document.format
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml"):
        raise UnreadableFile(path, "这是 XML 文件（可能是“XML 电子表格 2003”格式），不是工作簿。请用 Excel 打开后另存为 .xlsx")
    if _untabbed_report(head):
        raise UnreadableFile(path, "这是报告的纯文本，但表格的单元格没有用制表符分开（例如从 PDF 复制或用 pdftotext 导出的文字，"
                                   "数字只按行排列），无法确定每个数字属于哪一栏，为免读错不予读取。请提供原网页、Word 或 PDF 文件")
    raise UnreadableFile(path, "不是 Excel 工作簿，也不是网页、Word、PDF 或文本格式的报告（无法识别的文件格式），可能已损坏或发错了文件。请让报送单位重新发送 .xlsx 文件")


def _untabbed_report(head: bytes) -> bool:
    """Text of a disclosure report, its tables not in cells (no text loader took it)."""
    content = decode(head, partial=True)
    return content is not None and any(word in content for word in ("信息公开", "信息公開", "資訊公開"))


def _ole_encrypted(fh: BinaryIO) -> bool:
    """An OLE compound file holding an encrypted OOXML package (its directory lists 'EncryptionInfo')."""
    data = fh.read(MAX_FILE_BYTES + 1)
    fh.seek(0)
    return "EncryptionInfo".encode("utf-16-le") in data


def _ole_word(fh: BinaryIO) -> bool:
    """An OLE compound file holding a legacy Word document (its 'WordDocument' stream), not a workbook."""
    import olefile

    try:
        with olefile.OleFileIO(fh) as ole:
            return bool(ole.exists("WordDocument"))
    except Exception:  # damage is the workbook reader's to report
        return False
    finally:
        fh.seek(0)


class Package:
    """A zip package opened with limits: entries checked before inflating, reads capped while inflating."""

    def __init__(self, path: str, fh: BinaryIO | None = None) -> None:
        """The package at ``path``, read through ``fh`` if given (left open for its owner), else opened here."""
        self.path = path
        self._own: BinaryIO | None = None
        if fh is None:
            fh = self._own = open_regular(path)
        try:
            self.zip = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            self._close_own()
            raise UnreadableFile(path, "文件已损坏（压缩包结构不完整），无法打开。请让报送单位重新保存并发送") from None
        try:
            self._check()
        except BaseException:
            self.close()
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
        """'xlsx', 'xlsm', 'ods' or 'docx' — or raise for other zip files (PowerPoint, plain archives)."""
        if "mimetype" in self.names and self.read("mimetype").strip() == ODS_MIMETYPE:
            return "ods"
        if "word/document.xml" in self.names:
            return "docx"
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

    def size(self, name: str) -> int:
        """The size of part ``name`` once inflated, as the zip directory declares it (reads never exceed it)."""
        return self.zip.getinfo(name).file_size

    def elements(self, name: str, tags: tuple[str, ...],
                 edit: Callable[[Iterator[bytes]], Iterator[bytes]] | None = None) -> Iterator[etree._Element]:
        """The elements ``tags`` of part ``name``, each complete, parsed as the part inflates and dropped
        (with what precedes it) once the caller moves on: a part costs what the caller keeps, never its tree.

        ``edit``: rewrites the inflated chunks before they are parsed (the caps apply to what inflates).
        Damage raises :class:`UnreadableFile` only once the elements before it are taken, so a caller
        needing just the start of a part (a sheet's cell data) never sees damage after it.
        """
        parser = etree.XMLPullParser(events=("end",), tag=tags, **SAFE_PARSER_OPTIONS)
        checked = False
        chunks = self.stream(name, _STREAM_CHUNK)
        for chunk in chain(edit(chunks) if edit else chunks, [None]):  # None: the end of the part
            try:
                if chunk is None:
                    parser.close()
                else:
                    parser.feed(chunk)
                broken = False
            except etree.XMLSyntaxError:
                broken = True
            for _, el in parser.read_events():
                if not checked:
                    check_doctype(el, self.path, name)
                    checked = True
                yield el
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            if broken:
                raise _not_xml(self.path, name)

    def close(self) -> None:
        self.zip.close()
        self._close_own()

    def _close_own(self) -> None:
        if self._own is not None:
            self._own.close()

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
_DTD_MARKS: tuple[bytes, ...] = (b"<!DOCTYPE", b"<!ENTITY")
_DTD_MARKS_UTF16 = (*_DTD_MARKS, *(m.decode().encode(enc) for m in _DTD_MARKS for enc in ("utf-16-le", "utf-16-be")))


def check_no_dtd(data: bytes, path: str, part: str) -> None:
    """Refuse a part that declares a DTD or an entity (Excel never writes one; entity attacks need one)."""
    marks = _DTD_MARKS
    if data[:2] in _UTF16 or b"\x00" in data[:4]:
        marks = _DTD_MARKS_UTF16
    if any(mark in data for mark in marks):
        raise _dtd(path, part)


def check_package(path: str) -> None:
    """Raise :class:`UnreadableFile` unless ``path`` is a zip package within the caps none of whose parts
    declares a DTD or an entity: the check to pass before a full parser (openpyxl) opens a received file,
    since it parses parts govxl's own reader never reads."""
    with open_regular(path) as fh:
        if sniff(fh, path) != "zip":
            raise UnreadableFile(path, "不是 .xlsx 格式的工作簿，无法在其上标注。请让报送单位另存为 .xlsx 后发送")
        with Package(path, fh) as package:
            for name in sorted(package.names):
                data = package.read(name)
                if _looks_like_xml(data):  # images and VBA projects are never parsed as XML
                    check_no_dtd(data, path, name)


def _looks_like_xml(data: bytes) -> bool:
    return data[:2] in _UTF16 or data[1:2] == b"\x00" or data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def parse_xml(data: bytes, path: str, part: str) -> etree._Element:
    """Parse one XML part; refuse any DTD (entity declarations included) and anything malformed."""
    check_no_dtd(data, path, part)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise _not_xml(path, part) from None
    check_doctype(root, path, part)
    return root


def check_doctype(element: etree._Element, path: str, part: str) -> None:
    """Refuse the document of ``element`` (parsed, or being parsed) if it declares a DTD."""
    if element.getroottree().docinfo.doctype:
        raise _dtd(path, part)


def _not_xml(path: str, part: str) -> UnreadableFile:
    return UnreadableFile(path, f"文件已损坏（{part} 不是有效的 XML），无法读取。请让报送单位重新保存并发送")


def _dtd(path: str, part: str) -> UnreadableFile:
    return UnreadableFile(path, f"文件内部含有文档类型声明（{part} 中的 DOCTYPE/ENTITY），Excel、Word 不会生成这种内容，为安全起见拒绝读取")

