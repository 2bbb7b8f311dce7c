"""The notebooks of notebooks/ run top to bottom in a fresh kernel of this interpreter without an error, leave
examples/ and notebooks/ as they were, and are committed as stories: Chinese prose, no stored outputs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks"
STORIES = ("01_快速上手", "02_县级汇总", "03_多年度分析", "04_导入公开报告")
NOTEBOOKS = [FOLDER / f"{name}.ipynb" for name in STORIES]
KERNEL = "govxl-tests"
CELL_TIMEOUT = 180  # seconds per cell: a notebook runs in well under a minute, a slow CI machine gets room
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def kernels(tmp_path_factory: pytest.TempPathFactory) -> KernelSpecManager:
    """A kernel spec running this interpreter (the venv's), whatever kernels the machine has registered."""
    folder = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(folder / KERNEL)
    return KernelSpecManager(kernel_dirs=[str(folder)], ensure_native_kernel=False)


def snapshot(*folders: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for folder in folders for p in folder.rglob("*") if p.is_file()}


def test_the_stories_are_there() -> None:
    assert sorted(p.stem for p in FOLDER.glob("*.ipynb")) == sorted(STORIES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_without_error(path: Path, kernels: KernelSpecManager, tmp_path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    before = snapshot(ROOT / "examples", FOLDER)
    client = NotebookClient(nb, km=KernelManager(kernel_name=KERNEL, kernel_spec_manager=kernels),
                            timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(FOLDER)}})
    # raises CellExecutionError, with the cell and its traceback, on the first error; the notebook's temporary
    # folders go where pytest cleans up
    client.execute(env={**os.environ, "TMPDIR": str(tmp_path)})

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not [o.text for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert code[-1].outputs, "the story's last cell shows its result"
    assert snapshot(ROOT / "examples", FOLDER) == before, "a notebook wrote into examples/ or notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_a_chinese_story_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    prose = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert len(prose) >= 5 and all(HAN.search(text) for text in prose)
    assert sum(len(HAN.findall(text)) for text in prose) >= 300
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code), "clear the outputs"
    assert nb.metadata.kernelspec.name == "python3"
