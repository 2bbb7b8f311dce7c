"""Published reports (portal pages, Word, PDF, text dumps) written into the official template.

Each report read from a published document becomes a template workbook of its edition and year holding what
the document printed: figures as numbers, what is not a figure (``/``, ``—``, ``无``) as the text printed, so
the template flags it for the filler; blanks stay blank; prose and identification as written. A printed 总计
that equals the sum of its parts keeps the template's formula; one that does not is kept as printed (the
template then shows the mismatch). What `govxl import --json` prints comes from the same results.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govxl.files import batch_inputs, claim, mirrored, names_folder, replacing
from govxl.findings import Finding, govxl_version
from govxl.printable import decoded
from govxl.report import Report
from govxl.schema import Field, Kind
from govxl.validation import FileCheck, check_files
from govxl.values import State

DEVIATION = "format-deviation"


@dataclass
class Imported:
    """One input file's report (or the file itself when it gave none) and the template written for it."""

    check: FileCheck
    output: Path | None = None
    note: str = ""  # where the output went instead of the name asked for, in Chinese

    @property
    def deviations(self) -> list[Finding]:
        return [f for f in self.check.findings if f.rule == DEVIATION]

    @property
    def findings(self) -> list[Finding]:
        return [f for f in self.check.findings if f.rule != DEVIATION]

    def to_dict(self) -> dict[str, Any]:
        r = self.check.report
        assert r is not None
        return {
            "file": decoded(str(self.check.path)),
            "unit": r.unit, "year": r.year, "edition": r.edition.id,
            "output": str(self.output) if self.output else None,
            "values": r.numbers(),
            "texts": {f.key: text for f in r.edition.fields if not f.is_value and (text := r.text(f.key))},
            "deviations": [f.to_dict() for f in self.deviations],
            "findings": [f.to_dict() for f in self.findings],
        }


def template_values(report: Report) -> dict[str, object]:
    """What the template's cells get for ``report``: by key, the number, the text printed, or None (blank);
    computed cells only where the printed figure is not the sum of the printed parts."""
    out: dict[str, object] = {}
    for f in report.edition.fields:
        v = report.values.get(f.key)
        if f.kind is Kind.YEAR or v is None:
            continue  # the template's own year; a key the document does not hold stays as the template has it
        if f.computed and _is_sum(report, f):
            continue
        out[f.key] = _cell(v.state, v.number, v.text, v.date)
    return out


def _cell(state: State, number: object, text: str | None, date: object) -> object:
    if state is State.BLANK:
        return None
    if state in (State.NUMBER, State.TEXT_NUMBER):
        return number
    if state is State.DATE:
        return date
    return text


def _is_sum(report: Report, f: Field) -> bool:
    total = report.values[f.key].number
    parts = [report.values[k].number if k in report.values else None for k in f.sum_of]
    return total is not None and None not in parts and abs(sum(p for p in parts if p is not None) - total) < 1e-9


def import_reports(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str] | None, *,
                   force: bool = False, workers: int | None = None, progress: bool = False) -> list[Imported]:
    """Read every published report below ``inputs`` and write each into a template: to ``out`` (an .xlsx,
    when the inputs hold one report) or into the folder ``out`` (one workbook per report, named and placed
    after its file, :func:`govxl.files.mirrored`; earlier outputs there are not inputs); ``out`` None writes
    nothing. Every input file is in the result, read or not."""
    from govxl.errors import UsageError

    roots = [Path(p) for p in inputs]
    target = Path(out) if out is not None else None
    folder = target is not None and names_folder(target)
    if target is not None and not folder and target.suffix.lower() != ".xlsx":
        raise UsageError(f"导入的报告写成 Excel 工作簿（.xlsx），而不是“{target.suffix}”：{target}。"
                         "多份报告请给出输出文件夹，例如 模板/")
    files = batch_inputs(roots, target if folder else None)
    results = [Imported(c) for c in check_files(files, workers=workers, progress=progress)]
    done = [r for r in results if r.check.checked]
    if target is None or not done:
        return results
    if not folder and len(done) > 1:
        raise UsageError(f"输入中有 {len(done)} 份报告，不能都写进一个文件“{target}”。请用 -o 给出一个文件夹")
    targets = mirrored([r.check for r in results], roots, target, (".xlsx",)) if folder else [[target]] * len(results)
    protected = [r.check.path for r in results]
    for r, [path] in zip(results, targets):
        if r.check.checked:
            path.parent.mkdir(parents=True, exist_ok=True)
            r.output, r.note = claim(path, protected=protected, force=force)
            _write(r.check.report, r.output)  # type: ignore[arg-type]
    return results


def _write(report: Report, target: Path) -> None:
    from govxl.template.writer import build

    with replacing(target) as tmp:
        build(str(tmp), report.edition, report.year or report.edition.first_year, values=template_values(report))


def to_document(results: list[Imported]) -> dict[str, Any]:
    """The JSON document of ``govxl import --json``: each report read, and every input file accounted for."""
    return {
        "command": "import", "govxl_version": govxl_version(),
        "reports": [r.to_dict() for r in results if r.check.checked],
        "files": [{"path": decoded(str(r.check.path)), "status": r.check.status,
                   "reason": _reason(r.check), "output": str(r.output) if r.output else None} for r in results],
    }


def _reason(check: FileCheck) -> str | None:
    if check.status == "unreadable":
        return next((f.message for f in check.findings), None)
    return check.note or None
