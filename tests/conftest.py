"""Shared fixtures: real databases (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set) and the ingested corpus."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import open_database, transaction
from dondoc.data.units import UnitRegistry

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a model hub; the product must work with these set."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    return UnitRegistry.load()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dondoc.db'}"


def _postgres_schema_url() -> Iterator[str]:
    """A fresh schema on the real server, so concurrent runs never see each other's rows."""
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using it runs once on SQLite and once on PostgreSQL (skipped without TEST_POSTGRES_URL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dondoc.db'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    factory = open_database(db_url)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture(scope="session")
def corpus_url(tmp_path_factory: pytest.TempPathFactory, registry: UnitRegistry) -> str:
    """A SQLite database holding the whole bundled corpus, ingested once per test run. Read-only for tests."""
    from dondoc.ingest.pipeline import (  # the parsers load only for tests that need the corpus
        bundled_paths,
        ingest_paths,
    )

    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'dondoc.db'}"
    factory = open_database(url)
    with transaction(factory) as session:
        ingest_paths(session, bundled_paths(), registry)
    factory.kw["bind"].dispose()
    return url


@pytest.fixture
def corpus(corpus_url: str) -> Iterator[Session]:
    """A session on the ingested corpus."""
    factory = open_database(corpus_url)
    with factory() as session:
        yield session
    factory.kw["bind"].dispose()


@pytest.fixture
def corpus_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_url: str) -> Callable[..., Result]:
    """`dondoc ARGS…` on the ingested corpus (read-only), with the hash embedder: no model needed."""
    monkeypatch.setenv("DATABASE_URL", corpus_url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DONDOC_EMBEDDER", "hash")

    def invoke(*args: str) -> Result:
        from dondoc.cli import main

        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke
