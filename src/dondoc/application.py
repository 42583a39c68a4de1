"""The application: the conversation core, channels, reminder scheduler and heartbeat, built from the settings.

Every front end (`dondoc chat`, `serve`, `remind`) builds its parts here, so a channel added to
`CHANNELS` is served, reminded and health-checked everywhere at once.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from dondoc.channels.console import ConsoleChannel
from dondoc.config import Settings
from dondoc.conversation import Access, BaseChannel, Conversation, ReminderPolicy, Searcher
from dondoc.conversation.uploads import send_notices
from dondoc.data.units import UnitRegistry
from dondoc.health import start_heartbeat
from dondoc.index.service import SearchService
from dondoc.jobs import Outcome, ReminderScheduler, send_day
from dondoc.jobs import start as start_reminders

log = logging.getLogger(__name__)

DEFAULT_LISTEN = "0.0.0.0:8443"


@dataclass(frozen=True)
class ChannelSpec:
    """How to build one remote channel: whether the settings enable it, and the adapter over a core.

    Attributes:
        enabled: true when the settings carry what the channel needs (its token).
        build: the adapter over the core, the settings and the Telegram webhook's listen address.
    """

    enabled: Callable[[Settings], bool]
    build: Callable[[Conversation, Settings, str], BaseChannel]


def _telegram(core: Conversation, settings: Settings, listen: str) -> BaseChannel:
    from dondoc.channels.telegram import TelegramChannel  # python-telegram-bot loads only when used

    return TelegramChannel(
        core,
        settings.telegram_token or "",
        base_url=settings.telegram_api_base_url,
        webhook_url=settings.webhook_url,
        listen=listen,
    )


def _zalo(core: Conversation, settings: Settings, _listen: str) -> BaseChannel:
    from dondoc.channels.zalo import ZaloChannel  # httpx and the webhook server load only when used

    return ZaloChannel(
        core,
        settings.zalo_token or "",
        base_url=settings.zalo_api_base_url,
        webhook_url=settings.zalo_webhook_url,
        listen=settings.zalo_listen,
    )


CHANNELS: dict[str, ChannelSpec] = {
    "telegram": ChannelSpec(lambda s: bool(s.telegram_token), _telegram),
    "zalo": ChannelSpec(lambda s: bool(s.zalo_token), _zalo),
}


class Application:
    """One run's parts over one database, registry and day.

    Args:
        settings: the settings read at start-up.
        sessions: the database.
        registry: the unit registry.
        today: the day deadlines are judged by (`--today`); the local date when None.
    """

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        registry: UnitRegistry,
        today: date | None = None,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.registry = registry
        self.fixed_day = today
        self.tz = ZoneInfo(settings.timezone)

    def today(self) -> date:
        """The day deadlines are judged by."""
        return self.fixed_day or datetime.now(self.tz).date()

    def now(self) -> datetime:
        """The current time, on the fixed day when one was given."""
        now = datetime.now(self.tz)
        return datetime.combine(self.fixed_day, now.timetz()) if self.fixed_day else now

    @cached_property
    def policy(self) -> ReminderPolicy:
        """The reminder policy from the settings.

        Raises:
            PolicyError: a reminder setting is invalid.
        """
        return ReminderPolicy.from_settings(self.settings)

    @cached_property
    def conversation(self) -> Conversation:
        """The conversation core; the search service opens on the first question (or `warm`)."""
        return Conversation(
            self.sessions,
            self.registry,
            today=self.today,
            search=self._open_search,
            access=Access(self.settings.allowed_chats, self.settings.admin_chats),
            reminders=self.policy,
        )

    def _open_search(self) -> Searcher:
        return SearchService.open(self.settings, self.sessions, self.registry)

    @property
    def remote(self) -> bool:
        """True when a remote channel (Telegram, Zalo) is configured."""
        return any(spec.enabled(self.settings) for spec in CHANNELS.values())

    def remote_channels(self, listen: str = DEFAULT_LISTEN) -> list[BaseChannel]:
        """Every channel of `CHANNELS` the settings enable, in table order."""
        return [
            spec.build(self.conversation, self.settings, listen)
            for spec in CHANNELS.values()
            if spec.enabled(self.settings)
        ]

    def channels(self, listen: str = DEFAULT_LISTEN) -> list[BaseChannel]:
        """The channels `dondoc serve` runs: the remote ones, or the console when none is configured."""
        return self.remote_channels(listen) or [ConsoleChannel(self.conversation)]

    def warm(self) -> None:
        """Load (or build) the search index now, so the first question is fast and `dondoc health` sees it."""
        try:
            self.conversation.warm()
        except Exception:
            log.exception("could not load the search index; questions will retry")

    def start_jobs(self, channels: Sequence[BaseChannel]) -> ReminderScheduler:
        """Start the reminder scheduler and the heartbeat on the running channels (call from the event loop)."""
        scheduler = start_reminders(
            self.sessions, self.settings, {c.name: c for c in channels}, policy=self.policy, clock=self.now
        )
        start_heartbeat(scheduler, self.settings, [c.name for c in channels])  # read by `dondoc health`

        async def send_upload_notices() -> None:  # new tasks of a report sent in chat, once quiet hours end
            await send_notices(self.conversation.uploads, channels)

        scheduler.run_repeating(send_upload_notices, "upload-notices", minutes=1)
        return scheduler

    async def send_reminders(self, day: date) -> list[Outcome]:
        """Send what is owed on `day` through every configured channel, send-only, while `serve` may run.

        Console subscriptions are printed to standard error.
        """
        senders = [ConsoleChannel(self.conversation, stdout=sys.stderr, interactive=False), *self.remote_channels()]
        opened: list[BaseChannel] = []
        try:
            for channel in senders:
                await channel.open_for_sending()
                opened.append(channel)
            now = datetime.now(self.tz)
            return await send_day(self.sessions, self.policy, {c.name: c for c in senders}, day, now)
        finally:
            for channel in opened:
                await channel.close_for_sending()
