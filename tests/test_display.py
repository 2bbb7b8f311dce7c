"""What a report looks like on screen: the official tables in HTML, a short repr, charts with Chinese labels."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import warnings
from pathlib import Path

import lxml.html
import pytest

import govxl
from govxl.collection import Reports, read_many
from govxl.display import charts
from govxl.display.html import findings_html, report_html
from govxl.editions import get_edition
from govxl.outline import outline
from govxl.outline import table as outline_table
from govxl.report import Report
from govxl.schema import Span
from tests.template_data import consistent_2021, tuochuan_2020, zeros
from tests.test_merge import write_unit

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def report_2021(**changes: object) -> Report:
    e, cells = consistent_2021()
    return Report.from_cells(e, {**cells, **changes}, path="拖船镇.xlsx")


def grid(table: lxml.html.HtmlElement) -> dict[tuple[int, int], lxml.html.HtmlElement]:
    """(row, col) -> the cell covering it, as a browser lays out rowspan/colspan."""
    out: dict[tuple[int, int], lxml.html.HtmlElement] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            while (r, c) in out:
                c += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    assert (r + dr, c + dc) not in out, f"two cells cover {(r + dr, c + dc)}"
                    out[r + dr, c + dc] = cell
            c += int(cell.get("colspan", 1))
    return out


def tables(html: str) -> dict[str, lxml.html.HtmlElement]:
    return {t.get("data-table"): t for t in lxml.html.fromstring(html).iter("table") if t.get("data-table")}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_tables_have_the_editions_merged_headers_and_a_cell_per_key(edition: str) -> None:
    e = get_edition(edition)
    shown = tables(report_html(Report.from_cells(e, {})))
    assert list(shown) == ["t2", "t3", "t4"]
    for layout in e.tables:
        cells = grid(shown[layout.id])
        assert max(cells) == (layout.height - 1, layout.width - 1)
        assert len(cells) == layout.height * layout.width  # every position covered, once
        for s in (s for s in layout.spans if s.col < layout.width):
            th = cells[s.row, s.col]
            assert th.tag == "th" and th.text_content() == s.text
            assert (int(th.get("rowspan", 1)), int(th.get("colspan", 1))) == (s.rows, s.cols)
            assert cells[s.row + s.rows - 1, s.col + s.cols - 1] is th
        for slot in (s for s in layout.slots if s.col < layout.width):
            td = cells[slot.row, slot.col]
            assert td.tag == "td" and td.get("data-key") == slot.key and int(td.get("colspan", 1)) == slot.cols


def test_headers_read_as_the_official_form_prints_them() -> None:
    """Spans as ../shared/spec/edition-2021.md and edition-2019.md give them, character for character."""
    def span(html: str, table: str, text: str) -> tuple[int, int]:
        th = next(th for th in tables(html)[table].iter("th") if th.text_content() == text)
        return int(th.get("rowspan", 1)), int(th.get("colspan", 1))

    new, old = report_html(report_2021()), report_html(Report.from_cells(*tuochuan_2020()))
    assert span(new, "t3", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）") == (3, 3)
    assert span(new, "t3", "申请人情况") == (1, 7)
    assert span(new, "t3", "法人或其他组织") == (1, 5)
    assert span(new, "t3", "自然人") == span(new, "t3", "总计") == (2, 1)
    assert span(new, "t3", "三、本年度办理结果") == (22, 1)
    assert span(old, "t3", "三、本年度办理结果") == (20, 1)
    assert span(new, "t3", "（三）不予公开") == (8, 1)
    assert span(new, "t3", "（六）其他处理") == (3, 1)
    assert span(old, "t3", "（六）其他处理") == (1, 2)
    assert span(new, "t3", "一、本年新收政府信息公开申请数量") == (1, 3)
    assert span(new, "t4", "行政诉讼") == (1, 10)
    assert span(new, "t4", "未经复议直接起诉") == (1, 5)
    assert span(new, "t2", "第二十条第（一）项") == (1, 4)
    assert span(new, "t2", "本年处理决定数量") == (1, 3)
    headings = [h.text_content() for h in lxml.html.fromstring(new).iter("h4")]
    assert headings == list(get_edition("2021").sections)
    assert "拖船镇人民政府2025年政府信息公开工作年度报告" in lxml.html.fromstring(new).text_content()


def test_values_show_what_the_cells_held() -> None:
    r = report_2021(t3_new_social=None, t3_new_research="３件", t2_normative_valid=1234567, t2_fees_amount=0.35,
                    t3_carried_commercial=" 2 ")
    cells = {td.get("data-key"): td.text_content() for td in lxml.html.fromstring(report_html(r)).iter("td")}
    assert cells["t3_new_social"] == ""  # blank is not 0
    assert cells["t3_new_research"] == "３件"  # text as typed
    assert cells["t3_carried_commercial"] == " 2 "
    assert cells["t2_normative_valid"] == "1234567"  # in full, never 1.23457e+06
    assert cells["t2_fees_amount"] == "0.35"
    assert cells["t3_new_total"] == "16"  # the computed cell as its formula computes it (12+3+1)
    assert cells["t3_new_natural"] == "12"


def test_failing_cells_carry_their_finding_and_passing_cells_nothing() -> None:
    r = report_2021(t3_new_natural=13)  # 表三 column 自然人 and 总计 no longer balance
    findings = govxl.validate(r)
    balance = next(f for f in findings if f.check == "t3-balance:natural")
    tds = {td.get("data-key"): td for td in lxml.html.fromstring(report_html(r, findings)).iter("td")}
    for ref in balance.cells:
        assert "govxl-error" in tds[ref.key].get("class") and balance.message in tds[ref.key].get("title")
    named = {c.key for f in findings for c in f.cells}
    assert all(td.get("title") is None for key, td in tds.items() if key not in named)
    assert tds["t3_new_commercial"].get("title") is None
    both = [f for f in findings if any(c.key == "t3_new_total" for c in f.cells)]
    assert len(both) == 2 and tds["t3_new_total"].get("title") == "\n".join(f"{f.severity.label}：{f.message}" for f in both)
    assert tds["t3_new_total"].get("title").startswith("错误：")  # errors first, and the cell coloured as one


def test_hostile_text_is_shown_as_text() -> None:
    r = report_2021(meta_unit=HOSTILE, t3_new_research=HOSTILE, text_problems=HOSTILE)
    doc = lxml.html.fromstring(report_html(r))
    assert not list(doc.iter("script")) and not list(doc.iter("img"))
    assert doc.xpath("//td[@data-key='t3_new_research']")[0].text_content() == HOSTILE
    assert doc.xpath("//details[@data-key='text_problems']/div")[0].text_content() == HOSTILE
    lines = lxml.html.fromstring(report_html(report_2021(text_other="第一段\n第二段\x1b[2J")))
    assert lines.xpath("//details[@data-key='text_other']/div")[0].text_content() == "第一段\n第二段\\x1b[2J"
    assert f"{HOSTILE}2025年政府信息公开工作年度报告" in doc.text_content()
    shown = lxml.html.fromstring(findings_html(govxl.validate(r)))
    assert not list(shown.iter("script")) and HOSTILE in shown.text_content()


def test_repr_is_one_short_line() -> None:
    r = report_2021(t3_new_natural=13)
    assert repr(r) == "<Report 拖船镇人民政府 2025年 2021年版 · 219 项 · 校验：2 处错误，1 处提示>"
    odd = report_2021(meta_unit="拖船镇\n\x1b[31m人民政府")
    assert "\n" not in repr(odd) and "\x1b" not in repr(odd) and len(repr(odd)) < 100
    assert len(repr(report_2021(meta_unit="拖船镇" * 2000))) < 100
    assert repr(govxl.validate(r)) == "<Findings 2 处错误，1 处提示>"


def test_findings_show_as_a_chinese_table() -> None:
    findings = govxl.validate(report_2021(t3_new_natural=13, t4_review_upheld=-1))
    doc = lxml.html.fromstring(findings._repr_html_())
    rows = doc.xpath("//tbody/tr")
    assert len(rows) == len(findings) >= 3
    assert [th.text_content() for th in doc.iter("th")] == ["级别", "单元格", "规则", "问题", "说明"]
    assert [r[0].text_content() for r in rows] == [f.severity.label for f in findings]
    assert [r[0].text_content() for r in rows].count("错误") == len(findings.errors) >= 2
    assert all(f.message in r.text_content() for f, r in zip(findings, rows))
    blank = govxl.validate(Report.from_cells(get_edition("2021"), {}))
    t3 = next(f for f in blank if f.check == "value-blank:t3")
    row = lxml.html.fromstring(blank._repr_html_()).xpath("//tbody/tr")[blank.items.index(t3)]
    assert row[1].text_content() == "、".join(c.label for c in t3.cells[:4]) + f"等 {len(t3.cells)} 个单元格"


def test_a_cell_declared_beside_a_table_is_shown_below_it() -> None:
    doc = lxml.html.fromstring(report_html(Report.from_cells(*tuochuan_2020())))
    assert doc.xpath("//table[@data-table='t2']/following-sibling::p[1]")[0].text_content() == "金额单位：元"
    assert not doc.xpath("//td[@data-key='x_procurement_unit']")  # not a column of the official grid


def test_a_layout_whose_cells_overlap_is_refused() -> None:
    t3 = get_edition("2021").table("t3")
    broken = dataclasses.replace(t3, spans=(*t3.spans, Span(0, 3, "申请人情况", cols=2)))
    with pytest.raises(ValueError, match="overlaps"):
        outline_table(broken)


def test_outline_walks_the_sections_in_order() -> None:
    o = outline(get_edition("2021"))
    assert [s.heading for s in o.sections] == list(get_edition("2021").sections)
    prose = [p.key for s in o.sections for p in s.parts if not hasattr(p, "rows")]
    assert prose == [p.key for p in get_edition("2021").prose]
    assert [t.name for t in o.tables] == ["表二", "表三", "表四"]
    assert o.title(None, None) == "（单位名称）＿＿＿＿年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("display")
    write_unit(d / "青石镇.xlsx", meta_unit="青石镇人民政府", t3_new_natural=13)  # errors
    write_unit(d / "白沙乡.xlsx", meta_unit="白沙乡人民政府")
    write_unit(d / "白沙乡2024.xlsx", meta_unit="白沙乡", meta_year=2024, t3_new_natural=20)  # errors
    (d / "损坏.xlsx").write_bytes(b"PK\x03\x04" + HOSTILE.encode())
    return d


@pytest.fixture(scope="module")
def received(inbox: Path) -> Reports:
    return read_many([inbox], workers=1, progress=False)


def test_merge_result_shows_who_reported_and_the_county_tables(inbox: Path) -> None:
    result = govxl.merge([inbox], year=2025, name="示例县", workers=1)
    assert repr(result).startswith("<MergeResult 示例县 2025年度汇总 2021年版 · 已采用 2 份 · 未报送 0 个单位 · 校验：")
    doc = lxml.html.fromstring(result._repr_html_())
    statuses = {tr[0].text_content(): tr[1].text_content() for tr in doc.xpath("//details[1]//tbody/tr")}
    assert statuses == {"青石镇人民政府": "已报送", "白沙乡人民政府": "已报送", "": ""}
    shown = tables(result._repr_html_())
    new_total = shown["t3"].xpath(".//td[@data-key='t3_new_total']")[0].text_content()
    assert new_total == str(result.totals["t3_new_total"]) == "33"
    natural = shown["t3"].xpath(".//td[@data-key='t3_new_natural']")[0]
    own = [f for f in govxl.validate(result.total) if any(c.key == "t3_new_natural" for c in f.cells)]
    assert own and natural.get("title") == "\n".join(f"{f.severity.label}：{f.message}" for f in own)  # the sum's


def test_collection_lists_each_report_and_each_unreadable_file(received: Reports) -> None:
    doc = lxml.html.fromstring(received._repr_html_())
    rows = {(tr[0].text_content(), tr[1].text_content()): tr[3].text_content() for tr in doc.xpath("//tbody/tr")}
    assert rows == {("青石镇人民政府", "2025"): "2", ("白沙乡人民政府", "2025"): "0", ("白沙乡", "2024"): "2"}
    assert "损坏.xlsx" in doc.xpath("//li")[0].text_content() and not list(doc.iter("script"))


# -- charts --------------------------------------------------------------------------------------------


def test_the_chosen_font_draws_every_label_the_charts_use() -> None:
    if subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip() == "":
        pytest.skip("no Chinese font installed (make system-deps installs Noto Sans CJK)")
    font = charts.cjk_font()
    assert font is not None
    from matplotlib import font_manager

    path = font_manager.findfont(font, fallback_to_default=False)
    e = get_edition("2021")
    labels = "".join([*e.sections, *(f.label for f in e.fields), "拖船镇人民政府（空白）"])
    assert charts.draws(path, labels)
    assert not charts.draws(font_manager.findfont("DejaVu Sans"), "政府")


def drawn(fig: object, path: Path) -> list[str]:
    """Save ``fig`` as PNG and return the warnings drawing it gave (a missing glyph is one)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path)  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000
    return [str(w.message) for w in caught]


def test_charts_draw_chinese_labels_without_missing_glyphs(received: Reports, tmp_path: Path) -> None:
    reports = list(received)
    unit = Report.from_cells(*tuochuan_2020())
    compared = charts.compare([*reports, report_2021(t3_new_natural=None)], "t3_new_natural")
    composition = charts.outcomes(report_2021())
    over_years = charts.trend(reports, "t3_new_natural")
    for name, fig in {"compare": compared, "outcomes": composition, "trend": over_years,
                      "outcomes-2019": charts.outcomes(unit)}.items():
        assert drawn(fig, tmp_path / f"{name}.png") == []
    ax = compared.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["白沙乡", "青石镇人民政府", "白沙乡人民政府", "拖船镇人民政府"]
    assert [t.get_text() for t in ax.texts] == ["20", "13", "12", "（无数值）"]  # blank is not drawn as 0
    groups = [t.get_text().replace("\n", "") for t in composition.axes[0].get_yticklabels()]
    assert groups == ["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开",
                      "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    assert [t.get_text() for t in composition.axes[0].texts][0] == "10（58.8%）"  # 予以公开 7+2+1 of 17 outcomes
    lines = {line.get_label(): [str(y) for y in line.get_ydata()] for line in over_years.axes[0].get_lines()}
    assert lines == {"白沙乡人民政府": ["20", "12"], "青石镇人民政府": ["nan", "13.0"]}  # 白沙乡 named as in 2025


def test_units_compare_on_a_metric_and_a_zero_denominator_is_no_value() -> None:
    none = Report.from_cells(get_edition("2021"), {**zeros(get_edition("2021")), "meta_unit": "白沙乡"})
    fig = charts.compare([none, report_2021()], "disclosure_rate")
    ax = fig.axes[0]
    assert ax.get_title() == "各单位公开率"
    assert [(t.get_text(), b.get_text()) for t, b in zip(ax.get_yticklabels(), ax.texts)] == [
        ("拖船镇人民政府", "64.7%"), ("白沙乡", "（无数值）")]  # (7+2+1 予以公开 + 1 部分公开) / 17; 0/0


def test_without_a_chinese_font_charts_warn_once_and_draw_ascii(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="没有找到中文字体") as caught:
        fig = charts.compare([report_2021(), report_2021(meta_unit="白沙乡")], "t3_new_total", font=None)
    assert len(caught) == 1
    texts = [t.get_text() for t in fig.axes[0].get_yticklabels()] + [fig.axes[0].get_title()]
    assert texts == ["unit 1", "unit 2", "t3_new_total by unit"] and all(t.isascii() for t in texts)
    assert drawn(fig, tmp_path / "ascii.png") == []
    assert fig._repr_png_().startswith(b"\x89PNG")  # what Jupyter shows


def test_an_unknown_key_is_a_usage_error_in_chinese() -> None:
    with pytest.raises(govxl.errors.UsageError, match="2021年版格式中没有“t9_nothing”这一项，也没有这一指标"):
        charts.compare([report_2021()], "t9_nothing")


def test_displaying_loads_no_chart_library() -> None:
    code = ("import sys, govxl; from tests.template_data import consistent_2021; "
            "r = govxl.Report.from_cells(*consistent_2021()); repr(r); r._repr_html_(); govxl.validate(r)._repr_html_(); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent).stdout
    assert out.strip() == "False"
