"""Gold records (../shared/eval/gold-*.jsonl) against what `dondoc tasks --json` gives for the same report lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from dondoc.data.task_view import task_view
from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.data.units import UnitRegistry
from tests.builders import TODAY


def gold_misses(
    session: Session,
    registry: UnitRegistry,
    gold_path: Path,
    same_units: Callable[[list[str], list[str]], bool] = lambda ours, gold: set(ours) == set(gold),
) -> tuple[list[tuple[str, int]], int]:
    """The (document, line) of each gold record our task at that place gets wrong, and how many records there are.

    A record is right when the task reported at its line starts with its content, has its lead units
    (`same_units`), its due date, and that report's status and deadline text.
    """
    by_place = {}
    for found in find_tasks(session, TaskFilter(today=TODAY), registry):
        view = task_view(found)
        for source in view.sources:
            by_place[(source.document, source.line)] = (view, source)
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    misses = []
    for record in gold:
        task, source = by_place.get((record["doc"], record["line"]), (None, None))
        matched = (
            task is not None
            and source is not None
            and task.content.startswith(record["content_prefix"])
            and same_units(list(task.lead_units), record["lead_units"])
            and (task.deadline.due.isoformat() if task.deadline.due else None) == record["deadline_due"]
            and source.status == record["status"]
            and source.deadline_text == record["deadline_text"]
        )
        if not matched:
            misses.append((record["doc"], record["line"]))
    return misses, len(gold)
