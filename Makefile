# newsstore: the two commands a user needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: install run test lint format smoke bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

install: $(STAMP) ## create .venv and install newsstore with its dev tools

run: install ## migrate, ingest seeds/, serve on http://127.0.0.1:8000 (docs at /docs)
	$(BIN)/newsstore db upgrade
	$(BIN)/newsstore ingest seeds/
	$(BIN)/newsstore serve

lint: install
	$(BIN)/ruff check app tests migrations
	$(BIN)/ruff format --check app tests migrations
	$(BIN)/hadolint Dockerfile

format: install
	$(BIN)/ruff check --fix app tests migrations
	$(BIN)/ruff format app tests migrations

smoke: install ## start a server on a free port, run tests/smoke.sh against it, stop it
	bash tests/run_smoke.sh

test: lint ## lint, the whole pytest suite, then the smoke test
	$(BIN)/pytest
	$(MAKE) smoke

bench: install $(BENCH_STAMP) ## the benchmarks (accuracy needs ../shared/data; search builds stores)
	$(BIN)/python -m tests.bench.normalize_speed
	$(BIN)/python -m tests.bench.extraction ../shared/data/extraction-dev
	$(BIN)/python -m tests.bench.metadata ../shared/data/extraction-dev ../shared/data/extraction-multilingual-dev
	$(BIN)/python -m tests.bench.dates ../shared/data/dates-multilingual-dev
	$(BIN)/python -m tests.bench.language
	$(BIN)/python -m tests.bench.ingest --articles 5000
	$(BIN)/python -m tests.bench.search_scale

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .hypothesis
