"""The conversation core: neutral messages, the channel contract, the commands, the wording of answers and reminders.

Channels (`dondoc.channels`) translate native updates into `IncomingMessage` and `Reply` into native
calls; the scheduled jobs (`dondoc.jobs`) send the reminders planned and worded here.
"""

from dondoc.conversation.access import Access, FloodGuard
from dondoc.conversation.channel import BaseChannel, ChannelUnavailable, ChatGone, DeliveryError, RetryLater
from dondoc.conversation.core import Conversation, Searcher
from dondoc.conversation.messages import Button, IncomingMessage, Reply
from dondoc.conversation.reminder_commands import (
    digest_page_reply,
    is_reminder_button,
    pause_reminders,
    press_reminder_button,
)
from dondoc.conversation.reminder_replies import with_texts

__all__ = [
    "Access",
    "BaseChannel",
    "Button",
    "ChannelUnavailable",
    "ChatGone",
    "Conversation",
    "DeliveryError",
    "FloodGuard",
    "IncomingMessage",
    "Reply",
    "RetryLater",
    "Searcher",
    "digest_page_reply",
    "is_reminder_button",
    "pause_reminders",
    "press_reminder_button",
    "with_texts",
]
