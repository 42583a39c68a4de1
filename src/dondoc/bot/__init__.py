"""The conversation core and its channels: the console here, Telegram and Zalo in their own modules.

`dondoc.bot.telegram` and `dondoc.bot.zalo` are imported only where they run, since they pull in
python-telegram-bot and httpx.
"""

from dondoc.bot.access import Access, FloodGuard
from dondoc.bot.channel import BaseChannel, ChannelUnavailable, ChatGone, DeliveryError, RetryLater
from dondoc.bot.console import ConsoleChannel
from dondoc.bot.core import Conversation
from dondoc.bot.messages import Button, IncomingMessage, Reply
from dondoc.bot.runner import run_channels

__all__ = [
    "Access",
    "BaseChannel",
    "Button",
    "ChannelUnavailable",
    "ChatGone",
    "ConsoleChannel",
    "Conversation",
    "DeliveryError",
    "FloodGuard",
    "IncomingMessage",
    "Reply",
    "RetryLater",
    "run_channels",
]
