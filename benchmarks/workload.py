"""The benchmarks' workload: N filled official templates, each from a distinct unit, cached between runs.

``--variants`` consistent fillings are made once through the real template (``write_template`` +
``fill_template``); the N files are copies of them, each with its own unit name written into the shared
strings, so a merge sees N units. Kept in a temporary folder keyed by N, variants and the template's content
(a changed template is a new workload); generation is not timed.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
import zipfile
from pathlib import Path

from govxl.editions import get_edition
from govxl.template import write_template
from govxl.template.fill import fill_template

EDITION = get_edition("2021")
YEAR = 2025
PLACEHOLDER = "UNIT-PLACEHOLDER-0000000"


def consistent_filling(rng: random.Random) -> dict[str, object]:
    """A report that passes every rule: per column of 表三, 一 + 二 = （七）总计 + 四."""
    e = EDITION
    values: dict[str, object] = {k: 0 for k in e.sets["values"] if not e[k].computed and not k.startswith("x_")}
    for col in e.sets["t3_applicant"]:
        outcome = {row: rng.choice((0, 0, 0, 1, 2, 5)) for row in e.sets["t3_outcome"] if row != "other_nofee"}
        forward = rng.choice((0, 0, 1, 2))
        carried = rng.randint(0, min(2, sum(outcome.values()) + forward))
        values.update({f"t3_{row}_{col}": n for row, n in outcome.items()})
        values.update({f"t3_forward_{col}": forward, f"t3_carried_{col}": carried,
                       f"t3_new_{col}": sum(outcome.values()) + forward - carried})
    for group in e.sets["t4_group"]:
        values.update({f"t4_{group}_{part}": rng.choice((0, 0, 0, 1)) for part in e.sets["t4_part"]})
    for row in e.sets["t2_inforce"]:
        issued = rng.randint(0, 5)
        values.update({f"t2_{row}_issued": issued, f"t2_{row}_repealed": rng.randint(0, 2),
                       f"t2_{row}_valid": issued + rng.randint(0, 30)})
    values.update(t2_license_decisions=rng.randint(0, 400), t2_penalty_decisions=rng.randint(0, 80),
                  t2_fees_amount=round(rng.uniform(0, 50), 2))
    values.update({k: "本年度工作情况（略）。" for k in e.sets["prose"]})
    values.update(meta_unit=PLACEHOLDER, meta_year=YEAR, meta_level="乡镇（街道）", meta_date="2026-01-20",
                  text_other="本年度未收取信息处理费。")
    return values


def _renamed(parts: dict[str, bytes], unit: str) -> dict[str, bytes]:
    old, new = PLACEHOLDER.encode(), unit.encode()
    return {name: data.replace(old, new) for name, data in parts.items()}


def template_digest(template: Path) -> str:
    """What the template's parts hold (not the zip's timestamps): a changed template means new workbooks."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(template) as z:
        for name in sorted(z.namelist()):
            digest.update(name.encode() + b"\0" + z.read(name))
    return digest.hexdigest()[:12]


def workbooks(n: int, variants: int = 50, seed: int = 7) -> list[Path]:
    """``n`` filled template workbooks (one unit each), generated once per template and reused by later runs."""
    work = Path(tempfile.mkdtemp(prefix="govxl-bench-part-"))
    template = write_template(work / "模板.xlsx", EDITION, YEAR)
    folder = work.with_name(f"govxl-bench-{n}-{variants}-{seed}-{template_digest(template)}")
    names = [f"第{i:05d}镇.xlsx" for i in range(n)]
    if folder.is_dir():
        shutil.rmtree(work)
        return [folder / name for name in names]
    rng = random.Random(seed)
    bases = []
    for v in range(min(variants, n)):
        filled = fill_template(template, consistent_filling(rng), work / f"variant{v}.xlsx")
        with zipfile.ZipFile(filled) as z:
            bases.append({name: z.read(name) for name in z.namelist()})
        filled.unlink()
    template.unlink()
    for i, name in enumerate(names):
        with zipfile.ZipFile(work / name, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in _renamed(bases[i % len(bases)], f"第{i:05d}镇人民政府").items():
                z.writestr(part, data)
    work.rename(folder)
    return [folder / name for name in names]
