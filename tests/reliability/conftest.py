"""Reliability fixtures: the bot's own (a corpus copy, the real core, Telegram on a fake server, virtual time)."""

from __future__ import annotations

from tests.bot.conftest import bot_sessions, bot_url, core, fake, search_settings, telegram, virtual_time

__all__ = ["bot_sessions", "bot_url", "core", "fake", "search_settings", "telegram", "virtual_time"]
