"""Every task in memory, with column arrays for exact filtering (unit, status, overdue, due window, document)."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from dondoc.data.groups import groups_covering
from dondoc.data.task_state import STATUSES, open_mask, overdue_mask
from dondoc.data.task_view import TaskView
from dondoc.data.tasks import unit_names_for
from dondoc.data.units import UnitRegistry
from dondoc.index.local_units import LocalUnits
from dondoc.index.reports import ReportRef
from dondoc.index.rows import ReportsSaid, RowIndex, arrays, unit_kind
from dondoc.nlp.periods import completion_date


def content_hash(text: str) -> str:
    """The embedding cache key of a passage."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TaskQuery:
    """Exact filters, as query understanding read them; every field narrows, none ranks.

    Attributes:
        own_only: only tasks given to the units by name, none they share through a group ("giao đích danh").
        coordinating: units that must take part as coordinators.
        verdict: `status` is what the report said (in the documents or the report window asked, else the latest).
        reported_from, reported_to: only tasks of the reports issued in this window ("báo cáo năm 2024").
        mentions: match documents a task's text cites, not only its directing documents.
        undated: only tasks without a due date (recurring, open or with no deadline at all).
    """

    units: tuple[str, ...] = ()
    status: str | None = None
    overdue: bool = False
    pending: bool = False
    due_from: date | None = None
    due_to: date | None = None
    documents: tuple[str, ...] = ()
    mentions: bool = False
    own_only: bool = False
    coordinating: tuple[str, ...] = ()
    verdict: bool = False
    reported_from: date | None = None
    reported_to: date | None = None
    undated: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.units or self.status or self.overdue or self.pending or self.due_from or self.due_to or self.undated
        )


class TaskCatalog:
    """The tasks, one row each, with the columns filters need.

    Args:
        tasks: the tasks (`data.task_view.all_task_views`), in a stable order (by id).
        registry: the unit registry (old names, successors, provinces).
        reports: document file name -> the report's reference: its keys find its tasks ("Thông báo 624");
            a province its title names or it speaks for owns its tasks assigned to groups or to bodies the
            registry does not know ("UBND 63 địa phương", "Sở Khoa học và Công nghệ"); its date answers as of
            a past day.
    """

    def __init__(
        self, tasks: list[TaskView], registry: UnitRegistry, reports: dict[str, ReportRef] | None = None
    ) -> None:
        self.tasks = tasks
        self.registry = registry
        self.reports = reports or {}
        self.source_issued = {document: ref.issued for document, ref in self.reports.items()}
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
            [bool(t.lead_units) and all(unit_kind(registry, name) == "group" for name in t.lead_units) for t in tasks],
            dtype=bool,
        )
        self._shared: dict[tuple[str, ...], np.ndarray] = {}
        rows = RowIndex(tasks, registry, self.reports)
        self.local = LocalUnits(registry, (t.lead_units for t in tasks), rows.scopes)
        self._lead_arrays = arrays({**rows.lead, **self.local.rows})
        self._coordinating_arrays = arrays(rows.coordinating)
        self._document_arrays = arrays(rows.documents)
        self._read_arrays = arrays(rows.read)
        self._mention_arrays = arrays(rows.mentions)
        self._province_rows = arrays(rows.province)
        self._lagging = rows.lagging
        self._said = ReportsSaid(rows.said, self.reports, len(tasks))

    def __len__(self) -> int:
        return len(self.tasks)

    def unit_rows(self, units: Iterable[str]) -> np.ndarray:
        """Rows led by any of `units`, by the unit or a unit it took over; a province also owns the
        group tasks ("UBND 63 địa phương") of its own report."""
        parts = [np.zeros(0, dtype=np.int64)]
        for name in unit_names_for(self.registry, tuple(units)):
            if name in self._lead_arrays:
                parts.append(self._lead_arrays[name])
            if name in self._province_rows:
                parts.append(self._province_rows[name])
        return np.unique(np.concatenate(parts))

    def coordinating_rows(self, units: Iterable[str]) -> np.ndarray:
        """Rows `units` (or units they took over) take part in as coordinators."""
        names = unit_names_for(self.registry, tuple(units))
        parts = [
            np.zeros(0, dtype=np.int64),
            *(self._coordinating_arrays[n] for n in names if n in self._coordinating_arrays),
        ]
        return np.unique(np.concatenate(parts))

    def document_units(self, keys: Iterable[str]) -> set[str]:
        """The units leading tasks of the reports of `keys` (province bodies by their shown names)."""
        rows = {int(r) for key in keys if key in self._read_arrays for r in self._read_arrays[key]}
        names = {name for row in rows for name in self.tasks[row].lead_units}
        return names | {shown for shown, found in self.local.rows.items() if rows & set(found)}

    def read_documents(self, keys: Iterable[str]) -> set[str]:
        """The keys among `keys` of documents ingested as reports (known and read, not only cited)."""
        return {key for key in keys if key in self._read_arrays}

    def known_documents(self, keys: Iterable[str]) -> set[str]:
        """The keys among `keys` that a report holds or a task cites."""
        return {key for key in keys if key in self._document_arrays or key in self._mention_arrays}

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
            if not query.own_only:
                unit_mask[self.shared_rows(query.units)] = True
            if query.status or query.overdue or query.pending:  # a unit's own tasks stay, whatever others do
                unit_mask[np.intersect1d(self.unjudged_rows(query.units), self.shared_rows(query.units))] = False
            mask &= unit_mask
        if query.coordinating:
            coordinated = np.zeros(len(self.tasks), dtype=bool)
            coordinated[self.coordinating_rows(query.coordinating)] = True
            mask &= coordinated
        named = self._said.of_documents(query.documents)
        dated = self._said.issued_within(query.reported_from, query.reported_to)
        if query.status:
            verdict = self._said.saying(query.status, named | dated) if query.verdict else None
            mask &= verdict if verdict is not None else self.status == STATUSES.index(query.status)
        if query.reported_from or query.reported_to:
            mask &= self._said.rows(dated)
        if query.overdue:
            mask &= overdue_mask(self.status, self.due, today)
        if query.pending:
            mask &= open_mask(self.status)
        if query.due_from:
            mask &= (self.due > 0) & (self.due >= query.due_from.toordinal())
        if query.due_to:
            mask &= (self.due > 0) & (self.due <= query.due_to.toordinal())
        if query.undated:
            mask &= self.due <= 0
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
