"""Progress updates in chat: the "Cập nhật tiến độ" buttons and their note, /capnhat, /lichsu, replies to reminders.

Every update goes through `dondoc.followup.progress.apply_update` (who may, once, newest wins) and every
extension request through `dondoc.followup.extensions`; this module reads the chat's words and buttons,
calls them, commits, and words the outcome.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.orm import Session

from dondoc.conversation import buttons
from dondoc.conversation.focal_commands import actor, admin_replies, now
from dondoc.conversation.messages import Button, Reply
from dondoc.conversation.turn import Turn
from dondoc.conversation.wording import day_text
from dondoc.data.models import TaskEvent
from dondoc.data.sources import source_names
from dondoc.data.tasks import NoSuchTask, get_task
from dondoc.followup.extensions import NoSuchExtension, decide_extension, request_extension
from dondoc.followup.focal_points import InvalidDecision, can_update
from dondoc.followup.history import latest_events, task_history
from dondoc.followup.progress import LABELS, NotAllowed, apply_update
from dondoc.nlp.progress_reply import ExtensionRequest, ProposedUpdate
from dondoc.nlp.text import fold

CHOICES = ("done", "in_progress", "blocked")
CAPNHAT_USAGE = (
    "Cách dùng: /capnhat N <trạng thái> [ghi chú], trạng thái là “xong”, “đang làm” hoặc “vướng mắc”; "
    "ví dụ /capnhat 2 xong Công văn 123/BYT ngày 02/12/2026 (N là số thứ tự trong danh sách gần nhất)."
)
LICHSU_USAGE = "Cách dùng: /lichsu N, N là số thứ tự của nhiệm vụ trong danh sách gần nhất (vd: /lichsu 2)."
ADMINS_DECIDE = "Chỉ nhóm quản trị mới duyệt hoặc từ chối đề nghị gia hạn."
# Folded words that name a status in /capnhat, longest first.
_WORDS = (
    ("dang thuc hien", "in_progress"), ("hoan thanh", "done"), ("vuong mac", "blocked"),
    ("chua xong", "not_done"), ("dang lam", "in_progress"), ("xong", "done"), ("vuong", "blocked"),
    ("done", "done"), ("dang", "in_progress"),
)  # fmt: skip
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIELDS = {"status": "Tình trạng", "note": "Ghi chú", "deadline": "Thời hạn", "units": "Đơn vị"}


def refusal(task_id: int) -> Reply:
    """What a chat that may not update a task is told (nothing has changed)."""
    return Reply(
        f"Xin lỗi, cuộc trò chuyện này chưa được cập nhật tiến độ nhiệm vụ #{task_id}: chỉ đầu mối đã được duyệt "
        "của đơn vị chủ trì hoặc nhóm quản trị mới cập nhật được. Gõ /dangky <đơn vị> để đăng ký làm đầu mối."
    )


def latest_update(session: Session, task_id: int, titles: dict[str, str]) -> str:
    """ "02/12/2026 · Công văn 123/BYT (telegram 42)", the task's latest recorded change; "" when none.

    Args:
        titles: document file name -> how the report is cited (`data.sources.source_names`).
    """
    event = latest_events(session, [task_id]).get(task_id)
    if event is None:
        return ""
    what = event.note or LABELS.get(event.new_value or "", event.new_value or "")
    document = event.source_document or ""
    who = titles.get(document, document) if event.channel == "report" else event.actor
    return f"{day_text(event.as_of)} · {what} ({who})"


def details_buttons(task_id: int) -> tuple[tuple[Button, ...], ...]:
    """The buttons under a task's details."""
    return ((Button("Cập nhật tiến độ", buttons.update(task_id)),),)


def _may(turn: Turn, task_id: int) -> bool:
    return can_update(turn.session, actor(turn), get_task(turn.session, task_id), turn.registry)


def press_update(turn: Turn, pressed: buttons.Pressed) -> list[Reply]:
    """The "u:…" buttons: offer the statuses, then ask for a note, then apply."""
    task_id = pressed.task_id
    try:
        if not _may(turn, task_id):
            return [refusal(task_id)]
    except NoSuchTask:
        return [Reply(f"Không tìm thấy nhiệm vụ #{task_id}; dữ liệu có thể đã được cập nhật.")]
    if pressed.action == "update":
        rows = tuple((Button(LABELS[s], buttons.update(task_id, s)),) for s in CHOICES)
        return [Reply(f"Nhiệm vụ #{task_id}: chọn tình trạng mới.", rows)]
    if pressed.status not in LABELS or pressed.status in ("recurring", "unknown"):
        return [Reply("Nút này không còn dùng được. Gõ /help để xem các lệnh.")]
    if pressed.action == "update_status":
        turn.state.notes.wait(turn.msg.channel, turn.msg.chat_id, task_id, pressed.status)
        skip = ((Button("Bỏ qua", buttons.update(task_id, pressed.status, "-")),),)
        text = (
            f"Nhiệm vụ #{task_id}: {LABELS[pressed.status]}. Gửi ghi chú kèm căn cứ trong tin nhắn tiếp theo "
            "(vd: Công văn 123/BYT ngày 02/12/2026), hoặc bấm “Bỏ qua”."
        )
        return [Reply(text, skip)]
    turn.state.notes.take(turn.msg.channel, turn.msg.chat_id)
    note = None if pressed.args == "-" else turn.unstash(pressed.args)
    if pressed.args != "-" and note is None:
        return [Reply("Nút này đã hết hạn (bot vừa khởi động lại). Bạn vui lòng gửi lại cập nhật.")]
    return [update(turn, task_id, pressed.status, note, key=_key(turn))]


def take_note(turn: Turn, text: str) -> Reply | None:
    """The chat's text as the note of the status it just chose; None when no update waits for one."""
    waiting = turn.state.notes.take(turn.msg.channel, turn.msg.chat_id)
    if waiting is None:
        return None
    return update(turn, waiting.task_id, waiting.status, text, key=_key(turn))


def _key(turn: Turn) -> str | None:
    """The update's key, so a redelivered message or a button pressed twice counts once.

    A typed note: its message id. A button: the message it sits on and its data (a double tap sends
    two callback queries for one intent). None (a key made of the content) when the channel gives no id.
    """
    msg = turn.msg
    native = msg.extras.get("message_id")
    if native is None:
        return None
    return f"{msg.channel}:{msg.chat_id}:{native}" + (f":{msg.text}" if msg.is_callback else "")


def update(turn: Turn, task_id: int, status: str, note: str | None, key: str | None) -> Reply:
    """Apply one update, commit, and say what happened."""
    try:
        result = apply_update(
            turn.session, task_id, status, actor=actor(turn), as_of=turn.today, at=now(),
            registry=turn.registry, note=note or None, key=key,
        )  # fmt: skip
    except NotAllowed:
        return refusal(task_id)
    except NoSuchTask:
        return Reply(f"Không tìm thấy nhiệm vụ #{task_id}; dữ liệu có thể đã được cập nhật.")
    turn.session.commit()
    said = LABELS[status] + (f" — {note}" if note else "")
    if result.duplicate:
        return Reply(f"Cập nhật này của nhiệm vụ #{task_id} đã được ghi nhận trước đó.")
    if not result.applied:
        return Reply(
            f"Đã lưu vào lịch sử nhiệm vụ #{task_id}: {said}. Tình trạng không đổi vì đã có thông tin mới hơn."
        )
    return Reply(f"✅ Đã cập nhật nhiệm vụ #{task_id}: {said} (ngày {day_text(turn.today)}). Gõ /lichsu để xem lại.")


def listed_task(turn: Turn, ref: str) -> int | None:
    """The task `ref` names: "N" of the chat's last listing, or "#id"."""
    ref = ref.strip()
    if ref.startswith("#") and ref[1:].isdigit():
        return int(ref[1:])
    if ref.isdigit():
        return turn.state.listings.task_id(turn.msg.channel, turn.msg.chat_id, int(ref))
    return None


def capnhat(turn: Turn, args: str, _offset: int) -> list[Reply]:
    """/capnhat N <trạng thái> [ghi chú] on the chat's last listing."""
    ref, _, rest = args.strip().partition(" ")
    task_id = listed_task(turn, ref)
    folded = fold(rest.strip())
    found = next(((words, status) for words, status in _WORDS if f"{folded} ".startswith(words + " ")), None)
    if task_id is None or found is None:
        return [Reply(CAPNHAT_USAGE)]
    note = rest.strip()[len(found[0]) :].strip(" :,-")  # folding keeps the length of Vietnamese words
    return [update(turn, task_id, found[1], note or None, key=_key(turn))]


def lichsu(turn: Turn, args: str, _offset: int) -> list[Reply]:
    """/lichsu N: every recorded change of task N, oldest first."""
    task_id = listed_task(turn, args)
    if task_id is None:
        return [Reply(LICHSU_USAGE)]
    try:
        events = task_history(turn.session, task_id)
    except NoSuchTask:
        return [Reply(f"Không tìm thấy nhiệm vụ #{task_id}.")]
    if not events:
        return [Reply(f"Nhiệm vụ #{task_id} chưa có thay đổi nào được ghi nhận.")]
    titles = dict(source_names(turn.session))
    lines = [f"Lịch sử nhiệm vụ #{task_id} ({len(events)} thay đổi):"]
    lines += [_event_line(event, titles) for event in events[-20:]]
    return [Reply("\n".join(lines), details_buttons(task_id))]


def _event_line(event: TaskEvent, titles: dict[str, str]) -> str:
    def said(value: str | None) -> str:
        if event.field == "deadline" and value and _ISO_DAY.fullmatch(value):
            return day_text(date.fromisoformat(value))
        return LABELS.get(value or "", value or "—")

    document = event.source_document or ""
    who = titles.get(document, document) if event.channel == "report" else event.actor
    line = f"• {day_text(event.as_of)} · {_FIELDS.get(event.field, event.field)}: "
    line += f"{said(event.old_value)} → {said(event.new_value)} · {who}"
    if event.note:
        line += f" · {event.note}"
    return line + ("" if event.applied else " (không áp dụng: đã có thông tin mới hơn)")


def reply_to_tasks(turn: Turn, task_ids: list[int], said: ProposedUpdate | ExtensionRequest) -> list[Reply]:
    """A plain reply to a message about `task_ids` (a reminder, a task's details), read by `parse_reply`.

    A status is proposed with a "Xác nhận" button per task the chat may update; an extension request
    for one task goes to the admin chats at once (they approve it). Nothing changes for a chat that
    may update none of them.
    """
    allowed = [task_id for task_id in task_ids if _exists(turn, task_id) and _may(turn, task_id)]
    if not allowed:
        return [refusal(task_ids[0])]
    if isinstance(said, ExtensionRequest):
        if len(allowed) > 1:
            return [Reply("Hãy trả lời vào tin nhắn “Chi tiết” của đúng nhiệm vụ cần gia hạn.")]
        return _extension(turn, allowed[0], said)
    expected = f"dự kiến {day_text(said.expected)}" if said.expected else None
    note = ", ".join(part for part in (said.evidence, expected) if part) or said.note
    token = "~" + turn.stash.put(note)
    rows = tuple(
        (Button("Xác nhận" if len(allowed) == 1 else f"Xác nhận #{t}", buttons.update(t, said.status, token)),)
        for t in allowed[:6]
    )
    which = f"nhiệm vụ #{allowed[0]}" if len(allowed) == 1 else "nhiệm vụ nào (bấm đúng nút)"
    return [Reply(f"Ghi nhận cho {which}: {LABELS[said.status]} — {note}? Bấm “Xác nhận” để cập nhật.", rows)]


def _exists(turn: Turn, task_id: int) -> bool:
    try:
        get_task(turn.session, task_id)
    except NoSuchTask:
        return False
    return True


def _extension(turn: Turn, task_id: int, said: ExtensionRequest) -> list[Reply]:
    request = request_extension(
        turn.session, task_id, said.due, actor=actor(turn), at=now(), registry=turn.registry, reason=said.reason
    )
    turn.session.commit()
    rows = (
        (
            Button("Duyệt gia hạn", buttons.extension(request.id, "approved")),
            Button("Từ chối", buttons.extension(request.id, "rejected")),
        ),
    )
    ask = (
        f"Đề nghị gia hạn #{request.id}: nhiệm vụ #{task_id} đến {day_text(said.due)}, "
        f"từ {turn.msg.channel} {turn.msg.chat_id}: “{said.reason}”"
    )
    if turn.is_admin:
        return [Reply(ask, rows)]
    told = f"Đã gửi đề nghị gia hạn nhiệm vụ #{task_id} đến {day_text(said.due)}; thời hạn chỉ đổi khi được duyệt."
    return [Reply(told), *admin_replies(turn, ask, rows)]


def press_extension(turn: Turn, request_id: int, decision: str) -> list[Reply]:
    """An admin's "Duyệt gia hạn" / "Từ chối": the deadline moves (an event) or stays; the asker is told."""
    if not turn.is_admin:
        return [Reply(ADMINS_DECIDE)]
    try:
        request = decide_extension(turn.session, request_id, decision == "approved", admin=actor(turn), at=now())
    except NoSuchExtension:
        return [Reply(f"Không có đề nghị gia hạn #{request_id}.")]
    except InvalidDecision:
        return [Reply(f"Đề nghị gia hạn #{request_id} đã được xử lý trước đó.")]
    turn.session.commit()
    outcome = "được duyệt" if request.state == "approved" else "không được duyệt"
    text = f"Đề nghị gia hạn nhiệm vụ #{request.task_id} đến {day_text(request.requested_due)} {outcome}."
    told = [Reply(text, to=request.chat_id)] if request.channel == turn.msg.channel else []
    return [Reply(text, edit=True), *told]
