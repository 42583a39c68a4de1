# Two entry points: `make run` (the bot on the embedded defaults) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint sysdeps bench docs clean

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

test: lint sysdeps
	$(VENV)/bin/pytest

# System tools the readers' tests use: OCR (tesseract + Vietnamese), poppler, LibreOffice to make PDFs.
# Installs them only as root with apt-get; otherwise says why it skipped. Never fails the build.
SYSDEPS := tesseract-ocr tesseract-ocr-vie poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui
sysdeps:
	@if command -v tesseract >/dev/null && command -v soffice >/dev/null && command -v pdftoppm >/dev/null \
		&& tesseract --list-langs 2>/dev/null | grep -qx vie; then \
		echo "sysdeps: tesseract (vie), poppler and LibreOffice are installed"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "sysdeps: skipped, not root; OCR/LibreOffice tests will skip. Install: sudo apt-get install $(SYSDEPS)"; \
	elif ! command -v apt-get >/dev/null; then \
		echo "sysdeps: skipped, no apt-get; install tesseract (with Vietnamese), poppler and LibreOffice yourself"; \
	else \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			$(SYSDEPS) >/dev/null) || echo "sysdeps: apt-get failed; OCR/LibreOffice tests will skip"; \
	fi

bench: $(VENV)/.run
	$(PY) bench/ingest.py

docs: $(VENV)/.run
	$(PY) -m dondoc.cli._reference docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
