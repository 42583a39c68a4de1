"""One-time sign-in links: signed, expiring, single-use tokens that the bot's `/web` or the CLI hands to an admin.

The token carries its role, a random nonce and its expiry, signed with DONDOC_WEB_SECRET (itsdangerous),
so any process holding the secret can mint one and the web server can check its signature and expiry.
The first use of a nonce is recorded in the database (`data.signin_links`), which makes each link work
once however many web processes share the database.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.signin_links import use_link

LINK_PATH = "/dang-nhap/lien-ket/"
LINK_TTL = timedelta(minutes=15)
ROLES = ("viewer", "admin")
_SALT = "dondoc-web-link"


def _now() -> datetime:
    return datetime.now(UTC)


def mint_link(secret: str, role: str = "admin", now: datetime | None = None, ttl: timedelta = LINK_TTL) -> str:
    """A single-use sign-in token for `role`, valid for `ttl`.

    Args:
        secret: DONDOC_WEB_SECRET, the key the web server signs its cookies with.
        role: "admin" or "viewer".
        now: the moment of minting (tests); the current time by default.

    Returns:
        The token; the link is `<web address>` + LINK_PATH + token.

    Raises:
        ValueError: `role` is not one of ROLES or the secret is empty.
    """
    if role not in ROLES or not secret:
        raise ValueError(f"cannot mint a link for role {role!r} without a secret")
    expires = (now or _now()) + ttl
    payload = {"role": role, "nonce": secrets.token_urlsafe(12), "exp": int(expires.timestamp())}
    return URLSafeSerializer(secret, salt=_SALT).dumps(payload)


def link_url(base: str, secret: str, role: str = "admin") -> str:
    """A whole one-time sign-in link: the web address users open (`settings.web_url`, or the server's own
    address) followed by LINK_PATH and a fresh token from `mint_link`."""
    return f"{base.rstrip('/')}{LINK_PATH}{mint_link(secret, role)}"


def web_address(web_url: str | None, host: str, port: int) -> str:
    """The address a link starts with: DONDOC_WEB_URL behind a proxy, else where the server listens
    (the loopback when it listens on every interface)."""
    return web_url or f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"


class LinkBook:
    """Redeems tokens minted by `mint_link`, each at most once across every process on the database.

    Args:
        secret: the key the tokens were signed with.
        sessions: the database where used links are recorded.
        clock: the current time (tests pass a fixed one).
    """

    def __init__(self, secret: str, sessions: sessionmaker[Session], clock: Callable[[], datetime] = _now) -> None:
        self._serializer = URLSafeSerializer(secret, salt=_SALT)
        self._sessions = sessions
        self._clock = clock

    def redeem(self, token: str) -> str | None:
        """The role the token grants, or None when it is forged, expired or already used."""
        try:
            payload = self._serializer.loads(token)
        except BadSignature:
            return None
        if not isinstance(payload, dict) or payload.get("role") not in ROLES or not payload.get("nonce"):
            return None
        now, expires = self._clock(), int(payload.get("exp", 0))
        if expires < int(now.timestamp()):
            return None
        role = str(payload["role"])
        with transaction(self._sessions) as session:
            first = use_link(session, str(payload["nonce"]), role, datetime.fromtimestamp(expires, UTC), now)
        return role if first else None
