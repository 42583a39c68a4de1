"""What a command handler gets for one message: the session, the day, and helpers for buttons."""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from dondoc.conversation import buttons
from dondoc.conversation.access import Access
from dondoc.conversation.buttons import MAX_BUTTON_BYTES
from dondoc.conversation.chat_text import grid
from dondoc.conversation.listings import Listings
from dondoc.conversation.messages import Button, IncomingMessage, Reply
from dondoc.conversation.wording import day_text, echo, task_entry
from dondoc.data.statistics import UnitStatistics
from dondoc.data.task_view import TaskView, task_views
from dondoc.data.tasks import TaskFilter, TaskListing, find_task_ids
from dondoc.data.unit_store import unit_id_of, unit_name_of
from dondoc.data.units import UnitRegistry, UnknownUnit
from dondoc.followup.history import latest_events
from dondoc.followup.progress import LABELS

_UNIT_REF = re.compile(r"#(\d+)")
DETAILS_PER_ROW = 3
DETAILS_HINT = "Bấm “Chi tiết N” để xem đầy đủ nội dung và nguồn của nhiệm vụ N."


class ButtonStash:
    """Short tokens for button payloads too long for 64 bytes, kept in memory (newest `capacity`).

    After a restart an old token is unknown; the core then asks the user to ask again.
    """

    def __init__(self, capacity: int = 5000) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, value: str) -> str:
        token = secrets.token_urlsafe(6)
        with self._lock:
            self._items[token] = value
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> str | None:
        with self._lock:
            return self._items.get(token)


@dataclass(frozen=True)
class NoteWait:
    """A status chosen with the "Cập nhật tiến độ" buttons, waiting for the chat's next text as its note."""

    task_id: int
    status: str


class PendingNotes:
    """Per chat, the update waiting for its note (in memory: after a restart the chat chooses again)."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], NoteWait] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str, chat_id: str, task_id: int, status: str) -> None:
        with self._lock:
            self._items[(channel, chat_id)] = NoteWait(task_id, status)

    def take(self, channel: str, chat_id: str) -> NoteWait | None:
        """The waiting update, forgotten as it is returned."""
        with self._lock:
            return self._items.pop((channel, chat_id), None)


class FileMaker(Protocol):
    """Makes the files the bot sends (`dondoc.output.chat_files.ChatFiles`, a layer above the core)."""

    def register_xlsx(self, session: Session, flt: TaskFilter, registry: UnitRegistry) -> tuple[bytes, int]: ...

    def figures_png(self, figures: Sequence[UnitStatistics], title: str) -> bytes: ...


@dataclass
class ChatState:
    """What the core keeps across messages that handlers of the follow-up loop need.

    Attributes:
        files: makes the register and the chart; None where the bot sends no files.
    """

    access: Access = field(default_factory=Access)
    listings: Listings = field(default_factory=Listings)
    notes: PendingNotes = field(default_factory=PendingNotes)
    files: FileMaker | None = None


@dataclass
class Turn:
    """One message being answered.

    Attributes:
        msg: the incoming message.
        session: a database session, committed by handlers that write.
        registry: the unit registry.
        today: the day deadlines are judged by.
        page_size: tasks per page.
        stash: where over-long button payloads are kept.
        state: admin chats, listings and notes waiting, kept by the core.
        web_link: mints a one-time sign-in link to the web pages (/web); None when none run.
    """

    msg: IncomingMessage
    session: Session
    registry: UnitRegistry
    today: date
    page_size: int
    stash: ButtonStash
    state: ChatState = field(default_factory=ChatState)
    web_link: Callable[[], str] | None = None

    @property
    def is_admin(self) -> bool:
        """The message comes from an admin chat (or the operator's console)."""
        return self.state.access.is_admin(self.msg.channel, self.msg.chat_id)

    def unit(self, text: str) -> str:
        """The canonical unit `text` names; "#12" (a button's reference) is unit id 12.

        Raises:
            UnknownUnit: nothing matches; carries the closest names.
        """
        ref = _UNIT_REF.fullmatch(text.strip())
        if ref:
            name = unit_name_of(self.session, int(ref[1]))
            if name is None:
                raise UnknownUnit(text, [])
            return name
        return self.registry.lookup(text)

    def unit_ref(self, name: str) -> str:
        """A short stand-in for a unit inside button data: "#<id>", or the name when not stored."""
        unit_id = unit_id_of(self.session, name)
        return f"#{unit_id}" if unit_id is not None else name

    def data(self, encode: Callable[[str], str], args: str) -> str:
        """Button data `encode(args)`, with `args` stashed when the data would pass 64 bytes."""
        text = encode(args)
        if len(text.encode()) <= MAX_BUTTON_BYTES:
            return text
        return encode("~" + self.stash.put(args))

    def unstash(self, value: str) -> str | None:
        """The value a button carried: itself, or what its token stands for (None once forgotten)."""
        return self.stash.get(value[1:]) if value.startswith("~") else value

    def command_button(self, text: str, command: str, args: str = "") -> Button:
        """A button that runs `/command args` when pressed."""
        return Button(text, self.data(lambda value: buttons.command(command, value), args))

    def unknown_unit(self, command: str, error: UnknownUnit) -> Reply:
        """ "No such unit" with the closest names as buttons that rerun the command."""
        names = error.suggestions[:5]
        if not names:
            return Reply(f"Không tìm thấy đơn vị “{echo(error.value)}”. Gõ /donvi <từ khóa> để tìm tên đơn vị.")
        buttons = [(self.command_button(name, command, self.unit_ref(name)),) for name in names]
        text = f"Không tìm thấy đơn vị “{echo(error.value)}”. Có phải bạn muốn:"
        return Reply(text, tuple(buttons))

    def nav_row(self, command: str, args: str, offset: int, total: int, size: int) -> tuple[tuple[Button, ...], ...]:
        """« Trước / Xem thêm » for a listing of `total` rows shown `size` at a time."""
        nav, tag = [], buttons.chat_tag(self.msg.channel, self.msg.chat_id)
        if offset > 0:
            before = max(0, offset - size)
            nav.append(Button("« Trước", self.data(lambda value: buttons.page(command, before, value, tag), args)))
        if offset + size < total:
            after = offset + size
            nav.append(Button("Xem thêm »", self.data(lambda value: buttons.page(command, after, value, tag), args)))
        return (tuple(nav),) if nav else ()

    def task_ids(self, flt: TaskFilter, unfinished: bool = False) -> TaskListing:
        """The tasks passing `flt`, in `find_tasks` order (own, then "giao chung"), without loading them."""
        return find_task_ids(self.session, flt, self.registry, unfinished)

    def task_page(
        self,
        header: str,
        ids: Sequence[int],
        offset: int,
        command: str,
        args: str,
        shared: frozenset[int] = frozenset(),
    ) -> Reply:
        """One page of a task listing with "Chi tiết N" buttons and paging; only that page is loaded.

        Args:
            header: the first line, e.g. "23 nhiệm vụ của Bộ Y tế quá hạn".
            ids: every matching task, in listing order.
            offset: index of the first task on this page (clamped to the last page).
            command, args: what the paging buttons rerun.
            shared: the ids shown "(giao chung)": given to a group the unit belongs to.
        """
        offset = clamp(offset, len(ids), self.page_size)
        page = task_views(self.session, list(ids[offset : offset + self.page_size]))
        updates = latest_updates(self.session, [task.id for task in page])
        return self.page_reply(header, page, offset, len(ids), command, args, shared, updates)

    def page_reply(
        self,
        header: str,
        page: Sequence[TaskView],
        offset: int,
        total: int,
        command: str,
        args: str,
        shared: frozenset[int] = frozenset(),
        updates: Mapping[int, str] | None = None,
    ) -> Reply:
        """Render a page of tasks already cut out of `total` results; `shared` ids read "(giao chung)", and
        `updates` (`latest_updates`) show under their tasks."""
        updates = updates or {}
        pages = (total + self.page_size - 1) // self.page_size
        where = f" (trang {offset // self.page_size + 1}/{pages})" if pages > 1 else ""
        lines = [f"{header[:-1]}{where}:" if header.endswith(":") else header + where, ""]
        lines += [
            task_entry(offset + i + 1, task, self.today, task.id in shared, updates.get(task.id, ""))
            for i, task in enumerate(page)
        ]
        lines += ["", DETAILS_HINT]
        details = [Button(f"Chi tiết {offset + i + 1}", buttons.details(task.id)) for i, task in enumerate(page)]
        nav = self.nav_row(command, args, offset, total, self.page_size)
        return Reply("\n".join(lines), grid(details, DETAILS_PER_ROW) + nav)


def latest_updates(session: Session, task_ids: Sequence[int]) -> dict[int, str]:
    """Task id -> its latest update ("cập nhật 02/12/2026 · Công văn 123/BYT"), for those a unit or admin updated.

    Only updates from a chat, the CLI or the web count: a report's own words are already the task's status.
    """
    updates = {}
    for task_id, event in latest_events(session, list(task_ids)).items():
        if event.channel != "report":
            said = event.note or LABELS.get(event.new_value or "", event.new_value or "")
            updates[task_id] = f"cập nhật {day_text(event.as_of)} · {said}"
    return updates


def clamp(offset: int, total: int, size: int) -> int:
    """`offset` moved onto a page start that exists (the last page when it is past the end)."""
    return max(0, min(offset, (total - 1) // size * size)) if total else 0
