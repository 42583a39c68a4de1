"""Focal points in chat: /dangky asks to report for a unit, admin chats decide with buttons, /thuhoi revokes.

The rules live in `dondoc.followup.focal_points`; this module only reads the chat's words, calls them,
commits, and says the outcome to the asker and to the admin chats (replies addressed with `Reply.to`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from dondoc.conversation import buttons
from dondoc.conversation.messages import Button, Reply
from dondoc.conversation.turn import Turn
from dondoc.followup.focal_points import (
    Actor,
    InvalidDecision,
    NoSuchFocalPoint,
    approved_focal_point,
    chat_focal_points,
    decide,
    focal_points,
    request_focal_point,
)

ADMINS_ONLY = "Chỉ nhóm quản trị mới duyệt, từ chối hoặc thu hồi quyền đầu mối."
DANGKY_USAGE = "Cách dùng: /dangky <đơn vị>, ví dụ /dangky Bộ Y tế"
THUHOI_USAGE = "Cách dùng: /thuhoi <mã cuộc trò chuyện> <đơn vị>, ví dụ /thuhoi 123456 Bộ Y tế"
_DONE = {"approved": "Đã duyệt", "rejected": "Đã từ chối", "revoked": "Đã thu hồi"}
_TOLD = {
    "approved": "✅ Yêu cầu báo cáo cho {unit} đã được duyệt: cuộc trò chuyện này nay cập nhật được tiến độ "
    "các nhiệm vụ {unit} chủ trì (nút “Cập nhật tiến độ” hoặc /capnhat).",
    "rejected": "Yêu cầu báo cáo cho {unit} chưa được duyệt. Bạn có thể liên hệ văn phòng rồi gửi lại /dangky {unit}.",
    "revoked": "Quyền cập nhật tiến độ nhiệm vụ của {unit} của cuộc trò chuyện này đã được thu hồi.",
}


def now() -> datetime:
    """When an action is recorded (the day it speaks for is the turn's `today`)."""
    return datetime.now(UTC)


def actor(turn: Turn) -> Actor:
    """Who acts in this turn: the chat, named by channel and id in the history."""
    msg = turn.msg
    return Actor(msg.channel, msg.chat_id, f"{msg.channel} {msg.chat_id}", is_admin=turn.is_admin)


def admin_replies(turn: Turn, text: str, rows: tuple[tuple[Button, ...], ...] = ()) -> list[Reply]:
    """`text` sent to every admin chat of the turn's channel but the asker's own."""
    chats = turn.state.access.admin_chats(turn.msg.channel)
    return [Reply(text, rows, to=chat) for chat in chats if chat != turn.msg.chat_id]


def register_focal(turn: Turn, args: str, _offset: int) -> list[Reply]:
    """/dangky <đơn vị>: ask to report for a unit; the admin chats get "Duyệt" / "Từ chối"."""
    if not args.strip():
        return [_rights(turn)]
    unit = turn.unit(args)
    point = request_focal_point(turn.session, actor(turn), unit, now())
    turn.session.commit()
    if point.state == "approved":
        return [Reply(f"Cuộc trò chuyện này đã là đầu mối báo cáo của {unit}. Gõ /dangky để xem quyền hiện có.")]
    decide_rows = (
        (
            Button("Duyệt", buttons.focal(point.id, "approved")),
            Button("Từ chối", buttons.focal(point.id, "rejected")),
        ),
    )
    request = (
        f"Yêu cầu #{point.id}: cuộc trò chuyện {turn.msg.channel} {turn.msg.chat_id} xin làm đầu mối báo cáo "
        f"tiến độ cho {unit}."
    )
    to_admins = admin_replies(turn, request, decide_rows)
    if turn.is_admin:
        return [Reply(request, decide_rows)]
    if not to_admins:
        text = (
            f"Đã ghi nhận yêu cầu #{point.id} làm đầu mối báo cáo cho {unit}. Kênh này chưa có nhóm quản trị: "
            f"văn phòng duyệt bằng lệnh dondoc focal approve {point.id}."
        )
        return [Reply(text)]
    asker = Reply(f"Đã gửi yêu cầu #{point.id} làm đầu mối báo cáo cho {unit}; bạn sẽ được báo khi có kết quả.")
    return [asker, *to_admins]


def _rights(turn: Turn) -> Reply:
    """/dangky alone: what this chat may do, and for an admin the requests waiting."""
    msg = turn.msg
    if turn.is_admin:
        lines = ["Đây là nhóm quản trị: cập nhật được mọi nhiệm vụ, duyệt yêu cầu đầu mối và gia hạn."]
        rows: list[tuple[Button, ...]] = []
        for point in focal_points(turn.session, "pending")[:10]:
            lines.append(f"• Yêu cầu #{point.id}: {point.channel} {point.chat_id} — {point.unit.name}")
            rows.append(
                (
                    Button(f"Duyệt #{point.id}", buttons.focal(point.id, "approved")),
                    Button(f"Từ chối #{point.id}", buttons.focal(point.id, "rejected")),
                )
            )
        return Reply("\n".join(lines), tuple(rows))
    points = chat_focal_points(turn.session, msg.channel, msg.chat_id)
    approved = [p.unit.name for p in points if p.state == "approved"]
    pending = [p.unit.name for p in points if p.state == "pending"]
    lines = []
    if approved:
        lines.append("Cuộc trò chuyện này cập nhật được tiến độ nhiệm vụ do các đơn vị sau chủ trì:")
        lines += [f"• {name}" for name in approved]
    else:
        lines.append("Cuộc trò chuyện này chưa là đầu mối báo cáo của đơn vị nào: chỉ xem và hỏi được.")
    if pending:
        lines.append("Đang chờ duyệt: " + ", ".join(pending))
    lines.append(DANGKY_USAGE)
    return Reply("\n".join(lines))


def revoke_focal(turn: Turn, args: str, _offset: int) -> list[Reply]:
    """/thuhoi <chat> <đơn vị>: an admin ends a chat's right to report for a unit."""
    if not turn.is_admin:
        return [Reply(ADMINS_ONLY)]
    chat_id, _, unit_text = args.strip().partition(" ")
    if not chat_id or not unit_text.strip():
        return [Reply(THUHOI_USAGE)]
    unit = turn.unit(unit_text)
    point = approved_focal_point(turn.session, turn.msg.channel, chat_id, unit)
    if point is None:
        return [Reply(f"Cuộc trò chuyện {chat_id} không phải đầu mối đã duyệt của {unit}. {THUHOI_USAGE}")]
    return press_focal(turn, point.id, "revoked", edit=False)


def press_focal(turn: Turn, request_id: int, decision: str, edit: bool = True) -> list[Reply]:
    """A "Duyệt" / "Từ chối" / "Thu hồi" button: decide, tell the admin and the asker."""
    if not turn.is_admin:
        return [Reply(ADMINS_ONLY)]
    try:
        point = decide(turn.session, request_id, decision, actor(turn), now())
    except NoSuchFocalPoint:
        return [Reply(f"Không có yêu cầu đầu mối #{request_id}.")]
    except InvalidDecision as error:
        return [Reply(f"Yêu cầu #{request_id} đã được xử lý trước đó ({_DONE.get(error.state, error.state)}).")]
    turn.session.commit()
    unit = point.unit.name
    done = Reply(f"{_DONE[decision]} yêu cầu #{point.id}: {point.channel} {point.chat_id} — {unit}.", edit=edit)
    told = [Reply(_TOLD[decision].format(unit=unit), to=point.chat_id)] if point.channel == turn.msg.channel else []
    return [done, *told]
