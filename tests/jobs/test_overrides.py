"""The admin chats are told, once each, when a newer report overrides a unit's update."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from dondoc.channels.fake import FakeChannel
from dondoc.conversation.channel import DeliveryError
from dondoc.data.db import open_database, transaction
from dondoc.data.models import Task
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor
from dondoc.followup.progress import apply_update
from dondoc.ingest.pipeline import bundled_paths, ingest_paths
from dondoc.jobs.overrides import tell_overrides
from dondoc.reminders import ReminderPolicy

REPORT = next(path for path in bundled_paths() if path.name.startswith("001"))  # issued 31/01/2024
TASK = "Nghiên cứu, hoàn thiện về quy trình, thủ tục, căn cứ pháp lý triển khai thí điểm tại tỉnh Thừa Thiên"
NOW = datetime.now(UTC)  # ingest stamps its events with the real clock; the notices look back a week from it


async def test_an_override_is_told_to_each_admin_chat_once(tmp_path: Path, registry: UnitRegistry) -> None:
    sessions = open_database(f"sqlite:///{tmp_path / 'dondoc.db'}")
    with transaction(sessions) as session:
        ingest_paths(session, [REPORT], registry)
        task = session.scalars(select(Task).where(Task.content.startswith(TASK))).one()
        apply_update(
            session, task.id, "done", actor=Actor("telegram", "42", "Cục C06", is_admin=True), as_of=date(2026, 12, 2),
            at=datetime(2026, 12, 2, tzinfo=UTC), registry=registry, note="CV 88/BCA",
        )  # fmt: skip
        task_id = task.id
    policy = ReminderPolicy(admin_chats=frozenset({"7", "zalo:9"}))
    channel = FakeChannel()
    assert await tell_overrides(sessions, policy, {"telegram": channel}, NOW) == 0  # nothing overridden yet

    newer = tmp_path / "005_bao_cao_thang_01_2027.txt"
    text = REPORT.read_text(encoding="utf-8").replace("ngày 31 tháng 01 năm 2024", "ngày 05 tháng 01 năm 2027")
    newer.write_text(text, encoding="utf-8")
    with transaction(sessions) as session:  # it reopens the done task: confirmed, as an admin would
        ingest_paths(session, [newer], registry, force=True)
    channel.fail(DeliveryError("network down"), "7")
    assert await tell_overrides(sessions, policy, {"telegram": channel}, NOW) == 0  # retried after the lease
    assert await tell_overrides(sessions, policy, {"telegram": channel}, NOW + timedelta(hours=1)) == 1
    assert await tell_overrides(sessions, policy, {"telegram": channel}, NOW + timedelta(hours=2)) == 0
    sessions.kw["bind"].dispose()

    [notice] = channel.texts("7")
    assert notice.startswith(f"⚠️ Nhiệm vụ #{task_id}: báo cáo 005_bao_cao_thang_01_2027.txt (ngày 05/01/2027)")
    assert "thay cho cập nhật «Đã hoàn thành» ngày 02/12/2026 của Cục C06 (telegram)" in notice
