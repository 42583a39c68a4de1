"""End to end: the real Zalo adapter against the fake Zalo Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from dondoc.channels._zalo_menu import MENU_HEADER
from dondoc.channels.zalo import ZALO_LIMITS, ZaloChannel
from dondoc.conversation.access import Access
from dondoc.conversation.channel import ChatGone, DeliveryError, RetryLater
from dondoc.conversation.core import APOLOGY
from dondoc.conversation.messages import Button, Reply
from dondoc.jobs import tick
from dondoc.reminders import ReminderPolicy
from dondoc.reminders.subscriptions import list_subscriptions
from tests.builders import VirtualTime, free_port, make_core
from tests.channels.fake_zalo import BOT_NAME, TOKEN, FakeZalo


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as server:
        yield server


@pytest.fixture
async def zalo(fake: FakeZalo, core, virtual_time: VirtualTime) -> AsyncIterator[ZaloChannel]:
    async with running(core, fake, limiter=virtual_time.limiter(ZALO_LIMITS)) as channel:
        yield channel


class running:
    """The Zalo adapter around a given core, long polling the fake server for the duration of a block."""

    def __init__(self, core, fake: FakeZalo, **kwargs) -> None:
        kwargs.setdefault("limiter", VirtualTime().limiter(ZALO_LIMITS))  # send limits in virtual time
        self.channel = ZaloChannel(core, TOKEN, base_url=fake.base_url, poll_timeout=1, **kwargs)

    async def __aenter__(self) -> ZaloChannel:
        await self.channel.start()
        return self.channel

    async def __aexit__(self, *_exc: object) -> None:
        await self.channel.stop()


async def test_start_checks_the_token_drops_any_webhook_and_polls(fake: FakeZalo, zalo: ZaloChannel) -> None:
    assert fake.called("getMe") and fake.called("deleteWebhook")
    assert zalo.bot_name == BOT_NAME
    await fake.until(lambda: fake.polls)


async def test_a_wrong_token_stops_start_with_a_clear_error(fake: FakeZalo, core) -> None:
    channel = ZaloChannel(core, "1:wrong", base_url=fake.base_url)
    with pytest.raises(Exception, match="Unauthorized") as error:
        await channel.start()
    assert "1:wrong" not in str(error.value)
    await channel.stop()


async def test_a_listing_comes_as_plain_text_with_a_numbered_menu(fake: FakeZalo, zalo) -> None:
    fake.message("u42", "/cham")
    listing = await answer(fake, "u42")
    parts = fake.sent("u42")
    assert len(parts) >= 2 and all(len(p.text) <= 2000 for p in parts)
    assert parts[0].text.startswith("Có 282 nhiệm vụ quá hạn") and "\n1. " in parts[0].text  # not the header alone
    assert listing.endswith(f"{MENU_HEADER}\n1–10 · Chi tiết 1–10\n11 · Xem thêm »")
    assert all(f"\n{n}. " in listing for n in range(1, 11))
    seen = len(parts)
    fake.message("u42", "11")
    page2 = await answer(fake, "u42", seen)
    assert "(trang 2/29)" in page2 and "\n1. " not in page2 and "\n11. " in page2
    assert page2.endswith("11–20 · Chi tiết 11–20\n21 · « Trước\n22 · Xem thêm »")
    seen = len(fake.sent("u42"))
    fake.message("u42", "21")
    assert "(trang 1/29)" in await answer(fake, "u42", seen)
    seen = len(fake.sent("u42"))
    fake.message("u42", "2")  # "Chi tiết 2": its menu offers the progress update
    details = await answer(fake, "u42", seen)
    assert details.startswith("Nhiệm vụ #") and "Nguồn:" in details
    assert details.endswith(f"{MENU_HEADER}\n1 · Cập nhật tiến độ")
    seen = len(fake.sent("u42"))
    fake.message("u42", "Chi tiết 2")  # typed in words, not a menu number: the core's last listing
    assert await answer(fake, "u42", seen) == details


async def test_unknown_unit_suggestions_are_chosen_by_number(fake: FakeZalo, zalo) -> None:
    fake.message("u42", "/theodoi Bộ Y tếe")
    [ask] = await fake.expect(1, "u42")
    assert ask.text.startswith("Không tìm thấy đơn vị “Bộ Y tếe”") and "1 · Bộ Y tế" in ask.text
    fake.message("u42", "1")
    done = (await fake.expect(2, "u42"))[1]
    assert done.text.startswith("Đã theo dõi Bộ Y tế")
    with zalo.core.sessions() as session:
        assert list_subscriptions(session, "zalo", "u42") == ["Bộ Y tế"]


@pytest.mark.parametrize("shape", ["list", "bare"])
async def test_other_update_shapes_are_read_the_same(shape: str, core) -> None:
    with FakeZalo(shape=shape) as fake:
        async with running(core, fake):
            fake.message("u42", "/donvi y te")
            [reply] = await fake.expect(1, "u42")
    assert reply.text.startswith("Đơn vị khớp với “y te”")


async def test_stickers_are_dropped_and_groups_need_a_command_or_a_mention(fake: FakeZalo, zalo) -> None:
    fake.message("u42", None)
    fake.message("g1", "BCA con viec gi chua xong", group=True, user_id="u7")
    fake.message("g1", "/donvi y te", group=True, user_id="u7")
    [command] = await fake.expect(1, "g1")
    assert command.text.startswith("Đơn vị khớp với “y te”")
    fake.message("g1", f"@{BOT_NAME} /donvi bo cong an", group=True, user_id="u8")
    mention = (await fake.expect(2, "g1"))[1]
    assert mention.text.startswith("Đơn vị khớp với “bo cong an”")
    await fake.until(fake.taken)
    await zalo.stop()  # it finishes the messages in hand: whatever it would say is said
    assert len(fake.sent("g1")) == 2 and fake.sent("u42") == []


async def test_send_splits_at_2000_characters_and_translates_errors(
    fake: FakeZalo, zalo: ZaloChannel, virtual_time
) -> None:
    lines = [f"Dòng {i} <&> nội dung" for i in range(400)]
    await zalo.send("u42", Reply("\n".join(lines)))
    parts = fake.sent("u42")
    assert len(parts) >= 5 and all(1 <= len(p.text) <= 2000 for p in parts)
    assert "\n".join(p.text for p in parts).split("\n") == lines  # nothing lost, nothing escaped
    fake.fail_next("sendMessage", 429, "Too Many Requests", status=429, retry_after=1)
    before = virtual_time.now
    await zalo.send("u42", Reply("sau khi chờ"))  # the limiter waits (in virtual time) and retries
    assert fake.sent("u42")[-1].text == "sau khi chờ" and virtual_time.now - before >= 1
    for _ in range(3):
        fake.fail_next("sendMessage", 429, "Too Many Requests", status=429, retry_after=1)
    with pytest.raises(RetryLater):
        await zalo.send("u42", Reply("vẫn bị chặn"))
    fake.blocked.add("u43")
    with pytest.raises(ChatGone):
        await zalo.send("u43", Reply("x"))
    fake.fail_next("sendMessage", 404, "Not Found: chat not found", status=404)
    with pytest.raises(ChatGone):
        await zalo.send("u44", Reply("x"))
    fake.fail_next("sendMessage", 500, "Internal error", status=500)
    with pytest.raises(DeliveryError) as other:
        await zalo.send("u44", Reply("x"))
    assert not isinstance(other.value, (ChatGone, RetryLater)) and TOKEN not in str(other.value)


@pytest.mark.parametrize("shape", ["bare", "wrapped"])
async def test_webhook_mode_receives_updates_posted_by_the_platform(shape: str, core) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/zalo-hook"
    with FakeZalo(webhook_shape=shape) as fake:
        async with running(core, fake, webhook_url=url, listen=f"127.0.0.1:{port}") as channel:
            assert fake.webhook == (url, channel.secret) and 8 <= len(channel.secret) <= 256
            fake.message("u42", "/donvi y te")
            [reply] = await fake.expect(1, "u42")
            assert reply.text.startswith("Đơn vị khớp với “y te”") and fake.webhook_status == [200]
            assert fake.polls == 0
            assert await post(url, {"event_name": "message.text.received"}, secret=None) == 403
            assert await post(url, {"event_name": "message.text.received"}, secret="wrong-secret") == 403
            assert await post(url.replace("zalo-hook", "other"), {}, secret=channel.secret) == 404
            assert await post(url, "not json", secret=channel.secret) == 400
        assert len(fake.sent()) == 1  # stopped, having finished the messages in hand: the refused posts said nothing


async def test_a_failure_apologises_and_reports_to_the_admins(fake: FakeZalo, bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, access=Access(frozenset(), frozenset({"zalo:admin1"})))
    async with running(core, fake):
        with bot_sessions.begin() as session:  # a real failure: the table the command reads is gone
            session.execute(text("DROP TABLE task_reports"))
        fake.message("u42", "/cham BYT")
        [apology] = await fake.expect(1, "u42")
        assert apology.text == APOLOGY
        [report] = await fake.expect(1, "admin1")
        assert report.text.startswith("dondoc: lỗi khi trả lời chat zalo u42: OperationalError")
        fake.message("u42", "/help")  # the loop survived
        assert (await fake.expect(2, "u42"))[1].text.startswith("Tôi là dondoc")


async def test_reminders_reach_zalo_and_their_buttons_answer_by_number(
    fake: FakeZalo, corpus_sessions, registry
) -> None:
    """The same reminders as Telegram, on SQLite and PostgreSQL: subscribe by chat, tick, press by number."""
    core = make_core(corpus_sessions, registry)
    policy = ReminderPolicy(timezone="Asia/Ho_Chi_Minh")
    async with running(core, fake) as channel:
        fake.message("u42", "/theodoi Bộ Y tế")
        [subscribed] = await fake.expect(1, "u42")
        assert subscribed.text.startswith("Đã theo dõi Bộ Y tế")
        now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        outcomes = await tick(corpus_sessions, policy, {"zalo": channel}, now)
        assert outcomes and {o.state for o in outcomes} == {"sent"}
        reminder = fake.sent("u42")[-1]
        assert MENU_HEADER in reminder.text and "· Chi tiết" in reminder.text
        number = next(line for line in reminder.text.splitlines() if "· Chi tiết" in line).split(" ·")[0]
        fake.message("u42", number.split("–")[0])
        shown = await fake.expect(len(fake.sent("u42")) + 1, "u42")
        details = next(m for m in reversed(shown) if not m.text.startswith("1 · "))  # its menu may come after it
        assert details.text.startswith("Nhiệm vụ #")
        assert await tick(corpus_sessions, policy, {"zalo": channel}, now) == []  # the ledger: sent once
    with corpus_sessions() as session:
        assert list_subscriptions(session, "zalo", "u42") == ["Bộ Y tế"]


async def test_a_button_on_a_direct_send_is_answered_by_number(fake: FakeZalo, zalo: ZaloChannel) -> None:
    await zalo.send("u42", Reply("Nhắc việc", ((Button("⏰ Nhắc lại sau", "x:later"), Button("Chi tiết", "t:1")),)))
    [sent] = fake.sent("u42")
    assert sent.text == f"Nhắc việc\n\n{MENU_HEADER}\n1 · ⏰ Nhắc lại sau\n2 · Chi tiết"
    fake.message("u42", "2")
    details = (await fake.expect(2, "u42"))[1]
    assert details.text.startswith("Nhiệm vụ #1")


async def answer(fake: FakeZalo, chat: str, seen: int = 0) -> str:
    """The messages sent to `chat` after the first `seen`, joined: up to the one with the menu."""
    await fake.until(lambda: len(sent := fake.sent(chat)) > seen and MENU_HEADER in sent[-1].text)
    return "\n".join(call.text for call in fake.sent(chat)[seen:])


async def post(url: str, body: object, secret: str | None) -> int:
    data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/json")
    if secret is not None:
        request.add_header("X-Bot-Api-Secret-Token", secret)

    def send() -> int:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    return await asyncio.to_thread(send)
