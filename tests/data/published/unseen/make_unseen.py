"""Make the corpus of published reports the reader was not written against (run from the repository root:
``.venv/bin/python -m tests.data.published.unseen.make_unseen [LETTER…]``; needs nothing but Python).

Each report prints the official tables of :mod:`tests.printed` (literal labels, never taken from govxl), changed
the way real reports change them, around prose, in the shape a portal publishes: Word's "save as web page"
(MsoNormal, ``<o:p>``, mso styles, its source wrapped at 76 characters), a portal editor's HTML inside the
whole portal page (menus, footer, scripts, an attachment list), an older portal laid out in tables, a page
pasted as ``<br>`` lines, GBK bytes, the plain-text dump of a Word file. Its figures are drawn consistent from
a seed and then, where a report prints an arithmetic error, changed; ``NAME.expected.json`` records what the
reader must find — every figure (``null`` for a blank or a text), the blanks, the texts, the prose, the
deviations from the form (kind, printed text or key) and the errors of the printed figures, computed here by
the four arithmetic rules of ../shared/spec/rules.md, independently of govxl.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.printed import T2_2019, T2_2021, T3_2019, T3_2021, T3_COLUMNS, T4, TRADITIONAL_2021, Printed, t3

OUT = Path(__file__).parent
APPLICANTS = T3_COLUMNS[:-1]
T4_PARTS = ("upheld", "corrected", "other", "pending")
SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
TOPICS = ("text_overview_active", "text_overview_request", "text_overview_management", "text_overview_platform",
          "text_overview_oversight")

# --- figures and the errors they print ------------------------------------------------------------------


def keys_of(tables: list[Printed]) -> list[str]:
    return [k for t in tables for row in t.rows for k in re.findall(r"#(\w+)", row)]


def figures(keys: list[str], seed: int) -> dict[str, int | float]:
    """Consistent figures for the keys printed: 表三 balanced, every total the sum of its parts."""
    rnd = random.Random(seed)
    v: dict[str, int | float] = {}
    rows = [k[3:-len("_natural")] for k in keys if k.startswith("t3_") and k.endswith("_natural")]
    outcomes = [r for r in rows if r not in ("new", "carried", "total", "forward")]
    for r in outcomes:
        for c in APPLICANTS:
            v[f"t3_{r}_{c}"] = rnd.randint(1, 5) if rnd.random() < (0.6 if c == "natural" else 0.15) else 0
    for c in APPLICANTS:
        v[f"t3_total_{c}"] = sum(v[f"t3_{r}_{c}"] for r in outcomes)
        v[f"t3_forward_{c}"] = rnd.randint(0, 2) if c == "natural" else 0
        v[f"t3_carried_{c}"] = rnd.randint(0, 2) if c == "natural" else 0
        v[f"t3_new_{c}"] = v[f"t3_total_{c}"] + v[f"t3_forward_{c}"] - v[f"t3_carried_{c}"]
        if v[f"t3_new_{c}"] < 0:
            v[f"t3_carried_{c}"] += v[f"t3_new_{c}"]
            v[f"t3_new_{c}"] = 0
    for r in rows:
        v[f"t3_{r}_total"] = sum(v[f"t3_{r}_{c}"] for c in APPLICANTS)
    for g in ("review", "direct", "after"):
        for p in T4_PARTS:
            v[f"t4_{g}_{p}"] = rnd.randint(0, 3) if rnd.random() < 0.4 else 0
        v[f"t4_{g}_total"] = sum(v[f"t4_{g}_{p}"] for p in T4_PARTS)
    for k in keys:
        if k.startswith("t2_") and k not in v:
            if k.endswith("_amount"):
                v[k] = round(rnd.uniform(0, 300), 2)
            elif k.endswith("_change"):
                v[k] = rnd.randint(-3, 3)
            elif k.endswith(("_valid", "_total", "_prev")):
                v[k] = rnd.randint(10, 400)
            elif "decisions" in k:
                v[k] = rnd.randint(0, 2000)
            else:
                v[k] = rnd.randint(0, 12)
    return {k: v[k] for k in keys}


def errors(keys: list[str], numbers: dict[str, int | float | None], texts: list[str]) -> list[str]:
    """The errors the printed figures give: text where a figure belongs, and the arithmetic of 表三 and 表四
    (a blank or a text counts 0)."""
    def n(k: str) -> int | float:
        return numbers.get(k) or 0

    found = [f"value-type:{k}" for k in texts]
    rows = sorted({k[3:-len("_total")] for k in keys if re.fullmatch(r"t3_\w+_total", k) and not k.startswith("t3_total_")}
                  | {k[3:-len("_natural")] for k in keys if k.startswith("t3_") and k.endswith("_natural")})
    outcomes = [r for r in rows if r not in ("new", "carried", "total", "forward")]
    for c in T3_COLUMNS:
        if n(f"t3_new_{c}") + n(f"t3_carried_{c}") != n(f"t3_total_{c}") + n(f"t3_forward_{c}"):
            found.append(f"t3-balance:{c}")
        if n(f"t3_total_{c}") != sum(n(f"t3_{r}_{c}") for r in outcomes):
            found.append(f"t3-outcome-total:{c}")
    found += [f"t3-row-total:{r}" for r in rows if n(f"t3_{r}_total") != sum(n(f"t3_{r}_{c}") for c in APPLICANTS)]
    found += [f"t4-total:{g}" for g in ("review", "direct", "after")
              if n(f"t4_{g}_total") != sum(n(f"t4_{g}_{p}") for p in T4_PARTS)]
    return sorted(found)


def shown(x: int | float | None) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def printed_number(text: str) -> int | float | None:
    t = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    try:
        x = float(t)
    except ValueError:
        return None
    return int(x) if x == int(x) else x


# --- tables: a Printed table's cells with their spans ------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rows: int
    cols: int


class Table:
    """A :class:`Printed` table as its cells (``<`` and ``^`` merged into spans), the value cells' text given."""

    def __init__(self, printed: Printed, literal: Callable[[str], str]) -> None:
        self.heading = printed.heading
        self.grid = [row.split("|") for row in printed.rows]
        self.height, self.width = len(self.grid), max(map(len, self.grid))
        self.cells: list[Cell] = []
        for r, row in enumerate(self.grid):
            for c, t in enumerate(row):
                if t in ("<", "^"):
                    continue
                cols = next((n for n in range(1, len(row) - c) if row[c + n] != "<"), len(row) - c)
                rows = next((n for n in range(1, self.height - r) if c >= len(self.grid[r + n])
                             or self.grid[r + n][c] != "^"), self.height - r)
                self.cells.append(Cell(r, c, literal(t[1:]) if t.startswith("#") else t, rows, cols))

    def rows(self) -> Iterator[list[Cell]]:
        for r in range(self.height):
            yield [x for x in self.cells if x.row == r]

    def blocks(self) -> list[Table]:
        """The table cut before each caption row (a cell across the whole width): 表二's blocks."""
        starts = [r for r, row in enumerate(self.rows()) if len(row) == 1 and row[0].cols == self.width]
        out = []
        for top, bottom in zip(starts, [*starts[1:], self.height]):
            block = object.__new__(Table)
            block.heading, block.grid, block.width, block.height = self.heading, self.grid[top:bottom], self.width, bottom - top
            block.cells = [Cell(x.row - top, x.col, x.text, x.rows, x.cols) for x in self.cells if top <= x.row < bottom]
            out.append(block)
        return out

    def physical_rows(self) -> Iterator[list[str]]:
        """Each row's cells as a word processor holds them: a cell merged across columns once, a cell merged
        down from the row above empty."""
        by_place = {(x.row, x.col): x for x in self.cells}
        above = {(x.row + i, x.col): x for x in self.cells for i in range(1, x.rows)}
        for r in range(self.height):
            cells, c = [], 0
            while c < len(self.grid[r]):
                if self.grid[r][c] == "<":
                    c += 1
                elif (r, c) in above:
                    cells.append("")
                    c += above[(r, c)].cols
                else:
                    cells.append(by_place[(r, c)].text)
                    c += by_place[(r, c)].cols
            yield cells

    def dump(self) -> str:
        """As Word copies a table as text: a line per cell, tab first (a cell merged down from above: the tab
        alone), the cell's further lines without it, a blank line after each row."""
        return "\n\n".join("\n".join("\t" + cell for cell in row) for row in self.physical_rows()) + "\n\n"

    def saved_as_text(self) -> str:
        """As Word saves a table as plain text: a line per row, its cells between tabs."""
        return "".join("\t".join(cell.replace("\n", "") for cell in row) + "\n" for row in self.physical_rows())


# --- the document: title, prose, headings and tables in order ----------------------------------------------


def prose(unit: str, year: int) -> dict[str, str]:
    return {
        "text_overview": f"{year}年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息"
                         "公开条例》，扎实推进政务公开各项工作。",
        **dict(zip(TOPICS, (f"（一）主动公开。{year}年通过门户网站主动公开政府信息，及时发布政策文件和工作动态。",
                            "（二）依申请公开。严格按照法定程序和时限办理政府信息公开申请，做到依法依规答复。",
                            "（三）政府信息管理。落实信息发布保密审查制度，动态调整主动公开目录。",
                            "（四）政府信息公开平台建设。加强政府网站和政务新媒体建设管理，优化栏目设置。",
                            "（五）监督保障。将政务公开工作纳入年度考核，开展业务培训。"))),
        "text_problems": "政府信息公开工作仍存在公开内容不够全面、政策解读形式较为单一等问题。\n"
                         "下一步，一是加强业务培训，提高公开质量；二是丰富政策解读形式，扩大政策知晓度。\n"
                         "关闭整合长期不更新的政务新媒体账号2个",  # a list item without a full stop
        "text_other": f"{year}年度未收取信息处理费。",
    }


@dataclass(frozen=True)
class Document:
    title: str
    headings: tuple[str, ...]
    prose: dict[str, str]
    tables: list[Table]

    def parts(self) -> Iterator[tuple[str, str | Table]]:
        """("title" | "h" | "p" | "table", content) in the document's order."""
        yield "title", self.title
        yield "p", "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。"
        yield "h", self.headings[0]
        for key in ("text_overview", *TOPICS):
            yield "p", self.prose[key]
        for heading, table in zip(self.headings[1:4], self.tables):
            yield "h", heading
            yield "table", table
        yield "h", self.headings[4]
        for line in self.prose["text_problems"].split("\n"):
            yield "p", line
        yield "h", self.headings[5]
        yield "p", self.prose["text_other"]


Render = Callable[[Document], str]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


# Word's "save as web page"

def word_cell(cell: Cell) -> str:
    spans = (f" colspan={cell.cols}" if cell.cols > 1 else "") + (f" rowspan={cell.rows}" if cell.rows > 1 else "")
    style = ("width:48.0pt;border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;"
             "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt")
    if cell.text:
        paras = "".join(
            f"<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'><span "
            f"style='font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体;mso-font-kerning:0pt'>{esc(line)}"
            f"<span lang=EN-US><o:p></o:p></span></span></p>" for line in cell.text.split("\n"))
    else:
        paras = ("<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                 "style='font-size:10.5pt;mso-bidi-font-family:宋体'><o:p>&nbsp;</o:p></span></p>")
    return f"\n  <td width={64 * cell.cols}{spans} valign=top style='{style}'>\n  {paras}\n  </td>"


def word_table(table: Table, misaligned: bool) -> str:
    out = ["<div align=center>\n<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=640 "
           "style='border-collapse:collapse;mso-table-layout-alt:fixed;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"]
    for n, row in enumerate(table.rows()):
        out.append(f" <tr style='mso-yfti-irow:{n};height:21.0pt'>" + "".join(map(word_cell, row)) + "\n </tr>")
    if misaligned:  # the row of column widths Word adds after a table whose rows' cells do not line up
        widths = "".join("\n  <td width=64 style='border:none'></td>" for _ in range(table.width))
        out.append(f" <![if !supportMisalignedColumns]>\n <tr height=0>{widths}\n </tr>\n <![endif]>")
    out.append("</table>\n</div>")
    return "\n".join(out)


def word_paragraph(text: str, heading: bool = False) -> str:
    """A paragraph as Word writes it: digits in runs of their own (lang=EN-US), the rest in the paragraph's font."""
    font = "黑体" if heading else "仿宋_GB2312"
    runs = "".join(f"<span lang=EN-US style='font-size:16.0pt;font-family:{font}'>{esc(run)}</span>" if run[0].isdigit()
                   else f"<span style='font-size:16.0pt;font-family:{font};mso-hansi-font-family:\"Times New Roman\"'>"
                        f"{esc(run)}</span>"
                   for run in re.findall(r"\d+|\D+", text))
    return (f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;"
            f"mso-line-height-rule:exactly'>{runs}<span lang=EN-US style='font-size:16.0pt'><o:p></o:p></span></p>")


def word_wrap(page: str, width: int = 76, *, in_text: bool = True) -> str:
    """Word wraps its HTML at about 76 characters at a space inside a tag, or before a tag (``in_text``): a text
    node then ends in a line break in the middle of a paragraph (which browsers and LibreOffice show as a space)."""
    out, col, in_tag = [], 0, False
    for ch in page:
        if ch == "\n":
            col = 0
        elif col > width and (ch == "<" and in_text or ch == " " and in_tag):
            out.append("\n")
            col = 0
            if ch == " ":
                continue
        in_tag = (in_tag or ch == "<") and ch != ">"
        out.append(ch)
        col += ch != "\n"
    return "".join(out)


WORD_PAGE = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset={charset}">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>Administrator</o:Author>
  <o:Pages>6</o:Pages>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face {{font-family:仿宋_GB2312; mso-font-charset:134;}}
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no; margin:0cm; text-align:justify; text-justify:inter-ideograph;
	font-size:10.5pt; font-family:"Times New Roman",serif;}}
@page WordSection1 {{size:595.3pt 841.9pt; margin:72.0pt 90.0pt 72.0pt 90.0pt;}}
div.WordSection1 {{page:WordSection1;}}
-->
</style>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

{body}

</div>

</body>

</html>
"""


def word(charset: str = "utf-8", *, misaligned: bool = True, signature: tuple[str, ...] = (), wrap_text: bool = True) -> Render:
    def render(doc: Document) -> str:
        body = []
        for kind, x in doc.parts():
            if kind == "title":
                body.append(f"<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt'><b><span "
                            f"style='font-size:22.0pt;font-family:方正小标宋简体'>{esc(str(x))}</span></b><b><span "
                            "lang=EN-US style='font-size:22.0pt'><o:p></o:p></span></b></p>")
                body.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
            elif isinstance(x, Table):
                body.append(word_table(x, misaligned))
            else:
                body.append(word_paragraph(x, kind == "h"))
        body += [f"<p class=MsoNormal align=right style='text-align:right;line-height:28.0pt'><span "
                 f"style='font-size:16.0pt;font-family:仿宋_GB2312'>{esc(line)}</span></p>" for line in signature]
        return WORD_PAGE.format(charset=charset, title=esc(doc.title), body=word_wrap("\n\n".join(body), in_text=wrap_text))
    return render


# a portal's editor (UEditor, TRS), alone or inside the portal's page

def editor_table(table: Table, th_rows: int = 0) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;" align="center">',
           "<thead>" if th_rows else "<tbody>"]
    for n, row in enumerate(table.rows()):
        tag = "th" if n < th_rows else "td"
        cells = []
        for cell in row:
            spans = (f' colspan="{cell.cols}"' if cell.cols > 1 else "") + (f' rowspan="{cell.rows}"' if cell.rows > 1 else "")
            inner = "<br/>".join(map(esc, cell.text.split("\n"))) if cell.text else "&nbsp;"
            cells.append(f'<{tag}{spans} style="border:1px solid #000;padding:2px 4px;" valign="middle"><p style="text-align:'
                         f'center;"><span style="font-size:14px;font-family:宋体;">{inner}</span></p></{tag}>')
        out.append("<tr>" + "".join(cells) + "</tr>")
        if th_rows and n == th_rows - 1:
            out.append("</thead><tbody>")
    out.append("</tbody></table>")
    return "".join(out)


def editor_paragraph(text: str, heading: bool = False) -> str:
    if heading:
        return (f'<p style="text-indent:2em;line-height:2em;"><strong><span style="font-family:黑体;font-size:16px;">'
                f"{esc(text)}</span></strong></p>")
    return f'<p style="text-indent:2em;line-height:2em;"><span style="font-family:仿宋_GB2312;font-size:16px;">{esc(text)}</span></p>'


def editor(page: Callable[[str, str], str] | None = None) -> Render:
    def render(doc: Document) -> str:
        article = "\n".join(editor_table(x) if isinstance(x, Table) else editor_paragraph(x, kind == "h")
                            for kind, x in doc.parts() if kind != "title")
        if page:
            return page(doc.title, article)
        return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(doc.title)}</title></head><body>'
                f'<div class="TRS_Editor">{article}</div></body></html>')
    return render


def portal(site: str, date: str, *, attachments: bool = True) -> Callable[[str, str], str]:
    """A portal's article page: top bar, search, menus, a side menu table, the article, its attachment list
    (a table), share and previous/next links, a footer with a table of links and scripts."""
    def page(title: str, article: str) -> str:
        listed = ""
        if attachments:
            listed = ('<div class="fujian"><h4>附件：</h4><table class="att"><tr><th>序号</th><th>附件名称</th><th>大小</th>'
                      f'<th>下载</th></tr><tr><td>1</td><td><a href="/att/1.docx">{esc(title)}.docx</a></td><td>56 KB</td>'
                      f'<td>下载</td></tr><tr><td>2</td><td><a href="/att/2.pdf">{esc(title)}.pdf</a></td><td>312 KB</td>'
                      "<td>下载</td></tr></table></div>")
        previous = esc(title.replace(str(int(date[:4]) - 1), str(int(date[:4]) - 2)))
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{date}">
<title>{esc(title)}_{esc(site)}</title>
<link rel="stylesheet" href="/images/common.css">
<script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; document.write('<p>一、总体情况</p>');</script>
<style>.nav li{{float:left}} td{{border:1px solid #000}}</style>
</head>
<body>
<div class="top"><div class="w1200"><span>{esc(site)}</span><a href="/wza">无障碍浏览</a><a href="/old">长者模式</a></div></div>
<div class="header"><img src="/images/logo.png" alt="{esc(site)}"><form action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li><li><a href="/zjxx">走进本地</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zwgk/nb">政府信息公开年报</a></div>
<div class="main">
<div class="side"><table class="menu"><tr><td><a href="/zwgk/zn">政府信息公开指南</a></td></tr><tr><td><a href="/zwgk/zd">政府信息公开制度</a></td></tr><tr><td><a href="/zwgk/nb">政府信息公开年报</a></td></tr></table></div>
<div class="article">
<h1 class="title">{esc(title)}</h1>
<div class="info"><span>发布时间：{date}</span><span>来源：{esc(site)}</span><span>浏览次数：<script>document.write(1024)</script></span><span>字号：<a>大</a> <a>中</a> <a>小</a></span></div>
<div class="content" id="zoom">
{article}
</div>
{listed}
<div class="share">分享到：<a class="wx">微信</a><a class="wb">微博</a></div>
<div class="prevnext"><p>上一篇：<a href="/p">{previous}</a></p><p>下一篇：<a href="/n">关于开展政务公开专项检查的通知</a></p></div>
</div>
</div>
<div class="footer"><table><tr><td><a href="/about">关于本站</a></td><td><a href="/map">网站地图</a></td><td><a href="/contact">联系我们</a></td></tr></table>
<p>主办单位：{esc(site)}办公室&nbsp;&nbsp;承办：县融媒体中心</p><p>网站标识码：3300000001&nbsp;&nbsp;浙ICP备00000000号-1&nbsp;&nbsp;浙公网安备 33000002000001号</p>
<script>(function(){{var s=document.createElement("script");s.src="https://hm.example.com/hm.js";}})();</script></div>
</body>
</html>
"""
    return page


def table_portal(site: str, date: str) -> Callable[[str, str], str]:
    """An older portal: the page laid out in tables, the article inside one of their cells."""
    def page(title: str, article: str) -> str:
        return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{esc(title)}--{esc(site)}</title>
<script language="javascript">function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}</script></head>
<body topmargin=0 leftmargin=0>
<table width=1000 border=0 align=center cellpadding=0 cellspacing=0><tr><td><img src="/images/banner.jpg"></td></tr>
<tr><td class=nav><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">网上办事</a> | <a href="/hdjl">政民互动</a></td></tr></table>
<table width=1000 border=0 align=center cellpadding=0 cellspacing=0>
<tr><td width=240 valign=top><table width=100%><tr><td class=lm>信息公开目录</td></tr><tr><td><a href="/zn">信息公开指南</a></td></tr><tr><td><a href="/nb">信息公开年报</a></td></tr></table></td>
<td valign=top><table width=100% border=0 cellspacing=0 cellpadding=0>
<tr><td class=wz>您现在的位置：<a href="/">首页</a> &gt;&gt; 信息公开年报</td></tr>
<tr><td align=center class=bt>{esc(title)}</td></tr>
<tr><td align=center>发布日期：{date}　　点击数：<script>document.write(318)</script>　　【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</td></tr>
<tr><td id=zoom class=nr>{article}</td></tr>
<tr><td align=right>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table></td></tr></table>
<table width=1000 border=0 align=center><tr><td align=center>版权所有：{esc(site)}　技术支持：县信息中心<br>地址：县府路1号　电话：0000-1234567　ICP备案号：某ICP备00000001号</td></tr></table>
</body></html>
"""
    return page


def pasted_lines(unit: str, year: int) -> Render:
    """A report pasted into an editor as lines: a two-line title, each run of prose one block of <br/> lines, 表二's
    blocks as tables of their own, 表三's header cells <th> in a <thead>."""
    def render(doc: Document) -> str:
        body = [f'<div style="text-align:center"><strong>{unit}<br/>{year}年度政府信息公开工作年度报告</strong></div>']
        lines: list[str] = []
        for kind, x in doc.parts():
            if isinstance(x, Table):
                body.append('<div class="para">' + "<br/>".join(map(esc, lines)) + "<br/></div>")
                lines = []
                if x.heading.startswith("二"):
                    body += [editor_table(block) + "<p>&nbsp;</p>" for block in x.blocks()]
                else:
                    body.append(editor_table(x, th_rows=3 if x.heading.startswith("三") else 0))
            elif kind != "title":
                lines.append(x)
        body.append('<div class="para">' + "<br/>".join(map(esc, lines)) + "</div>")
        return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(doc.title)}</title></head><body>'
                f'<div id="content">{"".join(body)}</div></body></html>')
    return render


def text_dump(signature: tuple[str, str], table: Callable[[Table], str] = Table.dump) -> Render:
    """The document copied from Word as plain text: paragraphs as lines, tables as :meth:`Table.dump` (or as
    ``table`` writes them)."""
    def render(doc: Document) -> str:
        out = [table(x) if isinstance(x, Table) else x + "\n" for _, x in doc.parts()]
        return "".join(out) + "\n" + "\n".join(signature) + "\n"
    return render


def changed(render: Render, *replacements: tuple[str, str], count: int = -1) -> Render:
    """The rendered page with its texts replaced (a quirk of the tool that wrote it)."""
    def render_changed(doc: Document) -> str:
        page = render(doc)
        for old, new in replacements:
            assert old in page, old
            page = page.replace(old, new, count)
        return page
    return render_changed


# --- the reports ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    name: str
    unit: str
    title: str
    year: int
    edition: str
    tables: list[Printed]
    seed: int
    render: Render
    note: str
    literal: dict[str, str | Callable[[int | float | None], str | None]] | None = None  # printed text of value cells
    perturb: Callable[[dict[str, int | float | None]], None] | None = None  # the printed errors
    deviations: tuple[tuple[str, str], ...] = ()
    headings: tuple[str, ...] = SECTIONS
    encoding: str = "utf-8"

    def write(self) -> None:
        keys = keys_of(self.tables)
        numbers: dict[str, int | float | None] = dict(figures(keys, self.seed))
        if self.perturb:
            self.perturb(numbers)
        texts: dict[str, str] = {}
        for k in keys:
            spec = (self.literal or {}).get(k)
            text = spec(numbers[k]) if callable(spec) else spec
            if text is not None:
                texts[k] = text
                numbers[k] = printed_number(text)
        blank = [k for k, t in texts.items() if not t.strip()]
        not_numbers = {k: t for k, t in texts.items() if t.strip() and numbers[k] is None}
        doc = Document(self.title, self.headings, prose(self.unit, self.year),
                       [Table(t, lambda k: texts[k] if k in texts else shown(numbers[k])) for t in self.tables])
        (OUT / self.name).write_bytes(self.render(doc).encode(self.encoding))
        expected = {"unit": self.unit, "year": self.year, "edition": self.edition, "source": self.note,
                    "prose": doc.prose, "values": {k: numbers[k] for k in keys}, "texts": not_numbers, "blank": blank,
                    "deviations": [list(d) for d in self.deviations], "errors": errors(keys, numbers, list(not_numbers))}
        (OUT / f"{Path(self.name).stem}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                                  "utf-8")


def rows(tables: list[Printed], change: Callable[[str], str]) -> list[Printed]:
    return [Printed(t.heading, tuple(change(r) for r in t.rows)) for t in tables]


def single_other(table: Printed) -> Printed:
    """表三 with 2019's single （六）其他处理 row: the group's total, which the reader keeps in its last row."""
    kept = [r for r in table.rows if "#t3_other_" not in r]
    at = next(i for i, r in enumerate(kept) if "#t3_total_" in r)
    return Printed(table.heading, (*kept[:at], t3("other_misc", "^", "（六）其他处理", "<"), *kept[at:]))


def fullwidth(x: int | float | None) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in shown(x))


def add(v: dict[str, int | float | None], **by: int) -> None:
    for k, n in by.items():
        v[k] = (v[k] or 0) + n


def with_heading(n: int, heading: str) -> tuple[str, ...]:
    return (*SECTIONS[:n], heading, *SECTIONS[n + 1:])


OUTCOME_ROWS = ("granted", "partial", "denied_secret", "denied_law", "denied_safety", "denied_thirdparty", "denied_internal",
                "denied_process", "denied_enforcement", "denied_query", "unable_nothold", "unable_create", "unable_unclear",
                "ignored_petition", "ignored_repeat", "ignored_publication", "ignored_massive", "ignored_confirm", "other")

REPORTS = {
    "A": Report(
        "2019-rongxi-town.htm", "镕溪镇", "镕溪镇2019年政府信息公开工作年度报告", 2019, "2019",
        rows([T2_2019, T3_2019, T4], lambda r: re.sub(r"(?<=[|])(\d)\.", r"\1、", r).replace("三、本年度办理结果|", "三|")
             .replace("5、属于三类内部事务信息", "5、属于第三类内部事务信息")),
        seed=1, literal={"t2_procurement_amount": "251000元"}, deviations=(("t3-label", "5、属于第三类内部事务信息"),),
        render=word("gb2312", signature=("镕溪镇人民政府", "2020年1月15日")), encoding="gbk",
        note="Word「另存为网页」(MsoNormal, <o:p>, mso styles, supportMisalignedColumns row), charset gb2312, GBK bytes; "
             "1、 numbering, group label 三 alone, 251000元 in a cell"),
    "B": Report(
        "2020-linjiang-natural-resources-bureau.html", "临江县自然资源局", "2020年度临江县自然资源局政府信息公开工作年度报告",
        2020, "2019", [T2_2019, T3_2019, T4], seed=2,
        literal={"t2_license_decisions": "1,236", "t2_license_change": "+3", "t2_services_change": "-2",
                 "t2_penalty_decisions": "2,018"},
        perturb=lambda v: add(v, t3_total_natural=1, t3_total_total=1),
        headings=with_heading(2, "三、收到和处理政府信息公开的申请情况"), render=editor(portal("临江县人民政府", "2021-01-28")),
        note="portal page, the year before the unit in its title: menus, side menu table, attachment list table, footer table, "
             "scripts; thousands separators, signed 本年增/减; (七)总计 of 自然人 printed one too many"),
    "C": Report(
        "2021-shiqiao-town.txt", "石桥镇", "石桥镇2021年度政府信息公开工作年度报告", 2021, "2021",
        [T2_2021, single_other(T3_2021), T4], seed=3, deviations=(("t3-undivided", "（六）其他处理"),),
        render=changed(text_dump(("石桥镇人民政府", "2022年1月20日")), ("\t（本列数据", "\t[bookmark: _GoBack]（本列数据"), count=1),
        note="text dump of a Word report; 2021 edition but 表三 prints 2019's single （六）其他处理 row"),
    "D": Report(
        "2022-qingshui-education-bureau.html", "清水县教育局", "清水县教育局2022年度政府信息公开工作年度报告", 2022, "2021",
        rows([T2_2021, T3_2021, T4], lambda r: r.replace("现行有效件数", "先行有效件数").replace("行政规范性文件|", "规范性文件|")),
        seed=4, literal={"t2_fees_amount": "0.35"}, deviations=(("t2-label", "先行有效件数"), ("t2-label", "规范性文件")),
        render=changed(word(misaligned=False, wrap_text=False), ("colspan=3 rowspan=3", "colspan=2 rowspan=3")),
        note="Word web page (utf-8, its source wrapped inside tags only); 先行有效件数, 规范性文件; 表三's header corner spans 2 columns, its labels 3; 0.35 万元"),
    "E": Report(
        "2023-fengyang-district.html", "鳳陽區人民政府", "鳳陽區人民政府2023年度政府信息公開工作年度報告", 2023, "2021",
        list(TRADITIONAL_2021), seed=5,
        literal=dict.fromkeys(("t3_new_natural", "t2_normative_valid", "t4_review_total", "t2_license_decisions"), fullwidth),
        perturb=lambda v: add(v, t3_forward_natural=-1, t3_forward_total=-1),
        headings=("一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
                  "四、政府信息公開行政復議、行政訴訟情況", "五、存在的主要問題及改進情況", "六、其他需要報告的事項"),
        render=editor(portal("鳳陽區人民政府", "2024-01-30", attachments=False)),
        note="traditional-character mirror inside its portal page; full-width digits; 四、結轉下年度 of 自然人 printed one too few"),
    "F": Report(
        "2024-nanhu-street.html", "南湖街道办事处", "南湖街道办事处2024年度政府信息公开工作年度报告", 2024, "2021",
        [Printed(T2_2021.heading, (*T2_2021.rows[:4], "其他主动公开文件（街道规范性文件以外的通知、公告）|5|0|12",
                                   *(r.replace("行政许可|", "行政许可（含备案类事项）|") for r in T2_2021.rows[4:]))),
         T3_2021, T4],
        seed=6,
        literal={"t2_rules_issued": "", "t2_rules_repealed": "", "t2_rules_valid": "", "t2_fees_amount": "无",
                 **dict.fromkeys((f"t4_after_{p}" for p in (*T4_PARTS, "total")), "/"),
                 "t4_direct_upheld": "—", "t4_direct_corrected": "-",
                 **dict.fromkeys(("t3_new_research", "t3_new_social", "t3_carried_research", "t3_granted_research",
                                  "t3_partial_social"), lambda n: "" if n == 0 else None)},
        deviations=(("t2-extra", "其他主动公开文件"), ("t2-label", "行政许可（含备案类事项）")),
        headings=with_heading(1, "二、行政机关主动公开政府信息情况"),
        render=changed(editor(), ("“", "&ldquo;"), ("”", "&rdquo;")),
        note="editor HTML article (&ldquo; &rdquo; entities); blank cells (&nbsp;) vs 0 vs / vs — vs 无; a locally added row "
             "under 第二十条第（一）项; a note in brackets on 行政许可; heading with words added"),
    "G": Report(
        "2025-taoyuan-health-commission.html", "桃源县卫生健康委员会", "桃源县卫生健康委员会2025年度政府信息公开工作年度报告",
        2025, "2021",
        [Printed(T2_2021.heading, T2_2021.rows[:-3]),  # 第二十条第（八）项 left out
         Printed(T3_2021.heading, tuple(r.replace("三、本年度办理结果|", "三|") for r in T3_2021.rows
                                        if "#t3_ignored_massive_" not in r)), T4],
        seed=7, deviations=(("t2-missing", "t2_fees_amount"), ("t3-missing", "t3_ignored_massive_natural")),
        headings=with_heading(4, "五、政府信息公开工作存在的主要问题及改进情况"),
        render=word(signature=("桃源县卫生健康委员会", "2026年1月28日")),
        note="Word web page; 第二十条第（八）项 and the row 4.无正当理由大量反复申请 left out; group label 三 alone; heading "
             "with words added"),
    "H": Report(
        "2022-baihe-county.html", "白河县人民政府", "白河县人民政府2022年度政府信息公开工作年度报告", 2022, "2021",
        [T2_2021, single_other(T3_2021), T4], seed=8,
        literal={"t2_license_decisions": "12,408", "t2_penalty_decisions": "1,107"},
        perturb=lambda v: add(v, t4_review_total=1), deviations=(("t3-undivided", "（六）其他处理"),),
        render=editor(table_portal("白河县人民政府", "2023-03-28")),
        note="old portal laid out in tables (the article in a cell of a layout table); 2021 edition with 2019's single "
             "（六）其他处理 row; thousands separators; 行政复议 总计 printed one too many"),
    "I": Report(
        "2020-huangpo-town.txt", "黄坡镇", "黄坡镇2020年政府信息公开工作年度报告", 2020, "2019",
        rows([T2_2019, T3_2019, T4], lambda r: r.replace("本年新制作数量", "本年新\n制作数量")
             .replace("对外公开总数量", "对外公开\n总数量").replace("（三）不予公开", "（三）不予\n公开")
             .replace("（四）无法提供", "（四）无法\n提供").replace("商业企业", "商业\n企业")
             .replace("第二十条第（一）项", "第二十条 第（一）项").replace("第二十条第（六）项", "第二十六条第（六）项")),
        seed=9, literal={f"t3_{r}_total": "" for r in OUTCOME_ROWS}, deviations=(("t2-label", "第二十六条第（六）项"),),
        render=text_dump(("黄坡镇人民政府", "2021年1月25日")),
        note="text dump of a Word report; wrapped labels; the 总计 column of the outcome rows left blank"),
    "J": Report(
        "2024-xiangshan-market-regulation.html", "象山县市场监督管理局", "象山县市场监督管理局2024年度政府信息公开工作年度报告",
        2024, "2021",
        rows([T2_2021, T3_2021, T4], lambda r: r.replace("（一）予以公开", "(一)予以公开")
             .replace("“三安全一稳定”", '"三安全一稳定"').replace("、行政机关不再处理", "，行政机关不再处理")
             .replace("1.信访举报投诉类申请", "1、信访举报类申请").replace("（单位：万元）", "(单位:万元)")),
        seed=10, headings=tuple(h.replace("、", ".", 1) for h in SECTIONS), literal={"t2_penalty_decisions": "12,345", "t2_fees_amount": "1,234.56", "t3_new_natural": lambda n: f"{n:,}"},
        deviations=(("t3-label", "1、信访举报类申请"),),
        render=changed(word(), *((f"'>{label}", f"'><span style='mso-spacerun:yes'>&nbsp;&nbsp; </span>{label}")
                                 for label in ("行政许可", "行政处罚", "自然人", "2.重复申请"))),
        note="Word web page; half-width brackets and colons, ASCII quotes, ， for 、 in （六）, headings numbered 一.; "
             "1、信访举报类申请; thousands separators in 件 and 万元; Word's spacerun spaces before labels"),
    "K": Report(
        "2023-qinghe-town.html", "清河镇人民政府", "清河镇人民政府2023年度政府信息公开工作年度报告", 2023, "2021",
        [T2_2021, T3_2021, T4], seed=11, render=pasted_lines("清河镇人民政府", 2023),
        note="editor HTML pasted as lines: prose lines of one block split by <br/>, a two-line title, 表二's blocks as four "
             "tables, 表三's header as <th> in <thead>"),
    "L": Report(
        "2019-dongting-justice-bureau.txt", "洞庭县司法局", "洞庭县司法局2019年度政府信息公开工作年度报告", 2019, "2019",
        rows([T2_2019, T3_2019, T4], lambda r: r.replace("（一）予以公开", "(一)予以公开")
             .replace("1.信访举报投诉类申请", "1、信访举报类申请")),
        seed=12, perturb=lambda v: add(v, t3_granted_total=2), deviations=(("t3-label", "1、信访举报类申请"),),
        render=text_dump(("洞庭县司法局", "2020年1月31日"), Table.saved_as_text),
        note="Word's 'save as plain text': a table row per line, its cells between tabs; （一）予以公开's 总计 printed two "
             "too many"),
}

if __name__ == "__main__":
    if not sys.argv[1:]:
        for old in OUT.iterdir():
            if old.suffix in (".htm", ".html", ".txt", ".json"):
                old.unlink()
    for letter in sys.argv[1:] or REPORTS:
        REPORTS[letter].write()
        print(REPORTS[letter].name)
