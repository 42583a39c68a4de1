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
