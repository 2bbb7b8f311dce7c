"""``write_template``: the official form as an Excel workbook, written whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import xlsxwriter

import govxl
from govxl.editions import edition_for_year, get_edition
from govxl.errors import UsageError
from govxl.files import claim, replacing
from govxl.rules.engine import years_text
from govxl.schema import Edition
from govxl.template.checks import write_checks
from govxl.template.form import write_form
from govxl.template.guide import write_guide
from govxl.template.names import (
    KIND_TEMPLATE,
    META_SHEET,
    PROP_EDITION,
    PROP_GOVXL_VERSION,
    PROP_KIND,
    PROP_TEMPLATE_VERSION,
    TEMPLATE_VERSION,
)


def default_year(today: dt.date | None = None) -> int:
    """The report year being written on ``today`` (default: the system date): the last calendar year."""
    return (today or dt.date.today()).year - 1


def resolve(edition: str | int | Edition | None, year: int | None) -> tuple[Edition, int]:
    """The edition and report year of a template, each defaulting from the other."""
    if edition is None:
        year = default_year() if year is None else year
        return edition_for_year(year), year
    e = get_edition(edition)
    if year is None:
        year = default_year() if e.covers(default_year()) else e.last_year or e.first_year
    if not e.covers(year):
        raise UsageError(f"{e.id}年版格式适用于{years_text(e)}，不能用于{year}年；请改用 --edition 或 --year")
    return e, year


def write_template(path: str | os.PathLike[str], edition: str | int | Edition | None = None,
                   year: int | None = None, *, force: bool = False) -> Path:
    """Write the template of ``edition`` for report ``year`` to ``path``, whole or not at all; return where it went.

    An existing file is never replaced (a filled report least of all): the template goes to a free name beside
    it, unless ``force`` and the file is a blank template govxl wrote (:func:`govxl.files.claim`).
    """
    e, year = resolve(edition, year)
    target, _ = claim(path, force=force)
    with replacing(target) as tmp:
        build(str(tmp), e, year)
    return target


def build(filename: str, edition: Edition, year: int, *, values: Mapping[str, object] | None = None) -> None:
    """Write the template to ``filename``; ``values`` prefill cells by key (an imported report's figures)."""
    workbook = xlsxwriter.Workbook(filename)
    workbook.set_properties({"title": f"{year}年政府信息公开工作年度报告", "subject": edition.title,
                             "author": "govxl", "created": dt.datetime(year + 1, 1, 1)})
    meta = {PROP_EDITION: edition.id, PROP_TEMPLATE_VERSION: TEMPLATE_VERSION, PROP_GOVXL_VERSION: govxl.__version__,
            PROP_KIND: KIND_TEMPLATE}
    for name, value in meta.items():
        workbook.set_custom_property(name, value)
    layout = write_form(workbook, edition, year=year, values=values)
    write_checks(workbook, edition, layout)
    write_guide(workbook, edition)
    ws = workbook.add_worksheet(META_SHEET)
    rows = (("key", "value"), ("edition", edition.id), ("template_version", TEMPLATE_VERSION),
            ("govxl_version", govxl.__version__), ("year", year))
    for r, (k, v) in enumerate(rows):
        ws.write_string(r, 0, k)
        ws.write(r, 1, v)
    ws.hide()
    ws.protect()
    workbook.get_worksheet_by_name(layout.sheet_name).activate()
    workbook.close()
