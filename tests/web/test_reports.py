"""Upload a report: the preview changes nothing, confirm ingests it once, cancel forgets it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from dondoc.data.models import Source, Task, TaskReport
from dondoc.ingest.pipeline import bundled_paths
from dondoc.ingest.preview import DocumentPreview, Preview, WeakRow, hold_reasons
from dondoc.web import library
from dondoc.web.preview_words import reason_words
from tests.web.conftest import csrf_of

EXTRA = Path(__file__).parents[2].parent / "shared" / "corpus-extra"
HANOI = EXTRA / "105-kh308-ubnd-ha-noi-nq214-du-lieu.txt"
NATIONAL = next(p for p in bundled_paths() if p.name.startswith("000"))


def _counts(sessions) -> tuple[int, int, int]:
    with sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Source, Task, TaskReport))


def _upload(admin: TestClient, path, name: str | None = None):
    token = csrf_of(admin.get("/bao-cao").text)
    with path.open("rb") as handle:
        return admin.post("/bao-cao/tai-len", data={"csrf": token}, files={"tep": (name or path.name, handle)})


def test_reports_page_lists_the_ingested_sources_with_counts(admin: TestClient) -> None:
    html = admin.get("/bao-cao").text
    assert ">Chỉ thị 07/CT-TTg ngày 14/03/2025</a>" in html and ">Báo cáo 230/BC-TCTTKĐA ngày 31/01/2024</a>" in html
    assert len(re.findall(r'<td class="n">\d+</td><td class="n">\d+</td>', html)) == 5


def test_preview_of_a_known_report_finds_nothing_new_and_changes_nothing(
    admin: TestClient, web_sessions, report_cut
) -> None:
    before = _counts(web_sessions)
    preview = _upload(admin, report_cut("chi-thi-07-trich.txt"))
    assert preview.status_code == 200, preview.text
    assert "Xem trước: chi-thi-07-trich.txt" in preview.text and "Tệp không có nhiệm vụ mới" in preview.text
    assert "<strong>0</strong> nhiệm vụ mới" in preview.text and "Nạp vào hệ thống" in preview.text
    assert "Nhập dù vậy" not in preview.text
    assert _counts(web_sessions) == before


@pytest.mark.skipif(not HANOI.exists(), reason="../shared/corpus-extra is not beside the checkout")
def test_preview_of_a_new_report_lists_its_new_tasks_and_writes_nothing(admin: TestClient, web_sessions) -> None:
    before = _counts(web_sessions)
    html = _upload(admin, HANOI).text
    new_rows = re.findall(r'<tr><td><span class="tag new">Mới</span>(.*?)</tr>', html, re.S)
    assert len(new_rows) == 15 and "<strong>15</strong> nhiệm vụ mới" in html
    assert any("Sở" in row and re.search(r"\d\d/\d\d/20\d\d", row) for row in new_rows)  # lead unit, deadline
    assert "Dạng <em>general</em> · 15 dòng nhiệm vụ · độ tin cậy <strong>100%</strong>" in html
    assert "Thiếu thời hạn" not in html  # a task of the plan's prose needs no deadline to be whole
    assert _counts(web_sessions) == before


@pytest.mark.skipif(not EXTRA.exists(), reason="../shared/corpus-extra is not beside the checkout")
def test_preview_shows_each_known_task_it_changes_old_to_new(admin: TestClient, web_sessions) -> None:
    before = _counts(web_sessions)
    html = _upload(admin, EXTRA / "101-tb624-vpcp-bcd-khcn-da06.txt").text
    assert "Nhiệm vụ đã có sẽ thay đổi (10)" in html
    assert "<strong>Thời hạn</strong>: <del>31/12/2025</del> → <ins>30/09/2025</ins>" in html
    assert "<strong>Tình trạng</strong>: <del>chưa có báo cáo kết quả</del> → <ins>chưa hoàn thành</ins>" in html
    assert re.search(r"<strong>Nội dung</strong>: <del>[^<]*1552/BTTTT-TTH;[^<]*</del> → <ins>[^<]*708/BTTTT", html)
    assert _counts(web_sessions) == before


def _shuffled(tmp_path: Path) -> Path:
    """The bundled national table with its lines shuffled: a damaged copy the ingest must hold back."""
    lines = NATIONAL.read_text(encoding="utf-8").splitlines()
    random.Random(7).shuffle(lines)
    path = tmp_path / "bao-cao-moi.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_held_report_shows_why_and_is_stored_only_when_forced(
    admin: TestClient, web_sessions, tmp_path: Path
) -> None:
    before = _counts(web_sessions)
    html = _upload(admin, _shuffled(tmp_path)).text
    assert "Báo cáo này bị giữ lại" in html and "nhiệm vụ bắt đầu giữa câu (có thể là bản bị hỏng)" in html
    assert "Nhập dù vậy" in html and "Nạp vào hệ thống" not in html
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    held = admin.post("/bao-cao/xac-nhan", data={"csrf": csrf_of(html), "token": token})
    assert held.status_code == 409 and "chưa có gì được ghi" in held.text and "Nhập dù vậy" in held.text
    assert _counts(web_sessions) == before
    forced = admin.post("/bao-cao/xac-nhan", data={"csrf": csrf_of(html), "token": token, "force": "1"})
    assert forced.status_code == 303, forced.text
    assert "Đã nạp bao-cao-moi.txt" in admin.get(forced.headers["location"]).text
    sources, tasks, reports = _counts(web_sessions)
    assert sources == before[0] + 1 and tasks > before[1] and reports > before[2]


def test_a_preview_that_reopens_done_tasks_names_them_and_why(admin: TestClient, report_cut, monkeypatch) -> None:
    document = DocumentPreview("bao-cao-sau.txt", "general", None, None, None, "2025-08-01", None, 1, 1.0)
    change = {"status": ["done", "in_progress"], "deadline_due": [None, "2025-09-30"]}
    reopening = Preview([document], changed=[{"id": 7, "content": "Kết nối dữ liệu dân cư", "changes": change}])
    reopening.reopened = [7]
    reopening.held = hold_reasons(reopening)
    monkeypatch.setattr(library, "preview_upload", lambda *args: reopening)
    html = _upload(admin, report_cut("bao-cao-sau.txt")).text
    assert "Nhiệm vụ đã hoàn thành sẽ bị mở lại (1)" in html
    assert '<a href="/nhiem-vu/7">Nhiệm vụ 7</a>: Kết nối dữ liệu dân cư' in html
    assert (
        "<del>đã hoàn thành</del> → <ins>đang thực hiện</ins>" in html
        and "<del>—</del> → <ins>30/09/2025</ins>" in html
    )
    assert "Tệp sẽ đánh dấu 1 nhiệm vụ đã hoàn thành thành chưa hoàn thành (nhiệm vụ 7)." in html
    assert "Nhập dù vậy" in html


def test_every_hold_reason_is_said_in_vietnamese() -> None:
    document = DocumentPreview("ban-sao.txt", "general", None, None, None, None, None, 20, 0.2)
    document.weak = [WeakRow(line, ["unit"], "") for line in (4, 9)]
    changed = [{"id": i, "content": "", "changes": {"content": ["a", "b"]}} for i in range(12)]
    reasons = hold_reasons(Preview([document], changed=changed, reopened=[3, 5]))
    assert len(reasons) == 4
    words = [reason_words(reason) for reason in reasons]
    assert not {*words} & {*reasons}
    assert words[1].startswith("ban-sao.txt: 2 dòng không có đơn vị chủ trì") and "(dòng 4, 9)" in words[1]
    assert words[3] == "Tệp sẽ đánh dấu 2 nhiệm vụ đã hoàn thành thành chưa hoàn thành (nhiệm vụ 3, 5)."


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


def test_a_confirmed_upload_is_found_by_the_next_search_at_once(
    web_settings, web_sessions, registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register's free text goes through the application's search index, which the upload refreshes."""
    from dataclasses import replace

    from dondoc.index.service import SearchService
    from dondoc.web.app import create_app
    from tests.web.conftest import ADMIN_PASSWORD, DAY, sign_in

    monkeypatch.setattr("dondoc.index.service.FRESHNESS_SECONDS", 3600.0)  # not the index's own periodic check
    settings = replace(web_settings, embedder="hash")
    search = SearchService.open(settings, web_sessions, registry)
    report = tmp_path / "khi-cau.md"
    report.write_text(
        "**KẾ HOẠCH PHÁT TRIỂN KHINH KHÍ CẦU NĂM 2027**\n\n"
        "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
        "| 1 | Thử nghiệm khinh khí cầu giám sát rừng phòng hộ | Bộ Nông nghiệp và Môi trường | 31/12/2027 |\n",
        encoding="utf-8",
    )
    app = create_app(settings, web_sessions, registry, search=search, today=lambda: DAY)
    with TestClient(app, follow_redirects=False) as client:
        admin = sign_in(client, ADMIN_PASSWORD)
        assert "khí cầu giám sát" not in admin.get("/nhiem-vu?q=khinh+khí+cầu").text
        preview = _upload(admin, report).text
        token = re.search(r'name="token" value="([^"]+)"', preview)[1]
        assert admin.post("/bao-cao/xac-nhan", data={"csrf": csrf_of(preview), "token": token}).status_code == 303
        assert "Thử nghiệm khinh khí cầu giám sát rừng phòng hộ" in admin.get("/nhiem-vu?q=khinh+khí+cầu").text
