"""Subscriptions in the database (SQLite and PostgreSQL): per channel, chat and canonical unit."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.units import UnitRegistry
from dondoc.reminders.actions import mute_chat
from dondoc.reminders.subscriptions import (
    chats_for_units,
    list_subscriptions,
    move_chat,
    subscribe,
    unsubscribe,
    unsubscribe_chat,
)


def test_subscribe_is_idempotent_and_per_chat(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        assert subscribe(session, "telegram", "1", "Bộ Y tế", registry)
        assert not subscribe(session, "telegram", "1", "Bộ Y tế", registry)
        assert subscribe(session, "telegram", "2", "Bộ Y tế", registry)
        assert subscribe(session, "zalo", "1", "Bộ Công an", registry)
    with sessions() as session:
        assert list_subscriptions(session, "telegram", "1") == ["Bộ Y tế"]
        assert list_subscriptions(session, "zalo", "1") == ["Bộ Công an"]
    with transaction(sessions) as session:
        assert unsubscribe(session, "telegram", "1", "Bộ Y tế")
        assert not unsubscribe(session, "telegram", "1", "Bộ Y tế")
        assert unsubscribe_chat(session, "zalo", "1") == 1
    with sessions() as session:
        assert list_subscriptions(session, "telegram", "1") == []
        assert list_subscriptions(session, "telegram", "2") == ["Bộ Y tế"]


def test_chats_for_units_follows_2025_successors_and_skips_muted_chats(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        subscribe(session, "telegram", "1", "Bộ Tài chính", registry)
        subscribe(session, "telegram", "2", "Bộ Kế hoạch và Đầu tư", registry)
        subscribe(session, "console", "console", "Bộ Y tế", registry)
        subscribe(session, "telegram", "3", "Bộ Tài chính", registry)
        mute_chat(session, "telegram", "3", date(2026, 11, 30))
    with sessions() as session:
        found = chats_for_units(session, ["Bộ Kế hoạch và Đầu tư", "Bộ Y tế"], registry, today=date(2026, 11, 23))
        assert found == {
            ("console", "console"): ["Bộ Y tế"],
            ("telegram", "1"): ["Bộ Tài chính"],
            ("telegram", "2"): ["Bộ Kế hoạch và Đầu tư"],
        }
        assert set(chats_for_units(session, ["Bộ Tài chính"], channel="telegram")) == {
            ("telegram", "1"),
            ("telegram", "3"),
        }
        assert chats_for_units(session, []) == {}


def test_a_unit_followed_while_paused_stays_paused(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        subscribe(session, "telegram", "1", "Bộ Y tế", registry)
        mute_chat(session, "telegram", "1", date(2026, 12, 1))
        subscribe(session, "telegram", "1", "Bộ Công an", registry)
    with sessions() as session:
        assert chats_for_units(session, ["Bộ Công an"], today=date(2026, 11, 23)) == {}


def test_a_chat_moving_to_a_new_id_keeps_what_it_followed(sessions: sessionmaker[Session], registry) -> None:
    with transaction(sessions) as session:
        subscribe(session, "telegram", "-300", "Bộ Y tế", registry)
        subscribe(session, "telegram", "-300", "Bộ Công an", registry)
        subscribe(session, "telegram", "-100300", "Bộ Công an", registry)
        assert move_chat(session, "telegram", "-300", "-100300") == 1
    with sessions() as session:
        assert list_subscriptions(session, "telegram", "-100300") == ["Bộ Công an", "Bộ Y tế"]
        assert list_subscriptions(session, "telegram", "-300") == []
