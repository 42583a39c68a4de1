"""A page of a listing: narrowed to an official state in SQL, counted, sorted and paged like the register shows it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from dondoc.data.listing_pages import listing_page
from dondoc.data.statistics import CATEGORIES, category_of
from dondoc.data.task_view import all_task_views, task_views
from dondoc.data.tasks import TaskFilter, find_task_ids
from dondoc.data.units import UnitRegistry

DAY = date(2025, 7, 1)


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_state_holds_exactly_the_tasks_the_python_definition_puts_there(
    corpus: Session, registry: UnitRegistry, category: str
) -> None:
    expected = {task.id for task in all_task_views(corpus) if category_of(task, DAY) == category}
    page = listing_page(corpus, registry, TaskFilter(DAY), category=category, limit=10_000)
    assert expected and set(page.ids) == expected and page.total == len(expected)


def test_pages_follow_the_due_date_undated_last_and_count_everything(corpus: Session, registry: UnitRegistry) -> None:
    tasks = {task.id: task.deadline.due for task in all_task_views(corpus)}
    everything = listing_page(corpus, registry, TaskFilter(DAY), limit=10_000)
    dues = [tasks[task_id] for task_id in everything.ids]
    dated = [due for due in dues if due]
    assert (
        everything.total == len(tasks)
        and dated == sorted(dated)
        and dues[len(dated) :] == [None] * (len(dues) - len(dated))
    )
    first, second = (listing_page(corpus, registry, TaskFilter(DAY), offset=n, limit=50) for n in (0, 50))
    assert first.ids + second.ids == everything.ids[:100] and first.total == len(tasks)
    newest = listing_page(corpus, registry, TaskFilter(DAY), sort="newest", limit=5)
    assert list(newest.ids) == sorted(tasks, reverse=True)[:5]


def test_a_search_keeps_its_order_and_its_matches_only(corpus: Session, registry: UnitRegistry) -> None:
    overdue = listing_page(corpus, registry, TaskFilter(DAY), category="overdue", limit=10_000).ids
    ranked = [overdue[7], 1, overdue[2], overdue[30]]  # as a search ranks them; task 1 is not overdue
    page = listing_page(corpus, registry, TaskFilter(DAY), category="overdue", ranked=ranked, sort="ranked")
    expected = [task_id for task_id in ranked if task_id in overdue]
    assert list(page.ids) == expected and page.total == len(expected)
    by_due = listing_page(corpus, registry, TaskFilter(DAY), ranked=ranked, sort="due")
    assert set(by_due.ids) == set(ranked) and list(by_due.ids) != ranked


def test_a_units_group_tasks_are_marked_giao_chung_as_dondoc_tasks_marks_them(
    corpus: Session, registry: UnitRegistry
) -> None:
    """A task Bộ Y tế leads is its own even when a group leads it too; the others of its groups are shared."""
    flt = TaskFilter(DAY, units=("Bộ Y tế",))
    listing = find_task_ids(corpus, flt, registry)
    page = listing_page(corpus, registry, flt, limit=10_000)
    assert set(page.ids) == set(listing.ids) and page.shared == listing.shared and page.shared
    led_by_both = [
        task for task in task_views(corpus, list(page.ids)) if {"Bộ Y tế", "Các bộ, ngành"} <= set(task.lead_units)
    ]
    assert led_by_both and not {task.id for task in led_by_both} & page.shared
