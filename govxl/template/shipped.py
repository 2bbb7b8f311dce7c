"""The templates shipped in ``templates/``: ``python -m govxl.template.shipped templates``.

The current edition for the current report year, and each earlier edition for its last year.
"""

from __future__ import annotations

import sys
from pathlib import Path

from govxl.editions import EDITIONS
from govxl.template.writer import default_year, write_template


def shipped() -> list[tuple[str, int, str]]:
    """(edition id, report year, file name) of every shipped template."""
    out = []
    for e in EDITIONS.values():
        year = default_year() if e.last_year is None else e.last_year
        out.append((e.id, year, f"政府信息公开工作年度报告模板-{e.id}年版-{year}年度.xlsx"))
    return out


def write_shipped(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_template(folder / name, edition, year) for edition, year, name in shipped()]


if __name__ == "__main__":
    for path in write_shipped(sys.argv[1] if len(sys.argv) > 1 else "templates"):
        print(path)
