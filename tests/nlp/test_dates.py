"""Deadlines as the reports write them must land on the last day of their period."""

from datetime import date

import pytest

from dondoc.nlp.dates import find_prose_deadline, parse_deadline


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("Tháng 5/2022", "month", date(2022, 5, 31)),
        ("5/2022", "month", date(2022, 5, 31)),
        ("Thàng 12/2024", "month", date(2024, 12, 31)),
        ("Quý II/2023", "quarter", date(2023, 6, 30)),
        ("Quý II.2024", "quarter", date(2024, 6, 30)),
        ("Quý I/2025", "quarter", date(2025, 3, 31)),
        ("Năm 2023", "year", date(2023, 12, 31)),
        ("2024", "year", date(2024, 12, 31)),
        ("Trong năm 2023", "year", date(2023, 12, 31)),
        ("2024-2025", "year", date(2025, 12, 31)),
        ("Trước ngày 20/9/2022", "date", date(2022, 9, 20)),
        ("Hoàn thành trước ngày 01/7/2024", "date", date(2024, 7, 1)),
        ("Hoàn thành trước tháng 30/11/2024", "date", date(2024, 11, 30)),
        ("30/2/2023", "date", date(2023, 2, 28)),
        ("hoàn thành trong tháng 6 năm 2025", "month", date(2025, 6, 30)),
        ("Tháng 6/2023 Tháng 3/2024 (Lộ trình tại TB 836/TCTTKĐA)", "month", date(2024, 3, 31)),
        ("Tháng 12/2025 và những năm tiếp theo", "month", date(2025, 12, 31)),
        ("Quý II/2024 (theo Quyết định 06/QĐ-TTg ngày 06/01/2022)", "quarter", date(2024, 6, 30)),
        ("Theo Kế hoạch số 12/KH-UBND, hoàn thành trước 31/12/2024", "date", date(2024, 12, 31)),
    ],
)
def test_dated_deadlines_fall_due_at_the_end_of_their_period(text: str, kind: str, due: date) -> None:
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.due, deadline.text) == (kind, due, text)


@pytest.mark.parametrize("text", ["2022- Thường xuyên", "Thực hiện thường xuyên", "Thường xuyên"])
def test_recurring_tasks_have_no_due_date(text: str) -> None:
    assert parse_deadline(text).as_dict() == {"text": text, "kind": "recurring", "due": None}


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Theo tiến độ của Nghị quyết số 50/NQ-CP",
        "Lộ trình Đề án",
        # The date of a directing document is when it was signed, never when the task is due.
        "Theo tiến độ của Nghị quyết số 50/NQ-CP ngày 08/4/2022 và Nghị định số 107/2021/NĐ-CP ngày 06/12/2021",
        "Theo Chỉ thị 05 ngày 23/2/2023",
        "Thông báo số 16/TB-VPCP ngày 28 tháng 01 năm 2023",
    ],
)
def test_cells_without_a_date_have_no_deadline(text: str | None) -> None:
    assert parse_deadline(text).due is None


def test_prose_deadline_is_the_phrase_that_ends_the_sentence() -> None:
    sentence = "Xây dựng dữ liệu học sinh từ lớp 1 đến lớp 12, hoàn thành trong tháng 6 năm 2025."
    assert find_prose_deadline(sentence) == "hoàn thành trong tháng 6 năm 2025"
    assert find_prose_deadline("vận hành Trung tâm dữ liệu trong Quý II năm 2025") == "trong Quý II năm 2025"


def test_an_effective_date_is_not_a_deadline() -> None:
    assert find_prose_deadline("đáp ứng hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.") is None


@pytest.mark.parametrize(
    ("cell", "kind", "due", "start"),
    [
        ("2026 - 2030", "year", "2030-12-31", "2026-01-01"),
        ("Năm 2025-2030", "year", "2030-12-31", "2025-01-01"),
        ("Từ ngày 01/3/2026 đến ngày 30/6/2026", "date", "2026-06-30", "2026-03-01"),
        ("Trong nửa đầu năm 2024", "half", "2024-06-30", None),
        ("Hằng năm", "recurring", None, None),
        ("Nhiệm vụ thường xuyên", "recurring", None, None),
        ("trước ngày 15 hằng tháng", "recurring", None, None),
        ("Bắt đầu triển khai từ năm 2026", "open", None, "2026-01-01"),
        ("2025-06-30 00:00:00", "date", "2025-06-30", None),
    ],
)
def test_ranges_recurring_and_open_deadlines(cell: str, kind: str, due: str | None, start: str | None) -> None:
    deadline = parse_deadline(cell)
    assert (deadline.kind, deadline.due and deadline.due.isoformat()) == (kind, due)
    assert (deadline.start and deadline.start.isoformat()) == start


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Bộ Y tế xây dựng đề án, hoàn thành trong tháng 6 năm 2024.", "hoàn thành trong tháng 6 năm 2024"),
        ("báo cáo Thủ tướng Chính phủ kết quả trong tháng 10 năm 2024", "trong tháng 10 năm 2024"),
        ("Sửa đổi Nghị định, hoàn thành trong nửa đầu năm 2024", "hoàn thành trong nửa đầu năm 2024"),
        ("báo cáo UBND Thành phố trước ngày 15 hằng tháng", "trước ngày 15 hằng tháng"),
        ("Theo tiến độ của Nghị quyết số 50/NQ-CP ngày 08/4/2022", None),
    ],
)
def test_a_deadline_in_the_task_text_but_never_a_directing_documents_date(sentence: str, phrase: str | None) -> None:
    assert find_prose_deadline(sentence) == phrase
