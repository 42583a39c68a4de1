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
from dondoc.index.catalog import TaskQuery
from dondoc.index.engine import Ranking, SearchEngine
from dondoc.index.understanding import QuestionReader, Reading

# An unfiltered topic answer keeps matches scoring at least this share of the best one.
RELEVANCE_FLOOR = 0.3


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
        query = task_query(understood)
        candidates = catalog.filter(query, today) if parsed.has_filters else None
        if candidates is not None and not len(candidates) and query.documents:
            # No task is directed by that document: list those whose text cites it ("theo Quyết định 422").
            candidates = catalog.filter(dataclasses.replace(query, mentions=True), today)
        if parsed.listing:
            everything = np.arange(len(catalog.tasks))
            rows = catalog.by_lateness(candidates if candidates is not None else everything, today, reading.grain)
            page = [ScoredTask(catalog.tasks[row], 1.0) for row in rows[offset : offset + limit]]
            return Answer(question, understood, page, len(rows), offset, LISTING, today, reading.grain)
        ranking = self.rank(reading, candidates)
        if candidates is None and not ranking.matched:
            return Answer(question, understood, outcome=NOT_UNDERSTOOD, today=today)
        rows, scores = ranking.rows, ranking.scores
        # Within a unit's or a document's tasks every one is an answer, best first; a topic over the
        # whole corpus (or only a status or a window) keeps the matches close to the best one.
        if not (understood.units or understood.documents):
            keep = scores >= RELEVANCE_FLOOR * (scores[0] if len(scores) else 0)
            rows, scores = rows[keep], scores[keep]
        page = [
            ScoredTask(catalog.tasks[rows[i]], float(scores[i])) for i in range(offset, min(offset + limit, len(rows)))
        ]
        return Answer(question, understood, page, len(rows), offset, TOPIC, today, reading.grain)

    def rank(self, reading: Reading, candidates: np.ndarray | None, fusion: str | None = None) -> Ranking:
        """Rank the candidates (all tasks when None) by the question's topic."""
        parsed = reading.parsed
        if candidates is not None and len(candidates) <= 1:
            fusion = "bm25"  # nothing to order: no need to embed the question
        dense_text = parsed.topic if self.dense_source == "topic" else (self.reader.restore(parsed.text) or parsed.text)
        return self.engine.rank(parsed.topic, dense_text, candidates, fusion=fusion)


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
