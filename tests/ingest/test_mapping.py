"""A hand-made mapping reads what no rule reads: columns by role, group rows by rule, skipped groups, prose by unit."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.mapped_reading import apply_mapping, group_rows
from dondoc.ingest.mapping import (
    BlockMapping,
    Mapping,
    MappingError,
    TableMapping,
    block_signature,
    table_signature,
)
from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.readers import read_document
from dondoc.ingest.readers.text import read_text
from dondoc.ingest.report_reader import read_report
from tests.ingest.layout_reports import MAPPING, SEPTEMBER, SIGNATURE, write_report


@pytest.fixture(scope="module")
def september(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(tmp_path_factory.mktemp("mapping") / "bao-cao-thang-9.docx", 9, SEPTEMBER)


def test_the_general_reader_finds_no_task_in_the_report(september: Path, registry: UnitRegistry) -> None:
    with pytest.raises(UnreadableReport, match="no task table"):
        read_report(september, registry)


def test_the_mapping_reads_each_task_row_with_its_cells_and_section(september: Path) -> None:
    document = read_document(september)
    assert table_signature(document.tables[0], 1) == SIGNATURE
    tasks = apply_mapping(document, MAPPING)
    assert [(t.section, t.stt, t.line) for t in tasks] == [
        ("I. Hạ tầng số", "1", 11),
        ("I. Hạ tầng số", "2", 12),
        ("II. Dữ liệu số", "1", 14),
        ("II. Dữ liệu số", "2", 15),
        ("II. Dữ liệu số", "3", 16),
    ]  # section III ("theo dõi riêng") is skipped; lines count paragraphs and rows as the .docx reader does
    first = tasks[0]
    assert first.content == "Nâng cấp đường truyền số liệu chuyên dùng cho các xã"
    assert (first.lead_text, first.deadline_text, first.result_text) == (
        "Trung tâm Chuyển đổi số",
        "30/11/2025",
        "Đang triển khai",
    )
    assert tasks[4].result_text is None


def test_without_a_group_rule_the_group_rows_are_tasks_and_nothing_is_skipped(september: Path) -> None:
    document = read_document(september)
    plain = replace(MAPPING.tables[0], group_rules=(), skip_groups=())
    tasks = apply_mapping(document, Mapping((plain,)))
    assert [t.stt for t in tasks] == ["I", "1", "2", "II", "1", "2", "3", "III", "1"]
    assert group_rows(document.tables[0], MAPPING.tables[0]) == [
        "I. Hạ tầng số",
        "II. Dữ liệu số",
        "III. Việc đã giao tháng trước (theo dõi riêng)",
    ]


PIPE_TABLE = """KẾ HOẠCH
| TT | Việc | Người lo | Xong trước |
|---|---|---|---|
| A | Nhóm việc chung | | |
| 1 | Rà soát quy chế làm việc | Văn phòng | 30/6/2026 |
| | của cơ quan năm 2026 | | |
| 2 | Lập danh mục dữ liệu mở | | 31/7/2026 |
| | B. Nhóm việc riêng | | |
| 1 | Mua sắm thiết bị | Phòng Tài vụ | 31/8/2026 |
"""


def _pipe_tasks(rules: tuple[str, ...]) -> list[str]:
    document = read_text("ke-hoach.md", PIPE_TABLE, "markdown")
    table = TableMapping(
        0,
        table_signature(document.tables[0], 1),
        1,
        ((0, "stt"), (1, "content"), (2, "lead"), (3, "deadline")),
        rules,
        unit="Phòng Kế hoạch",
    )
    return [f"{t.section} / {t.line} / {t.content} / {t.lead_text}" for t in apply_mapping(document, Mapping((table,)))]


def test_numbered_groups_continued_rows_and_a_unit_for_rows_without_one() -> None:
    tasks = _pipe_tasks(("numbering",))
    assert tasks == [
        "A. Nhóm việc chung / 5 / Rà soát quy chế làm việc của cơ quan năm 2026 / Văn phòng",
        "A. Nhóm việc chung / 7 / Lập danh mục dữ liệu mở B. Nhóm việc riêng / Phòng Kế hoạch",
        "A. Nhóm việc chung / 9 / Mua sắm thiết bị / Phòng Tài vụ",
    ]  # without the single-cell rule, a row with text in the task column only continues the task above


def test_single_cell_rows_are_groups_continuation_rows_included() -> None:
    tasks = _pipe_tasks(("numbering", "single_cell"))
    assert tasks == [
        "A. Nhóm việc chung / 5 / Rà soát quy chế làm việc / Văn phòng",
        "của cơ quan năm 2026 / 7 / Lập danh mục dữ liệu mở / Phòng Kế hoạch",
        "B. Nhóm việc riêng / 9 / Mua sắm thiết bị / Phòng Tài vụ",
    ]  # what the page shows among the groups to skip, so the admin sees a row taken for a group


PROSE = """KẾ HOẠCH
Triển khai các việc trong quý

**Sở Y tế:**
- Kết nối phần mềm khám chữa bệnh với cơ sở dữ liệu dân cư, hoàn thành trước ngày 30/9/2026
- Thí điểm sổ sức khỏe điện tử tại hai bệnh viện tuyến tỉnh
**Sở Tư pháp:**
- Số hóa sổ hộ tịch từ năm 2010 đến nay, hoàn thành trong tháng 12 năm 2026
- Tổng hợp số liệu hộ tịch gửi Bộ (không theo dõi)

Nơi nhận: như trên.
"""


def test_prose_blocks_take_the_unit_given_to_their_heading_until_the_next_heading_or_a_skip() -> None:
    document = read_text("ke-hoach.md", PROSE, "markdown")
    heads = {block.text: index for index, block in enumerate(document.blocks)}
    skipped = next(i for i, b in enumerate(document.blocks) if b.text.startswith("- Tổng hợp"))
    mapping = Mapping(
        blocks=(
            BlockMapping(heads["Sở Y tế:"], block_signature(document.blocks[heads["Sở Y tế:"]]), "Sở Y tế"),
            BlockMapping(heads["Sở Tư pháp:"], block_signature(document.blocks[heads["Sở Tư pháp:"]]), "Sở Tư pháp"),
            BlockMapping(skipped, block_signature(document.blocks[skipped]), ""),
        )
    )
    tasks = apply_mapping(document, mapping)
    assert [(t.lead_text, t.line, t.deadline_text) for t in tasks] == [
        ("Sở Y tế", 5, "hoàn thành trước ngày 30/9/2026"),
        ("Sở Y tế", 6, None),
        ("Sở Tư pháp", 8, "hoàn thành trong tháng 12 năm 2026"),
    ]
    assert tasks[2].content == "Số hóa sổ hộ tịch từ năm 2010 đến nay, hoàn thành trong tháng 12 năm 2026"


def test_a_table_is_found_by_its_header_words_when_it_moved(september: Path, tmp_path: Path) -> None:
    moved = read_text("ban-sao.md", "| Bảng | phụ |\n|---|---|\n| a | b |\n\n" + _as_pipes(september), "markdown")
    tasks = apply_mapping(moved, MAPPING)  # the mapping says table 0; the table is now the second one
    assert [t.content for t in tasks][:1] == ["Nâng cấp đường truyền số liệu chuyên dùng cho các xã"]


def _as_pipes(path: Path) -> str:
    table = read_document(path).tables[0]
    return (
        "\n".join("| " + " | ".join(row.cells) + " |" for row in table.rows[:1])
        + "\n|---|---|---|---|---|\n"
        + ("\n".join("| " + " | ".join(row.cells) + " |" for row in table.rows[1:]))
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"columns": ((0, "stt"), (1, "content"), (7, "lead"))}, "column"),
        ({"columns": ((0, "stt"), (2, "lead"))}, "content"),
        ({"columns": ((1, "content"), (2, "lead"), (3, "lead"))}, "role"),
        ({"columns": ((1, "content"), (2, "chief"))}, "role"),
        ({"signature": "4: stt | noi dung | don vi | thoi han"}, "table"),
        ({"header_rows": -1}, "header"),
        ({"header_rows": 40}, "table"),
        ({"group_rules": ("bold",)}, "rule"),
    ],
)
def test_a_mapping_that_does_not_fit_is_refused_with_what_and_where(september: Path, change, problem: str) -> None:
    bad = Mapping((replace(MAPPING.tables[0], **change),))
    with pytest.raises(MappingError) as refused:
        apply_mapping(read_document(september), bad)
    assert refused.value.problem == problem
    assert refused.value.table == 0


def test_an_empty_mapping_and_a_missing_block_are_refused(september: Path) -> None:
    document = read_document(september)
    with pytest.raises(MappingError) as empty:
        apply_mapping(document, Mapping())
    assert empty.value.problem == "empty"
    with pytest.raises(MappingError) as missing:
        apply_mapping(document, Mapping(blocks=(BlockMapping(3, "bo y te:", "Sở Y tế"),)))
    assert (missing.value.problem, missing.value.value) == ("block", 3)


def test_a_mapping_survives_its_json_round_trip() -> None:
    prose = BlockMapping(4, "so y te:", "Sở Y tế")
    mapping = Mapping(MAPPING.tables, (prose,))
    assert Mapping.from_dict(json.loads(json.dumps(mapping.as_dict()))) == mapping
