"""SearchService: the question-answering entry point the CLI, the bot and the eval share."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from dondoc.config import Settings
from dondoc.data.units import UnitRegistry
from dondoc.index.answer import FAILED, NO_DATA, TOPIC, Answer
from dondoc.index.answerer import Answerer
from dondoc.index.catalog import TaskCatalog
from dondoc.index.embedders import BaseEmbedder, EmbedderUnavailable, make_embedder
from dondoc.index.engine import SearchEngine
from dondoc.index.fusion import DEFAULT_FUSION
from dondoc.index.store import IndexStore, Progress, db_fingerprint, load_catalog
from dondoc.index.understanding import QuestionReader
from dondoc.nlp.reading import Reading
from dondoc.nlp.segment import Lexicon

log = logging.getLogger(__name__)

# How often a long-running service (the bot) checks whether an ingest changed the database.
FRESHNESS_SECONDS = 5.0
# How long after the index starts loading a question waits for its semantic part; after that it is
# answered by keywords alone, and says so. A listing never waits: it needs no ranking.
SEMANTIC_WAIT = 15.0
Waiter = Callable[[threading.Event, float], bool]


def _wait(event: threading.Event, timeout: float) -> bool:
    return event.wait(timeout)


class SearchService:
    """Answers Vietnamese questions about the tasks in one database.

    Build it with `open` (loaded when it returns) or `start` (loading in the background: the bot answers
    meanwhile); it keeps the index in memory and in `settings.index_dir`, and notices ingests made by
    other processes (the database fingerprint is checked every few seconds).

    Args:
        clock, wait: the time and the wait for an event with a timeout (tests pass virtual ones).
    """

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        registry: UnitRegistry,
        embedder: BaseEmbedder | None = None,
        fusion: str = DEFAULT_FUSION,
        progress: Progress | None = None,
        clock: Callable[[], float] = time.monotonic,
        wait: Waiter = _wait,
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
        self._clock, self._wait = clock, wait
        self._keywords = threading.Event()  # catalog, lexicon and BM25 loaded: listings and keyword answers
        self._semantic = threading.Event()  # the vectors too: every answer
        self._loading_since = clock()
        self._answering = threading.Lock()  # one question at a time: the embedder is not known to be thread-safe
        self._answerer: Answerer | None = None

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

    @classmethod
    def start(
        cls,
        settings: Settings,
        sessions: sessionmaker[Session],
        registry: UnitRegistry,
        *,
        embedder: BaseEmbedder | None = None,
        fusion: str = DEFAULT_FUSION,
        clock: Callable[[], float] = time.monotonic,
        wait: Waiter = _wait,
    ) -> SearchService:
        """The service, loading in a background thread: keyword answers first, then semantic ones.

        A question asked meanwhile waits for the semantic part until SEMANTIC_WAIT after this call, then is
        answered by keywords (`Answer.semantic_pending`); a listing is answered as soon as the tasks are read.
        """
        service = cls(settings, sessions, registry, embedder, fusion, clock=clock, wait=wait)
        threading.Thread(target=service._load, name="search-index", daemon=True).start()
        return service

    def _load(self) -> None:
        try:
            self.refresh()
        except Exception:  # questions retry: `ask` loads again
            log.exception("could not load the search index; questions will retry")
        finally:
            self._keywords.set()  # nobody waits for a load that failed
            self._semantic.set()

    def refresh(self) -> None:
        """Re-read the tasks after an ingest; re-embed only changed tasks.

        On the first load, keyword answers are available before the vectors are.
        """
        catalog, fingerprint = load_catalog(self.sessions, self.registry)
        lexicon = self.store.lexicon(catalog)
        bm25 = self.store.bm25(catalog, lexicon)
        if self._answerer is None:
            self._publish(SearchEngine(catalog, lexicon, None, None, self.fusion, bm25=bm25), fingerprint, 0)
            self._keywords.set()
        vectors, embedded = None, 0
        try:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings)
            with self._answering if self._semantic.is_set() else contextlib.nullcontext():
                vectors, embedded = self.store.vectors(catalog, self._embedder, self.progress)
        except EmbedderUnavailable as error:
            log.warning("semantic search off, keyword search only: %s", error)
        self._publish(
            SearchEngine(catalog, lexicon, vectors, self._embedder, self.fusion, bm25=bm25), fingerprint, embedded
        )
        self._keywords.set()
        self._semantic.set()

    def _publish(self, engine: SearchEngine, fingerprint: str, embedded: int) -> None:
        reader = reader_for(self.registry, engine.lexicon, engine)
        with self._lock:
            self._answerer = Answerer(engine, reader)
            self._fingerprint, self._checked, self.embedded = fingerprint, time.monotonic(), embedded

    def _refresh_if_stale(self) -> None:
        """Rebuild after another process's ingest; one thread checks, the others answer from what is loaded."""
        if not self._semantic.is_set():
            return  # still loading
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

        While the index loads, a question waits for the semantic part (see `start`); a listing does not.

        Args:
            question: Vietnamese, with or without diacritics.
            today: the day deadlines are judged by.
            offset, limit: the page of results wanted (a listing can hold every task of a unit).
        """
        try:
            self._keywords.wait()
            self._refresh_if_stale()
            if self._answerer is None:  # the background load failed: try again now
                self.refresh()
            pending = not self._semantic.is_set()
            if pending and not self.answerer.read(question or "", today).listing:
                self._wait(self._semantic, max(0.0, self._loading_since + SEMANTIC_WAIT - self._clock()))
                pending = not self._semantic.is_set()
            answerer = self.answerer
            if not len(answerer.engine.catalog):  # before the first ingest, "no overdue task" would be a false answer
                return Answer(question, Reading(question), outcome=NO_DATA, today=today)
            with self._answering:
                answer = answerer.answer(question or "", today, max(0, offset), max(1, limit))
            return dataclasses.replace(answer, semantic_pending=pending and answer.outcome == TOPIC)
        except Exception:  # the bot must keep answering; the log keeps the details
            log.exception("cannot answer %r", question)
            return Answer(question, Reading(question), outcome=FAILED, today=today)

    def read(self, question: str, today: date) -> Reading:
        """What query understanding makes of a question (no search)."""
        return self.answerer.read(question, today)

    @property
    def answerer(self) -> Answerer:
        """The answerer of the index loaded (waits for the first keyword part).

        Raises:
            RuntimeError: the index could not be loaded.
        """
        self._keywords.wait()
        if self._answerer is None:
            raise RuntimeError("the search index is not loaded")
        return self._answerer

    @property
    def ready(self) -> bool:
        """True once the semantic part is loaded too."""
        return self._semantic.is_set()

    @property
    def engine(self) -> SearchEngine:
        return self.answerer.engine

    @property
    def reader(self) -> QuestionReader:
        return self.answerer.reader


def reader_for(registry: UnitRegistry, lexicon: Lexicon, engine: SearchEngine) -> QuestionReader:
    """The question reader of an engine: the registry, the corpus's words and its province bodies."""
    catalog: TaskCatalog = engine.catalog
    return QuestionReader(registry, lexicon, catalog.local, engine.telling, catalog.document_units)
