"""The web application: middleware, error pages, and `create_app`, which puts the pages together."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dondoc.config import Settings
from dondoc.data.tasks import NoSuchTask
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from dondoc.web.auth import Forbidden, SignInLimiter, SignInRequired
from dondoc.web.context import HERE, MAX_UPLOAD_BYTES, Web, render
from dondoc.web.links import LinkBook
from dondoc.web.mapping import routes as mapping_routes
from dondoc.web.pages import routes as page_routes
from dondoc.web.reports import routes as report_routes
from dondoc.web.signin import routes as signin_routes

log = logging.getLogger(__name__)

SESSION_HOURS = 8
_CSP = b"default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
# Headers on every answer: no framing, no outside resources, no token leaking through the Referer.
SECURITY_HEADERS = [
    (b"content-security-policy", _CSP),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def _sign_in_required(request: Request, _error: Exception) -> Response:
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(request.url_for("sign_in").include_query_params(next=target), status_code=303)
    return render(request, "message.html", 401, title="Cần đăng nhập", text="Vui lòng đăng nhập trước.")


def _forbidden(request: Request, error: Exception) -> Response:
    reason = error.reason if isinstance(error, Forbidden) else "Không được phép."
    return render(request, "message.html", 403, title="Không được phép", text=reason)


def _no_such_task(request: Request, error: Exception) -> Response:
    text = f"Không có nhiệm vụ mã {getattr(error, 'task_id', '')}. Hãy tìm lại trong sổ theo dõi."
    return render(request, "message.html", 404, title="Không tìm thấy", text=text)


def _not_found(request: Request, _error: Exception) -> Response:
    return render(request, "message.html", 404, title="Không tìm thấy", text="Trang này không tồn tại.")


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP answer (a plain ASGI middleware: no body buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def create_app(
    settings: Settings,
    sessions: sessionmaker[Session],
    registry: UnitRegistry,
    *,
    search: SearchService | None = None,
    today: Callable[[], date] | None = None,
    limiter: SignInLimiter | None = None,
    link_clock: Callable[[], datetime] | None = None,
    now: Callable[[], datetime] | None = None,
) -> Starlette:
    """The web application over one database.

    Args:
        search: the bot's search service for free text in the register (None: the search box is hidden).
        today: the day deadlines are judged by when a page names none (default: today in DONDOC_TIMEZONE).
        limiter, link_clock: sign-in guards with injectable clocks (tests).
        now: when an update or a decision is recorded (default: the time in DONDOC_TIMEZONE).
    """
    secret = settings.web_secret
    if not secret:
        log.warning("DONDOC_WEB_SECRET is not set: sessions and one-time links end when the server stops")
        secret = secrets.token_urlsafe(32)
    zone = ZoneInfo(settings.timezone)
    app = Starlette(
        routes=[
            *signin_routes,
            *page_routes,
            *report_routes,
            *mapping_routes,
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=secret,
                session_cookie="dondoc_web",
                max_age=SESSION_HOURS * 3600,
                same_site="lax",
            ),
        ],
        exception_handlers={
            SignInRequired: _sign_in_required,
            Forbidden: _forbidden,
            NoSuchTask: _no_such_task,
            404: _not_found,
        },
        max_body_size=MAX_UPLOAD_BYTES + 64 * 1024,
    )
    app.state.web = Web(
        settings=settings,
        sessions=sessions,
        registry=registry,
        search=search,
        links=LinkBook(secret, sessions, link_clock) if link_clock else LinkBook(secret, sessions),
        limiter=limiter or SignInLimiter(),
        today=today or (lambda: datetime.now(zone).date()),
        now=now or (lambda: datetime.now(zone)),
        upload_dir=settings.data_dir / "web-uploads",
    )
    app.state.secret = secret
    return app
