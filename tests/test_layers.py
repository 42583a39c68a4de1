"""Data flows one way: nlp → data → followup → ingest → reminders → index → conversation → output →
channels / jobs / web → application → cli; and no SQL is written in web/, conversation/ or jobs/."""

from __future__ import annotations

import ast
import re
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


# Queries are named library functions (data/ or the package that owns the concern): the front-end packages
# only call them. These are what writing or running a query looks like in SQLAlchemy.
SQL_FREE = ("web", "conversation", "jobs")
_ALLOWED_SQLALCHEMY = {"sqlalchemy.orm": {"Session", "sessionmaker"}, "sqlalchemy.exc": None}  # None: any name
_QUERY_METHODS = {
    "execute", "scalar", "scalars", "query", "where", "order_by", "group_by", "with_only_columns", "select_from",
    "subquery", "outerjoin", "returning", "on_conflict_do_nothing", "in_", "not_in", "is_", "is_not", "nulls_last",
    "nulls_first", "asc", "desc", "like", "ilike",
}  # fmt: skip
_SQL_TEXT = re.compile(r"\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)")


def sql_constructs(source: str) -> list[str]:
    """Each place `source` writes or runs a query itself, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sqlalchemy":
            allowed = _ALLOWED_SQLALCHEMY.get(node.module, set())
            found += [
                f"{node.lineno}: from {node.module} import {a.name}"
                for a in node.names
                if node.module not in _ALLOWED_SQLALCHEMY or (allowed is not None and a.name not in allowed)
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, receiver = node.func.attr, ast.unparse(node.func.value)
            by_key = name == "get" and receiver.endswith("session") and node.args
            if name in _QUERY_METHODS or (
                by_key and isinstance(node.args[0], ast.Name) and node.args[0].id[0].isupper()
            ):
                found.append(f"{node.lineno}: {receiver}.{name}()")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL_TEXT.search(node.value):
            found.append(f"{node.lineno}: SQL text {node.value[:40]!r}")
    return found


def test_the_sql_check_finds_each_way_of_writing_a_query() -> None:
    snippet = """
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
import sqlalchemy
rows = session.execute(select(Task).where(Task.id.in_(ids)).order_by(Task.deadline_due.desc()))
event = session.get(TaskEvent, 3)
role = request.session.get("role")
raw = "SELECT id FROM tasks"
"""
    assert {line.split(": ", 1)[1] for line in sql_constructs(snippet)} == {
        "from sqlalchemy import select",
        "from sqlalchemy.orm import aliased",
        "import sqlalchemy",
        "session.execute()",
        "select(Task).where(Task.id.in_(ids)).order_by()",
        "select(Task).where()",
        "Task.id.in_()",
        "Task.deadline_due.desc()",
        "session.get()",
        "SQL text 'SELECT id FROM tasks'",
    }


@pytest.mark.parametrize("layer", SQL_FREE)
def test_no_sql_is_written_above_the_library(layer: str) -> None:
    """web/, conversation/ and jobs/ call named library functions; they write no query of their own."""
    found = {
        str(path.relative_to(PACKAGE)): constructs
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        if (constructs := sql_constructs(path.read_text(encoding="utf-8")))
    }
    assert found == {}
