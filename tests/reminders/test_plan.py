"""What a day owes each chat: one digest per chat, successor units, coordinating roles, monthly recurring digest."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from dondoc.config import Settings
from dondoc.conversation import with_texts
from dondoc.reminders import PolicyError, ReminderPolicy, plan_day
from tests.builders import at

MONDAY = date(2026, 11, 23)


def _plan(sessions, policy: ReminderPolicy, day: date = MONDAY):
    with sessions() as session:
        return with_texts(session, policy, plan_day(session, policy, day))


def test_a_chat_following_two_units_gets_one_digest_most_overdue_first(world, sessions) -> None:
    old = world.task("Số hóa hồ sơ bệnh án", MONDAY - timedelta(days=400), lead=("Bộ Y tế",))
    newer = world.task("Cấp căn cước cho trẻ em", MONDAY - timedelta(days=20), lead=("Bộ Công an",))
    world.task("Đã xong từ lâu", MONDAY - timedelta(days=500), lead=("Bộ Y tế",), status="done")
    world.task("Thường xuyên", MONDAY - timedelta(days=500), lead=("Bộ Y tế",), status="recurring")
    world.subscribe("100", "Bộ Y tế")
    world.subscribe("100", "Bộ Công an")

    [digest] = _plan(sessions, ReminderPolicy())

    assert digest.as_dict() == {
        "channel": "telegram",
        "chat": "100",
        "unit": "Bộ Y tế, Bộ Công an",
        "kind": "overdue_digest",
        "task_ids": [old, newer],
        "text": digest.reply.text,
    }
    assert digest.reply.text.splitlines()[:7] == [
        "📋 Nhiệm vụ quá hạn — Bộ Y tế, Bộ Công an",
        "Tính đến 23/11/2026 có 2 nhiệm vụ đã quá hạn mà chưa ghi nhận hoàn thành (quá hạn lâu nhất trước):",
        "",
        "1. Số hóa hồ sơ bệnh án",
        "   Bộ Y tế · hạn 19/10/2025 · quá hạn 400 ngày · Chỉ thị 07/CT-TTg",
        "2. Cấp căn cước cho trẻ em",
        "   Bộ Công an · hạn 03/11/2026 · quá hạn 20 ngày · Chỉ thị 07/CT-TTg",
    ]


def test_a_successor_unit_hears_about_the_tasks_it_took_over(world, sessions) -> None:
    world.unit("Bộ Tài chính")
    world.unit("Bộ Kế hoạch và Đầu tư", current="Bộ Tài chính")
    task = world.task(
        "Kết nối dữ liệu đăng ký doanh nghiệp", MONDAY - timedelta(days=10), lead=("Bộ Kế hoạch và Đầu tư",)
    )
    world.subscribe("100", "Bộ Tài chính")

    [digest] = _plan(sessions, ReminderPolicy())

    assert (digest.units, digest.task_ids) == (("Bộ Tài chính",), (task,))
    assert "Bộ Kế hoạch và Đầu tư (nay: Bộ Tài chính) · hạn" in digest.reply.text


def test_coordinating_units_are_reminded_only_when_configured(world, sessions) -> None:
    task = world.task(
        "Xác thực thuê bao di động", MONDAY - timedelta(days=10), lead=("Bộ Công an",), coordinating=("Bộ Y tế",)
    )
    world.subscribe("100", "Bộ Y tế")

    assert _plan(sessions, ReminderPolicy()) == []
    [digest] = _plan(sessions, ReminderPolicy(roles=("lead", "coordinating")))
    assert digest.task_ids == (task,)


def test_tasks_due_together_come_in_one_message(world, sessions) -> None:
    due = MONDAY + timedelta(days=3)
    tasks = [world.task(f"Nhiệm vụ {i}", due) for i in range(3)]
    world.subscribe("100", "Bộ Y tế")

    [reminder] = _plan(sessions, ReminderPolicy())

    assert (reminder.kind, reminder.task_ids) == ("due_in_3", tuple(tasks))
    assert [key.subject for key in reminder.keys] == [f"task:{t}" for t in tasks]
    assert reminder.reply.text.startswith("⏰ Nhắc hạn: 3 nhiệm vụ sắp đến hạn — Bộ Y tế")
    assert [[b.text for b in row] for row in reminder.reply.buttons] == [
        ["Chi tiết 1"], ["Chi tiết 2"], ["Chi tiết 3"], ["⏰ Nhắc lại sau"],
    ]  # fmt: skip
    assert reminder.reply.buttons[-1][0].data == "rm:later:due_in_3:20261123"


def test_recurring_digest_is_monthly_caught_up_for_a_week_then_not(world, sessions) -> None:
    task = world.task("Rà soát, cập nhật dữ liệu dân cư", None, status="recurring", deadline_kind="recurring")
    world.subscribe("100", "Bộ Y tế")
    policy = ReminderPolicy()

    def kinds(day: date) -> list[str]:
        return [r.kind for r in _plan(sessions, policy, day)]

    assert kinds(date(2026, 12, 1)) == ["recurring_digest"]  # a Tuesday
    assert kinds(date(2026, 12, 7)) == ["recurring_digest"]  # still owed if never sent
    assert kinds(date(2026, 12, 8)) == []
    assert kinds(date(2026, 11, 2)) == ["recurring_digest"]  # 1 November 2026 is a Sunday
    assert kinds(MONDAY) == []
    [digest] = _plan(sessions, policy, date(2026, 12, 1))
    assert digest.reply.text.startswith("🔁 Nhiệm vụ thường xuyên tháng 12/2026 — Bộ Y tế")
    assert digest.keys[0].day == date(2026, 12, 1) and digest.task_ids == (task,)


def test_quiet_days_owe_nothing(world, sessions) -> None:
    world.task("Kết nối cơ sở dữ liệu hộ tịch", MONDAY - timedelta(days=30))
    world.subscribe("100", "Bộ Y tế")

    assert _plan(sessions, ReminderPolicy(), date(2026, 11, 28)) == []
    assert len(_plan(sessions, ReminderPolicy(quiet_weekdays=frozenset()), date(2026, 11, 28))) == 1


@pytest.mark.parametrize(
    ("days_left", "milestone"),
    [(8, None), (7, 7), (6, 7), (4, 7), (3, 3), (2, 3), (1, 1), (0, 0), (-1, None)],
)
def test_the_latest_reminder_reached_is_owed(days_left: int, milestone: int | None) -> None:
    assert ReminderPolicy().due_milestone(MONDAY + timedelta(days=days_left), MONDAY) == milestone


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"), [(6, 59, True), (7, 0, False), (20, 59, False), (21, 0, True), (0, 0, True)]
)
def test_quiet_hours_wrap_around_midnight(hour: int, minute: int, quiet: bool) -> None:
    assert ReminderPolicy().is_quiet(at(MONDAY, hour, minute)) is quiet


def test_policy_comes_from_settings_and_rejects_bad_values(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "DONDOC_DATA_DIR": str(tmp_path),
            "DONDOC_REMINDER_DAYS": "14,7,1",
            "DONDOC_REMINDER_ROLES": "lead,coordinating",
            "DONDOC_QUIET_DAYS": "sun",
            "DONDOC_QUIET_START": "22",
        }
    )
    policy = ReminderPolicy.from_settings(settings)
    assert (policy.days_before, policy.roles, policy.quiet_weekdays) == ((14, 7, 1), ("lead", "coordinating"), {6})
    assert policy.due_kinds == ("due_in_14", "due_in_7", "due_in_1")
    assert ReminderPolicy.from_settings(Settings.from_env({"DONDOC_QUIET_DAYS": ""})).quiet_weekdays == frozenset()
    with pytest.raises(PolicyError, match="DONDOC_QUIET_DAYS='sunday'"):
        ReminderPolicy.from_settings(Settings.from_env({"DONDOC_QUIET_DAYS": "sunday"}))
    with pytest.raises(PolicyError, match="DONDOC_REMINDER_ROLES"):
        ReminderPolicy.from_settings(Settings.from_env({"DONDOC_REMINDER_ROLES": "chu tri"}))


def test_a_member_is_reminded_of_a_group_task_only_when_the_result_names_it_lagging(world, sessions) -> None:
    roadmap = world.task(
        "Xây dựng lộ trình kết nối dữ liệu",
        MONDAY - timedelta(days=30),
        lead=("Các bộ, ngành",),
        status="in_progress",
        status_text="Còn 02 bộ, ngành chưa có lộ trình (Bộ Tư pháp, Bộ Y tế)",
    )
    world.task("Rà soát thủ tục hành chính", MONDAY - timedelta(days=60), lead=("Các bộ, ngành",))  # names no one
    own = world.task("Số hóa hồ sơ bệnh án", MONDAY - timedelta(days=10), lead=("Bộ Y tế",))
    world.subscribe("100", "Bộ Y tế")
    world.subscribe("200", "Bộ Công an")

    [digest] = _plan(sessions, ReminderPolicy())

    # Bộ Y tế is named among the lagging: the roadmap is its own. The task every ministry shares
    # ("giao chung") is not reminded, and Bộ Công an, not named, hears of neither.
    assert (digest.chat_id, digest.task_ids) == ("100", (roadmap, own))
    assert "Xây dựng lộ trình kết nối dữ liệu" in digest.reply.text
