"""The filled workbook as the report a portal publishes: a Word document (.docx) and a web page (.html).

:func:`render` reads and validates every report of a file or a folder (:func:`govxl.validation.check_files`:
a bad file costs at most itself), lays each over its edition's outline (:mod:`govxl.render.page`) and writes it
with the writer of the output's suffix (:data:`WRITERS`). A report with error-level findings is written only
with ``force``, and then says so on its first page; a consolidated workbook (``govxl merge``) becomes the
county's compilation. Outputs never replace an input or a file govxl did not write (:func:`govxl.files.claim`)
and are written whole or not at all (:func:`govxl.files.replacing`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from govxl.errors import UsageError
from govxl.files import OutputError, batch_inputs, claim, mirrored, names_folder, replacing
from govxl.findings import Findings
from govxl.report import Report

if TYPE_CHECKING:  # the readers and the validator load with render(), not with this package (govxl.render.stamp)
    from govxl.validation import FileCheck

WRITERS = {".docx": "govxl.render.docx", ".html": "govxl.render.html"}  # suffix -> the module whose write() makes it
FOLDER_FORMATS = (".docx", ".html")  # what each report of a folder becomes


@dataclass
class Rendering:
    """What became of one report (or of one file that gave none)."""

    path: Path  # the file read
    report: Report | None
    findings: Findings
    status: str  # 'written' | 'forced' (despite errors) | 'refused' (errors) | 'failed' | FileCheck's other statuses
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # outputs written beside their target, and why
    reason: str = ""  # why nothing was written, in Chinese


def render(source: str | os.PathLike[str], out: str | os.PathLike[str], *, force: bool = False) -> list[Rendering]:
    """Render the report of workbook ``source`` as ``out`` (.docx or .html), or every report of folder
    ``source`` into folder ``out`` (as both, named after their files).

    A report with errors is refused unless ``force``, which also lets an output replace one govxl rendered
    before. Raises :class:`UsageError` for an output that is neither a folder nor .docx/.html, or a single
    output asked of several reports.
    """
    from govxl.validation import check_files

    src, target = Path(source), Path(out)
    folder = names_folder(out)
    if not folder and target.suffix.lower() not in WRITERS:
        raise UsageError(f"输出文件应为 Word 文档（.docx）或网页（.html），而不是“{target.suffix or '无扩展名'}”：{target}。"
                         "多份报告请给出输出文件夹，例如 发布/")
    if not folder and src.is_dir():
        raise UsageError(f"“{src}”是一个文件夹，其中的报告请输出到文件夹，例如 -o {src.name}-发布/")
    checks = check_files(batch_inputs([src], target if folder else None))
    reports = [c for c in checks if c.checked]
    if not folder and len(reports) > 1:
        raise UsageError(f"“{src.name}”中有 {len(reports)} 份报告，请输出到文件夹，例如 -o {src.stem}-发布/")
    targets = mirrored(checks, [src], target, FOLDER_FORMATS) if folder else [[target] for _ in checks]
    return [_render_one(c, outputs, force) for c, outputs in zip(checks, targets)]


def _render_one(c: FileCheck, targets: list[Path], force: bool) -> Rendering:
    if not c.checked or c.report is None:
        return Rendering(c.path, None, c.findings, c.status, reason=c.note)
    errors = c.findings.errors
    if errors and not force:
        return Rendering(c.path, c.report, c.findings, "refused",
                         reason=f"有 {len(errors)} 处错误，未生成。请改正后重新生成（确需照常生成的加 --force，报告首页会注明有错误）")
    from govxl.render.page import page

    done = Rendering(c.path, c.report, c.findings, "forced" if errors else "written")
    rendered = page(c.report, list(c.findings))
    for target in targets:
        if target.exists() and os.path.samefile(target, c.path):
            raise UsageError(f"输出文件“{target}”就是输入文件，govxl 不会覆盖输入。请换一个输出文件名")
        path, note = claim(target, protected=[c.path], force=force)
        try:
            with replacing(path) as tmp:
                import_module(WRITERS[path.suffix.lower()]).write(rendered, tmp)
        except OutputError:
            raise  # the disk or the folder, not this report: the next would fail alike
        except Exception as exc:  # what this report holds broke its writer: it costs this report only
            done.status, done.reason = "failed", f"生成“{path.name}”时出错（{type(exc).__name__}：{exc}），其余报告照常生成"
            return done
        done.written.append(path)
        if note:
            done.notes.append(note)
    return done
