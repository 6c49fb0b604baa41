# 政府信息公开年报助手 — everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install system-deps run lint test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the browser and export tests need (CI runs as root on a fresh machine).
# chromium drives the UI tests; LibreOffice renders the exported .docx (and makes the PDF export); Noto CJK gives
# the 公文 fonts' serif (仿宋, 宋体) and sans (黑体) fallbacks, AR PL UKai the 楷体 one.
system-deps:
	@{ command -v chromium && command -v libreoffice && fc-list | grep -q "Noto Serif CJK" \
	   && fc-list | grep -q "AR PL UKai"; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium fonts-noto-cjk fonts-arphic-ukai libreoffice-writer-nogui >/dev/null; }

run: install
	$(BIN)/python app.py

# Lint and type-check the package (ruff, mypy: configured in pyproject.toml).
lint: install
	$(BIN)/ruff check assistant
	$(BIN)/mypy

test: install system-deps lint
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench_tables.py
	$(BIN)/python bench/bench_reports.py
	$(BIN)/python bench/bench_retrieval.py
	$(BIN)/python bench/bench_drafting.py
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_hardening.py
	$(BIN)/python bench/bench_review.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
