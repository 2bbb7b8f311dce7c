"""A report as one self-contained web page: what a portal editor pastes, and what prints on A4.

UTF-8, inline CSS, no script and no external resource. The tables are the notebook display's
(:func:`govxl.display.html.table_html`: real ``<th scope=…>`` headers with the official ``rowspan``/``colspan``),
here with a caption; the page's fonts follow the Word document's, each with common fallbacks.
"""

from __future__ import annotations

from pathlib import Path

from govxl import __version__
from govxl.display.html import escape, table_html
from govxl.outline import Prose, Table
from govxl.render.page import Page, column_weights, is_wide
from govxl.render.stamp import MARK

SERIF = '"仿宋_GB2312", FangSong, STFangsong, "Noto Serif CJK SC", "Source Han Serif SC", serif'
STYLE = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {SERIF}; font-size: 16pt; line-height: 28pt; color: #000; background: #fff;
  max-width: 156mm; margin: 2em auto; padding: 0 1em; }}
h1 {{ font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif; font-size: 22pt;
  line-height: 36pt; font-weight: normal; text-align: center; margin: 0 0 28pt; }}
h2 {{ font-family: 黑体, SimHei, "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 16pt;
  font-weight: normal; text-indent: 2em; margin: 0; page-break-after: avoid; }}
h3 {{ font-family: 楷体_GB2312, KaiTi, STKaiti, "AR PL UKai CN", serif; font-size: 16pt; font-weight: normal;
  text-indent: 2em; margin: 0; page-break-after: avoid; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
p.note {{ color: #c00000; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 6pt 0 12pt;
  font-size: 10.5pt; line-height: 1.35; }}
table.wide {{ font-size: 9pt; }}
caption {{ font-size: 10.5pt; text-align: left; padding-bottom: 2pt; }}
th, td {{ border: 1px solid #000; padding: 2pt 3pt; font-weight: normal; text-align: center;
  vertical-align: middle; word-break: break-all; }}
th[scope=row] {{ text-align: left; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
"""


def write(p: Page, path: Path) -> None:
    """Write ``p`` as a UTF-8 .html file at ``path``."""
    path.write_text(document(p), encoding="utf-8")


def document(p: Page) -> str:
    """The page's HTML."""
    body = [f"<h1>{'<br>'.join(escape(line) for line in p.title_lines)}</h1>", *(f'<p class="note">{escape(note)}</p>' for note in p.notes),
            *(f"<p>{escape(text)}</p>" for text in p.preface)]
    for section in p.outline.sections:
        body.append(f"<h2>{escape(section.heading)}</h2>")
        body += [_table(part, p) if isinstance(part, Table) else _prose(part, p) for part in section.parts]
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="generator" content="govxl {__version__} ({MARK})">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(p.title)}</title><style>{STYLE}</style></head>\n"
            f"<body><article>\n{chr(10).join(body)}\n</article></body></html>\n")


def _prose(part: Prose, p: Page) -> str:
    """A topic's heading (when it has text: a compilation has none) and the paragraphs."""
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in p.paragraphs(part.key))
    return (f"<h3>{escape(part.heading)}</h3>" if part.heading and paragraphs else "") + paragraphs


def _table(t: Table, p: Page) -> str:
    return table_html(t, p.report, {}, caption=t.name, widths=column_weights(t),
                      css_class="wide" if is_wide(t) else "")
