"""Every task in memory, with column arrays for exact filtering (unit, status, overdue, due window, document)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from dondoc.data.task_state import STATUSES, open_mask, overdue_mask
from dondoc.data.tasks import unit_names_for
from dondoc.data.units import UnitRegistry
from dondoc.nlp.documents import document_keys
from dondoc.nlp.query import reference_keys

_GENERIC_KINDS = ("group", "other")


def content_hash(text: str) -> str:
    """The embedding cache key of a passage."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TaskQuery:
    """Exact filters, as query understanding read them; every field narrows, none ranks."""

    units: tuple[str, ...] = ()
    status: str | None = None
    overdue: bool = False
    pending: bool = False
    due_from: date | None = None
    due_to: date | None = None
    documents: tuple[str, ...] = ()
    mentions: bool = False  # match documents a task's text cites, not only its directing documents

    @property
    def empty(self) -> bool:
        return not (self.units or self.status or self.overdue or self.pending or self.due_from or self.due_to)


class TaskCatalog:
    """The tasks as `tasks --json` prints them, one row each, with the columns filters need.

    Args:
        tasks: task dicts (`task_as_dict`), in a stable order (by id).
        registry: the unit registry (old names, successors, provinces).
        source_titles: document file name -> title; a province named in a report's title owns that
            report's tasks assigned to groups ("UBND 63 địa phương" in the Hồ Chí Minh City report).
    """

    def __init__(
        self, tasks: list[dict[str, Any]], registry: UnitRegistry, source_titles: dict[str, str] | None = None
    ) -> None:
        self.tasks = tasks
        self.registry = registry
        self.ids = np.array([task["id"] for task in tasks], dtype=np.int64)
        self.row_of = {int(task_id): row for row, task_id in enumerate(self.ids)}
        self.status = np.array([STATUSES.index(t["status"]) for t in tasks], dtype=np.int8)
        self.due = np.array([_ordinal(t["deadline"]["due"]) for t in tasks], dtype=np.int32)
        kinds = [t["deadline"]["kind"] for t in tasks]
        self._kind_codes = {kind: code for code, kind in enumerate(dict.fromkeys(kinds))}
        self.kind = np.array([self._kind_codes[k] for k in kinds], dtype=np.int8)
        self.hashes = [content_hash(t["content"]) for t in tasks]
        self._lead: dict[str, list[int]] = defaultdict(list)
        self._documents: dict[str, list[int]] = defaultdict(list)
        mentions: dict[str, list[int]] = defaultdict(list)
        self._province_rows: dict[str, list[int]] = defaultdict(list)
        title_units = {
            document: [name for name in registry.find_in_question(title) if _kind(registry, name) == "province"]
            for document, title in (source_titles or {}).items()
        }
        title_keys = {document: document_keys(title) for document, title in (source_titles or {}).items()}
        for row, task in enumerate(tasks):
            for name in task["lead_units"]:
                self._lead[name].append(row)
            keys = {key for doc in task["directing_docs"] for key in (*document_keys(doc), *reference_keys(doc))}
            documents = {source["document"] for source in task["sources"]}
            keys |= {key for document in documents for key in title_keys.get(document, ())}
            for key in keys:
                self._documents[key].append(row)
            for key in document_keys(task["content"]):
                mentions[key].append(row)
            if all(_kind(registry, name) in _GENERIC_KINDS for name in task["lead_units"]):
                for province in {p for document in documents for p in title_units.get(document, ())}:
                    self._province_rows[province].append(row)
        self._lead_arrays = {name: np.array(rows, dtype=np.int64) for name, rows in self._lead.items()}
        self._document_arrays = {key: np.array(rows, dtype=np.int64) for key, rows in self._documents.items()}
        self._mention_arrays = {key: np.array(rows, dtype=np.int64) for key, rows in mentions.items()}

    def __len__(self) -> int:
        return len(self.tasks)

    def unit_rows(self, units: Iterable[str]) -> np.ndarray:
        """Rows led by any of `units`, by the unit or a unit it took over; a province also owns the
        group tasks ("UBND 63 địa phương") of its own report."""
        parts = [np.zeros(0, dtype=np.int64)]
        for unit in units:
            parts += [
                self._lead_arrays[name] for name in unit_names_for(self.registry, (unit,)) if name in self._lead_arrays
            ]
            parts.append(np.array(self._province_rows.get(unit, ()), dtype=np.int64))
        return np.unique(np.concatenate(parts))

    def filter(self, query: TaskQuery, today: date) -> np.ndarray:
        """Rows passing every filter of `query`, ascending."""
        mask = np.ones(len(self.tasks), dtype=bool)
        if query.units:
            unit_mask = np.zeros(len(self.tasks), dtype=bool)
            unit_mask[self.unit_rows(query.units)] = True
            mask &= unit_mask
        if query.status:
            mask &= self.status == STATUSES.index(query.status)
        if query.overdue:
            mask &= overdue_mask(self.status, self.due, today)
        if query.pending:
            mask &= open_mask(self.status)
        if query.due_from:
            mask &= (self.due > 0) & (self.due >= query.due_from.toordinal())
        if query.due_to:
            mask &= (self.due > 0) & (self.due <= query.due_to.toordinal())
        if query.documents:
            doc_mask = np.zeros(len(self.tasks), dtype=bool)
            index = self._mention_arrays if query.mentions else self._document_arrays
            for key in query.documents:
                if key in index:
                    doc_mask[index[key]] = True
            mask &= doc_mask
        return np.flatnonzero(mask)

    def by_lateness(self, rows: np.ndarray, today: date, grain: str | None = None) -> np.ndarray:
        """`rows` most overdue first: late and open by days late, then open by due date, then finished.

        With `grain` (the period kind a question named), tasks whose own deadline has that grain come
        first: "thời hạn Quý II/2024" lists "Quý II/2024" tasks before "Tháng 5/2024" ones.
        """
        if not len(rows):
            return rows
        due = self.due[rows].astype(np.int64)
        open_ = open_mask(self.status[rows])
        late = overdue_mask(self.status[rows], due, today)
        group = np.where(late, 0, np.where(open_, 1, 2))
        undated = (due == 0).astype(np.int64)
        code = self._kind_codes.get(grain, -1) if grain else None
        tier = np.zeros(len(rows), dtype=np.int64) if code is None else (self.kind[rows] != code).astype(np.int64)
        return rows[np.lexsort((rows, due, undated, group, tier))]


def _ordinal(value: str | None) -> int:
    return date.fromisoformat(value).toordinal() if value else 0


def _kind(registry: UnitRegistry, name: str) -> str:
    entry = registry.entries.get(name)
    return entry.kind if entry else "other"
