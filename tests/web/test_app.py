"""The web package sits above the library and below the application: it reads the library, the bot's words
and the register export, never a channel or the reminder jobs, and everything it calls goes through one module."""

from __future__ import annotations

from pathlib import Path

from tests.test_layers import MODULES, PACKAGE, _layer

BELOW = {"config", "logs", "nlp", "data", "followup", "ingest", "reminders", "index", "conversation", "output", "web"}


def test_web_imports_only_the_library_below_it() -> None:
    web = {
        module: {_layer(m) for m in imported} for module, imported in MODULES.items() if module.startswith("dondoc.web")
    }
    assert web and {module: layers - BELOW for module, layers in web.items() if layers - BELOW} == {}


def test_every_library_call_of_the_pages_goes_through_one_module() -> None:
    """So the lead re-points the pages to a changed library in one file."""
    for path in (PACKAGE / "web").glob("*.py"):
        if path.name not in {"library.py", "app.py", "context.py"}:
            text = Path(path).read_text(encoding="utf-8")
            assert "dondoc.ingest.pipeline" not in text and "dondoc.index" not in text, path
