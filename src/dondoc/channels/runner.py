"""Running channels until a signal, or until one ends on its own (the console at end of input)."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import signal
from collections.abc import Callable, Sequence
from typing import Any

from dondoc.conversation.channel import BaseChannel

log = logging.getLogger(__name__)

OnStarted = Callable[[Sequence[BaseChannel]], Any]


async def _close(extra: Any) -> None:
    """Stop whatever the start hook returned (a scheduler, a task), whichever way it stops."""
    for name in ("shutdown", "stop", "cancel", "close"):
        method = getattr(extra, name, None)
        if callable(method):
            result = method()
            if inspect.isawaitable(result):
                await result
            return


async def run_channels(channels: Sequence[BaseChannel], on_started: OnStarted | None = None) -> None:
    """Start every channel, call `on_started(channels)`, wait, then stop them all.

    Waits for SIGINT/SIGTERM or for any channel's `wait_closed()`. Whatever `on_started`
    returns (for instance the reminder scheduler) is stopped before the channels.
    """
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    signals = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stopping.set)
            signals.append(sig)
    started: list[BaseChannel] = []
    extra: Any = None
    try:
        for channel in channels:
            await channel.start()
            started.append(channel)
        if on_started is not None:
            extra = on_started(channels)
            if inspect.isawaitable(extra):
                extra = await extra
        waiters: list[asyncio.Task[Any]] = [asyncio.create_task(stopping.wait())]
        waiters += [asyncio.create_task(channel.wait_closed()) for channel in channels]
        _done, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
    finally:
        if extra is not None:
            try:
                await _close(extra)
            except Exception:
                log.exception("could not stop %r", extra)
        for channel in reversed(started):
            try:
                await channel.stop()
            except Exception:
                log.exception("could not stop the %s channel cleanly", channel.name)
        for sig in signals:
            loop.remove_signal_handler(sig)
