"""The console channel: the bot in a terminal, interactive or fed by a pipe (`echo "…" | dondoc chat`)."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from typing import TextIO

from dondoc.conversation.channel import BaseChannel
from dondoc.conversation.core import APOLOGY, Conversation
from dondoc.conversation.messages import IncomingMessage, Reply

log = logging.getLogger(__name__)

PROMPT = "Bạn › "


class ConsoleChannel(BaseChannel):
    """One chat on standard input and output.

    Buttons are printed numbered; typing a number alone presses that button of the last reply.
    Piped input is echoed ("> question") so a script's output reads as a transcript, and the
    channel closes at end of input.

    Args:
        core: the conversation core.
        stdin, stdout: the streams (the process's own by default).
        chat_id: the chat the core sees (subscriptions made here are stored under it).
        interactive: show a prompt; by default, when stdin is a terminal.
    """

    name = "console"
    max_length = 100_000  # a terminal has no limit: long replies stay whole

    def __init__(
        self,
        core: Conversation,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        chat_id: str = "console",
        interactive: bool | None = None,
    ) -> None:
        self.core = core
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.chat_id = chat_id
        self.interactive = self.stdin.isatty() if interactive is None else interactive
        self._buttons: dict[str, str] = {}
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._closed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        # A daemon thread, so a pending read never keeps the process alive after stop().
        threading.Thread(target=self._read, args=(loop,), name="console-stdin", daemon=True).start()
        self._task = asyncio.create_task(self._converse(), name="console-chat")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._closed.set()

    async def wait_closed(self) -> None:
        await self._closed.wait()

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Print a reply (reminders from the scheduler come this way too)."""
        self._print(reply, note="" if chat_id == self.chat_id else f"[gửi tới {chat_id}]")
        self.core.listings.remember(self.name, chat_id, [reply])  # "Chi tiết N" typed after a reminder

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            for line in self.stdin:
                loop.call_soon_threadsafe(self._lines.put_nowait, line.rstrip("\r\n"))
        except (OSError, ValueError):
            log.exception("cannot read the console input")
        finally:
            loop.call_soon_threadsafe(self._lines.put_nowait, None)

    async def _converse(self) -> None:
        try:
            while True:
                if self.interactive:
                    self._write(PROMPT, end="")
                line = await self._lines.get()
                if line is None:
                    break
                if not line.strip():
                    continue
                if not self.interactive:
                    self._write(f"> {line}")
                await self._answer(self._incoming(line.strip()))
        finally:
            if self.interactive:
                self._write("")
            self._closed.set()

    def _incoming(self, text: str) -> IncomingMessage:
        pressed = self._buttons.get(text)
        return IncomingMessage(
            channel=self.name,
            chat_id=self.chat_id,
            user_id=self.chat_id,
            text=pressed or text,
            is_callback=pressed is not None,
        )

    async def _answer(self, msg: IncomingMessage) -> None:
        try:
            replies = await asyncio.to_thread(self.core.handle, msg, self.max_length)
        except Exception:
            log.exception("failed to answer %r", msg.text)
            replies = [Reply(APOLOGY)]
        self._buttons = {}
        for reply in replies:
            self._print(reply, f"(gửi tới cuộc trò chuyện {reply.to})" if reply.to else "")

    def _print(self, reply: Reply, note: str = "") -> None:
        lines = [note] if note else []
        lines.append(reply.text)
        if reply.attachment is not None:  # the terminal shows no files: the text says what it holds
            file = reply.attachment
            lines.append(f"[tệp {file.name}, {len(file.content):,} byte: gửi được qua Telegram]")
        for row in reply.buttons:
            cells = []
            for button in row:
                number = str(len(self._buttons) + 1)
                self._buttons[number] = button.data
                cells.append(f"[{number}] {button.text}")
            lines.append("  " + "   ".join(cells))
        if reply.buttons:
            lines.append("  (gõ số để bấm nút)")
        self._write("\n".join(lines) + "\n")

    def _write(self, text: str, end: str = "\n") -> None:
        self.stdout.write(text + end)
        self.stdout.flush()
