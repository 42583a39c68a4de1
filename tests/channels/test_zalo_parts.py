"""The Zalo adapter's pieces without a server: the update shapes it reads and the numbered menu it writes."""

from __future__ import annotations

import pytest

from dondoc.channels._zalo_api import normalise_base_url
from dondoc.channels._zalo_menu import MENU_HEADER, MenuBook, number_buttons
from dondoc.channels._zalo_updates import parse_updates
from dondoc.conversation.messages import Button, Reply

MESSAGE = {
    "message_id": "16f6366b3f02645a3d15",
    "date": 1766619597466,
    "text": "Xin chào",
    "chat": {"id": "e4ea2cd5189df1c3a88c", "chat_type": "PRIVATE"},
    "from": {"id": "e4ea2cd5189df1c3a88c", "display_name": "Nguyễn Văn A"},
}
UPDATE = {"event_name": "message.text.received", "message": MESSAGE}


@pytest.mark.parametrize(
    "payload",
    [
        {"ok": True, "result": UPDATE},  # getUpdates as documented: one update, not a list
        {"ok": True, "result": [UPDATE]},  # a list, as Telegram does
        UPDATE,  # a webhook body
        {"ok": True, "result": {"message": MESSAGE}},  # the documented sample has no event_name
        MESSAGE,  # a bare message
    ],
    ids=["object", "list", "webhook", "no-event-name", "bare-message"],
)
def test_every_update_shape_gives_the_same_message(payload: object) -> None:
    [update] = parse_updates(payload)
    assert (update.chat_id, update.user_id, update.text) == ("e4ea2cd5189df1c3a88c", "e4ea2cd5189df1c3a88c", "Xin chào")
    assert update.is_text and not update.group and update.message_id == "16f6366b3f02645a3d15"


def test_groups_stickers_and_nothing() -> None:
    group = {**MESSAGE, "chat": {"id": "g1", "chat_type": "GROUP"}, "from": {"id": "u1"}}
    [update] = parse_updates({"event_name": "message.text.received", "message": group})
    assert update.group and (update.chat_id, update.user_id) == ("g1", "u1")
    sticker = {k: v for k, v in MESSAGE.items() if k != "text"} | {"sticker": "abc"}
    [update] = parse_updates({"event_name": "message.sticker.received", "message": sticker})
    assert not update.is_text
    assert parse_updates({"ok": True, "result": None}) == []
    assert parse_updates({"ok": True, "result": []}) == []
    assert parse_updates({"ok": True, "result": {"unexpected": 1}}) == []


def test_base_url_takes_both_spellings() -> None:
    assert normalise_base_url(None) == "https://bot-api.zaloplatforms.com"
    assert normalise_base_url("http://127.0.0.1:9000/bot/") == "http://127.0.0.1:9000"
    assert normalise_base_url("http://127.0.0.1:9000") == "http://127.0.0.1:9000"


def _page(first: int, count: int, back: bool, more: bool) -> Reply:
    details = tuple(Button(f"Chi tiết {n}", f"t:{100 + n}") for n in range(first, first + count))
    nav = (Button("« Trước", "p:prev"),) * back + (Button("Xem thêm »", "p:next"),) * more
    return Reply(f"Trang bắt đầu từ {first}", (details, nav))


def test_numbers_follow_the_listing_and_the_rest_come_after() -> None:
    numbered = number_buttons([b for row in _page(11, 10, True, True).buttons for b in row])
    assert [(e.number, e.button.text) for e in numbered][-3:] == [
        (20, "Chi tiết 20"),
        (21, "« Trước"),
        (22, "Xem thêm »"),
    ]
    reminder = [Button("✅ Đã xong", "rm:d"), Button("⏰ Nhắc lại sau", "rm:l"), Button("Chi tiết", "t:5")]
    assert [e.number for e in number_buttons(reminder)] == [1, 2, 3]


def test_a_menu_is_written_under_the_text_and_a_number_presses_its_button() -> None:
    book = MenuBook()
    [text] = book.render("c1", [_page(1, 10, False, True)], 2000)
    assert text.endswith(f"{MENU_HEADER}\n1–10 · Chi tiết 1–10\n11 · Xem thêm »")
    assert book.choice("c1", " 3 ") == "t:103"
    assert book.choice("c1", "11") == "p:next"
    assert book.choice("c1", "12") is None  # not on the menu: just text
    assert book.choice("c1", "3 nhiệm vụ") is None
    assert book.choice("other", "3") is None
    book.render("c1", [Reply("Không có gì")], 2000)  # a reply without buttons keeps the menu
    assert book.choice("c1", "3") == "t:103"
    book.render("c1", [Reply("Nhắc hạn", ((Button("Chi tiết", "t:9"),),))], 2000)
    assert book.choice("c1", "1") == "t:9" and book.choice("c1", "3") is None


def test_long_text_with_a_menu_is_split_and_the_menu_stays_whole() -> None:
    book = MenuBook()
    long = Reply("\n".join(f"Dòng {i}: nội dung nhiệm vụ" for i in range(300)), _page(1, 10, False, True).buttons)
    texts = book.render("c1", [long], 2000)
    assert len(texts) >= 3 and all(len(t) <= 2000 for t in texts)
    assert "\n".join(texts).count("Dòng ") == 300
    assert texts[-1].endswith("11 · Xem thêm »") and MENU_HEADER in texts[-1]


def test_the_book_forgets_the_least_recent_chat() -> None:
    book = MenuBook(capacity=2)
    for chat in ("a", "b", "c"):
        book.render(chat, [Reply("x", ((Button("Chi tiết", f"t:{chat}"),),))], 2000)
    assert book.choice("a", "1") is None and book.choice("c", "1") == "t:c"
