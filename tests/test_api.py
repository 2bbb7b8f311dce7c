"""The one front door: `import govxl` is light, shows every public name, and its names stay what they are."""

import subprocess
import sys
from pathlib import Path

import pytest

import govxl

PUBLIC = [
    "EDITIONS", "RULES", "CellRef", "Edition", "Field", "Finding", "Findings", "GovxlError", "Kind", "MergeResult",
    "Report", "Reports", "Severity", "Source", "UnreadableFile", "UsageError", "Value", "dashboard",
    "edition_for_year", "get_edition", "import_reports", "merge", "read", "read_all", "read_many", "validate",
    "write_template",
]


def test_every_public_name_is_pinned_and_visible_to_tab_completion():
    assert govxl.__all__ == PUBLIC
    assert set(PUBLIC) <= set(dir(govxl))
    for name in PUBLIC:
        assert getattr(govxl, name) is not None, name
    with pytest.raises(AttributeError):
        govxl.read_everything  # noqa: B018


def test_front_door_names_survive_submodule_imports():
    import govxl.collection  # noqa: F401  (a submodule import must not rebind govxl.read_many)
    import govxl.consolidation.roster  # noqa: F401  (nor govxl.merge)

    assert callable(govxl.merge) and callable(govxl.read) and callable(govxl.write_template)
    assert govxl.merge.__module__.startswith("govxl.consolidation")
    assert govxl.read_many.__module__ == "govxl.collection"


def test_import_govxl_loads_no_heavy_stack():
    heavy = ("pandas", "numpy", "openpyxl", "xlsxwriter", "matplotlib", "lxml")
    code = f"import sys, govxl; dir(govxl); print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_what_read_points_at_exists():
    assert "read_all" in govxl.read.__doc__ and callable(govxl.read_all)


def test_validate_of_a_path_says_to_read_it_first():
    with pytest.raises(govxl.UsageError, match=r"请先读取：govxl\.validate\(govxl\.read\(文件\)\)"):
        govxl.validate("拖船镇.xlsx")  # type: ignore[arg-type]


def test_the_package_ships_its_type_information(tmp_path: Path):
    root = Path(govxl.__file__).parent.parent
    for part in ("pyproject.toml", "README.md"):
        (tmp_path / part).write_bytes((root / part).read_bytes())
    (tmp_path / "govxl").mkdir()
    (tmp_path / "govxl" / "__init__.py").write_text("")
    (tmp_path / "govxl" / "py.typed").write_text("")
    build = [sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py", "--build-lib", "out"]
    subprocess.run(build, cwd=tmp_path, capture_output=True, check=True)
    assert (tmp_path / "out" / "govxl" / "py.typed").exists()
    assert (root / "govxl" / "py.typed").exists()
