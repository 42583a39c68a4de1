"""The one codec for button data: what a pressed button carries, at most 64 bytes (Telegram's limit).

Data is "<kind>:<fields…>": "t:12" shows task 12; "p:<command>:<offset>:<chat tag>:<args>" pages a listing
(the tag binds it to the chat that received it, see `chat_tag`); "c:<command>:<args>" runs a command;
"u:12" offers the progress statuses of task 12, "u:12:done" asks for a note, "u:12:done:-" (no note) or
"u:12:done:~tok" (a stashed note) applies the update; "fp:3:approved" decides focal-point request 3,
"ex:4:approved" extension request 4; "rm:done:12", "rm:later:12", "rm:later:<kind>:<YYYYMMDD>" and
"rm:pg:<kind>:<YYYYMMDD>:<page>" act on reminders. `decode` returns None for anything else, so a forged
or outdated button gets a polite "expired" rather than an error.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime

MAX_BUTTON_BYTES = 64
DECISIONS = ("approved", "rejected", "revoked")
# Keys the chat tags: per process, so a forged tag cannot be computed; a restart expires paging
# buttons, as it already expires stashed payloads (the user gets the polite "expired" answer).
_TAG_KEY = secrets.token_bytes(16)


@dataclass(frozen=True)
class Pressed:
    """A decoded button press.

    Attributes:
        action: "details", "page", "command", "done", "later", "later_all" or "digest_page".
        task_id: the task of "details", "done" and "later".
        command: the command of "page" and "command" ("?" pages a free-text answer).
        offset: where the "page" starts.
        args: the command's arguments (or a stash token "~…").
        kind: the reminder kind of "later_all" and "digest_page".
        day: the day of that reminder.
        page: the digest page (from 0).
        status: the progress status of "update_status" and "update_apply".
        request_id: the focal-point or extension request of "focal" and "extension".
        decision: "approved", "rejected" or "revoked" for those requests.
        chat: the chat tag a "page" button carries.
    """

    action: str
    task_id: int = 0
    command: str = ""
    offset: int = 0
    args: str = ""
    kind: str = ""
    day: date | None = None
    page: int = 0
    status: str = ""
    request_id: int = 0
    decision: str = ""
    chat: str = ""


def chat_tag(channel: str, chat_id: str) -> str:
    """A short keyed hash of the chat: a paging button pressed in (or forged for) another chat is refused."""
    digest = hmac.new(_TAG_KEY, f"{channel}:{chat_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode()


def details(task_id: int) -> str:
    """Show a task in full ("Chi tiết")."""
    return f"t:{task_id}"


def page(command: str, offset: int, args: str, chat: str) -> str:
    """Show the page of `command`'s listing starting at `offset`, in the chat whose `chat_tag` is `chat`."""
    return f"p:{command}:{offset}:{chat}:{args}"


def command(name: str, args: str) -> str:
    """Run `/name args`."""
    return f"c:{name}:{args}"


def done(task_id: int) -> str:
    """Mark a reminded task done (admin chats)."""
    return f"rm:done:{task_id}"


def later(task_id: int) -> str:
    """Remind of a task again on the next working day."""
    return f"rm:later:{task_id}"


def later_all(kind: str, day: date) -> str:
    """Remind again of every task of the `kind` message of `day`."""
    return f"rm:later:{kind}:{day:%Y%m%d}"


def digest_page(kind: str, day: date, page: int) -> str:
    """Show page `page` of the `kind` digest of `day`."""
    return f"rm:pg:{kind}:{day:%Y%m%d}:{page}"


def update(task_id: int, status: str = "", note: str = "") -> str:
    """Update task progress: choose a status, then a note ("-" none, "~token" a stashed one) applies it."""
    return ":".join(part for part in ("u", str(task_id), status, note) if part)


def focal(request_id: int, decision: str) -> str:
    """Decide a focal-point request: "approved", "rejected" or "revoked"."""
    return f"fp:{request_id}:{decision}"


def extension(request_id: int, decision: str) -> str:
    """Decide a deadline extension request: "approved" or "rejected"."""
    return f"ex:{request_id}:{decision}"


def is_reminder(data: str) -> bool:
    """True for the data of a reminder's buttons ("rm:…")."""
    return data.startswith("rm:")


def decode(data: str) -> Pressed | None:
    """The press `data` stands for; None when it is no button of ours (forged, or from an old version)."""
    parts = data.split(":")
    try:
        return _decode(parts)
    except (IndexError, ValueError):
        return None


def _decode(parts: list[str]) -> Pressed | None:
    kind, count = parts[0], len(parts)
    if kind == "t" and count == 2 and parts[1].isdigit():
        return Pressed("details", task_id=int(parts[1]))
    if kind == "p" and count >= 4 and parts[2].isdigit():
        return Pressed("page", command=parts[1], offset=int(parts[2]), chat=parts[3], args=":".join(parts[4:]))
    if kind == "c" and count >= 2:
        return Pressed("command", command=parts[1], args=":".join(parts[2:]))
    if kind == "u" and 2 <= count <= 4:
        action = ("update", "update_status", "update_apply")[count - 2]
        return Pressed(action, task_id=int(parts[1]), status=":".join(parts[2:3]), args=":".join(parts[3:]))
    if kind in ("fp", "ex") and count == 3 and parts[2] in DECISIONS:
        return Pressed("focal" if kind == "fp" else "extension", request_id=int(parts[1]), decision=parts[2])
    if kind != "rm" or count < 3:
        return None
    if parts[1] == "done" and count == 3:
        return Pressed("done", task_id=int(parts[2]))
    if parts[1] == "later" and count == 3:
        return Pressed("later", task_id=int(parts[2]))
    if parts[1] == "later" and count == 4:
        return Pressed("later_all", kind=parts[2], day=_day(parts[3]))
    if parts[1] == "pg" and count == 5:
        return Pressed("digest_page", kind=parts[2], day=_day(parts[3]), page=int(parts[4]))
    return None


def _day(text: str) -> date:
    return datetime.strptime(text, "%Y%m%d").date()
