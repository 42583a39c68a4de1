"""Signing in and out: a password form (rate-limited) and one-time links; both start a fresh session."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dondoc.web.auth import checked_form, role_for_password, role_of, sign_in
from dondoc.web.context import render, web_of
from dondoc.web.links import LINK_PATH


def _safe_next(target: object) -> str:
    """Only a path on this site: an open redirect would let a phishing link borrow our sign-in page."""
    text = target if isinstance(target, str) else ""
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


async def sign_in_page(request: Request) -> Response:
    if role_of(request):
        return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    return render(request, "signin.html", next=_safe_next(request.query_params.get("next")), error=None)


async def sign_in_submit(request: Request) -> Response:
    web = web_of(request)
    form = await checked_form(request)
    target = _safe_next(form.get("next"))
    client = _client(request)
    if web.limiter.blocked(client):
        error = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
        return render(request, "signin.html", 429, next=target, error=error)
    password = form.get("password")
    role = role_for_password(web.settings, password) if isinstance(password, str) and password else None
    if role is None:
        web.limiter.failed(client)
        return render(request, "signin.html", 401, next=target, error="Mật khẩu không đúng.")
    web.limiter.succeeded(client)
    sign_in(request, role)
    return RedirectResponse(target, status_code=303)


async def link_page(request: Request) -> Response:
    """A button, not an instant sign-in: chat apps fetch links for previews, which would use the token up."""
    return render(request, "link.html", token=request.path_params["token"])


async def link_submit(request: Request) -> Response:
    web = web_of(request)
    await checked_form(request)
    role = await run_in_threadpool(web.links.redeem, request.path_params["token"])  # a write to the database
    if role is None:
        text = "Liên kết đăng nhập không hợp lệ, đã hết hạn hoặc đã được dùng. Hãy gửi lệnh /web để nhận liên kết mới."
        return render(request, "message.html", 401, title="Liên kết không dùng được", text=text)
    sign_in(request, role)
    return RedirectResponse("/", status_code=303)


async def sign_out(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse(request.url_for("sign_in"), status_code=303)


routes = [
    Route("/dang-nhap", sign_in_page, methods=["GET"], name="sign_in"),
    Route("/dang-nhap", sign_in_submit, methods=["POST"]),
    Route(LINK_PATH + "{token}", link_page, methods=["GET"]),
    Route(LINK_PATH + "{token}", link_submit, methods=["POST"]),
    Route("/dang-xuat", sign_out, methods=["POST"], name="sign_out"),
]
