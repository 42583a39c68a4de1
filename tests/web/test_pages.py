"""The reading pages show what the library knows: the same counts, filters and tasks as the CLI and the bot."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from starlette.testclient import TestClient

from dondoc.data.models import Task, TaskEvent
from dondoc.data.sources import reports_about
from dondoc.data.statistics import category_of, unit_statistics
from dondoc.data.task_state import is_overdue
from dondoc.data.task_view import all_task_views
from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.followup.focal_points import Actor, approved_units, request_focal_point
from dondoc.reminders.ledger import LedgerKey, claim
from dondoc.reminders.subscriptions import subscribe
from dondoc.web import library
from tests.web.conftest import DAY

ROW_IDS = re.compile(r'href="/nhiem-vu/(\d+)\?ngay=')


def _ids(html: str) -> list[int]:
    return [int(found) for found in ROW_IDS.findall(html)]


def test_overview_counts_the_four_states_as_the_bot_does(admin: TestClient, web_sessions, registry) -> None:
    html = admin.get("/?ngay=2025-07-01").text
    with web_sessions() as session:
        figures, _units = unit_statistics(session, registry, DAY)
    for key in ("done_on_time", "done_late", "in_time", "overdue"):
        shown = re.search(rf'class="stat {key}"[^>]*>\s*<span class="num">(\d+)</span>', html)
        assert shown and int(shown[1]) == getattr(figures, key)
    assert "Quá hạn chưa hoàn thành" in html and "Hoàn thành đúng hạn" in html
    assert '<svg class="bar"' in html


def test_overview_lists_units_most_overdue_first(admin: TestClient) -> None:
    html = admin.get("/?ngay=2025-07-01").text
    overdue = [int(n) for n in re.findall(r'<td class="n late"><a [^>]*>(\d+)</a>', html)]
    assert overdue and overdue == sorted(overdue, reverse=True)


def test_overview_shows_what_falls_due_in_the_next_thirty_days(admin: TestClient, web_sessions, registry) -> None:
    html = admin.get("/?ngay=2025-06-01").text.split("Đến hạn trong 30 ngày tới", 1)[1]
    day = DAY.replace(month=6)
    with web_sessions() as session:
        due = find_tasks(session, TaskFilter(today=day, due_from=day, due_to=day + timedelta(days=30)), registry)
        expected = {t.id for t in due if t.status not in ("done", "recurring")}
    assert expected and set(map(int, re.findall(r'href="/nhiem-vu/(\d+)"', html))) == expected


def test_a_bad_day_is_explained_not_a_crash(admin: TestClient) -> None:
    answer = admin.get("/?ngay=31-12-2025")
    assert answer.status_code == 200 and "không phải ngày" in answer.text


def test_days_are_typed_and_shown_day_first_whatever_the_browsers_language(admin: TestClient, web_sessions) -> None:
    """Text inputs, not type=date (which shows mm/dd/yyyy on an English browser); read by the server as dd/mm/yyyy."""
    overview = admin.get("/?ngay=2025-07-01").text
    assert 'name="ngay" value="01/07/2025"' in overview and 'type="date"' not in overview
    html = admin.get("/nhiem-vu?tu-ngay=1/6/2025&den-ngay=30/06/2025&ngay=15/07/2025&so-dong=500").text
    assert 'type="date"' not in html
    for name, shown in (("tu-ngay", "01/06/2025"), ("den-ngay", "30/06/2025"), ("ngay", "15/07/2025")):
        assert f'name="{name}" value="{shown}"' in html
    assert "tình trạng tính đến 15/07/2025" in html
    ids = _ids(html)
    with web_sessions() as session:
        dues = {session.get(Task, i).deadline_due for i in ids}
        expected = session.scalars(
            select(Task.id).where(Task.deadline_due.between(date(2025, 6, 1), date(2025, 6, 30)))
        ).all()
    assert ids and len(ids) == len(expected) and {(d.year, d.month) for d in dues} == {(2025, 6)}


def test_a_day_that_is_no_day_is_explained_in_vietnamese(admin: TestClient) -> None:
    everything = admin.get("/nhiem-vu").text
    html = admin.get("/nhiem-vu?tu-ngay=31/02/2025&ngay=07-01-2025").text
    assert (
        "Hạn từ ngày: “31/02/2025” không phải ngày hợp lệ (hãy nhập ngày/tháng/năm, ví dụ 01/07/2025); "
        "chưa lọc theo ngày này." in html
    )
    assert (
        "Tính đến ngày: “07-01-2025” không phải ngày hợp lệ (hãy nhập ngày/tháng/năm, ví dụ 01/07/2025); "
        "đã dùng ngày 01/07/2025." in html
    )
    total = re.search(r"<strong>(\d+)</strong> nhiệm vụ", html)[1]
    assert total == re.search(r"<strong>(\d+)</strong> nhiệm vụ", everything)[1]  # the bad bound is left out
    assert 'name="tu-ngay" value="31/02/2025"' in html  # kept as typed, to be corrected


def test_register_filters_the_overdue_tasks_of_a_unit_exactly(admin: TestClient, web_sessions, registry) -> None:
    html = admin.get("/nhiem-vu?don-vi=Bộ+Y+tế&tinh-trang=overdue&ngay=2025-07-01&so-dong=500").text
    with web_sessions() as session:
        flt = TaskFilter(today=DAY, units=("Bộ Y tế",), overdue=True)
        found = find_tasks(session, flt, registry)
        expected = [t.id for t in sorted(found, key=lambda t: (t.deadline_due, t.id))]
    # The same tasks as `dondoc tasks --unit --overdue`, in the register's own order: by deadline.
    assert expected and _ids(html) == expected
    assert f"<strong>{len(expected)}</strong> nhiệm vụ" in html
    assert "giao chung" in html, "group tasks (Các bộ, ngành) are listed as Bộ Y tế's, and marked"


def test_register_finds_an_old_ministry_under_its_new_name(admin: TestClient, web_sessions) -> None:
    ids = _ids(admin.get("/nhiem-vu?don-vi=Bộ+Tài+chính&so-dong=500").text)
    with web_sessions() as session:
        units = {tu.unit.name for task_id in ids for tu in session.get(Task, task_id).units if tu.role == "lead"}
    assert {"Bộ Tài chính", "Bộ Kế hoạch và Đầu tư"} <= units


def test_register_state_done_late_holds_only_tasks_finished_after_their_deadline(admin: TestClient) -> None:
    html = admin.get("/nhiem-vu?tinh-trang=done_late&so-dong=500").text
    terms = re.findall(r'<span class="pill (\w+)">([^<]+)</span>', html)
    assert terms and {category for category, _ in terms} == {"done_late"}


def test_register_due_window_document_and_source_filters(admin: TestClient, web_sessions) -> None:
    ids = _ids(admin.get("/nhiem-vu?tu-ngay=2022-01-01&den-ngay=2022-12-31&so-dong=500").text)
    directive = _ids(admin.get("/nhiem-vu?van-ban=Chỉ+thị+07/CT-TTg&so-dong=500").text)
    hcmc = _ids(admin.get("/nhiem-vu?bao-cao=004_4bbc0c4d086d08e5.txt&so-dong=500").text)
    with web_sessions() as session:
        assert ids and all(session.get(Task, i).deadline_due.year == 2022 for i in ids)
        assert directive and all(" ct-7 " in session.get(Task, i).directing_keys for i in directive)
        assert hcmc and all(
            any(r.source.document.startswith("004_") for r in session.get(Task, i).reports) for i in hcmc
        )


def test_register_names_every_report_of_a_task_and_filters_by_report(admin: TestClient, web_sessions) -> None:
    with web_sessions() as session:
        views = all_task_views(session)
    html = admin.get("/nhiem-vu?so-dong=500").text
    shown = set(_ids(html))
    both = next(view for view in views if len(view.reports) > 1 and view.id in shown)
    row = html.split(f'href="/nhiem-vu/{both.id}?', 1)[1].split("</tr>", 1)[0]
    assert f"Báo cáo: {'; '.join(both.reports)}</div>" in row and ".txt" not in row
    assert '<option value="001_ac39c7003030bd12.txt" >Báo cáo 230/BC-TCTTKĐA ngày 31/01/2024</option>' in html
    listed = {view.id for view in views if "001_ac39c7003030bd12.txt" in view.documents}
    by_report = _ids(admin.get("/nhiem-vu?bao-cao=001_ac39c7003030bd12.txt&so-dong=500").text)
    by_name = _ids(admin.get("/nhiem-vu?van-ban=Báo+cáo+230&so-dong=500").text)
    assert set(by_report) == set(by_name) == listed


def test_register_pages_through_every_task_once(admin: TestClient, web_sessions) -> None:
    first = admin.get("/nhiem-vu?so-dong=25").text
    second = admin.get("/nhiem-vu?so-dong=25&trang=2").text
    assert len(_ids(first)) == 25 and not set(_ids(first)) & set(_ids(second))
    assert "Trang sau ›" in first and "‹ Trang trước" in second


def test_register_explains_an_unknown_unit(admin: TestClient) -> None:
    html = admin.get("/nhiem-vu?don-vi=Bộ+Phép+Thuật").text
    assert "Không nhận ra đơn vị “Bộ Phép Thuật”" in html


def test_task_page_shows_every_report_and_the_reminders_sent(admin: TestClient, web_sessions, registry) -> None:
    with web_sessions() as session:
        task = max(session.scalars(select(Task)), key=lambda t: len(t.reports))
        task_id, documents = task.id, {r.source.document for r in task.reports}
        now = datetime(2025, 6, 24, 8, tzinfo=UTC)
        claim(session, [LedgerKey("telegram", "-100777", "due", f"task:{task_id}", DAY)], now, timedelta(1), "t")
        session.commit()
    html = admin.get(f"/nhiem-vu/{task_id}").text
    with web_sessions() as session:
        names = {line.name for line in reports_about(session, task_id)}
    assert len(documents) > 1 and len(names) == len(documents) and all(f">{name}</strong>" in html for name in names)
    assert not any(document in html for document in documents)
    assert "-100777" in html and "01/07/2025" in html
    assert "Lịch sử thay đổi" in html


def test_an_admin_updates_progress_and_the_history_shows_it(admin: TestClient, web_sessions) -> None:
    from tests.web.conftest import csrf_of

    with web_sessions() as session:
        task_id = session.scalars(select(Task.id).where(Task.status == "in_progress")).first()
    token = csrf_of(admin.get(f"/nhiem-vu/{task_id}").text)
    form = {"csrf": token, "status": "done", "note": "Công văn 123/BYT ngày 02/12/2026"}
    answer = admin.post(f"/nhiem-vu/{task_id}/cap-nhat", data=form)
    assert answer.status_code == 303 and answer.headers["location"].endswith(f"/nhiem-vu/{task_id}")
    assert admin.post(f"/nhiem-vu/{task_id}/cap-nhat", data=form).status_code == 303  # sent twice: stored once
    html = admin.get(f"/nhiem-vu/{task_id}").text
    assert "Công văn 123/BYT" in html and "Quản trị (trang web)" in html and "Đã hoàn thành" in html
    with web_sessions() as session:
        events = session.scalars(select(TaskEvent).where(TaskEvent.task_id == task_id, TaskEvent.channel == "web"))
        assert session.get(Task, task_id).status == "done" and len(list(events)) == 1
    bad = admin.post(f"/nhiem-vu/{task_id}/cap-nhat", data={**form, "status": "xong-roi"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.text


def test_an_unknown_task_is_a_clear_404(admin: TestClient) -> None:
    answer = admin.get("/nhiem-vu/999999")
    assert answer.status_code == 404 and "Không có nhiệm vụ mã 999999" in answer.text


def test_subscriptions_page_lists_who_follows_which_unit(admin: TestClient, web_sessions, registry) -> None:
    with web_sessions() as session:
        subscribe(session, "zalo", "zalo:abc123", "Bộ Y tế", registry)
        session.commit()
    html = admin.get("/theo-doi").text
    assert "zalo:abc123" in html and "Bộ Y tế" in html


def test_an_admin_approves_a_pending_focal_point_once(admin: TestClient, web_sessions) -> None:
    from tests.web.conftest import csrf_of

    with web_sessions() as session:
        actor = Actor("telegram", "-100555", "Chị Lan, Văn phòng Bộ Y tế")
        request_id = request_focal_point(session, actor, "Bộ Y tế", datetime(2025, 6, 30, 9, tzinfo=UTC)).id
        session.commit()
    page = admin.get("/theo-doi").text
    assert "Chị Lan, Văn phòng Bộ Y tế" in page and f'action="/theo-doi/dau-moi/{request_id}"' in page
    form = {"csrf": csrf_of(page), "quyet-dinh": "duyet"}
    assert admin.post(f"/theo-doi/dau-moi/{request_id}", data=form).status_code == 303
    assert "Không có yêu cầu nào đang chờ" in admin.get("/theo-doi").text
    with web_sessions() as session:
        assert approved_units(session, "telegram", "-100555") == ["Bộ Y tế"]
    again = admin.post(f"/theo-doi/dau-moi/{request_id}", data={**form, "quyet-dinh": "tu-choi"})
    assert again.status_code == 409 and "không còn chờ duyệt" in again.text


def test_overdue_checkbox_matches_the_library(admin: TestClient, web_sessions) -> None:
    ids = _ids(admin.get("/nhiem-vu?qua-han=1&ngay=2025-07-01&so-dong=500").text)
    with web_sessions() as session:
        tasks = [session.get(Task, i) for i in ids]
        assert tasks and all(is_overdue(t.status, t.deadline_due, DAY) for t in tasks)


def test_free_text_goes_through_the_bots_search(web_settings, web_sessions, registry, corpus_index) -> None:
    import shutil
    from dataclasses import replace

    from dondoc.index.service import SearchService
    from dondoc.web.app import create_app
    from tests.web.conftest import ADMIN_PASSWORD, sign_in

    settings = replace(web_settings, embedder="hash")
    shutil.copytree(corpus_index, settings.index_dir)  # the copy of the corpus's index: nothing to build
    search = SearchService.open(settings, web_sessions, registry)
    app = create_app(settings, web_sessions, registry, search=search, today=lambda: DAY)
    with TestClient(app, follow_redirects=False) as client:
        html = sign_in(client, ADMIN_PASSWORD).get("/nhiem-vu?q=sổ+sức+khỏe+điện+tử&sap-xep=lien-quan").text
    assert "khớp nội dung tìm kiếm" in html
    expected = [r.task.id for r in search.ask("sổ sức khỏe điện tử", DAY, 0, 50).results]
    assert expected and _ids(html)[:5] == expected[:5]
    assert "sức khỏe điện tử" in html.lower()


def test_each_official_state_in_the_register_holds_exactly_the_tasks_the_figures_count(web_sessions, registry) -> None:
    """The register narrows states in SQL where it can; it must agree with `data.statistics`, task for task."""
    with web_sessions() as session:
        expected: dict[str, set[int]] = {}
        for task in all_task_views(session):
            expected.setdefault(category_of(task, DAY), set()).add(task.id)
        for state, ids in expected.items():
            query = library.RegisterQuery(TaskFilter(today=DAY), state=state, per_page=10_000)
            assert {row.task.id for row in library.register(session, registry, query).rows} == ids, state
