"""Tasks given to a group ("Các bộ, ngành", "UBND các tỉnh, thành phố"): which units each group covers,
and which members a task's result names as still lagging.

One rule for every reader: the search's unit rows, the SQL listings (`tasks --unit`) and the reminders.
A member has a group task "giao chung" (shown apart from its own tasks). When the result names the
members still lagging ("Còn 02 bộ, ngành chưa có lộ trình (Bộ A, Bộ Y tế)"), those members have it as
their own unfinished task, and the other members have nothing left to do on it.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

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
# Lead units that name no one in particular: a report's task led only by these is its own province's.
_GENERIC_KINDS = frozenset({"group", "other"})


def member_kinds(group: str) -> frozenset[str]:
    """The registry kinds a group covers (empty for a unit that is no group)."""
    return GROUP_MEMBERS.get(group, frozenset())


def groups_covering(registry: UnitRegistry, unit: str) -> list[str]:
    """The groups `unit` belongs to, by its kind: a ministry is one of "Các bộ, ngành"."""
    entry = registry.entries.get(unit)
    if entry is None:
        return []
    return [group for group, kinds in GROUP_MEMBERS.items() if entry.kind in kinds]


@functools.lru_cache(maxsize=8192)
def lagging_members(registry: UnitRegistry, result: str | None) -> tuple[str, ...]:
    """The members a result names as still lagging, in the order written; empty when it names none.

    Cached: every unit listing reads the results of all group tasks, and reading names is the cost.

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


@dataclass(frozen=True)
class UnitGroupTasks:
    """The tasks some units have through groups, split the way every listing shows them.

    Attributes:
        own: theirs as much as the tasks they lead: the result names them among the members still
            lagging, or their own report gives them a task assigned to groups ("UBND 63 địa phương").
        shared: "giao chung": given to a group they belong to, listed after their own tasks.
        settled: shared tasks whose result names only other members as lagging: nothing is left for
            these units to do, so a listing by state (unfinished, late, done) leaves them out.
    """

    own: frozenset[int] = frozenset()
    shared: frozenset[int] = frozenset()
    settled: frozenset[int] = frozenset()

    def for_state(self, by_state: bool) -> UnitGroupTasks:
        """These tasks for a listing that filters by state (`by_state`) or not."""
        return UnitGroupTasks(self.own, self.shared - self.settled) if by_state else self


def own_group_tasks(session: Session, registry: UnitRegistry, units: Collection[str]) -> dict[int, set[str]]:
    """The tasks given to groups that some of `units` have as their own, with those units.

    A member's own: the result names it among the members still lagging; a province's own: its own report
    assigns the task to groups ("UBND 63 địa phương" in the Hồ Chí Minh City report).
    """
    owners: dict[int, set[str]] = defaultdict(set)
    reported = session.connection().execute(
        select(TaskReport.task_id, Source.scope, Unit.kind)
        .join(Source, Source.id == TaskReport.source_id)
        .join(TaskUnit, TaskUnit.task_id == TaskReport.task_id)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .where(Source.scope.is_not(None), TaskUnit.role == "lead")
    )  # the few local reports, filtered here: `units` may be every subscribed unit of a day's reminders
    kinds: dict[tuple[int, str], set[str]] = defaultdict(set)
    for task_id, scope, kind in reported:
        if scope is not None and scope in units:
            kinds[(task_id, scope)].add(kind)
    for (task_id, scope), found in kinds.items():
        if found <= _GENERIC_KINDS:
            owners[task_id].add(scope)
    rows = session.connection().execute(
        select(Task.id, Unit.name, Task.status_text)
        .join(TaskUnit, TaskUnit.task_id == Task.id)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .where(TaskUnit.role == "lead", Unit.kind == "group")
    )
    for task_id, group, text in rows:
        named = [name for name in lagging_members(registry, text) if registry.entries[name].kind in member_kinds(group)]
        if lagging := set(units).intersection(named):
            owners[task_id] |= lagging
    return dict(owners)


def unit_group_tasks(session: Session, registry: UnitRegistry, units: Iterable[str]) -> UnitGroupTasks:
    """The tasks `units` have through their groups (the SQL side of the search's unit rows).

    `data.tasks` ORs these ids into its unit condition; the state filters then apply as for any task.

    Args:
        units: canonical unit names; a unit also answers for the units it took over in 2025.
    """
    wanted = {name for unit in units for name in (unit, *registry.former_names(unit))}
    own = set(own_group_tasks(session, registry, wanted))
    groups = {group for unit in wanted for group in groups_covering(registry, registry.current_of(unit))}
    shared: set[int] = set()
    settled: set[int] = set()
    rows = session.connection().execute(
        select(Task.id, Unit.name, Task.status_text)
        .join(TaskUnit, TaskUnit.task_id == Task.id)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .where(TaskUnit.role == "lead", Unit.name.in_(groups))
    )
    for task_id, _, text in rows:
        shared.add(task_id)
        named = set(lagging_members(registry, text))
        if named and not wanted & named:
            settled.add(task_id)
    return UnitGroupTasks(frozenset(own), frozenset(shared - own), frozenset(settled - own))
