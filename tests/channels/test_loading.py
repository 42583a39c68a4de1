"""Questions that arrive while the search index loads are answered, never refused: on Telegram and Zalo the ten
a restart finds queued, on the console a question typed at once. Time is virtual: the 15 seconds a question may
wait for the semantic part pass at once, and the test says when the vectors are ready."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dondoc.channels.console import ConsoleChannel
from dondoc.channels.telegram import TelegramChannel
from dondoc.channels.zalo import ZALO_LIMITS, ZaloChannel
from dondoc.conversation.answer_text import APOLOGY
from dondoc.conversation.reading_text import SEMANTIC_PENDING
from dondoc.index.embedders import HashEmbedder
from dondoc.index.service import SEMANTIC_WAIT, SearchService
from tests.builders import Chat, VirtualTime, make_core
from tests.channels.fake_telegram import TOKEN as TELEGRAM_TOKEN
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.fake_zalo import TOKEN as ZALO_TOKEN
from tests.channels.fake_zalo import FakeZalo
from tests.conversation.test_commands import BYT_OVERDUE

# What officials asked while the bot was down: listings and topic questions, with and without diacritics.
QUEUED = [
    "BYT con cham gi",
    "Những nhiệm vụ nào có thời hạn Quý II/2024?",
    "kết nối CSDL đất đai đến đâu rồi?",
    "Bộ Công an còn những việc gì chưa xong?",
    "Ai lo việc cấp chữ ký số miễn phí cho người dân?",
    "sổ sức khỏe điện tử trên VNeID",
    "Chỉ thị 07 giao Bộ Tài chính làm gì?",
    "học bạ số do ai làm",
    "TP.HCM có việc nào chưa có báo cáo?",
    "thanh toán không dùng tiền mặt trong bệnh viện",
]
LISTINGS = {0, 1, 3, 6, 8}


class SlowEmbedder(HashEmbedder):
    """The hash embedder, whose vectors are not ready until `ready` is set (what loading a model takes)."""

    def __init__(self, ready: threading.Event) -> None:
        self.ready = ready
        super().__init__()

    @property  # type: ignore[override]
    def identity(self) -> str:
        self.ready.wait(60)
        return self._identity

    @identity.setter
    def identity(self, value: str) -> None:
        self._identity = value


class Loading:
    """A search service loading in the background, its semantic part held back; waits pass in virtual time."""

    def __init__(self, settings, sessions, registry) -> None:
        self.ready = threading.Event()
        self.waits: list[float] = []
        self.service = SearchService.start(
            settings, sessions, registry, embedder=SlowEmbedder(self.ready), clock=lambda: 0.0, wait=self._wait
        )

    def _wait(self, event: threading.Event, timeout: float) -> bool:
        self.waits.append(timeout)
        return event.is_set()  # the timeout passes at once

    def finish(self) -> None:
        self.ready.set()
        self.service._semantic.wait(60)


@pytest.fixture
def loading(search_settings, bot_sessions, registry) -> Iterator[Loading]:
    state = Loading(search_settings, bot_sessions, registry)
    yield state
    state.ready.set()


def _refused(text: str) -> bool:
    return text == APOLOGY or "đang được nạp, bạn vui lòng hỏi lại" in text


def test_a_question_waits_for_the_index_then_answers_by_keywords_and_says_so(loading, bot_sessions, registry) -> None:
    chat = Chat(make_core(bot_sessions, registry, search=lambda: loading.service))
    assert chat.text("BYT con cham gi").startswith(BYT_OVERDUE)  # a listing never waits
    assert loading.waits == []
    answer = chat.text("kết nối CSDL đất đai đến đâu rồi?")
    assert loading.waits == [SEMANTIC_WAIT]  # waited for the semantic part, at most 15 s after the start
    assert answer.startswith(f"{SEMANTIC_PENDING}\nCác nhiệm vụ liên quan nhất đến “kết nối CSDL đất đai”")
    loading.finish()
    again = chat.text("kết nối CSDL đất đai đến đâu rồi?")
    assert SEMANTIC_PENDING not in again


async def test_ten_questions_queued_on_telegram_before_the_start_are_all_answered(
    loading, bot_sessions, registry
) -> None:
    core = make_core(bot_sessions, registry, search=lambda: loading.service)
    with FakeTelegram() as fake:
        for chat, question in enumerate(QUEUED, 100):
            fake.message(chat, question)
        channel = TelegramChannel(
            core, TELEGRAM_TOKEN, base_url=fake.base_url, poll_timeout=1, limiter=VirtualTime().limiter()
        )
        core.warm()
        await channel.start()
        try:
            replies = [(await fake.expect(1, chat))[0].plain for chat in range(100, 100 + len(QUEUED))]
        finally:
            await channel.stop()
    _check(replies)


async def test_ten_questions_queued_on_zalo_before_the_start_are_all_answered(loading, bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, search=lambda: loading.service)
    with FakeZalo() as fake:
        for chat, question in enumerate(QUEUED, 100):
            fake.message(f"u{chat}", question)
        limiter = VirtualTime().limiter(ZALO_LIMITS)
        channel = ZaloChannel(core, ZALO_TOKEN, base_url=fake.base_url, poll_timeout=1, limiter=limiter)
        core.warm()
        await channel.start()
        try:
            replies = [(await fake.expect(1, f"u{chat}"))[0].text for chat in range(100, 100 + len(QUEUED))]
        finally:
            await channel.stop()
    _check(replies)


async def test_a_question_typed_at_the_console_while_the_index_loads_is_answered(
    loading, bot_sessions, registry, tmp_path: Path
) -> None:
    core = make_core(bot_sessions, registry, search=lambda: loading.service)
    out = io.StringIO()
    console = ConsoleChannel(core, stdin=io.StringIO("\n".join(QUEUED[:3]) + "\n"), stdout=out, interactive=False)
    core.warm()
    await console.start()
    await asyncio.wait_for(console.wait_closed(), 60)
    await console.stop()
    text = out.getvalue()
    assert BYT_OVERDUE in text and "Có 58 nhiệm vụ có hạn trong quý II/2024" in text
    assert SEMANTIC_PENDING in text and not _refused(text)


def _check(replies: list[str]) -> None:
    assert len(replies) == len(QUEUED)
    assert not [text for text in replies if _refused(text)]
    for index, text in enumerate(replies):
        if index in LISTINGS:
            assert "nhiệm vụ" in text.split("\n")[0] and SEMANTIC_PENDING not in text, text
        else:
            assert text.startswith(SEMANTIC_PENDING) and text.split("\n")[1].startswith(("Các nhiệm vụ", "Có ")), text
