# Quick start on a fresh Debian machine with Python 3.11:  make demo  ·  make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= $(shell expr $$(date +%Y) - 1)

.PHONY: venv system-deps demo test templates clean

$(BIN)/govxl: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(BIN)/govxl

# LibreOffice (the real spreadsheet engine the tests recalculate and edit in, with its Python bridge) and
# Chinese fonts for rendering.
system-deps:
	@command -v soffice >/dev/null 2>&1 && fc-list | grep -qi 'Noto Sans CJK' && test -f /usr/lib/python3/dist-packages/uno.py || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-calc-nogui python3-uno fonts-noto-cjk poppler-utils >/dev/null; }

templates: venv
	$(BIN)/python -m govxl.template.shipped templates

demo: venv
	$(BIN)/python -m govxl.demo

test: venv system-deps
	$(BIN)/python -m pytest -q -n 2

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
