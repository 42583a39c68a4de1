"""What a chat can do with its reminders: /tamdung, "Đã xong", "Nhắc lại sau", paging a digest."""

from __future__ import annotations

from datetime import date, timedelta

from dondoc.channels.fake import FakeChannel
from dondoc.conversation import is_reminder_button, pause_reminders, press_reminder_button
from dondoc.data.tasks import get_task
from dondoc.reminders import ReminderPolicy
from dondoc.reminders.actions import FOREVER, muted_until
from tests.builders import at, run_ticks, sent

MONDAY = date(2026, 11, 23)


def test_pause_for_days_until_further_notice_and_resume(world, sessions) -> None:
    world.subscribe("100", "Bộ Y tế")
    world.subscribe("100", "Bộ Công an")
    with sessions() as session:
        three = pause_reminders(session, "telegram", "100", "3", MONDAY)
        assert muted_until(session, "telegram", "100") == date(2026, 11, 25)
        ever = pause_reminders(session, "telegram", "100", "", MONDAY)
        assert muted_until(session, "telegram", "100") == FOREVER
        back = pause_reminders(session, "telegram", "100", "0", MONDAY)
        assert muted_until(session, "telegram", "100") is None
        bad = pause_reminders(session, "telegram", "100", "ba ngày", MONDAY)
        stranger = pause_reminders(session, "telegram", "999", "3", MONDAY)

    assert three.text == (
        "Đã tạm dừng nhắc việc đến hết ngày 25/11/2026; từ thứ Năm 26/11/2026 sẽ nhắc lại. "
        "Gõ /tamdung 0 để bật lại ngay."
    )
    assert ever.text == "Đã tạm dừng nhắc việc cho đến khi bạn gõ /tamdung 0."
    assert back.text == "Đã bật lại nhắc việc cho cuộc trò chuyện này."
    assert bad.text.startswith("Số ngày phải từ 0 đến 365. Cách dùng: /tamdung [số ngày]")
    assert stranger.text.startswith("Cuộc trò chuyện này chưa theo dõi đơn vị nào")


async def test_paused_chat_gets_nothing_until_the_pause_ends(world, sessions, weekdays_only) -> None:
    world.task("Kết nối cơ sở dữ liệu hộ tịch", MONDAY - timedelta(days=30))
    world.subscribe("100", "Bộ Y tế")
    with sessions() as session:
        pause_reminders(session, "telegram", "100", "2", MONDAY)  # Monday and Tuesday
    channel = FakeChannel()

    outcomes = await run_ticks(sessions, weekdays_only, channel, at(MONDAY, 0), at(MONDAY + timedelta(days=3), 0))

    assert [(day, kind) for day, _, kind, _ in sent(outcomes)] == [(date(2026, 11, 25), "overdue_digest")]


async def test_done_button_closes_the_task_in_admin_chats_only(world, sessions, registry) -> None:
    due = MONDAY + timedelta(days=3)
    task = world.task("Cấp giấy chứng sinh điện tử", due)
    world.subscribe("100", "Bộ Y tế")
    world.subscribe("200", "Bộ Y tế")
    policy = ReminderPolicy(admin_chats=frozenset({"telegram:100"}))
    channel = FakeChannel()

    await run_ticks(sessions, policy, channel, at(MONDAY, 9), at(MONDAY, 10))
    admin_buttons = [b.text for row in channel.sent[0].reply.buttons for b in row]
    other_buttons = [b.text for row in channel.sent[1].reply.buttons for b in row]
    with sessions() as session:
        refused = press_reminder_button(
            session, policy, "telegram", "200", f"rm:done:{task}", MONDAY, registry=registry
        )
        assert get_task(session, task).status == "not_done"
        done = press_reminder_button(session, policy, "telegram", "100", f"rm:done:{task}", MONDAY, registry=registry)
        closed = get_task(session, task)
    later = await run_ticks(sessions, policy, channel, at(MONDAY, 10), at(due + timedelta(days=3), 0))

    assert admin_buttons == ["✅ Đã xong", "⏰ Nhắc lại sau", "Chi tiết"]
    assert other_buttons == ["📝 Cập nhật", "⏰ Nhắc lại sau", "Chi tiết"]  # a focal point's progress update
    assert refused.text == "Chỉ nhóm quản trị mới đánh dấu được nhiệm vụ đã xong."
    assert done.text == f"✅ Đã ghi nhận nhiệm vụ #{task} hoàn thành; các nhắc hạn của nhiệm vụ này dừng lại."
    assert (closed.status, closed.status_text) == ("done", "Đã hoàn thành: xác nhận qua telegram (ngày 23/11/2026)")
    assert sent(later) == []


async def test_remind_me_later_comes_back_once_on_the_next_working_day(
    world, sessions, weekdays_only, registry
) -> None:
    friday = date(2026, 11, 27)
    task = world.task("Cấp giấy chứng sinh điện tử", friday + timedelta(days=7))  # T-7 is this Friday
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    first = await run_ticks(sessions, weekdays_only, channel, at(friday, 9), at(friday, 10))
    with sessions() as session:
        reply = press_reminder_button(
            session, weekdays_only, "telegram", "100", f"rm:later:{task}", friday, registry=registry
        )
    rest = await run_ticks(sessions, weekdays_only, channel, at(friday, 10), at(friday + timedelta(days=5), 0))

    assert reply.text == f"⏰ Sẽ nhắc lại nhiệm vụ #{task} vào thứ Hai 30/11/2026."
    assert [(day, kind) for day, _, kind, _ in sent(first + rest)] == [
        (friday, "due_in_7"),
        (date(2026, 11, 30), "due_in_7"),  # the snoozed reminder, once, on Monday
        (date(2026, 12, 1), "due_in_3"),
    ]
    assert channel.texts()[1].startswith("⏰ Nhắc hạn: còn 4 ngày (hạn 04/12/2026)")


async def test_remind_me_later_on_several_tasks_puts_off_all_of_them(world, sessions, weekdays_only, registry) -> None:
    due = MONDAY + timedelta(days=3)
    tasks = tuple(world.task(f"Nhiệm vụ {i}", due) for i in range(3))
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    first = await run_ticks(sessions, weekdays_only, channel, at(MONDAY, 9), at(MONDAY, 10))
    later = channel.sent[0].reply.buttons[-1][0]
    with sessions() as session:
        reply = press_reminder_button(session, weekdays_only, "telegram", "100", later.data, MONDAY, registry=registry)
    rest = await run_ticks(sessions, weekdays_only, channel, at(MONDAY, 10), at(due, 0))

    assert reply.text == "⏰ Sẽ nhắc lại 3 nhiệm vụ này vào thứ Ba 24/11/2026."
    assert sent(first + rest) == [
        (MONDAY, "100", "due_in_3", tasks),
        (date(2026, 11, 24), "100", "due_in_3", tasks),
        (date(2026, 11, 25), "100", "due_in_1", tasks),
    ]


async def test_digest_pages_through_every_overdue_task(world, sessions, weekdays_only, registry) -> None:
    for i in range(23):
        world.task(f"Nhiệm vụ số {i}", MONDAY - timedelta(days=100 - i))
    world.subscribe("100", "Bộ Y tế")
    channel = FakeChannel()

    await run_ticks(sessions, weekdays_only, channel, at(MONDAY, 9), at(MONDAY, 10))
    [digest] = channel.sent
    nav = list(digest.reply.buttons[-1])
    with sessions() as session:
        second = press_reminder_button(
            session, weekdays_only, "telegram", "100", nav[0].data, MONDAY, registry=registry
        )
        third = press_reminder_button(
            session, weekdays_only, "telegram", "100", "rm:pg:overdue_digest:20261123:2", MONDAY, registry=registry
        )

    assert [b.text for b in nav] == ["Xem thêm »"]
    assert nav[0].data == "rm:pg:overdue_digest:20261123:1"
    assert "Trang 1/3" in digest.reply.text and "có 23 nhiệm vụ" in digest.reply.text
    assert digest.reply.text.index("Nhiệm vụ số 0") < digest.reply.text.index("Nhiệm vụ số 9")
    assert "Nhiệm vụ số 10" not in digest.reply.text
    assert second.edit and "Trang 2/3" in second.text
    assert "11. Nhiệm vụ số 10\n   Bộ Y tế · hạn 25/08/2026 · quá hạn 90 ngày · Chỉ thị 07/CT-TTg" in second.text
    assert [b.text for b in second.buttons[-1]] == ["« Trước", "Xem thêm »"]
    assert third.edit and "Trang 3/3" in third.text
    assert "21. Nhiệm vụ số 20\n   Bộ Y tế · hạn 04/09/2026 · quá hạn 80 ngày" in third.text
    assert [b.text for b in third.buttons[-1]] == ["« Trước"]


def test_every_button_fits_telegram_callback_data(world, sessions, registry) -> None:
    with sessions() as session:
        for data in ("rm:done:2147483647", "rm:later:2147483647", "rm:pg:recurring_digest:20261123:9999"):
            assert len(data.encode()) <= 64 and is_reminder_button(data)
        assert press_reminder_button(
            session, ReminderPolicy(), "telegram", "1", "rm:bogus", MONDAY, registry=registry
        ).text.startswith("Nút này")
        assert press_reminder_button(
            session, ReminderPolicy(), "telegram", "1", "rm:later:99999", MONDAY, registry=registry
        ).text.startswith("Không tìm thấy nhiệm vụ #99999")
