"""What a command handler gets for one message: the session, the day, and helpers for buttons."""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from dondoc.conversation import buttons
from dondoc.conversation.buttons import MAX_BUTTON_BYTES
from dondoc.conversation.chat_text import grid
from dondoc.conversation.messages import Button, IncomingMessage, Reply
from dondoc.conversation.wording import echo, task_entry
from dondoc.data.tasks import TaskFilter, find_task_ids, task_dicts
from dondoc.data.unit_store import unit_id_of, unit_name_of
from dondoc.data.units import UnitRegistry, UnknownUnit

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
    """

    msg: IncomingMessage
    session: Session
    registry: UnitRegistry
    today: date
    page_size: int
    stash: ButtonStash

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

    def task_ids(self, flt: TaskFilter, unfinished: bool = False) -> list[int]:
        """The ids of the tasks passing `flt`, in `find_tasks` order, without loading the tasks."""
        return find_task_ids(self.session, flt, self.registry, unfinished)

    def task_page(self, header: str, ids: Sequence[int], offset: int, command: str, args: str) -> Reply:
        """One page of a task listing with "Chi tiết N" buttons and paging; only that page is loaded.

        Args:
            header: the first line, e.g. "23 nhiệm vụ của Bộ Y tế quá hạn".
            ids: every matching task, in listing order.
            offset: index of the first task on this page (clamped to the last page).
            command, args: what the paging buttons rerun.
        """
        offset = clamp(offset, len(ids), self.page_size)
        page = task_dicts(self.session, list(ids[offset : offset + self.page_size]))
        return self.page_reply(header, page, offset, len(ids), command, args)

    def page_reply(
        self, header: str, page: Sequence[dict[str, Any]], offset: int, total: int, command: str, args: str
    ) -> Reply:
        """Render a page of task dicts already cut out of `total` results."""
        pages = (total + self.page_size - 1) // self.page_size
        where = f" (trang {offset // self.page_size + 1}/{pages})" if pages > 1 else ""
        lines = [header + where, ""]
        lines += [task_entry(offset + i + 1, task, self.today) for i, task in enumerate(page)]
        lines += ["", DETAILS_HINT]
        details = [Button(f"Chi tiết {offset + i + 1}", buttons.details(task["id"])) for i, task in enumerate(page)]
        nav = self.nav_row(command, args, offset, total, self.page_size)
        return Reply("\n".join(lines), grid(details, DETAILS_PER_ROW) + nav)


def clamp(offset: int, total: int, size: int) -> int:
    """`offset` moved onto a page start that exists (the last page when it is past the end)."""
    return max(0, min(offset, (total - 1) // size * size)) if total else 0
