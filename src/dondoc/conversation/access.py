"""Who may talk to the bot (allow-list, admins) and how fast (a per-user flood guard)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from dondoc.conversation.messages import IncomingMessage


@dataclass(frozen=True)
class Access:
    """The optional allow-list and the admin chats (DONDOC_ALLOWED_CHATS, DONDOC_ADMIN_CHATS).

    An entry is a chat id ("123456", "-1001234") or a channel-qualified one ("telegram:123456").
    With an empty allow-list every chat may use the bot. Admin chats are always allowed, are
    never throttled and receive a copy of unexpected errors. The console is the operator's own
    terminal, so it is always allowed.
    """

    allowed: frozenset[str] = field(default_factory=frozenset)
    admins: frozenset[str] = field(default_factory=frozenset)

    @staticmethod
    def _matches(entries: frozenset[str], channel: str, chat_id: str) -> bool:
        return chat_id in entries or f"{channel}:{chat_id}" in entries

    def is_admin(self, channel: str, chat_id: str) -> bool:
        return channel == "console" or self._matches(self.admins, channel, chat_id)

    def allows(self, channel: str, chat_id: str) -> bool:
        if not self.allowed or self.is_admin(channel, chat_id):
            return True
        return self._matches(self.allowed, channel, chat_id)

    def admin_chats(self, channel: str) -> list[str]:
        """The admin chats on one channel, for copying error reports."""
        prefix = f"{channel}:"
        return sorted(
            entry.removeprefix(prefix) for entry in self.admins if ":" not in entry or entry.startswith(prefix)
        )


class FloodGuard:
    """Counts each user's messages in a sliding window and says when to slow them down.

    The first message over the limit gets a polite warning; later ones are dropped silently
    until the window has room again, so a flooding user costs one reply, not hundreds.

    Args:
        limit: messages a user may send per `window` seconds. The default (30 a minute) is
            far above what a person types, yet stops scripts and stuck keyboards.
        window: the window length in seconds.
        clock: monotonic seconds (swappable for tests).
    """

    def __init__(self, limit: int = 30, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._warned: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def check(self, msg: IncomingMessage) -> str:
        """Record a message and return "ok", "warn" (first one over the limit) or "drop"."""
        key = (msg.channel, msg.user_id)
        now = self._clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget users who have been quiet for a whole window
                self._seen = {k: q for k, q in self._seen.items() if q and q[-1] > now - self.window}
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) < self.limit:
                seen.append(now)
                self._warned.discard(key)
                return "ok"
            if key in self._warned:
                return "drop"
            self._warned.add(key)
            return "warn"
