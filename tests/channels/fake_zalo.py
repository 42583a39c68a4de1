"""A small fake Zalo Bot Platform API on 127.0.0.1 for end-to-end tests of the real Zalo adapter.

It speaks the platform's protocol as documented: POST /bot<TOKEN>/<method> with JSON, answers
`{"ok": …, "result" | "error_code", "description"}`; getUpdates long-polls and hands out ONE update
per call (error 408 when none came in time) and refuses to work while a webhook is set; setWebhook
wants an HTTPS-looking URL and a secret of 8–256 characters, then updates are POSTed to it with
X-Bot-Api-Secret-Token; sendMessage takes 1–2,000 characters of text.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import re
import threading
import time
import urllib.request
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.channels.fake_http import Call, LoopbackApiServer

TOKEN = "4242424242:zalo-TEST-token-abcdef"
BOT_ID = "4242424242"
BOT_NAME = "Bot Đôn Đốc"


class ApiError(Exception):
    def __init__(self, code: int, description: str, status: int = 200, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.status, self.retry_after = code, description, status, retry_after


@dataclass
class FakeZalo(LoopbackApiServer):
    """The fake server; use as a context manager. `base_url` is what ZALO_API_BASE_URL takes.

    Attributes:
        shape: how getUpdates wraps an update: "object" (the platform's: one update), "list"
            (a list of one), or "bare" (a message without event_name around it).
        webhook_shape: how a webhook POST carries an update: "bare" or "wrapped" ({"ok", "result"}).
        calls: every request but getUpdates, in arrival order.
        blocked: chat ids whose sendMessage fails as for a user who blocked the bot.
    """

    shape: str = "object"
    webhook_shape: str = "bare"
    calls: list[Call] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    webhook: tuple[str, str] | None = None
    polls: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: deque[dict[str, Any]] = deque()
        self._handed_at = 0  # the poll that took the last update
        self._ids = itertools.count(1)
        self._failures: dict[str, deque[ApiError]] = defaultdict(deque)
        self._push: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._closing = False
        self.webhook_status: list[int] = []

    @property
    def base_url(self) -> str:
        return self.origin

    # --- feeding updates -------------------------------------------------------------------
    def message(
        self, chat_id: str, text: str | None, *, group: bool = False, user_id: str | None = None, event: str = ""
    ) -> dict[str, Any]:
        """A user writes `text` (None: sends a sticker) in a chat; returns the update."""
        message: dict[str, Any] = {
            "message_id": f"m{next(self._ids):06x}",
            "date": int(time.time() * 1000),
            "chat": {"id": chat_id, "chat_type": "GROUP" if group else "USER"},
            "from": {"id": user_id or chat_id, "display_name": "Cán bộ", "is_bot": False},
        }
        if text is not None:
            message["text"] = text
        else:
            message["sticker"] = "0e078a2fb66a5f34067b"
        event = event or ("message.text.received" if text is not None else "message.sticker.received")
        update = {"event_name": event, "message": message}
        with self._lock:
            if self.webhook:
                self._push.put(update)
            else:
                self._updates.append(update)
                self._lock.notify_all()
        return update

    def _pusher(self) -> None:
        """Posts updates to the webhook one at a time, in order, with the secret token header."""
        while (update := self._push.get()) is not None:
            assert self.webhook is not None
            url, secret = self.webhook
            body = update if self.webhook_shape == "bare" else {"ok": True, "result": update}
            request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
            request.add_header("Content-Type", "application/json")
            request.add_header("X-Bot-Api-Secret-Token", secret)
            with urllib.request.urlopen(request, timeout=10) as response:
                self.webhook_status.append(response.status)

    def fail_next(self, method: str, code: int, description: str, *, status: int = 200, retry_after=None) -> None:
        """Make the next call of `method` answer `ok: false` with this error (HTTP `status`)."""
        self._failures[method].append(ApiError(code, description, status, retry_after))

    # --- reading what the bot did ----------------------------------------------------------
    def sent(self, chat_id: str | None = None) -> list[Call]:
        """Successful sendMessage calls, optionally to one chat."""
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == "sendMessage" and c.result is not None and (chat_id is None or c.chat_id == chat_id)
            ]

    def called(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def taken(self) -> bool:
        """Whether the bot has taken every update fed so far and polled again since (so it dispatched them)."""
        with self._lock:
            return not self._updates and self.polls > self._handed_at

    async def expect(self, count: int, chat_id: str | None = None, timeout: float = 15.0) -> list[Call]:
        """Wait (without blocking the event loop) until `count` messages were sent; return them."""
        await self.until(lambda: len(self.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    # --- the API ---------------------------------------------------------------------------
    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length).decode() if length else ""
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", request.path)
        if match is None or match[1] != TOKEN:
            return self._respond(request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        try:
            params = json.loads(body or "{}")
            result = self._call(Call(match[2], params, time.monotonic()))
        except ApiError as error:
            payload: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after is not None:
                payload["parameters"] = {"retry_after": error.retry_after}
            return self._respond(request, error.status, payload)
        return self._respond(request, 200, {"ok": True, "result": result})

    @staticmethod
    def _respond(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        with contextlib.suppress(ConnectionError):  # the bot stopped polling mid-request
            request.wfile.write(data)

    def _get_updates(self, params: dict[str, Any]) -> Any:
        if self.webhook:
            raise ApiError(400, "Bad Request: webhook is set, use deleteWebhook before getUpdates")
        deadline = time.monotonic() + float(params.get("timeout") or 30)
        with self._lock:
            self.polls += 1
            while not self._updates:
                left = deadline - time.monotonic()
                if left <= 0 or self._closing:
                    raise ApiError(408, "Request timeout")
                self._lock.wait(min(left, 0.5))
            update = self._updates.popleft()
            self._handed_at = self.polls
        if self.shape == "list":
            return [update]
        if self.shape == "bare":
            return update["message"]
        return update

    def _result(self, call: Call) -> Any:
        p = call.params
        if call.method == "getMe":
            return {"id": BOT_ID, "account_name": "bot.dondoc", "display_name": BOT_NAME, "account_type": "BASIC"}
        if call.method == "setWebhook":
            url, secret = p.get("url", ""), p.get("secret_token", "")
            if not url.startswith(("https://", "http://127.0.0.1")) or not 8 <= len(secret) <= 256:
                raise ApiError(400, "Bad Request: invalid url or secret_token")
            self.webhook = (url, secret)
            return {"url": url, "updated_at": int(time.time() * 1000)}
        if call.method == "deleteWebhook":
            self.webhook = None
            return {"url": "", "updated_at": int(time.time() * 1000)}
        if call.method == "sendMessage":
            chat, text = str(p.get("chat_id", "")), p.get("text")
            if chat in self.blocked:
                raise ApiError(403, "Forbidden: user blocked the bot", status=403)
            if not isinstance(text, str) or not 1 <= len(text) <= 2000:
                raise ApiError(400, "Bad Request: text must be 1 to 2000 characters")
            return {"message_id": f"b{next(self._ids):06x}", "date": int(time.time() * 1000)}
        raise ApiError(404, f"Not Found: method {call.method}")
