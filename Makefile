# theodoi — two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers (pytest-xdist): one per core; each module's tests stay on one worker, so a
# module's browser or corpus fixture is built once.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
XDIST := -n $(JOBS) --dist loadfile

.PHONY: demo test test-sqlite test-postgres lint format venv bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/theodoi demo_setup
	@echo ""
	@echo "theodoi đang chạy tại http://$(HOST):$(PORT)/ — dừng bằng Ctrl+C."
	$(BIN)/theodoi runserver $(HOST):$(PORT) --noreload

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: $(STAMP)
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-ocr.sh
	bash scripts/ensure-office.sh
	THEODOI_REQUIRE_BROWSER=1 THEODOI_REQUIRE_OCR=1 THEODOI_REQUIRE_OFFICE=1 $(BIN)/pytest $(XDIST)

test-postgres: $(STAMP)
	bash scripts/ensure-chromium.sh
	DATABASE_URL="$$(bash scripts/ensure-postgres.sh)" THEODOI_REQUIRE_BROWSER=1 $(BIN)/pytest $(XDIST) tests --ignore=tests/ingest

test: lint test-sqlite test-postgres

# Every bench, each printing its figures as JSON lines; one that fails does not hide the others,
# and `make bench` then exits non-zero naming it. bench_national.py starts PostgreSQL itself
# (scripts/ensure-postgres.sh) and synthesises the nation on its first run (~5 min, kept after).
bench: $(STAMP)
	@failed=""; for b in bench/*.py; do \
	  echo "== $$b" >&2; $(BIN)/python $$b || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "make bench: failed:$$failed" >&2; exit 1; fi

clean:
	rm -rf $(VENV) theodoi.sqlite3 staticfiles media .pytest_cache
