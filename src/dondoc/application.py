"""The application: the conversation core, channels, reminder scheduler, heartbeat and web pages, from the settings.

Every front end (`dondoc chat`, `serve`, `remind`) builds its parts here, so a channel added to
`CHANNELS` is served, reminded and health-checked everywhere at once.
"""

from __future__ import annotations

import logging
import secrets
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from dondoc.channels.console import ConsoleChannel
from dondoc.config import Settings
from dondoc.conversation import Access, BaseChannel, Conversation, Searcher
from dondoc.conversation.uploads import send_notices
from dondoc.data.units import UnitRegistry
from dondoc.health import start_heartbeat
from dondoc.index.service import SearchService
from dondoc.jobs import Outcome, ReminderScheduler, send_day
from dondoc.jobs import start as start_reminders
from dondoc.output.chat_files import ChatFiles
from dondoc.reminders import ReminderPolicy
from dondoc.web.links import link_url, web_address

if TYPE_CHECKING:
    from starlette.applications import Starlette

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
            web_link=self._web_link if self.web_links else None,
            files=ChatFiles(),
        )

    @cached_property
    def search_service(self) -> SearchService:
        """The search index, shared by the bot and the web pages (an upload refreshes both). It loads in the
        background: questions asked meanwhile wait for it, listings at once (`SearchService.start`)."""
        return SearchService.start(self.settings, self.sessions, self.registry)

    def _open_search(self) -> Searcher:
        return self.search_service

    @cached_property
    def web_secret(self) -> str:
        """DONDOC_WEB_SECRET, or one for this process: the web pages served here and /web's links then agree."""
        return self.settings.web_secret or secrets.token_urlsafe(32)

    @property
    def web_links(self) -> bool:
        """True when /web can hand out links that work: the pages run in this process (DONDOC_WEB_PORT), or
        elsewhere (`dondoc web`) at DONDOC_WEB_URL with the shared DONDOC_WEB_SECRET."""
        return bool(self.settings.web_port or (self.settings.web_url and self.settings.web_secret))

    def _web_link(self) -> str:
        """A one-time admin sign-in link to the web pages (what /web sends)."""
        base = web_address(self.settings.web_url, self.settings.web_host, self.settings.web_port or 8080)
        return link_url(base, self.web_secret)

    def web_app(self, search: SearchService | None) -> Starlette:
        """The web pages over this application's database, registry, day and secret."""
        from dondoc.web.app import create_app  # Starlette and Jinja load only when the pages are served

        settings = replace(self.settings, web_secret=self.web_secret)
        return create_app(settings, self.sessions, self.registry, search=search, today=self.today, now=self.now)

    def start_web(self) -> threading.Thread | None:
        """Serve the web pages in a background thread when DONDOC_WEB_PORT is set (`dondoc serve` calls it).

        The thread opens the shared search index first, then listens on DONDOC_WEB_HOST:DONDOC_WEB_PORT.
        """
        if not self.settings.web_port:
            return None
        import uvicorn  # the web server loads only when used

        def run() -> None:
            try:
                config = uvicorn.Config(
                    self.web_app(self.search_service),
                    host=self.settings.web_host,
                    port=self.settings.web_port or 8080,
                    log_level="warning",
                )
                uvicorn.Server(config).run()
            except Exception:
                log.exception("the web pages stopped; the bot and the reminders keep running")

        thread = threading.Thread(target=run, name="web", daemon=True)
        thread.start()
        log.info("web pages on %s:%s", self.settings.web_host, self.settings.web_port)
        return thread

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
        """Start loading (or building) the search index now, so the first question is fast and `dondoc health`
        sees it; returns at once."""
        try:
            self.conversation.warm()
        except Exception:
            log.exception("could not start loading the search index; questions will retry")

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
