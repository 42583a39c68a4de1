"""What the fake Bot API servers share: an HTTP server on 127.0.0.1 and a thread that pushes webhook updates."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


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
    _lock: threading.Condition
    _push: queue.Queue[dict[str, Any] | None]
    _closing: bool

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

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
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
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
