"""Delivery: flood limits waited out, failures retried with backoff, gone chats unsubscribed, dead claims taken over."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from dondoc.channels.fake import FakeChannel
from dondoc.conversation.channel import ChatGone, DeliveryError, RetryLater
from dondoc.data.db import transaction
from dondoc.jobs import tick
from dondoc.reminders.ledger import LedgerKey, claim, ledger_entries
from dondoc.reminders.subscriptions import list_subscriptions
from tests.builders import at

DAY = date(2026, 11, 24)  # a Tuesday


def _setup(world, chats=("100",)) -> int:
    task = world.task("Kết nối cơ sở dữ liệu hộ tịch", DAY - timedelta(days=30))
    for chat in chats:
        world.subscribe(chat, "Bộ Y tế")
    return task


async def test_a_short_retry_after_is_waited_out_in_the_same_tick(world, sessions, weekdays_only) -> None:
    _setup(world)
    channel = FakeChannel()
    channel.fail(RetryLater(3), times=2)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    [outcome] = await tick(sessions, weekdays_only, {"telegram": channel}, at(DAY), sleep=sleep)

    assert outcome.state == "sent"
    assert waits == [3, 3]
    with sessions() as session:
        [row] = ledger_entries(session)
    assert (row["state"], row["attempts"]) == ("sent", 3)


async def test_a_long_retry_after_is_respected_by_later_ticks(world, sessions, weekdays_only) -> None:
    _setup(world, chats=("100", "200"))
    channel = FakeChannel()
    channel.fail(RetryLater(120))
    channels = {"telegram": channel}

    first = await tick(sessions, weekdays_only, channels, at(DAY, 9))
    early = await tick(sessions, weekdays_only, channels, at(DAY, 9, 1))
    late = await tick(sessions, weekdays_only, channels, at(DAY, 9, 3))

    # The first send is told to wait 2 minutes; the rest of that tick waits too (flood control is per bot),
    # and no later tick sends before the 2 minutes are over.
    assert [o.state for o in first] == ["paused", "paused"]
    assert [(o.reminder.chat_id, o.state) for o in early] == [("100", "skipped"), ("200", "skipped")]
    assert [(o.reminder.chat_id, o.state) for o in late] == [("100", "sent"), ("200", "sent")]
    assert sorted(s.chat_id for s in channel.sent) == ["100", "200"]


async def test_failures_back_off_and_are_given_up_after_max_attempts(world, sessions, weekdays_only, caplog) -> None:
    _setup(world)
    channel = FakeChannel()
    channel.fail(DeliveryError("Bad Gateway"), times=100)
    channels = {"telegram": channel}
    now = at(DAY, 8)
    states = []
    for _ in range(40):
        states += [o.state for o in await tick(sessions, weekdays_only, channels, now)]
        now += timedelta(minutes=5)

    # Waits of 1, 2, 4, 8, 16, 32, 60 minutes between the 8 attempts, then never again.
    assert states.count("retry") == 7
    assert states.count("given_up") == 1
    assert channel.attempts == 8
    with sessions() as session:
        [row] = ledger_entries(session)
    assert (row["state"], row["attempts"], row["next_attempt_at"]) == ("failed", 8, None)
    assert "giving up overdue_digest to telegram:100 after 8 attempts" in caplog.text


async def test_a_blocked_chat_is_unsubscribed_and_logged(world, sessions, weekdays_only, caplog) -> None:
    _setup(world, chats=("100", "200"))
    channel = FakeChannel()
    channel.fail(ChatGone("100", "Forbidden: bot was blocked by the user"), chat_id="100")
    caplog.set_level(logging.WARNING, logger="dondoc.jobs")

    outcomes = await tick(sessions, weekdays_only, {"telegram": channel}, at(DAY))
    later = await tick(sessions, weekdays_only, {"telegram": channel}, at(DAY + timedelta(days=1)))

    assert [(o.reminder.chat_id, o.state) for o in outcomes] == [("100", "gone"), ("200", "sent")]
    assert [o.reminder.chat_id for o in later] == ["200"]
    with sessions() as session:
        assert list_subscriptions(session, "telegram", "100") == []
        assert list_subscriptions(session, "telegram", "200") == ["Bộ Y tế"]
    assert "chat telegram:100 is gone (chat 100 is gone: Forbidden: bot was blocked by the user)" in caplog.text


async def test_a_claim_left_by_a_dead_process_is_taken_over_after_its_lease(world, sessions, weekdays_only) -> None:
    _setup(world)
    key = LedgerKey("telegram", "100", "overdue_digest", "digest", DAY)
    with transaction(sessions) as session:
        claim(session, [key], at(DAY, 9), timedelta(minutes=10), "dead")  # claimed, never marked
    channel = FakeChannel()
    channels = {"telegram": channel}

    soon = await tick(sessions, weekdays_only, channels, at(DAY, 9, 5), owner="live")
    after_lease = await tick(sessions, weekdays_only, channels, at(DAY, 9, 15), owner="live")

    assert [o.state for o in soon] == ["skipped"]
    assert [o.state for o in after_lease] == ["sent"]
    with sessions() as session:
        [row] = ledger_entries(session)
    assert (row["state"], row["attempts"], row["claimed_by"]) == ("sent", 2, "live")


async def test_a_channel_that_is_not_running_claims_nothing(world, sessions, weekdays_only) -> None:
    _setup(world)
    world.subscribe("zalo-7", "Bộ Y tế", channel="zalo")
    channel = FakeChannel()

    outcomes = await tick(sessions, weekdays_only, {"telegram": channel}, at(DAY))

    assert sorted((o.reminder.channel, o.state) for o in outcomes) == [("telegram", "sent"), ("zalo", "no_channel")]
    with sessions() as session:
        assert [row["channel"] for row in ledger_entries(session)] == ["telegram"]
