"""Every task in memory, with column arrays for exact filtering (unit, status, overdue, due window, document)."""

from __future__ import annotations

import copy
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from dondoc.data.groups import groups_covering, lagging_members, member_kinds
from dondoc.data.task_state import STATUSES, open_mask, overdue_mask
from dondoc.data.task_view import TaskView
from dondoc.data.tasks import unit_names_for
from dondoc.data.units import UnitRegistry
from dondoc.nlp.documents import document_keys
from dondoc.nlp.periods import completion_date
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
    """The tasks, one row each, with the columns filters need.

    Args:
        tasks: the tasks (`data.task_view.all_task_views`), in a stable order (by id).
        registry: the unit registry (old names, successors, provinces).
        source_titles: document file name -> title; a province named in a report's title owns that
            report's tasks assigned to groups ("UBND 63 địa phương" in the Hồ Chí Minh City report).
        source_issued: document file name -> issue date, for answering as of a past day.
    """

    def __init__(
        self,
        tasks: list[TaskView],
        registry: UnitRegistry,
        source_titles: dict[str, str] | None = None,
        source_issued: dict[str, date | None] | None = None,
    ) -> None:
        self.tasks = tasks
        self.registry = registry
        self.source_issued = source_issued or {}
        self.ids = np.array([task.id for task in tasks], dtype=np.int64)
        self.row_of = {int(task_id): row for row, task_id in enumerate(self.ids)}
        self.status = np.array([STATUSES.index(t.status) for t in tasks], dtype=np.int8)
        self.due = np.array([_ordinal(t.deadline.due) for t in tasks], dtype=np.int32)
        kinds = [t.deadline.kind for t in tasks]
        self._kind_codes = {kind: code for code, kind in enumerate(dict.fromkeys(kinds))}
        self.kind = np.array([self._kind_codes[k] for k in kinds], dtype=np.int8)
        self.hashes = [content_hash(t.content) for t in tasks]
        first_leads = [t.lead_units[0] if t.lead_units else "" for t in tasks]
        self._lead_codes = {name: code for code, name in enumerate(dict.fromkeys(first_leads))}
        self._first_lead = np.array([self._lead_codes[name] for name in first_leads], dtype=np.int32)
        # Tasks led only by a whole group ("Các bộ, ngành", "UBND các tỉnh, thành phố"): no one by name.
        self._group_led = np.array(
            [bool(t.lead_units) and all(_kind(registry, name) == "group" for name in t.lead_units) for t in tasks],
            dtype=bool,
        )
        self._shared: dict[tuple[str, ...], np.ndarray] = {}
        self._lead: dict[str, list[int]] = defaultdict(list)
        self._documents: dict[str, list[int]] = defaultdict(list)
        mentions: dict[str, list[int]] = defaultdict(list)
        self._province_rows: dict[str, list[int]] = defaultdict(list)
        # A group task whose result names the members still lagging: those members own it, unfinished.
        self._lagging: dict[int, tuple[str, ...]] = {}
        lagging_rows: dict[str, list[int]] = defaultdict(list)
        title_units = {
            document: [name for name in registry.find_in_question(title) if _kind(registry, name) == "province"]
            for document, title in (source_titles or {}).items()
        }
        title_keys = {document: document_keys(title) for document, title in (source_titles or {}).items()}
        for row, task in enumerate(tasks):
            for name in task.lead_units:
                self._lead[name].append(row)
            keys = {key for doc in task.directing_docs for key in (*document_keys(doc), *reference_keys(doc))}
            documents = set(task.documents)
            keys |= {key for document in documents for key in title_keys.get(document, ())}
            for key in keys:
                self._documents[key].append(row)
            for key in document_keys(task.content):
                mentions[key].append(row)
            if any(_kind(registry, name) == "group" for name in task.lead_units):
                named = lagging_members(registry, task.status_text)
                if named:
                    self._lagging[row] = named
                covered = {kind for group in task.lead_units for kind in member_kinds(group)}
                for name in named:
                    if _kind(registry, name) in covered:  # a member the result names: its own unfinished task
                        lagging_rows[name].append(row)
            if all(_kind(registry, name) in _GENERIC_KINDS for name in task.lead_units):
                for province in {p for document in documents for p in title_units.get(document, ())}:
                    self._province_rows[province].append(row)
        self._lead_arrays = {name: np.array(rows, dtype=np.int64) for name, rows in self._lead.items()}
        self._document_arrays = {key: np.array(rows, dtype=np.int64) for key, rows in self._documents.items()}
        self._mention_arrays = {key: np.array(rows, dtype=np.int64) for key, rows in mentions.items()}
        for name, rows in lagging_rows.items():
            self._province_rows[name] += rows

    def __len__(self) -> int:
        return len(self.tasks)

    def unit_rows(self, units: Iterable[str]) -> np.ndarray:
        """Rows led by any of `units`, by the unit or a unit it took over; a province also owns the
        group tasks ("UBND 63 địa phương") of its own report."""
        parts = [np.zeros(0, dtype=np.int64)]
        for name in unit_names_for(self.registry, tuple(units)):
            if name in self._lead_arrays:
                parts.append(self._lead_arrays[name])
            parts.append(np.array(self._province_rows.get(name, ()), dtype=np.int64))
        return np.unique(np.concatenate(parts))

    def shared_rows(self, units: Iterable[str]) -> np.ndarray:
        """Rows `units` have "giao chung", through a group they belong to ("Các bộ, ngành"), and not as their own."""
        key = tuple(units)
        if key not in self._shared:
            groups = {g for unit in key for g in groups_covering(self.registry, self.registry.current_of(unit))}
            parts = [np.zeros(0, dtype=np.int64), *(self._lead_arrays[g] for g in groups if g in self._lead_arrays)]
            self._shared[key] = np.setdiff1d(np.concatenate(parts), self.unit_rows(key))
        return self._shared[key]

    def unjudged_rows(self, units: Iterable[str]) -> np.ndarray:
        """Group tasks whose result names other members as the ones lagging: `units` have nothing left to
        do on them, so a listing by state leaves them out (`data.groups.UnitGroupTasks.settled`)."""
        names = unit_names_for(self.registry, tuple(units))
        rows = [row for row, named in self._lagging.items() if not names & set(named)]
        return np.array(rows, dtype=np.int64)

    def filter(self, query: TaskQuery, today: date) -> np.ndarray:
        """Rows passing every filter of `query`, ascending; a unit's rows include its group tasks."""
        mask = np.ones(len(self.tasks), dtype=bool)
        if query.units:
            unit_mask = np.zeros(len(self.tasks), dtype=bool)
            unit_mask[self.unit_rows(query.units)] = True
            unit_mask[self.shared_rows(query.units)] = True
            if query.status or query.overdue or query.pending:  # a unit's own tasks stay, whatever others do
                unit_mask[np.intersect1d(self.unjudged_rows(query.units), self.shared_rows(query.units))] = False
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

    def by_lateness(
        self,
        rows: np.ndarray,
        today: date,
        grain: str | None = None,
        units: tuple[str, ...] = (),
        direct_first: bool = False,
    ) -> np.ndarray:
        """`rows` most overdue first: late and open by days late, then open by due date, then finished.

        With `grain` (the period kind a question named), tasks whose own deadline has that grain come
        first: "thời hạn Quý II/2024" lists "Quý II/2024" tasks before "Tháng 5/2024" ones. With `units`,
        their group tasks ("giao chung") come after their own; with `direct_first` too ("Chỉ thị 07 giao
        Bộ Y tế làm gì?", no state asked), the tasks they lead first come before those they share.
        Without `units`, the same rule over everyone within a grain: tasks given to a named unit before
        those given only to a whole group, which every listing of a unit also puts last.
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
        if not units:
            return rows[np.lexsort((rows, due, undated, group, self._group_led[rows], tier))]
        shared = np.isin(rows, self.shared_rows(units)).astype(np.int64)
        if direct_first:
            names = unit_names_for(self.registry, units)
            codes = [self._lead_codes[name] for name in names if name in self._lead_codes]
            shared += ~np.isin(self._first_lead[rows], codes)
        return rows[np.lexsort((rows, due, undated, group, tier, shared))]

    def tally(self, rows: np.ndarray, today: date, units: tuple[str, ...] = ()) -> dict[str, int]:
        """How a listing's rows split: "shared" (given to a group the units belong to), and among the
        others "overdue" (open, past due), "in_progress_overdue" and "no_report"."""
        shared = np.isin(rows, self.shared_rows(units)) if units else np.zeros(len(rows), dtype=bool)
        own = rows[~shared]
        status = self.status
        open_ = open_mask(status[own])
        late = overdue_mask(status[own], self.due[own], today)
        return {
            "overdue": int(late.sum()),
            "in_progress_overdue": int((late & (status[own] == STATUSES.index("in_progress"))).sum()),
            "no_report": int((open_ & (status[own] == STATUSES.index("unknown"))).sum()),
            "shared": int(shared.sum()),
        }

    def on(self, day: date) -> TaskCatalog:
        """The catalog as the reports known on `day` tell it.

        A task's status is that of its latest report issued on or before `day`; with none, it is done
        when a later report dates its finish on or before `day`, else it has no report yet ("unknown").
        """
        tasks, codes = [], self.status.copy()
        for row, task in enumerate(self.tasks):
            known = [
                (issued, source)
                for source in task.sources
                if (issued := self.source_issued.get(source.document)) and issued <= day
            ]
            if known:
                source = max(known, key=lambda pair: pair[0])[1]
                status, text = source.status or "unknown", source.status_text
            elif any(
                source.status == "done" and (finished := completion_date(source.status_text)) and finished <= day
                for source in task.sources
            ):
                status, text = "done", task.status_text
            else:
                status, text = "unknown", None
            codes[row] = STATUSES.index(status)
            tasks.append(replace(task, status=status, status_text=text))
        view = copy.copy(self)
        view.tasks, view.status = tasks, codes
        return view


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else 0


def _kind(registry: UnitRegistry, name: str) -> str:
    entry = registry.entries.get(name)
    return entry.kind if entry else "other"
