"""Reminder and digest texts in short Vietnamese, with buttons whose data names what to act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dondoc.conversation import buttons
from dondoc.conversation.messages import Button, Reply
from dondoc.conversation.wording import day_text, number, short, status_term, task_facts, unit_label
from dondoc.data.task_state import is_open
from dondoc.data.task_view import TaskView
from dondoc.reminders.policy import DIGEST_KINDS, DUE_TODAY, OVERDUE_DIGEST, RECURRING_DIGEST

DETAILS_PER_ROW = 3

WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class ReminderEntry:
    """What reminders show of a task, worded once per plan however many chats list it.

    Attributes:
        lead: the lead units, with their 2025 successor ("Bộ Y tế", "Bộ A (nay: Bộ B) và 2 đơn vị khác").
        status: the status in official terms as of the plan's day ("quá hạn 12 ngày, chưa có báo cáo").
        entry: what a listing shows of it after its number: the content cut short, then a line of
            facts (how late or how soon, who leads it, on which document).
    """

    id: int
    content: str
    due: date | None
    deadline_text: str | None
    directing_docs: tuple[str, ...]
    lead: str
    status: str
    entry: str

    @classmethod
    def of(cls, task: TaskView, today: date) -> ReminderEntry:
        """What reminders show of `task` on `today`, in the wording listings share (`wording.task_facts`)."""
        due = task.deadline.due
        status = status_term(task, today)
        facts = task_facts(task, today)
        if due and due >= today and is_open(task.status):
            facts = f"{when_due(due, today)} · {status} · {unit_label(task)}"
            facts = facts[0].upper() + facts[1:]
        entry = f"{short(task.content)}\n   {facts}"
        lead = unit_label(task)
        return cls(task.id, task.content, due, task.deadline.text, task.directing_docs, lead, status, entry)


@lru_cache(maxsize=8192)  # a day's digests repeat the same few thousand due dates
def when_due(due: date, today: date) -> str:
    """ "còn 3 ngày (hạn 26/11/2026)", "đến hạn hôm nay (26/11/2026)", "quá hạn 12 ngày (hạn …)"."""
    left = (due - today).days
    if left > 0:
        return f"còn {number(left)} ngày (hạn {day_text(due)})"
    if left == 0:
        return f"đến hạn hôm nay ({day_text(due)})"
    return f"quá hạn {number(-left)} ngày (hạn {day_text(due)})"


def _units(names: Sequence[str]) -> str:
    return ", ".join(names) or "chưa rõ"


def _header(kind: str, today: date, units: Sequence[str], total: int) -> str:
    whose = f" — {_units(units)}" if units else ""
    if kind == OVERDUE_DIGEST:
        return (
            f"📋 Nhiệm vụ quá hạn{whose}\n"
            f"Tính đến {day_text(today)} có {number(total)} nhiệm vụ đã quá hạn mà chưa ghi nhận hoàn thành "
            "(quá hạn lâu nhất trước):"
        )
    if kind == RECURRING_DIGEST:
        return (
            f"🔁 Nhiệm vụ thường xuyên tháng {today:%m/%Y}{whose}\n"
            f"{number(total)} nhiệm vụ thực hiện thường xuyên, cần tiếp tục triển khai và báo cáo kết quả:"
        )
    soon = "đến hạn hôm nay" if kind == DUE_TODAY else "sắp đến hạn"
    return f"⏰ Nhắc hạn: {number(total)} nhiệm vụ {soon}{whose}"


def task_buttons(task_id: int, admin: bool) -> tuple[Button, ...]:
    """ "Đã xong" (admin chats) or "Cập nhật tiến độ" (the unit's chats), "Nhắc lại sau", "Chi tiết" for one task."""
    first = Button("✅ Đã xong", buttons.done(task_id)) if admin else Button("📝 Cập nhật", buttons.update(task_id))
    return (first, Button("⏰ Nhắc lại sau", buttons.later(task_id)), Button("Chi tiết", buttons.details(task_id)))


def single_reminder(task: ReminderEntry, today: date, admin: bool) -> Reply:
    """One task's deadline reminder: when it is due, what it is, who leads it."""
    when = when_due(task.due, today) if task.due else task.status
    lines = [f"⏰ Nhắc hạn: {when}", f"Nhiệm vụ #{task.id}: {short(task.content, 400)}"]
    if task.directing_docs:
        lines.append("Văn bản chỉ đạo: " + "; ".join(task.directing_docs))
    lines.append(f"Chủ trì: {task.lead}")
    if task.deadline_text:
        lines.append(f"Thời hạn: {task.deadline_text}")
    lines.append(f"Tình trạng: {task.status}")
    return Reply("\n".join(lines), (task_buttons(task.id, admin),))


def task_list(
    kind: str,
    day: date,
    units: Sequence[str],
    task_ids: Sequence[int],
    views: Mapping[int, ReminderEntry],
    page: int,
    page_size: int,
    *,
    admin: bool = False,
    edit: bool = False,
) -> Reply:
    """One page of a digest (or of several reminders due together): count, tasks, paging buttons.

    Args:
        task_ids: every task of the message, in order; only page `page` (from 0) is shown,
            and `views` needs only those.
        admin: several reminders due together get a "✅ Xong N" button per task in admin chats.
    """
    total = len(task_ids)
    pages = max(1, -(-total // page_size))
    page = max(0, min(page, pages - 1))
    first = page * page_size
    shown = task_ids[first : first + page_size]
    lines = [_header(kind, day, units, total), ""]
    lines += [f"{first + i + 1}. {views[task_id].entry}" for i, task_id in enumerate(shown)]
    where = f"Trang {page + 1}/{pages} · " if pages > 1 else ""
    lines += ["", f"{where}Bấm “Chi tiết N” để xem đầy đủ nhiệm vụ N. Gõ /tamdung [số ngày] để tạm dừng nhắc việc."]
    details = [Button(f"Chi tiết {first + i + 1}", buttons.details(task_id)) for i, task_id in enumerate(shown)]
    if kind in DIGEST_KINDS:
        rows = [tuple(details[i : i + DETAILS_PER_ROW]) for i in range(0, len(details), DETAILS_PER_ROW)]
    else:  # deadline reminders: each task can be closed, and all of them put off together
        done = [Button(f"✅ Xong {first + i + 1}", buttons.done(t)) for i, t in enumerate(shown)]
        rows = [(detail, *done[i : i + 1]) if admin else (detail,) for i, detail in enumerate(details)]
        rows.append((Button("⏰ Nhắc lại sau", buttons.later_all(kind, day)),))
    nav = []
    if page > 0:
        nav.append(Button("« Trước", buttons.digest_page(kind, day, page - 1)))
    if page + 1 < pages:
        nav.append(Button("Xem thêm »", buttons.digest_page(kind, day, page + 1)))
    if nav:
        rows.append(tuple(nav))
    return Reply("\n".join(lines), tuple(rows), edit=edit)


def weekday_day(value: date) -> str:
    """ "thứ Hai 30/11/2026"."""
    return f"{WEEKDAY_NAMES[value.weekday()]} {day_text(value)}"
