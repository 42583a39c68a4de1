"""Every command through the real core on the real corpus: one message in, assertions on the reply."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation import buttons
from dondoc.conversation.chat_text import MAX_BUTTON_BYTES
from dondoc.data.db import transaction
from dondoc.data.groups import lagging_members
from dondoc.data.task_state import CLOSED_STATUSES, TaskState, is_overdue, task_state
from dondoc.data.tasks import TaskFilter, find_task_ids, find_tasks, get_task
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor
from dondoc.followup.progress import apply_update
from dondoc.reminders.subscriptions import list_subscriptions
from tests.builders import TODAY, Chat, make_core

BYT_OVERDUE = "Bộ Y tế có 14 nhiệm vụ quá hạn (tính đến 23/11/2026), cùng 53 nhiệm vụ giao chung cho nhóm đơn vị"
TASK_IDS = re.compile(r"^t:(\d+)$")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def task_ids(chat: Chat) -> list[int]:
    return [int(m[1]) for r in chat.last for row in r.buttons for b in row if (m := TASK_IDS.match(b.data))]


def labels(chat: Chat) -> list[str]:
    return [b.text for r in chat.last for row in r.buttons for b in row]


def test_help_lists_every_command_with_examples(chat: Chat) -> None:
    text = chat.text("/help")
    for command in ("/cham", "/sapden", "/thongke", "/theodoi", "/huy", "/dangtheodoi", "/donvi", "/tamdung"):
        assert command in text
    assert "BCA con viec gi chua xong" in text
    assert chat.text("/start") == text


def test_overdue_pages_to_the_last_page_listing_each_task_once(chat: Chat, bot_sessions, registry) -> None:
    with bot_sessions() as session:
        expected = [t.id for t in find_tasks(session, TaskFilter(TODAY, overdue=True), registry)]
    first = chat.text("/cham")
    pages = -(-len(expected) // 10)
    assert first.startswith(f"Có {len(expected)} nhiệm vụ quá hạn (tính đến 23/11/2026) (trang 1/{pages}):")
    seen = task_ids(chat)
    assert "« Trước" not in labels(chat)
    while "Xem thêm »" in labels(chat):
        replies = chat.press("Xem thêm »")
        assert all(reply.edit for reply in replies[:1])
        seen += task_ids(chat)
    assert seen == expected  # every overdue task, once, most overdue first
    assert f"(trang {pages}/{pages})" in chat.last[0].text
    assert labels(chat)[-1] == "« Trước"
    assert f"{len(expected)}. " in chat.last[0].text


def test_a_page_past_the_end_shows_the_last_page(chat: Chat) -> None:
    chat.say("/cham")
    pages = re.search(r"\(trang 1/(\d+)\)", chat.last[0].text)[1]
    data = buttons.page("cham", 99990, "", buttons.chat_tag(chat.channel, chat.chat_id))
    last = chat.core.handle(chat.message(data, is_callback=True))
    assert f"(trang {pages}/{pages})" in last[0].text
    assert "Xem thêm »" not in [b.text for row in last[0].buttons for b in row]


def test_overdue_of_one_unit_by_abbreviation(chat: Chat, bot_sessions, registry) -> None:
    with bot_sessions() as session:
        expected = find_task_ids(session, TaskFilter(TODAY, units=("Bộ Y tế",), overdue=True), registry)
        text = chat.text("/cham BYT")
        assert text.startswith(f"Bộ Y tế có {expected.own} nhiệm vụ quá hạn (tính đến 23/11/2026), cùng ")
        assert f"cùng {len(expected.shared)} nhiệm vụ giao chung cho nhóm đơn vị" in text
        assert expected.own and expected.shared
        seen, marked = task_ids(chat), text.count("(giao chung) ")
        while "Xem thêm »" in labels(chat):
            chat.press("Xem thêm »")
            seen += task_ids(chat)
            marked += chat.last[0].text.count("(giao chung) ")
        assert seen == expected.ids  # its own tasks first, then those given to a group it belongs to
        assert marked == len(expected.shared)
        for task_id in seen[: expected.own]:
            task = get_task(session, task_id)
            assert is_overdue(task.status, task.deadline_due, TODAY)
            lagging = "Bộ Y tế" in lagging_members(registry, task.status_text)
            assert "Bộ Y tế" in [tu.unit.name for tu in task.units if tu.role == "lead"] or lagging
    assert chat.text("/cham bo y te") == chat.text("/cham BYT")  # no diacritics, same answer


def test_unknown_unit_offers_the_closest_names_and_a_press_runs_the_command(chat: Chat) -> None:
    text = chat.text("/cham Bộ Y tếe")
    assert text.startswith("Không tìm thấy đơn vị “Bộ Y tếe”. Có phải bạn muốn:")
    assert "Bộ Y tế" in labels(chat)
    replies = chat.press("Bộ Y tế")
    assert replies[0].edit
    assert replies[0].text.startswith(BYT_OVERDUE)


def test_details_show_the_full_record_and_its_sources(chat: Chat, bot_sessions) -> None:
    chat.say("/cham BYT")
    task_id = task_ids(chat)[0]
    text = "\n".join(r.text for r in chat.press("Chi tiết 1"))
    with bot_sessions() as session:
        task = get_task(session, task_id)
        assert task.content in text
        assert f"Nhiệm vụ #{task_id}" in text
        assert "Nguồn:" in text
        for report in task.reports:
            assert f"dòng {report.line}" in text


def test_a_listing_shows_the_latest_update_a_unit_sent_under_its_task(chat: Chat, bot_sessions, registry) -> None:
    with bot_sessions() as session:
        listed = find_tasks(session, TaskFilter(TODAY, units=("Bộ Y tế",), overdue=True), registry)
    led = [t.id for t in listed if "Bộ Y tế" in [tu.unit.name for tu in t.units if tu.role == "lead"]]
    assert "cập nhật" not in chat.text("/cham BYT")  # a report's own words are already the status
    with transaction(bot_sessions) as session:
        officer = Actor("telegram", "-100555", "Văn phòng Bộ Y tế", is_admin=True)
        apply_update(
            session, led[0], "blocked", actor=officer, as_of=TODAY, at=NOW, registry=registry, note="chờ kinh phí"
        )
    text = chat.text("/cham BYT")
    number = task_ids(chat).index(led[0]) + 1  # still overdue: blocked work is unfinished
    entry = text.split(f"\n{number}. ", 1)[1].split(f"\n{number + 1}. ", 1)[0].split("\n")
    assert entry[1].startswith("   Bộ Y tế") and entry[2] == "   cập nhật 23/11/2026 · chờ kinh phí"
    assert text.count("cập nhật 23/11/2026") == 1  # under that task only


def test_due_soon_lists_unfinished_tasks_due_in_the_window(bot_sessions, registry: UnitRegistry) -> None:
    today = date(2025, 5, 1)
    chat = Chat(make_core(bot_sessions, registry))
    chat.core.today = lambda: today
    text = chat.text("/sapden 60")
    until = today + timedelta(days=60)
    assert re.match(
        rf"Có \d+ nhiệm vụ sắp đến hạn \(đến {until:%d/%m/%Y}\) \(tính đến 01/05/2025\)( \(trang 1/\d+\))?:", text
    )
    with bot_sessions() as session:
        for task_id in task_ids(chat):
            task = get_task(session, task_id)
            assert today <= task.deadline_due <= until
            assert task.status not in CLOSED_STATUSES
    assert "Bộ Y tế" in chat.text("/sapden 60 BYT").split("\n")[0]


def test_due_soon_on_the_real_day_says_nothing_is_due_and_points_to_cham(chat: Chat) -> None:
    text = chat.text("/sapden")
    assert text.startswith("Không có nhiệm vụ nào chưa hoàn thành đến hạn trong 30 ngày tới (đến 23/12/2026).")
    assert "/cham" in text
    assert chat.text("/sapden 0").startswith("Số ngày phải từ 1 đến 3650.")


def test_figures_of_one_unit_add_up(chat: Chat, bot_sessions, registry) -> None:
    text = chat.text("/thongke BYT")
    numbers = {m[1]: int(m[2]) for m in re.finditer(r"• ([^:]+): (\d+)", text)}
    with bot_sessions() as session:
        listing = find_task_ids(session, TaskFilter(TODAY, units=("Bộ Y tế",)), registry)
        tasks = [get_task(session, i) for i in listing.ids if i not in listing.shared]  # its own: led, or lagging
        states = [task_state(t.status, t.status_text, t.deadline_due, TODAY) for t in tasks]
        overdue = find_task_ids(session, TaskFilter(TODAY, units=("Bộ Y tế",), overdue=True), registry)
    assert numbers["Quá hạn, chưa hoàn thành"] == overdue.own  # the counts /cham gives
    assert numbers["Giao chung cho nhóm đơn vị, quá hạn"] == len(overdue.shared)
    assert numbers["Tổng số"] == len(tasks)
    assert numbers["Quá hạn, chưa hoàn thành"] == states.count(TaskState.OVERDUE)
    parts = ("Đã hoàn thành đúng hạn", "Đã hoàn thành nhưng quá hạn", "Đang thực hiện, trong hạn")
    assert sum(numbers[p] for p in parts) + numbers["Quá hạn, chưa hoàn thành"] == len(tasks)
    done = numbers[parts[0]] + numbers[parts[1]]
    assert f"Tỷ lệ hoàn thành: {round(100 * done / len(tasks))}% ({done}/{len(tasks)})" in text


def test_figures_of_all_units_page_through(chat: Chat) -> None:
    text = chat.text("/thongke")
    assert text.startswith("Số liệu toàn bộ nhiệm vụ (tính đến 23/11/2026):")
    assert "• Bộ Công an: " in text
    while "Xem thêm »" in labels(chat):
        chat.press("Xem thêm »")
    assert "« Trước" in labels(chat)


def test_follow_list_and_unfollow_a_unit(chat: Chat, bot_sessions) -> None:
    assert chat.text("/theodoi").startswith("Cách dùng: /theodoi <đơn vị>")
    assert chat.text("/theodoi BYT").startswith("Đã theo dõi Bộ Y tế")
    assert chat.text("/theodoi bo y te").startswith("Cuộc trò chuyện này đã theo dõi Bộ Y tế rồi")
    assert "nay là Bộ Tài chính" in chat.text("/theodoi Bộ Kế hoạch và Đầu tư")
    with bot_sessions() as session:
        assert list_subscriptions(session, "telegram", "42") == ["Bộ Kế hoạch và Đầu tư", "Bộ Y tế"]
    assert "• Bộ Y tế" in chat.text("/dangtheodoi")
    assert chat.press("Thôi theo dõi Bộ Y tế")[0].text == "Đã thôi theo dõi Bộ Y tế."
    assert chat.text("/huy BYT") == "Cuộc trò chuyện này không theo dõi Bộ Y tế."
    assert "Thôi theo dõi Bộ Kế hoạch và Đầu tư" in [b.text for r in chat.say("/huy") for row in r.buttons for b in row]
    with bot_sessions() as session:
        assert list_subscriptions(session, "telegram", "42") == ["Bộ Kế hoạch và Đầu tư"]
        assert list_subscriptions(session, "telegram", "43") == []


def test_a_department_is_never_followed_as_its_ministry(chat: Chat, bot_sessions) -> None:
    asked = chat.text("/theodoi Sở Y tế")
    assert asked.startswith("Không tìm thấy đơn vị “Sở Y tế”")
    assert labels(chat)[0] == "Sở Y tế TP Hồ Chí Minh"
    assert chat.press("Sở Y tế TP Hồ Chí Minh")[0].text.startswith("Đã theo dõi Sở Y tế TP Hồ Chí Minh")
    assert chat.text("/theodoi Sở Tư pháp TP.HCM").startswith("Đã theo dõi Sở Tư pháp TP Hồ Chí Minh")
    with bot_sessions() as session:
        assert "Bộ Y tế" not in list_subscriptions(session, "telegram", "42")


def test_units_finds_exact_names(chat: Chat) -> None:
    text = chat.text("/donvi y te")
    assert "• Bộ Y tế (viết tắt BYT" in text
    assert "Tỉnh" not in text
    assert chat.text("/donvi xyzq").startswith("Không có đơn vị nào tên “xyzq”. Tên gần giống:")
    assert chat.text("/donvi").split("\n")[0].endswith("đơn vị có nhiệm vụ (nhiều nhiệm vụ trước):")
    chat.press("Xem thêm »")
    assert "(trang 2/" in chat.last[0].text


def test_pause_reminders(chat: Chat) -> None:
    assert chat.text("/tamdung 3").startswith("Cuộc trò chuyện này chưa theo dõi đơn vị nào")
    chat.say("/theodoi BYT")
    assert chat.text("/tamdung 3").startswith("Đã tạm dừng nhắc việc đến hết ngày")


def test_an_unknown_command_gets_the_closest_one(chat: Chat) -> None:
    assert chat.text("/chm BYT") == "Không có lệnh /chm. Có phải ý bạn là /cham? Gõ /help để xem các lệnh."
    assert chat.press("/cham BYT")[0].text.startswith(BYT_OVERDUE)
    assert chat.text("/chậm BYT").startswith(chat.text("/cham BYT")[:30])  # typed with diacritics


def test_every_button_fits_in_64_bytes_even_for_long_arguments(chat: Chat) -> None:
    long_keyword = "Ủy ban nhân dân thành phố Hồ Chí Minh và các sở ban ngành"
    for text in ("/cham", "/thongke", "/donvi", f"/donvi {long_keyword}", "/cham Bộ Lao động Thương binh xã hội"):
        for reply in chat.say(text):
            assert all(len(b.data.encode()) <= MAX_BUTTON_BYTES for row in reply.buttons for b in row)


def test_an_expired_button_asks_to_ask_again(chat: Chat) -> None:
    data = buttons.page("donvi", 15, "~gone", buttons.chat_tag(chat.channel, chat.chat_id))
    replies = chat.core.handle(chat.message(data, is_callback=True))
    assert replies[0].text.startswith("Nút này đã hết hạn")
    assert chat.core.handle(chat.message("t:999999", is_callback=True))[0].text.startswith("Nút này đã hết hạn")


def test_commands_work_on_sqlite_and_postgresql(corpus_sessions: sessionmaker[Session], registry) -> None:
    chat = Chat(make_core(corpus_sessions, registry))
    assert chat.text("/theodoi BCA").startswith("Đã theo dõi Bộ Công an")
    assert chat.text("/cham BCA").startswith("Bộ Công an có 46 nhiệm vụ quá hạn")
    assert "• Bộ Công an" in chat.text("/dangtheodoi")
    assert "Tổng số" in chat.text("/thongke BCA")
