"""The HTTP endpoint the Zalo platform POSTs updates to, checked against the webhook's secret token.

A plain asyncio server, so the Zalo channel needs no web framework: one request per connection,
a JSON body, an answer at once (the update is handled after the response, so a slow question
never makes the platform retry). Put it behind the HTTPS reverse proxy that serves ZALO_WEBHOOK_URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

SECRET_HEADER = "x-bot-api-secret-token"
MAX_BODY = 1_000_000
READ_TIMEOUT = 10.0
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed"}


class WebhookServer:
    """Serves POST `path` on `host:port`; hands each accepted JSON body to `on_body`.

    Args:
        listen: "host:port" to bind.
        path: the URL path the platform posts to (the path of ZALO_WEBHOOK_URL).
        secret: what the platform must send in X-Bot-Api-Secret-Token.
        on_body: called with the decoded JSON of each accepted request.
    """

    def __init__(self, listen: str, path: str, secret: str, on_body: Callable[[Any], None]) -> None:
        host, _, port = listen.rpartition(":")
        self.host = host.strip("[]") or "0.0.0.0"
        self.port = int(port)
        self.path = "/" + path.lstrip("/")
        self._secret = secret.encode()
        self._on_body = on_body
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connection, self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        status = 400
        try:
            status = await asyncio.wait_for(self._request(reader), READ_TIMEOUT)
        except (asyncio.IncompleteReadError, TimeoutError, ValueError, UnicodeDecodeError, ConnectionError):
            status = 400
        finally:
            body = json.dumps({"ok": status == 200}).encode()
            head = (
                f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            with contextlib.suppress(ConnectionError):
                writer.write(head.encode() + body)
                await writer.drain()
            writer.close()

    async def _request(self, reader: asyncio.StreamReader) -> int:
        method, target, _version = (await reader.readline()).decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        if length > MAX_BODY:
            return 400
        body = await reader.readexactly(length) if length else b""
        if target.split("?", 1)[0] != self.path:
            return 404
        if method != "POST":
            return 405
        if not hmac.compare_digest(headers.get(SECRET_HEADER, "").encode(), self._secret):
            log.warning("refused a webhook request without the right secret token")
            return 403
        try:
            payload = json.loads(body)
        except ValueError:
            return 400
        self._on_body(payload)
        return 200
