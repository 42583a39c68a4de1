"""Tasks given to a group ("Các bộ, ngành", "UBND các tỉnh, thành phố"): which units each group covers,
and which members a task's result names as still lagging.

One rule for every reader: the search's unit rows, the SQL listings (`tasks --unit`) and the reminders.
A member has a group task "giao chung" (shown apart from its own tasks). When the result names the
members still lagging ("Còn 02 bộ, ngành chưa có lộ trình (Bộ A, Bộ Y tế)"), those members have it as
their own unfinished task, and the other members have nothing left to do on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.units import UnitRegistry

# Group name (as the registry spells it) -> the registry kinds of its members.
GROUP_MEMBERS: dict[str, frozenset[str]] = {
    "Các bộ, ngành": frozenset({"ministry", "agency"}),
    "Các bộ, ngành, địa phương": frozenset({"ministry", "agency", "province"}),
    "UBND các tỉnh, thành phố": frozenset({"province"}),
    "UBND 63 địa phương": frozenset({"province"}),
    "Các doanh nghiệp viễn thông di động": frozenset({"enterprise"}),
}
# "Còn 02 bộ, ngành chưa có lộ trình (Bộ A, Bộ Y tế)", "08 địa phương chưa hoàn thành: Bạc Liêu, …",
# "12 bộ, ngành: Công an, Ngoại giao, … chưa hoàn thành": a count of members in a clause that says "chưa";
# the members it names follow the count.
_COUNT = re.compile(r"\b\d+\s*(?:/\s*\d+\s*)?(?:bộ|cơ quan|ngành|địa phương|tỉnh|đơn vị|doanh nghiệp)\b", re.IGNORECASE)
_NOT_YET = re.compile(r"\bchưa\b", re.IGNORECASE)
_CLAUSES = re.compile(r"[.\n]|\s-\s")


def member_kinds(group: str) -> frozenset[str]:
    """The registry kinds a group covers (empty for a unit that is no group)."""
    return GROUP_MEMBERS.get(group, frozenset())


def groups_covering(registry: UnitRegistry, unit: str) -> list[str]:
    """The groups `unit` belongs to, by its kind: a ministry is one of "Các bộ, ngành"."""
    entry = registry.entries.get(unit)
    if entry is None:
        return []
    return [group for group, kinds in GROUP_MEMBERS.items() if entry.kind in kinds]


def lagging_members(registry: UnitRegistry, result: str | None) -> tuple[str, ...]:
    """The members a result names as still lagging, in the order written; empty when it names none.

    Example: "Còn 02 bộ, ngành chưa có lộ trình (Bộ Nông nghiệp…, Bộ Y tế)" -> ("Bộ Y tế", …).
    """
    if not result:
        return ()
    names: list[str] = []
    for clause in _CLAUSES.split(result):
        count = _COUNT.search(clause)
        if not count or not _NOT_YET.search(clause, count.end()):
            continue
        tail = clause[count.end() :]
        found = [*registry.find_in_question(tail), *registry.resolve_cell(tail)[0]]
        names += [name for name in found if name in registry.entries and registry.entries[name].kind != "group"]
    return tuple(dict.fromkeys(names))


def judged_member(registry: UnitRegistry, unit: str, result: str | None) -> bool:
    """Whether a member answers for a group task's state: the result names it as lagging, or names none.

    A member the result leaves out ("Còn 02 bộ, ngành chưa có lộ trình (Bộ Y tế, …)" for Bộ Công an)
    has nothing left to do on it, so a listing by state (unfinished, late, done) leaves it out.
    """
    named = lagging_members(registry, result)
    return not named or unit in named


def group_task_ids(session: Session, registry: UnitRegistry, units: Iterable[str], by_state: bool = False) -> set[int]:
    """Ids of the tasks `units` have through their groups (the SQL side of `tasks --unit`).

    `data.tasks` ORs these ids into its unit condition; the state filters then apply as for any task.

    Args:
        units: canonical unit names.
        by_state: the listing filters by state (status, overdue): keep a task whose result names lagging
            members only for those members.
    """
    wanted = list(units)
    # A province's own report gives it the tasks that report assigns to groups ("UBND 63 địa phương").
    ids = set(
        session.scalars(
            select(TaskReport.task_id)
            .join(Source, Source.id == TaskReport.source_id)
            .join(TaskUnit, TaskUnit.task_id == TaskReport.task_id)
            .join(Unit, Unit.id == TaskUnit.unit_id)
            .where(Source.scope.in_(wanted), TaskUnit.role == "lead", Unit.kind == "group")
        )
    )
    groups = {group for unit in wanted for group in groups_covering(registry, unit)}
    if not groups:
        return ids
    rows = session.execute(
        select(Task.id, Unit.name, Task.status_text)
        .join(TaskUnit, TaskUnit.task_id == Task.id)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .where(TaskUnit.role == "lead", Unit.name.in_(groups))
    )
    for task_id, group, text in rows:
        members = [unit for unit in wanted if group in groups_covering(registry, unit)]
        if not by_state or any(judged_member(registry, unit, text) for unit in members):
            ids.add(task_id)
    return ids
