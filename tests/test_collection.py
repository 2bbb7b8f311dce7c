"""Many reports as one collection (``govxl.read_many``) and the frames of reports, collections and merges.

The example county (examples/county: 25 units, one damaged file, one report in the 2019 edition, blanks and a
"无" where a number belongs) is read once; frames are checked against the reports ``govxl.read`` gives and
against the merge's own sums.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbclient
import nbformat
import pandas as pd
import pytest

import govxl
from govxl.template import write_template
from govxl.template.fill import fill_template
from govxl.values import State
from tests.template_data import consistent_2021

COUNTY = Path(__file__).parent.parent / "examples" / "county"
INBOX = COUNTY / "报送"
ROSTER = COUNTY / "名单.csv"


@pytest.fixture(scope="module")
def reports() -> govxl.Reports:
    return govxl.read_many(INBOX, workers=2)


@pytest.fixture(scope="module")
def merged() -> govxl.MergeResult:
    return govxl.merge([INBOX], roster=ROSTER, year=2025, workers=2)


def test_wide_frame_of_a_merge_sums_to_its_consolidated_values(merged: govxl.MergeResult) -> None:
    wide = merged.to_frame("wide")
    assert len(wide) == len(merged.adopted)
    assert list(wide["file"]) == [e.file for e in merged.adopted]
    assert list(wide.columns[5:]) == list(merged.totals)
    for key, total in merged.totals.items():
        assert float(wide[key].sum()) == pytest.approx(total, abs=1e-9), key


def test_collection_lists_every_file_and_never_raises(reports: govxl.Reports, tmp_path: Path) -> None:
    files = reports.files
    assert list(files["file"]) == [str(p) for p in sorted(INBOX.iterdir())]
    damaged = files[files["status"] == "unreadable"]
    assert [Path(f).name for f in damaged["file"]] == ["2025年政府信息公开年报（枫林镇）.xlsx"]
    assert damaged["status_label"].iloc[0] == "无法读取" and "损坏" in damaged["reason"].iloc[0]
    assert [u.path for u in reports.unreadable] == list(damaged["file"])
    assert len(reports) == int(files["reports"].sum()) == len(files) - 1

    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    (tmp_path / "~$junk.xlsx").write_bytes(b"lock")
    assert govxl.read_many(tmp_path).to_frame("wide").empty and govxl.read_many(junk).to_frame("long").empty
    gbk = os.path.join(os.fsencode(tmp_path), "石门镇（GBK）.xlsx".encode("gbk"))  # a zip unpacked on Windows
    shutil.copy(INBOX / "石门镇-2025年报.xlsx", gbk)
    odd = govxl.read_many(tmp_path)
    assert list(odd.files["status"]) == ["unreadable", "ignored", "read"]
    shown = str(tmp_path / "石门镇（GBK）.xlsx")  # as its user reads it, in every frame alike
    assert list(odd.to_frame("wide")["file"]) == [shown] == list(odd.files["file"])[2:]
    assert set(odd.findings["file"]) == {shown} == set(odd.to_frame("long")["file"])


def test_iterating_gives_the_reports_read_with_their_provenance(reports: govxl.Reports) -> None:
    by_file = {r.path: r for r in reports}
    for path in ("县水利局-2025年报.xlsx", "石门镇-2025年报.xlsx"):
        again, read = by_file[str(INBOX / path)], govxl.read(INBOX / path)
        assert again.unit == read.unit and again.numbers() == read.numbers()
        assert {k: again[k].state for k in read.numbers()} == {k: read[k].state for k in read.numbers()}
        assert again["t3_new_natural"].source.cell == read["t3_new_natural"].source.cell
        assert again["t3_new_natural"].source.file == str(INBOX / path)
        assert again["text_problems"].text == read["text_problems"].text


def test_wide_frame_keeps_blank_missing_and_types_by_kind(reports: govxl.Reports) -> None:
    wide = reports.to_frame("wide")
    assert list(wide.columns[:5]) == ["unit", "year", "edition", "level", "file"]
    assert isinstance(wide.index, pd.RangeIndex) and len(wide) == len(reports)
    assert str(wide["year"].dtype) == "Int64" and wide["edition"].dtype == "category"
    assert str(wide["t3_new_natural"].dtype) == "Int64" and str(wide["t2_fees_amount"].dtype) == "Float64"
    row = wide.set_index("unit").loc["柳溪镇人民政府"]
    assert pd.isna(row["t4_review_upheld"]) and pd.isna(row["t2_coercion_decisions"])  # blank, not 0
    assert pd.isna(wide.set_index("unit").loc["石门镇人民政府", "t4_review_upheld"])  # "无" is not a number
    older = wide[wide["edition"] == "2019"]  # 双河镇 filled the 2019 template: both editions' keys, each missing
    assert len(older) == 1 and older["t2_rules_made"].notna().all() and older["t2_rules_issued"].isna().all()
    assert wide.loc[wide["edition"] == "2021", "t2_rules_made"].isna().all()

    labelled = reports.to_frame("wide", labels=True)
    assert labelled.columns.names == ["table", "row", "column"]
    assert labelled.columns[list(wide.columns).index("t3_new_natural")] == \
        ("表三", "一、本年新收政府信息公开申请数量", "自然人")
    assert labelled.columns[list(wide.columns).index("t2_license_decisions")][:2] == ("表二", "第二十条第（五）项·行政许可")
    assert labelled.columns[0] == ("", "单位名称", "")


def test_long_frame_states_and_sources_are_the_cells(reports: govxl.Reports) -> None:
    long = reports.to_frame("long")
    assert len(long) == sum(len(r.edition.value_fields) for r in reports)
    assert all(long[c].dtype == "category" for c in ("unit", "table", "row", "column", "key", "state", "sheet", "cell"))
    read = govxl.read(INBOX / "石门镇-2025年报.xlsx")
    mine = long[long["file"] == read.path].set_index("key")
    assert {k: mine.loc[k, "state"] for k in read.numbers()} == {k: str(read[k].state) for k in read.numbers()}
    assert {k: mine.loc[k, "cell"] for k in read.numbers()} == {k: read[k].source.cell for k in read.numbers()}
    invalid = mine.loc["t4_review_upheld"]
    assert (invalid["state"], invalid["text"], invalid["table"], invalid["row"], invalid["column"]) == \
        ("invalid", "无", "表四", "行政复议", "结果维持")
    assert pd.isna(invalid["value"]) and mine.loc["t3_new_natural", "value"] == read["t3_new_natural"].number
    blank = long[(long["unit"] == "柳溪镇人民政府") & (long["key"] == "t4_review_upheld")]
    assert list(blank["state"]) == ["blank"] and blank["value"].isna().all()


def test_text_number_is_its_own_state_and_one_flattening(tmp_path: Path) -> None:
    template = write_template(tmp_path / "t.xlsx", edition="2021", year=2025)
    _, values = consistent_2021()
    path = fill_template(template, {**values, "t3_new_legal": "1", "t2_fees_amount": None}, tmp_path / "拖船镇.xlsx")
    report = govxl.read(path)
    assert report["t3_new_legal"].state is State.TEXT_NUMBER
    long = report.to_frame("long").set_index("key")
    assert (long.loc["t3_new_legal", "state"], long.loc["t3_new_legal", "text"]) == ("text-number", "1")
    assert long.loc["t3_new_legal", "value"] == 1 and long.loc["t2_fees_amount", "state"] == "blank"
    folder = govxl.read_many(tmp_path)  # the filled report and the blank template it was made from
    [again] = folder
    assert again["t3_new_legal"].state is State.TEXT_NUMBER  # the rules still see a number typed as text
    assert report.to_frame("wide").equals(folder.to_frame("wide"))
    files = folder.files.set_index("file")
    assert files.loc[str(template), "status"] == "govxl-output" and "空白模板" in files.loc[str(template), "reason"]
    assert (files.loc[str(path), "status"], files.loc[str(path), "reports"]) == ("read", 1)
    with pytest.raises(govxl.UsageError, match="wide"):
        report.to_frame("tall")  # type: ignore[arg-type]


def test_findings_and_completeness_are_frames(reports: govxl.Reports, merged: govxl.MergeResult) -> None:
    found = reports.findings
    shimen = str(INBOX / "石门镇-2025年报.xlsx")
    assert set(found.loc[found["file"] == shimen, "rule"]) == set(govxl.validate(govxl.read(shimen)).rules())
    readable = [p for p in sorted(INBOX.iterdir()) if "枫林镇" not in p.name]
    assert len(found) == sum(len(govxl.validate(r)) for p in readable for r in govxl.read_all(p))

    table = reports.completeness(ROSTER, year=2025)
    county = merged.completeness()  # the merge shows files relative to its input folder, a collection as read
    assert table.drop(columns="file").equals(county.drop(columns="file"))
    assert [Path(f).name for f in table["file"].dropna()] == list(county["file"].dropna())
    assert table["unit_status"].dtype == "category" and str(table["errors"].dtype) == "Int64"
    gaoqiao = table[table["unit"] == "高桥镇人民政府"]
    assert list(gaoqiao["unit_status"]) == ["missing"] and list(gaoqiao["unit_status_label"]) == ["未报送"]
    minzheng = county[county["unit"] == "县民政局"].set_index("file")
    assert dict(minzheng["status"]) == {"县民政局2025年政务公开年报.xlsx": "duplicate",
                                        "县民政局2025年政务公开年报（修改版）.xlsx": "adopted"}
    assert set(minzheng["status_label"]) == {"重复（未采用）", "已采用"}


def test_panel_and_metrics_of_a_collection(reports: govxl.Reports) -> None:
    both = govxl.read_many([INBOX, COUNTY.parent / "county-2024" / "报送"], workers=2)
    panel = both.panel()
    assert list(panel.index.names) == ["unit", "year"] and {2024, 2025} <= set(panel.index.get_level_values("year"))
    metrics = reports.metrics()
    assert len(metrics) == len(reports)


def test_progress_bar_is_a_widget_in_a_notebook(tmp_path: Path) -> None:
    shutil.copy(INBOX / "县水利局-2025年报.xlsx", tmp_path)
    code = ("import time, govxl\nfrom govxl.batch import in_notebook, progress_bar\n"
            f"print(in_notebook(), len(govxl.read_many({str(tmp_path)!r})))\n"
            "for _ in progress_bar((time.sleep(0.5) or i for i in range(4)), 4, '读取'):\n    pass")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert [o["text"].strip() for o in outputs if o.get("name") == "stdout"] == ["True 1"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
