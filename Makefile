# The chores. `make run` and `make test` are the two set-up commands.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Two workers: this machine has two cores; each worker has its own database.
TEST_WORKERS ?= 2

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
## The browser tests (tests/web) need Debian's Chromium at /usr/bin/chromium.
test: $(INSTALLED)
	@if [ ! -x /usr/bin/chromium ]; then \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!  WARNING: /usr/bin/chromium is missing: the BROWSER TESTS ARE SKIPPED."; \
		echo "!!  Install it: apt-get install -y --no-install-recommends chromium fonts-tlwg-loma-otf"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo ""; \
	fi
	$(BIN)/pytest -n $(TEST_WORKERS)

## ruff and mypy --strict.
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Lint, then test.
check: lint test

## Load test on bulk data vs the framework and database floors (docs/benchmarks.md).
## BENCH_ARGS="--scale 1" for the seed's full volume.
bench: $(INSTALLED)
	$(BIN)/python -m bench $(BENCH_ARGS)
