"""Data flows one way: nlp → data → followup → ingest → reminders → index → conversation → output →
channels / jobs / web → application → cli."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "dondoc"
# Each layer may import the layers listed before it, except its siblings named in SIBLINGS.
ORDER = [
    "config", "logs", "nlp", "data", "followup", "ingest", "reminders", "index", "health", "conversation", "output",
    "channels", "jobs", "web", "application", "cli",
]  # fmt: skip
SIBLINGS = {"channels": {"jobs", "web"}, "jobs": {"channels", "web"}, "web": {"channels", "jobs"}}
ALLOWED = {layer: set(ORDER[: ORDER.index(layer)]) - SIBLINGS.get(layer, set()) for layer in ORDER}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


PATHS = {_module(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path) -> set[str]:
    """Every dondoc module `path` imports, at the top or inside a function (a lazy import is still an import).

    `from package import submodule` imports the submodule, not the package's other names.
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in PATHS else node.module)
    return {name for name in found if name.startswith("dondoc.")}


MODULES = {module: _imports(path) for module, path in PATHS.items()}


def _layer(module: str) -> str:
    return module.split(".")[1]


def test_every_module_belongs_to_a_layer() -> None:
    assert {_layer(m) for m in MODULES if m.count(".")} - {"__main__"} == set(ORDER)


@pytest.mark.parametrize("layer", ORDER)
def test_layer_imports_only_layers_below(layer: str) -> None:
    offending = {
        module: sorted(bad)
        for module, imported in MODULES.items()
        if module.count(".") and _layer(module) == layer
        if (bad := {m for m in imported if _layer(m) != layer and _layer(m) not in ALLOWED[layer]})
    }
    assert offending == {}


def test_the_module_import_graph_has_no_cycle() -> None:
    graph = {module: {m for m in imported if m in MODULES} - {module} for module, imported in MODULES.items()}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        pytest.fail(f"import cycle: {error.args[1]}")


def test_config_is_read_only_at_the_edges() -> None:
    """Settings are passed down explicitly: only the front ends and config.py read the environment."""
    readers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") and path.parts[-2] not in {"cli"}
    ]
    assert readers == ["config.py"]
