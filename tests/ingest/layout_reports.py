"""Two monthly reports of one layout no rule reads, for the mapping path's tests (library, CLI, web, browser).

A department's .docx report whose table is headed "Mục | Công việc | Bộ phận đảm nhiệm | Hạn chót | Ghi chú"
(none of the words the general reader knows for a unit, a deadline or a result), with Roman-numbered group
rows spanning the table. September's and October's reports have the same letterhead and headers and other rows.
"""

from __future__ import annotations

from pathlib import Path

import docx

from dondoc.ingest.mapping import Mapping, TableMapping

ISSUER = "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH SỞ KHOA HỌC VÀ CÔNG NGHỆ"
HEADERS = ("Mục", "Công việc", "Bộ phận đảm nhiệm", "Hạn chót", "Ghi chú")
SIGNATURE = "5: muc | cong viec | bo phan dam nhiem | han chot | ghi chu"
SEPTEMBER = [
    ("I", "Hạ tầng số"),
    ("1", "Nâng cấp đường truyền số liệu chuyên dùng cho các xã", "Trung tâm Chuyển đổi số", "30/11/2025",
     "Đang triển khai"),
    ("2", "Trang bị máy chủ dự phòng cho Trung tâm dữ liệu tỉnh", "Phòng Quản lý công nghệ", "31/12/2025",
     "Chưa thực hiện"),
    ("II", "Dữ liệu số"),
    ("1", "Số hóa hồ sơ thủ tục hành chính lĩnh vực khoa học", "Văn phòng Sở", "15/12/2025", "Đã hoàn thành"),
    ("2", "Xây dựng cơ sở dữ liệu doanh nghiệp khoa học và công nghệ", "Phòng Quản lý công nghệ", "31/12/2025",
     "Đang triển khai"),
    ("3", "Cập nhật dữ liệu đề tài khoa học vào hệ thống thông tin quốc gia", "Phòng Quản lý khoa học", "20/12/2025",
     ""),
    ("III", "Việc đã giao tháng trước (theo dõi riêng)"),
    ("1", "Tổng kết hội nghị chuyển đổi số cấp tỉnh năm 2025", "Văn phòng Sở", "30/09/2025", "Đã hoàn thành"),
]  # fmt: skip
OCTOBER = [
    ("I", "Hạ tầng số"),
    ("1", "Triển khai mạng nội bộ an toàn cho các phòng chuyên môn", "Trung tâm Chuyển đổi số", "31/01/2026",
     "Đang triển khai"),
    ("II", "Dữ liệu số"),
    ("1", "Chuẩn hóa danh mục dữ liệu dùng chung của Sở", "Văn phòng Sở", "15/01/2026", "Chưa thực hiện"),
    ("2", "Kết nối cơ sở dữ liệu sở hữu trí tuệ với cổng dữ liệu tỉnh", "Phòng Quản lý khoa học", "28/02/2026",
     "Đang triển khai"),
]  # fmt: skip
# What an admin maps on September's report: the five columns, Roman-numbered groups, section III skipped.
MAPPING = Mapping(
    tables=(
        TableMapping(
            index=0,
            signature=SIGNATURE,
            header_rows=1,
            columns=((0, "stt"), (1, "content"), (2, "lead"), (3, "deadline"), (4, "result")),
            group_rules=("numbering",),
            skip_groups=("iii. viec da giao thang truoc (theo doi rieng)",),
        ),
    )
)


def write_report(path: Path, month: int, rows: list[tuple[str, ...]], number: int | None = None) -> Path:
    """The department's report on `month` of 2025 as .docx: letterhead, title, the task table, "Nơi nhận"."""
    document = docx.Document()
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {number or 40 + month}/BC-SKHCN",
        f"Ninh Bình, ngày 05 tháng {month + 1} năm 2025",
        "BÁO CÁO",
        f"Tình hình thực hiện các công việc chuyển đổi số tháng {month} năm 2025",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(HEADERS))
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 2:  # a group row: its number, then its title merged across the table
            cells[0].text = row[0]
            cells[1].merge(cells[-1]).text = row[1]
            continue
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph("Nơi nhận: - Như trên; - Lưu: VT.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
