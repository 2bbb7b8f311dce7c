"""The dashboard: built in-process on the example county (two years), and served by `govxl dashboard` as a web page
that Debian's Chromium renders (Playwright drives /usr/bin/chromium; nothing downloads a browser).

GOVXL_SCREENSHOT_DIR=docs/img writes the README's screenshot (docs/img/dashboard.png).
"""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest

import govxl
from govxl.findings import Severity
from govxl.widgets.guard import Problems

ROOT = Path(__file__).resolve().parent.parent
COUNTY = ROOT / "examples" / "county"
RECEIVED, EARLIER, ROSTER = COUNTY / "报送", ROOT / "examples" / "county-2024" / "报送", COUNTY / "名单.csv"
MISSING = ("高桥镇人民政府", "新塘镇人民政府")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def merged() -> govxl.MergeResult:
    return govxl.merge([RECEIVED], roster=ROSTER)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("written")
    return govxl.dashboard([RECEIVED, EARLIER], roster=ROSTER, output_dir=out, progress=False), out


def _tabs(page):
    widget, _ = page
    header, problems, writer, tabs = widget.children
    return header, problems, writer, dict(zip(tabs.titles, tabs.children))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_header_and_completeness_say_who_is_missing_and_how_many_errors(page, merged):
    header, _, _, tabs = _tabs(page)
    errors = len(merged.findings.errors)
    assert errors > 0 and f"校验：{errors} 处错误，{len(merged.findings) - errors} 处提示" in header.value
    assert f"未报送 {len(MISSING)} 个" in header.value and "2025年度" in header.value
    shown = tabs["报送情况"].value
    assert "未报送，请催报（2）：</b>高桥镇人民政府、新塘镇人民政府" in shown
    for unit in MISSING:
        assert f'<td style="text-align:left">{unit}</td><td style="text-align:left">未报送</td>' in shown
    assert "2024年" not in shown  # last year's folder feeds the trend, not this year's completeness


def test_findings_filter_by_severity_unit_and_rule(page, merged):
    _, _, _, tabs = _tabs(page)
    filters, table = tabs["校验"].children
    severity, unit, rule = filters.children
    assert table.value.count("<tr class=") == len(merged.findings)
    severity.value = Severity.WARNING
    assert table.value.count('<tr class="govxl-warning">') == len(merged.findings.warnings)
    assert 'class="govxl-error"' not in table.value
    severity.value = "（全部）"
    unit.value = "龙潭镇人民政府"
    own = [f for f in merged.findings if f.unit == "龙潭镇人民政府"]
    assert own and table.value.count("<tr class=") == len(own)
    unit.value, rule.value = "（全部）", "missing"
    assert table.value.count("<tr class=") == len(MISSING)
    rule.value = "（全部）"


def test_totals_compare_and_trend(page, merged):
    _, _, _, tabs = _tabs(page)
    assert f">{merged.totals['t3_new_total']}<" in tabs["汇总"].value
    measure, top = tabs["对比"].children[0].children
    image = tabs["对比"].children[1]
    first = bytes(image.value)
    assert first.startswith(b"\x89PNG")
    measure.value = "disclosure_rate"
    assert bytes(image.value).startswith(b"\x89PNG") and bytes(image.value) != first
    note, (who, _), chart = tabs["趋势"].children[0], tabs["趋势"].children[1].children, tabs["趋势"].children[2]
    assert "2024、2025" in note.value
    assert who.options[0] == "全县合计" and "龙潭镇人民政府" in who.options
    county = bytes(chart.value)
    who.value = "龙潭镇人民政府"
    assert bytes(chart.value).startswith(b"\x89PNG") and bytes(chart.value) != county


def test_write_button_writes_the_workbook_and_refuses_an_input_in_chinese(page):
    _, problems, writer, _ = _tabs(page)
    path, button, done = writer.children
    before = _digests(RECEIVED)
    path.value = str(next(RECEIVED.iterdir()))
    button.click()
    assert "出错了：" in problems.value and "技术信息" in problems.value and done.value == ""
    assert _digests(RECEIVED) == before
    path.value = "县汇总.xlsx"  # relative to output_dir
    button.click()
    written = page[1] / "县汇总.xlsx"
    assert problems.value == "" and f"已生成汇总工作簿：{written}" in done.value
    assert {"汇总", "报送情况", "校验"} <= set(openpyxl.load_workbook(written, read_only=True).sheetnames)


def test_an_unexpected_callback_error_is_shown_in_chinese_with_its_details():
    problems = Problems()
    problems.guard(lambda: 1 / 0)()
    assert "<b>出错了：</b>操作未能完成（ZeroDivisionError：division by zero）" in problems.area.value
    assert "<details><summary>技术信息</summary>" in problems.area.value and "Traceback" in problems.area.value
    problems.guard(lambda: None)()
    assert problems.area.value == ""


def test_a_merge_result_and_a_collection_are_dashboards_too(merged):
    trend = govxl.dashboard(merged).children[3].children[4]
    assert "年度：2025（" in trend.children[0].value
    collection = govxl.dashboard(govxl.read_many([RECEIVED], progress=False), roster=ROSTER)
    assert f"未报送 {len(MISSING)} 个" in collection.children[0].value


def test_cli_refuses_a_missing_folder_an_unusable_roster_and_a_taken_port(tmp_path):
    (tmp_path / "名单.csv").write_text("序号\n1\n", encoding="utf-8")
    with socket.socket() as taken:  # every call gets a taken port: none may start a server
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])

        def govxl_dashboard(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([sys.executable, "-m", "govxl", "dashboard", *args, "--port", port],
                                  capture_output=True, text=True, timeout=60)

        gone = govxl_dashboard(str(tmp_path / "没有"))
        roster = govxl_dashboard(str(RECEIVED), "--roster", str(tmp_path / "名单.csv"))
        busy = govxl_dashboard(str(RECEIVED))
    assert gone.returncode == 2 and "找不到文件或文件夹" in gone.stderr
    assert roster.returncode == 2 and "找不到“单位名称”列" in roster.stderr
    assert busy.returncode == 2 and f"端口 {port} 已被占用" in busy.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lines(stream) -> queue.Queue[str | None]:
    """The lines of ``stream`` as they come, then None."""
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=lambda: [*map(lines.put, stream), lines.put(None)], daemon=True).start()
    return lines


@pytest.fixture
def served(tmp_path):
    """`govxl dashboard` on the example county's two years, starting (the merge fixture runs meanwhile)."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "govxl", "dashboard", str(RECEIVED), str(EARLIER), "--roster", str(ROSTER),
         "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield server, port
    if server.poll() is None:  # the test failed early: stop it as a service manager would (and Voilà with it)
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make system-deps)")
def test_the_page_renders_in_chromium_with_the_missing_units_and_the_error_count(served, merged, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    server, port = served
    said = _lines(server.stdout)
    started = said.get(timeout=60)
    url = f"http://127.0.0.1:{port}/"
    assert started.startswith(f"汇总看板已启动：{url}")
    errors = len(merged.findings.errors)
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        browser.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                      else (outside.append(route.request.url), route.abort()))
        tab = browser.new_page()
        tab.goto(url, timeout=90_000)
        for unit in MISSING:
            expect(tab.get_by_role("row", name=f"{unit} 未报送", exact=True)).to_be_visible(timeout=90_000)
        expect(tab.locator("b", has_text=f"校验：{errors} 处错误")).to_be_visible()
        shots = Path(os.environ.get("GOVXL_SCREENSHOT_DIR", tmp_path))
        tab.screenshot(path=shots / "dashboard.png", full_page=True)
        tab.get_by_role("tab", name="校验").click()
        first = merged.findings.errors[0]
        expect(tab.locator("tr.govxl-error", has_text=first.message).first).to_be_visible()
        tab.screenshot(path=tmp_path / "dashboard-校验.png")
        browser.close()
    assert outside == []  # nothing loaded from a CDN
    assert (shots / "dashboard.png").stat().st_size > 10_000
    server.send_signal(signal.SIGINT)  # Ctrl-C
    assert server.wait(timeout=30) == 0
    assert "汇总看板已停止。\n" in iter(lambda: said.get(timeout=10), None)
