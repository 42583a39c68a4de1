"""The office's whole round in a real headless Chromium (Debian's, driven by Playwright), with screenshots.

Sign in, filter the register to Bộ Y tế's overdue tasks, open one, upload a report, preview, confirm,
find the new tasks, download the export, approve a focal point, see a damaged copy held back; then map
by hand a report whose table no rule reads, ingest it, keep the mapping as a template, and see next
month's report of that layout read alone by `dondoc ingest`. Each page
is photographed at 1366×768 and at a phone's width into docs/screenshots/. Skipped with the reason when
the browser or Playwright is not installed.
"""

from __future__ import annotations

import random
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest

from dondoc.config import Settings
from dondoc.data.db import open_database, transaction
from dondoc.followup.focal_points import Actor, request_focal_point
from dondoc.ingest.pipeline import bundled_paths, ingest_paths
from dondoc.reminders.subscriptions import subscribe
from dondoc.web.app import create_app
from tests.web.conftest import ADMIN_PASSWORD, SECRET

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DAY = date(2025, 7, 1)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install playwright")
if shutil.which(str(CHROMIUM)) is None:
    pytest.skip(
        "Chromium is not installed: apt-get install -y chromium chromium-driver", allow_module_level=True
    )  # fmt: skip


@pytest.fixture(scope="module")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The settings of the server under test: its folder, its database, its admin password."""
    folder = tmp_path_factory.mktemp("browser")
    return {
        "DONDOC_DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'dondoc.db'}",
        "DONDOC_WEB_PASSWORD": ADMIN_PASSWORD,
        "DONDOC_WEB_SECRET": SECRET,
    }


@pytest.fixture(scope="module")
def server(server_env: dict[str, str], registry) -> Iterator[str]:
    """dondoc web on 127.0.0.1 and a free port, over every bundled report but Chỉ thị 07 (uploaded by the test)."""
    import uvicorn

    settings = Settings.from_env(server_env)
    sessions = open_database(settings.database_url)
    with transaction(sessions) as session:
        ingest_paths(session, [p for p in bundled_paths() if not p.name.startswith("003_")], registry)
        subscribe(session, "telegram", "-1001234567", "Bộ Y tế", registry)
        asker = Actor("telegram", "-1001234567", "Nguyễn Thị Lan (Văn phòng Bộ Y tế)")
        request_focal_point(session, asker, "Bộ Y tế", datetime(2025, 6, 30, 9, tzinfo=UTC))
    app = create_app(settings, sessions, registry, today=lambda: DAY)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:  # waits for the thread, not for a clock
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sessions.kw["bind"].dispose()


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[sync_api.Page]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport=DESKTOP, locale="vi-VN", accept_downloads=True)
        context.set_default_timeout(20_000)
        tab = context.new_page()
        tab.goto(server)
        yield tab
        browser.close()


def shoot(page: sync_api.Page, name: str) -> None:
    """The page as an office desk and as a phone see it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-1366.png")
    page.set_viewport_size(PHONE)
    page.screenshot(path=SHOTS / f"{name}-phone.png")
    page.set_viewport_size(DESKTOP)


def row_ids(page: sync_api.Page) -> list[int]:
    links = page.locator("table.register td a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [int(re.search(r"/nhiem-vu/(\d+)", href)[1]) for href in links]


def test_the_office_round(page: sync_api.Page, tmp_path: Path) -> None:
    expect = sync_api.expect
    expect(page).to_have_url(re.compile(r"/dang-nhap\?next=%2F$"))
    shoot(page, "01-dang-nhap")
    page.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan tình hình thực hiện")).to_be_visible()
    shoot(page, "02-tong-quan")

    page.locator("nav.nav").get_by_role("link", name="Sổ theo dõi").click()
    page.get_by_label("Đơn vị (tên cũ hoặc mới)").fill("Bộ Y tế")
    page.get_by_label("Tình trạng").select_option("overdue")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"tinh-trang=overdue"))
    pills = page.locator("table.register .pill").all_inner_texts()
    leads = page.locator("table.register tbody tr td:nth-child(3)").all_inner_texts()
    assert (
        pills
        and all(p.startswith("quá hạn") for p in pills)
        # Bộ Y tế's own, a group task whose result names it as lagging, or one marked "giao chung".
        and all("Bộ Y tế" in u or "giao chung" in u or u.startswith("Các bộ") for u in leads)
    )
    shoot(page, "03-so-theo-doi")

    page.locator("table.register td a").first.click()
    expect(page.get_by_role("heading", name="Các báo cáo nhắc đến nhiệm vụ này", exact=False)).to_be_visible()
    expect(page.locator(".task-head .pill")).to_contain_text("quá hạn")
    page.get_by_label("Tình trạng mới").select_option("blocked")
    page.get_by_label("Ghi chú, văn bản minh chứng").fill("Công văn 123/BYT-CNTT ngày 30/06/2025: chờ kinh phí")
    page.get_by_role("button", name="Cập nhật tiến độ").click()
    expect(page.locator(".flash")).to_contain_text("Đã cập nhật tiến độ: Gặp vướng mắc")
    expect(page.locator("table.tasks").first).to_contain_text("Công văn 123/BYT-CNTT")
    shoot(page, "04-nhiem-vu")

    report = tmp_path / "chi-thi-07-trich.txt"
    head = next(p for p in bundled_paths() if p.name.startswith("003_")).read_text(encoding="utf-8").splitlines()[:29]
    report.write_text("\n".join(head) + "\n", encoding="utf-8")
    page.locator("nav.nav").get_by_role("link", name="Báo cáo").click()
    shoot(page, "05-bao-cao")
    page.locator("input[type=file]").set_input_files(report)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("heading", name="Xem trước: chi-thi-07-trich.txt")).to_be_visible()
    expect(page.locator(".tag.new")).to_have_count(17)
    shoot(page, "06-xem-truoc")
    page.get_by_role("button", name="Nạp vào hệ thống").click()

    expect(page.locator(".flash")).to_contain_text("Đã nạp chi-thi-07-trich.txt: 17 nhiệm vụ mới")
    expect(page.locator(".result-head")).to_contain_text("17 nhiệm vụ")
    assert "Bệnh án điện tử" in page.locator("table.register").inner_text()
    shoot(page, "07-sau-khi-nap")
    shown = row_ids(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == shown
    assert download.value.suggested_filename == "nhiem-vu-2025-07-01.xlsx"

    page.locator("nav.nav").get_by_role("link", name="Đăng ký theo dõi").click()
    expect(page.get_by_role("heading", name="Đăng ký theo dõi", exact=True)).to_be_visible()
    expect(page.locator("body")).to_contain_text("Nguyễn Thị Lan (Văn phòng Bộ Y tế)")
    shoot(page, "08-dang-ky-theo-doi")
    page.get_by_role("button", name="Duyệt").click()
    expect(page.locator(".flash")).to_contain_text("Đã duyệt yêu cầu của -1001234567")

    national = next(p for p in bundled_paths() if p.name.startswith("000_")).read_text(encoding="utf-8").splitlines()
    random.Random(7).shuffle(national)
    damaged = tmp_path / "bao-cao-moi.txt"
    damaged.write_text("\n".join(national), encoding="utf-8")
    page.locator("nav.nav").get_by_role("link", name="Báo cáo").click()
    page.locator("input[type=file]").set_input_files(damaged)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator(".held")).to_contain_text("Báo cáo này bị giữ lại")
    expect(page.get_by_role("button", name="Nhập dù vậy")).to_be_visible()
    shoot(page, "09-bi-giu-lai")
    page.get_by_role("button", name="Hủy").click()
    expect(page.locator(".flash")).to_contain_text("Đã hủy")


def _sign_in(page: sync_api.Page, server: str) -> None:
    page.goto(f"{server}/bao-cao")
    if "/dang-nhap" in page.url:
        page.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile(r"/bao-cao$"))


def test_a_report_no_rule_reads_is_mapped_by_hand_then_next_month_reads_alone(
    page: sync_api.Page, server: str, server_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from dondoc.cli import main
    from tests.ingest.layout_reports import OCTOBER, SEPTEMBER, write_report

    expect = sync_api.expect
    _sign_in(page, server)
    september = write_report(tmp_path / "bao-cao-thang-9.docx", 9, SEPTEMBER)
    page.locator("input[type=file]").set_input_files(september)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("heading", name="Chỉ định cách đọc: bao-cao-thang-9.docx")).to_be_visible()
    expect(page.locator(".error")).to_contain_text("hãy chỉ định cách đọc bên dưới")
    page.wait_for_load_state("load")  # the page's script listens for changes once it has run
    count = page.locator(".mapped-count")
    for column, role, read in [
        (2, "Nội dung nhiệm vụ", 9),  # group rows too: no numbering column yet
        (1, "Số thứ tự", 6),  # "I", "II", "III" are group rows now
        (3, "Đơn vị chủ trì", 6),
        (4, "Thời hạn", 6),
        (5, "Kết quả – tình trạng", 6),
    ]:
        with page.expect_navigation():  # a changed choice recounts the preview (the page's script posts the form)
            page.get_by_label(f"Bảng 1, cột {column}").select_option(label=role)
        expect(count).to_contain_text(f"{read} nhiệm vụ đọc được")
    expect(page.get_by_text("Dòng thiếu đơn vị hoặc thời hạn")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_label("III. Việc đã giao tháng trước (theo dõi riêng)").check()
    expect(count).to_contain_text("5 nhiệm vụ đọc được, 5 nhiệm vụ mới")
    expect(page.locator("table.mapped-tasks")).to_contain_text("Trung tâm Chuyển đổi số")
    page.get_by_label("Lưu cách đọc này thành mẫu").check()
    page.get_by_label("Tên mẫu").fill("Sở KHCN Ninh Bình")
    page.locator("#bang-1").scroll_into_view_if_needed()
    shoot(page, "10-chi-dinh-cach-doc")
    page.get_by_role("button", name="Nạp", exact=True).click()
    expect(page.locator(".flash")).to_contain_text(
        "Đã nạp bao-cao-thang-9.docx theo cách đọc đã chỉ định: 5 nhiệm vụ mới"
    )
    expect(page.locator(".flash")).to_contain_text("Đã lưu mẫu «Sở KHCN Ninh Bình»")
    expect(page.locator(".result-head")).to_contain_text("5 nhiệm vụ")

    page.locator("nav.nav").get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Mẫu đọc báo cáo").click()
    expect(page.locator("table.layout-templates")).to_contain_text("Sở KHCN Ninh Bình")
    shoot(page, "11-mau-doc-bao-cao")

    october = write_report(tmp_path / "bao-cao-thang-10.docx", 10, OCTOBER)
    for name, value in {**server_env, "DONDOC_EMBEDDER": "hash"}.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["ingest", str(october), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert '"layout": "template:Sở KHCN Ninh Bình"' in result.output and '"added": 3' in result.output
    page.goto(f"{server}/nhiem-vu?bao-cao=bao-cao-thang-10.docx")
    expect(page.locator(".result-head")).to_contain_text("3 nhiệm vụ")
    expect(page.locator("table.register")).to_contain_text("Kết nối cơ sở dữ liệu sở hữu trí tuệ")


def test_an_english_browser_types_and_reads_days_day_first(page: sync_api.Page, server: str) -> None:
    """The date fields are text read as dd/mm/yyyy: an en-US browser (whose date inputs are mm/dd/yyyy) shows
    01/07/2025 for the first of July, and 1/6/2025 typed there means the first of June."""
    expect = sync_api.expect
    english = page.context.browser.new_context(viewport=DESKTOP, locale="en-US")
    english.set_default_timeout(20_000)
    tab = english.new_page()
    assert tab.evaluate("navigator.language") == "en-US"
    tab.goto(server)
    tab.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    tab.get_by_role("button", name="Đăng nhập").click()
    expect(tab.get_by_label("Tính đến ngày")).to_have_value("01/07/2025")
    tab.goto(server + "/nhiem-vu")
    tab.get_by_label("Hạn từ ngày").fill("1/6/2025")
    tab.get_by_label("đến ngày", exact=True).fill("30/06/2025")
    tab.get_by_role("button", name="Lọc").click()
    expect(tab.get_by_label("Hạn từ ngày")).to_have_value("01/06/2025")
    dues = tab.locator("table.register tbody tr td:nth-child(4)").all_inner_texts()
    assert dues and all(re.fullmatch(r"\d\d/06/2025", due.strip()) for due in dues), dues
    tab.get_by_label("Hạn từ ngày").fill("31/02/2025")
    tab.get_by_role("button", name="Lọc").click()
    expect(tab.locator(".notice")).to_contain_text("“31/02/2025” không phải ngày hợp lệ")
    english.close()
