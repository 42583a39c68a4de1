"""Shared fixtures: real databases (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set), the ingested corpus,
the real core with a chat, the Telegram adapter on a fake server, a world of tasks for reminders."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from dondoc.config import Settings
from dondoc.conversation.core import Conversation
from dondoc.data.db import open_database, transaction
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from dondoc.reminders import ReminderPolicy
from tests.builders import Chat, VirtualTime, World, copy_database, make_core
from tests.channels.fake_telegram import TOKEN, FakeTelegram

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


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


@pytest.fixture
def corpus_copy(corpus_url: str, tmp_path: Path) -> str:
    """A private copy of the ingested corpus (SQLite), for tests that write: subscriptions, uploads, updates."""
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    copy_database(corpus_url, url)
    return url


@pytest.fixture
def bot_sessions(corpus_copy: str) -> Iterator[sessionmaker[Session]]:
    factory = open_database(corpus_copy)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture
def corpus_sessions(db_url: str, corpus_url: str) -> Iterator[sessionmaker[Session]]:
    """A private copy of the corpus in a database of each kind (SQLite, and PostgreSQL when configured)."""
    copy_database(corpus_url, db_url)
    factory = open_database(db_url)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture(scope="session")
def corpus_index(corpus_url: str, registry: UnitRegistry, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus's search index (hash embedder: no model), built once per test run. Read-only: copy it to write."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus-search"), database_url=corpus_url, embedder="hash")
    sessions = open_database(corpus_url)
    SearchService.open(settings, sessions, registry)
    sessions.kw["bind"].dispose()
    return settings.index_dir


@pytest.fixture(scope="session")
def hash_service(corpus_url: str, corpus_index: Path, registry: UnitRegistry) -> Iterator[SearchService]:
    """The corpus searched with hash vectors (exact filters and keyword ranking), on the index built once."""
    settings = Settings(data_dir=corpus_index.parent, database_url=corpus_url, embedder="hash")
    sessions = open_database(corpus_url)
    yield SearchService.open(settings, sessions, registry)
    sessions.kw["bind"].dispose()


@pytest.fixture
def search_settings(corpus_copy: str, corpus_index: Path, tmp_path: Path) -> Settings:
    """Settings on the corpus copy whose index directory holds a copy of the corpus's index (an ingest rewrites it)."""
    settings = Settings(data_dir=tmp_path / "search", database_url=corpus_copy, embedder="hash")
    shutil.copytree(corpus_index, settings.index_dir)
    return settings


@pytest.fixture
def core(bot_sessions: sessionmaker[Session], registry: UnitRegistry, search_settings: Settings) -> Conversation:
    """The core with free-text answers from the real search service."""
    return make_core(bot_sessions, registry, search=lambda: SearchService.open(search_settings, bot_sessions, registry))


@pytest.fixture
def chat(core: Conversation) -> Chat:
    return Chat(core)


@pytest.fixture
def virtual_time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    """The fake Telegram Bot API server on 127.0.0.1."""
    with FakeTelegram() as server:
        yield server


@pytest.fixture
async def telegram(fake: FakeTelegram, core: Conversation, virtual_time: VirtualTime) -> AsyncIterator[object]:
    """The real Telegram adapter, long polling the fake server; its send limits keep virtual time."""
    from dondoc.channels.telegram import TelegramChannel

    channel = TelegramChannel(core, TOKEN, base_url=fake.base_url, poll_timeout=1, limiter=virtual_time.limiter())
    await channel.start()
    yield channel
    await channel.stop()


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> World:
    """Synthetic tasks and subscriptions on the test database (each kind)."""
    return World(sessions)


@pytest.fixture
def weekdays_only() -> ReminderPolicy:
    """The default policy (quiet 21:00-07:00 and at weekends)."""
    return ReminderPolicy()


@pytest.fixture
def every_day() -> ReminderPolicy:
    """The default policy without quiet weekends, for walks that should not depend on the calendar."""
    return ReminderPolicy(quiet_weekdays=frozenset())
