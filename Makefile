# Two entry points: `make run` (the bot on the embedded defaults) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint bench docs clean

$(VENV)/.run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.run

run: $(VENV)/.run
	$(VENV)/bin/dondoc ingest
	$(VENV)/bin/dondoc serve

lint: $(VENV)/.test
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

test: lint
	$(VENV)/bin/pytest

bench: $(VENV)/.run
	$(PY) bench/ingest.py

docs: $(VENV)/.run
	$(PY) -m dondoc.cli._reference docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
