"""The ``govxl`` command line: a thin shell over the API. Output is Chinese; exit codes are stable.

Each sub-command is a module of this package with ``register(subparsers)``; it sets ``func`` to the
function that runs it and returns the exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from importlib.util import find_spec
from typing import TextIO

from govxl import __version__
from govxl.cli import zh
from govxl.errors import GovxlError
from govxl.printable import printable

COMMANDS = ("template", "validate", "merge", "importing", "render", "rules", "dashboard")  # modules; importing is `govxl import`


def build_parser() -> argparse.ArgumentParser:
    zh.install()
    parser = argparse.ArgumentParser(prog="govxl", description="政府信息公开工作年度报告：模板、校验、汇总、导入公开的报告、生成发布稿")
    parser.add_argument("--version", action="version", version=f"govxl {__version__}", help="显示版本号并退出")
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的技术信息")
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)
    for name in COMMANDS:
        if find_spec(f"govxl.cli.{name}") is not None:
            import_module(f"govxl.cli.{name}").register(sub)
    return parser


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


class _PipeGuard:
    """Standard output that outlives a closed pipe (``govxl validate … | head``): the rest is discarded and the
    command still ends with its own exit code."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._discard()
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._discard()

    def _discard(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.stream.fileno())  # the interpreter's last flush must not fail either
        os.close(devnull)

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # the usage of the command the user meant, not the top level's
        _subparsers(parser)[args.command].error(zh.MESSAGES["unrecognized arguments: %s"] % " ".join(unknown))
    if hasattr(sys.stdout, "fileno"):
        sys.stdout = _PipeGuard(sys.stdout)  # type: ignore[assignment]
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 2
    except GovxlError as exc:  # a problem govxl explains itself: what to do is in the message
        if args.debug:
            raise
        print(printable(f"govxl：{exc}"), file=sys.stderr)
        return 2
    except Exception as exc:  # a traceback never reaches a user unless asked for
        if args.debug:
            raise
        print(printable(f"govxl 无法完成：{exc}（加 --debug 查看详细信息）"), file=sys.stderr)
        return 2
    finally:
        if isinstance(sys.stdout, _PipeGuard):
            sys.stdout.flush()
            sys.stdout = sys.stdout.stream  # type: ignore[assignment]
