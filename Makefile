# Two commands on a fresh clone with only python3 >= 3.10:  make demo  ·  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DOCS_STAMP := $(VENV)/.docs-stamp

.PHONY: demo test lint types docs pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,docs]'
	touch $(DOCS_STAMP)

demo: $(STAMP)
	$(BIN)/layers-async demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

# The HTML site in docs/_build/html; any warning (a broken cross-reference, a name missing from the
# reference, bad markup) fails the build. -E: a fresh environment every time, so no warning hides in a cache.
docs: $(DOCS_STAMP)
	$(BIN)/sphinx-build -q -E -W --keep-going -b html docs docs/_build/html

pytest: $(STAMP)
	$(BIN)/pytest

# docs before pytest: tests/test_docs.py reads the built site (its inventory of names, one page in Chromium).
test: lint types docs pytest

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) docs/_build docs/reference/api
