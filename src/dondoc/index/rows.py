"""The catalog's row indexes: which rows each unit leads or coordinates, each document directs or holds,
each province owns, and what each report said of each row."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np

from dondoc.data.groups import lagging_members, member_kinds
from dondoc.data.task_state import STATUSES
from dondoc.data.task_view import TaskView
from dondoc.data.units import UnitRegistry
from dondoc.index.reports import ReportRef
from dondoc.nlp.documents import document_keys
from dondoc.nlp.query import reference_keys
from dondoc.nlp.units import partners_named

# Lead units that name no one in particular: a report's task led only by these is its own province's.
GENERIC_KINDS = ("group", "other")


def unit_kind(registry: UnitRegistry, name: str) -> str:
    entry = registry.entries.get(name)
    return entry.kind if entry else "other"


class RowIndex:
    """Rows by unit, document and province, read once from the tasks.

    Attributes:
        lead, coordinating: unit name -> rows it leads / coordinates.
        documents: document key -> rows it directs or that a report of that key holds.
        read: document key -> rows of the ingested reports of that key (a document known and read).
        mentions: document key -> rows whose text cites it.
        province: province -> rows it owns besides those it leads: generic tasks of its own reports, group
            tasks whose result names it lagging.
        lagging: row -> members a group task's result names as still lagging.
        said: (row, document, status) for every report of every row: what each report said of it.
        scopes: each row's province, when its reports speak for one.
    """

    def __init__(self, tasks: list[TaskView], registry: UnitRegistry, reports: dict[str, ReportRef]) -> None:
        self.lead: dict[str, list[int]] = defaultdict(list)
        self.coordinating: dict[str, list[int]] = defaultdict(list)
        self.documents: dict[str, list[int]] = defaultdict(list)
        self.read: dict[str, list[int]] = defaultdict(list)
        self.mentions: dict[str, list[int]] = defaultdict(list)
        self.province: dict[str, list[int]] = defaultdict(list)
        self.lagging: dict[int, tuple[str, ...]] = {}
        self.said: list[tuple[int, str, str]] = []
        self.scopes: list[str | None] = []
        owners = {
            document: [n for n in registry.find_in_question(ref.name) if unit_kind(registry, n) == "province"]
            + ([ref.scope] if ref.scope else [])
            for document, ref in reports.items()
        }
        for row, task in enumerate(tasks):
            for name in task.lead_units:
                self.lead[name].append(row)
            partners = registry.find_in_question(partners_named(task.content))  # "Phối hợp với Bộ Tài chính …"
            for name in dict.fromkeys((*task.coordinating_units, *partners)):
                if name not in task.lead_units:
                    self.coordinating[name].append(row)
            cited = {key for doc in task.directing_docs for key in (*document_keys(doc), *reference_keys(doc))}
            held: set[str] = set()
            for source in task.sources:
                self.said.append((row, source.document, source.status or "unknown"))
                ref = reports.get(source.document)
                held.update(ref.keys if ref else ())
            for key in cited | held:
                self.documents[key].append(row)
            for key in held:
                self.read[key].append(row)
            for key in document_keys(task.content):
                self.mentions[key].append(row)
            self._groups(row, task, registry)
            documents = set(task.documents)
            scopes = {reports[d].scope for d in documents if d in reports and reports[d].scope}
            self.scopes.append(next(iter(scopes)) if len(scopes) == 1 else None)
            if all(unit_kind(registry, name) in GENERIC_KINDS for name in task.lead_units):
                for province in {p for document in documents for p in owners.get(document, ())}:
                    self.province[province].append(row)

    def _groups(self, row: int, task: TaskView, registry: UnitRegistry) -> None:
        """A group task whose result names the members still lagging: those members own it, unfinished."""
        if not any(unit_kind(registry, name) == "group" for name in task.lead_units):
            return
        named = lagging_members(registry, task.status_text)
        if named:
            self.lagging[row] = named
        covered = {kind for group in task.lead_units for kind in member_kinds(group)}
        for name in named:
            if unit_kind(registry, name) in covered:
                self.province[name].append(row)


class ReportsSaid:
    """What each report said of each row (its status), to answer "bị báo cáo là chưa hoàn thành" from the
    reports a question names or dates rather than from the latest one.

    Args:
        said: (row, document, status) triples (`RowIndex.said`).
        reports: the stored reports, by document.
        size: how many rows the catalog holds.
    """

    def __init__(self, said: list[tuple[int, str, str]], reports: dict[str, ReportRef], size: int) -> None:
        documents = list(reports)
        self.size = size
        self.keys = [set(ref.keys) for ref in reports.values()]
        self._rows = np.array([row for row, _, _ in said], dtype=np.int64)
        self._documents = np.array([documents.index(d) if d in reports else -1 for _, d, _ in said])
        self._status = np.array([STATUSES.index(status) for _, _, status in said], dtype=np.int8)
        issued = [reports[d].issued if d in reports else None for _, d, _ in said]
        self._issued = np.array([day.toordinal() if day else 0 for day in issued], dtype=np.int32)

    def of_documents(self, keys: tuple[str, ...]) -> np.ndarray:
        """A mask of what the reports of these document keys said."""
        wanted = [i for i, own in enumerate(self.keys) if own & set(keys)]
        return np.isin(self._documents, wanted) if keys else np.zeros(len(self._rows), dtype=bool)

    def issued_within(self, start: date | None, end: date | None) -> np.ndarray:
        """A mask of what the reports issued in this window said ("báo cáo năm 2024")."""
        if not (start or end):
            return np.zeros(len(self._rows), dtype=bool)
        low = start.toordinal() if start else 1
        high = end.toordinal() if end else date.max.toordinal()
        return (self._issued >= low) & (self._issued <= high)

    def rows(self, chosen: np.ndarray) -> np.ndarray:
        """The rows some chosen report speaks of, as a mask over the catalog."""
        mask = np.zeros(self.size, dtype=bool)
        mask[self._rows[chosen]] = True
        return mask

    def saying(self, status: str, chosen: np.ndarray) -> np.ndarray | None:
        """Rows the chosen reports said had `status`; None when none is chosen (the latest report then)."""
        if not chosen.any():
            return None
        return self.rows(chosen & (self._status == STATUSES.index(status)))


def arrays(rows: dict[str, list[int]]) -> dict[str, np.ndarray]:
    """Each list of rows as a sorted array without repeats."""
    return {key: np.unique(np.array(found, dtype=np.int64)) for key, found in rows.items()}
