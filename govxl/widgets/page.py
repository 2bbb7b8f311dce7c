"""The dashboard as a web page (``govxl dashboard``): a one-cell notebook calling :func:`govxl.dashboard`, served
by Voilà on 127.0.0.1 with a template that loads nothing from the internet, idle kernels culled.

Everything Voilà needs is written into a temporary folder of its own; the inputs are only read.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from govxl.errors import GovxlError, UsageError

HOST = "127.0.0.1"  # the page is for this computer only (no token is asked for)
STARTUP = 60  # seconds Voilà may take to start listening
TEMPLATE = "govxl"
CULL_IDLE = 10 * 60  # seconds a kernel no page is connected to may sit idle before it is shut down
CULL_EVERY = 60
# Voilà's lab template, minus its lines that load from a CDN (Font Awesome); MathJax is already left out there.
INDEX = """{%- extends 'voila/templates/lab/index.html.j2' -%}
{%- block notebook_css -%}
{%- for line in super().split('\\n') if 'https://' not in line %}
{{ line }}
{%- endfor %}
{%- endblock notebook_css -%}
{%- block html_head_js_mermaidjs -%}
{%- endblock html_head_js_mermaidjs -%}
"""
CONF = '{"base_template": "lab"}\n'


def notebook(inputs: Sequence[str], roster: str | None, year: int | None, output_dir: str) -> str:
    """The notebook (JSON) that builds the dashboard of ``inputs`` — absolute paths, passed as literals."""
    import nbformat

    code = (f"import govxl\n"
            f"govxl.dashboard({list(inputs)!r}, roster={roster!r}, year={year!r}, output_dir={output_dir!r}, "
            f"progress=False)")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["title"] = "政府信息公开工作年度报告 · 县级汇总"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return str(nbformat.writes(nb))


def prepare(folder: Path, inputs: Sequence[str], roster: str | None, year: int | None, output_dir: str) -> Path:
    """Write the notebook and the template into ``folder``; return the notebook."""
    templates = folder / "share" / "voila" / "templates" / TEMPLATE
    templates.mkdir(parents=True)
    (templates / "index.html.j2").write_text(INDEX, encoding="utf-8")
    (templates / "conf.json").write_text(CONF, encoding="utf-8")
    page = folder / "汇总看板.ipynb"
    page.write_text(notebook(inputs, roster, year, output_dir), encoding="utf-8")
    return page


def command(page: Path, port: int) -> list[str]:
    """Voilà serving ``page`` on 127.0.0.1:``port``: no browser, no token (local only), idle kernels culled."""
    return [sys.executable, "-m", "voila", str(page), f"--port={port}", "--no-browser", f"--Voila.ip={HOST}",
            f"--template={TEMPLATE}", "--Voila.port_retries=0", "--VoilaConfiguration.show_tracebacks=False",
            f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE}",
            f"--MappingKernelManager.cull_interval={CULL_EVERY}"]


def environment(folder: Path) -> dict[str, str]:
    """The environment Voilà runs in: the template folder first on Jupyter's data path, the kernel in the same
    Python as govxl."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join([str(folder / "share"), *filter(None, [env.get("JUPYTER_PATH")])])
    return env


def serve(folder: Path, page: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start Voilà on ``page`` (its messages go to ``log``)."""
    with log.open("wb") as out:
        return subprocess.Popen(command(page, port), cwd=folder, env=environment(folder), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def check_port(port: int) -> None:
    """Refuse a port that is out of range or already taken on 127.0.0.1, saying what to do."""
    if not 1 <= port <= 65535:
        raise UsageError(f"端口应为 1—65535 之间的整数，而不是 {port}。")
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            raise UsageError(f"端口 {port} 已被占用（可能汇总看板已经在运行），请用 --port 换一个端口。") from None


def wait_listening(server: subprocess.Popen[bytes], port: int, log: Path, timeout: float = STARTUP) -> None:
    """Return once ``server`` accepts connections on ``port``; a server that exits first is an error quoting its
    last messages."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            last = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            raise GovxlError("网页服务未能启动：" + ("\n".join(last) or f"退出码 {server.returncode}"))
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise GovxlError(f"网页服务在 {timeout:.0f} 秒内没有启动，请重试。")


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop ``server`` (and the kernels it started), forcibly if it does not stop within a few seconds."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
