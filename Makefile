# Front door of olcc-report. `make help` lists the targets.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PERIOD ?=
STAMP  := $(VENV)/.installed
NODE   := node_modules/.installed

.PHONY: help install report preview new-year validate lint format test test-fast notebooks benchmark clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	@touch $(STAMP)

# The browser test's accessibility checker (axe-core), pinned in package-lock.json.
$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $(NODE)

install: $(STAMP) $(NODE)  ## Create .venv and install the package with pinned dependencies (and axe-core for the tests)

report: $(STAMP)  ## Build every period's book (or only PERIOD=2020) and the site index _build/index.html
	$(BIN)/olcc-report build $(if $(PERIOD),--period $(PERIOD),--all)

preview: $(STAMP)  ## Serve PERIOD's book (default 2020) on 127.0.0.1:8000, rebuilt and reloaded on every save
	$(BIN)/olcc-report preview --period $(or $(PERIOD),2020)

new-year: $(STAMP)  ## Start YEAR=2022 from the latest year (params and narrative to revise)
	$(BIN)/olcc-report new-year $(YEAR)

validate: $(STAMP)  ## Only validate PERIOD's case export and codings (default 2020)
	$(BIN)/olcc-report validate --period $(or $(PERIOD),2020)

lint: $(STAMP)  ## Lint (ruff), check formatting and the layer contract (import-linter)
	$(BIN)/ruff check olcc_report tests benchmarks notebooks
	$(BIN)/ruff format --check olcc_report tests benchmarks
	$(BIN)/lint-imports

format: $(STAMP)  ## Format the code and fix what ruff can fix
	$(BIN)/ruff check --fix olcc_report tests benchmarks notebooks
	$(BIN)/ruff format olcc_report tests benchmarks

test: lint $(NODE)  ## Run the whole test suite: lint, layers, unit, end-to-end and nbval on the committed notebooks
	$(BIN)/python -m pytest tests --durations=15
	$(BIN)/python -m pytest --nbval notebooks/executed -p no:cacheprovider

test-fast: lint  ## The writing loop: lint, layers, unit and snapshot tests (no whole book, no browser)
	$(BIN)/python -m pytest tests -m "not slow" -q

notebooks: $(STAMP)  ## Re-execute the committed demo notebooks on purpose (then review and commit)
	$(BIN)/olcc-report refresh-notebooks

benchmark: $(STAMP)  ## Time the book build, the chapter computations on 10^3..10^6 cases, reading an oversized export, and all 43 books of a quarter
	$(BIN)/python benchmarks/build_time.py --period $(or $(PERIOD),2020)
	$(BIN)/python benchmarks/chapter.py
	$(BIN)/python benchmarks/intake_memory.py
	$(BIN)/python benchmarks/regional_books.py

clean:  ## Remove build output (not .venv)
	rm -rf _build
