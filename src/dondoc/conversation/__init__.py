"""The conversation core: neutral messages, the channel contract, the commands and the reminder planning they share.

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
from dondoc.data.reminder_plan import Reminder, plan_day
from dondoc.data.reminder_policy import PolicyError, ReminderPolicy

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
    "PolicyError",
    "Reminder",
    "ReminderPolicy",
    "Reply",
    "RetryLater",
    "Searcher",
    "digest_page_reply",
    "is_reminder_button",
    "pause_reminders",
    "plan_day",
    "press_reminder_button",
    "with_texts",
]
