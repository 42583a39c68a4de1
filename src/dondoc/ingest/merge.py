"""Recognising the same task when several documents report it."""

from __future__ import annotations

from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from dondoc.nlp.text import fold

# Reports copy a task's wording from one another; a lower bar would merge the eight
# near-identical "Kết nối … với CSDL X" rows that differ only in X.
SAME_TASK_SCORE = 93

T = TypeVar("T")


class TaskMatcher(Generic[T]):
    """Finds an already stored task that a newly parsed row reports again.

    Args:
        tasks: (task, content, source ids of its reports, its lead units' current names, scope),
            where scope is the province a local report speaks for (None: national).
    """

    def __init__(self, tasks: list[tuple[T, str, set[int], set[str], str | None]]) -> None:
        self._tasks = [task[0] for task in tasks]
        self._texts = [fold(task[1]) for task in tasks]
        self._sources = [task[2] for task in tasks]
        self._units = [task[3] for task in tasks]
        self._scopes = [task[4] for task in tasks]

    def add(self, task: T, content: str, source_id: int, units: set[str], scope: str | None) -> None:
        """Remember a task created during this ingest so later rows can match it."""
        self._tasks.append(task)
        self._texts.append(fold(content))
        self._sources.append({source_id})
        self._units.append(units)
        self._scopes.append(scope)

    def find(self, content: str, source_id: int, units: set[str], scope: str | None) -> T | None:
        """The stored task `content` repeats for the same units, never one the same source reports."""
        candidates = process.extract(
            fold(content), self._texts, scorer=fuzz.ratio, score_cutoff=SAME_TASK_SCORE, limit=5
        )
        for _text, _score, index in candidates:
            if source_id in self._sources[index] or scope != self._scopes[index]:
                continue
            # The same wording assigned to other units (a city's report re-assigning a national
            # task to "UBND 63 địa phương") is that report's own task, with its own status.
            if units == self._units[index]:
                return self._tasks[index]
        return None
