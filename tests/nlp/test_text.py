"""Text primitives every parser and the search rely on."""

from datetime import date

from dondoc.nlp.documents import document_keys
from dondoc.nlp.text import fold, join_lines, normalize, parse_vn_date, vn_date


def test_fold_lets_unaccented_typing_match() -> None:
    assert fold("Bộ Y tế CÒN CHẬM") == "bo y te con cham"
    assert fold("Đề án 06") == "de an 06"


def test_normalize_composes_and_collapses_whitespace() -> None:
    decomposed = "Bo\u0302\u0323 Y te\u0302\u0301"
    assert normalize(f"  {decomposed}\n\t chậm ") == "Bộ Y tế chậm"


def test_join_lines_undoes_pdf_wraps() -> None:
    assert join_lines(["Bộ Lao động - Thương ", "", "binh và Xã hội"]) == "Bộ Lao động - Thương binh và Xã hội"
    assert join_lines(["phát triển kinh tế-", "xã hội"]) == "phát triển kinh tế-xã hội"


def test_document_keys_meet_across_spellings() -> None:
    assert document_keys("Chỉ thị 07 giao Bộ Y tế làm gì?") == ["ct-7"]
    assert document_keys("Chỉ thị số 07/CT-TTg ngày 14/3/2025") == ["ct-7"]
    assert document_keys("QĐ 06") == document_keys("Quyết định số 06/QĐ-TTg") == ["qd-6"]
    assert document_keys("Thông báo 487/TB-VPCP ngày 24/10/2024") == ["tb-487"]
    assert document_keys("Lộ trình Đề án") == []


def test_a_day_is_read_day_first_as_it_is_written() -> None:
    assert parse_vn_date("01/07/2025") == date(2025, 7, 1) == parse_vn_date(" 1/7/2025 ")
    assert parse_vn_date(vn_date(date(2025, 12, 31))) == date(2025, 12, 31)
    for typed in ("31/02/2025", "07/01/25", "2025-07-01", "1/7", "01-07-2025", "hôm nay", ""):
        assert parse_vn_date(typed) is None, typed
