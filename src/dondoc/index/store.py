"""The index directory next to the database: lexicon, FAISS vectors, embedding cache, and what they were built from."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.models import Source
from dondoc.data.task_view import TaskView, all_task_views
from dondoc.data.units import UnitRegistry
from dondoc.index.cache import EmbeddingCache, embed_with_cache
from dondoc.index.catalog import TaskCatalog, content_hash
from dondoc.index.embedders import BaseEmbedder
from dondoc.index.lexical import BM25Index
from dondoc.index.reports import ReportRef
from dondoc.index.vectors import VectorIndex
from dondoc.nlp.abbreviations import expand_abbreviations
from dondoc.nlp.segment import Lexicon

STATE_VERSION = 2  # 2: abbreviations of departments (KH&CN, GD&ĐT …) spelled out
LEXICON_VERSION = 3  # 3: the question vocabulary (nlp/words) learned instead of sample questions
# Shipped with the package: the lexicon and the vectors of the bundled reports (bench/build_seed.py
# rebuilds them), so a fresh install embeds and segments only what differs from them.
SEED_DIR = Path(__file__).with_name("seed")
# What of a task's text is embedded; the rest still counts for BM25. A task's first sentences name it,
# and embedding cost grows with length (see docs/benchmarks.md).
PASSAGE_CHARS = 1200
Progress = Callable[[int, int], None]


def passage(task: TaskView, limit: int | None = None) -> str:
    """The text embedded for a task: its content with abbreviations spelled out, as questions are.

    Args:
        limit: cut after this many characters, at a word (None: PASSAGE_CHARS).
    """
    text = expand_abbreviations(task.content)
    limit = PASSAGE_CHARS if limit is None else limit
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]


def db_fingerprint(session: Session) -> str:
    """Changes whenever an ingest changed anything (every changed report file gets a new content hash)."""
    rows = session.execute(select(Source.document, Source.content_hash).order_by(Source.document)).all()
    return hashlib.sha256(json.dumps([list(row) for row in rows]).encode()).hexdigest()


def load_catalog(sessions: sessionmaker[Session], registry: UnitRegistry) -> tuple[TaskCatalog, str]:
    """Every task from the database, by id, with the fingerprint of what was read."""
    with sessions() as session:
        fingerprint = db_fingerprint(session)
        tasks = all_task_views(session)
        reports = {
            source.document: ReportRef.of(
                source.document, source.title, source.issued, source.kind, source.number, source.scope, source.issuer
            )
            for source in session.scalars(select(Source))
        }
    return TaskCatalog(tasks, registry, reports), fingerprint


def _write_json(path: Path, data: Any) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class IndexStore:
    """Reads and writes `settings.index_dir`; every write is atomic, and a damaged file is rebuilt."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.lexicon_path = directory / "lexicon.json"
        self.state_path = directory / "state.json"
        self.vectors_path = directory / "vectors.faiss"
        self.bm25_path = directory / "bm25"

    def lexicon(self, catalog: TaskCatalog) -> Lexicon:
        """The corpus lexicon, learning only from task texts it has not seen (underthesea, ~5 ms a task)."""
        stored = _read_json(self.lexicon_path) or _read_json(SEED_DIR / "lexicon.json") or {}
        if stored.get("version") != LEXICON_VERSION:
            stored = {}
        learned = set(stored.get("learned", ()))
        lexicon = Lexicon.from_dict(stored.get("lexicon", {}))
        new = {h: t.content for h, t in zip(catalog.hashes, catalog.tasks, strict=True) if h not in learned}
        if new or not self.lexicon_path.exists():
            lexicon = lexicon.merge(Lexicon.learn(new.values(), questions=not learned))
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_json(
                self.lexicon_path,
                {"version": LEXICON_VERSION, "learned": sorted(learned | set(new)), "lexicon": lexicon.as_dict()},
            )
        return lexicon

    def bm25(self, catalog: TaskCatalog, lexicon: Lexicon) -> BM25Index:
        """BM25 over the catalog rows: the saved index when neither the tasks nor the lexicon changed."""
        state = {"version": STATE_VERSION, "keys": catalog.hashes, "lexicon": _digest(self.lexicon_path)}
        if _read_json(self.bm25_path / "state.json") == state:
            try:
                index = BM25Index.load(self.bm25_path)
                if index.size == len(catalog):
                    return index
            except (OSError, ValueError, KeyError):
                pass  # rebuilt below
        index = BM25Index(lexicon.tokens(task.content) for task in catalog.tasks)
        self.directory.mkdir(parents=True, exist_ok=True)
        index.save(self.bm25_path)
        _write_json(self.bm25_path / "state.json", state)
        return index

    def vectors(
        self, catalog: TaskCatalog, embedder: BaseEmbedder, progress: Progress | None = None
    ) -> tuple[VectorIndex, int]:
        """One vector per catalog row: the saved FAISS index when nothing changed, else cache plus new embeddings.

        Returns:
            The vectors and how many passages had to be embedded now.
        """
        texts = [passage(task) for task in catalog.tasks]
        keys = [content_hash(text) for text in texts]
        state = _read_json(self.state_path) or {}
        if (
            state.get("version") == STATE_VERSION
            and state.get("identity") == embedder.identity
            and state.get("keys") == keys
            and self.vectors_path.exists()
        ):
            try:
                return VectorIndex.load(self.vectors_path), 0
            except RuntimeError:
                pass  # unreadable FAISS file: rebuild it from the cache below
        cache = EmbeddingCache(self.directory / "embeddings", embedder.identity)
        seed = EmbeddingCache(SEED_DIR, embedder.identity)
        matrix, embedded = embed_with_cache(embedder, cache, texts, keys, progress, seed if len(seed) else None)
        cache.save(keep=set(keys))
        index = VectorIndex(matrix)
        self.directory.mkdir(parents=True, exist_ok=True)
        index.save(self.vectors_path)
        _write_json(self.state_path, {"version": STATE_VERSION, "identity": embedder.identity, "keys": keys})
        return index, embedded
