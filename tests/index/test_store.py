"""The persisted index: restarts and re-ingests embed only what changed; damage costs a rebuild, not an error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, update

from dondoc.config import Settings
from dondoc.data.db import open_database, transaction
from dondoc.data.models import Source, Task
from dondoc.index import service as service_module
from dondoc.index.embedders import HashEmbedder
from dondoc.index.service import SearchService


class CountingEmbedder(HashEmbedder):
    def __init__(self, dim: int = 384) -> None:
        super().__init__(dim)
        self.passages = 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return super().embed_passages(texts)


@pytest.fixture
def own_corpus(corpus_copy: str, tmp_path: Path):
    """A private copy of the ingested corpus, free to change, with no index yet."""
    sessions = open_database(corpus_copy)
    yield Settings(data_dir=tmp_path, database_url=corpus_copy, embedder="hash"), sessions
    sessions.kw["bind"].dispose()


def test_restart_embeds_nothing(own_corpus, registry) -> None:
    settings, sessions = own_corpus
    first = CountingEmbedder()
    service = SearchService.open(settings, sessions, registry, embedder=first)
    assert first.passages > 100 and service.embedded == first.passages
    again = CountingEmbedder()
    assert SearchService.open(settings, sessions, registry, embedder=again).embedded == again.passages == 0
    assert (settings.index_dir / "vectors.faiss").exists()


def test_reingest_embeds_only_the_changed_task(own_corpus, registry) -> None:
    settings, sessions = own_corpus
    embedder = CountingEmbedder()
    service = SearchService.open(settings, sessions, registry, embedder=embedder)
    with transaction(sessions) as session:
        task = session.scalars(select(Task).order_by(Task.id)).first()
        task.content = "Triển khai thí điểm học bạ số trên VNeID cho học sinh toàn quốc"
        session.execute(update(Source).values(content_hash="changed"))
    before = embedder.passages
    service.refresh()
    assert embedder.passages - before == service.embedded == 1
    answer = service.ask("học bạ số trên VNeID cho học sinh toàn quốc", date(2026, 11, 23))
    assert answer.results[0].task.id == task.id


def test_another_model_never_reuses_vectors(own_corpus, registry) -> None:
    settings, sessions = own_corpus
    SearchService.open(settings, sessions, registry, embedder=CountingEmbedder())
    other = CountingEmbedder(dim=128)
    assert SearchService.open(settings, sessions, registry, embedder=other).embedded == other.passages > 100


def test_damaged_index_files_are_rebuilt(own_corpus, registry) -> None:
    settings, sessions = own_corpus
    SearchService.open(settings, sessions, registry, embedder=CountingEmbedder())
    (settings.index_dir / "vectors.faiss").write_bytes(b"not a faiss index")
    (settings.index_dir / "lexicon.json").write_text("{", encoding="utf-8")
    embedder = CountingEmbedder()
    service = SearchService.open(settings, sessions, registry, embedder=embedder)
    assert embedder.passages == 0  # the embedding cache was intact
    assert service.ask("Bộ Y tế còn chậm gì?", date(2026, 11, 23)).total > 0


def test_a_running_service_notices_an_ingest(own_corpus, registry, monkeypatch) -> None:
    settings, sessions = own_corpus
    service = SearchService.open(settings, sessions, registry, embedder=CountingEmbedder())
    monkeypatch.setattr(service_module, "FRESHNESS_SECONDS", 0.0)
    with transaction(sessions) as session:
        session.execute(update(Task).where(Task.id == 1).values(content="Nhiệm vụ hoàn toàn mới về khinh khí cầu"))
        session.execute(update(Source).values(content_hash="changed"))
    answer = service.ask("khinh khí cầu", date(2026, 11, 23))
    assert answer.results and answer.results[0].task.id == 1


@pytest.mark.model
def test_shipped_seed_covers_the_bundled_corpus(model_service) -> None:
    """A fresh install embeds (almost) nothing: rebuild the seed with bench/build_seed.py when this fails."""
    assert model_service.embedded <= len(model_service.engine.catalog) * 0.1
