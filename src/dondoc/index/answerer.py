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
    ScoredTask,
    Understood,
)
from dondoc.index.catalog import TaskCatalog, TaskQuery
from dondoc.index.engine import Ranking, SearchEngine
from dondoc.index.understanding import QuestionReader, Reading

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

    def answer(self, question: str, today: date, offset: int = 0, limit: int = 10) -> Answer:
        reading = self.reader.read(question, today)
        parsed, understood, catalog = reading.parsed, reading.understood, self.engine.catalog
        if reading.unknown_unit:
            return Answer(
                question,
                understood,
                outcome=UNKNOWN_UNIT,
                today=today,
                unknown_unit=reading.unknown_unit,
                suggestions=tuple(reading.suggestions),
            )
        if not parsed.has_filters and not parsed.topic_words:
            return Answer(question, understood, outcome=NO_QUESTION, today=today)
        past = bool(parsed.as_of and parsed.as_of < today)
        if past and parsed.as_of:
            # "Tính đến 01/3/2023": the states the reports known on that day gave, judged on that day.
            catalog, today = catalog.on(parsed.as_of), parsed.as_of
        query = task_query(understood)
        candidates = catalog.filter(query, today) if parsed.has_filters else None
        if candidates is not None and not len(candidates) and query.documents:
            # No task is directed by that document: list those whose text cites it ("theo Quyết định 422").
            candidates = catalog.filter(dataclasses.replace(query, mentions=True), today)
        units = understood.units
        if parsed.listing:
            everything = np.arange(len(catalog.tasks))
            direct = not (query.status or query.overdue or query.pending)
            rows = catalog.by_lateness(
                candidates if candidates is not None else everything, today, reading.grain, units, direct_first=direct
            )
            page = [ScoredTask(catalog.tasks[row], 1.0) for row in rows[offset : offset + limit]]
            return Answer(
                question, understood, page, len(rows), offset, LISTING, today, reading.grain,
                counts=catalog.tally(rows, today, units), shared=_shared_ids(catalog, rows, units), past=past,
            )  # fmt: skip
        ranking = self.rank(reading, candidates)
        widened: tuple[str, ...] = ()
        if units and not ranking.matched and (parents := self.reader.parents(units)):
            # "Sở Y tế TP.HCM … sổ sức khỏe điện tử": nothing of the department's, so the city's tasks.
            wider = catalog.filter(dataclasses.replace(query, units=parents), today)
            wider_ranking = self.rank(reading, wider, query_vector=ranking.vector)
            if wider_ranking.matched:
                ranking, widened, units = wider_ranking, parents, parents
        if candidates is None and not ranking.matched:
            return Answer(question, understood, outcome=NOT_UNDERSTOOD, today=today)
        rows, scores = self.reweigh(catalog, ranking.rows, ranking.scores, units)
        # Within a unit's or a document's tasks every one is an answer, best first; a topic over the
        # whole corpus (or only a status or a window) keeps the matches close to the best one.
        if not (understood.units or understood.documents):
            keep = scores >= RELEVANCE_FLOOR * (scores[0] if len(scores) else 0)
            rows, scores = rows[keep], scores[keep]
        page = [
            ScoredTask(catalog.tasks[rows[i]], float(scores[i])) for i in range(offset, min(offset + limit, len(rows)))
        ]
        return Answer(
            question, understood, page, len(rows), offset, TOPIC, today, reading.grain,
            shared=_shared_ids(catalog, rows, units), widened_to=widened, past=past,
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
        parsed = reading.parsed
        if candidates is not None and len(candidates) <= 1:
            fusion = "bm25"  # nothing to order: no need to embed the question
        dense_text = parsed.topic if self.dense_source == "topic" else (self.reader.restore(parsed.text) or parsed.text)
        return self.engine.rank(parsed.topic, dense_text, candidates, fusion=fusion, query_vector=query_vector)


def _shared_ids(catalog: TaskCatalog, rows: np.ndarray, units: tuple[str, ...]) -> frozenset[int]:
    """Ids of the `rows` that `units` have "giao chung", through a group."""
    if not units:
        return frozenset()
    return frozenset(int(catalog.ids[row]) for row in np.intersect1d(rows, catalog.shared_rows(units)))


def task_query(understood: Understood) -> TaskQuery:
    """The exact filters of what was understood."""
    return TaskQuery(
        units=understood.units,
        status=understood.status,
        overdue=understood.overdue,
        pending=understood.pending,
        due_from=date.fromisoformat(understood.due_from) if understood.due_from else None,
        due_to=date.fromisoformat(understood.due_to) if understood.due_to else None,
        documents=understood.documents,
    )
