"""Bot fixtures: a writable copy of the corpus, the real core, a chat helper, the Telegram adapter on a fake server."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from dondoc.channels.limits import Limits, RateLimiter
from dondoc.config import Settings
from dondoc.conversation.access import Access, FloodGuard
from dondoc.conversation.core import Conversation
from dondoc.conversation.messages import IncomingMessage, Reply
from dondoc.data.db import open_database, transaction
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import bundled_paths, ingest_paths
from dondoc.reminders import ReminderPolicy
from tests.bot.fake_telegram import TOKEN, FakeTelegram
from tests.conftest import TODAY


@pytest.fixture
def bot_url(corpus_url: str, tmp_path: Path) -> str:
    """A private copy of the ingested corpus, so tests may subscribe and unsubscribe freely."""
    copy = tmp_path / "bot.db"
    shutil.copy(corpus_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def bot_sessions(bot_url: str) -> Iterator[sessionmaker[Session]]:
    factory = open_database(bot_url)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture
def corpus_sessions(db_url: str, registry: UnitRegistry) -> Iterator[sessionmaker[Session]]:
    """The corpus ingested into a fresh database of each kind (SQLite, and PostgreSQL when configured)."""
    factory = open_database(db_url)
    with transaction(factory) as session:
        ingest_paths(session, bundled_paths(), registry)
    yield factory
    factory.kw["bind"].dispose()


def make_core(sessions: sessionmaker[Session], registry: UnitRegistry, **kwargs: object) -> Conversation:
    """The real core as `dondoc serve` builds it, on a fixed day."""
    settings = Settings.from_env({"DONDOC_DATA_DIR": "/nonexistent"})
    kwargs.setdefault("reminders", ReminderPolicy.from_settings(settings))
    return Conversation(sessions, registry, today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def search_settings(corpus_url: str, registry: UnitRegistry, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose index directory holds the corpus's search index, built once (hash embedder: no model)."""
    data = tmp_path_factory.mktemp("search")
    settings = Settings.from_env({"DONDOC_DATA_DIR": str(data), "DATABASE_URL": corpus_url, "DONDOC_EMBEDDER": "hash"})
    sessions = open_database(corpus_url)
    SearchService.open(settings, sessions, registry)
    sessions.kw["bind"].dispose()
    return settings


@pytest.fixture
def core(bot_sessions: sessionmaker[Session], registry: UnitRegistry, search_settings: Settings) -> Conversation:
    """The core with free-text answers from the real search service."""
    return make_core(bot_sessions, registry, search=lambda: SearchService.open(search_settings, bot_sessions, registry))


class Chat:
    """One conversation with the core: `say` a text, `press` a button of the last reply by its label."""

    def __init__(self, core: Conversation, chat_id: str = "42", chat_type: str = "private", channel: str = "telegram"):
        self.core, self.chat_id, self.chat_type, self.channel = core, chat_id, chat_type, channel
        self.last: list[Reply] = []

    def message(self, text: str, **kwargs: object) -> IncomingMessage:
        fields = {"channel": self.channel, "chat_id": self.chat_id, "user_id": self.chat_id, "text": text}
        return IncomingMessage(**{**fields, "chat_type": self.chat_type, **kwargs})  # type: ignore[arg-type]

    def say(
        self, text: str, max_length: int = 4096, replied_buttons: list[str] | None = None, **kwargs: object
    ) -> list[Reply]:
        """Write `text`; `replied_buttons` are the button data of the bot message it replies to."""
        if replied_buttons is not None:
            kwargs["extras"] = {"replied_buttons": replied_buttons}
        self.last = self.core.handle(self.message(text, **kwargs), max_length)
        return self.last

    def text(self, text: str, **kwargs: object) -> str:
        """Everything the bot answered to `text`, as one string."""
        return "\n".join(reply.text for reply in self.say(text, **kwargs))

    def press(self, label: str) -> list[Reply]:
        return self.press_data(button(self.last, label))

    def press_data(self, data: str) -> list[Reply]:
        """Press a button carrying `data` (as any button, or forged data, would)."""
        self.last = self.core.handle(self.message(data, is_callback=True))
        return self.last


def button(replies: list[Reply], label: str) -> str:
    """The data of the button called `label` in some replies."""
    for reply in replies:
        for row in reply.buttons:
            for b in row:
                if b.text == label:
                    return b.data
    raise AssertionError(f"no button {label!r} in {[b.text for r in replies for row in r.buttons for b in row]}")


@pytest.fixture
def chat(core: Conversation) -> Chat:
    return Chat(core)


class VirtualTime:
    """A clock and a sleep for the rate limiter: sleeping moves the clock on at once, so tests never wait."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)

    def limiter(self, limits: Limits | None = None) -> RateLimiter:
        """A limiter keeping `limits` (Telegram's by default) on this clock."""
        return RateLimiter(limits, clock=self.clock, sleep=self.sleep)


@pytest.fixture
def virtual_time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
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


__all__ = ["Access", "Chat", "FloodGuard", "VirtualTime", "button", "make_core"]
