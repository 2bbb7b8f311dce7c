"""The ``govxl`` command line: a thin shell over the API. Output is Chinese; exit codes are stable.

Each sub-command is a module of this package with ``register(subparsers)``; it sets ``func`` to the
function that runs it and returns the exit code.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from importlib.util import find_spec

from govxl.cli import zh
from govxl.errors import GovxlError

COMMANDS = ("template", "validate", "merge", "rules")


def build_parser() -> argparse.ArgumentParser:
    zh.install()
    parser = argparse.ArgumentParser(prog="govxl", description="政府信息公开工作年度报告：模板、校验、汇总")
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的技术信息")
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)
    for name in COMMANDS:
        if find_spec(f"govxl.cli.{name}") is not None:
            import_module(f"govxl.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except GovxlError as exc:  # a problem govxl explains itself: what to do is in the message
        if args.debug:
            raise
        print(f"govxl：{exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a traceback never reaches a user unless asked for
        if args.debug:
            raise
        print(f"govxl 无法完成：{exc}（加 --debug 查看详细信息）", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
