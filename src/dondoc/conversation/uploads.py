"""Reports sent to the bot as files: an admin sees the preview, presses "Nhập" or "Hủy"; followers hear of new tasks.

The file waits in a private folder between the preview and the press (or until it is replaced by a
newer upload of the same chat); the ingest itself is the all-or-nothing `ingest_paths`, held back
when the report contradicts what is known unless an admin presses "Nhập dù vậy".
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation.access import Access
from dondoc.conversation.channel import BaseChannel
from dondoc.conversation.messages import Button, IncomingFile, IncomingMessage, Reply
from dondoc.conversation.sent_once import send_once
from dondoc.conversation.wording import day_text
from dondoc.data.models import Task
from dondoc.data.units import UnitRegistry
from dondoc.index.refresh import Refreshable, ingest_and_refresh
from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.pipeline import IngestHeld, Preview, preview_ingest
from dondoc.reminders.arrivals import Arrival, arrivals
from dondoc.reminders.ledger import LedgerKey, settled_keys
from dondoc.reminders.policy import ReminderPolicy

PREFIX = "up:"
# Telegram's getFile serves files up to 20 MB; a bigger report would never arrive anyway.
MAX_BYTES = 20 * 1024 * 1024
KINDS = (".txt", ".md", ".docx", ".xlsx", ".xls", ".ods", ".pdf", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif")
KINDS_TEXT = "Word (.docx), Excel (.xlsx, .xls, .ods), PDF, trang web (.html), văn bản (.txt, .md) hoặc ảnh chụp"
SHOWN = 5  # tasks listed by name in a preview or a notice; the rest are counted
KEPT = 20  # uploads waiting for a press; the oldest is forgotten beyond this
NOTICE_KIND = "new-tasks"
LOOKBACK = timedelta(days=3)  # the news of an older report is stale: its tasks come in the reminders

NOT_ADMIN = "Xin lỗi, chỉ quản trị viên mới được gửi báo cáo để nhập vào dữ liệu. Bạn có thể gửi tệp cho quản trị viên."
EXPIRED = "Tệp này không còn chờ nhập (đã nhập, đã hủy hoặc bot vừa khởi động lại). Bạn vui lòng gửi lại tệp."


@dataclass(frozen=True)
class Notice:
    """One message for a chat that followed a unit before a report brought it new tasks, with its ledger key."""

    key: LedgerKey
    reply: Reply


@dataclass
class _Pending:
    channel: str
    chat_id: str
    path: Path


class Uploads:
    """The upload flow of one running bot: pending files by token, notices waiting for the end of quiet hours.

    Args:
        sessions: the database.
        registry: the unit registry.
        access: who is an admin.
        today: the day deadlines are judged by.
        policy: quiet hours for the notices (none: notices go out at once).
        index: the running search index, if one is loaded: it follows an ingest at once.
        now: the current time (tests pass a fixed one).
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        registry: UnitRegistry,
        access: Access,
        today: Callable[[], date],
        policy: ReminderPolicy | None = None,
        index: Callable[[], Refreshable | None] = lambda: None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.sessions, self.registry, self.access, self.today = sessions, registry, access, today
        self.policy, self.index = policy, index
        self.now = now or (lambda: datetime.now(policy.tz if policy else None).astimezone())
        self._pending: dict[str, _Pending] = {}
        self._lock = threading.Lock()
        self._folder: Path | None = None  # made on the first upload

    def receive(self, msg: IncomingMessage, upload: IncomingFile) -> list[Reply]:
        """The answer to a file: a polite no, a refusal that says why, or the preview with "Nhập" / "Hủy"."""
        if not self.access.is_admin(msg.channel, msg.chat_id):
            return [Reply(NOT_ADMIN)]
        if upload.size is not None and upload.size > MAX_BYTES:
            size = upload.size / 1024 / 1024
            text = f"Tệp {upload.name} nặng {size:.0f} MB, quá giới hạn 20 MB của Telegram."
            return [Reply(text + " Hãy gửi bản nhẹ hơn (bỏ ảnh, tách phụ lục).")]
        if not upload.name.lower().endswith(KINDS):
            return [Reply(f"Tôi chưa đọc được loại tệp {upload.name}. Hãy gửi báo cáo dạng {KINDS_TEXT}.")]
        token = secrets.token_urlsafe(6)
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="dondoc-uploads-"))
        folder = self._folder / token
        folder.mkdir()
        try:
            path = upload.fetch(folder)
            preview = preview_ingest(self.sessions, [path], self.registry)
        except UnreadableReport as error:
            shutil.rmtree(folder, ignore_errors=True)
            return [Reply(f"Không đọc được tệp {upload.name}: {error.reason}. Dữ liệu không thay đổi.")]
        except Exception:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._keep(token, _Pending(msg.channel, msg.chat_id, path))
        buttons = ((Button("Nhập", f"{PREFIX}go:{token}"), Button("Hủy", f"{PREFIX}no:{token}")),)
        return [Reply(preview_text(upload.name, preview), buttons)]

    def press(self, msg: IncomingMessage, data: str) -> list[Reply]:
        """ "Nhập", "Nhập dù vậy" or "Hủy" pressed under a preview."""
        _, action, token = [*data.split(":", 2), "", ""][:3]
        with self._lock:
            pending = self._pending.get(token)
        if pending is None or (pending.channel, pending.chat_id) != (msg.channel, msg.chat_id):
            return [Reply(EXPIRED, edit=True)]
        if not self.access.is_admin(msg.channel, msg.chat_id):
            return [Reply(NOT_ADMIN)]
        if action == "no":
            self._forget(token)
            return [Reply(f"Đã hủy, không nhập tệp {pending.path.name}. Dữ liệu không thay đổi.", edit=True)]
        if action not in ("go", "force"):
            return [Reply(EXPIRED, edit=True)]
        return [self._ingest(token, pending, force=action == "force")]

    def notices(self) -> list[Notice]:
        """The news of every report ingested in the last LOOKBACK not sent yet, one notice per following chat and
        report; none during quiet hours."""
        now = self.now()
        if self.policy is not None and self.policy.is_quiet(now):
            return []
        since = now - LOOKBACK
        with self.sessions() as session:
            found = arrivals(session, self.registry, since=since, today=self.today())
            sent = settled_keys(session, since.astimezone(UTC).date(), [NOTICE_KIND])
        return [notice for notice in map(_notice, found) if notice.key not in sent]

    def _ingest(self, token: str, pending: _Pending, force: bool) -> Reply:
        name = pending.path.name
        try:
            ingested = ingest_and_refresh(self.sessions, [pending.path], self.registry, self.index(), force=force)
        except IngestHeld as held:
            reasons = "\n".join(f"• {reason}" for reason in held.preview.held)
            buttons = ((Button("Nhập dù vậy", f"{PREFIX}force:{token}"), Button("Hủy", f"{PREFIX}no:{token}")),)
            text = f"Chưa nhập tệp {name}, dữ liệu không thay đổi, vì:\n{reasons}\nHãy kiểm tra lại tệp."
            return Reply(text, buttons, edit=True)
        except UnreadableReport as error:
            self._forget(token)
            return Reply(f"Không đọc được tệp {name}: {error.reason}. Dữ liệu không thay đổi.", edit=True)
        self._forget(token)
        with self.sessions() as session:
            found = arrivals(session, self.registry, sources=ingested.new_sources, today=self.today())
        told = {(arrival.channel, arrival.chat_id) for arrival in found}
        [summary] = ingested.summaries
        changed = summary.merged + summary.updated
        tell = f" Sẽ báo {len(told)} cuộc trò chuyện theo dõi các đơn vị có nhiệm vụ mới." if told else ""
        return Reply(f"Đã nhập tệp {name}: {summary.added} nhiệm vụ mới, {changed} nhiệm vụ cập nhật.{tell}", edit=True)

    def _keep(self, token: str, pending: _Pending) -> None:
        with self._lock:
            self._pending[token] = pending
            old = list(self._pending)[:-KEPT]
        for stale in old:
            self._forget(stale)

    def _forget(self, token: str) -> None:
        with self._lock:
            pending = self._pending.pop(token, None)
        if pending is not None:
            shutil.rmtree(pending.path.parent, ignore_errors=True)


async def send_notices(uploads: Uploads, channels: Iterable[BaseChannel]) -> int:
    """Send the notices not sent yet through their own channels, each once (`sent_once`, kind "new-tasks",
    subject "source:<id>"); returns how many went out."""
    by_name = {channel.name: channel for channel in channels}
    sent = 0
    for notice in await asyncio.to_thread(uploads.notices):
        channel = by_name.get(notice.key.channel)
        if channel is not None:
            sent += await send_once(uploads.sessions, channel, notice.key, notice.reply, uploads.now(), "uploads")
    return sent


def _notice(arrival: Arrival) -> Notice:
    key = LedgerKey(arrival.channel, arrival.chat_id, NOTICE_KIND, f"source:{arrival.source_id}", arrival.day)
    return Notice(key, Reply(notice_text([_listed(task) for task in arrival.tasks])))


def _listed(task: Task) -> dict[str, Any]:
    leads = [tu.unit.name for tu in task.units if tu.role == "lead"]
    return {
        "content": task.content,
        "deadline_due": task.deadline_due,
        "deadline_text": task.deadline_text,
        "lead_units": leads,
    }


def _deadline(task: dict[str, Any]) -> str:
    due = task.get("deadline_due")
    if isinstance(due, str):
        due = date.fromisoformat(due)
    if due is not None:
        return f"hạn {day_text(due)}"
    return f"hạn: {task['deadline_text']}" if task.get("deadline_text") else "chưa có hạn"


def _task_line(task: dict[str, Any]) -> str:
    content = task["content"] if len(task["content"]) <= 160 else task["content"][:157] + "…"
    return f"• {content} ({', '.join(task['lead_units'])}; {_deadline(task)})"


def preview_text(name: str, preview: Preview) -> str:
    """The preview of one file, as an admin reads it on a phone before pressing "Nhập"."""
    [document] = preview.documents
    identity = " ".join(part for part in (document.kind, f"số {document.number}" if document.number else "") if part)
    if document.issued:
        identity += f" ngày {day_text(date.fromisoformat(document.issued))}"
    lines = [f"Tệp {name}" + (f": {identity.strip()}" if identity.strip() else "")]
    if document.recognised_as:
        lines.append(f"Tệp này trùng với báo cáo đã nhập {document.recognised_as}.")
    lines.append(f"Đọc được {document.rows} dòng nhiệm vụ, độ tin cậy {document.confidence:.0%}.")
    lines.append(f"Nhiệm vụ mới: {len(preview.added)}")
    lines += [_task_line(task) for task in preview.added[:SHOWN]]
    if len(preview.added) > SHOWN:
        lines.append(f"… và {len(preview.added) - SHOWN} nhiệm vụ khác")
    if preview.changed:
        lines.append(f"Nhiệm vụ đã có sẽ thay đổi: {len(preview.changed)}")
    if document.skipped:
        places = ", ".join(str(row["line"]) for row in document.skipped[:SHOWN])
        lines.append(f"Dòng không đọc được: {len(document.skipped)} (dòng {places})")
    if preview.held:
        lines.append("Cần xem lại trước khi nhập:")
        lines += [f"• {reason}" for reason in preview.held]
    lines.append("Bấm “Nhập” để nhập vào dữ liệu, “Hủy” để bỏ qua.")
    return "\n".join(lines)


def notice_text(tasks: list[dict[str, Any]]) -> str:
    """The message a following chat receives when a report brings new tasks of its units."""
    lines = [f"Có {len(tasks)} nhiệm vụ mới của đơn vị bạn theo dõi:"]
    lines += [_task_line(task) for task in tasks[: SHOWN * 2]]
    if len(tasks) > SHOWN * 2:
        lines.append(f"… và {len(tasks) - SHOWN * 2} nhiệm vụ khác; gõ /sapden để xem.")
    return "\n".join(lines)
