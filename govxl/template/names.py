"""Names the template writer and the readers agree on."""

from __future__ import annotations

import re

from govxl.report import CONSOLIDATED

MAIN_SHEET = "年度报告"  # the form
CHECKS_SHEET = "校验"  # one row per live check, with ✓/✗, difference, message and 说明
GUIDE_SHEET = "填报说明"
META_SHEET = "_govxl"  # hidden: edition, template version, govxl version, report year
DETAIL_TABLE = "明细表"  # consolidated workbook: the units' figures its form's formulas sum (read whole)

CHECK_ERRORS = "CHECK_ERRORS"  # defined name: number of failing error-level checks
CHECK_WARNINGS = "CHECK_WARNINGS"  # defined name: number of failing warning-level checks
FORM_FILLED = "FORM_FILLED"  # defined name: TRUE once something is filled in (a blank form shows no marks)
TEMPLATE_VERSION = "1"

# custom document properties written into every template
PROP_EDITION = "govxl_edition"
PROP_TEMPLATE_VERSION = "govxl_template_version"
PROP_GOVXL_VERSION = "govxl_version"

# what govxl wrote, recorded in the file so that a batch never takes govxl's own output for a unit's report
PROP_KIND = "govxl_kind"
KIND_TEMPLATE = "template"  # a template (a unit's report once filled; a blank one is not a report)
KIND_ANNOTATED = "annotated"  # an annotated copy sent back to the filler
KIND_CONSOLIDATED = CONSOLIDATED  # a county's consolidated workbook (what its reports' Report.reader says)
PROP_VALUES_DIGEST = "govxl_values_digest"  # annotated copy: Report.digest() of the report it annotates
RECORD_MEMBER = "member"  # consolidated workbook: one row of the hidden record per unit summed
RECORD_CARRIED = "carried"  # template from last year's report: one row of the hidden record per key it prefilled


def explain_name(check_id: str) -> str:
    """Defined name of the 说明 cell beside the live check ``check_id`` (e.g. 't2-valid-below-issued:rules')."""
    return "EXPLAIN_" + re.sub(r"[^A-Za-z0-9]", "_", check_id)


def status_name(check_id: str) -> str:
    """Defined name of the TRUE/FALSE cell of the live check ``check_id``."""
    return "CHECK_" + re.sub(r"[^A-Za-z0-9]", "_", check_id)


BASELINE_PREFIX = "LAST_"


def baseline_name(key: str) -> str:
    """Defined name of the cell holding last year's figure of ``key`` (``last.<key>`` of a live check)."""
    return BASELINE_PREFIX + key


def key_of_baseline(name: str) -> str | None:
    """The key whose last year's figure the cell named ``name`` holds; None for any other name."""
    return name[len(BASELINE_PREFIX):] if name.startswith(BASELINE_PREFIX) else None
