"""Upload a report: the preview changes nothing, confirm ingests it once, cancel forgets it."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from starlette.testclient import TestClient

from dondoc.data.models import Source, Task, TaskReport
from tests.web.conftest import csrf_of


def _counts(sessions) -> tuple[int, int, int]:
    with sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Source, Task, TaskReport))


def _upload(admin: TestClient, path, name: str | None = None):
    token = csrf_of(admin.get("/bao-cao").text)
    with path.open("rb") as handle:
        return admin.post("/bao-cao/tai-len", data={"csrf": token}, files={"tep": (name or path.name, handle)})


def test_reports_page_lists_the_ingested_sources_with_counts(admin: TestClient) -> None:
    html = admin.get("/bao-cao").text
    assert "Chỉ thị 07/CT-TTg ngày 14/3/2025" in html and "14/03/2025" in html
    assert len(re.findall(r'<td class="n">\d+</td><td class="n">\d+</td>', html)) == 5


def test_preview_shows_the_tasks_and_changes_nothing(admin: TestClient, web_sessions, report_cut) -> None:
    before = _counts(web_sessions)
    preview = _upload(admin, report_cut("chi-thi-07-trich.txt"))
    assert preview.status_code == 200, preview.text
    assert "Xem trước: chi-thi-07-trich.txt" in preview.text and "Bộ Y tế" in preview.text
    assert len(re.findall(r'<span class="tag ', preview.text)) == 17
    assert _counts(web_sessions) == before


def test_confirm_ingests_once_and_the_register_shows_the_report(admin: TestClient, web_sessions, report_cut) -> None:
    sources, tasks, reports = _counts(web_sessions)
    preview = _upload(admin, report_cut("chi-thi-07-trich.txt")).text
    token = re.search(r'name="token" value="([^"]+)"', preview)[1]
    done = admin.post("/bao-cao/xac-nhan", data={"csrf": csrf_of(preview), "token": token})
    assert done.status_code == 303 and "bao-cao=chi-thi-07-trich.txt" in done.headers["location"]
    register = admin.get(done.headers["location"]).text
    assert "Đã nạp chi-thi-07-trich.txt" in register and "<strong>17</strong> nhiệm vụ" in register
    assert _counts(web_sessions) == (sources + 1, tasks, reports + 17)  # the same directive: merged, not new
    again = admin.post("/bao-cao/xac-nhan", data={"csrf": csrf_of(preview), "token": token})
    assert again.status_code == 410 and "không còn" in again.text
    assert _counts(web_sessions) == (sources + 1, tasks, reports + 17)


def test_cancel_forgets_the_upload(admin: TestClient, web_sessions, web_settings, report_cut) -> None:
    before = _counts(web_sessions)
    preview = _upload(admin, report_cut("huy.txt")).text
    token = re.search(r'name="token" value="([^"]+)"', preview)[1]
    answer = admin.post("/bao-cao/huy", data={"csrf": csrf_of(preview), "token": token})
    assert answer.status_code == 303
    assert "Đã hủy" in admin.get("/bao-cao").text
    assert _counts(web_sessions) == before and not any((web_settings.data_dir / "web-uploads").iterdir())


def test_a_file_that_is_not_a_report_is_explained(admin: TestClient, web_sessions, tmp_path) -> None:
    before = _counts(web_sessions)
    junk = tmp_path / "ghi-chu.txt"
    junk.write_text("Ghi chú cuộc họp, không có bảng nhiệm vụ.\n", encoding="utf-8")
    answer = _upload(admin, junk)
    assert answer.status_code == 422
    assert "Không đọc được tệp ghi-chu.txt" in answer.text and "Không có gì thay đổi" in answer.text
    assert _counts(web_sessions) == before


def test_an_uploaded_name_cannot_leave_the_upload_folder(admin: TestClient, web_settings, report_cut) -> None:
    preview = _upload(admin, report_cut("a.txt"), name="../../etc/bao-cao.txt")
    assert "Xem trước: bao-cao.txt" in preview.text
    [folder] = (web_settings.data_dir / "web-uploads").iterdir()
    assert [p.name for p in folder.iterdir()] == ["bao-cao.txt"]


def test_a_preview_left_open_for_a_day_is_dropped_at_the_next_upload(admin: TestClient, web_settings, report_cut):
    import os

    _upload(admin, report_cut("bo-quen.txt"))
    [left] = (web_settings.data_dir / "web-uploads").iterdir()
    os.utime(left, (0, 0))
    _upload(admin, report_cut("moi.txt"))
    assert [p.name for p in (web_settings.data_dir / "web-uploads").glob("*/*")] == ["moi.txt"]
