"""`validate --json` and `merge --json` speak one vocabulary, described by the JSON Schema in docs/."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from govxl.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "govxl-json.schema.json").read_text(encoding="utf-8"))
COUNTY = ROOT / "examples" / "county"


def output(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    main([*argv, "--json"])
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMA, format_checker=jsonschema.FormatChecker())
    return doc


def test_both_commands_validate_against_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checked = output(capsys, "validate", str(COUNTY / "报送"))
    merged = output(capsys, "merge", str(COUNTY / "报送"), "--roster", str(COUNTY / "名单.csv"), "--year", "2025",
                    "-o", str(tmp_path / "汇总.xlsx"))
    # one vocabulary: a rule reads the same in both documents (code, severity and their Chinese words)
    words = {f["rule"]: (f["severity"], f["severity_label"], f["rule_title"])
             for file in checked["files"] for f in file["findings"]}
    shared = [f for f in merged["findings"] if f["rule"] in words]
    assert any(f["rule"] == "t3-balance" for f in shared)
    assert all(words[f["rule"]] == (f["severity"], f["severity_label"], f["rule_title"]) for f in shared)
    assert {s for file in checked["files"] for s in [file["status"]]} <= set(checked["counts"])
    assert merged["output"] and merged["counts"]["adopted"] > 0


def test_the_schema_refuses_what_the_commands_never_print() -> None:
    bad = {"command": "validate", "govxl_version": "0", "counts": {"通过": 1}, "files": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
