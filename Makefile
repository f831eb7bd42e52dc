# Quick start: `make run`, `make test`, and `make test-fast` while working (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format bench postgres clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/koll db upgrade
	$(BIN)/koll serve --host 127.0.0.1 --port 8000

test: $(STAMP) lint
	$(BIN)/koll questionnaires validate
	$(BIN)/koll catalogues validate
	$(BIN)/pytest

# The inner loop: no lint, no browser, no process-level tests (real servers, restarts, signals).
test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser and not process"

# Formatting and style (ruff), the import contracts (lint-imports, pyproject.toml), types (mypy).
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Start Debian's PostgreSQL cluster and make the test role (as root); `make test` then runs the
# PostgreSQL half too. Without it the suite runs on SQLite only and says so in one line.
postgres:
	.ci/postgresql

# Speed figures, printed (not a test): the self-check pages and API on SQLite and PostgreSQL
# (KOLL_TEST_POSTGRESQL_URL or `make postgres`), one worker and two; the pieces of one submission
# in the process; then the comparison API.
bench: $(STAMP)
	$(BIN)/python bench/production.py
	$(BIN)/python bench/submission_parts.py
	$(BIN)/python bench/comparison.py
	$(BIN)/python bench/hostile_files.py
	$(BIN)/python bench/inventory.py
	$(BIN)/python bench/inventory_summary.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis .mypy_cache .import_linter_cache
