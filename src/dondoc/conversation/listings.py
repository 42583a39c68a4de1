"""Each chat's last listing, so that "Chi tiết 3" typed as text shows task 3 of it, on every channel."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

from dondoc.conversation import buttons
from dondoc.conversation.messages import Reply
from dondoc.nlp.text import fold

# "Chi tiết 3", "chi tiet so 3", "Chi tiết #3", "xem chi tiết 3" (folded: no diacritics, lower case)
_TYPED = re.compile(r"(?:xem\s+)?chi\s*tiet\s*(?:so\s*|#\s*)?(\d{1,4})\s*[.!?]?")
_LABEL = re.compile(r"Chi tiết (\d+)")


def typed_number(text: str) -> int | None:
    """N when `text` asks for "Chi tiết N" in words; None for anything else."""
    match = _TYPED.fullmatch(fold(text.strip()))
    return int(match[1]) if match else None


class Listings:
    """The numbered tasks of each chat's last listing: number -> task id.

    A batch of replies with "Chi tiết N" buttons becomes the chat's listing; a batch without
    them leaves it in place. At most `capacity` chats are kept, the least recently used
    forgotten first, and all of it at a restart (then "Chi tiết N" asks to list again).
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple[str, str], dict[int, int]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, channel: str, chat_id: str, replies: Sequence[Reply], merge: bool = False) -> None:
        """Keep the "Chi tiết N" buttons of `replies` as the chat's listing (if they have any).

        Args:
            merge: add to the chat's listing rather than replace it (another page of the same listing).
        """
        numbered: dict[int, int] = {}
        for reply in replies:
            for row in reply.buttons:
                for button in row:
                    pressed = buttons.decode(button.data)
                    label = _LABEL.fullmatch(button.text)
                    if label and pressed is not None and pressed.action == "details":
                        numbered[int(label[1])] = pressed.task_id
        if not numbered:
            return
        with self._lock:
            kept = self._items.get((channel, chat_id), {}) if merge else {}
            self._items[(channel, chat_id)] = {**kept, **numbered}
            self._items.move_to_end((channel, chat_id))
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def task_id(self, channel: str, chat_id: str, number: int) -> int | None:
        """The task numbered `number` in the chat's last listing; None when there is none."""
        with self._lock:
            return self._items.get((channel, chat_id), {}).get(number)
