"""What the bot core calls for reminders: the /tamdung command and the buttons reminders carry.

Each function takes the core's session, acts, commits, and returns the Reply to show, so a
handler stays three lines: read the arguments, call, send.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from dondoc.conversation import buttons
from dondoc.conversation.messages import Reply
from dondoc.conversation.reminder_replies import reminder_entries, render
from dondoc.conversation.reminder_text import weekday_day
from dondoc.conversation.wording import day_text
from dondoc.data.tasks import NoSuchTask
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor
from dondoc.followup.progress import apply_update
from dondoc.reminders.actions import FOREVER, mute_chat, snooze_task
from dondoc.reminders.plan import plan_day
from dondoc.reminders.policy import ReminderPolicy

MAX_PAUSE_DAYS = 365
PAUSE_USAGE = (
    "Cách dùng: /tamdung [số ngày], ví dụ /tamdung 3 để tạm dừng nhắc việc 3 ngày; "
    "/tamdung để tạm dừng đến khi gõ /tamdung 0; /tamdung 0 để nhận nhắc việc trở lại."
)
NOTHING_LEFT = "Danh sách này không còn nhiệm vụ nào cần nhắc."
NOT_FOLLOWING = "Cuộc trò chuyện này chưa theo dõi đơn vị nào nên không có nhắc việc. Gõ /theodoi <đơn vị> để đăng ký."


def pause_reminders(session: Session, channel: str, chat_id: str, args: str, today: date) -> Reply:
    """/tamdung [số ngày]: pause a chat's reminders for some days, until further notice, or resume (0).

    Args:
        args: what followed the command ("", "3", "0").
        today: the first paused day.
    """
    args = args.strip()
    if args and not (args.isdigit() and int(args) <= MAX_PAUSE_DAYS):
        return Reply(f"Số ngày phải từ 0 đến {MAX_PAUSE_DAYS}. {PAUSE_USAGE}")
    days = int(args) if args else None
    until = FOREVER if days is None else None if days == 0 else today + timedelta(days=days - 1)
    if not mute_chat(session, channel, chat_id, until):
        return Reply(NOT_FOLLOWING)
    session.commit()
    if until is None:
        return Reply("Đã bật lại nhắc việc cho cuộc trò chuyện này.")
    if until == FOREVER:
        return Reply("Đã tạm dừng nhắc việc cho đến khi bạn gõ /tamdung 0.")
    return Reply(
        f"Đã tạm dừng nhắc việc đến hết ngày {day_text(until)}; "
        f"từ {weekday_day(until + timedelta(days=1))} sẽ nhắc lại. Gõ /tamdung 0 để bật lại ngay."
    )


def is_reminder_button(data: str) -> bool:
    """True for button data this module handles ("rm:…")."""
    return buttons.is_reminder(data)


def press_reminder_button(
    session: Session, policy: ReminderPolicy, channel: str, chat_id: str, data: str, today: date,
    *, registry: UnitRegistry, key: str | None = None,
) -> Reply:  # fmt: skip
    """Act on a reminder button: "Đã xong", "Nhắc lại sau", or a digest's page buttons.

    ("Chi tiết" carries the core's own "t:<id>" data, so the core shows the task as everywhere else.)

    Args:
        data: the pressed button's data: "rm:done:12", "rm:later:12", "rm:later:due_in_3:20261123" (every
            task of that message), "rm:pg:overdue_digest:20261123:1" (a page).
        today: the day deadlines are judged by.
        registry: the unit registry (who may update a task).
        key: the press's unique id (the callback id): "Đã xong" counts once, in the task's history.
    """
    pressed = buttons.decode(data) if buttons.is_reminder(data) else None
    try:
        if pressed is not None and pressed.action == "done":
            return _done(session, policy, Actor(channel, chat_id, f"{channel} {chat_id}", True), pressed.task_id,
                         today, registry, key)  # fmt: skip
        if pressed is not None and pressed.action == "later":
            until = policy.next_working_day(today)
            snooze_task(session, channel, chat_id, pressed.task_id, until)
            session.commit()
            return Reply(f"⏰ Sẽ nhắc lại nhiệm vụ #{pressed.task_id} vào {weekday_day(until)}.")
        if pressed is not None and pressed.day is not None and pressed.action == "later_all":
            return _later_all(session, policy, channel, chat_id, pressed.kind, pressed.day, today)
        if pressed is not None and pressed.day is not None and pressed.action == "digest_page":
            return digest_page_reply(session, policy, channel, chat_id, pressed.kind, pressed.day, pressed.page)
    except NoSuchTask as error:
        return Reply(f"Không tìm thấy nhiệm vụ #{error.task_id}; dữ liệu có thể đã được cập nhật.")
    return Reply("Nút này không còn dùng được. Gõ /help để xem các lệnh.")


def _later_all(
    session: Session, policy: ReminderPolicy, channel: str, chat_id: str, kind: str, day: date, today: date
) -> Reply:
    """ "Nhắc lại sau" on several reminders sent together: snooze each of them."""
    until = policy.next_working_day(today)
    task_ids = [t for r in plan_day(session, policy, day, chat=(channel, chat_id), skip_settled=False) if r.kind == kind
                for t in r.task_ids]  # fmt: skip
    if not task_ids:
        return Reply(NOTHING_LEFT)
    for task_id in task_ids:
        snooze_task(session, channel, chat_id, task_id, until)
    session.commit()
    return Reply(f"⏰ Sẽ nhắc lại {len(task_ids)} nhiệm vụ này vào {weekday_day(until)}.")


def _done(
    session: Session, policy: ReminderPolicy, admin: Actor, task_id: int, today: date, registry: UnitRegistry,
    key: str | None,
) -> Reply:  # fmt: skip
    """An admin's "Đã xong": an update like any other, so the history keeps it and ingest cannot undo it."""
    if not policy.is_admin(admin.channel, admin.chat_id):
        return Reply("Chỉ nhóm quản trị mới đánh dấu được nhiệm vụ đã xong.")
    note = f"xác nhận qua {admin.channel}"
    result = apply_update(
        session, task_id, "done", actor=admin, as_of=today, at=datetime.now(UTC), registry=registry, note=note, key=key
    )
    session.commit()
    if result.duplicate or result.old_status == "done":
        return Reply(f"Nhiệm vụ #{task_id} đã được ghi nhận hoàn thành từ trước.")
    return Reply(f"✅ Đã ghi nhận nhiệm vụ #{task_id} hoàn thành; các nhắc hạn của nhiệm vụ này dừng lại.")


def digest_page_reply(
    session: Session, policy: ReminderPolicy, channel: str, chat_id: str, kind: str, day: date, page: int
) -> Reply:
    """Page `page` (from 0) of the `kind` message sent to a chat on `day`, recomputed, replacing the shown page."""
    for reminder in plan_day(session, policy, day, chat=(channel, chat_id), skip_settled=False):
        if reminder.kind == kind:
            page = max(0, min(page, (len(reminder.task_ids) - 1) // policy.page_size))
            start = page * policy.page_size
            views = reminder_entries(session, reminder.task_ids[start : start + policy.page_size], day)
            return render(policy, reminder, views, page, edit=True).reply
    return Reply(NOTHING_LEFT, edit=True)
