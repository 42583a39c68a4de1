"""One page of a filtered task listing, narrowed to an official state, counted and sorted in SQL (the web register).

Only ids come back: the caller builds the page's rows (`data.task_view.all_task_views`), so 100,000 tasks cost
one count and one indexed page, whatever the filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dondoc.data.models import Task
from dondoc.data.statistics import category_clause
from dondoc.data.tasks import TaskFilter, filtered_query, listing_groups, own_clause
from dondoc.data.units import UnitRegistry

# NULLS LAST rather than `due IS NULL` first: the deadline index then gives the first page directly
# (0.3 ms instead of 110 ms over 100,000 tasks on SQLite, which has NULLS LAST since 3.30).
SORTS: dict[str, tuple[Any, ...]] = {
    "due": (Task.deadline_due.asc().nulls_last(), Task.id),
    "due_desc": (Task.deadline_due.desc().nulls_last(), Task.id),
    "newest": (Task.id.desc(),),
    "ranked": (Task.id,),  # the order of `ranked`, applied after the query
}


@dataclass(frozen=True)
class ListingPage:
    """The ids of one page, how many tasks match in all, and which ids on the page are "giao chung"."""

    ids: tuple[int, ...]
    total: int
    shared: frozenset[int] = frozenset()


def listing_page(
    session: Session,
    registry: UnitRegistry,
    flt: TaskFilter,
    *,
    category: str | None = None,
    ranked: Sequence[int] | None = None,
    sort: str = "due",
    offset: int = 0,
    limit: int = 50,
) -> ListingPage:
    """The page of tasks passing `flt` (a unit's own and group tasks, as `dondoc tasks --unit` lists them).

    Args:
        category: one of `data.statistics.CATEGORIES` as of `flt.today` (`category_clause`); a unit's group
            tasks whose result names only other members as lagging are then left out.
        ranked: only these ids (a search's best matches), in this order when `sort` is "ranked".
        sort: a key of SORTS; "ranked" without `ranked`, or an unknown key, sorts by due date.
        offset, limit: the page.
    """
    groups = listing_groups(session, flt, registry, unfinished=bool(category))
    query = filtered_query(flt, registry, groups).order_by(None).with_only_columns(Task.id)
    if category:
        query = query.where(category_clause(flt.today) == category)
    if ranked is not None:
        query = query.where(Task.id.in_(list(ranked)))
    if sort == "ranked" and ranked is not None:
        place = {task_id: i for i, task_id in enumerate(ranked)}
        ids = sorted(session.scalars(query), key=place.__getitem__)
        total, page = len(ids), ids[offset : offset + limit]
    else:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        order = SORTS[sort if sort in SORTS and sort != "ranked" else "due"]
        page = list(session.scalars(query.order_by(*order).limit(limit).offset(offset)))
    shared = [task_id for task_id in page if task_id in groups.shared]
    if shared:  # a group task the unit also leads is its own, as `find_task_ids` has it
        own = own_clause(flt, registry, groups)
        shared = list(session.scalars(select(Task.id).where(Task.id.in_(shared), ~own)))
    return ListingPage(tuple(page), total, frozenset(shared))
