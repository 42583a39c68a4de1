"""A small fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real Telegram adapter.

It speaks the HTTP protocol PTB uses (`base_url`), feeds updates by long polling or by posting to a
registered webhook, checks what Telegram checks (HTML markup, 4,096 characters, 64-byte callback
data, flood limits) and records every call with the time it arrived.
"""

from __future__ import annotations

import email.policy
import html
import itertools
import json
import queue
import re
import threading
import time
import urllib.request
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote

from tests.channels.fake_http import Call as BaseCall
from tests.channels.fake_http import LoopbackApiServer

TOKEN = "123456:TEST-token"
BOT_ID = 123456
USERNAME = "dondoc_test_bot"
MESSAGE_METHODS = ("sendMessage", "editMessageText")
FILE_METHODS = ("sendDocument", "sendPhoto")
_TEXT_PARAMS = {"text", "callback_query_id", "url", "secret_token", "parse_mode", "message_thread_id"}
# Telegram's HTML mode: these tags, and &lt; &gt; &amp; &quot; or numeric entities; nothing else.
_TAG = re.compile(r"<(/?)(b|strong|i|em|u|ins|s|strike|del|code|pre|a|tg-spoiler|blockquote|span)(\s[^<>]*)?>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None, **parameters: Any) -> None:
        super().__init__(description)
        self.code, self.description = code, description
        self.parameters = {**parameters, **({"retry_after": retry_after} if retry_after is not None else {})}


@dataclass
class Call(BaseCall):
    """One Bot API request, with the text as a Telegram user sees it."""

    @property
    def plain(self) -> str:
        """The text as the user sees it (HTML unescaped)."""
        return html.unescape(_TAG.sub("", self.text))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def parse_html(text: str) -> str:
    """The plain text of a message in HTML mode, or ApiError(400) where Telegram would refuse it."""
    out, stack, pos = [], [], 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            tag = _TAG.match(text, pos)
            if tag is None:
                raise ApiError(400, f"Bad Request: can't parse entities: unsupported start tag at byte offset {pos}")
            if tag[1]:
                if not stack or stack.pop() != tag[2]:
                    raise ApiError(400, f"Bad Request: can't parse entities: unmatched end tag at byte offset {pos}")
            else:
                stack.append(tag[2])
            pos = tag.end()
        elif char == "&":
            entity = _ENTITY.match(text, pos)
            if entity is None:
                raise ApiError(400, "Bad Request: can't parse entities: unsupported entity")
            out.append(html.unescape(entity[0]))
            pos = entity.end()
        else:
            out.append(char)
            pos += 1
    if stack:
        raise ApiError(400, "Bad Request: can't parse entities: can't find end tag")
    return "".join(out)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class FakeTelegram(LoopbackApiServer):
    """The fake server. Use as a context manager; `base_url` is what PTB's `base_url` takes.

    Attributes:
        enforce_limits: answer 429 to a message that breaks a flood limit (it is recorded either way).
        clock: what stamps each call's arrival and so the gaps the limits are checked on (a test's virtual
            clock, shared with the adapter's limiter; the real monotonic clock by default).
        calls: every request, in arrival order.
        violations: flood-limit breaches seen (method, chat, which limit).
    """

    enforce_limits: bool = False
    clock: Callable[[], float] = time.monotonic
    calls: list[Call] = field(default_factory=list)
    violations: list[tuple[str, str, str]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    commands: list[dict[str, str]] = field(default_factory=list)
    webhook: tuple[str, str | None] | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    admins: dict[str, set[int]] = field(default_factory=dict)  # group chat id -> its administrators' user ids

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._confirmed = 0
        self._update_ids = itertools.count(1)
        self._message_ids: dict[str, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._bot_messages: dict[tuple[str, int], dict[str, Any]] = {}
        self._failures: dict[str, deque[ApiError]] = defaultdict(deque)
        self._sent_at: dict[str, deque[float]] = defaultdict(deque)
        self._all_sent: deque[float] = deque()
        self._push: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._closing = False
        self._stalls: dict[str, deque[float]] = defaultdict(deque)
        self._outages: dict[str, tuple[float, int]] = {}

    @property
    def base_url(self) -> str:
        return f"{self.origin}/bot"

    # --- feeding updates -------------------------------------------------------------------
    def message(
        self, chat_id: int, text: str, *, user_id: int | None = None, reply_to_bot: int | None = None
    ) -> dict[str, Any]:
        """A user writes `text` in a chat (negative ids are groups); returns the message."""
        chat_key = str(chat_id)
        group = chat_id < 0
        user = {"id": user_id or (chat_id if not group else 777), "is_bot": False, "first_name": "Cán bộ"}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat_key]),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "supergroup", "title": "Tổ công tác"}
            if group
            else {"id": chat_id, "type": "private", "first_name": "Cán bộ"},
            "from": user,
            "text": text,
        }
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": _utf16(text.split()[0])})
        for m in re.finditer(rf"@{USERNAME}\b", text):
            entities.append({"type": "mention", "offset": _utf16(text[: m.start()]), "length": _utf16(m[0])})
        if entities:
            message["entities"] = entities
        if reply_to_bot is not None:
            message["reply_to_message"] = self._bot_messages[(chat_key, reply_to_bot)]
        self._feed({"message": message})
        return message

    def document(self, chat_id: int, name: str, content: bytes, *, size: int | None = None) -> dict[str, Any]:
        """A user sends a file (a Telegram document) in a private chat; `size` overrides the size Telegram reports."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = content
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[str(chat_id)]),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Cán bộ"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Cán bộ"},
            "document": {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": name,
                "file_size": len(content) if size is None else size,
            },
        }
        self._feed({"message": message})
        return message

    def press(self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None) -> str:
        """A user presses a button of the bot's message; returns the callback query id."""
        query_id = f"cq{next(self._update_ids)}"
        user = {"id": user_id or (chat_id if chat_id > 0 else 777), "is_bot": False, "first_name": "Cán bộ"}
        query = {
            "id": query_id,
            "from": user,
            "message": self._bot_messages[(str(chat_id), message_id)],
            "chat_instance": f"ci{chat_id}",
            "data": data,
        }
        self._feed({"callback_query": query})
        return query_id

    def _feed(self, payload: dict[str, Any]) -> None:
        with self._lock:
            update = {"update_id": next(self._update_ids), **payload}
            if self.webhook:
                self._push.put(update)
            else:
                self._updates.append(update)
                self._lock.notify_all()

    def _pusher(self) -> None:
        """Posts updates to the webhook one at a time, in order, as Telegram does."""
        while (update := self._push.get()) is not None:
            assert self.webhook is not None
            url, secret = self.webhook
            request = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST")
            request.add_header("Content-Type", "application/json")
            if secret:
                request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
            urllib.request.urlopen(request, timeout=10).read()

    def fail_next(
        self, method: str, code: int, description: str, retry_after: int | None = None, **parameters: Any
    ) -> None:
        """Make the next call of `method` fail as Telegram would (429 flood wait, 403 blocked, …)."""
        self._failures[method].append(ApiError(code, description, retry_after, **parameters))

    def fail_during(self, method: str, seconds: float, code: int = 502) -> None:
        """An outage: every call of `method` in the next `seconds` fails with `code`, undelivered."""
        self._outages[method] = (time.monotonic() + seconds, code)

    def stall_next(self, method: str, seconds: float) -> None:
        """Make the next call of `method` hang `seconds` (past the client timeout), then fail: 504, undelivered."""
        self._stalls[method].append(seconds)

    def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group becomes a supergroup: the service message the old group receives."""
        message = {
            "message_id": next(self._message_ids[str(old_chat_id)]),
            "date": int(time.time()),
            "chat": {"id": old_chat_id, "type": "group", "title": "Tổ công tác"},
            "from": {"id": 777, "is_bot": False, "first_name": "Cán bộ"},
            "migrate_to_chat_id": new_chat_id,
        }
        self._feed({"message": message})

    # --- reading what the bot did ----------------------------------------------------------
    def sent(self, chat_id: int | str | None = None, methods: tuple[str, ...] = MESSAGE_METHODS) -> list[Call]:
        """Successful message calls (sendMessage, editMessageText), optionally for one chat."""
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method in methods and c.result is not None and (chat_id is None or c.chat_id == str(chat_id))
            ]

    def called(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def taken(self) -> bool:
        """Whether the bot has taken every update fed so far: a later getUpdates confirmed them all."""
        with self._lock:
            return all(update["update_id"] < self._confirmed for update in self._updates)

    async def expect(
        self, count: int, chat_id: int | str | None = None, methods: tuple[str, ...] = MESSAGE_METHODS, timeout=15.0
    ) -> list[Call]:
        """Wait (without blocking the event loop) until `count` messages were sent; return them."""
        return await self.until(lambda: len(self.sent(chat_id, methods)) >= count, timeout) and self.sent(
            chat_id, methods
        )

    def wait(self, condition: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Block until `condition()` holds (for tests driving a subprocess, not an event loop)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not (value := condition()):
                if time.monotonic() > deadline:
                    raise AssertionError(f"timed out; calls so far: {[(c.method, c.text[:60]) for c in self.calls]}")
                self._lock.wait(0.1)
            return value

    # --- the API ---------------------------------------------------------------------------
    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        download = re.fullmatch(r"/file/bot([^/]+)/documents/(\w+)", unquote(request.path))  # PTB quotes the ":"
        if (
            download and download[1] == TOKEN and download[2] in self.files
        ):  # getFile's file_path, as Telegram serves it
            self.calls.append(Call("download", {"file_id": download[2]}, self.clock()))
            return self._send_file(request, self.files[download[2]])
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", request.path)
        if match is None or match[1] != TOKEN:
            return self._respond(request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = match[2]
        with self._lock:
            stall = self._stalls[method].popleft() if self._stalls[method] else None
        until, code = self._outages.get(method, (0.0, 0))
        if time.monotonic() < until:
            return self._respond(request, code, {"ok": False, "error_code": code, "description": "Bad Gateway"})
        if stall is not None:
            time.sleep(stall)  # on the server's own thread: the client sees a timeout
            return self._respond(request, 504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"})
        content_type = request.headers.get("Content-Type", "")
        body = "" if content_type.startswith("multipart/") else raw.decode()
        if content_type.startswith("multipart/form-data"):
            params = _multipart(content_type, raw)
        elif content_type.startswith("application/json"):
            params = json.loads(body or "{}")
        else:
            params = {k: v if k in _TEXT_PARAMS else _json(v) for k, v in parse_qsl(body, keep_blank_values=True)}
        call = Call(method, params, self.clock())
        try:
            result = self._call(call)
        except ApiError as error:
            payload: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                payload["parameters"] = error.parameters
            return self._respond(request, error.code, payload)
        return self._respond(request, 200, {"ok": True, "result": result})

    @staticmethod
    def _send_file(request: BaseHTTPRequestHandler, data: bytes) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/octet-stream")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    @staticmethod
    def _respond(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a long poll cancelled at shutdown)

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._lock:
            if offset:
                self._confirmed = max(self._confirmed, offset)
            self.calls.append(Call("getUpdates", params, self.clock(), result=[]))
            while True:
                ready = [u for u in self._updates if u["update_id"] >= self._confirmed]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._closing:
                    return ready[:limit]
                self._lock.wait(min(left, 0.5))

    def _result(self, call: Call) -> Any:
        p = call.params
        if call.method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "dondoc", "username": USERNAME}
        if call.method == "setWebhook":
            self.webhook = (p["url"], p.get("secret_token"))
            return True
        if call.method == "deleteWebhook":
            self.webhook = None
            return True
        if call.method == "setMyCommands":
            self.commands = p["commands"]
            return True
        if call.method in MESSAGE_METHODS:
            return self._message(call)
        if call.method in FILE_METHODS:
            return self._file(call)
        if call.method == "getFile":
            if p["file_id"] not in self.files:
                raise ApiError(400, "Bad Request: invalid file_id")
            size = len(self.files[p["file_id"]])
            file = {"file_id": p["file_id"], "file_unique_id": f"u{p['file_id']}", "file_size": size}
            return {**file, "file_path": f"documents/{p['file_id']}"}
        if call.method == "getChatMember":
            return self._member(str(p["chat_id"]), int(p["user_id"]))
        return True

    def _file(self, call: Call) -> dict[str, Any]:
        """sendDocument / sendPhoto: the upload is kept in `call.params["files"]` (field -> (name, bytes))."""
        chat = str(call.params["chat_id"])
        field = "photo" if call.method == "sendPhoto" else "document"
        name, content = call.params["files"][field]
        if not content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        ref = {"file_id": f"f{len(self.calls)}", "file_unique_id": f"u{len(self.calls)}"}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat]),
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "supergroup" if chat.startswith("-") else "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "dondoc", "username": USERNAME},
        }
        if field == "photo":
            message["photo"] = [{**ref, "width": 800, "height": 600}]
        else:
            message["document"] = {**ref, "file_name": name}
        return message

    def _member(self, chat: str, user_id: int) -> dict[str, Any]:
        """getChatMember: "administrator" for the ids in `admins[chat]`, else "member" (private chats: the owner)."""
        user = {"id": user_id, "is_bot": False, "first_name": "Cán bộ"}
        if not chat.startswith("-"):
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id not in self.admins.get(chat, set()):
            return {"status": "member", "user": user}
        rights = ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                  "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                  "can_post_stories", "can_edit_stories", "can_delete_stories")  # fmt: skip
        return {"status": "administrator", "user": user, **dict.fromkeys(rights, False)}

    def _message(self, call: Call) -> dict[str, Any]:
        p, chat = call.params, str(call.params["chat_id"])
        if chat in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        plain = parse_html(p["text"]) if p.get("parse_mode") == "HTML" else p["text"]
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16(plain) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        for row in (p.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if not 1 <= len(button.get("callback_data", "").encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        self._check_limits(call, chat)
        if call.method == "editMessageText":
            old = self._bot_messages.get((chat, int(p["message_id"])))
            if old is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            if old["text"] == plain and old.get("reply_markup") == p.get("reply_markup"):
                raise ApiError(400, "Bad Request: message is not modified")
            message_id = int(p["message_id"])
        else:
            message_id = next(self._message_ids[chat])
        chat_obj = {"id": int(chat), "type": "supergroup" if chat.startswith("-") else "private"}
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat_obj,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "dondoc", "username": USERNAME},
            "text": plain,
        }
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        self._bot_messages[(chat, message_id)] = message
        return message

    def _check_limits(self, call: Call, chat: str) -> None:
        """Record (and with `enforce_limits`, refuse) messages over 30/s, 1/s per chat, 20/min per group."""
        now, broken = call.at, []
        while self._all_sent and self._all_sent[0] <= now - 1.0:
            self._all_sent.popleft()
        if len(self._all_sent) >= 30:
            broken.append("overall 30/s")
        mine = self._sent_at[chat]
        if mine and now - mine[-1] < 1.0:
            broken.append("chat 1/s")
        if chat.startswith("-") and sum(1 for t in mine if t > now - 60.0) >= 20:
            broken.append("group 20/min")
        for limit in broken:
            self.violations.append((call.method, chat, limit))
        if broken and self.enforce_limits:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._all_sent.append(now)
        mine.append(now)


def _multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """The fields of a multipart upload: text fields as the API reads them, files under "files"."""
    parsed = BytesParser(policy=email.policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    params: dict[str, Any] = {"files": {}}
    for part in parsed.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            params["files"][name] = (part.get_filename(), payload)
        else:
            text = payload.decode()
            params[name] = text if name in _TEXT_PARAMS else _json(text)
    return params


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value
