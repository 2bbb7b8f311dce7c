# Quick start on a fresh Debian machine with Python 3.11:  make demo  ·  make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= $(shell expr $$(date +%Y) - 1)

.PHONY: venv system-deps demo test templates lab clean

$(BIN)/govxl: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(BIN)/govxl

# LibreOffice (the real spreadsheet engine the tests recalculate and edit in, with its Python bridge) and
# LibreOffice Writer (legacy .doc reports are converted by it; rendered .docx are proven by it), Chinese fonts for
# rendering (Noto CJK sans and serif, AR PL UKai for 楷体), Carlito (Calibri's metrics: LibreOffice lays out columns as Excel does), faketime
# (the suite must pass on any date: faketime -f '@2027-01-02 08:00:00' make test) and Debian's Chromium (the
# dashboard's browser test drives it through Playwright; no browser is downloaded).
system-deps:
	@command -v soffice >/dev/null 2>&1 && command -v faketime >/dev/null 2>&1 && fc-list | grep -qi 'Noto Sans CJK' && fc-list | grep -qi Carlito && test -f /usr/lib/python3/dist-packages/uno.py && test -x /usr/bin/chromium && test -f /usr/lib/libreoffice/program/libswlo.so && fc-list | grep -qi 'UKai' || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-calc-nogui libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-arphic-ukai fonts-crosextra-carlito poppler-utils faketime chromium >/dev/null; }

templates: venv
	$(BIN)/python -m govxl.template.shipped templates $(YEAR)

demo: venv
	$(BIN)/python -m govxl.demo

# JupyterLab (from the venv, its kernel) on the notebooks of notebooks/: 01_快速上手, 02_县级汇总, 03_多年度分析, 04_导入公开报告
lab: venv
	$(BIN)/jupyter lab --notebook-dir=notebooks

test: venv system-deps
	$(BIN)/python -m mypy govxl
	$(BIN)/python -m pytest -q -n 2

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
