"""An admin sends a report file to the bot: preview, "Nhập" / "Hủy", held reports, notices to followers."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.channels.fake import FakeChannel
from dondoc.channels.telegram import TelegramChannel
from dondoc.config import Settings
from dondoc.conversation.access import Access
from dondoc.conversation.channel import DeliveryError
from dondoc.conversation.core import Conversation
from dondoc.conversation.messages import IncomingFile
from dondoc.conversation.uploads import send_notices
from dondoc.data.db import transaction
from dondoc.data.models import Task
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import ingest_paths
from dondoc.reminders.subscriptions import subscribe
from tests.builders import Chat, VirtualTime, button, make_core
from tests.channels.fake_telegram import TOKEN, FakeTelegram

ADMIN, OFFICER, FOLLOWER = "900", "42", "77"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT = (
    "**KẾ HOẠCH CHUYỂN ĐỔI SỐ NGÀNH Y TẾ NĂM 2027**\n\n"
    "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
    "| 1 | Xây dựng kho dữ liệu bệnh án điện tử liên thông toàn quốc | Bộ Y tế | 30/06/2027 |\n"
    "| 2 | Triển khai sổ sức khỏe điện tử cho người cao tuổi | Bộ Y tế | 31/12/2027 |\n"
)
NEW_TASK = "Xây dựng kho dữ liệu bệnh án điện tử liên thông toàn quốc"


class Sent:
    """A file as the channel hands it over: `fetch` copies it into the core's folder and counts the downloads."""

    def __init__(self, path: Path, size: int | None = None) -> None:
        self.path, self.fetched = path, 0
        self.file = IncomingFile(path.name, path.stat().st_size if size is None else size, self.fetch)

    def fetch(self, folder: Path) -> Path:
        self.fetched += 1
        return Path(shutil.copy(self.path, folder / self.path.name))


@pytest.fixture
def uploads_core(
    bot_sessions: sessionmaker[Session], registry: UnitRegistry, search_settings: Settings
) -> Conversation:
    core = make_core(
        bot_sessions,
        registry,
        access=Access(admins=frozenset({ADMIN})),
        search=lambda: SearchService.open(search_settings, bot_sessions, registry),
    )
    core.uploads.now = lambda: datetime(2026, 11, 23, 10, tzinfo=HANOI)  # a Monday morning: not quiet
    with transaction(bot_sessions) as session:
        subscribe(session, "telegram", FOLLOWER, "Bộ Y tế", registry)
    return core


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _tasks(core: Conversation) -> int:
    with core.sessions() as session:
        return session.scalar(select(func.count(Task.id))) or 0


async def test_an_admin_sees_the_preview_then_imports_and_followers_hear_of_the_new_tasks(
    uploads_core: Conversation, tmp_path: Path
) -> None:
    admin, before = Chat(uploads_core, ADMIN), _tasks(uploads_core)
    assert NEW_TASK not in admin.text("kho dữ liệu bệnh án điện tử liên thông")  # the search index is loaded
    sent = Sent(_write(tmp_path / "ke-hoach-y-te.md", REPORT))
    [preview] = admin.say("", file=sent.file)
    assert "Nhiệm vụ mới: 2" in preview.text
    assert f"• {NEW_TASK} (Bộ Y tế; hạn 30/06/2027)" in preview.text
    assert [b.text for row in preview.buttons for b in row] == ["Nhập", "Hủy"]
    assert _tasks(uploads_core) == before  # a preview writes nothing
    [done] = admin.press("Nhập")
    assert done.text.startswith("Đã nhập tệp ke-hoach-y-te.md: 2 nhiệm vụ mới, 0 nhiệm vụ cập nhật.")
    assert "Sẽ báo 1 cuộc trò chuyện" in done.text
    assert _tasks(uploads_core) == before + 2
    channel = FakeChannel("telegram")
    assert await send_notices(uploads_core.uploads, [channel]) == 1
    [notice] = channel.sent
    assert notice.chat_id == FOLLOWER
    assert notice.reply.text.startswith("Có 2 nhiệm vụ mới của đơn vị bạn theo dõi:")
    assert "hạn 31/12/2027" in notice.reply.text
    assert await send_notices(uploads_core.uploads, [channel]) == 0  # each notice goes out once
    assert NEW_TASK in admin.text("kho dữ liệu bệnh án điện tử liên thông")  # the running index followed at once
    [again] = uploads_core.handle(admin.message(button([preview], "Nhập"), is_callback=True))
    assert again.text.startswith("Tệp này không còn chờ nhập") and _tasks(uploads_core) == before + 2


def test_cancel_changes_nothing_and_forgets_the_file(uploads_core: Conversation, tmp_path: Path) -> None:
    admin, before = Chat(uploads_core, ADMIN), _tasks(uploads_core)
    admin.say("", file=Sent(_write(tmp_path / "ke-hoach.md", REPORT)).file)
    assert admin.press("Hủy")[0].text == "Đã hủy, không nhập tệp ke-hoach.md. Dữ liệu không thay đổi."
    assert _tasks(uploads_core) == before
    assert uploads_core.uploads._folder is not None and not any(uploads_core.uploads._folder.iterdir())


def test_a_non_admin_gets_a_polite_no_and_the_file_is_not_even_downloaded(
    uploads_core: Conversation, tmp_path: Path
) -> None:
    sent = Sent(_write(tmp_path / "ke-hoach.md", REPORT))
    [reply] = Chat(uploads_core, OFFICER).say("", file=sent.file)
    assert reply.text.startswith("Xin lỗi, chỉ quản trị viên mới được gửi báo cáo")
    assert sent.fetched == 0


@pytest.mark.parametrize(
    ("name", "size", "answer"),
    [
        ("ban-scan.pdf", 25 * 1024 * 1024, "Tệp ban-scan.pdf nặng 25 MB, quá giới hạn 20 MB của Telegram."),
        ("bao-cao.zip", None, "Tôi chưa đọc được loại tệp bao-cao.zip. Hãy gửi báo cáo dạng Word (.docx)"),
    ],
)
def test_a_file_too_big_or_of_an_unknown_kind_gets_a_clear_answer(
    uploads_core: Conversation, tmp_path: Path, name: str, size: int | None, answer: str
) -> None:
    sent = Sent(_write(tmp_path / name, "x"), size)
    [reply] = Chat(uploads_core, ADMIN).say("", file=sent.file)
    assert reply.text.startswith(answer) and not reply.buttons
    assert sent.fetched == 0


def test_a_file_that_is_no_report_says_why_and_changes_nothing(uploads_core: Conversation, tmp_path: Path) -> None:
    before = _tasks(uploads_core)
    novel = _write(tmp_path / "truyen.txt", "Chiều hôm ấy trời đổ mưa. Minh đứng nép dưới mái hiên.\n")
    [reply] = Chat(uploads_core, ADMIN).say("", file=Sent(novel).file)
    assert reply.text.startswith("Không đọc được tệp truyen.txt: not one of the known report layouts")
    assert reply.text.endswith("Dữ liệu không thay đổi.") and _tasks(uploads_core) == before


def test_a_held_report_says_why_and_an_admin_may_import_it_anyway(uploads_core: Conversation, tmp_path: Path) -> None:
    admin, before = Chat(uploads_core, ADMIN), _tasks(uploads_core)
    held = REPORT.replace(
        "| Triển khai sổ sức khỏe điện tử cho người cao tuổi | Bộ Y tế |", "| Triển khai sổ sức khỏe |  |"
    )
    [preview] = admin.say("", file=Sent(_write(tmp_path / "thieu.md", held)).file)
    assert "Cần xem lại trước khi nhập:" in preview.text
    [refused] = admin.press("Nhập")
    assert refused.text.startswith("Chưa nhập tệp thieu.md, dữ liệu không thay đổi, vì:\n• thieu.md: 1 rows")
    assert _tasks(uploads_core) == before
    [done] = admin.press("Nhập dù vậy")
    assert done.text.startswith("Đã nhập tệp thieu.md: 1 nhiệm vụ mới") and _tasks(uploads_core) == before + 1


async def test_notices_wait_for_the_end_of_quiet_hours_then_go_out_once(
    uploads_core: Conversation, tmp_path: Path
) -> None:
    admin, channel, zalo = Chat(uploads_core, ADMIN), FakeChannel("telegram"), FakeChannel("zalo")
    admin.say("", file=Sent(_write(tmp_path / "ke-hoach.md", REPORT)).file)
    uploads_core.uploads.now = lambda: datetime(2026, 11, 23, 22, tzinfo=HANOI)  # 22:00, quiet
    admin.press("Nhập")
    assert await send_notices(uploads_core.uploads, [channel, zalo]) == 0
    uploads_core.uploads.now = lambda: datetime(2026, 11, 24, 7, 30, tzinfo=HANOI)
    assert await send_notices(uploads_core.uploads, [channel, zalo]) == 1
    assert [s.chat_id for s in channel.sent] == [FOLLOWER] and zalo.sent == []
    assert await send_notices(uploads_core.uploads, [channel, zalo]) == 0


async def test_telegram_downloads_the_document_and_tells_the_followers(
    fake: FakeTelegram, uploads_core: Conversation, virtual_time: VirtualTime, tmp_path: Path
) -> None:
    channel = TelegramChannel(
        uploads_core, TOKEN, base_url=fake.base_url, poll_timeout=1, limiter=virtual_time.limiter()
    )
    await channel.start()
    try:
        fake.document(int(ADMIN), "ke-hoach-y-te.md", REPORT.encode())
        [preview] = await fake.expect(1, ADMIN)
        assert fake.called("getFile") and fake.called("download")
        assert "Nhiệm vụ mới: 2" in preview.plain
        fake.press(int(ADMIN), preview.result["message_id"], dict(preview.buttons)["Nhập"])
        [_, done] = await fake.expect(2, ADMIN)
        assert done.method == "editMessageText" and done.plain.startswith("Đã nhập tệp ke-hoach-y-te.md: 2")
        [notice] = await fake.expect(1, FOLLOWER)
        assert notice.plain.startswith("Có 2 nhiệm vụ mới của đơn vị bạn theo dõi:")
        fake.document(int(OFFICER), "ke-hoach-y-te.md", REPORT.encode())
        [no] = await fake.expect(1, OFFICER)
        assert no.plain.startswith("Xin lỗi, chỉ quản trị viên") and len(fake.called("getFile")) == 1
    finally:
        await channel.stop()


def _restarted(core: Conversation, registry: UnitRegistry, at: datetime) -> Conversation:
    """A new core on the same database, as after a restart of the bot: nothing kept in memory."""
    again = make_core(core.sessions, registry, access=Access(admins=frozenset({ADMIN})))
    again.uploads.now = lambda: at
    return again


async def test_a_report_from_the_terminal_reaches_the_followers_once_across_restarts(
    uploads_core: Conversation, registry: UnitRegistry, tmp_path: Path
) -> None:
    with transaction(uploads_core.sessions) as session:
        ingest_paths(session, [_write(tmp_path / "ke-hoach-y-te.md", REPORT)], registry)  # `dondoc ingest`
    with transaction(uploads_core.sessions) as session:
        subscribe(session, "telegram", "88", "Bộ Y tế", registry)  # follows only after the report came in
    channel, morning = FakeChannel("telegram"), datetime(2026, 11, 24, 8, tzinfo=HANOI)
    assert await send_notices(_restarted(uploads_core, registry, morning).uploads, [channel]) == 1
    assert [s.chat_id for s in channel.sent] == [FOLLOWER]
    assert channel.sent[0].reply.text.startswith("Có 2 nhiệm vụ mới của đơn vị bạn theo dõi:")
    assert await send_notices(_restarted(uploads_core, registry, morning).uploads, [channel]) == 0


async def test_a_notice_that_could_not_be_delivered_goes_out_at_a_later_tick(
    uploads_core: Conversation, registry: UnitRegistry, tmp_path: Path
) -> None:
    with transaction(uploads_core.sessions) as session:
        ingest_paths(session, [_write(tmp_path / "ke-hoach-y-te.md", REPORT)], registry)
    channel, morning = FakeChannel("telegram"), datetime(2026, 11, 24, 8, tzinfo=HANOI)
    channel.fail(DeliveryError("network down"), chat_id=FOLLOWER)
    uploads_core.uploads.now = lambda: morning
    assert await send_notices(uploads_core.uploads, [channel]) == 0
    assert await send_notices(uploads_core.uploads, [channel]) == 0  # its claim still stands
    uploads_core.uploads.now = lambda: morning + timedelta(minutes=11)
    assert await send_notices(uploads_core.uploads, [channel]) == 1
    assert [s.chat_id for s in channel.sent] == [FOLLOWER]
