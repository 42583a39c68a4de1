"""The result cell's free text must map to the status an official would read in it."""

import pytest

from dondoc.nlp.status import classify_status


@pytest.mark.parametrize(
    ("result", "status"),
    [
        ("Chưa hoàn thành", "not_done"),
        ("Còn 09 địa phương chưa ban hành", "not_done"),
        ("16 bộ, ngành chưa hoàn thành", "not_done"),
        ("Chưa có báo cáo kết quả", "not_done"),
        ("Hoàn thành Thông tư số 48/2022/TT-BTC ngày 3/8/2022", "done"),
        ("HOÀN THÀNH", "done"),
        ("Đã hoàn thành", "done"),
        ("Cơ bản hoàn thành", "done"),
        ("Đang triển khai", "in_progress"),
        ("Thường xuyên", "recurring"),
        ("Thực hiện thường xuyên", "recurring"),
        ("Hoàn thành đối soát 102 triệu thuê bao. Đối với các thuê bao chưa hoàn thành xác thực", "done"),
    ],
)
def test_result_text_gives_status(result: str, status: str) -> None:
    assert classify_status(result) == status


@pytest.mark.parametrize("result", [None, "", "  ", "Kế hoạch số 515/KH-BCA"])
def test_no_status_phrase_means_unknown(result: str | None) -> None:
    assert classify_status(result) == "unknown"


@pytest.mark.parametrize(
    ("result", "status"),
    [
        ("Đã hoàn thành quá hạn", "done"),
        ("Đã hoàn thành — Bộ KH&CN đã báo cáo Chính phủ tại công văn số 6001/BKHCN-CĐSQG", "done"),
        ("Bộ KHCN đã gửi Bộ Công an. Đã hoàn thành", "done"),
    ],
)
def test_done_late_and_a_finished_result_text_are_done(result: str, status: str) -> None:
    assert classify_status(result) == status


@pytest.mark.parametrize(
    ("result", "status"),
    [
        ("Đã hoàn tthành việc kết nối dữ liệu", "done"),
        ("Đaã triển khai trên toàn quốc", "done"),
        ("Chưa hoàn thàanh", "not_done"),
        ("Ưu tiên bố trí kinh phí, đang thực hiện", "in_progress"),
    ],
)
def test_a_letter_typed_twice_is_read_as_once(result: str, status: str) -> None:
    assert classify_status(result) == status
