"""Data flows one way (nlp → data → index → bot/jobs → cli): no module imports a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "dondoc"
ALLOWED = {
    "nlp": set(),
    "data": {"nlp"},
    "index": {"nlp", "data"},
    "bot": {"nlp", "data", "index", "jobs"},
    "jobs": {"nlp", "data", "index", "bot"},
    "cli": {"nlp", "data", "index", "bot", "jobs"},
}


def _imported_layers(path: Path) -> set[str]:
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        layers |= {name.split(".")[1] for name in names if name.startswith("dondoc.") and name.count(".") >= 1}
    return layers


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_layers_below(layer: str) -> None:
    offending = {
        str(path.relative_to(PACKAGE)): bad
        for path in (PACKAGE / layer).rglob("*.py")
        if (bad := _imported_layers(path) & set(ALLOWED) - ALLOWED[layer] - {layer})
    }
    assert not offending


def test_config_is_read_only_at_the_edges() -> None:
    """Settings are passed down explicitly: only the front ends and config.py read the environment."""
    readers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") and path.parts[-2] not in {"cli"}
    ]
    assert readers == ["config.py"]
