"""The mapping path (admins only): an upload no rule reads, mapped by hand, previewed, ingested, kept as a template.

`/bao-cao/chi-dinh` shows an upload's tables and blocks with a choice per column and per block, and
recounts the preview on each post ("Xem lại", or any change with the page's small script); "Nạp"
ingests with the mapping, all or nothing, and saves it as a template when asked. `/bao-cao/mau`
lists the templates; `/bao-cao/mau/xoa` removes one.
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dondoc.ingest.mapping import MappingError
from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.templates import InvalidTemplateName, Template, TemplateConflict, UnknownTemplate, check_name
from dondoc.web import library, library_mapping
from dondoc.web.auth import ADMIN, checked_form, require
from dondoc.web.context import render, web_of
from dondoc.web.mapping_form import problem_words, read_form
from dondoc.web.uploads import forget_upload, upload_path

# Enough for MAX_TABLES tables of 20 columns and MAX_BLOCKS blocks, with their choices.
_MAX_FIELDS = 3000
_GONE = "Bản tải lên này không còn (đã nạp, đã hủy hoặc hết phiên). Hãy tải tệp lên lại."
_NO_TASK = "Cách đọc này không cho nhiệm vụ nào: hãy chọn đúng cột «Nội dung nhiệm vụ», hoặc đơn vị cho các khối."


def _words(error: Exception) -> str:
    return _NO_TASK if isinstance(error, UnreadableReport) else problem_words(error)


def mapping_page(
    request: Request,
    path: Path,
    token: str,
    values: dict[str, list[str]],
    error: str | None = None,
    status: int = 200,
) -> Response:
    """The mapping page of an upload for the posted `values`, with its preview when the mapping reads tasks."""
    web = web_of(request)
    document, header = library_mapping.layout_of(path, web.registry)
    try:
        form = read_form(document, values)
    except MappingError as refused:
        form, error, status = read_form(document, {}), problem_words(refused), 422
    tasks, preview = [], None
    if (form.mapping.tables or form.mapping.blocks) and error is None:
        template = Template("", header.issuer, form.mapping)
        try:
            tasks = library_mapping.mapped_tasks(document, form.mapping)
            preview = library.preview_upload(web.sessions, web.registry, path, template)
        except (MappingError, UnreadableReport) as refused:
            error, status = _words(refused), 422
    return render(
        request, "mapping.html", status, token=token, filename=path.name, form=form, header=header,
        tasks=tasks, preview=preview, error=error,
    )  # fmt: skip


async def map_upload(request: Request) -> Response:
    require(request, ADMIN)
    web = web_of(request)
    form = await checked_form(request, max_fields=_MAX_FIELDS)
    token = str(form.get("token", ""))
    try:
        path = upload_path(web, request, token)
    except LookupError:
        return render(request, "message.html", 410, title="Không còn bản tải lên", text=_GONE)
    values: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str) and name not in ("csrf", "token", "hanh-dong"):
            values.setdefault(name, []).append(value)
    if form.get("hanh-dong") != "nap":
        return await run_in_threadpool(mapping_page, request, path, token, values)
    return await run_in_threadpool(_ingest, request, path, token, values)


def _ingest(request: Request, path: Path, token: str, values: dict[str, list[str]]) -> Response:
    """ "Nạp": the reading the preview showed, stored all or nothing, with its template if one is asked for."""
    web = web_of(request)
    document, header = library_mapping.layout_of(path, web.registry)
    try:
        mapping = read_form(document, values).mapping
        library_mapping.mapped_tasks(document, mapping)
    except MappingError as error:
        return mapping_page(request, path, token, values, problem_words(error), 422)
    saved = bool(values.get("luu"))
    try:
        name = check_name((values.get("ten") or [""])[0]) if saved else ""
        summary = library.confirm_upload(
            web.sessions, web.registry, path, web.search, values.get("force") == ["1"],
            Template(name, header.issuer, mapping), web.now() if saved else None,
        )  # fmt: skip
    except (MappingError, UnreadableReport, InvalidTemplateName, TemplateConflict) as error:
        return mapping_page(request, path, token, values, _words(error), 422)
    if isinstance(summary, library.Preview):
        held = "Báo cáo bị giữ lại, chưa có gì được ghi. Hãy đọc lý do bên dưới trước khi nạp."
        return mapping_page(request, path, token, values, held, 409)
    forget_upload(web, request, token)
    request.session["flash"] = (
        f"Đã nạp {summary.document} theo cách đọc đã chỉ định: {summary.added} nhiệm vụ mới, "
        f"{summary.merged} gộp với nhiệm vụ đã có, {summary.updated} cập nhật."
    ) + (f" Đã lưu mẫu «{name}»." if saved else "")
    return RedirectResponse(request.url_for("register").include_query_params(**{"bao-cao": path.name}), 303)


def _templates(request: Request, status: int = 200, error: str | None = None) -> Response:
    with web_of(request).sessions() as session:
        rows = library_mapping.layout_templates(session)
    return render(request, "layout_templates.html", status, templates=rows, error=error)


def templates_page(request: Request) -> Response:
    require(request, ADMIN)
    return _templates(request)


async def remove_template(request: Request) -> Response:
    require(request, ADMIN)
    web = web_of(request)
    form = await checked_form(request)
    name = str(form.get("ten", ""))
    try:
        await run_in_threadpool(library_mapping.drop_template, web.sessions, name)
    except UnknownTemplate as error:
        return await run_in_threadpool(_templates, request, 404, problem_words(error))
    request.session["flash"] = f"Đã xóa mẫu «{name}»; các báo cáo đã đọc bằng mẫu này giữ nguyên nhiệm vụ."
    return RedirectResponse(request.url_for("layout_templates"), 303)


routes = [
    Route("/bao-cao/chi-dinh", map_upload, methods=["POST"], name="map_upload"),
    Route("/bao-cao/mau", templates_page, methods=["GET"], name="layout_templates"),
    Route("/bao-cao/mau/xoa", remove_template, methods=["POST"], name="remove_template"),
]
