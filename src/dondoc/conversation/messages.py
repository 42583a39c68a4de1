"""Channel-neutral messages: what the conversation core receives and what it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Button:
    """An inline button; `data` is what comes back when it is pressed (≤ 64 bytes for Telegram)."""

    text: str
    data: str


@dataclass(frozen=True)
class IncomingFile:
    """A file sent to the bot, fetched only when the core decides to read it (an admin's report, not too big).

    Attributes:
        name: the file name as sent.
        size: its size in bytes, when the channel says (Telegram does).
        fetch: downloads it into the given folder and returns its path (blocking; called off the event loop).
    """

    name: str
    size: int | None
    fetch: Callable[[Path], Path]


@dataclass(frozen=True)
class IncomingMessage:
    """A text or a button press from any channel.

    Attributes:
        channel: "telegram", "zalo", "console".
        chat_id: the conversation, as a string on every channel.
        user_id: who wrote it.
        text: the message text, or the pressed button's data when `is_callback`.
        chat_type: "private" or "group".
        mentioned: the bot was mentioned (or replied to) in a group.
        is_callback: a button press rather than typed text.
        extras: native ids the adapter needs back (message id, callback query id, …).
        file: a document sent with the message (its caption, if any, is `text`).
    """

    channel: str
    chat_id: str
    user_id: str
    text: str
    chat_type: str = "private"
    mentioned: bool = False
    is_callback: bool = False
    extras: dict[str, Any] = field(default_factory=dict)
    file: IncomingFile | None = None


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply: a document (the register .xlsx) or a photo (the /thongke chart).

    Channels that cannot send files keep the reply's text, which always says what the file holds.
    """

    name: str
    content: bytes
    photo: bool = False


@dataclass(frozen=True)
class Reply:
    """One message to show: plain text (the adapter escapes it) and rows of buttons.

    Attributes:
        edit: replace the message the pressed button belongs to, instead of sending a new one.
        to: another chat of the same channel to send it to (an admin chat asked to decide); "" is the asker.
        attachment: a file sent after the text, where the channel can.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False
    to: str = ""
    attachment: Attachment | None = None
