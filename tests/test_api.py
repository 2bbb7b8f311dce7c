"""The one front door: `import govxl` is light, and its names stay what they are."""

import subprocess
import sys


def test_front_door_names_survive_submodule_imports():
    import govxl
    import govxl.consolidation.roster  # noqa: F401  (a submodule import must not rebind govxl.merge)

    assert callable(govxl.merge) and callable(govxl.read) and callable(govxl.write_template)
    assert govxl.merge.__module__.startswith("govxl.consolidation")


def test_import_govxl_loads_no_heavy_stack():
    code = "import sys, govxl; print(sorted(m for m in ('pandas', 'openpyxl', 'xlsxwriter') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
