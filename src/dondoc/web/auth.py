"""Who may see what: password sign-in with a rate limit, roles in the signed session cookie, CSRF tokens."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.datastructures import FormData
from starlette.requests import Request

from dondoc.config import Settings

VIEWER, ADMIN = "viewer", "admin"
_RANK = {VIEWER: 1, ADMIN: 2}


class SignInRequired(Exception):
    """Raised when a page or form is asked for without a session; pages redirect, forms answer 401."""


class Forbidden(Exception):
    """Raised when a signed-in viewer asks for what only an admin may do, or a form lacks its CSRF token."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def role_for_password(settings: Settings, password: str) -> str | None:
    """The role a password opens (admin's, then viewer's), compared in constant time; None when neither."""
    given = password.encode()
    for role, expected in ((ADMIN, settings.web_password), (VIEWER, settings.web_viewer_password)):
        if expected and hmac.compare_digest(given, expected.encode()):
            return role
    return None


class SignInLimiter:
    """At most `attempts` failed sign-ins per client in `window` seconds (a sliding window)."""

    def __init__(self, attempts: int = 5, window: float = 900.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= self._clock() - self.window:
            failures.popleft()
        return failures

    def blocked(self, client: str) -> bool:
        """Whether `client` has used up its attempts for now."""
        with self._lock:
            return len(self._recent(client)) >= self.attempts

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self._clock())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


def sign_in(request: Request, role: str) -> None:
    """Start a fresh session for `role` (a new CSRF token, so one taken before sign-in is worthless)."""
    request.session.clear()
    request.session.update(role=role, csrf=secrets.token_urlsafe(24))


def role_of(request: Request) -> str | None:
    role = request.session.get("role")
    return role if role in _RANK else None


def require(request: Request, role: str = VIEWER) -> str:
    """The signed-in role, at least `role`.

    Raises:
        SignInRequired: nobody is signed in.
        Forbidden: the session's role is below `role`.
    """
    current = role_of(request)
    if current is None:
        raise SignInRequired
    if _RANK[current] < _RANK[role]:
        raise Forbidden("Chỉ quản trị viên được thực hiện thao tác này.")
    return current


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use (the sign-in form needs one before any role)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return str(token)


async def checked_form(request: Request, **limits: int) -> FormData:
    """The posted form (read within `limits`: max_files, max_fields, max_part_size), refused unless it carries
    this session's CSRF token.

    Raises:
        Forbidden: the token is missing or not this session's.
    """
    form = await request.form(**limits)
    check_csrf(request, form.get("csrf"))
    return form


def check_csrf(request: Request, submitted: object) -> None:
    """Refuse a form whose token is missing or not this session's.

    Raises:
        Forbidden: the token does not match.
    """
    expected = request.session.get("csrf")
    if not expected or not isinstance(submitted, str) or not hmac.compare_digest(submitted, str(expected)):
        raise Forbidden("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.")
