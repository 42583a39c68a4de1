"""SearchService: the question-answering entry point the CLI, the bot and the eval share."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from dondoc.config import Settings
from dondoc.data.units import UnitRegistry
from dondoc.index.answer import FAILED, NO_DATA, Answer, Understood
from dondoc.index.answerer import Answerer
from dondoc.index.embedders import BaseEmbedder, EmbedderUnavailable, make_embedder
from dondoc.index.engine import SearchEngine
from dondoc.index.fusion import DEFAULT_FUSION
from dondoc.index.store import IndexStore, Progress, db_fingerprint, load_catalog
from dondoc.index.understanding import QuestionReader, Reading

log = logging.getLogger(__name__)

# How often a long-running service (the bot) checks whether an ingest changed the database.
FRESHNESS_SECONDS = 5.0


class SearchService:
    """Answers Vietnamese questions about the tasks in one database.

    Build it with `open`; it keeps the index in memory and in `settings.index_dir`, and notices
    ingests made by other processes (the database fingerprint is checked every few seconds).
    """

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        registry: UnitRegistry,
        embedder: BaseEmbedder | None = None,
        fusion: str = DEFAULT_FUSION,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.registry = registry
        self.store = IndexStore(settings.index_dir)
        self.fusion = fusion
        self.progress = progress
        self.embedded = 0  # passages embedded by the last refresh
        self._embedder = embedder
        self._lock = threading.Lock()
        self._checking = threading.Lock()
        self._checked = 0.0
        self._fingerprint = ""
        self.answerer: Answerer

    @classmethod
    def open(
        cls,
        settings: Settings,
        sessions: sessionmaker[Session],
        registry: UnitRegistry,
        *,
        embedder: BaseEmbedder | None = None,
        fusion: str = DEFAULT_FUSION,
        progress: Progress | None = None,
    ) -> SearchService:
        """Load the persisted index, embedding only tasks whose text changed since it was saved.

        Args:
            embedder: overrides the embedder the settings name (tests, benchmarks).
            fusion: how dense and BM25 rankings are combined (see `dondoc.index.fusion`).
            progress: called as (done, total) while passages are embedded.
        """
        service = cls(settings, sessions, registry, embedder, fusion, progress)
        service.refresh()
        return service

    def refresh(self) -> None:
        """Re-read the tasks after an ingest; re-embed only changed tasks."""
        catalog, fingerprint = load_catalog(self.sessions, self.registry)
        lexicon = self.store.lexicon(catalog)
        vectors, embedded = None, 0
        try:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings)
            vectors, embedded = self.store.vectors(catalog, self._embedder, self.progress)
        except EmbedderUnavailable as error:
            log.warning("semantic search off, keyword search only: %s", error)
        bm25 = self.store.bm25(catalog, lexicon)
        engine = SearchEngine(catalog, lexicon, vectors, self._embedder, self.fusion, bm25=bm25)
        with self._lock:
            self.answerer = Answerer(engine, QuestionReader(self.registry, lexicon))
            self._fingerprint, self._checked, self.embedded = fingerprint, time.monotonic(), embedded

    def _refresh_if_stale(self) -> None:
        """Rebuild after another process's ingest; one thread checks, the others answer from what is loaded."""
        if time.monotonic() - self._checked < FRESHNESS_SECONDS or not self._checking.acquire(blocking=False):
            return
        try:
            self._checked = time.monotonic()
            with self.sessions() as session:
                changed = db_fingerprint(session) != self._fingerprint
            if changed:
                self.refresh()
        finally:
            self._checking.release()

    def ask(self, question: str, today: date, offset: int = 0, limit: int = 10) -> Answer:
        """Answer one question; never raises on user input (an internal failure becomes an apology).

        Args:
            question: Vietnamese, with or without diacritics.
            today: the day deadlines are judged by.
            offset, limit: the page of results wanted (a listing can hold every task of a unit).
        """
        try:
            self._refresh_if_stale()
            if not len(self.engine.catalog):  # before the first ingest, "no overdue task" would be a false answer
                return Answer(question, Understood(), outcome=NO_DATA, today=today)
            return self.answerer.answer(question or "", today, max(0, offset), max(1, limit))
        except Exception:  # the bot must keep answering; the log keeps the details
            log.exception("cannot answer %r", question)
            return Answer(question, Understood(), outcome=FAILED, today=today)

    def read(self, question: str, today: date) -> Reading:
        """What query understanding makes of a question (no search)."""
        return self.answerer.reader.read(question, today)

    @property
    def engine(self) -> SearchEngine:
        return self.answerer.engine

    @property
    def reader(self) -> QuestionReader:
        return self.answerer.reader
