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
from govxl.report import Report
from govxl.rules.engine import years_text
from govxl.schema import Edition
from govxl.template.carry import Carry, carry
from govxl.template.checks import write_checks
from govxl.template.form import write_form
from govxl.template.guide import write_guide
from govxl.template.lastyear import write_carried
from govxl.template.names import (
    KIND_TEMPLATE,
    META_SHEET,
    PROP_EDITION,
    PROP_GOVXL_VERSION,
    PROP_KIND,
    PROP_TEMPLATE_VERSION,
    RECORD_CARRIED,
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


def resolve_next(last: Report, edition: str | int | Edition | None, year: int | None) -> tuple[Edition, int]:
    """The edition and report year of next year's template from ``last``: by default the year after it."""
    if year is None:
        if last.year is None:
            raise UsageError(f"上年报告“{last.path}”中没有可识别的报告年度。请用 --year 指定新模板的年度")
        year = last.year + 1
    if last.year is not None and year <= last.year:
        raise UsageError(f"上年报告是{last.year}年度的，新模板的年度应在其后，而不是{year}年；请改正 --year")
    return resolve(edition, year)


def write_next_template(last: Report, path: str | os.PathLike[str], year: int | None = None, *,
                        edition: str | int | Edition | None = None, force: bool = False) -> tuple[Path, Carry]:
    """Write next year's template from ``last``, last year's report (any report govxl reads): for the year
    :func:`resolve_next` gives, holding what :func:`~govxl.template.carry.carry` takes from ``last``; never over
    ``last``'s file (:func:`govxl.files.claim`). Return where it went and what was carried."""
    e, year = resolve_next(last, edition, year)
    carried = carry(last, e)
    target, _ = claim(path, protected=[Path(last.path)] if last.path else [], force=force)
    with replacing(target) as tmp:
        build(str(tmp), e, year, carried=carried)
    return target, carried


def build(filename: str, edition: Edition, year: int, *, values: Mapping[str, object] | None = None,
          carried: Carry | None = None) -> None:
    """Write the template to ``filename``; ``values`` prefill cells by key (an imported report's figures),
    ``carried`` what the template takes from last year's report (marked as carried over)."""
    workbook = xlsxwriter.Workbook(filename)
    workbook.set_properties({"title": f"{year}年政府信息公开工作年度报告", "subject": edition.title,
                             "author": "govxl", "created": dt.datetime(year + 1, 1, 1)})
    meta = {PROP_EDITION: edition.id, PROP_TEMPLATE_VERSION: TEMPLATE_VERSION, PROP_GOVXL_VERSION: govxl.__version__,
            PROP_KIND: KIND_TEMPLATE}
    for name, value in meta.items():
        workbook.set_custom_property(name, value)
    layout = write_form(workbook, edition, year=year, values={**(values or {}), **(carried.values if carried else {})})
    if carried is not None:
        write_carried(workbook, layout, carried)
    write_checks(workbook, edition, layout, carried)
    write_guide(workbook, edition, carried)
    ws = workbook.add_worksheet(META_SHEET)
    rows = (("key", "value"), ("edition", edition.id), ("template_version", TEMPLATE_VERSION),
            ("govxl_version", govxl.__version__), ("year", year),
            *((("carried_from", carried.source), ("carried_from_year", carried.year)) if carried else ()),
            *((RECORD_CARRIED, c.key) for c in (carried.cells if carried else ())))
    for r, (k, v) in enumerate(rows):
        ws.write_string(r, 0, k)
        ws.write(r, 1, v)
    ws.hide()
    ws.protect()
    workbook.get_worksheet_by_name(layout.sheet_name).activate()
    workbook.close()
