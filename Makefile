# Two entry points: `make run` (the bot on the embedded defaults) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint sysdeps browser bench docs clean

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

# One pytest worker per core; a test file stays on one worker, so its module fixtures are built once.
test: lint sysdeps browser
	$(VENV)/bin/pytest -n auto --dist loadfile

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

# Debian's headless Chromium, its driver and Noto fonts (Vietnamese diacritics) for the web pages' browser
# test (tests/web/test_browser.py, Playwright on /usr/bin/chromium; never a downloaded browser).
# Installs them only as root with apt-get; otherwise says why it skipped. Never fails the build.
BROWSER := chromium chromium-driver fonts-noto-core
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null \
		&& dpkg-query -W -f='$${Status}' fonts-noto-core 2>/dev/null | grep -q "ok installed"; then \
		echo "browser: chromium, chromium-driver and fonts-noto-core are installed"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "browser: skipped, not root; the browser test will skip. Install: sudo apt-get install $(BROWSER)"; \
	elif ! command -v apt-get >/dev/null; then \
		echo "browser: skipped, no apt-get; install Chromium, its driver and Noto fonts yourself"; \
	else \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			$(BROWSER) >/dev/null) || echo "browser: apt-get failed; the browser test will skip"; \
	fi

bench: $(VENV)/.run
	$(PY) bench/ingest.py

docs: $(VENV)/.run
	$(PY) -m dondoc.cli._reference docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
