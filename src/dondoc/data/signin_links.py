"""One-time sign-in links that were used, kept in the database so that every web process honours "once"."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from dondoc.data.db import insert_new
from dondoc.data.models import SigninLink


def use_link(session: Session, nonce: str, role: str, expires_at: datetime, now: datetime) -> bool:
    """Record that the link `nonce` (granting `role` until `expires_at`) was used at `now`.

    Links expired before `now` are forgotten on the way: their tokens are refused by their expiry anyway.
    Commit before signing in: the row is what keeps a second process from accepting the link.

    Returns:
        True for the link's first use; False when it was used before, by this process or another.
    """
    session.execute(delete(SigninLink).where(SigninLink.expires_at < now.astimezone(UTC)))
    values = {"nonce": nonce, "role": role, "expires_at": expires_at.astimezone(UTC), "used_at": now.astimezone(UTC)}
    return insert_new(session, SigninLink, values, ("nonce",))
