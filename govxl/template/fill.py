"""Filling a template workbook by canonical key (what an importer or a test does in place of a clerk)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from govxl.files import replacing


def fill_template(template: str | os.PathLike[str], values: Mapping[str, object], target: str | os.PathLike[str]) -> Path:
    """Write ``target``: ``template`` with each key's cell set to ``values[key]``, found by defined name.

    ``None`` clears a cell; a string is written as text even when it starts with ``=`` — except
    ``values[key]`` given as ``Formula("=…")``, which is written as a formula.
    """
    import openpyxl

    wb = openpyxl.load_workbook(template)
    for key, value in values.items():
        name = wb.defined_names.get(key)
        if name is None:
            raise KeyError(f"模板中没有名称“{key}”")
        sheet, ref = next(iter(name.destinations))
        cell = wb[sheet][ref.replace("$", "")]
        cell.value = value
        if isinstance(value, str) and not isinstance(value, Formula):
            cell.data_type = "s"
    with replacing(target) as tmp:
        wb.save(tmp)
    return Path(target)


class Formula(str):
    """A value for :func:`fill_template` that is written as a formula, e.g. ``Formula("=SUM(D5:I5)")``."""
