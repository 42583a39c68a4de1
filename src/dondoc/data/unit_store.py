"""Units in the database: the registry written into tables, and units met only in a report."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dondoc.data.models import Source, TaskReport, TaskUnit, Unit, UnitAlias
from dondoc.data.units import UnitRegistry
from dondoc.nlp.units import unit_key


def sync_units(session: Session, registry: UnitRegistry) -> dict[str, Unit]:
    """Write every registry unit and alias into the database; return every stored unit by name.

    Idempotent: existing rows are updated in place, so ids stay stable across runs.
    """
    units = {unit.name: unit for unit in session.scalars(select(Unit))}
    for entry in registry.entries.values():
        unit = units.get(entry.name)
        if unit is None:
            unit = units[entry.name] = Unit(name=entry.name, kind=entry.kind)
            session.add(unit)
        unit.kind, unit.abbreviation = entry.kind, entry.abbreviation
    session.flush()
    for entry in registry.entries.values():
        units[entry.name].current_id = units[entry.current].id if entry.current in units else None
    known = set(session.scalars(select(UnitAlias.alias)))
    for entry in registry.entries.values():
        for alias in dict.fromkeys(unit_key(a) for a in (entry.name, *entry.aliases, *entry.cell_aliases)):
            if alias and alias not in known:
                known.add(alias)
                session.add(UnitAlias(unit_id=units[entry.name].id, alias=alias))
    session.flush()
    return units


def unit_named(session: Session, units: dict[str, Unit], name: str) -> Unit:
    """Unit `name`, created (kind "other") when only a report knows it."""
    if name not in units:
        units[name] = Unit(name=name, kind="other")
        session.add(units[name])
    return units[name]


def list_units(session: Session) -> list[dict[str, object]]:
    """Every unit with at least one task, with its kind, abbreviation, current name and task count."""
    counts = (
        select(TaskUnit.unit_id, func.count(func.distinct(TaskUnit.task_id)).label("tasks"))
        .group_by(TaskUnit.unit_id)
        .subquery()
    )
    rows = session.execute(
        select(Unit, counts.c.tasks)
        .join(counts, counts.c.unit_id == Unit.id)
        .order_by(counts.c.tasks.desc(), Unit.name)
    )
    return [
        {
            "name": unit.name,
            "kind": unit.kind,
            "abbreviation": unit.abbreviation,
            "current": unit.current.name if unit.current else unit.name,
            "tasks": tasks,
        }
        for unit, tasks in rows
    ]


def unit_name_of(session: Session, unit_id: int) -> str | None:
    """The name of the stored unit with this id (a button's short reference); None when there is none."""
    return session.scalar(select(Unit.name).where(Unit.id == unit_id))


def unit_id_of(session: Session, name: str) -> int | None:
    """The id of the stored unit with this exact name; None when it is not stored."""
    return session.scalar(select(Unit.id).where(Unit.name == name))


@dataclass
class NewUnit:
    """A unit only a report knows: where it was met and the closest registry names to map it to."""

    name: str
    suggestions: list[str]
    tasks: int = 0
    scopes: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def new_units(session: Session, registry: UnitRegistry) -> list[NewUnit]:
    """Units only a report knows (kept as written), with where they were met and the closest known names.

    An admin reads this list (`dondoc units --new`) to add a spelling to the registry or confirm a new unit.
    """
    rows = session.execute(
        select(Unit.name, Source.scope, Source.document, func.count(func.distinct(TaskUnit.task_id)))
        .join(TaskUnit, TaskUnit.unit_id == Unit.id)
        .join(TaskReport, TaskReport.task_id == TaskUnit.task_id)
        .join(Source, Source.id == TaskReport.source_id)
        .where(Unit.kind == "other")
        .group_by(Unit.name, Source.scope, Source.document)
        .order_by(Unit.name)
    )
    found: dict[str, NewUnit] = {}
    for name, scope, document, tasks in rows:
        unit = found.get(name) or found.setdefault(name, NewUnit(name, registry.suggest(name, 3)))
        unit.tasks = max(unit.tasks, tasks)
        unit.scopes = list(dict.fromkeys([*unit.scopes, scope or "toàn quốc"]))
        unit.documents.append(document)
    return list(found.values())
