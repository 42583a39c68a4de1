"""The follow-up loop end to end on the fake Telegram server: register, approve, update, history, refusals."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from dondoc.cli import main
from dondoc.conversation.access import Access
from dondoc.conversation.focal_commands import ADMINS_ONLY
from dondoc.data.db import open_database, transaction
from dondoc.data.models import Task, TaskUnit, Unit
from dondoc.data.statistics import unit_statistics
from dondoc.data.task_view import task_view
from dondoc.data.tasks import TaskFilter, find_task_ids
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import bundled_paths, ingest_paths
from dondoc.output.chat_files import ChatFiles
from dondoc.reminders import ReminderPolicy
from tests.builders import TODAY, Chat, make_core
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.test_telegram import running

UNIT, ADMIN, OFFICER, STRANGER = "Bộ Y tế", 7, 42, 43
NOTE = "Công văn 123/BYT ngày 20/11/2026"


class Phone:
    """One Telegram chat on the fake server: say a text, press a labelled button of the bot's last message."""

    def __init__(self, fake: FakeTelegram, chat_id: int) -> None:
        self.fake, self.chat_id = fake, chat_id

    async def say(self, text: str, replies: int = 1, reply_to: int | None = None) -> list:
        before = len(self.fake.sent(self.chat_id))
        self.fake.message(self.chat_id, text, reply_to_bot=reply_to)
        return (await self.fake.expect(before + replies, self.chat_id))[before:]

    async def press(self, label: str, data: str | None = None, replies: int = 1) -> list:
        last = self.fake.sent(self.chat_id)[-1]
        before = len(self.fake.sent(self.chat_id))
        self.fake.press(self.chat_id, last.result["message_id"], data or dict(last.buttons)[label])
        return (await self.fake.expect(before + replies, self.chat_id))[before:]


def core_for(sessions, registry: UnitRegistry, settings):
    search = lambda: SearchService.open(settings, sessions, registry)  # noqa: E731
    return make_core(sessions, registry, search=search, access=Access(admins=frozenset({str(ADMIN)})))


async def test_a_focal_point_updates_a_task_and_the_update_is_kept(
    fake: FakeTelegram, corpus_copy: str, bot_sessions, registry: UnitRegistry, search_settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    admin, officer, stranger = Phone(fake, ADMIN), Phone(fake, OFFICER), Phone(fake, STRANGER)
    async with running(core_for(bot_sessions, registry, search_settings), fake):
        [asked] = await officer.say(f"/dangky {UNIT}")
        assert "Đã gửi yêu cầu #" in asked.plain
        [request] = await fake.expect(1, ADMIN)
        assert f"xin làm đầu mối báo cáo tiến độ cho {UNIT}" in request.plain
        [decided] = await admin.press("Duyệt")
        assert decided.method == "editMessageText" and decided.plain.startswith("Đã duyệt yêu cầu")
        told = (await fake.expect(2, OFFICER))[-1]
        assert told.plain.startswith(f"✅ Yêu cầu báo cáo cho {UNIT} đã được duyệt")

        task_id = _overdue_led_by(bot_sessions, UNIT)
        await officer.say(f"/cham {UNIT}")
        [details] = await officer.press("Chi tiết", data=f"t:{task_id}")  # as its listing's button carries it
        assert details.plain.startswith(f"Nhiệm vụ #{task_id}") and f"Chủ trì: {UNIT}" in details.plain
        [menu] = await officer.press("Cập nhật tiến độ")
        assert [label for label, _ in menu.buttons] == ["Đã hoàn thành", "Đang thực hiện", "Gặp vướng mắc"]
        [ask_note] = await officer.press("Đã hoàn thành")
        assert "Gửi ghi chú" in ask_note.plain and [b for b, _ in ask_note.buttons] == ["Bỏ qua"]
        [done] = await officer.say(NOTE)
        assert done.plain.startswith(f"✅ Đã cập nhật nhiệm vụ #{task_id}: Đã hoàn thành — {NOTE}")

        [again] = await officer.press("Chi tiết", data=f"t:{task_id}")
        assert "Tình trạng: Hoàn thành quá hạn (đã hoàn thành)" in again.plain  # its deadline was 31/10/2024
        assert f"Kết quả: Đã hoàn thành: {NOTE}" in again.plain
        assert f"Cập nhật 23/11/2026 · {NOTE} (telegram {OFFICER})" in again.plain
        [answer] = await officer.say("Nhiệm vụ mẫu giấy chứng sinh điện tử của Bộ Y tế đã xong chưa?")
        entry = next(e for e in answer.plain.split("\n\n") if "giấy chứng sinh điện tử liên thông" in e)
        assert "hoàn thành quá hạn" in entry and f"cập nhật 23/11/2026 · {NOTE}" in entry
        [history] = await officer.say(f"/lichsu #{task_id}")
        assert f"Chưa hoàn thành → Đã hoàn thành · telegram {OFFICER} · {NOTE}" in history.plain

        # A chat that was not approved: by button, by crafted data, by reply — a polite refusal, nothing changes.
        await stranger.say(f"/cham {UNIT}")
        [shown] = await stranger.press("Chi tiết", data=f"t:{task_id}")
        [refused] = await stranger.press("Cập nhật tiến độ")
        assert refused.plain.startswith("Xin lỗi, cuộc trò chuyện này chưa được cập nhật tiến độ")
        [forged] = await stranger.press("", data=f"u:{task_id}:not_done:-")
        assert forged.plain == refused.plain
        [replied] = await stranger.say("chưa xong, đang chờ ý kiến", reply_to=shown.result["message_id"])
        assert replied.plain == refused.plain
        [extension] = await stranger.say("xin gia hạn đến 31/01/2027", reply_to=shown.result["message_id"])
        assert extension.plain == refused.plain

    with bot_sessions() as session:
        task = session.get(Task, task_id)
        assert task is not None and task.status == "done"
        document = task_view(task).documents[0]

    # A copy of its report dated before the update, ingested: the chat's update stands.
    older = tmp_path / "999_ban_sao_bao_cao.txt"
    source = next(p for p in bundled_paths() if p.name == document)
    older.write_text("Hà Nội, ngày 15 tháng 01 năm 2026\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    with transaction(bot_sessions) as session:
        ingest_paths(session, [older], registry)
    with bot_sessions() as session:
        task = session.get(Task, task_id)
        assert task is not None and older.name in task_view(task).documents
        assert task.status == "done"

    monkeypatch.setenv("DATABASE_URL", corpus_copy)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    events = json.loads(CliRunner().invoke(main, ["history", str(task_id), "--json"]).output)
    mine = [e for e in events if e["channel"] == "telegram"]
    assert [(e["new"], e["note"], e["actor"], e["applied"]) for e in mine] == [
        ("done", NOTE, f"telegram {OFFICER}", True)
    ]

    # A restart: a new core on the same database still shows the update, and the approval.
    restarted = open_database(corpus_copy)
    async with running(core_for(restarted, registry, search_settings), fake):
        [after] = await officer.say(f"/lichsu #{task_id}")
        [rights] = await officer.say("/dangky")
    restarted.kw["bind"].dispose()
    assert f"Chưa hoàn thành → Đã hoàn thành · telegram {OFFICER} · {NOTE}" in after.plain
    assert f"• {UNIT}" in rights.plain


def _overdue_led_by(sessions, unit: str) -> int:
    """An unfinished task `unit` leads by name (group tasks "các bộ, ngành" are no focal point's to update)."""
    with sessions() as session:
        return session.scalars(
            select(TaskUnit.task_id)
            .join(Unit)
            .join(Task, Task.id == TaskUnit.task_id)
            .where(Unit.name == unit, TaskUnit.role == "lead", Task.status == "not_done")
            .order_by(TaskUnit.task_id)
        ).first()


async def test_xuat_sends_the_register_and_thongke_its_chart(fake: FakeTelegram, bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, files=ChatFiles())
    async with running(core, fake):
        [said] = await Phone(fake, OFFICER).say(f"/xuat {UNIT}")
        [upload] = await fake.expect(1, OFFICER, methods=("sendDocument",))
        [chart] = await Phone(fake, OFFICER).say("/thongke")
        [photo] = await fake.expect(1, OFFICER, methods=("sendPhoto",))
    name, content = upload.params["files"]["document"]
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    with bot_sessions() as session:
        listed = len(find_task_ids(session, TaskFilter(TODAY, units=(UNIT,)), registry).ids)
        totals, _rows = unit_statistics(session, registry, TODAY)
    assert name.endswith(".xlsx") and sheet.max_row - 1 == listed
    assert said.plain.startswith(f"Sổ theo dõi của {UNIT}: {listed} nhiệm vụ")
    png = photo.params["files"]["photo"][1]
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and f"Tổng số: {totals.total} nhiệm vụ" in chart.plain


def test_without_files_xuat_says_how_and_thongke_stays_text(bot_sessions, registry) -> None:
    chat = Chat(make_core(bot_sessions, registry))
    assert chat.text("/xuat").startswith("Bot này chưa được bật gửi tệp.")
    assert chat.say("/thongke")[0].attachment is None


def test_only_admins_decide_and_revoke(bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, access=Access(admins=frozenset({str(ADMIN)})))
    officer, admin = Chat(core, str(OFFICER)), Chat(core, str(ADMIN))
    assert officer.text("/dangky").startswith("Cuộc trò chuyện này chưa là đầu mối báo cáo của đơn vị nào")
    asked = officer.say("/dangky BYT")
    request = next(r for r in asked if r.to == str(ADMIN))
    assert [b.text for row in request.buttons for b in row] == ["Duyệt", "Từ chối"]
    forged = officer.core.handle(officer.message(request.buttons[0][0].data, is_callback=True))
    assert forged[0].text == ADMINS_ONLY
    assert "Đang chờ duyệt: Bộ Y tế" in officer.text("/dangky")
    admin.last = [request]
    decided = admin.press("Duyệt")
    assert decided[1].to == str(OFFICER) and "đã được duyệt" in decided[1].text
    assert "• Bộ Y tế" in officer.text("/dangky")
    assert officer.text(f"/thuhoi {OFFICER} Bộ Y tế") == ADMINS_ONLY
    revoked = admin.say(f"/thuhoi {OFFICER} Bộ Y tế")
    assert revoked[0].text.startswith("Đã thu hồi yêu cầu") and revoked[1].to == str(OFFICER)
    assert "chưa là đầu mối" in officer.text("/dangky")


def test_capnhat_reply_proposal_and_extension(bot_sessions, registry) -> None:
    core = make_core(bot_sessions, registry, access=Access(admins=frozenset({str(ADMIN)})))
    admin = Chat(core, str(ADMIN))
    task_id = _overdue_led_by(bot_sessions, UNIT)
    assert admin.text(f"/capnhat #{task_id} vướng mắc chờ kinh phí").startswith(
        f"✅ Đã cập nhật nhiệm vụ #{task_id}: Gặp vướng mắc — chờ kinh phí"
    )
    assert admin.text("/capnhat 99 xong").startswith("Cách dùng: /capnhat N")  # no listing: usage, nothing changes
    details = admin.press_data(f"t:{task_id}")
    proposal = admin.say("đã xong theo CV 123/BYT ngày 2/12", replied_buttons=[details[0].buttons[0][0].data])
    assert proposal[0].text.startswith(f"Ghi nhận cho nhiệm vụ #{task_id}: Đã hoàn thành — CV 123/BYT ngày 02/12/2026?")
    with bot_sessions() as session:
        assert session.get(Task, task_id).status == "in_progress"  # type: ignore[union-attr]  # not yet confirmed
    assert admin.press("Xác nhận")[0].text.startswith(f"✅ Đã cập nhật nhiệm vụ #{task_id}: Đã hoàn thành")
    asked = admin.say("xin gia hạn đến 31/01/2027", replied_buttons=[f"t:{task_id}"])
    assert asked[0].text.startswith("Đề nghị gia hạn #") and "đến 31/01/2027" in asked[0].text
    assert admin.press("Duyệt gia hạn")[0].text.endswith("đến 31/01/2027 được duyệt.")
    with bot_sessions() as session:
        assert session.get(Task, task_id).deadline_due == date(2027, 1, 31)  # type: ignore[union-attr]
    history = admin.text(f"/lichsu #{task_id}")
    assert "Gặp vướng mắc" in history and "CV 123/BYT ngày 02/12/2026" in history
    assert "Thời hạn: 31/10/2024 → 31/01/2027" in history


def test_a_button_pressed_twice_updates_once(bot_sessions, registry) -> None:
    admin = Chat(make_core(bot_sessions, registry, access=Access(admins=frozenset({str(ADMIN)}))), str(ADMIN))
    task_id = _overdue_led_by(bot_sessions, UNIT)
    data = f"u:{task_id}:in_progress:-"
    first = admin.core.handle(admin.message(data, is_callback=True, extras={"message_id": 5}))
    again = admin.core.handle(admin.message(data, is_callback=True, extras={"message_id": 5}))
    assert first[0].text.startswith(f"✅ Đã cập nhật nhiệm vụ #{task_id}: Đang thực hiện")
    assert again[0].text == f"Cập nhật này của nhiệm vụ #{task_id} đã được ghi nhận trước đó."
    assert admin.text(f"/lichsu #{task_id}").count("Đang thực hiện · telegram") == 1


def test_skip_note_reminder_done_and_forged_data(bot_sessions, registry) -> None:
    admins = frozenset({str(ADMIN)})
    core = make_core(bot_sessions, registry, access=Access(admins=admins), reminders=ReminderPolicy(admin_chats=admins))
    admin = Chat(core, str(ADMIN))
    task_id = _overdue_led_by(bot_sessions, UNIT)
    admin.press_data(f"u:{task_id}:blocked")
    assert admin.press("Bỏ qua")[0].text.startswith(f"✅ Đã cập nhật nhiệm vụ #{task_id}: Gặp vướng mắc (ngày")
    assert admin.text("Nhiệm vụ nào của Bộ Y tế còn chậm?") != ""  # the note was skipped: text is a question again
    done = admin.core.handle(admin.message(f"rm:done:{task_id}", is_callback=True, extras={"callback_query_id": "q1"}))
    assert done[0].text.startswith(f"✅ Đã ghi nhận nhiệm vụ #{task_id} hoàn thành")
    assert "Đang thực hiện → Đã hoàn thành · telegram 7 · xác nhận qua telegram" in admin.text(f"/lichsu #{task_id}")
    for forged in ("u:abc", "u:1:2:3:4", "fp:1:maybe", "ex:x:approved", f"u:{task_id}:unknown:-"):
        assert admin.press_data(forged)[0].text.startswith(("Nút này", "Không")), forged
    assert admin.text(f"/lichsu #{task_id}").count("telegram 7") == 2
