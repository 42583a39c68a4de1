"""What the fake Bot API servers share: an HTTP server on 127.0.0.1 and a thread that pushes webhook updates."""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

SHUTDOWN_CHECK = 0.01  # seconds between the serving loop's looks at a shutdown request


@dataclass
class Call:
    """One request: the method, its decoded parameters, when it arrived (monotonic) and what it returned."""

    method: str
    params: dict[str, Any]
    at: float
    result: Any = None

    @property
    def chat_id(self) -> str | None:
        chat = self.params.get("chat_id")
        return None if chat is None else str(chat)

    @property
    def text(self) -> str:
        return self.params.get("text", "")


class LoopbackApiServer:
    """Start and stop a fake API on a free loopback port; subclasses answer requests and push updates.

    Subclasses set `_lock` (a Condition), `_push` (a Queue ending with None) and `_closing` in their own
    set-up, and implement `_serve(handler)` and `_pusher()`.
    """

    server: ThreadingHTTPServer
    calls: list[Call]
    _failures: dict[str, deque[Exception]]
    _lock: threading.Condition
    _push: queue.Queue[dict[str, Any] | None]
    _closing: bool

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    def _get_updates(self, params: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _result(self, call: Call) -> Any:
        raise NotImplementedError

    def _call(self, call: Call) -> Any:
        """Record a call and answer it: a failure queued by `fail_next`, else what the API returns."""
        if call.method == "getUpdates":
            return self._get_updates(call.params)
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()
            if self._failures[call.method]:
                raise self._failures[call.method].popleft()
            call.result = self._result(call)
            return call.result

    async def until(self, condition: Callable[[], Any], timeout: float = 15.0) -> Any:
        """Wait (without blocking the event loop) until `condition()` holds; return its value."""
        deadline = time.monotonic() + timeout
        while not (value := condition()):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out; calls so far: {[(c.method, c.chat_id, c.text[:60]) for c in self.calls]}"
                )
            await asyncio.sleep(0.02)
        return value

    def _pusher(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                fake._serve(self)

            do_GET = do_POST

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # `shutdown` waits for the serving loop to look up; it looks every 10 ms (the default is 0.5 s).
        threading.Thread(target=self.server.serve_forever, args=(SHUTDOWN_CHECK,), daemon=True).start()
        threading.Thread(target=self._pusher, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        self._push.put(None)
        self.server.shutdown()
        self.server.server_close()

    @property
    def origin(self) -> str:
        """http://127.0.0.1:<port> of the running server."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"
