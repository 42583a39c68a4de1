"""Fixtures for reminder tests: a world of synthetic tasks on the test database, and the two stock policies."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from dondoc.reminders import ReminderPolicy

from .builders import World


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> World:
    return World(sessions)


@pytest.fixture
def weekdays_only() -> ReminderPolicy:
    """The default policy (quiet 21:00-07:00 and at weekends)."""
    return ReminderPolicy()


@pytest.fixture
def every_day() -> ReminderPolicy:
    """The default policy without quiet weekends, for walks that should not depend on the calendar."""
    return ReminderPolicy(quiet_weekdays=frozenset())
