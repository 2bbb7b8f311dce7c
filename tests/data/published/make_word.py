"""Make the Word fixtures (run from the repository root: ``.venv/bin/python -m tests.data.published.make_word``;
needs LibreOffice):

- ``NAME.docx``: each portal page opened by LibreOffice and saved as a Word document (its title kept as the
  document's title property, where the page kept it: the body has none); two of the unseen pages too, for
  what they keep in Word: 2022-qingshui-education-bureau 表三's header corner one column narrower than its
  labels, 2022-baihe-county the portal's layout table the article sits in;
- ``2020-tuochuan-town.docx``: the seed report (tests/data/2020-tuochuan-town.txt) written with python-docx as
  Word lays it out: its paragraphs, and its three tables with their label cells merged where the dump shows
  empty cells (a vertical merge, ``vMerge``) or a short row (a span across, ``gridSpan``); wrapped header
  labels as soft line breaks, other wrapped labels as paragraphs; 表三's header rows marked to repeat on each
  page; a running header and footer, which are not the report;
- ``2020-tuochuan-town.doc``: that .docx saved by LibreOffice as Word 97-2003.

The tests read these files; only the .doc test needs LibreOffice.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.table import Table as WordTable

from tests.handmade import Table, word_dump
from tests.lo import convert

HERE = Path(__file__).parent
PAGES = ["2024-pingtan-zone", "2022-pingtan-transport-bureau",
         "unseen/2022-qingshui-education-bureau", "unseen/2022-baihe-county"]
SEED = "2020-tuochuan-town"
# header rows whose spans the dump does not show (table width -> row -> each cell's columns)
HEADER_SPANS = {10: {0: [3, 7], 1: [3, 1, 6]}, 15: {0: [5, 10], 1: [1, 1, 1, 1, 1, 5, 5]}}
REPEATED_HEADER_ROWS = 3  # of 表三


@dataclass
class Cell:
    row: int
    col: int
    cols: int
    text: str
    rows: int = 1


def is_figure(text: str) -> bool:
    return text.strip().lstrip("+-").isdigit()


def layout(table: Table) -> list[Cell]:
    """The dumped table's cells as Word merges them: an empty cell right under a filled one of the same
    width continues it downwards; a row short of the width gives the missing columns to its last label
    (the one beside the figures), or to its first cell where it holds no figures."""
    width = max(map(len, table))
    cells: list[Cell] = []
    above: dict[int, Cell] = {}
    for r, texts in enumerate(table):
        spans = HEADER_SPANS.get(width, {}).get(r)
        if spans is None:
            spans = [1] * len(texts)
            figures = [i for i, t in enumerate(texts) if is_figure(t)]
            spans[max(figures[0] - 1, 0) if figures else 0] += width - len(texts)
        c = 0
        for text, cols in zip(texts, spans):
            top = above.get(c)
            if not text and top is not None and top.text and top.cols == cols and top.row + top.rows == r:
                top.rows += 1
            else:
                above[c] = Cell(r, c, cols, text)
                cells.append(above[c])
            c += cols
    return cells


def write_table(document: docx.document.Document, table: Table, *, soft_breaks: bool) -> WordTable:
    cells = layout(table)
    word = document.add_table(rows=len(table), cols=max(map(len, table)))
    word.style = "Table Grid"
    for cell in cells:
        merged = word.cell(cell.row, cell.col)
        if cell.rows > 1 or cell.cols > 1:
            merged = merged.merge(word.cell(cell.row + cell.rows - 1, cell.col + cell.cols - 1))
        lines = cell.text.split("\n")
        if soft_breaks and cell.row < REPEATED_HEADER_ROWS:
            run = merged.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                run.add_break()
                run.add_text(line)
        else:
            merged.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                merged.add_paragraph(line)
    return word


def repeat_header(table: WordTable, rows: int) -> None:
    for row in table.rows[:rows]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def seed_docx(out: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "拖船镇人民政府"
    document.sections[0].footer.paragraphs[0].text = "拖船镇党政办 印发"
    for item in word_dump(f"{SEED}.txt").items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        soft = len(item[0]) == 2 and max(map(len, item)) == 10  # 表三
        table = write_table(document, item, soft_breaks=soft)
        if soft:
            repeat_header(table, REPEATED_HEADER_ROWS)
    document.save(out)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for made in convert([HERE / f"{name}.html" for name in PAGES], tmp, "docx:MS Word 2007 XML"):
            made.replace(HERE / made.name)
        seed = seed_docx(HERE / f"{SEED}.docx")
        for made in convert([seed], tmp, "doc:MS Word 97"):
            made.replace(HERE / made.name)


if __name__ == "__main__":
    main()
