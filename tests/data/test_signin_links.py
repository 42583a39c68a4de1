"""Used sign-in links in the database: the first use wins, a second is refused, expired ones are forgotten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.models import SigninLink
from dondoc.data.signin_links import use_link

NOW = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)


def test_a_link_is_used_once_and_forgotten_after_it_expires(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        assert use_link(session, "n1", "admin", NOW + timedelta(minutes=15), NOW)
    with transaction(sessions) as session:
        assert not use_link(session, "n1", "admin", NOW + timedelta(minutes=15), NOW + timedelta(minutes=1))
    later = NOW + timedelta(minutes=20)
    with transaction(sessions) as session:
        assert use_link(session, "n2", "viewer", later + timedelta(minutes=15), later)
    with sessions() as session:
        assert session.scalars(select(SigninLink.nonce)).all() == ["n2"]
        assert session.scalar(select(func.count()).select_from(SigninLink)) == 1
