"""A task walked from T-8 to overdue with a controllable clock: exactly the expected messages, once each."""

from __future__ import annotations

from datetime import date, timedelta

from dondoc.channels.fake import FakeChannel
from dondoc.data.db import open_database
from dondoc.reminders import ReminderPolicy
from tests.builders import at, run_ticks, sent

DUE = date(2026, 12, 16)  # a Wednesday


def _day(offset: int) -> date:
    return DUE + timedelta(days=offset)


async def test_a_task_gets_each_reminder_once_then_a_daily_digest(world, sessions, every_day) -> None:
    task = world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    outcomes = await run_ticks(sessions, every_day, channel, at(_day(-8), 0), at(_day(3), 0))

    assert sent(outcomes) == [
        (_day(-7), "100", "due_in_7", (task,)),
        (_day(-3), "100", "due_in_3", (task,)),
        (_day(-1), "100", "due_in_1", (task,)),
        (_day(0), "100", "due_today", (task,)),
        (_day(1), "100", "overdue_digest", (task,)),
        (_day(2), "100", "overdue_digest", (task,)),
    ]
    firsts = [text.splitlines()[0] for text in channel.texts()]
    assert firsts == [
        "⏰ Nhắc hạn: còn 7 ngày (hạn 16/12/2026)",
        "⏰ Nhắc hạn: còn 3 ngày (hạn 16/12/2026)",
        "⏰ Nhắc hạn: còn 1 ngày (hạn 16/12/2026)",
        "⏰ Nhắc hạn: đến hạn hôm nay (16/12/2026)",
        "📋 Nhiệm vụ quá hạn — Bộ Y tế",
        "📋 Nhiệm vụ quá hạn — Bộ Y tế",
    ]
    assert "1. Cấp giấy chứng sinh điện tử\n   Bộ Y tế · hạn 16/12/2026 · quá hạn 1 ngày" in channel.texts()[4]
    assert "Cấp giấy chứng sinh điện tử" in channel.texts()[0]


async def test_nothing_is_sent_in_quiet_hours(world, sessions, every_day) -> None:
    world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()
    five_minutes = timedelta(minutes=5)

    night = await run_ticks(sessions, every_day, channel, at(_day(-7), 0), at(_day(-7), 7), five_minutes)
    morning = await run_ticks(sessions, every_day, channel, at(_day(-7), 7), at(_day(-7), 7, 5), five_minutes)
    rest = await run_ticks(sessions, every_day, channel, at(_day(-7), 7, 5), at(_day(-6), 7), five_minutes)

    assert (night, rest) == ([], [])
    assert [kind for *_, kind, _ in sent(morning)] == ["due_in_7"]
    assert channel.attempts == 1


async def test_a_restart_in_the_middle_changes_nothing(world, sessions, every_day, db_url) -> None:
    task = world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    before = await run_ticks(sessions, every_day, channel, at(_day(-8), 0), at(_day(-3), 12), owner="first")
    sessions.kw["bind"].dispose()
    restarted = open_database(db_url)  # a new process: new engine, new scheduler, same database
    after = await run_ticks(restarted, every_day, channel, at(_day(-3), 12), at(_day(2), 0), owner="second")
    restarted.kw["bind"].dispose()

    assert [kind for _, _, kind, _ in sent(before + after)] == [
        "due_in_7", "due_in_3", "due_in_1", "due_today", "overdue_digest",
    ]  # fmt: skip
    assert len(channel.sent) == 5
    assert all(ids == (task,) for *_, ids in sent(after))


async def test_a_day_down_costs_one_late_reminder_not_a_lost_or_doubled_one(world, sessions, every_day) -> None:
    world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    # Down from T-8 to T-6 at noon: the T-7 reminder goes out late, telling the true days left.
    outcomes = await run_ticks(sessions, every_day, channel, at(_day(-6), 12), at(_day(-2), 0))

    assert [(day, kind) for day, _, kind, _ in sent(outcomes)] == [(_day(-6), "due_in_7"), (_day(-3), "due_in_3")]
    assert channel.texts()[0].startswith("⏰ Nhắc hạn: còn 6 ngày")


async def test_down_for_days_of_overdue_sends_one_digest_on_return(world, sessions, every_day) -> None:
    world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    outcomes = await run_ticks(sessions, every_day, channel, at(_day(5), 15), at(_day(6), 0), timedelta(minutes=5))

    assert [(day, kind) for day, _, kind, _ in sent(outcomes)] == [(_day(5), "overdue_digest")]


async def test_weekend_reminders_wait_for_monday_unless_superseded(world, sessions, weekdays_only) -> None:
    world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    outcomes = await run_ticks(sessions, weekdays_only, channel, at(_day(-8), 0), at(_day(6), 0))

    # T-3 is a Sunday: its reminder comes on Monday (T-2); Saturday and Sunday send nothing.
    assert [(day, kind) for day, _, kind, _ in sent(outcomes)] == [
        (_day(-7), "due_in_7"),
        (_day(-2), "due_in_3"),
        (_day(-1), "due_in_1"),
        (_day(0), "due_today"),
        (_day(1), "overdue_digest"),
        (_day(2), "overdue_digest"),
        (_day(5), "overdue_digest"),
    ]
    assert channel.texts()[1].startswith("⏰ Nhắc hạn: còn 2 ngày")


async def test_a_task_that_becomes_done_stops_its_reminders(world, sessions, every_day) -> None:
    task = world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    first = await run_ticks(sessions, every_day, channel, at(_day(-8), 0), at(_day(-2), 0))
    world.set_status(task, "done")
    rest = await run_ticks(sessions, every_day, channel, at(_day(-2), 0), at(_day(3), 0))

    assert [kind for *_, kind, _ in sent(first)] == ["due_in_7", "due_in_3"]
    assert sent(rest) == []


async def test_a_muted_chat_hears_nothing_and_catches_up_once_after(world, sessions, every_day) -> None:
    from dondoc.data.db import transaction
    from dondoc.reminders.actions import mute_chat

    world.task("Cấp giấy chứng sinh điện tử", DUE)
    world.subscribe("100", "Bộ Y tế")
    with transaction(sessions) as session:
        mute_chat(session, "telegram", "100", _day(-3))  # through T-3 inclusive
    channel = FakeChannel()

    outcomes = await run_ticks(sessions, every_day, channel, at(_day(-8), 0), at(_day(1), 0))

    assert [(day, kind) for day, _, kind, _ in sent(outcomes)] == [
        (_day(-2), "due_in_3"),
        (_day(-1), "due_in_1"),
        (_day(0), "due_today"),
    ]


def test_policy_defaults_match_the_issue() -> None:
    policy = ReminderPolicy()
    assert policy.days_before == (7, 3, 1, 0)
    assert policy.due_kinds == ("due_in_7", "due_in_3", "due_in_1", "due_today")
    assert (policy.quiet_start, policy.quiet_end, policy.quiet_weekdays) == (21, 7, frozenset({5, 6}))
