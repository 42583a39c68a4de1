"""The mapping path on the web page: a report no rule reads is mapped by hand, previewed, ingested, saved."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from dondoc.data.models import LayoutTemplate, Source, Task, TaskReport
from dondoc.ingest.pipeline import bundled_paths
from dondoc.ingest.templates import list_templates
from tests.ingest.layout_reports import OCTOBER, SEPTEMBER, write_report
from tests.web.conftest import csrf_of

NAME = "Sở KHCN Ninh Bình"
# The choices an admin makes on September's report: column roles, Roman-numbered groups, section III skipped.
CHOICES = {
    "b0_da": "1",
    "b0_tieude": "1",
    "b0_cot0": "stt",
    "b0_cot1": "content",
    "b0_cot2": "lead",
    "b0_cot3": "deadline",
    "b0_cot4": "result",
    "b0_nhom": "numbering",
    "b0_boqua": "III. Việc đã giao tháng trước (theo dõi riêng)",
}


def _counts(sessions) -> tuple[int, ...]:
    with sessions() as session:
        models = (Source, Task, TaskReport, LayoutTemplate)
        return tuple(session.scalar(select(func.count()).select_from(model)) for model in models)


def _upload(admin: TestClient, path: Path):
    token = csrf_of(admin.get("/bao-cao").text)
    with path.open("rb") as handle:
        return admin.post("/bao-cao/tai-len", data={"csrf": token}, files={"tep": (path.name, handle)})


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html)[1]


def _post(admin: TestClient, page: str, **fields: str):
    data = {"csrf": csrf_of(page), "token": _token(page), **fields}
    return admin.post("/bao-cao/chi-dinh", data=data)


@pytest.fixture
def september(tmp_path: Path) -> Path:
    return write_report(tmp_path / "src" / "bao-cao-thang-9.docx", 9, SEPTEMBER)


@pytest.fixture
def october(tmp_path: Path) -> Path:
    return write_report(tmp_path / "src" / "bao-cao-thang-10.docx", 10, OCTOBER)


def test_a_report_no_rule_reads_shows_its_table_with_a_choice_per_column(admin: TestClient, web_sessions, september):
    before = _counts(web_sessions)
    page = _upload(admin, september)
    assert page.status_code == 422
    assert "Không đọc được tệp bao-cao-thang-9.docx" in page.text and "hãy chỉ định cách đọc bên dưới" in page.text
    assert "Chỉ định cách đọc: bao-cao-thang-9.docx" in page.text and "49/BC-SKHCN" in page.text
    assert len(re.findall(r'<select name="b0_cot\d"', page.text)) == 5
    assert "<td>Bộ phận đảm nhiệm</td>" in page.text and "<td>Nâng cấp đường truyền số liệu" in page.text
    assert "Nạp</button>" not in page.text  # nothing mapped yet, nothing to ingest
    assert _counts(web_sessions) == before


def test_the_preview_recounts_as_the_mapping_changes_and_writes_nothing(admin: TestClient, web_sessions, september):
    before = _counts(web_sessions)
    page = _upload(admin, september).text
    only_content = _post(admin, page, b0_da="1", b0_tieude="1", b0_cot0="stt", b0_cot1="content", b0_nhom="numbering")
    assert only_content.status_code == 200
    assert '<p class="mapped-count"><strong>6</strong> nhiệm vụ đọc được' in only_content.text
    assert "Dòng thiếu đơn vị hoặc thời hạn (6)" in only_content.text and "Nạp dù vậy" in only_content.text
    mapped = _post(admin, page, **CHOICES)
    assert (
        '<p class="mapped-count"><strong>5</strong> nhiệm vụ đọc được, <strong>5</strong> nhiệm vụ mới' in mapped.text
    )
    assert "Dòng thiếu đơn vị" not in mapped.text and "Nạp</button>" in mapped.text
    assert '<td>Trung tâm Chuyển đổi số</td><td class="nowrap">30/11/2025</td>' in mapped.text
    assert 'value="III. Việc đã giao tháng trước (theo dõi riêng)" checked' in mapped.text
    assert _counts(web_sessions) == before


def test_nap_ingests_with_the_mapping_saves_the_template_and_the_next_report_reads_alone(
    admin: TestClient, web_sessions, september, october
) -> None:
    sources, tasks, reports, templates = _counts(web_sessions)
    page = _upload(admin, september).text
    done = _post(admin, page, **CHOICES, luu="1", ten=NAME, **{"hanh-dong": "nap"})
    assert done.status_code == 303, done.text
    register = admin.get(done.headers["location"]).text
    assert "Đã nạp bao-cao-thang-9.docx theo cách đọc đã chỉ định: 5 nhiệm vụ mới" in register
    assert f"Đã lưu mẫu «{NAME}»" in register
    assert _counts(web_sessions) == (sources + 1, tasks + 5, reports + 5, templates + 1)
    preview = _upload(admin, october)
    assert preview.status_code == 200
    assert f"Dạng <em>mẫu «{NAME}»</em> · 3 dòng nhiệm vụ · độ tin cậy <strong>100%</strong>" in preview.text
    assert "<strong>3</strong> nhiệm vụ mới" in preview.text and "Nạp vào hệ thống" in preview.text


def test_a_template_name_that_cannot_be_used_writes_nothing(admin: TestClient, web_sessions, september) -> None:
    before = _counts(web_sessions)
    page = _upload(admin, september).text
    refused = _post(admin, page, **CHOICES, luu="1", ten="<b>mẫu</b>", **{"hanh-dong": "nap"})
    assert refused.status_code == 422
    assert "Tên mẫu «&lt;b&gt;mẫu&lt;/b&gt;» không dùng được" in refused.text
    assert _counts(web_sessions) == before


def test_a_second_template_for_the_same_layout_is_refused_and_nothing_is_written(
    admin: TestClient, web_sessions, september, tmp_path: Path
) -> None:
    page = _upload(admin, september).text
    assert _post(admin, page, **CHOICES, luu="1", ten=NAME, **{"hanh-dong": "nap"}).status_code == 303
    before = _counts(web_sessions)
    again = write_report(tmp_path / "src" / "bao-cao-thang-9-sua.docx", 9, SEPTEMBER[:3], number=46)
    preview = _upload(admin, again).text
    assert f"mẫu «{NAME}»" in preview  # already read by the template; the admin maps it again all the same
    page = _post(admin, preview).text
    conflict = _post(admin, page, **CHOICES, luu="1", ten="Mẫu thứ hai", **{"hanh-dong": "nap"})
    assert conflict.status_code == 422 and f"Bố cục này đã có mẫu «{NAME}»" in conflict.text
    assert _counts(web_sessions) == before


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"b0_cot1": "lead", "b0_cot2": "deadline"}, "Bảng 1: hãy chọn cột «Nội dung nhiệm vụ»."),
        ({"b0_cot1": "content", "b0_cot2": "giam-doc"}, "Bảng 1, cột 3: «giam-doc» không phải một lựa chọn"),
        ({"b0_cot1": "content", "b0_cot2": "content"}, "«Nội dung nhiệm vụ» đã được chọn cho một cột khác"),
        ({"b0_cot1": "content", "b0_tieude": "hai"}, "Bảng 1: số dòng tiêu đề «hai» không hợp lệ."),
        ({"b0_cot1": "content", "b0_tieude": "11"}, "Bảng 1: số dòng tiêu đề «11» không hợp lệ."),
        ({"b0_cot1": "content", "b0_da": "1", "b0_nhom": "in-dam"}, "Bảng 1: không có quy tắc dòng nhóm «in-dam»."),
        ({"k0_donvi": "x" * 201}, "Tên đơn vị dài quá 200 ký tự."),
    ],
)
def test_a_forged_or_impossible_mapping_gets_a_vietnamese_reason_and_writes_nothing(
    admin: TestClient, web_sessions, september, fields: dict[str, str], words: str
) -> None:
    before = _counts(web_sessions)
    page = _upload(admin, september).text
    for action in ("xem", "nap"):
        answer = _post(admin, page, **fields, luu="1", ten=NAME, **{"hanh-dong": action})
        assert answer.status_code == 422 and words in answer.text, answer.text[:3000]
    assert _counts(web_sessions) == before


def test_a_viewer_may_not_map_nor_see_the_templates(viewer: TestClient) -> None:
    csrf = csrf_of(viewer.get("/").text)
    assert viewer.post("/bao-cao/chi-dinh", data={"csrf": csrf, "token": "A" * 24, **CHOICES}).status_code == 403
    assert viewer.get("/bao-cao/mau").status_code == 403
    assert viewer.post("/bao-cao/mau/xoa", data={"csrf": csrf, "ten": NAME}).status_code == 403


def test_the_mapping_path_needs_this_sessions_upload_and_its_csrf(admin: TestClient, september) -> None:
    page = _upload(admin, september).text
    assert admin.post("/bao-cao/chi-dinh", data={"token": _token(page), **CHOICES}).status_code == 403  # no CSRF
    gone = admin.post("/bao-cao/chi-dinh", data={"csrf": csrf_of(page), "token": "A" * 24, **CHOICES})
    assert gone.status_code == 410 and "không còn" in gone.text


def test_a_prose_report_is_mapped_by_giving_its_blocks_units(admin: TestClient, web_sessions, tmp_path) -> None:
    plan = tmp_path / "ke-hoach.md"
    plan.write_text(
        "# KẾ HOẠCH\n\nGhi chép của cuộc họp giao ban\n\n**Việc cần làm sau buổi họp**\n\n"
        "- Kết nối phần mềm khám chữa bệnh với cơ sở dữ liệu dân cư trước ngày 30/9/2026\n"
        "- Số hóa sổ hộ tịch từ năm 2010 đến nay\n",
        encoding="utf-8",
    )
    page = _upload(admin, plan).text
    blocks = dict(re.findall(r'<td class="n">(\d+)</td><td[^>]*>([^<]+)</td>', page))
    first = next(int(n) - 1 for n, text in blocks.items() if text.startswith("- Kết nối"))
    second = next(int(n) - 1 for n, text in blocks.items() if text.startswith("- Số hóa"))
    fields = {f"k{first}_donvi": "Sở Y tế", f"k{second}_donvi": "Sở Tư pháp"}
    mapped = _post(admin, page, **fields)
    assert '<p class="mapped-count"><strong>2</strong> nhiệm vụ đọc được' in mapped.text
    done = _post(admin, mapped.text, **fields, **{"hanh-dong": "nap"})
    assert done.status_code == 303
    with web_sessions() as session:
        source = session.scalar(select(Source).where(Source.document == "ke-hoach.md"))
        assert source.layout == "mapping" and {r.lead_text for r in source.reports} == {"Sở Y tế", "Sở Tư pháp"}


def test_a_held_back_preview_offers_the_mapping(admin: TestClient, tmp_path: Path) -> None:
    lines = next(p for p in bundled_paths() if p.name.startswith("000")).read_text(encoding="utf-8").splitlines()
    random.Random(7).shuffle(lines)
    damaged = tmp_path / "bao-cao-moi.txt"
    damaged.write_text("\n".join(lines), encoding="utf-8")
    preview = _upload(admin, damaged).text
    assert "Báo cáo này bị giữ lại" in preview and "Tự chỉ định cách đọc" in preview
    page = _post(admin, preview)
    assert page.status_code == 200 and "Chỉ định cách đọc: bao-cao-moi.txt" in page.text
    assert "Xem trước theo cách đọc này" in page.text


def test_templates_are_listed_and_removed_by_an_admin(admin: TestClient, web_sessions, september) -> None:
    page = _upload(admin, september).text
    _post(admin, page, **CHOICES, luu="1", ten=NAME, **{"hanh-dong": "nap"})
    listing = admin.get("/bao-cao/mau").text
    assert f"<strong>{NAME}</strong>" in listing and "muc | cong viec | bo phan dam nhiem | han chot" in listing
    assert 'href="/bao-cao/mau"' in admin.get("/bao-cao").text
    csrf = csrf_of(listing)
    unknown = admin.post("/bao-cao/mau/xoa", data={"csrf": csrf, "ten": "Mẫu không có"})
    assert unknown.status_code == 404 and "Không có mẫu «Mẫu không có»" in unknown.text
    removed = admin.post("/bao-cao/mau/xoa", data={"csrf": csrf, "ten": NAME})
    assert removed.status_code == 303
    assert "Đã xóa mẫu" in admin.get("/bao-cao/mau").text
    with web_sessions() as session:
        assert list_templates(session) == [] and session.scalar(select(func.count(Source.id))) == 6
