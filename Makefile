# The chores. `make run` and `make test` are the two set-up commands.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint check bench

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

## Serve Spotter on http://127.0.0.1:8000 (embedded PostgreSQL unless DATABASE_URL is set).
run: $(INSTALLED)
	$(BIN)/spotter serve --demo

## Run the test suite against a real PostgreSQL built by the migrations.
test: $(INSTALLED)
	$(BIN)/pytest

## ruff and mypy --strict.
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Lint, then test.
check: lint test

## Benchmarks on bulk data (SPOTTER_BENCH_SCALE, default 0.02): prints numbers.
bench: $(INSTALLED)
	$(BIN)/python -m bench
