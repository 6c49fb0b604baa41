# 政府信息公开年报助手 — everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/python app.py

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench_tables.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
