"""A document's identity from its header: number, date, and whom it speaks for."""

from __future__ import annotations

from datetime import date

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract import read_header


def test_a_national_report_written_in_hanoi_speaks_for_the_whole_country(registry: UnitRegistry) -> None:
    text = "\n".join(
        [
            "Số: 230/BC-TCTTKĐA",
            "Hà Nội, ngày 05 tháng 01 năm 2027",
            "BÁO CÁO",
            "Kết quả thực hiện Đề án 06 tháng 12/2026",
            "- Làm việc với Bộ Y tế về sổ sức khỏe điện tử trên địa bàn Thành phố Hà Nội (ngày 09/12/2026).",
        ]
    )
    header = read_header(text, registry, "bao-cao.txt")
    assert (header.number, header.issued, header.scope) == ("230/BC-TCTTKĐA", date(2027, 1, 5), None)


def test_a_provinces_plan_speaks_for_that_province(registry: UnitRegistry) -> None:
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 120/KH-UBND",
            "Đồng Nai, ngày 20 tháng 11 năm 2025",
            "KẾ HOẠCH",
            "Triển khai Đề án 06 trên địa bàn tỉnh Đồng Nai năm 2026",
        ]
    )
    header = read_header(text, registry, "ke-hoach.txt")
    assert header.kind == "Kế hoạch"
    assert header.scope is not None and "Đồng Nai" in header.scope


def test_a_legal_sites_metadata_block_gives_number_kind_issuer_and_date(registry: UnitRegistry) -> None:
    text = "\n".join(
        [
            "Bản quyền thuộc về trang văn bản.",
            "Đang tải văn bản... # Số hiệu: | 88/TB-VPCP",
            "Loại văn bản: | Thông báo",
            "Nơi ban hành:",
            "Văn phòng Chính phủ",
            "Người ký: | Nguyễn Văn A | Ngày ban hành: | 03/02/2026",
            "Số công báo: | Đang cập nhật | | Tình trạng:",
            "Đã biết",
            "Ngày hiệu lực hướng dẫn dưới đây không thuộc khối thông tin.",
        ]
    )
    header = read_header(text, registry, "tb.txt")
    assert (header.kind, header.number, header.issuer, header.issued) == (
        "Thông báo", "88/TB-VPCP", "Văn phòng Chính phủ", date(2026, 2, 3),
    )  # fmt: skip


def test_a_party_number_and_a_cong_van_number_read_as_written(registry: UnitRegistry) -> None:
    party = read_header(
        "BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG | ĐẢNG CỘNG SẢN VIỆT NAM\nSố 51-TB/VPTW | Hà Nội, ngày 2 tháng 3 năm 2026",
        registry,
        "tb.txt",
    )
    assert (party.kind, party.number, party.issuer, party.issued) == (
        "Thông báo", "51-TB/VPTW", "BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG", date(2026, 3, 2),
    )  # fmt: skip
    letter = read_header(
        "BỘ Y TẾ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 905/BYT-KHTC V/v đôn đốc giải ngân\n"
        "Hà Nội, ngày 10 tháng 3 năm 2026",
        registry,
        "cv.txt",
    )
    assert (letter.kind, letter.number, letter.issuer, letter.issued) == (
        "Công văn", "905/BYT-KHTC", "BỘ Y TẾ", date(2026, 3, 10),
    )  # fmt: skip


def test_a_telegram_without_letterhead_names_its_issuer_before_its_addressees(registry: UnitRegistry) -> None:
    text = "CÔNG ĐIỆN\nVỀ VIỆC ỨNG PHÓ BÃO SỐ 3\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n- Chủ tịch UBND các tỉnh ven biển;"
    header = read_header(text, registry, "cd.txt")
    assert (header.kind, header.number, header.issued) == ("Công điện", None, None)
    assert header.issuer == "THỦ TƯỚNG CHÍNH PHỦ"
    assert header.title == "CÔNG ĐIỆN VỀ VIỆC ỨNG PHÓ BÃO SỐ 3"


def test_a_news_item_names_the_document_in_its_lead(registry: UnitRegistry) -> None:
    text = "\n".join(
        [
            "Đôn đốc tiêm chủng mở rộng tại Nghệ An",
            "Nội dung chính",
            "Ngày 04/3/2026, UBND tỉnh Nghệ An ban hành Công văn 1520/UBND-VX về việc đôn đốc tiêm chủng.",
            "Trước đó, Bộ Y tế đã có Công văn 905/BYT-KHTC ngày 10/3/2026.",
        ]
    )
    header = read_header(text, registry, "bai-viet.txt")
    assert (header.kind, header.number, header.issuer, header.issued) == (
        "Công văn", "1520/UBND-VX", "UBND tỉnh Nghệ An", date(2026, 3, 4),
    )  # fmt: skip
    assert header.title == "Đôn đốc tiêm chủng mở rộng tại Nghệ An"


def test_a_news_items_day_without_a_year_takes_the_year_it_was_posted(registry: UnitRegistry) -> None:
    text = "Ngày 28/12, Văn phòng UBND tỉnh thông báo kết luận của Chủ tịch UBND tỉnh.\nNội dung.\nGiờ đăng: 02/01/2026"
    assert read_header(text, registry, "tin.txt").issued == date(2025, 12, 28)


def test_an_upper_case_first_line_without_the_national_motto_is_no_issuer(registry: UnitRegistry) -> None:
    header = read_header("A NHÓM DỊCH VỤ CÔNG\n76 Dịch vụ công đã triển khai", registry, "bang.txt")
    assert header.issuer is None
