"""The core's rules around commands: groups, access, flooding, channel limits, button payloads."""

from __future__ import annotations

from dondoc.conversation import buttons
from dondoc.conversation.access import Access, FloodGuard
from dondoc.conversation.chat_text import fit, split_text, utf16_len
from dondoc.conversation.core import NO_SEARCH, SLOW_DOWN
from dondoc.conversation.messages import Button, Reply
from dondoc.conversation.turn import ButtonStash, Turn
from tests.builders import TODAY, Chat, make_core
from tests.conversation.test_commands import BYT_OVERDUE


def test_in_a_group_only_commands_mentions_and_buttons_get_answers(core) -> None:
    group = Chat(core, chat_id="-100123", chat_type="group")
    assert group.say("BCA con viec gi chua xong") == []
    assert group.text("/cham BYT").startswith(BYT_OVERDUE)
    assert group.say("BCA con viec gi chua xong", mentioned=True) != []
    assert "Trong nhóm, tôi chỉ trả lời lệnh" in group.text("", mentioned=True)  # a bare @bot gets the help


def test_the_allow_list_keeps_other_chats_out_but_not_admins(bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, access=Access(frozenset({"42", "telegram:-100"}), frozenset({"7"})))
    assert Chat(core, "42").text("/cham BYT").startswith(BYT_OVERDUE)
    assert Chat(core, "-100", "group").text("/cham BYT").startswith(BYT_OVERDUE)
    assert Chat(core, "7").text("/cham BYT").startswith(BYT_OVERDUE)
    refused = Chat(core, "99").text("/cham BYT")
    assert refused == (
        "Xin lỗi, cuộc trò chuyện này chưa được phép dùng dondoc. Hãy gửi mã 99 cho quản trị viên để được mở quyền."
    )
    console = Chat(core, "99", channel="console")  # the operator's own terminal
    assert console.text("/cham BYT").startswith(BYT_OVERDUE)


def test_a_flooding_user_is_warned_once_then_ignored_while_others_are_answered(bot_sessions, registry) -> None:
    now = [0.0]
    core = make_core(bot_sessions, registry, flood=FloodGuard(limit=3, window=60, clock=lambda: now[0]))
    flooder, other = Chat(core, "1"), Chat(core, "2")
    for _ in range(3):
        assert flooder.text("/donvi y te").startswith("Đơn vị khớp")
    assert flooder.text("/donvi y te") == SLOW_DOWN
    assert flooder.say("/donvi y te") == []
    assert other.text("/donvi y te").startswith("Đơn vị khớp")
    now[0] = 61.0
    assert flooder.text("/donvi y te").startswith("Đơn vị khớp")


def test_admins_are_never_throttled(bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, access=Access(admins=frozenset({"7"})), flood=FloodGuard(limit=1))
    admin = Chat(core, "7")
    assert all(admin.text("/donvi y te").startswith("Đơn vị khớp") for _ in range(5))


def test_long_replies_are_split_at_line_breaks_never_cut(chat: Chat) -> None:
    whole = chat.text("/thongke")
    pieces = chat.say("/thongke", max_length=300)
    assert len(pieces) > 1
    assert all(utf16_len(p.text) <= 300 for p in pieces)
    assert "\n".join(p.text for p in pieces).split() == whole.split()
    assert not any(p.buttons for p in pieces[:-1]) and pieces[-1].buttons  # buttons stay with the last piece


def test_split_text_handles_long_words_and_emoji() -> None:
    text = "🙂" * 3000 + "\n" + "a" * 9000
    pieces = split_text(text, 4096)
    assert all(utf16_len(p) <= 4096 for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    edited = fit([Reply("x\n" * 3000, ((Button("b", "d"),),), edit=True)], 4096)
    assert [r.edit for r in edited] == [True, False]


def test_a_long_payload_is_stashed_behind_a_short_token(core) -> None:
    turn = Turn(Chat(core).message("x"), None, core.registry, TODAY, 10, ButtonStash())  # type: ignore[arg-type]
    question = "Những nhiệm vụ nào của Bộ Công an về kết nối cơ sở dữ liệu dân cư còn chậm?"
    data = turn.data(lambda args: buttons.page("?", 10, args, "tag"), question)
    assert len(data.encode()) <= 64 and data.startswith("p:?:10:tag:~")
    pressed = buttons.decode(data)
    assert pressed is not None and turn.unstash(pressed.args) == question
    assert turn.data(lambda args: buttons.page("cham", 10, args, "tag"), "#5") == "p:cham:10:tag:#5"


def test_free_text_without_a_search_service_says_so(bot_sessions, registry) -> None:
    assert Chat(make_core(bot_sessions, registry)).text("BCA con viec gi chua xong") == NO_SEARCH


def test_reminder_buttons_are_handed_to_the_scheduler(chat: Chat) -> None:
    chat.say("/theodoi BYT")
    replies = chat.core.handle(chat.message("rm:later:731", is_callback=True))
    assert replies[0].text.startswith("⏰ Sẽ nhắc lại nhiệm vụ #731 vào")
    assert chat.core.handle(chat.message("rm:done:731", is_callback=True))[0].text.startswith("Chỉ nhóm quản trị")


def test_chi_tiet_typed_as_text_shows_that_task_of_the_chats_last_listing(core) -> None:
    for channel in ("telegram", "zalo", "console"):
        chat = Chat(core, "55", channel=channel)
        assert chat.text("Chi tiết 2").startswith("Không có nhiệm vụ số 2 trong danh sách gần nhất")
        chat.say("/cham BYT")
        pressed = chat.press("Chi tiết 2")[0].text
        assert pressed.startswith("Nhiệm vụ #")
        assert chat.text("Chi tiết 2") == chat.text("chi tiet so 2") == pressed
        chat.say("/cham")  # a new listing replaces the old one
        other = chat.press("Chi tiết 2")[0].text
        assert chat.text("Chi tiết 2") == other != pressed
        chat.say("/cham")
        chat.press("Xem thêm »")  # page 2 of the same listing: its numbers go on (11–20)
        twelfth = chat.press("Chi tiết 12")[0].text
        assert chat.text("Chi tiết 12") == twelfth
        assert Chat(core, "56", channel=channel).text("Chi tiết 2").startswith("Không có nhiệm vụ số 2")
