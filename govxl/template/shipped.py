"""The templates shipped in ``templates/``: ``python -m govxl.template.shipped templates [YEAR]``.

The current edition for report year ``YEAR`` (default: the last calendar year), and each earlier edition
for its last year. Refreshing them for a new report year is a release step, not something the date does:
``make templates YEAR=2026``, then commit the new files and delete the old year's (the tests compare each
shipped file with what the generator writes for the edition and year recorded in it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from govxl.editions import EDITIONS
from govxl.template.writer import default_year, write_template


def file_name(edition_id: str, year: int) -> str:
    return f"政府信息公开工作年度报告模板-{edition_id}年版-{year}年度.xlsx"


def shipped(year: int | None = None) -> list[tuple[str, int, str]]:
    """(edition id, report year, file name) of every template shipped for report ``year``."""
    current = default_year() if year is None else year
    out = []
    for e in EDITIONS.values():
        y = current if e.last_year is None else e.last_year
        out.append((e.id, y, file_name(e.id, y)))
    return out


def write_shipped(folder: str | Path, year: int | None = None) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_template(folder / name, edition, y, force=True) for edition, y, name in shipped(year)]


if __name__ == "__main__":
    args = sys.argv[1:]
    for path in write_shipped(args[0] if args else "templates", int(args[1]) if len(args) > 1 else None):
        print(path)
