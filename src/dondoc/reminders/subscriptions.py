"""Subscriptions: which chat follows which unit, per channel, stored so a restart loses none.

A chat subscribes to a canonical unit name (what `UnitRegistry.lookup` returns). Reminders for a
task go to the chats subscribed to one of its units or to the body that took that unit over in
2025, so a chat following "Bộ Tài chính" also hears about "Bộ Kế hoạch và Đầu tư"'s old tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from dondoc.data.db import changed_rows
from dondoc.data.models import Subscription, Unit
from dondoc.data.units import UnitRegistry

__all__ = [
    "SubscriptionRecord",
    "all_subscriptions",
    "chats_for_units",
    "list_subscriptions",
    "move_chat",
    "subscribe",
    "unsubscribe",
    "unsubscribe_chat",
]


def _unit(session: Session, name: str, registry: UnitRegistry | None) -> Unit:
    """The unit row for a canonical name, created when the database has not met it yet."""
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        entry = registry.entries.get(name) if registry else None
        unit = Unit(
            name=name, kind=entry.kind if entry else "other", abbreviation=entry.abbreviation if entry else None
        )
        session.add(unit)
        session.flush()
    return unit


def subscribe(session: Session, channel: str, chat_id: str, unit: str, registry: UnitRegistry | None = None) -> bool:
    """Make a chat follow a unit.

    Args:
        channel: "telegram", "zalo", "console".
        chat_id: the chat, as the channel writes it.
        unit: a canonical unit name (resolve user input with `UnitRegistry.lookup` first).
        registry: used to give a unit the database has not met yet its kind and abbreviation.

    Returns:
        True when the subscription is new, False when the chat already followed the unit.
    """
    row = _unit(session, unit, registry)
    found = session.scalar(
        select(Subscription).where(
            Subscription.channel == channel, Subscription.chat_id == chat_id, Subscription.unit_id == row.id
        )
    )
    if found is not None:
        return False
    # Reminders are paused per chat (/tamdung): a unit followed while paused stays paused with the rest.
    muted = session.scalar(
        select(func.max(Subscription.muted_until)).where(
            Subscription.channel == channel, Subscription.chat_id == chat_id
        )
    )
    session.add(Subscription(channel=channel, chat_id=chat_id, unit_id=row.id, muted_until=muted))
    session.flush()
    return True


def unsubscribe(session: Session, channel: str, chat_id: str, unit: str) -> bool:
    """Stop a chat following a unit; returns False when it did not follow it."""
    unit_ids = select(Unit.id).where(Unit.name == unit).scalar_subquery()
    return bool(
        changed_rows(
            session,
            delete(Subscription).where(
                Subscription.channel == channel, Subscription.chat_id == chat_id, Subscription.unit_id == unit_ids
            ),
        )
    )


def unsubscribe_chat(session: Session, channel: str, chat_id: str) -> int:
    """Drop every subscription of a chat (it blocked the bot or was deleted); returns how many."""
    return changed_rows(
        session, delete(Subscription).where(Subscription.channel == channel, Subscription.chat_id == chat_id)
    )


def move_chat(session: Session, channel: str, old_chat_id: str, new_chat_id: str) -> int:
    """Carry a chat's subscriptions over to its new id (a Telegram group upgraded to a supergroup).

    Returns:
        How many subscriptions moved; a unit the new id already follows is not duplicated.
    """
    moved = 0
    for subscription in session.scalars(
        select(Subscription).where(Subscription.channel == channel, Subscription.chat_id == old_chat_id)
    ):
        taken = session.scalar(
            select(Subscription.id).where(
                Subscription.channel == channel,
                Subscription.chat_id == new_chat_id,
                Subscription.unit_id == subscription.unit_id,
            )
        )
        if taken is None:
            subscription.chat_id = new_chat_id
            moved += 1
        else:
            session.delete(subscription)
    session.flush()
    return moved


def list_subscriptions(session: Session, channel: str, chat_id: str) -> list[str]:
    """The unit names a chat follows, alphabetically."""
    return list(
        session.scalars(
            select(Unit.name)
            .join(Subscription, Subscription.unit_id == Unit.id)
            .where(Subscription.channel == channel, Subscription.chat_id == chat_id)
            .order_by(Unit.name)
        )
    )


@dataclass(frozen=True)
class SubscriptionRecord:
    """One chat following one unit, as the office's subscriptions page lists it."""

    unit: str
    channel: str
    chat_id: str
    muted_until: date | None
    created_at: datetime | None


def all_subscriptions(session: Session) -> list[SubscriptionRecord]:
    """Every subscription, by unit name, then channel and chat."""
    rows = session.execute(
        select(Unit.name, Subscription.channel, Subscription.chat_id, Subscription.muted_until, Subscription.created_at)
        .join(Unit, Unit.id == Subscription.unit_id)
        .order_by(Unit.name, Subscription.channel, Subscription.chat_id)
    )
    return [SubscriptionRecord(*row) for row in rows]


def followed_names(units: Iterable[str], registry: UnitRegistry | None = None) -> list[str]:
    """The unit names a subscription to hear of these units may hold: each, and with `registry` its 2025 successor."""
    names = list(dict.fromkeys(units))
    return names + [registry.current_of(name) for name in names] if registry is not None else names


def chats_for_units(
    session: Session,
    units: Iterable[str],
    registry: UnitRegistry | None = None,
    today: date | None = None,
    channel: str | None = None,
    subscribed_by: datetime | None = None,
) -> dict[tuple[str, str], list[str]]:
    """Who should hear about tasks of these units.

    Args:
        units: unit names as tasks carry them (e.g. a task's `lead_units`).
        registry: when given, a chat following a unit's 2025 successor counts too.
        today: when given, chats muted until today or later are left out.
        channel: only chats of this channel.
        subscribed_by: only subscriptions made by then (a report's news is for those who followed before it).

    Returns:
        (channel, chat_id) -> the followed unit names that matched, in the order first met.
    """
    wanted = followed_names(units, registry)
    if not wanted:
        return {}
    query = (
        select(Subscription.channel, Subscription.chat_id, Unit.name)
        .join(Unit, Unit.id == Subscription.unit_id)
        .where(Unit.name.in_(set(wanted)))
        .order_by(Subscription.channel, Subscription.chat_id, Subscription.id)
    )
    if channel is not None:
        query = query.where(Subscription.channel == channel)
    if today is not None:
        query = query.where(or_(Subscription.muted_until.is_(None), Subscription.muted_until < today))
    if subscribed_by is not None:
        query = query.where(Subscription.created_at <= subscribed_by)
    found: dict[tuple[str, str], list[str]] = {}
    for chat_channel, chat_id, name in session.execute(query):
        found.setdefault((chat_channel, chat_id), []).append(name)
    return found
