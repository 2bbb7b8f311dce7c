"""Writing outputs: whole or not at all, never over an input, the roster or a file govxl did not write.

:func:`claim` decides where an output goes; :func:`replacing` writes it through a temporary file beside the
target (``.~govxl-*``, ignored by every batch) that is flushed to disk and renamed only once complete.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from govxl.errors import GovxlError, UsageError

if TYPE_CHECKING:
    from govxl.validation import FileCheck

TEMP_PREFIX = ".~govxl-"


class OutputError(GovxlError, OSError):
    """An output could not be written (disk full, no permission …); the message is Chinese and says why."""


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def beside(target: Path) -> Path:
    """The first free name ``stem（2）.suffix``, ``stem（3）.suffix`` … beside ``target``."""
    n = 2
    while (candidate := target.with_name(f"{target.stem}（{n}）{target.suffix}")).exists() or candidate.is_symlink():
        n += 1
    return candidate


def claim(target: str | os.PathLike[str], *, protected: Collection[Path] = (), force: bool = False) -> tuple[Path, str]:
    """Where an output meant for ``target`` is written, and a Chinese note when it is not ``target`` itself.

    ``protected``: the command's inputs and roster; an output never replaces one of them, nor a file govxl
    did not write. An existing file govxl wrote is replaced only with ``force``; otherwise, as for any other
    existing file, the output goes to a free name beside it. Raises :class:`UsageError` for a target that is
    an input, a folder or a link.
    """
    from govxl.reader.origin import written_by_govxl

    target = Path(target)
    if target.is_symlink():
        raise UsageError(f"输出位置“{target}”是一个链接（快捷方式），govxl 不会写到链接上。请换一个文件名")
    if target.is_dir():
        raise UsageError(f"输出位置“{target}”是一个文件夹。请给出文件名，例如 {target / '汇总.xlsx'}")
    if not target.exists():
        return target, ""
    ours = written_by_govxl(target)
    if any(_same(target, p) for p in protected) and ours is None:
        raise UsageError(f"输出文件“{target}”是本次的输入文件（或名单），govxl 不会覆盖输入。请换一个输出文件名")
    if force and ours is not None:
        return target, ""
    free = beside(target)
    why = "是 govxl 以前生成的文件（加 --force 可覆盖）" if ours else "不是 govxl 生成的文件，不会覆盖"
    return free, f"“{target.name}”已存在且{why}，本次写到“{free.name}”"


@contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it when the block succeeds and removed otherwise.

    The finished file gets ordinary permissions (as the umask allows) and is on disk before it takes its name.
    OS errors surface as :class:`OutputError` with a Chinese message.
    """
    target = Path(target)
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX, suffix=target.suffix)
        os.close(fd)
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except Exception as exc:
        cause = _os_error(exc)
        if cause is None or isinstance(exc, GovxlError):
            raise
        raise OutputError(f"无法写出“{target}”：{os_reason(cause)}") from exc
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _os_error(exc: BaseException) -> OSError | None:
    """The OS error behind ``exc`` (writers such as xlsxwriter wrap it in their own exception), if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


_REASONS = {
    errno.ENOSPC: "磁盘空间已满，请清理磁盘或换一个位置",
    errno.EDQUOT: "磁盘配额已用完，请清理磁盘或换一个位置",
    errno.EACCES: "没有权限，请换一个位置或检查文件夹权限",
    errno.EPERM: "没有权限，请换一个位置或检查文件夹权限",
    errno.EROFS: "该位置是只读的，请换一个位置",
    errno.EISDIR: "这是一个文件夹，请给出文件名",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EEXIST: "路径中有一部分是已有的文件，不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长，请换一个短一些的名称",
    errno.EBUSY: "文件正被其他程序占用，请关闭后重试",
}


def os_reason(exc: OSError) -> str:
    """A Chinese reason for an OS error (what to do where it is clear)."""
    return _REASONS.get(exc.errno or 0, f"系统错误（{exc.strerror or type(exc).__name__}）")


def names_folder(out: str | os.PathLike[str]) -> bool:
    """``out`` names a folder: an existing one, one written with a trailing separator, or a name with no suffix."""
    text = os.fspath(out)
    return Path(text).is_dir() or text.endswith(("/", os.sep)) or not Path(text).suffix


def inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def batch_inputs(roots: Sequence[Path], out_folder: Path | None) -> list[Path]:
    """The files ``roots`` name and hold (:func:`govxl.batch.collect`), but for the files found in the output
    folder by walking a folder (the outputs of an earlier run): a file named itself is an input wherever it is."""
    from govxl.batch import collect

    named = {r.resolve() for r in roots if not r.is_dir()}
    return [p for p in collect(roots) if out_folder is None or not inside(p, out_folder) or p.resolve() in named]


def mirrored(checks: Sequence[FileCheck], roots: Sequence[Path], out: Path, suffixes: Sequence[str]) -> list[list[Path]]:
    """Where the outputs of each report of a batch go in folder ``out``: its file's place below the input folder
    it was found in, mirrored below ``out``, one output per suffix, the same in every run; the file's own suffix
    added where two files share a name (x.xlsx, x.xls), the unit's where a file holds several reports."""
    from govxl.printable import name_part

    def relative(path: Path) -> Path:
        root = next((r for r in roots if r.is_dir() and inside(path, r)), None)
        return path.relative_to(root) if root is not None else Path(path.name)

    rel = [relative(c.path) for c in checks]
    files_per_stem = Counter(r.with_suffix("") for r in {r for c, r in zip(checks, rel) if c.checked})
    reports_per_file = Counter(c.path for c in checks if c.checked)
    targets = []
    for c, r in zip(checks, rel):
        stem = r.stem + (f"（{r.suffix.lstrip('.')}）" if files_per_stem[r.with_suffix("")] > 1 else "")
        if reports_per_file[c.path] > 1 and c.report is not None and c.report.unit:
            stem += f"-{name_part(c.report.unit)}"
        targets.append([out / r.parent / f"{stem}{suffix}" for suffix in suffixes])
    return targets
