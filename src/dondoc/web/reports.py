"""The reports page: ingested sources, and upload → preview → confirm or cancel (admins only)."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dondoc.ingest.layouts import UnreadableReport
from dondoc.web import library, library_mapping
from dondoc.web.auth import ADMIN, checked_form, require
from dondoc.web.context import MAX_UPLOAD_BYTES, render, web_of
from dondoc.web.mapping import mapping_page
from dondoc.web.uploads import forget_upload, upload_path

_UNSAFE = re.compile(r"[^\w.\- ]+")
UPLOAD_TTL_SECONDS = 24 * 3600


def _safe_name(filename: str | None) -> str:
    """The uploaded file's own name without folders or odd characters: it becomes the source's name."""
    name = _UNSAFE.sub("", Path((filename or "").replace("\\", "/")).name).strip(" .")
    return name[:120] or "bao-cao.txt"


def _reports(request: Request, status_code: int = 200, error: str | None = None) -> Response:
    web = web_of(request)
    with web.sessions() as session:
        rows = library.sources(session)
    return render(request, "reports.html", status_code, sources=rows, error=error, max_mb=MAX_UPLOAD_BYTES >> 20)


def reports_page(request: Request) -> Response:
    require(request)
    return _reports(request)


def _prune(folder: Path, now: float) -> None:
    """Drop previews nobody confirmed or cancelled within a day (a closed tab leaves its file behind)."""
    for stale in folder.glob("*"):
        if stale.is_dir() and now - stale.stat().st_mtime > UPLOAD_TTL_SECONDS:
            library.discard_upload(stale)


async def upload(request: Request) -> Response:
    require(request, ADMIN)
    web = web_of(request)
    form = await checked_form(request, max_files=1, max_fields=10, max_part_size=MAX_UPLOAD_BYTES)
    sent = form.get("tep")
    if not isinstance(sent, UploadFile) or not sent.filename:
        return await run_in_threadpool(_reports, request, 400, "Chưa chọn tệp báo cáo.")
    data = await sent.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        error = f"Tệp lớn hơn {MAX_UPLOAD_BYTES >> 20} MB. Hãy tách báo cáo thành nhiều tệp nhỏ hơn."
        return await run_in_threadpool(_reports, request, 413, error)
    _prune(web.upload_dir, time.time())
    token = secrets.token_urlsafe(18)
    path = web.upload_dir / token / _safe_name(sent.filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        preview = await run_in_threadpool(library.preview_upload, web.sessions, web.registry, path)
    except UnreadableReport as error:
        return await run_in_threadpool(_unread, request, path, token, error.reason)
    request.session["uploads"] = [*request.session.get("uploads", [])[-4:], token]
    return render(request, "preview.html", token=token, filename=path.name, preview=preview)


def _unread(request: Request, path: Path, token: str, reason: str) -> Response:
    """A file no rule reads: its mapping page when a reader could read it at all, else the reason, and it is dropped."""
    web = web_of(request)
    text = f"Không đọc được tệp {path.name}: {reason}. Không có gì thay đổi"
    try:
        document, _header = library_mapping.layout_of(path, web.registry)
    except UnreadableReport:
        document = None
    if document is None or not document.blocks:
        library.discard_upload(path.parent)
        return _reports(request, 422, f"{text}; hãy kiểm tra lại tệp.")
    request.session["uploads"] = [*request.session.get("uploads", [])[-4:], token]
    hint = ". Nếu tệp có bảng hoặc danh sách nhiệm vụ, hãy chỉ định cách đọc bên dưới; nếu không, bấm “Hủy”."
    return mapping_page(request, path, token, {}, error=text + hint, status=422)


async def confirm(request: Request) -> Response:
    require(request, ADMIN)
    web = web_of(request)
    form = await checked_form(request)
    token = str(form.get("token", ""))
    try:
        path = upload_path(web, request, token)
    except LookupError:
        text = "Bản xem trước này không còn (đã nạp, đã hủy hoặc hết phiên). Hãy tải tệp lên lại."
        return await run_in_threadpool(_reports, request, 410, text)
    force = form.get("force") == "1"
    try:
        summary = await run_in_threadpool(library.confirm_upload, web.sessions, web.registry, path, web.search, force)
    except UnreadableReport as error:
        forget_upload(web, request, token)
        return await run_in_threadpool(_reports, request, 422, f"Không nạp được {path.name}: {error.reason}.")
    if isinstance(summary, library.Preview):  # held back (the data changed since the preview): keep the upload
        held = "Báo cáo bị giữ lại, chưa có gì được ghi. Hãy đọc lý do bên dưới trước khi nhập."
        return render(request, "preview.html", 409, token=token, filename=path.name, preview=summary, error=held)
    forget_upload(web, request, token)
    request.session["flash"] = (
        f"Đã nạp {summary.document}: {summary.added} nhiệm vụ mới, {summary.merged} gộp với nhiệm vụ đã có, "
        f"{summary.updated} cập nhật."
    )
    return RedirectResponse(request.url_for("register").include_query_params(**{"bao-cao": path.name}), 303)


async def cancel(request: Request) -> Response:
    require(request, ADMIN)
    web = web_of(request)
    form = await checked_form(request)
    token = str(form.get("token", ""))
    if token in request.session.get("uploads", []):
        forget_upload(web, request, token)
    request.session["flash"] = "Đã hủy; cơ sở dữ liệu không thay đổi."
    return RedirectResponse(request.url_for("reports"), 303)


routes = [
    Route("/bao-cao", reports_page, methods=["GET"], name="reports"),
    Route("/bao-cao/tai-len", upload, methods=["POST"], name="upload"),
    Route("/bao-cao/xac-nhan", confirm, methods=["POST"], name="confirm"),
    Route("/bao-cao/huy", cancel, methods=["POST"], name="cancel"),
]
