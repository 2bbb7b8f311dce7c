"""Output arguments of the command line: checked before any work is done."""

from __future__ import annotations

import argparse
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx",)


def workbook_path(text: str) -> Path:
    """An ``-o`` argument naming an .xlsx workbook (argparse type): ``-o 汇总.csv`` is refused at once."""
    path = Path(text)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise argparse.ArgumentTypeError(f"输出文件应为 Excel 工作簿（.xlsx），而不是“{path.suffix or '无扩展名'}”：{text}")
    return path
