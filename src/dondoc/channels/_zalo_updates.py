"""The one place that knows the shape of a Zalo Bot Platform update, as getUpdates and the webhook deliver it.

What the platform documents (bot.zaloplatforms.com/docs, 2025) and what we assume:

- getUpdates answers `{"ok": true, "result": {"event_name": "message.text.received", "message": {...}}}`:
  one update per call, not a list, and no update id (long polling hands each update out once).
  We also accept a list of updates in `result`, and an update without `event_name`, in case the
  platform moves closer to Telegram's shape.
- A webhook POST carries the same update, either bare (`{"event_name": …, "message": …}`) or
  wrapped like a getUpdates answer; both are accepted.
- `message` has `message_id`, `date` (milliseconds), `text`, `from.id` (+ `display_name`),
  `chat.id` and `chat.chat_type` ("PRIVATE" or "USER" for a one-to-one chat, "GROUP" for a group).
  Ids are opaque strings (e.g. "e4ea2cd5189df1c3a88c"), never numbers to compute with.
- Only `message.text.received` carries text for the bot; images, stickers and unsupported
  messages are dropped at the edge.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

TEXT_EVENT = "message.text.received"
GROUP_TYPES = frozenset({"GROUP"})


@dataclass(frozen=True)
class ZaloUpdate:
    """One incoming Zalo message, reduced to what the adapter uses.

    Attributes:
        event_name: the platform's event ("message.text.received", "message.image.received", …).
        chat_id: where to answer.
        user_id: who wrote it.
        text: the text, or None for a message without any (an image, a sticker).
        group: the message was written in a group chat.
        message_id: the platform's id of the message ("" when missing).
        user_name: the sender's display name ("" when missing).
    """

    event_name: str
    chat_id: str
    user_id: str
    text: str | None
    group: bool = False
    message_id: str = ""
    user_name: str = ""

    @property
    def is_text(self) -> bool:
        return self.event_name == TEXT_EVENT and bool(self.text)


def _raw_updates(payload: Any) -> list[Any]:
    """The update objects in a getUpdates answer or a webhook body, whichever shape it has."""
    if isinstance(payload, dict) and "ok" in payload and "result" in payload:
        payload = payload["result"]
    if payload is None or payload == {} or payload == []:
        return []
    if isinstance(payload, list):
        return payload
    return [payload]


def _update(raw: Any) -> ZaloUpdate | None:
    if not isinstance(raw, dict):
        return None
    message = raw.get("message")
    if not isinstance(message, dict) and isinstance(raw.get("chat"), dict):
        message = raw  # a bare message, without the update around it
    if not isinstance(message, dict):
        return None
    chat: dict[str, Any] = message["chat"] if isinstance(message.get("chat"), dict) else {}
    sender: dict[str, Any] = message["from"] if isinstance(message.get("from"), dict) else {}
    chat_id = chat.get("id") or sender.get("id")
    if chat_id is None:
        return None
    text = message.get("text")
    text = text if isinstance(text, str) else None
    event = raw.get("event_name") or (TEXT_EVENT if text else "message.unsupported.received")
    return ZaloUpdate(
        event_name=str(event),
        chat_id=str(chat_id),
        user_id=str(sender.get("id") or chat_id),
        text=text,
        group=str(chat.get("chat_type", "")).upper() in GROUP_TYPES,
        message_id=str(message.get("message_id") or ""),
        user_name=str(sender.get("display_name") or sender.get("name") or sender.get("first_name") or ""),
    )


def parse_updates(payload: Any) -> list[ZaloUpdate]:
    """Every update in a getUpdates answer or a webhook body; objects we cannot read are logged and dropped.

    Args:
        payload: the decoded JSON: `{"ok": true, "result": update | [update, …] | null}`, a bare
            update `{"event_name": …, "message": …}`, a list of updates, or a bare message.
    """
    updates = []
    for raw in _raw_updates(payload):
        update = _update(raw)
        if update is None:
            log.info("dropping a Zalo update we cannot read: %.200r", raw)
        else:
            updates.append(update)
    return updates
