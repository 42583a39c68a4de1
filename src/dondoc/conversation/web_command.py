"""/web: a one-time sign-in link to the office's web pages, sent only to an admin chat.

The link is minted by the application (`dondoc.web.links.link_url`, handed to the core as
`web_link`), so the conversation layer holds no secret and imports nothing of the web pages.
"""

from __future__ import annotations

from dondoc.conversation.messages import Reply
from dondoc.conversation.turn import Turn

NOT_ADMIN = (
    "Lệnh /web chỉ dùng được trong nhóm chat quản trị. Trang web theo dõi nhiệm vụ dành cho văn phòng "
    "điều phối; nếu bạn cần xem, hãy nhờ quản trị viên gửi liên kết."
)
NO_WEB = (
    "Trang web chưa được bật trên máy chủ này. Quản trị viên đặt DONDOC_WEB_PORT "
    "(hoặc DONDOC_WEB_URL và DONDOC_WEB_SECRET) rồi khởi động lại dondoc."
)


def web_link(turn: Turn, _args: str, _offset: int) -> list[Reply]:
    """/web: a fresh admin sign-in link (one use, 15 minutes) in an admin chat; a polite refusal elsewhere."""
    if not turn.is_admin:
        return [Reply(NOT_ADMIN)]
    if turn.web_link is None:
        return [Reply(NO_WEB)]
    text = (
        "Liên kết đăng nhập trang web theo dõi nhiệm vụ (quyền quản trị, dùng một lần, hết hạn sau 15 phút):\n"
        f"{turn.web_link()}\n"
        "Mở liên kết rồi bấm “Đăng nhập”. Không chuyển tiếp liên kết này cho người khác."
    )
    return [Reply(text)]
