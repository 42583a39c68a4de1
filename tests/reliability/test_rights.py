"""Issue 15, item 4: in groups only administrators change subscriptions and pauses; paging stays in its chat."""

from __future__ import annotations

from dondoc.conversation.core import EXPIRED, NOT_GROUP_ADMIN
from dondoc.reminders.subscriptions import list_subscriptions
from tests.builders import Chat, button
from tests.channels.fake_telegram import USERNAME, FakeTelegram


def _following(core, chat_id: str) -> list[str]:
    with core.sessions() as session:
        return list_subscriptions(session, "telegram", chat_id)


def test_a_group_member_cannot_follow_unfollow_or_pause_for_the_group(core) -> None:
    group = Chat(core, chat_id="-100", chat_type="group")
    for command in ("/theodoi BYT", "/huy BYT", "/tamdung 365"):
        assert group.text(command) == NOT_GROUP_ADMIN
    assert _following(core, "-100") == []
    assert group.text("/theodoi BYT", extras={"group_admin": True}).startswith("Đã theo dõi Bộ Y tế")
    assert _following(core, "-100") == ["Bộ Y tế"]
    assert Chat(core, chat_id="42").text("/theodoi BYT").startswith("Đã theo dõi Bộ Y tế")  # private: one's own


async def test_telegram_asks_get_chat_member_before_a_group_change(fake: FakeTelegram, telegram) -> None:
    fake.admins["-300"] = {555}
    fake.message(-300, f"/theodoi@{USERNAME} BYT", user_id=777)
    [refused] = await fake.expect(1, -300)
    assert refused.plain == NOT_GROUP_ADMIN
    fake.message(-300, f"/theodoi@{USERNAME} BYT", user_id=555)
    _, accepted = await fake.expect(2, -300)
    assert accepted.plain.startswith("Đã theo dõi Bộ Y tế")
    asked = [(c.params["chat_id"], c.params["user_id"]) for c in fake.called("getChatMember")]
    assert [(str(chat), str(user)) for chat, user in asked] == [("-300", "777"), ("-300", "555")]
    assert _following(telegram.core, "-300") == ["Bộ Y tế"]


def test_a_paging_button_works_only_in_the_chat_that_received_it(core) -> None:
    owner, other = Chat(core, chat_id="100"), Chat(core, chat_id="300")
    owner.say("/cham")
    more = button(owner.last, "Xem thêm »")
    assert other.core.handle(other.message(more, is_callback=True))[0].text == EXPIRED
    page = owner.core.handle(owner.message(more, is_callback=True))[0].text
    assert "(trang 2/" in page
