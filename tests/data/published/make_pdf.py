"""Make the PDF fixtures beside the two portal pages, as portals get their PDFs (run from the repository root:
``.venv/bin/python -m tests.data.published.make_pdf``; needs Debian's Chromium, LibreOffice and pdftoppm).

- ``NAME.chromium.pdf``: the page printed to PDF by Chromium (A4, its tables ruled by their borders);
- ``NAME.libreoffice.pdf``: the page opened in LibreOffice Writer and exported to PDF;
- ``NAME.kangxi.pdf``: the page with 一, 二, 人 … written as Kangxi radicals (⼀ U+2F00, ⼆ U+2F06,
  ⼈ U+2F08 …) and 民, 门, 长 as CJK radicals (⺠ U+2EA0 …): what some PDF producers put in the text layer
  (a font's glyph shared by the ideograph and the radical), printed by Chromium;
- ``NAME.bold.pdf``: the page in a bold made by drawing each character twice a fraction of a point apart (see
  :func:`bold`: what producers do for a font without a bold face; its text layer holds every character twice),
  printed by Chromium;
- ``NAME.watermark.pdf``: the page with the portal's name slanting across every page, over its tables and text
  (see :func:`watermarked`), printed by Chromium;
- ``NAME.break.pdf``: the page with room left above 表三 (see :func:`broken`), so that a page break falls between two
  rows of a group (（五）不予处理's 2. and 3.) beside labels spanning them; Chromium draws no rule atop the next
  page's first row;
- ``NAME.headbreak.pdf``: the same with less room (141 px), so that the break falls in 表三's header, below
  法人或其他组织 and across 自然人 and 总计, which span that row and the next;
- ``NAME.thick.pdf``: the page with its tables framed by a 3 px border (see :func:`framed`), which Chromium draws
  as filled rectangles 2.25 pt wide, printed by Chromium;
- ``NAME.marks.pdf``: the page with 规章's figures printed blank, ``/`` and ``—`` and 行政强制's as ``无`` (see
  :func:`marked`), printed by Chromium;
- ``NAME.repeated.pdf``: the page with 表三's header rows as the table's head, which Chromium repeats on each page
  the table runs on to (see :func:`headed`), printed with a running header (the title) and footer (第 N 页 共 M 页);
- ``NAME.encrypted.pdf``: the page exported by LibreOffice with an opening password;
- ``NAME.scan.pdf``: the first two pages of the Chromium print rasterised (a scan: images only);
- ``2020-tuochuan-town.libreoffice.pdf``: the seed's Word document (2020-tuochuan-town.docx, made by
  make_word.py: its table's header rows repeat on each page) exported by LibreOffice;
- ``unseen/2022-qingshui-education-bureau.chromium.pdf``: that page (its 表三 header's corner a column narrower
  than the labels below it, so Chromium prints the headers a column left of their figures and the first row's
  last cell without a top rule) printed by Chromium;
- ``*.unruled.pdf`` (see :data:`UNRULED`): pages whose tables LibreOffice prints without a single rule (see
  :func:`unruled`): the 2022 page as it is, two unseen pages with their tables' borders taken away.

NAME is 2024-pingtan-zone. The other page (2022-pingtan-transport-bureau, exported from Word) prints badly:
its tables stand left of the printable area (Chromium cuts off their first column and its rule) and LibreOffice
draws none of their rules: its tables are read from where their words stand. The tests read these files and
need none of the programs.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from tests.lo import convert

HERE = Path(__file__).parent
NAME = "2024-pingtan-zone"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
KANGXI = str.maketrans("一二人十大工日月民门长", "⼀⼆⼈⼗⼤⼯⽇⽉⺠⻔⻓")  # Kangxi radicals, then radicals supplement
MARKS = {"规章": ["", "/", "—"], "行政强制": ["无"]}  # a row's label -> what its figures become, left to right
_FIGURE = re.compile(r">(\d+)</p>")
_RUNNING = '<div style="font-size: 9px; width: 100%; text-align: center">{}</div>'
ENCRYPTED = 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},' \
            '"DocumentOpenPassword":{"type":"string","value":"govxl"}}'


def marked(html: str) -> str:
    """The portal page with the figures of the rows in :data:`MARKS` replaced by the marks."""
    for label, marks in MARKS.items():
        at = html.index(f">{label}</p>")
        for mark in marks:
            cell = _FIGURE.search(html, at + 1)
            assert cell, label
            html, at = html[:cell.start(1)] + mark + html[cell.end(1):], cell.start()
    return html


def bold(html: str) -> str:
    """The page with all its text drawn twice, 0.3 px apart (Chromium prints a text shadow as the text again)."""
    return html.replace("</head>", "<style>body * { text-shadow: 0.3px 0 0 currentColor; }</style></head>", 1)


def watermarked(html: str) -> str:
    """The page with a watermark: the portal's name in large pale type turned 30 degrees, on every page."""
    mark = ('<div style="position: fixed; top: 40%; left: 10%; font-size: 64px; color: rgba(0, 0, 0, 0.12); '
            'transform: rotate(-30deg)">平潭综合实验区门户网站</div>')
    return html.replace("</body>", f"{mark}</body>", 1)


def broken(html: str, space: int = 262) -> str:
    """The page with ``space`` px before 表三's heading."""
    at = html.index("三、收到和处理政府信息公开申请情况")
    return f'{html[:at]}<div style="height: {space}px"></div>{html[at:]}'


def framed(html: str) -> str:
    """The page with a thick border round each table."""
    return html.replace("</head>", '<style>table[border="1"] { border: 3px solid #000 !important; }</style></head>', 1)


def headed(html: str) -> str:
    """The portal page with 表三's header rows (those above its first row of figures) as the table's <thead>."""
    start = html.index("<tbody>", html.index("三、收到和处理政府信息公开申请情况"))
    figures = html.rindex("<tr", 0, html.index("一、本年新收政府信息公开申请数量"))
    return f"{html[:start]}<thead>{html[start + len('<tbody>'):figures]}</thead><tbody>{html[figures:]}"


def unruled(html: str) -> str:
    """The page with its tables' borders taken away (``border="0"``, no ``border:`` styles)."""
    return re.sub(r"border:\s*1px solid #000;?", "", html.replace('border="1"', 'border="0"'))


# pages (beside HERE) whose tables LibreOffice prints without rules, as they are or with their borders taken away
UNRULED = {"2022-pingtan-transport-bureau": str, "unseen/2023-qinghe-town": unruled, "unseen/2024-nanhu-street": unruled}


NARROW_CORNER = "unseen/2022-qingshui-education-bureau"  # a page whose 表三 corner is narrower than its labels


def print_unruled() -> None:
    """Each page of :data:`UNRULED` printed by LibreOffice (one run) to ``NAME.unruled.pdf`` beside it."""
    with tempfile.TemporaryDirectory() as tmp:
        pages = []
        for name, unrule in UNRULED.items():
            page = Path(tmp) / f"{Path(name).name}.unruled.html"
            page.write_text(unrule((HERE / f"{name}.html").read_text("utf-8")), "utf-8")
            pages.append(page)
        made = convert(pages, Path(tmp) / "pdf", "pdf:writer_pdf_Export", infilter="HTML (StarWriter)")
        for name, pdf in zip(UNRULED, made):
            pdf.replace(HERE / f"{name}.unruled.pdf")


def print_chromium(pages: dict[Path, str], running: str | None = None) -> None:
    """Each page's HTML printed to its PDF path by one Chromium, with ``running`` as the running header if
    given (and page numbers in the footer); nothing outside the page is fetched."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        tab = browser.new_page()
        tab.route("**/*", lambda route: route.abort())
        for pdf, html in pages.items():
            tab.set_content(html)
            tab.pdf(path=str(pdf), format="A4", margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
                    display_header_footer=running is not None, header_template=_RUNNING.format(running),
                    footer_template=_RUNNING.format('第 <span class="pageNumber"></span> 页 '
                                                    '共 <span class="totalPages"></span> 页'))
        browser.close()


def print_libreoffice(document: Path, pdf: Path, export: str = "pdf:writer_pdf_Export") -> None:
    """``document`` opened in LibreOffice Writer (a web page as Writer opens it, not Writer/Web, whose export
    clips lines at the margin) and exported to ``pdf``."""
    with tempfile.TemporaryDirectory() as out:
        infilter = "HTML (StarWriter)" if document.suffix == ".html" else None
        [made] = convert([document], out, export, infilter=infilter)
        made.replace(pdf)


def scan(pdf: Path, out: Path, pages: int = 2) -> None:
    """``pdf``'s first pages as grey images at 100 dpi, one image a page: a PDF without a text layer."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-l", str(pages), str(pdf), f"{tmp}/p"], check=True)
        images = [Image.open(p) for p in sorted(Path(tmp).glob("p-*.png"))]
        images[0].save(out, "PDF", resolution=100, save_all=True, append_images=images[1:])


def main() -> None:
    page = HERE / f"{NAME}.html"
    html = page.read_text("utf-8")
    print_chromium({HERE / f"{NAME}.chromium.pdf": html, HERE / f"{NAME}.kangxi.pdf": html.translate(KANGXI),
                    HERE / f"{NAME}.marks.pdf": marked(html), HERE / f"{NAME}.bold.pdf": bold(html),
                    HERE / f"{NAME}.watermark.pdf": watermarked(html), HERE / f"{NAME}.break.pdf": broken(html),
                    HERE / f"{NAME}.headbreak.pdf": broken(html, 141),
                    HERE / f"{NAME}.thick.pdf": framed(html)})
    print_chromium({HERE / f"{NAME}.repeated.pdf": headed(html)}, running="平潭综合实验区2024年度政府信息公开工作年度报告")
    print_libreoffice(page, HERE / f"{NAME}.libreoffice.pdf")
    print_libreoffice(page, HERE / f"{NAME}.encrypted.pdf", ENCRYPTED)
    scan(HERE / f"{NAME}.chromium.pdf", HERE / f"{NAME}.scan.pdf")
    print_libreoffice(HERE / "2020-tuochuan-town.docx", HERE / "2020-tuochuan-town.libreoffice.pdf")
    print_unruled()
    print_chromium({HERE / f"{NARROW_CORNER}.chromium.pdf": (HERE / f"{NARROW_CORNER}.html").read_text("utf-8")})


if __name__ == "__main__":
    main()
