"""Focal points: a chat asks for a unit, an admin decides; only approved chats (and admins) may update."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import (
    InvalidDecision,
    NoSuchFocalPoint,
    NotAdmin,
    approved_focal_point,
    approved_units,
    can_update,
    chat_focal_points,
    decide,
    focal_points,
    request_focal_point,
)
from tests.builders import ADMIN, HEALTH_CHAT, NOW, STRANGER, add_task


def test_an_approved_chat_may_update_its_units_tasks_only(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        health, police = add_task(session, "Bộ Y tế"), add_task(session, "Bộ Công an")
        point = request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
        assert point.state == "pending"
        assert not can_update(session, HEALTH_CHAT, health, registry)
        decide(session, point.id, "approved", ADMIN, NOW)
        assert approved_units(session, "telegram", "501") == ["Bộ Y tế"]
        assert can_update(session, HEALTH_CHAT, health, registry)
        assert not can_update(session, HEALTH_CHAT, police, registry)
        assert not can_update(session, STRANGER, health, registry)
        assert can_update(session, ADMIN, police, registry)


def test_a_unit_covers_the_units_it_took_over_in_2025(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    former = registry.former_names("Bộ Tài chính")
    assert "Bộ Kế hoạch và Đầu tư" in former
    with transaction(sessions) as session:
        planning = add_task(session, "Bộ Kế hoạch và Đầu tư")
        point = request_focal_point(session, HEALTH_CHAT, "Bộ Tài chính", NOW)
        decide(session, point.id, "approved", ADMIN, NOW)
        assert can_update(session, HEALTH_CHAT, planning, registry)


def test_revoking_ends_the_right_and_asking_again_waits_for_an_admin(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task = add_task(session)
        point = request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
        decide(session, point.id, "approved", ADMIN, NOW)
        assert request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW).state == "approved"  # asking again: no-op
        decide(session, point.id, "revoked", ADMIN, NOW)
        assert not can_update(session, HEALTH_CHAT, task, registry)
        again = request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
        assert (again.id, again.state, again.decided_by) == (point.id, "pending", None)
        assert [p.state for p in focal_points(session)] == ["pending"]


def test_decisions_follow_the_state_and_need_an_admin(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        point = request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
        with pytest.raises(NotAdmin):
            decide(session, point.id, "approved", HEALTH_CHAT, NOW)
        with pytest.raises(InvalidDecision):
            decide(session, point.id, "revoked", ADMIN, NOW)
        decide(session, point.id, "rejected", ADMIN, NOW)
        with pytest.raises(InvalidDecision):
            decide(session, point.id, "approved", ADMIN, NOW)
        with pytest.raises(NoSuchFocalPoint):
            decide(session, 4242, "approved", ADMIN, NOW)


def test_a_chat_sees_its_requests_by_unit_and_only_an_approved_one_can_be_revoked(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions) as session:
        health = request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
        request_focal_point(session, HEALTH_CHAT, "Bộ Công an", NOW)
        request_focal_point(session, STRANGER, "Bộ Tư pháp", NOW)
        assert approved_focal_point(session, "telegram", "501", "Bộ Y tế") is None  # pending: nothing to revoke
        decide(session, health.id, "approved", ADMIN, NOW)
        points = chat_focal_points(session, "telegram", "501")
        assert [(p.unit.name, p.state) for p in points] == [("Bộ Công an", "pending"), ("Bộ Y tế", "approved")]
        found = approved_focal_point(session, "telegram", "501", "Bộ Y tế")
        assert found is not None and found.id == health.id
        assert approved_focal_point(session, "zalo", "501", "Bộ Y tế") is None  # another channel's chat 501
