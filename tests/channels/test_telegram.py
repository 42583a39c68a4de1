"""End to end: the real Telegram adapter (PTB Application) against the fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from dondoc.channels.limits import RateLimiter
from dondoc.channels.telegram import TelegramChannel
from dondoc.conversation.access import Access, FloodGuard
from dondoc.conversation.channel import ChatGone, RetryLater
from dondoc.conversation.commands import COMMANDS
from dondoc.conversation.core import APOLOGY, SLOW_DOWN
from dondoc.conversation.messages import Reply
from dondoc.jobs import tick
from dondoc.reminders import ReminderPolicy
from dondoc.reminders.subscriptions import list_subscriptions
from tests.builders import VirtualTime, free_port, make_core
from tests.channels.fake_telegram import TOKEN, USERNAME, FakeTelegram
from tests.conversation.test_commands import BYT_OVERDUE


async def test_start_registers_the_command_menu_and_polls(fake: FakeTelegram, telegram: TelegramChannel) -> None:
    assert [c["command"] for c in fake.commands] == list(COMMANDS)
    assert all(c["description"] for c in fake.commands)
    assert fake.called("getMe") and fake.called("deleteWebhook")
    await fake.until(lambda: fake.called("getUpdates"))


async def test_start_waits_for_an_unreachable_bot_api(fake: FakeTelegram, core) -> None:
    fake.fail_next("getMe", 502, "Bad Gateway")
    time = VirtualTime()
    async with running(core, fake, time.limiter()):
        assert len(fake.called("getMe")) == 2 and time.now == 1  # retried after a (virtual) second, then started
        fake.message(42, "/donvi y te")
        await fake.expect(1, 42)


async def test_a_command_is_answered_in_escaped_html_with_buttons(fake: FakeTelegram, telegram) -> None:
    fake.message(42, "/cham BYT")
    [reply] = await fake.expect(1, 42)
    assert reply.params["parse_mode"] == "HTML"
    assert reply.plain.startswith(BYT_OVERDUE)
    assert ("Chi tiết 1", reply.buttons[0][1]) == reply.buttons[0]
    fake.message(42, "/donvi <b>Bộ & Ngành</b>")
    escaped = (await fake.expect(2, 42))[1]
    assert "“&lt;b&gt;Bộ &amp; Ngành&lt;/b&gt;”" in escaped.text  # the fake refuses unescaped markup, like Telegram
    assert "“<b>Bộ & Ngành</b>”" in escaped.plain


async def test_paging_edits_the_message_and_answers_the_button(fake: FakeTelegram, telegram) -> None:
    fake.message(42, "/cham Bộ Công an")
    [first] = await fake.expect(1, 42)
    message_id = first.result["message_id"]
    pages = 0
    buttons = dict(first.buttons)
    while "Xem thêm »" in buttons:
        query = fake.press(42, message_id, buttons["Xem thêm »"])
        await fake.until(
            lambda q=query: [c for c in fake.called("answerCallbackQuery") if c.params["callback_query_id"] == q]
        )
        pages += 1
        edit = (await fake.expect(1 + pages, 42))[-1]
        assert edit.method == "editMessageText" and edit.params["message_id"] == message_id
        buttons = dict(edit.buttons)
    assert pages >= 2 and "« Trước" in buttons
    assert f"(trang {pages + 1}/{pages + 1})" in edit.plain


async def test_a_question_is_answered_and_paged_and_a_group_mention_too(fake: FakeTelegram, telegram) -> None:
    fake.message(42, "Những nhiệm vụ nào có thời hạn Quý II/2024?")
    [answer] = await fake.expect(1, 42)
    assert answer.plain.startswith("Có 58 nhiệm vụ có hạn trong quý II/2024:")
    fake.press(42, answer.result["message_id"], dict(answer.buttons)["Xem thêm »"])
    page = (await fake.expect(2, 42))[1]
    assert page.method == "editMessageText" and "11. " in page.plain and "(Đang hiện 11–20 trên 58" in page.plain
    asked = fake.message(-1002, f"@{USERNAME} BCA con viec gi chua xong")
    [reply] = await fake.expect(1, -1002)
    assert reply.plain.startswith("Bộ Công an có ") and "chưa hoàn thành" in reply.plain.split("\n")[0]
    assert reply.params["reply_parameters"]["message_id"] == asked["message_id"]


async def test_details_come_as_a_new_message(fake: FakeTelegram, telegram) -> None:
    fake.message(42, "/cham BYT")
    [listing] = await fake.expect(1, 42)
    fake.press(42, listing.result["message_id"], dict(listing.buttons)["Chi tiết 2"])
    details = (await fake.expect(2, 42))[1]
    assert details.method == "sendMessage" and details.plain.startswith("Nhiệm vụ #")
    assert "Nguồn:" in details.plain


async def test_unknown_unit_buttons_replace_the_question(fake: FakeTelegram, telegram) -> None:
    fake.message(42, "/theodoi Bộ Y tếe")
    [ask] = await fake.expect(1, 42)
    assert ask.plain.startswith("Không tìm thấy đơn vị “Bộ Y tếe”")
    fake.press(42, ask.result["message_id"], dict(ask.buttons)["Bộ Y tế"])
    done = (await fake.expect(2, 42))[1]
    assert done.method == "editMessageText" and done.plain.startswith("Đã theo dõi Bộ Y tế")
    with telegram.core.sessions() as session:
        assert list_subscriptions(session, "telegram", "42") == ["Bộ Y tế"]


async def test_in_groups_only_commands_for_this_bot_and_mentions_are_answered(fake: FakeTelegram, telegram) -> None:
    group = -1001
    fake.message(group, "BCA con viec gi chua xong")
    fake.message(group, "/cham@other_bot BYT")
    command = fake.message(group, f"/cham@{USERNAME} BYT")
    [reply] = await fake.expect(1, group)
    assert reply.plain.startswith(BYT_OVERDUE)
    assert reply.params["reply_parameters"]["message_id"] == command["message_id"]  # quoted in groups
    mention = fake.message(group, f"@{USERNAME} /donvi y te")
    answer = (await fake.expect(2, group))[1]
    assert answer.plain.startswith("Đơn vị khớp với “y te”")
    assert answer.params["reply_parameters"]["message_id"] == mention["message_id"]
    fake.message(group, "/donvi bo cong an", reply_to_bot=answer.result["message_id"])
    await fake.expect(3, group)
    await answered(fake, telegram)
    assert len(fake.sent(group)) == 3


async def test_a_flooding_user_is_told_once_to_slow_down(fake: FakeTelegram, bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, flood=FloodGuard(limit=3))
    async with running(core, fake) as channel:
        for _ in range(6):
            fake.message(42, "/donvi y te")
        sent = await fake.expect(4, 42)
        await answered(fake, channel)
    assert [c.plain == SLOW_DOWN for c in fake.sent(42)] == [False, False, False, True]
    assert len(sent) == 4


async def test_allow_list_errors_apology_and_admin_report(fake: FakeTelegram, bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, access=Access(frozenset({"42"}), frozenset({"7"})))
    async with running(core, fake) as channel:
        fake.message(99, "/cham")
        [refused] = await fake.expect(1, 99)
        assert "Hãy gửi mã 99 cho quản trị viên" in refused.plain
        await answered(fake, channel)  # its handling ends after the reply: the failure must come later
        with bot_sessions.begin() as session:  # a real failure: the table the command reads is gone
            session.execute(text("DROP TABLE task_reports"))
        fake.message(42, "/cham BYT")
        [apology] = await fake.expect(1, 42)
        assert apology.plain == APOLOGY
        [report] = await fake.expect(1, 7)
        assert report.plain.startswith("dondoc: lỗi khi trả lời chat telegram 42: OperationalError")
        fake.message(42, "/help")  # the loop survived
        assert (await fake.expect(2, 42))[1].plain.startswith("Tôi là dondoc")


async def test_reminders_reach_telegram_and_their_buttons_work(fake: FakeTelegram, corpus_sessions, registry) -> None:
    """The scheduler sends through the channel, on SQLite and PostgreSQL; its buttons come back to the core."""
    core = make_core(corpus_sessions, registry)
    policy = ReminderPolicy(timezone="Asia/Ho_Chi_Minh")
    async with running(core, fake) as channel:
        fake.message(42, "/theodoi Bộ Y tế")
        await fake.expect(1, 42)
        now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        outcomes = await tick(corpus_sessions, policy, {"telegram": channel}, now)
        assert outcomes and {o.state for o in outcomes} == {"sent"}
        reminder = fake.sent(42)[-1]
        assert "Bộ Y tế" in reminder.plain
        fake.press(42, reminder.result["message_id"], dict(reminder.buttons)["Chi tiết 1"])
        details = (await fake.expect(len(fake.sent(42)) + 1, 42))[-1]
        assert details.plain.startswith("Nhiệm vụ #")
        fake.message(42, "Chi tiết 1")  # typed after the digest, not pressed: the same task
        assert (await fake.expect(len(fake.sent(42)) + 1, 42))[-1].plain == details.plain
        assert await tick(corpus_sessions, policy, {"telegram": channel}, now) == []  # sent once


async def test_send_splits_long_replies_and_translates_errors(fake: FakeTelegram, telegram, virtual_time) -> None:
    lines = [f"Dòng {i} <&>" for i in range(500)]
    await telegram.send("42", Reply("\n".join(lines)))
    parts = fake.sent(42)
    assert len(parts) == 2 and all(len(p.plain) <= 4096 for p in parts)
    assert "\n".join(p.plain for p in parts).split("\n") == lines
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    before = virtual_time.now
    await telegram.send("42", Reply("sau khi chờ"))  # the limiter waits (in virtual time) and retries
    assert fake.sent(42)[-1].plain == "sau khi chờ" and virtual_time.now - before >= 1
    for _ in range(3):
        fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    with pytest.raises(RetryLater):
        await telegram.send("42", Reply("vẫn bị chặn"))
    fake.blocked.add("43")
    with pytest.raises(ChatGone):
        await telegram.send("43", Reply("x"))
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(ChatGone):
        await telegram.send("44", Reply("x"))


async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscriptions(fake: FakeTelegram, telegram) -> None:
    fake.admins["-300"] = {777}  # the group's administrator follows a unit for the group
    fake.message(-300, f"/theodoi@{USERNAME} BYT")
    await fake.expect(1, -300)
    fake.migrate(-300, -100300)
    sessions = telegram.core.sessions

    def following(chat: str) -> list[str]:
        with sessions() as session:
            return list_subscriptions(session, "telegram", chat)

    await fake.until(lambda: following("-100300") == ["Bộ Y tế"])
    assert following("-300") == []
    fake.fail_next(
        "sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat", migrate_to_chat_id=-100300
    )
    await telegram.send("-300", Reply("nhắc việc"))  # a reminder planned for the old id still arrives
    assert fake.sent(-100300)[-1].plain == "nhắc việc"


async def test_webhook_mode_receives_updates_posted_by_telegram(fake: FakeTelegram, core) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/dondoc-hook"
    channel = TelegramChannel(core, TOKEN, base_url=fake.base_url, webhook_url=url, listen=f"127.0.0.1:{port}")
    await channel.start()
    try:
        assert fake.webhook is not None and fake.webhook[0] == url and fake.webhook[1]
        assert not fake.called("getUpdates")
        fake.message(42, "/donvi y te")
        [reply] = await fake.expect(1, 42)
        assert reply.plain.startswith("Đơn vị khớp với “y te”")
        forged = urllib.request.Request(url, data=json.dumps({"update_id": 1}).encode(), method="POST")
        forged.add_header("Content-Type", "application/json")
        with pytest.raises(urllib.error.HTTPError) as refused:
            await asyncio.to_thread(urllib.request.urlopen, forged, timeout=5)
        assert refused.value.code == 403  # no secret token: not from Telegram
    finally:
        await channel.stop()


async def test_a_burst_from_many_chats_is_answered_once_each_within_limits(core) -> None:
    chats = [1000 + i for i in range(24)] + [-2000 - i for i in range(6)]
    time = VirtualTime()  # the fake stamps each call on the limiter's clock, so it checks the gaps the limiter kept
    with FakeTelegram(clock=time.clock) as fake:
        async with running(core, fake, time.limiter()) as channel:
            for round_ in range(4):
                for chat in chats:
                    fake.message(chat, f"/sapden {round_ + 1}" if chat > 0 else f"/sapden@{USERNAME} {round_ + 1}")
            await fake.expect(len(chats) * 4, timeout=60)
            await answered(fake, channel)
    for chat in chats:  # each message answered once, in the order asked
        days = [int(c.plain.split(" trong ")[1].split(" ")[0]) for c in fake.sent(chat)]
        assert days == [1, 2, 3, 4]
    assert fake.violations == []


async def answered(fake: FakeTelegram, channel: TelegramChannel) -> None:
    """Wait until the bot has taken every update sent so far and finished handling each: what it says is said."""
    await fake.until(fake.taken)
    await channel.application.update_queue.join()


class running:
    """The Telegram adapter around a given core, polling the fake server for the duration of a block."""

    def __init__(self, core, fake: FakeTelegram, limiter: RateLimiter | None = None) -> None:
        limiter = limiter or VirtualTime().limiter()  # send limits in virtual time: nothing waits
        self.channel = TelegramChannel(core, TOKEN, base_url=fake.base_url, poll_timeout=1, limiter=limiter)

    async def __aenter__(self) -> TelegramChannel:
        await self.channel.start()
        return self.channel

    async def __aexit__(self, *_exc: object) -> None:
        await self.channel.stop()
