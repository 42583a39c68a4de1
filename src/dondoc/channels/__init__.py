"""The chat channels: each only translates between its platform and the conversation core.

`dondoc.channels.telegram` and `dondoc.channels.zalo` are imported only where they run (through
`dondoc.application`), since they pull in python-telegram-bot and httpx.
"""

from dondoc.channels.console import ConsoleChannel
from dondoc.channels.fake import FakeChannel
from dondoc.channels.runner import run_channels

__all__ = ["ConsoleChannel", "FakeChannel", "run_channels"]
