"""The web package sits beside the CLI: it reads the library below it and nothing below imports it."""

from __future__ import annotations

from pathlib import Path

from tests.test_layers import PACKAGE, _imported_layers

BELOW = {"nlp", "data", "index", "bot"}


def test_web_imports_only_the_library_below_it() -> None:
    for path in (PACKAGE / "web").rglob("*.py"):
        assert _imported_layers(path) <= BELOW | {"web", "config"}, path.name


def test_nothing_in_the_library_imports_web() -> None:
    for layer in ("nlp", "data", "index", "bot", "jobs"):
        for path in (PACKAGE / layer).rglob("*.py"):
            assert "web" not in _imported_layers(path), str(path.relative_to(PACKAGE))


def test_every_library_call_of_the_pages_goes_through_one_module() -> None:
    """So the lead re-points the pages to a changed library in one file."""
    for path in (PACKAGE / "web").glob("*.py"):
        if path.name not in {"library.py", "app.py"}:
            text = Path(path).read_text(encoding="utf-8")
            assert "dondoc.data.ingest" not in text and "dondoc.bot" not in text and "dondoc.index" not in text, path
