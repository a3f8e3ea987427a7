# goalcheck: `make run` to see the bundled goals judged, `make test` for the whole check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help run test lint format typecheck pytest docs docs-serve bench bench-scale schemas catalogue clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "goalcheck needs Python 3.10 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-docs: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed ## Judge the bundled goals and say what the exit status means
	@status=0; $(BIN)/goalcheck run || status=$$?; echo; \
	case $$status in \
	  0) echo "make run: goalcheck exited 0: no target failed.";; \
	  1) echo "make run: goalcheck exited 1 because targets were missed, as the two reports'"; \
	     echo "own figures show. In CI that exit status fails the step; make run only reports it.";; \
	  *) echo "make run: goalcheck exited $$status: see the message above."; exit $$status;; \
	esac

test: lint typecheck pytest ## Lint, type-check and run the tests

lint: $(VENV)/.installed-test ## ruff format --check, ruff check, taplo's format check of the bundled TOML
	$(BIN)/ruff format --check src tests bench examples tools
	$(BIN)/ruff check src tests bench examples tools
	$(BIN)/taplo fmt --check goals.toml goals/*.toml data/*.toml examples/*/*.toml \
		src/goalcheck/starter/*.toml src/goalcheck/starter/data/*.toml

format: $(VENV)/.installed-test ## Reformat and fix what ruff can
	$(BIN)/ruff format src tests bench examples tools
	$(BIN)/ruff check --fix src tests bench examples tools

typecheck: $(VENV)/.installed-test ## mypy --strict on src/
	$(BIN)/mypy --strict src

pytest: $(VENV)/.installed-test ## The test suite
	$(BIN)/pytest -q

# Material for MkDocs prints a banner about its end of life (May 2027) and its successor,
# Zensical, on every build; the banner is not about these pages, so it is turned off.
docs: $(VENV)/.installed-docs ## Build the documentation site into site/ (strict: a broken link fails)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: $(VENV)/.installed-docs ## Serve the documentation at http://127.0.0.1:8000, rebuilt on each change
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

bench: $(VENV)/.installed ## Start-up time, then 8 000 results in one entity against 8 000 entities
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/entities.py

bench-scale: $(VENV)/.installed ## 100 000 to 400 000 figures from CSV: time and peak memory against a bare csv.reader pass
	$(BIN)/python bench/scale.py

schemas: $(VENV)/.installed ## Regenerate the JSON Schemas under schemas/
	for name in goals data results; do $(BIN)/goalcheck schema $$name > schemas/$$name.schema.json; done

LOCALE := src/goalcheck/locale
catalogue: $(VENV)/.installed-test ## Gather the messages into the Danish catalogue and compile it
	$(BIN)/pybabel extract -k _ -k N_ -k n_:1,2 -k Message --no-location --omit-header \
		--sort-output -w 100 -o $(LOCALE)/goalcheck.pot src/goalcheck
	$(BIN)/pybabel update -i $(LOCALE)/goalcheck.pot -d $(LOCALE) -D goalcheck -l da \
		--no-fuzzy-matching -w 100
	$(BIN)/pybabel compile -d $(LOCALE) -D goalcheck -l da

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis site
