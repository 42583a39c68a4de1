"""Access rules over HTTP: nothing without signing in, CSRF on every form, roles, a rate-limited sign-in."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import ADMIN_PASSWORD, SECRET, VIEWER_PASSWORD, Clock, csrf_of, sign_in

PAGES = ["/", "/nhiem-vu", "/nhiem-vu?don-vi=BYT", "/nhiem-vu/xuat-excel", "/nhiem-vu/1", "/bao-cao", "/theo-doi"]
FORMS = [
    "/bao-cao/tai-len", "/bao-cao/xac-nhan", "/bao-cao/huy", "/nhiem-vu/1/cap-nhat", "/theo-doi/dau-moi/1",
    "/dang-xuat",
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_every_page_sends_a_stranger_to_the_sign_in_page(client: TestClient, page: str) -> None:
    answer = client.get(page)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("http://testserver/dang-nhap?next=%2F")
    assert "Nhiệm vụ" not in answer.text


@pytest.mark.parametrize("form", FORMS[:-1])
def test_every_form_refuses_a_stranger(client: TestClient, form: str) -> None:
    token = csrf_of(client.get("/dang-nhap").text)  # even with a valid anonymous token
    answer = client.post(form, data={"csrf": token, "token": "x" * 24})
    assert answer.status_code == 401


@pytest.mark.parametrize("form", FORMS)
def test_a_forged_post_without_the_csrf_token_is_refused(admin: TestClient, form: str) -> None:
    answer = admin.post(form, data={"token": "x" * 24}, files={"tep": ("a.txt", b"x")} if "tai-len" in form else None)
    assert answer.status_code == 403
    assert "Biểu mẫu đã hết hạn" in answer.text
    assert admin.get("/").status_code == 200, "still signed in"


def test_a_token_from_another_session_is_refused(client: TestClient, admin: TestClient) -> None:
    other = TestClient(client.app, follow_redirects=False)
    stolen = csrf_of(other.get("/dang-nhap").text)
    assert admin.post("/dang-xuat", data={"csrf": stolen}).status_code == 403


def test_a_viewer_reads_but_cannot_upload_or_update(viewer: TestClient, report_cut) -> None:
    assert viewer.get("/nhiem-vu").status_code == 200
    page = viewer.get("/bao-cao").text
    assert "Nạp báo cáo mới" not in page
    token = csrf_of(page)
    with report_cut("chi-thi.txt").open("rb") as handle:
        upload = viewer.post("/bao-cao/tai-len", data={"csrf": token}, files={"tep": ("chi-thi.txt", handle)})
    assert upload.status_code == 403 and "Chỉ quản trị viên" in upload.text
    assert viewer.post("/nhiem-vu/1/cap-nhat", data={"csrf": token, "status": "done"}).status_code == 403
    assert viewer.post("/theo-doi/dau-moi/1", data={"csrf": token, "quyet-dinh": "duyet"}).status_code == 403
    assert "chi-thi.txt" not in viewer.get("/bao-cao").text


def test_passwords_open_their_roles(client: TestClient) -> None:
    assert "Chỉ xem" in sign_in(client, VIEWER_PASSWORD).get("/").text
    client.cookies.clear()
    assert "Quản trị" in sign_in(client, ADMIN_PASSWORD).get("/").text


def test_a_wrong_password_is_refused_and_the_sixth_try_waits(client: TestClient, clock: Clock) -> None:
    for _ in range(5):
        answer = client.post("/dang-nhap", data={"csrf": csrf_of(client.get("/dang-nhap").text), "password": "sai"})
        assert answer.status_code == 401 and "Mật khẩu không đúng" in answer.text
    token = csrf_of(client.get("/dang-nhap").text)
    blocked = client.post("/dang-nhap", data={"csrf": token, "password": ADMIN_PASSWORD})
    assert blocked.status_code == 429 and "15 phút" in blocked.text
    clock.now += 901
    assert client.post("/dang-nhap", data={"csrf": token, "password": ADMIN_PASSWORD}).status_code == 303


def test_sign_in_never_redirects_off_site(client: TestClient) -> None:
    token = csrf_of(client.get("/dang-nhap").text)
    answer = client.post("/dang-nhap", data={"csrf": token, "password": ADMIN_PASSWORD, "next": "//evil.example/"})
    assert answer.headers["location"] == "/"


def test_no_secret_is_ever_rendered(admin: TestClient) -> None:
    for page in ["/", "/nhiem-vu", "/nhiem-vu/1", "/bao-cao", "/theo-doi", "/dang-nhap"]:
        html = admin.get(page).text
        assert ADMIN_PASSWORD not in html and VIEWER_PASSWORD not in html and SECRET not in html
    assert "s" * 20 not in str(admin.app.state.web.settings)


def test_signing_out_ends_the_session(admin: TestClient) -> None:
    token = csrf_of(admin.get("/").text)
    assert admin.post("/dang-xuat", data={"csrf": token}).status_code == 303
    assert admin.get("/").status_code == 303


def test_pages_forbid_framing_and_outside_resources(admin: TestClient) -> None:
    headers = admin.get("/").headers
    assert headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
