"""`govxl dashboard`: the dashboard as a web page on this computer, for staff who do not write Python."""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
from pathlib import Path
from typing import NoReturn

from govxl.errors import UsageError
from govxl.printable import printable

DEFAULT_PORT = 8866


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dashboard", help="在浏览器中查看报送情况、校验结果、汇总、对比和趋势（本机网页）",
        description="在本机（127.0.0.1）启动汇总看板网页：报送情况、校验、汇总、对比、趋势，并可生成汇总工作簿。"
                    "可同时给出往年的文件夹，供“趋势”使用。按 Ctrl-C 停止。",
    )
    p.add_argument("inputs", nargs="+", metavar="文件或文件夹")
    p.add_argument("--roster", metavar="名单", help="应报送单位名单（CSV 或 Excel，含“单位名称”列）")
    p.add_argument("--year", type=int, metavar="年度", help="查看的报告年度（默认：给出的最近年度）")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="端口", help=f"网页端口（默认 {DEFAULT_PORT}）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from govxl.consolidation import read_roster
    from govxl.widgets import page

    inputs = [_existing(p, "文件或文件夹") for p in args.inputs]
    roster = _existing(args.roster, "名单文件") if args.roster else None
    if roster:
        read_roster(roster)  # a roster it cannot use is said here, not on a page that never loads
    page.check_port(args.port)
    signal.signal(signal.SIGTERM, _interrupted)  # a service manager's stop is Ctrl-C too: the server goes with us
    with tempfile.TemporaryDirectory(prefix="govxl-dashboard-") as folder:
        notebook = page.prepare(Path(folder), inputs, roster, args.year, os.getcwd())
        server = page.serve(Path(folder), notebook, args.port, Path(folder) / "voila.log")
        try:
            page.wait_listening(server, args.port, Path(folder) / "voila.log")
            print(printable(f"汇总看板已启动：http://{page.HOST}:{args.port}/ （在浏览器中打开；按 Ctrl-C 停止）"),
                  flush=True)
            print("第一次打开时要读取全部报告，请稍候片刻。", flush=True)
            server.wait()
        except KeyboardInterrupt:
            print("汇总看板已停止。")
            return 0
        finally:
            page.stop(server)
    print(f"网页服务意外退出（退出码 {server.returncode}）。")
    return 2


def _interrupted(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


def _existing(text: str, what: str) -> str:
    path = Path(text)
    if not path.exists():
        raise UsageError(f"找不到{what}：{text}，请检查路径。")
    return str(path.resolve())
