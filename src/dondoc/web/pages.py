"""The pages: overview, register (with its Excel export), one task and its update, subscriptions and focal points."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dondoc.data.tasks import TaskFilter
from dondoc.data.units import UnknownUnit
from dondoc.followup.focal_points import InvalidDecision, NoSuchFocalPoint
from dondoc.followup.progress import LABELS, UPDATE_STATUSES
from dondoc.nlp.documents import document_keys
from dondoc.nlp.text import parse_vn_date, vn_date
from dondoc.web import library
from dondoc.web.auth import ADMIN, checked_form, require
from dondoc.web.context import STATE_LABELS, render, web_of
from dondoc.web.export import register_xlsx

PAGE_SIZES = (25, 50, 100, 500)
SORT_LABELS = {
    "han": "Thời hạn gần nhất",
    "han-giam": "Thời hạn xa nhất",
    "moi": "Mới nạp",
    "lien-quan": "Liên quan nhất",
}


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_FORM = "hãy nhập ngày/tháng/năm, ví dụ 01/07/2025"


def _day(value: str | None) -> tuple[date | None, str | None]:
    """A day typed as dd/mm/yyyy whatever the browser's language (`nlp.text.parse_vn_date`), or YYYY-MM-DD as the
    pages' own links carry it; None and a message in Vietnamese when the value is not a day."""
    if not value or not value.strip():
        return None, None
    day = parse_vn_date(value) or _iso_day(value.strip())
    return (day, None) if day else (None, f"“{value.strip()}” không phải ngày hợp lệ ({_DAY_FORM})")


def _iso_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if _ISO_DAY.fullmatch(value) else None
    except ValueError:
        return None


def _as_of(value: str | None, fallback: date) -> tuple[date, str | None]:
    """The day states are judged by: the one asked for, or `fallback` with a message saying so."""
    day, note = _day(value)
    return day or fallback, f"Tính đến ngày: {note}; đã dùng ngày {vn_date(fallback)}." if note else None


def _int(value: str | None, default: int, choices: tuple[int, ...] | None = None) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return number if number >= 1 and (choices is None or number in choices) else default


def register_query(params: QueryParams, request: Request) -> tuple[library.RegisterQuery, list[str]]:
    """The register's query string read into a RegisterQuery, with a message for each value it had to drop."""
    web = web_of(request)
    notes: list[str] = []
    today, note = _as_of(params.get("ngay"), web.today())
    notes += [note] if note else []
    units: tuple[str, ...] = ()
    if unit := params.get("don-vi", "").strip():
        try:
            units = (web.registry.lookup(unit),)
        except UnknownUnit as error:
            notes.append(f"Không nhận ra đơn vị “{unit}”. Gần nhất: {', '.join(error.suggestions[:3])}.")
    due_from, note_from = _day(params.get("tu-ngay"))
    due_to, note_to = _day(params.get("den-ngay"))
    notes += [
        f"{label}: {n}; chưa lọc theo ngày này."
        for label, n in (("Hạn từ ngày", note_from), ("Đến ngày", note_to))
        if n
    ]
    documents: tuple[str, ...] = ()
    if document := params.get("van-ban", "").strip():
        documents = tuple(document_keys(document))
        if not documents:
            notes.append(f"Không đọc được số hiệu văn bản “{document}” (ví dụ: Chỉ thị 07/CT-TTg).")
    state = params.get("tinh-trang") if params.get("tinh-trang") in STATE_LABELS else None
    flt = TaskFilter(
        today=today,
        units=units,
        roles=("lead", "coordinating") if params.get("vai-tro") == "ca-phoi-hop" else ("lead",),
        overdue=params.get("qua-han") == "1",
        due_from=due_from,
        due_to=due_to,
        documents=documents,
        sources=tuple(params.getlist("bao-cao")) if params.get("bao-cao") else (),
    )
    query = library.RegisterQuery(
        flt=flt,
        state=state,
        text=params.get("q", "").strip()[:300],
        sort=params.get("sap-xep", "han") if params.get("sap-xep") in SORT_LABELS else "han",
        page=_int(params.get("trang"), 1),
        per_page=_int(params.get("so-dong"), 50, PAGE_SIZES),
    )
    return query, notes


def _page_link(params: QueryParams, page: int) -> str:
    items = [(k, v) for k, v in params.multi_items() if k != "trang"] + [("trang", str(page))]
    return "?" + urlencode(items)


def overview_page(request: Request) -> Response:
    require(request)
    web = web_of(request)
    today, note = _as_of(request.query_params.get("ngay"), web.today())
    with web.sessions() as session:
        data = library.overview(session, web.registry, today)
    end = today + timedelta(days=library.UPCOMING_DAYS)
    return render(request, "overview.html", data=data, note=note, today=today, soon_end=end)


def register_page(request: Request) -> Response:
    require(request)
    web = web_of(request)
    query, notes = register_query(request.query_params, request)
    with web.sessions() as session:
        page = library.register(session, web.registry, query, web.search)
        choices = library.filter_choices(session, web.registry)
    params = request.query_params
    return render(
        request,
        "register.html",
        page=page,
        query=query,
        notes=notes,
        params=params,
        choices=choices,
        sorts=SORT_LABELS,
        sizes=PAGE_SIZES,
        searchable=web.search is not None,
        export_link="/nhiem-vu/xuat-excel?" + urlencode(list(params.multi_items())),
        prev_link=_page_link(params, page.page - 1) if page.page > 1 else None,
        next_link=_page_link(params, page.page + 1) if page.page < page.pages else None,
    )


def register_export(request: Request) -> Response:
    """Exactly the rows the register shows for the same query string (same filters, order and page)."""
    require(request)
    web = web_of(request)
    query, _notes = register_query(request.query_params, request)
    with web.sessions() as session:
        page = library.register(session, web.registry, query, web.search)
    body = register_xlsx(page.rows, query.flt.today, first=(page.page - 1) * page.per_page + 1)
    name = f"nhiem-vu-{query.flt.today:%Y-%m-%d}.xlsx"
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def task_page(request: Request) -> Response:
    require(request)
    web = web_of(request)
    today, note = _as_of(request.query_params.get("ngay"), web.today())
    with web.sessions() as session:
        page = library.task_page(session, int(request.path_params["task_id"]), today)
    return render(request, "task.html", page=page, note=note, today=today)


async def task_update(request: Request) -> Response:
    """The progress update form's target (admins, CSRF): `data.progress.apply_update` as the web admin."""
    require(request, ADMIN)
    web = web_of(request)
    form = await checked_form(request)
    task_id = int(request.path_params["task_id"])
    status, note = str(form.get("status", "")), str(form.get("note", "")).strip()[:500]
    if status not in UPDATE_STATUSES:
        text = f"Tình trạng “{status}” không hợp lệ. Hãy chọn một tình trạng trong danh sách rồi gửi lại."
        return render(request, "message.html", 400, title="Chưa cập nhật", text=text)
    event = await run_in_threadpool(
        library.update_task, web.sessions, web.registry, task_id, status, note, as_of=web.today(), at=web.now()
    )
    if event["duplicate"]:
        flash = "Cập nhật này đã được ghi trước đó; không ghi lại lần nữa."
    elif event["applied"]:
        flash = f"Đã cập nhật tiến độ: {LABELS[status]}."
    else:
        flash = "Đã ghi vào lịch sử; tình trạng giữ theo báo cáo mới hơn."
    request.session["flash"] = flash
    return RedirectResponse(request.url_for("task", task_id=task_id), 303)


async def focal_decision(request: Request) -> Response:
    """Approve or reject a focal-point request (admins, CSRF): `data.focal_points.decide` as the web admin."""
    require(request, ADMIN)
    web = web_of(request)
    form = await checked_form(request)
    decision = {"duyet": "approved", "tu-choi": "rejected"}.get(str(form.get("quyet-dinh", "")))
    if decision is None:
        return render(request, "message.html", 400, title="Chưa quyết định", text="Hãy bấm Duyệt hoặc Từ chối.")
    try:
        point = await run_in_threadpool(
            library.decide_request, web.sessions, int(request.path_params["request_id"]), decision, web.now()
        )
    except (NoSuchFocalPoint, InvalidDecision):
        text = "Yêu cầu này không còn chờ duyệt (đã được quyết định hoặc không tồn tại). Hãy tải lại trang."
        return render(request, "message.html", 409, title="Không còn chờ duyệt", text=text)
    verb = "Đã duyệt" if decision == "approved" else "Đã từ chối"
    request.session["flash"] = (
        f"{verb} yêu cầu của {point['chat_id']} ({point['channel']}) làm đầu mối {point['unit']}."
    )
    return RedirectResponse(request.url_for("subscriptions"), 303)


def subscriptions_page(request: Request) -> Response:
    require(request)
    web = web_of(request)
    with web.sessions() as session:
        data: dict[str, Any] = library.subscriptions(session)
    return render(request, "subscriptions.html", **data)


routes = [
    Route("/", overview_page, methods=["GET"], name="overview"),
    Route("/nhiem-vu", register_page, methods=["GET"], name="register"),
    Route("/nhiem-vu/xuat-excel", register_export, methods=["GET"], name="export"),
    Route("/nhiem-vu/{task_id:int}", task_page, methods=["GET"], name="task"),
    Route("/nhiem-vu/{task_id:int}/cap-nhat", task_update, methods=["POST"], name="task_update"),
    Route("/theo-doi", subscriptions_page, methods=["GET"], name="subscriptions"),
    Route("/theo-doi/dau-moi/{request_id:int}", focal_decision, methods=["POST"], name="focal_decision"),
]
