"""From a read question to an Answer: exact listing, or hybrid ranking of what the filters kept."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np

from dondoc.index.answer import (
    LISTING,
    NO_QUESTION,
    NOT_UNDERSTOOD,
    TOPIC,
    UNKNOWN_UNIT,
    Answer,
    NamedDocument,
    ScoredTask,
)
from dondoc.index.catalog import TaskCatalog, TaskQuery
from dondoc.index.engine import Ranking, SearchEngine
from dondoc.index.understanding import QuestionReader
from dondoc.nlp.documents import document_name
from dondoc.nlp.reading import Reading

# An unfiltered topic answer keeps matches scoring at least this share of the best one.
RELEVANCE_FLOOR = 0.3
# A unit's group tasks ("giao chung") rank with this share of their relevance, as listings put them after
# the unit's own; 1.0, 0.8 and 0.5 tie on the sample and dev questions (docs/benchmarks.md).
SHARED_WEIGHT = 0.8


class Answerer:
    """Answers questions against one engine and reader (the service swaps both after an ingest).

    Attributes:
        dense_source: what the dense side embeds, "topic" (the topic words) or "question" (all of it).
    """

    def __init__(self, engine: SearchEngine, reader: QuestionReader) -> None:
        self.engine = engine
        self.reader = reader
        self.dense_source = "topic"

    def read(self, question: str, today: date) -> Reading:
        return self.reader.read(question, today)

    def answer(self, question: str, today: date, offset: int = 0, limit: int = 10) -> Answer:
        reading = self.read(question, today)
        catalog = self.engine.catalog
        documents = named_documents(catalog, reading.documents)
        base = Answer(question, reading, today=today, documents=documents)
        if reading.not_found and not (reading.units or reading.coordinating or reading.documents):
            return dataclasses.replace(base, outcome=UNKNOWN_UNIT)
        if not reading.has_filters and not reading.topic:
            return dataclasses.replace(base, outcome=NO_QUESTION)
        past = bool(reading.as_of and reading.as_of < today)
        if past and reading.as_of:
            # "Tính đến 01/3/2023": the states the reports known on that day gave, judged on that day.
            catalog, today = catalog.on(reading.as_of), reading.as_of
        base = dataclasses.replace(base, today=today, past=past)
        query = task_query(reading)
        candidates = catalog.filter(query, today) if reading.has_filters else None
        unfiltered: tuple[str, ...] = ()
        if candidates is not None and not len(candidates) and query.documents:
            # No task is directed by that document: those whose text cites it ("theo Quyết định 422"), else,
            # when no report of it was read, the closest tasks without it (and the answer says so).
            candidates = catalog.filter(dataclasses.replace(query, mentions=True), today)
            if not len(candidates) and not any(d.read for d in documents):
                query, unfiltered = dataclasses.replace(query, documents=()), ("document",)
                candidates = catalog.filter(query, today) if not query.empty or query.coordinating else None
        base = dataclasses.replace(base, unfiltered=unfiltered)
        units = reading.units
        if unfiltered and candidates is None and not reading.topic:
            return base  # only an unknown document was asked for: the answer says it is not known
        if reading.listing and candidates is not None:
            rows = candidates
            direct = not (query.overdue or query.pending)  # a state by lateness lists the most overdue first
            rows = catalog.by_lateness(rows, today, reading.grain, units, direct_first=direct)
            page = [ScoredTask(catalog.tasks[row], 1.0) for row in rows[offset : offset + limit]]
            return dataclasses.replace(
                base, results=page, total=len(rows), offset=offset, outcome=LISTING,
                counts=catalog.tally(rows, today, units), shared=_shared_ids(catalog, rows, units),
            )  # fmt: skip
        ranking = self.rank(reading, candidates)
        widened: tuple[str, ...] = ()
        if units and not ranking.matched and candidates is not None:
            # "Sở Y tế TP.HCM … sổ sức khỏe điện tử": nothing of the department's on the topic; its own tasks
            # first, then its city's on the topic.
            widened = units if len(candidates) else ()
            parents = self.reader.parents(units)
            if parents:
                wider = np.setdiff1d(catalog.filter(dataclasses.replace(query, units=parents), today), candidates)
                extra = self.rank(reading, wider, query_vector=ranking.vector)
                if extra.matched:
                    own_rows, own_scores = self.reweigh(catalog, ranking.rows, ranking.scores, units)
                    rows = np.concatenate([own_rows, extra.rows])
                    scores = np.concatenate([own_scores, extra.scores])
                    shown = widened + parents
                    return self._topic(base, catalog, rows, scores, offset, limit, units + parents, shown)
        if candidates is None and not ranking.matched:
            return dataclasses.replace(base, outcome=NOT_UNDERSTOOD)
        rows, scores = self.reweigh(catalog, ranking.rows, ranking.scores, units)
        # Within a unit's or a document's tasks every one is an answer, best first; a topic over the
        # whole corpus (or only a status or a window) keeps the matches close to the best one.
        # When the topic words matched nothing, the filters are all the question said: every task they keep.
        if ranking.matched and (not (reading.units or reading.documents or reading.coordinating) or unfiltered):
            keep = scores >= RELEVANCE_FLOOR * (scores[0] if len(scores) else 0)
            rows, scores = rows[keep], scores[keep]
        return self._topic(base, catalog, rows, scores, offset, limit, units, widened)

    @staticmethod
    def _topic(
        base: Answer,
        catalog: TaskCatalog,
        rows: np.ndarray,
        scores: np.ndarray,
        offset: int,
        limit: int,
        units: tuple[str, ...],
        widened: tuple[str, ...],
    ) -> Answer:
        page = [
            ScoredTask(catalog.tasks[rows[i]], float(scores[i])) for i in range(offset, min(offset + limit, len(rows)))
        ]
        return dataclasses.replace(
            base, results=page, total=len(rows), offset=offset, outcome=TOPIC,
            shared=_shared_ids(catalog, rows, units), widened_to=widened,
        )  # fmt: skip

    @staticmethod
    def reweigh(
        catalog: TaskCatalog, rows: np.ndarray, scores: np.ndarray, units: tuple[str, ...]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ranked rows with a unit's own tasks before its group tasks ("giao chung") at equal relevance."""
        if not units:
            return rows, scores
        scores = np.where(np.isin(rows, catalog.shared_rows(units)), scores * SHARED_WEIGHT, scores)
        order = np.lexsort((rows, -scores))
        return rows[order], scores[order]

    def rank(
        self,
        reading: Reading,
        candidates: np.ndarray | None,
        fusion: str | None = None,
        query_vector: np.ndarray | None = None,
    ) -> Ranking:
        """Rank the candidates (all tasks when None) by the question's topic (`query_vector`: embedded already)."""
        if candidates is not None and len(candidates) <= 1:
            fusion = "bm25"  # nothing to order: no need to embed the question
        dense_text = (
            reading.topic if self.dense_source == "topic" else (self.reader.restore(reading.text) or reading.text)
        )
        return self.engine.rank(reading.topic, dense_text, candidates, fusion=fusion, query_vector=query_vector)


def named_documents(catalog: TaskCatalog, keys: tuple[str, ...]) -> tuple[NamedDocument, ...]:
    """The documents a question names, each cited by its report's identity when a report of it was read."""
    read = catalog.read_documents(keys)
    known = catalog.known_documents(keys)
    names = {key: ref.name for ref in catalog.reports.values() for key in ref.keys}
    return tuple(
        NamedDocument(
            key, names[key] if key in read and key in names else document_name(key), key in read, key in known
        )
        for key in keys
    )


def _shared_ids(catalog: TaskCatalog, rows: np.ndarray, units: tuple[str, ...]) -> frozenset[int]:
    """Ids of the `rows` that `units` have "giao chung", through a group."""
    if not units:
        return frozenset()
    return frozenset(int(catalog.ids[row]) for row in np.intersect1d(rows, catalog.shared_rows(units)))


def task_query(reading: Reading) -> TaskQuery:
    """The exact filters of a reading."""
    return TaskQuery(
        units=reading.units,
        status=reading.status,
        overdue=reading.overdue,
        pending=reading.pending,
        due_from=reading.due_from,
        due_to=reading.due_to,
        documents=reading.documents,
        own_only=reading.asks("own"),
        coordinating=reading.coordinating,
        verdict=reading.verdict,
        reported_from=reading.reported_in.start if reading.reported_in else None,
        reported_to=reading.reported_in.end if reading.reported_in else None,
        undated=reading.asks("undated"),
    )
