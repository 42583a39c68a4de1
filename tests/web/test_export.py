""" "Xuất Excel" downloads exactly the rows on screen, with real dates and the official terms."""

from __future__ import annotations

import re
from io import BytesIO

from openpyxl import load_workbook
from starlette.testclient import TestClient

QUERY = "don-vi=Bộ+Y+tế&ngay=2025-07-01&so-dong=25&trang=2"


def test_export_holds_the_rows_on_screen(admin: TestClient) -> None:
    html = admin.get(f"/nhiem-vu?{QUERY}").text
    on_screen = [int(i) for i in re.findall(r'href="/nhiem-vu/(\d+)\?ngay=', html)]
    link = re.search(r'<a class="button" href="([^"]+)" download>Xuất Excel</a>', html)[1].replace("&amp;", "&")
    answer = admin.get(link)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert on_screen and [row[1] for row in rows] == on_screen
    assert [row[0] for row in rows] == list(range(26, 26 + len(rows))), "STT continues from page 1"
    shared = set(map(int, re.findall(r'href="/nhiem-vu/(\d+)\?[^"]*">(?:(?!</tr>).)*giao chung', html, re.S)))
    assert all("Bộ Y tế" in row[4] or row[1] in shared for row in rows), "Bộ Y tế's own tasks and its group tasks"
    assert [row[8] for row in rows] == re.findall(r'<span class="pill \w+">([^<]+)</span>', html)
    # The reports as the register names them, each task's every report, never a file name.
    assert [row[9] for row in rows] == re.findall(r'<div class="muted small reports">Báo cáo: ([^<]+)</div>', html)
    assert not any(".txt" in row[9] for row in rows)
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    assert sheet.cell(3, 7).is_date and sheet.cell(3, 7).number_format == "DD/MM/YYYY"
