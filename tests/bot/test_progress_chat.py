"""The follow-up loop end to end on the fake Telegram server: register, approve, update, history, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from dondoc.cli import main
from dondoc.conversation.access import Access
from dondoc.data.db import open_database, transaction
from dondoc.data.ingest import bundled_paths, ingest_paths
from dondoc.data.models import Task, TaskUnit, Unit
from dondoc.data.tasks import task_as_dict
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from tests.bot.conftest import make_core
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.test_telegram import running

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
    fake: FakeTelegram, bot_url: str, bot_sessions, registry: UnitRegistry, search_settings, tmp_path: Path,
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
        document = task_as_dict(task)["sources"][0]["document"]

    # A copy of its report dated before the update, ingested: the chat's update stands.
    older = tmp_path / "999_ban_sao_bao_cao.txt"
    source = next(p for p in bundled_paths() if p.name == document)
    older.write_text("Hà Nội, ngày 15 tháng 01 năm 2026\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    with transaction(bot_sessions) as session:
        ingest_paths(session, [older], registry)
    with bot_sessions() as session:
        task = session.get(Task, task_id)
        assert task is not None and older.name in {s["document"] for s in task_as_dict(task)["sources"]}
        assert task.status == "done"

    monkeypatch.setenv("DATABASE_URL", bot_url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    events = json.loads(CliRunner().invoke(main, ["history", str(task_id), "--json"]).output)
    mine = [e for e in events if e["channel"] == "telegram"]
    assert [(e["new"], e["note"], e["actor"], e["applied"]) for e in mine] == [
        ("done", NOTE, f"telegram {OFFICER}", True)
    ]

    # A restart: a new core on the same database still shows the update, and the approval.
    restarted = open_database(bot_url)
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
