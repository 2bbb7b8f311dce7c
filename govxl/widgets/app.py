"""``govxl.dashboard(source)``: the county's submissions on one page of ipywidgets (JupyterLab, or served by
``govxl dashboard`` through Voilà) — a header with the error count, five tabs and a button that writes the
consolidated workbook."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from govxl.cli.outputs import WORKBOOK_SUFFIXES
from govxl.display.html import escape
from govxl.errors import UsageError
from govxl.widgets import tabs
from govxl.widgets.board import Board, PathLike, Source, load
from govxl.widgets.guard import Problems

if TYPE_CHECKING:
    import ipywidgets

    from govxl.consolidation import Roster

TABS = (("报送情况", lambda board, problems: tabs.completeness(board)), ("校验", tabs.findings),
        ("汇总", lambda board, problems: tabs.totals(board)), ("对比", tabs.compare), ("趋势", tabs.trend))


def dashboard(source: Source, *, roster: PathLike | Roster | None = None, year: int | None = None,
              output_dir: PathLike | None = None, workers: int | None = None,
              progress: bool = True) -> ipywidgets.VBox:
    """The dashboard of ``source``: a folder of received reports, several folders or files (earlier years'
    folders feed the 趋势 tab), a collection (:func:`govxl.read_many`) or a :class:`~govxl.MergeResult`.

    ``roster``: the units expected (CSV/XLSX or a Roster); ``year``: the year under review (default: the latest
    year given); ``output_dir``: where the write button puts the consolidated workbook (default: the current
    folder). An error in any control is shown on the page, in Chinese.
    """
    import ipywidgets as w

    board = load(source, roster, year, workers=workers, progress=progress)
    problems = Problems()
    tab = w.Tab(children=[make(board, problems) for _, make in TABS], titles=[title for title, _ in TABS])
    return w.VBox([w.HTML(tabs.header(board)), problems.area, _writer(board, problems, output_dir), tab])


def _writer(board: Board, problems: Problems, output_dir: PathLike | None) -> ipywidgets.HBox:
    """A path and a button writing the consolidated workbook there (never over an input: MergeResult.write)."""
    import ipywidgets as w

    result = board.result
    folder = Path(output_dir if output_dir is not None else os.getcwd())
    path = w.Text(description="汇总工作簿", value=str(folder / f"{result.name}{result.year or ''}年度汇总.xlsx"),
                  layout={"width": "40em"})
    button = w.Button(description="生成汇总工作簿", button_style="primary", layout={"width": "12em"})
    done = w.HTML()

    @problems.guard
    def write(_: object = None) -> None:
        done.value = ""
        asked = folder / Path(path.value.strip())
        if asked.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise UsageError(f"汇总工作簿的文件名应以 .xlsx 结尾：{asked.name}")
        written = result.write(asked)
        moved = f"（“{escape(asked.name)}”已存在，没有覆盖）" if written != asked else ""
        done.value = f"已生成汇总工作簿：{escape(written)}{moved}"

    button.on_click(write)
    return w.HBox([path, button, done])
