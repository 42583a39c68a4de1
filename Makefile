# Two entry points: `make run` (the bot on the embedded defaults) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint bench docs clean

# Installs exactly what requirements.lock pins (as the Dockerfile does), then dondoc itself without
# resolving again; the test tools come pinned from requirements-test.lock.
$(VENV)/.run: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.test: $(VENV)/.run requirements-test.lock
	$(PY) -m pip install -q -r requirements-test.lock
	touch $@

run: $(VENV)/.run
	$(VENV)/bin/dondoc ingest
	$(VENV)/bin/dondoc serve

lint: $(VENV)/.test
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest

bench: $(VENV)/.run
	$(PY) bench/ingest.py

docs: $(VENV)/.run
	$(PY) -m dondoc.cli._reference docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
